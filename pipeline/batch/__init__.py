"""Batch runs: every article under the given paths into an output directory.

Reads input files or folders (in any format the readers take) and
:class:`~pipeline.config.Settings`; adds ``<id>.json`` and ``<id>.md`` per
article to the output directory, with the index of what was done
(``.pipeline-index.sqlite``) and previous versions under ``history/``. Returns
a :class:`~pipeline.models.BatchReport`; :func:`batch_status` reads the index
back as a :class:`~pipeline.models.BatchStatus`.

Modules: :mod:`.lock` (the output directory's lock), :mod:`.jobs` (how many
workers), :mod:`.worker` (what a
worker does: a chunk through the chain, warm-up), :mod:`.executors` (the inline,
process-pool and Dask executors), :mod:`.run`
(the run loop and its bookkeeping), :mod:`.dispatch` (chunks sent to the
workers, retried alone when a worker dies or runs late), :mod:`.state` (what is up to date, without
spaCy), :mod:`.history` (previous versions, stale temporary files),
:mod:`.index` (the SQLite index), :mod:`.status` (``pipeline status``).

:func:`run_batch` is incremental, resumable, parallel and safe:

- **Incremental.** An article is skipped when its outputs exist and the index
  (:mod:`pipeline.batch.index`) records the same input sha256, settings hash and
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
  (default: the number of cores, fewer for a small batch, never more than the
  cores unless ``force_jobs``; :mod:`.jobs`), each of which streams its chunk through
  ``nlp.pipe`` (see :mod:`pipeline.parse`) and writes the outputs. At most two
  chunks per worker are in flight, so memory stays flat however many
  articles there are. With one job no process is started.
- **Dask.** With ``settings.batch.executor == "dask"`` the same chunks run on a
  Dask cluster (``settings.batch.scheduler``, default a local cluster of
  ``jobs`` worker processes). Workers return the analyses and this process
  writes them, so the cluster needs no shared file system. Needs the optional
  extra: ``pip install '.[dask]'``.

- **Bounded.** An article may take ``settings.batch.timeout`` seconds (default
  120): the worker stops it (E216), or, when it is stuck where it cannot be
  interrupted, this process replaces the workers and tries the articles they
  held one at a time. A worker that dies (crash, out of memory, killed) costs
  a retry of its articles alone; only the one at fault fails (E217). Workers
  die with this process (``PR_SET_PDEATHSIG`` and a watchdog thread).

Every input's fate is a :class:`BatchItem`; a bad article never stops the batch.
"""

from __future__ import annotations

from .history import HISTORY_DIR
from .index import INDEX_NAME, Index
from .lock import DEFAULT_LOCK_TIMEOUT, LOCK_NAME, OutputLock
from .run import Progress, run_batch
from .status import batch_status
from .worker import WORKER_MAX_TASKS, analyse_chunk, warm_up

__all__ = [
    "run_batch",
    "batch_status",
    "OutputLock",
    "LOCK_NAME",
    "HISTORY_DIR",
    "INDEX_NAME",
    "DEFAULT_LOCK_TIMEOUT",
    "WORKER_MAX_TASKS",
    "Index",
    "Progress",
    "analyse_chunk",
    "warm_up",
]
