"""Reading analyses back: the schema version check, and the versions ``pipeline run`` keeps.

When an input changes, the batch copies the previous ``<id>.json`` (and
``.md``) to ``<out_dir>/history/<id>/<old-sha256[:16]>.json``, keeping the
file's modification time: the time that version was analysed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..models import Analysis, from_dict

__all__ = ["HISTORY_DIR", "check_schema_version", "read_analysis", "is_analysis_file", "history_files", "versions"]

HISTORY_DIR = "history"


def check_schema_version(data: Mapping[str, Any], path: str, *, current: str) -> None:
    """Raise E801 unless ``data`` has a schema version this pipeline reads: the major of
    ``current``, and no newer minor."""
    found = str(data.get("schema_version", ""))
    major, _, minor = current.partition(".")
    f_major, _, f_minor = found.partition(".")
    if f_major != major or not (f_minor or "0").isdigit() or int(f_minor or "0") > int(minor or "0"):
        raise PipelineError("E801", path, found=found, supported=f"{major}.0 to {current}")


def read_analysis(path: Path, *, current: str) -> Analysis:
    """An analysis JSON file, checked with :func:`check_schema_version`; E204 when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PipelineError("E204", str(path), detail=str(exc)) from None
    if not isinstance(data, dict):
        raise PipelineError("E204", str(path), detail="expected a JSON object")
    check_schema_version(data, str(path), current=current)
    try:
        return from_dict(Analysis, data)
    except (ValueError, TypeError, KeyError) as exc:
        raise PipelineError("E204", str(path), detail=str(exc)) from None


def is_analysis_file(path: Path) -> bool:
    """True for a JSON file holding an analysis (rather than an article to analyse)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "schema_version" in data and "article" in data


def history_files(out_dir: str | Path, article_id: str) -> tuple[Path, ...]:
    """The kept analyses of ``article_id``, oldest first (by modification time, then name)."""
    folder = Path(out_dir) / HISTORY_DIR / article_id
    if not folder.is_dir():
        return ()
    files = [p for p in folder.glob("*.json") if p.is_file()]
    return tuple(sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name)))


def versions(out_dir: str | Path, article_id: str, *, current: str) -> tuple[tuple[str, Path, Analysis], ...]:
    """(version, path, analysis) of every kept analysis of ``article_id``, oldest first, then
    the latest (``<out_dir>/<id>.json``). A version is the input's sha256[:16]."""
    found = [(p.stem, p, read_analysis(p, current=current)) for p in history_files(out_dir, article_id)]
    latest = Path(out_dir) / f"{article_id}.json"
    if latest.is_file():
        analysis = read_analysis(latest, current=current)
        sha16 = analysis.article.sha256[:16]
        found = [v for v in found if v[0] != sha16]
        found.append((sha16, latest, analysis))
    return tuple(found)
