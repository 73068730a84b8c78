"""The run: every input read, decided, analysed and recorded (:func:`run_batch`).

This process reads and cleans each input in order (so article ids are
assigned as in a sequential run), skips what the index says is up to date,
sends the rest in chunks to an executor (:mod:`pipeline.batch.executors`, by
:func:`pipeline.batch.dispatch.execute`) and records each result in the index
as it comes back. An input file enters the index's ``files`` table only once
all of its articles are finished.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from ..io.output import write_outputs
from ..results import BatchItem, BatchReport
from ..review import load_reviews
from ..version import __version__
from .dispatch import execute
from .executors import executor_for
from .history import UP_TO_DATE, keep_history, remove_stale_temp_files
from .index import INDEX_NAME, ArticleRow, Index
from .jobs import choose_jobs
from .lock import DEFAULT_LOCK_TIMEOUT, OutputLock
from .state import _FileState, _UsedIds
from .worker import _Done, _failure_line, _Task

__all__ = ["Progress", "run_batch"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


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
        self.jobs = 1
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

    def _fail_unread(self, source: str, *reasons: str) -> None:
        """Record problems that stopped ``source`` being read: one item each, and every
        one of them (a line each) in the index, so that ``status`` shows them all."""
        reason = "\n".join(reasons)
        rows = [r for r in self.index.by_source(source) if r.id is not None]
        for r in rows:  # the file's articles are not up to date any more
            self.index.put(ArticleRow(r.id, source, r.sha256, r.settings_hash, r.pipeline_version, "failed", reason), commit=False)
        if not rows:
            self.index.put(ArticleRow(None, source, None, None, None, "failed", reason), commit=False)
        self.index.commit()
        for line in reasons:
            self._record(self._next_seq(), BatchItem(source, "failed", reason=line))

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
            and row.status in UP_TO_DATE
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

    def tasks(self, inputs: list[Path]) -> Iterator[_Task]:
        """Read, decide and clean each input; yield the articles to analyse."""
        from ..io import read_path
        from ..io.read import read_regular_file
        from ..normalise import normalise

        for path in inputs:
            self.files_scanned += 1
            fkey = os.path.realpath(path)
            try:
                sha256 = hashlib.sha256(read_regular_file(path)).hexdigest()
            except PipelineError:  # read_path below says why
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
            by_source: dict[str, list[str]] = {}
            for err in errors:
                state.failed = True
                by_source.setdefault(err.path or str(path), []).append(err.line() if err.path else f"{path}: {err.line()}")
            for source, lines in by_source.items():
                self._fail_unread(source, *lines)
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
                    article = normalise(raw, settings=self.settings.ingest, used_ids=_UsedIds(self, raw.source))
                except Exception as exc:  # noqa: BLE001
                    state.failed = True
                    self._fail_unread(raw.source, _failure_line(exc, raw.source))
                    continue
                self.assigned[article.id] = article.source
                keep_history(self.index, self.out_dir, article)
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
            self.executor = executor_for(self.settings, self.jobs)

    # -- results

    def _complete(self, done: _Done) -> None:
        outputs, status, reason = done.outputs, done.status, done.reason
        if status == "ok" and done.analysis is not None:
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

    Raises :class:`PipelineError`: E008/E009/E401-E404 for a bad alias file or
    lexicon entry (before any article), E111 for a missing input path, E203 when
    another run holds the directory for longer than ``lock_timeout`` seconds,
    E202 when the directory cannot be created or written, E218 when the index
    cannot be updated (a full disk), E701/E702 for Dask problems, E001/E002
    when the model is not installed. A worker process that dies or an article
    over ``settings.batch.timeout`` costs only that article (E217, E216).

    With more than one job, workers are started with the ``spawn`` method, so a
    script that calls this must guard its entry point with
    ``if __name__ == "__main__":`` (as for any ``multiprocessing`` use).
    """
    from ..chain import check_settings
    from ..io import iter_input_paths

    check_settings(settings)  # a bad alias file or lexicon entry stops the run here, not at every article
    started = time.perf_counter()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError("E202", str(out), detail=exc.strerror or str(exc)) from None
    problems: list[PipelineError] = []
    inputs = list(iter_input_paths(paths, follow_symlinks=settings.ingest.follow_symlinks, exclude=[out], errors=problems))
    from ..chain import result_key

    key = result_key(settings)
    try:
        with OutputLock(out, lock_timeout), Index.open(out) as index:
            remove_stale_temp_files(out)
            run = _Run(index, out, settings, key=key, force=force, on_item=on_item, progress=progress, total=len(inputs))
            run.jobs = choose_jobs(settings.batch, inputs)
            for problem in problems:
                run._fail_unread(problem.path or "", problem.line())
            run_id = index.start_run(settings_hash=key, version=__version__)
            status = "interrupted"
            try:
                execute(run, inputs)
                status = "done"
            finally:
                index.finish_run(
                    run_id, processed=run.counts["ok"], skipped=run.counts["skipped"], failed=run.counts["failed"], status=status
                )
    except sqlite3.Error as exc:
        raise PipelineError("E218", str(out), index=INDEX_NAME, detail=str(exc)) from None
    except OSError as exc:
        raise PipelineError("E202", str(out), detail=exc.strerror or str(exc)) from None
    return run.report(time.perf_counter() - started)
