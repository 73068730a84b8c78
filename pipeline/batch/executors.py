"""Where the articles are analysed: in this process, in worker processes or on Dask.

The worker side (:func:`~pipeline.batch.worker.analyse_chunk`,
:func:`~pipeline.batch.worker.warm_up`) is in :mod:`pipeline.batch.worker`. The executors share one
small interface, ``submit(fn, *args) -> future``, ``wait(pending) -> (done,
not_done)`` and ``close(cancel=...)``; :func:`executor_for` picks one from the
settings:

- ``_Inline``: one job, each chunk runs right here, no subprocess;
- ``_Processes``: ``jobs`` spawned worker processes, each replaced after
  :data:`~pipeline.batch.worker.WORKER_MAX_TASKS` chunks;
- ``_Dask``: a Dask cluster (``settings.batch.scheduler``, or a local cluster of
  ``jobs`` processes); workers return the analyses and the parent writes them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing.context
import os
import sys
from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .worker import WORKER_MAX_TASKS, worker_init

__all__ = ["executor_for"]

# --------------------------------------------------------------------------
# executors: submit(fn, *args) -> future; wait(pending) -> (done, not_done)


class _Inline:
    """One job: run each chunk right here, no subprocess."""

    writes_outputs = True
    #: Whether a chunk over its time limit can be stopped from outside (by replacing the workers).
    can_stop = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001
            fut.set_exception(exc)
        return fut

    def wait(self, pending: set[Any], timeout: float | None = None) -> tuple[set[Any], set[Any]]:
        return set(pending), set()

    def ready(self) -> bool:
        return True

    def restart(self) -> None:
        pass

    def close(self, *, cancel: bool = False) -> None:
        pass


class _WorkerProcess(multiprocessing.context.SpawnProcess):
    """A spawned worker that ends with ``os._exit`` when the pool lets it go, as a forked one
    does: tearing down the model and caches object by object costs ~0.4 s of CPU the run waits
    for. A chunk's outputs are all written before its result is sent back."""

    def run(self) -> None:
        super().run()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


class _SpawnContext(multiprocessing.context.SpawnContext):
    Process = _WorkerProcess


class _Processes:
    """``jobs`` worker processes (spawned: nothing of this process is inherited).

    Each worker ends when this process does (:func:`worker_init`). When a
    worker dies or a chunk runs over its time limit, :meth:`restart` kills
    every worker and starts fresh ones."""

    writes_outputs = True
    can_stop = True

    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs = jobs
        self.settings = settings
        self._start()

    def _start(self) -> None:
        self.pool = concurrent.futures.ProcessPoolExecutor(
            self.jobs,
            mp_context=_SpawnContext(),
            max_tasks_per_child=WORKER_MAX_TASKS,
            initializer=worker_init,
            initargs=(self.settings, os.getpid()),
        )
        # The pool starts a process per submit while none is idle: start them all now,
        # so that every worker loads the model while this process reads the inputs.
        self._warming = [self.pool.submit(int) for _ in range(self.jobs)]

    def ready(self) -> bool:
        """True once every worker has started and warmed up (time limits count from then)."""
        return all(f.done() for f in self._warming)

    def restart(self) -> None:
        """Kill every worker (what they were doing is lost) and start fresh ones; wait until they are up."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.kill()
        self.pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.join(10)
        self._start()
        concurrent.futures.wait(self._warming, timeout=600)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.pool.submit(fn, *args)

    def wait(self, pending: set[Any], timeout: float | None = None) -> tuple[set[Any], set[Any]]:
        done, not_done = concurrent.futures.wait(pending, timeout=timeout, return_when=concurrent.futures.FIRST_COMPLETED)
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

    can_stop = False

    def wait(self, pending: set[Any], timeout: float | None = None) -> tuple[set[Any], set[Any]]:
        try:
            result = self._distributed.wait(list(pending), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return set(), set(pending)
        return set(result.done), set(result.not_done)

    def ready(self) -> bool:
        return True

    def restart(self) -> None:
        pass

    def close(self, *, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def executor_for(settings: Settings, jobs: int) -> Any:
    if settings.batch.executor == "dask":
        return _Dask(jobs, settings.batch.scheduler)
    if jobs <= 1:
        return _Inline()
    return _Processes(jobs, settings)
