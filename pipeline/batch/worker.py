"""The worker side of a batch run: :func:`analyse_chunk` (a chunk of cleaned articles
through ``nlp.pipe`` and every later stage, outputs written or returned),
:func:`worker_init` (a worker ends with its parent) and :func:`warm_up` (run once by
each new worker process). The executors that run them are in
:mod:`pipeline.batch.executors`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import PipelineError
from ..io.output import write_outputs
from ..models import Article

if TYPE_CHECKING:  # pragma: no cover
    from ..models import Analysis

__all__ = ["WORKER_MAX_TASKS", "analyse_chunk", "warm_up", "worker_init"]

log = logging.getLogger(__name__)

#: Chunks a worker process handles before it is replaced by a fresh one. spaCy's
#: string store only grows (every new word, number, name), so on archives of
#: millions of articles a long-lived worker would creep up in memory; a restart
#: costs one model load (~1% of 250 chunks of 8 articles).
WORKER_MAX_TASKS = 250


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


class _ArticleTimeout(BaseException):
    """Raised in the worker's main thread when an article runs over the time limit.

    A BaseException, so that no ``except Exception`` in a stage swallows it."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_ArticleTimeout` in this thread after ``seconds`` (0: no limit).

    Uses ``SIGALRM``, so it works in the main thread of a POSIX process (each
    worker process, or this process with one job) and is a no-op elsewhere
    (Dask worker threads). It interrupts Python code and spaCy's tokenizer; a
    long call that never returns to Python is stopped by the parent instead
    (:func:`pipeline.batch.dispatch.execute` replaces the worker)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def analyse_chunk(tasks: list[_Task], settings: Settings, out_dir: str | None) -> list[_Done]:
    """Parse a chunk of articles with ``nlp.pipe`` and run every later stage.

    With ``out_dir`` the outputs are written there (by a writer thread; this
    returns only once every output of the chunk is in place) and the analyses
    dropped; without it (Dask) the analyses are returned for the caller to
    write. Never raises for a bad article: it comes back with status ``failed``.
    """
    from ..chain import pipeline_for
    from ..parse import parse_text, parse_texts

    pipeline = pipeline_for(settings)
    nlp = pipeline.resources.nlp
    limit = settings.batch.timeout
    docs: list[Any] | None
    out: list[_Done] = []
    try:
        with _time_limit(limit * len(tasks)):
            docs = list(parse_texts((t.article.text for t in tasks), nlp, batch_size=max(1, settings.batch.batch_size)))
    except _ArticleTimeout:
        if len(tasks) == 1:  # the one article used up its time: do not parse it again
            a = tasks[0].article
            return [
                _Done(tasks[0].seq, tasks[0].file, a.id, a.source, a.sha256, "failed", PipelineError("E216", a.source, limit=limit).line())
            ]
        docs = None  # one document at a time, each with its own limit
    except Exception:  # noqa: BLE001 - fall back to one document at a time
        docs = None
    writes: list[tuple[int, concurrent.futures.Future[Any]]] = []
    for i, task in enumerate(tasks):
        a = task.article
        try:
            with _time_limit(limit), warnings.catch_warnings(record=True) as caught:
                # library code never prints: a stage's warnings (numpy's on degenerate
                # input) go to the log, as they would from a worker process's stderr
                warnings.simplefilter("always")
                doc = docs[i] if docs is not None else parse_text(a.text, nlp)
                analysis = pipeline.analyse_parsed(a, doc, reviews=task.reviews)
            for w in caught:
                log.debug("%s: %s: %s", a.source, w.category.__name__, w.message)
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
        except _ArticleTimeout:
            if docs is not None:
                docs[i] = None
            out.append(_Done(task.seq, task.file, a.id, a.source, a.sha256, "failed", PipelineError("E216", a.source, limit=limit).line()))
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


def _die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does (even when it is killed).

    On Linux the kernel sends SIGKILL on the parent's death (``prctl
    PR_SET_PDEATHSIG``); elsewhere, and as a second line, a daemon thread
    checks every second whether the parent is still there."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        import time

        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="pipeline-parent-watch", daemon=True).start()


def worker_init(settings: Settings, parent: int) -> None:
    """A new worker process: tie its life to ``parent``, :func:`warm_up`, then freeze what that
    loaded (~140,000 objects) so that the garbage collector's full passes no longer walk it."""
    _die_with_parent(parent)
    warm_up(settings)
    gc.freeze()


def warm_up(settings: Settings) -> None:
    """Load the model and fill every per-process cache (run when a worker process starts).

    The first article a process analyses otherwise pays for loading the model,
    building the flag matchers (lemmatising the lexicons), importing sumy and
    dateparser's lazy set-up, about 4 s of CPU; done at start-up, that work
    overlaps with the parent still reading the first inputs. Never raises: a
    problem shows up again, with its message, on the first real chunk.
    """
    try:
        from ..chain import pipeline_for
        from ..parse import parse_text

        pipeline = pipeline_for(settings)
        article = Article(id="warm-up", source="warm-up", sha256="", text=_WARM_UP_TEXT)
        pipeline.analyse_parsed(article, parse_text(article.text, pipeline.resources.nlp))
    except Exception as exc:  # noqa: BLE001 - only a head start; analyse_chunk reports real errors
        log.debug("worker warm-up failed: %s", exc)
