"""Reading analyses back: the schema version check, and the versions ``pipeline run`` keeps.

When an input changes, the batch copies the previous ``<id>.json`` (and
``.md``) to ``<out_dir>/history/<id>/<old-sha256[:16]>.json``, keeping the
file's modification time: the time that version was analysed.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..convert import from_dict
from ..errors import PipelineError
from ..models import Analysis

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


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.cache
def _validator() -> Any:
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("pipeline").joinpath("schema/summary.schema.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def _schema_problem(data: dict[str, Any]) -> str | None:
    """The first way ``data`` breaks the schema (``at article.id: …``), or None."""
    import jsonschema

    try:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    except RecursionError:
        return "JSON nested too deeply"
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path) or "top level"
    return f"does not match the analysis schema at {where}: {_one_line(error.message, 200)}"


def _load_json(path: Path) -> Any:
    """The JSON in a regular file, read with bounds (depth, number length); E204 when it is not."""
    from .json import loads_json
    from .read import read_regular_file

    data = read_regular_file(path)
    try:
        return loads_json(data.decode("utf-8"))
    except ValueError as exc:  # bad UTF-8, bad JSON, a number too long to read
        raise PipelineError("E204", str(path), detail=_one_line(str(exc))) from None


def read_analysis(path: Path, *, current: str) -> Analysis:
    """An analysis JSON file: a regular file, of a schema version this pipeline reads
    (:func:`check_schema_version`, E801), valid against the schema, its article id made a
    safe file name as at ingest. E204 when it is not one."""
    from ..normalise import safe_id

    data = _load_json(path)
    if not isinstance(data, dict):
        raise PipelineError("E204", str(path), detail=f"expected a JSON object, got {type(data).__name__}")
    check_schema_version(data, str(path), current=current)
    problem = _schema_problem(data)
    if problem:
        raise PipelineError("E204", str(path), detail=problem)
    try:
        analysis = from_dict(Analysis, data)
    except (ValueError, TypeError, KeyError) as exc:
        raise PipelineError("E204", str(path), detail=_one_line(str(exc))) from None
    safe = safe_id(analysis.article.id)
    if safe != analysis.article.id:
        analysis = dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, id=safe))
    return analysis


def is_analysis_file(path: Path) -> bool:
    """True for a JSON file holding an analysis (rather than an article to analyse)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        data = _load_json(path)
    except PipelineError:
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
