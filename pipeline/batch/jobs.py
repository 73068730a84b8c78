"""How many worker processes a run uses (:func:`choose_jobs`).

Never more than the cores (more only compete for them: 16 jobs on 2 cores
were four times slower and took 3.2 GB) unless forced, never more than the
input files, and, when the number is not given, no more than the amount of
input keeps busy, so that a small batch runs in this process and is never
slower than ``--jobs 1``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from pathlib import Path

from ..config import BatchSettings

__all__ = ["BYTES_PER_JOB", "choose_jobs", "cores"]

log = logging.getLogger(__name__)

#: Input bytes that keep one worker process busy for longer than it takes to start
#: (spawn, imports, model load, warm-up: about 5 s of CPU); below this a run uses
#: fewer workers, so that a small batch is never slower than ``--jobs 1``.
BYTES_PER_JOB = 256 * 1024


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def choose_jobs(batch: BatchSettings, inputs: list[Path]) -> int:
    """Worker processes for a run: ``batch.jobs`` (default: the cores), never more than the
    cores (unless ``batch.force_jobs``) nor than the input files; when ``jobs`` is not set,
    also one per :data:`BYTES_PER_JOB` of input, so that a small batch runs in this process."""
    n_cores = cores()
    jobs = batch.jobs or n_cores
    if not batch.force_jobs and jobs > n_cores:
        log.warning("%d jobs asked for on %d cores: using %d (force_jobs allows more)", jobs, n_cores, n_cores)
        jobs = n_cores
    if batch.jobs is None and batch.executor == "local":
        size = 0
        for p in inputs:
            with contextlib.suppress(OSError):
                size += os.stat(p).st_size
        jobs = min(jobs, max(1, math.ceil(size / BYTES_PER_JOB)))
    return max(1, min(jobs, len(inputs)))
