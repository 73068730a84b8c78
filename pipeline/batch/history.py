"""What a run keeps on disk besides the outputs: previous versions, and no stale temporary files.

When an input article changes, its previous ``<id>.json`` and ``<id>.md`` are
copied to ``<out_dir>/history/<id>/<old-sha256[:16]>.json`` (and ``.md``)
before the new analysis replaces them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..io.files import atomic_write_bytes
from ..models import Article
from .index import Index

__all__ = ["HISTORY_DIR", "UP_TO_DATE", "keep_history", "remove_stale_temp_files"]

log = logging.getLogger(__name__)

HISTORY_DIR = "history"

#: Index statuses whose outputs are valid.
UP_TO_DATE = ("ok", "skipped")


def keep_history(index: Index, out_dir: Path, article: Article) -> None:
    """Copy the outputs of ``article``'s previous version into the history folder.

    Does nothing unless the index holds valid outputs of the same source with
    another sha256. A copy that fails is logged, never raised.
    """
    prev = index.get(article.id)
    if (
        prev is None
        or prev.source != article.source
        or not prev.sha256
        or prev.sha256 == article.sha256
        or prev.status not in UP_TO_DATE
        or not prev.outputs_exist(out_dir)
    ):
        return
    folder = out_dir / HISTORY_DIR / article.id
    for name in prev.outputs:
        src = out_dir / name
        dst = folder / f"{prev.sha256[:16]}{src.suffix}"
        if dst.exists():
            continue
        try:
            atomic_write_bytes(dst, src.read_bytes())
            st = src.stat()
            os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
        except OSError as exc:
            log.warning("%s: could not keep the previous version: %s", src, exc)


def remove_stale_temp_files(out: Path) -> None:
    """Delete the temporary files of atomic writes that a killed run left behind.

    Called under the directory's lock, so no other run is writing them.
    """
    for pattern in (".*.tmp", f"{HISTORY_DIR}/*/.*.tmp"):
        for tmp in out.glob(pattern):
            try:
                tmp.unlink()
            except OSError as exc:  # pragma: no cover - permissions
                log.warning("%s: cannot remove: %s", tmp, exc)
