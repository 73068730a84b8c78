"""Sending the articles to the workers (:func:`execute`): chunks submitted to the
executor, their results collected, and recovery when a worker dies or runs late.

At most two chunks per worker are in flight. When a worker dies or a chunk runs
over its time limit, the workers are replaced and the articles they held are
tried one at a time (:func:`_retry_alone`), so that only the one at fault fails
(E216 or E217). What is read of the run is :class:`_Dispatching`
(:class:`pipeline.batch.run._Run`).
"""

from __future__ import annotations

import concurrent.futures
import logging
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..errors import PipelineError
from .executors import _Inline
from .worker import _Done, _failure_line, _Task, analyse_chunk

__all__ = ["execute"]

log = logging.getLogger(__name__)

#: Seconds a worker is given beyond an article's time limit (``[batch] timeout``)
#: before it is killed from outside: the worker stops a slow article itself
#: (E216) unless it is stuck in a long call that never returns to Python.
_KILL_GRACE = 5.0


class _Dispatching(Protocol):
    """What :func:`execute` reads and calls of a run (:class:`pipeline.batch.run._Run`)."""

    settings: Settings
    out_dir: Path
    progress: Callable[[int, int], None] | None
    total: int
    files_scanned: int
    jobs: int
    executor: Any
    waited: float

    def tasks(self, inputs: list[Path]) -> Iterator[_Task]: ...

    def start_executor(self) -> None: ...

    def _complete(self, done: _Done) -> None: ...

    def _flush_marks(self) -> None: ...


def _collect(run: _Dispatching, fut: Any, chunk: list[_Task]) -> bool:
    """Record a finished chunk; False when its worker died (the chunk is to be retried)."""
    try:
        results = fut.result()
    except concurrent.futures.BrokenExecutor:
        return False
    except Exception as exc:  # noqa: BLE001 - its articles failed
        results = [
            _Done(t.seq, t.file, t.article.id, t.article.source, t.article.sha256, "failed", _failure_line(exc, t.article.source))
            for t in chunk
        ]
    for done in results:
        run._complete(done)
    return True


def _fail_task(run: _Dispatching, task: _Task, reason: str) -> None:
    a = task.article
    run._complete(_Done(task.seq, task.file, a.id, a.source, a.sha256, "failed", reason))


def _retry_alone(run: _Dispatching, tasks: list[_Task], out: str | None) -> None:
    """Analyse each task alone, one at a time, in fresh workers (after a worker died or
    a chunk ran over its time limit): only the article at fault fails (E216 or E217)."""
    limit = run.settings.batch.timeout
    for task in sorted(tasks, key=lambda t: t.seq):
        t0 = time.monotonic()
        try:
            fut = run.executor.submit(analyse_chunk, [task], run.settings, out)
        except concurrent.futures.BrokenExecutor:
            run.executor.restart()
            fut = run.executor.submit(analyse_chunk, [task], run.settings, out)
        done, _ = run.executor.wait({fut}, timeout=limit + _KILL_GRACE if limit > 0 else None)
        if not done:
            run.executor.restart()
            _fail_task(run, task, PipelineError("E216", task.article.source, limit=limit).line())
        elif not _collect(run, fut, [task]):
            run.executor.restart()
            if limit > 0 and time.monotonic() - t0 >= limit:
                _fail_task(run, task, PipelineError("E216", task.article.source, limit=limit).line())
            else:
                detail = "it crashed or ran out of memory"
                _fail_task(run, task, PipelineError("E217", task.article.source, detail=detail).line())


def execute(run: _Dispatching, inputs: list[Path]) -> None:
    batch_size = max(1, run.settings.batch.batch_size)
    limit = run.settings.batch.timeout

    def chunk_size() -> int:
        # full batches, but smaller ones near the end so that no worker idles
        # while another finishes a long last chunk
        if run.jobs <= 1:
            return batch_size
        left = run.total - run.files_scanned
        return max(1, min(batch_size, math.ceil(left / (2 * run.jobs))))

    max_pending = 2 * run.jobs
    pending: dict[Any, list[_Task]] = {}  # in submission order: the first `jobs` are running
    started: dict[Any, float] = {}

    def out_dir() -> str | None:
        return str(run.out_dir) if run.executor.writes_outputs else None

    def overdue() -> Any | None:
        """The running chunk that is over its time limit (only process workers can be stopped)."""
        if limit <= 0 or not run.executor.can_stop or not run.executor.ready():
            return None
        now = time.monotonic()
        for fut in list(pending)[: run.jobs]:
            since = started.setdefault(fut, now)
            if now - since > limit * len(pending[fut]) + _KILL_GRACE:
                return fut
        return None

    def recover(late: Any | None, lost: list[_Task]) -> None:
        """Workers died (``lost`` holds the chunks they had) or chunk ``late`` is over time:
        replace the workers; the late or lost articles are tried alone, the others resubmitted."""
        again: list[list[_Task]] = []
        for fut in list(pending):
            chunk = pending.pop(fut)
            started.pop(fut, None)
            if fut is late or late is None:
                lost.extend(chunk)
            else:
                again.append(chunk)
        log.warning("worker processes replaced (%s); %d articles tried alone", "time limit" if late else "a worker stopped", len(lost))
        run.executor.restart()
        _retry_alone(run, lost, out_dir())
        for chunk in again:
            pending[run.executor.submit(analyse_chunk, chunk, run.settings, out_dir())] = chunk

    def drain(n: int) -> None:
        while len(pending) > n:
            overdue()  # start the clocks of the running chunks
            poll = 1.0 if limit > 0 and run.executor.can_stop else None
            t0 = time.perf_counter()
            done, _ = run.executor.wait(set(pending), timeout=poll)
            run.waited += time.perf_counter() - t0
            lost: list[_Task] = []
            for fut in [f for f in pending if f in done]:
                chunk = pending.pop(fut)
                started.pop(fut, None)
                if not _collect(run, fut, chunk):
                    lost.extend(chunk)
            late = overdue()
            if lost or late is not None:
                recover(late if not lost else None, lost)

    def submit(chunk: list[_Task]) -> None:
        run.start_executor()
        drain(max_pending - 1)
        try:
            pending[run.executor.submit(analyse_chunk, chunk, run.settings, out_dir())] = chunk
        except concurrent.futures.BrokenExecutor:
            # a worker died between two chunks: replace the workers and go on
            recover(None, [])
            pending[run.executor.submit(analyse_chunk, chunk, run.settings, out_dir())] = chunk
        if isinstance(run.executor, _Inline):
            drain(0)  # record it now: a killed run then redoes nothing that was finished

    if run.progress is not None:
        run.progress(0, run.total)
    ok = False
    try:
        chunk: list[_Task] = []
        for task in run.tasks(inputs):
            chunk.append(task)
            if len(chunk) >= chunk_size():
                submit(chunk)
                chunk = []
        if chunk:
            submit(chunk)
        drain(0)
        ok = True
    finally:
        run._flush_marks()
        if run.executor is not None:
            run.executor.close(cancel=not ok)
        log.debug("%d files with %d jobs; waited %.1fs for workers", run.total, run.jobs, run.waited)
