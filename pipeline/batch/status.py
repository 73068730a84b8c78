"""``pipeline status``: what the index of an output directory says, as a :class:`BatchStatus`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import PipelineError
from ..results import BatchStatus
from .index import INDEX_NAME, Index
from .lock import OutputLock, lock_held

__all__ = ["batch_status"]


def batch_status(out_dir: str | Path) -> BatchStatus:
    """The index summary of ``out_dir`` (see :meth:`pipeline.batch.index.Index.summary`).

    Raises :class:`PipelineError` E111 when the directory does not exist.
    Rebuilds a missing index from the outputs (under the directory's lock,
    waiting for a run in progress up to the default timeout). A last run still
    marked ``running`` while nobody holds the lock is reported ``interrupted``.
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise PipelineError("E111", str(out))
    if (out / INDEX_NAME).exists():
        with Index.open(out) as index:
            summary = index.summary()
    else:
        with OutputLock(out), Index.open(out) as index:
            summary = index.summary()
    last = summary.last_run
    if last and last.status == "running" and not lock_held(out):
        summary = dataclasses.replace(summary, last_run=dataclasses.replace(last, status="interrupted"))
    return summary
