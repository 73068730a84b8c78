"""Batch runs: every article under the given paths into an output directory.

:func:`run_batch` is incremental, resumable, parallel and safe:

- **Incremental.** An article is skipped when its outputs exist and the index
  (:mod:`pipeline.index`) records the same input sha256, settings hash and
  pipeline version. The decision reads one hash of each input file and ``stat``
  calls; no output file is parsed, and spaCy is not even imported when nothing
  needs analysing. ``force=True`` redoes everything. Failed articles are
  always retried.
- **Resumable.** Outputs are written atomically (temporary file, fsync,
  ``os.replace``) and an article enters the index only once both of its
  outputs are in place, so a run killed at any moment (Ctrl-C, SIGKILL) and
  started again redoes exactly the articles that were not finished.
- **Safe.** A run holds an exclusive ``fcntl.flock`` on ``<out_dir>/.pipeline.lock``
  (the file records the holder's pid). A second run on the same directory
  waits up to ``lock_timeout`` seconds (default 10) for it, then gives up
  with error E203 naming that pid. The lock dies with its process, so a
  killed run never leaves a stale lock behind.
- **History.** When an input article changes, its previous ``<id>.json`` and
  ``<id>.md`` are copied to ``<out_dir>/history/<id>/<old-sha256[:16]>.json``
  (and ``.md``) before the new analysis replaces them.
- **Parallel.** Articles are read and cleaned in this process (so article ids
  are assigned in input order, as in a sequential run), then sent in chunks of
  ``settings.batch.batch_size`` to ``settings.batch.jobs`` worker processes
  (default: the number of cores), each of which streams its chunk through
  ``nlp.pipe`` (see :mod:`pipeline.parse`) and writes the outputs. At most two
  chunks per worker are in flight, so memory stays flat however many
  articles there are. With one job no process is started.
- **Dask.** With ``settings.batch.executor == "dask"`` the same chunks run on a
  Dask cluster (``settings.batch.scheduler``, default a local cluster of
  ``jobs`` worker processes). Workers return the analyses and this process
  writes them, so the cluster needs no shared file system. Needs the optional
  extra: ``pip install '.[dask]'``.

Every input's fate is a :class:`BatchItem`; a bad article never stops the batch.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import hashlib
import importlib.util
import json
import logging
import math
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Settings, settings_hash
from .errors import PipelineError
from .index import ArticleRow, Index
from .io.files import atomic_write_bytes
from .models import Article, BatchItem, BatchReport
from .review import load_reviews

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from .config import FlagSettings
    from .flags import FlagModel
    from .models import Analysis

__all__ = [
    "LOCK_NAME",
    "HISTORY_DIR",
    "DEFAULT_LOCK_TIMEOUT",
    "OutputLock",
    "run_batch",
    "batch_status",
    "analyse_chunk",
    "result_settings_hash",
]

log = logging.getLogger(__name__)

LOCK_NAME = ".pipeline.lock"
HISTORY_DIR = "history"
DEFAULT_LOCK_TIMEOUT = 10.0

#: Chunks a worker process handles before it is replaced by a fresh one. spaCy's
#: string store only grows (every new word, number, name), so on archives of
#: millions of articles a long-lived worker would creep up in memory; a restart
#: costs one model load (~1% of 250 chunks of 8 articles).
WORKER_MAX_TASKS = 250

#: Index statuses whose outputs are valid.
_UP_TO_DATE = ("ok", "skipped")

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------
# lock


class OutputLock:
    """An exclusive lock on an output directory (``fcntl.flock`` on ``.pipeline.lock``).

    Waits up to ``timeout`` seconds for another holder, then raises
    :class:`PipelineError` E203 with the holder's pid.
    """

    def __init__(self, out_dir: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.out_dir = out_dir
        self.path = out_dir / LOCK_NAME
        self.timeout = timeout
        self._fh: Any = None

    def acquire(self) -> None:
        try:
            fh = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise PipelineError("E202", str(self.path), detail=exc.strerror or str(exc)) from None
        deadline = time.monotonic() + max(self.timeout, 0.0)
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    pid = fh.read().strip() or "unknown"
                    fh.close()
                    raise PipelineError("E203", str(self.out_dir), pid=pid, lock=str(self.path)) from None
                time.sleep(0.1)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


# --------------------------------------------------------------------------
# settings hash without loading spaCy


def _model_meta_path(name: str) -> Path | None:
    if "/" in name or name.startswith("."):
        return Path(name) / "meta.json"
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "meta.json"


def result_settings_hash(settings: Settings) -> str:
    """The ``pipeline.settings_hash`` an analysis with ``settings`` will carry.

    Reads the model's ``meta.json`` (no spaCy import); falls back to loading
    the model. Raises :class:`PipelineError` when the model is not installed.
    """
    from .nlp import resolve_model_name

    resolved = resolve_model_name(settings.model)
    meta = _model_meta_path(resolved)
    name = None
    if meta is not None and meta.is_file():
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            name = f"{data.get('lang', 'xx')}_{data.get('name', 'unknown')}"
        except (OSError, ValueError):
            name = None
    if name is None:
        from .nlp import load_model, model_info

        name = model_info(load_model(settings.model))[0]
    return settings_hash(settings, model=name)


# --------------------------------------------------------------------------
# work done in a worker (or in this process with one job)


@dataclass(frozen=True, slots=True)
class _Task:
    seq: int
    file: str
    article: Article
    #: A reviewer's decisions on this article's flags (see :mod:`pipeline.review`).
    reviews: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Done:
    seq: int
    file: str
    id: str
    source: str
    sha256: str
    status: str
    reason: str | None = None
    outputs: tuple[str, ...] = ()
    words: int = 0
    settings_hash: str | None = None
    version: str | None = None
    analysis: Analysis | None = None


def _failure_line(exc: BaseException, source: str) -> str:
    if isinstance(exc, PipelineError):
        return exc.line() if exc.path else f"{source}: {exc.line()}"
    return PipelineError("E201", source, detail=f"{type(exc).__name__}: {exc}").line()


_WRITER: concurrent.futures.ThreadPoolExecutor | None = None


def _writer() -> concurrent.futures.ThreadPoolExecutor:
    """One thread per process that writes outputs (fsync waits overlap the next analysis)."""
    global _WRITER
    if _WRITER is None:
        _WRITER = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pipeline-writer")
    return _WRITER


#: This process's flag model, with the flag settings and the pipeline it was built for.
_FLAGGER: tuple[FlagSettings, Language, FlagModel] | None = None


def _flagger(settings: Settings, nlp: Language) -> FlagModel:
    """This process's flag model for ``settings.flags`` on ``nlp``: loaded by the first
    call (:func:`warm_up` in a worker) and reused by every chunk; loaded again only for
    other flag settings (compared by value) or another pipeline."""
    global _FLAGGER
    if _FLAGGER is None or _FLAGGER[0] != settings.flags or _FLAGGER[1] is not nlp:
        from .flags import load_flagger

        _FLAGGER = (settings.flags, nlp, load_flagger(settings.flags, nlp))
    return _FLAGGER[2]


def analyse_chunk(tasks: list[_Task], settings: Settings, out_dir: str | None) -> list[_Done]:
    """Parse a chunk of articles with ``nlp.pipe`` and run every later stage.

    With ``out_dir`` the outputs are written there (by a writer thread; this
    returns only once every output of the chunk is in place) and the analyses
    dropped; without it (Dask) the analyses are returned for the caller to
    write. Never raises for a bad article: it comes back with status ``failed``.
    """
    from .api import analyse_parsed, write_outputs
    from .nlp import load_model
    from .parse import parse_text, parse_texts

    nlp = load_model(settings.model)
    flagger = _flagger(settings, nlp)
    docs: list[Any] | None
    try:
        docs = list(parse_texts((t.article.text for t in tasks), nlp, batch_size=max(1, settings.batch.batch_size)))
    except Exception:  # noqa: BLE001 - fall back to one document at a time
        docs = None
    out: list[_Done] = []
    writes: list[tuple[int, concurrent.futures.Future[Any]]] = []
    for i, task in enumerate(tasks):
        a = task.article
        try:
            doc = docs[i] if docs is not None else parse_text(a.text, nlp)
            analysis = analyse_parsed(a, doc, settings=settings, nlp=nlp, flagger=flagger, reviews=task.reviews)
            if docs is not None:
                docs[i] = None  # let the Doc go
            if out_dir is not None:
                writes.append((len(out), _writer().submit(write_outputs, analysis, out_dir)))
            out.append(
                _Done(
                    task.seq,
                    task.file,
                    a.id,
                    a.source,
                    a.sha256,
                    "ok",
                    None,
                    (),
                    a.word_count,
                    analysis.pipeline.settings_hash,
                    analysis.pipeline.version,
                    None if out_dir is not None else analysis,
                )
            )
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the batch
            out.append(_Done(task.seq, task.file, a.id, a.source, a.sha256, "failed", _failure_line(exc, a.source)))
    for k, fut in writes:
        d = out[k]
        try:
            paths = fut.result()
            out[k] = _Done(
                d.seq, d.file, d.id, d.source, d.sha256, "ok", None, tuple(p.name for p in paths), d.words, d.settings_hash, d.version
            )
        except Exception as exc:  # noqa: BLE001
            reason = PipelineError("E202", d.source, detail=f"{type(exc).__name__}: {exc}").line()
            out[k] = _Done(d.seq, d.file, d.id, d.source, d.sha256, "failed", reason)
    return out


#: Analysed once by each new worker process (see :func:`warm_up`): a date that
#: only ``dateparser`` reads, a hedge, a quote and a reporting verb.
_WARM_UP_TEXT = (
    'Officials said on Monday 27 that the plan would probably work.\n\n"It is a good plan," the minister told reporters in the capital.'
)


def warm_up(settings: Settings) -> None:
    """Load the model and fill every per-process cache (run when a worker process starts).

    The first article a process analyses otherwise pays for loading the model,
    building the flag matchers (lemmatising the lexicons), importing sumy and
    dateparser's lazy set-up, about 4 s of CPU; done at start-up, that work
    overlaps with the parent still reading the first inputs. Never raises: a
    problem shows up again, with its message, on the first real chunk.
    """
    try:
        from .api import analyse_parsed
        from .nlp import load_model
        from .parse import parse_text

        nlp = load_model(settings.model)
        article = Article(id="warm-up", source="warm-up", sha256="", text=_WARM_UP_TEXT)
        analyse_parsed(article, parse_text(article.text, nlp), settings=settings, nlp=nlp, flagger=_flagger(settings, nlp))
    except Exception as exc:  # noqa: BLE001 - only a head start; analyse_chunk reports real errors
        log.debug("worker warm-up failed: %s", exc)


# --------------------------------------------------------------------------
# executors: submit(fn, *args) -> future; wait(pending) -> (done, not_done)


class _Inline:
    """One job: run each chunk right here, no subprocess."""

    writes_outputs = True

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001
            fut.set_exception(exc)
        return fut

    def wait(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        return set(pending), set()

    def close(self, *, cancel: bool = False) -> None:
        pass


class _Processes:
    """``jobs`` worker processes (spawned: nothing of this process is inherited)."""

    writes_outputs = True

    def __init__(self, jobs: int, settings: Settings) -> None:
        import multiprocessing

        self.pool = concurrent.futures.ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=WORKER_MAX_TASKS,
            initializer=warm_up,
            initargs=(settings,),
        )
        # The pool starts a process per submit while none is idle: start them all now,
        # so that every worker loads the model while this process reads the inputs.
        for _ in range(jobs):
            self.pool.submit(int)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.pool.submit(fn, *args)

    def wait(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        done, not_done = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
        return set(done), set(not_done)

    def close(self, *, cancel: bool = False) -> None:
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


class _Dask:
    """A Dask cluster: ``scheduler`` address, or a local cluster of ``jobs`` processes."""

    writes_outputs = False

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise PipelineError("E701", None, detail=str(exc)) from None
        self._distributed = distributed
        self.cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout="20s")
            else:
                self.cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
                self.client = distributed.Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise PipelineError("E702", None, address=scheduler or "local cluster", detail=str(exc)) from None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        result = self._distributed.wait(list(pending), return_when="FIRST_COMPLETED")
        return set(result.done), set(result.not_done)

    def close(self, *, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _executor(settings: Settings, jobs: int) -> Any:
    if settings.batch.executor == "dask":
        return _Dask(jobs, settings.batch.scheduler)
    if jobs <= 1:
        return _Inline()
    return _Processes(jobs, settings)


# --------------------------------------------------------------------------
# the run


class _UsedIds(set):  # type: ignore[type-arg]
    """The article ids ``normalise`` must not give to ``source``.

    An id is taken when this run already gave it out, or when the index holds
    it for another source; a source gets its own earlier id back, so ids are
    stable from run to run. Queries the index, so memory does not grow with it.
    """

    def __init__(self, run: _Run, source: str) -> None:
        super().__init__()
        self._run = run
        self._source = source

    def __contains__(self, aid: object) -> bool:
        if not isinstance(aid, str):
            return False
        if aid in self._run.assigned:
            return True
        owner = self._run.index.owner(aid)
        return owner is not None and owner != self._source

    def add(self, aid: Any) -> None:
        self._run.assigned[aid] = self._source


@dataclass
class _FileState:
    sha256: str
    ids: list[str] = field(default_factory=list)
    remaining: int = 0
    failed: bool = False
    scanned: bool = False


class _Run:
    def __init__(
        self,
        index: Index,
        out_dir: Path,
        settings: Settings,
        *,
        key: str,
        force: bool,
        on_item: Callable[[BatchItem], None] | None,
        progress: Progress | None,
        total: int,
    ) -> None:
        self.index = index
        self.out_dir = out_dir
        self.settings = settings
        self.key = key
        self.force = force
        self.on_item = on_item
        self.progress = progress
        self.total = total
        self.files_done = 0
        self.files_scanned = 0
        self.items: list[tuple[int, BatchItem]] = []
        self.counts = {"ok": 0, "skipped": 0, "failed": 0}
        self.assigned: dict[str, str] = {}
        self.files: dict[str, _FileState] = {}
        self.to_mark: list[str] = []
        self.seq = 0
        # never more workers than input files (one file: no subprocess at all)
        self.jobs = max(1, min(settings.batch.jobs or os.cpu_count() or 1, total))
        self.executor: Any = None
        #: seconds this process spent waiting for workers (diagnostics, logged at the end)
        self.waited = 0.0

    # -- recording

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _record(self, seq: int, item: BatchItem) -> None:
        self.items.append((seq, item))
        self.counts[item.status] += 1
        if self.on_item is not None:
            self.on_item(item)

    def _paths(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(str(self.out_dir / n) for n in names)

    def _skip(self, row: ArticleRow) -> None:
        assert row.id is not None
        self.assigned[row.id] = row.source
        self.to_mark.append(row.id)
        if len(self.to_mark) >= 500:
            self._flush_marks()
        self._record(self._next_seq(), BatchItem(row.source, "skipped", id=row.id, outputs=self._paths(row.outputs)))

    def _flush_marks(self) -> None:
        if self.to_mark:
            self.index.mark_skipped(self.to_mark)
            self.index.commit()
            self.to_mark = []

    def _fail_unread(self, source: str, reason: str) -> None:
        rows = [r for r in self.index.by_source(source) if r.id is not None]
        for r in rows:  # the file's articles are not up to date any more
            self.index.put(ArticleRow(r.id, source, r.sha256, r.settings_hash, r.pipeline_version, "failed", reason), commit=False)
        if not rows:
            self.index.put(ArticleRow(None, source, None, None, None, "failed", reason), commit=False)
        self.index.commit()
        self._record(self._next_seq(), BatchItem(source, "failed", reason=reason))

    def _tick(self) -> None:
        self.files_done += 1
        if self.progress is not None:
            self.progress(self.files_done, self.total)

    def _file_finished(self, fkey: str) -> None:
        state = self.files[fkey]
        if not state.scanned or state.remaining:
            return
        del self.files[fkey]
        if not state.failed:
            self.index.put_file(fkey, state.sha256, self.key, __version__, state.ids)
            self.index.commit()
        self._tick()

    # -- decisions

    def _up_to_date(self, row: ArticleRow | None, sha256: str | None = None) -> bool:
        return (
            row is not None
            and row.status in _UP_TO_DATE
            and (sha256 is None or row.sha256 == sha256)
            and row.settings_hash == self.key
            and row.pipeline_version == __version__
            and row.outputs_exist(self.out_dir)
        )

    def _file_skip(self, fkey: str, sha256: str) -> bool:
        entry = self.index.file(fkey)
        if entry is None or entry[0] != sha256 or entry[1] != self.key or entry[2] != __version__:
            return False
        rows = [self.index.get(i) for i in entry[3]]
        if not rows or not all(self._up_to_date(r) for r in rows):
            return False
        for r in rows:
            assert r is not None
            self._skip(r)
        return True

    def _keep_history(self, article: Article) -> None:
        prev = self.index.get(article.id)
        if (
            prev is None
            or prev.source != article.source
            or not prev.sha256
            or prev.sha256 == article.sha256
            or prev.status not in _UP_TO_DATE
            or not prev.outputs_exist(self.out_dir)
        ):
            return
        folder = self.out_dir / HISTORY_DIR / article.id
        for name in prev.outputs:
            src = self.out_dir / name
            dst = folder / f"{prev.sha256[:16]}{src.suffix}"
            if dst.exists():
                continue
            try:
                atomic_write_bytes(dst, src.read_bytes())
                st = src.stat()
                os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
            except OSError as exc:
                log.warning("%s: could not keep the previous version: %s", src, exc)

    def tasks(self, inputs: list[Path]) -> Iterator[_Task]:
        """Read, decide and clean each input; yield the articles to analyse."""
        from .api import prepare
        from .ingest import read_path

        for path in inputs:
            self.files_scanned += 1
            fkey = str(path.resolve())
            try:
                sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                sha256 = ""
            if not self.force and sha256 and self._file_skip(fkey, sha256):
                self._tick()
                continue
            self.index.forget_file(fkey)
            state = self.files[fkey] = _FileState(sha256)
            try:
                raws, errors = read_path(path, format=self.settings.ingest.format)
            except PipelineError as exc:
                raws, errors = [], [exc]
            except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
                raws, errors = [], [PipelineError("E201", str(path), detail=f"{type(exc).__name__}: {exc}")]
            for err in errors:
                state.failed = True
                self._fail_unread(err.path or str(path), err.line() if err.path else f"{path}: {err.line()}")
            for raw in raws:
                if not self.force:
                    match = next((r for r in self.index.by_source(raw.source) if self._up_to_date(r, raw.sha256)), None)
                    if match is not None and match.id not in self.assigned:
                        assert match.id is not None
                        state.ids.append(match.id)
                        self._skip(match)
                        continue
                self.start_executor()  # workers start up while this process reads and cleans
                try:
                    article = prepare(raw, settings=self.settings, used_ids=_UsedIds(self, raw.source))
                except Exception as exc:  # noqa: BLE001
                    state.failed = True
                    self._fail_unread(raw.source, _failure_line(exc, raw.source))
                    continue
                self.assigned[article.id] = article.source
                self._keep_history(article)
                state.ids.append(article.id)
                state.remaining += 1
                try:
                    reviews = load_reviews(self.out_dir, article.id)
                except PipelineError as exc:  # a damaged review file: analyse without it, say so
                    log.warning("%s", exc.line())
                    reviews = {}
                yield _Task(self._next_seq(), fkey, article, reviews)
            state.scanned = True
            self._file_finished(fkey)

    def start_executor(self) -> None:
        """Start the workers (once): called when the first article needs analysing."""
        if self.executor is None:
            self.executor = _executor(self.settings, self.jobs)

    # -- results

    def _complete(self, done: _Done) -> None:
        outputs, status, reason = done.outputs, done.status, done.reason
        if status == "ok" and done.analysis is not None:
            from .api import write_outputs

            try:
                outputs = tuple(p.name for p in write_outputs(done.analysis, self.out_dir))
            except OSError as exc:
                status, reason = "failed", PipelineError("E202", str(self.out_dir), detail=str(exc)).line()
        if status == "ok":
            row = ArticleRow(done.id, done.source, done.sha256, done.settings_hash, done.version, "ok", None, outputs)
            self.index.forget_unread(done.source)
        else:
            row = ArticleRow(done.id, done.source, done.sha256, None, None, "failed", reason)
        self.index.put(row)
        self._record(done.seq, BatchItem(done.source, status, id=done.id, reason=reason, outputs=self._paths(outputs), words=done.words))
        state = self.files.get(done.file)
        if state is not None:
            state.remaining -= 1
            state.failed = state.failed or status != "ok"
            self._file_finished(done.file)

    def _collect(self, fut: Any, chunk: list[_Task]) -> None:
        try:
            results = fut.result()
        except Exception as exc:  # noqa: BLE001 - a worker died; its articles failed
            results = [
                _Done(t.seq, t.file, t.article.id, t.article.source, t.article.sha256, "failed", _failure_line(exc, t.article.source))
                for t in chunk
            ]
        for done in results:
            self._complete(done)

    def execute(self, inputs: list[Path]) -> None:
        batch_size = max(1, self.settings.batch.batch_size)

        def chunk_size() -> int:
            # full batches, but smaller ones near the end so that no worker idles
            # while another finishes a long last chunk
            if self.jobs <= 1:
                return batch_size
            left = self.total - self.files_scanned
            return max(1, min(batch_size, math.ceil(left / (2 * self.jobs))))

        max_pending = 2 * self.jobs
        pending: dict[Any, list[_Task]] = {}

        def drain(limit: int) -> None:
            while len(pending) > limit:
                t0 = time.perf_counter()
                done, _ = self.executor.wait(set(pending))
                self.waited += time.perf_counter() - t0
                for fut in done:
                    self._collect(fut, pending.pop(fut))

        def submit(chunk: list[_Task]) -> None:
            self.start_executor()
            drain(max_pending - 1)
            out = str(self.out_dir) if self.executor.writes_outputs else None
            try:
                pending[self.executor.submit(analyse_chunk, chunk, self.settings, out)] = chunk
            except concurrent.futures.BrokenExecutor as exc:
                # a worker died (killed, out of memory) or could not start: stop here;
                # what was finished is recorded, a new run resumes from there
                raise PipelineError("E703", None, detail=str(exc) or type(exc).__name__) from None
            if isinstance(self.executor, _Inline):
                drain(0)  # record it now: a killed run then redoes nothing that was finished

        if self.progress is not None:
            self.progress(0, self.total)
        ok = False
        try:
            chunk: list[_Task] = []
            for task in self.tasks(inputs):
                chunk.append(task)
                if len(chunk) >= chunk_size():
                    submit(chunk)
                    chunk = []
            if chunk:
                submit(chunk)
            drain(0)
            ok = True
        finally:
            self._flush_marks()
            if self.executor is not None:
                self.executor.close(cancel=not ok)
            log.debug("%d files with %d jobs; waited %.1fs for workers", self.total, self.jobs, self.waited)

    def report(self, seconds: float) -> BatchReport:
        return BatchReport(tuple(item for _, item in sorted(self.items, key=lambda x: x[0])), seconds)


def run_batch(
    paths: list[str | Path],
    out_dir: str | Path,
    settings: Settings,
    *,
    force: bool = False,
    on_item: Callable[[BatchItem], None] | None = None,
    progress: Progress | None = None,
    quiet: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> BatchReport:
    """Analyse every article under ``paths`` into ``out_dir``; never raises for a bad article.

    Each input's fate is a :class:`BatchItem` (``ok``, ``skipped``, or ``failed``
    with its one-line reason); ``on_item`` is called as each one is settled and
    ``progress(files_done, files_total)`` once at the start and then as each
    input file is finished.
    ``quiet`` is accepted for symmetry with the CLI (the library never prints).

    Raises :class:`PipelineError`: E111 for a missing input path, E203 when
    another run holds the directory for longer than ``lock_timeout`` seconds,
    E202 when the directory cannot be created, E701/E702 for Dask problems,
    E703 when worker processes die, E001/E002 when the model is not installed.

    With more than one job, workers are started with the ``spawn`` method, so a
    script that calls this must guard its entry point with
    ``if __name__ == "__main__":`` (as for any ``multiprocessing`` use).
    """
    from .ingest import iter_input_paths

    started = time.perf_counter()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError("E202", str(out), detail=exc.strerror or str(exc)) from None
    inputs = list(iter_input_paths(paths))
    key = result_settings_hash(settings)
    with OutputLock(out, lock_timeout), Index.open(out) as index:
        _remove_stale_temp_files(out)
        run = _Run(index, out, settings, key=key, force=force, on_item=on_item, progress=progress, total=len(inputs))
        run_id = index.start_run(settings_hash=key, version=__version__)
        status = "interrupted"
        try:
            run.execute(inputs)
            status = "done"
        finally:
            index.finish_run(run_id, processed=run.counts["ok"], skipped=run.counts["skipped"], failed=run.counts["failed"], status=status)
    return run.report(time.perf_counter() - started)


def _remove_stale_temp_files(out: Path) -> None:
    """Delete the temporary files of atomic writes that a killed run left behind.

    Called under the directory's lock, so no other run is writing them.
    """
    for pattern in (".*.tmp", f"{HISTORY_DIR}/*/.*.tmp"):
        for tmp in out.glob(pattern):
            try:
                tmp.unlink()
            except OSError as exc:  # pragma: no cover - permissions
                log.warning("%s: cannot remove: %s", tmp, exc)


def batch_status(out_dir: str | Path) -> dict[str, Any]:
    """The index summary of ``out_dir`` (see :meth:`pipeline.index.Index.summary`).

    Raises :class:`PipelineError` E111 when the directory does not exist.
    Rebuilds a missing index from the outputs (under the directory's lock,
    waiting for a run in progress up to the default timeout).
    """
    from .index import INDEX_NAME

    out = Path(out_dir)
    if not out.is_dir():
        raise PipelineError("E111", str(out))
    if (out / INDEX_NAME).exists():
        with Index.open(out) as index:
            summary = index.summary()
    else:
        with OutputLock(out), Index.open(out) as index:
            summary = index.summary()
    last = summary.get("last_run")
    if last and last["status"] == "running" and not _lock_held(out):
        last["status"] = "interrupted"
    return summary


def _lock_held(out: Path) -> bool:
    path = out / LOCK_NAME
    if not path.exists():
        return False
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False
