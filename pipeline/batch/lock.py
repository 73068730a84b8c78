"""The lock of an output directory: ``fcntl.flock`` on ``<out_dir>/.pipeline.lock``.

A run holds it exclusively (the file records the holder's pid); a second run
waits up to a timeout for it, then gives up with E203 naming that pid. The
lock dies with its process, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import Any

from ..errors import PipelineError

__all__ = ["LOCK_NAME", "DEFAULT_LOCK_TIMEOUT", "OutputLock", "lock_held"]

LOCK_NAME = ".pipeline.lock"
DEFAULT_LOCK_TIMEOUT = 10.0


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


def lock_held(out: Path) -> bool:
    """True when some process holds the lock of ``out`` now (it is not taken)."""
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
