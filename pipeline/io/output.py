"""The output files of an analysis: ``<id>.json`` (the schema) and ``<id>.md``, written atomically."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..convert import to_dict
from ..errors import PipelineError
from ..models import Analysis
from .files import atomic_write_text
from .markdown import render_markdown

__all__ = ["analysis_json", "write_outputs"]


def analysis_json(analysis: Analysis) -> str:
    """The analysis as a JSON document (schema ``pipeline.api.SCHEMA_VERSION``).

    Written by orjson when it is installed (a dependency; the same text as
    ``json.dumps(..., ensure_ascii=False, indent=2)``, fifteen times faster: the
    standard library's C encoder is not used once ``indent`` is set)."""
    data = to_dict(analysis)
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


#: An article id that may name a file: the schema's pattern (no separator, no leading dot).
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def write_outputs(analysis: Analysis, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``<id>.json`` and ``<id>.md`` into ``out_dir``, atomically.

    Raises E202 (nothing written) when the article id is not a safe file name,
    so that no id can place a file outside ``out_dir``.
    """
    if not _SAFE_ID.fullmatch(analysis.article.id):
        raise PipelineError("E202", str(out_dir), detail=f"article id {analysis.article.id!r} is not a safe file name")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / f"{analysis.article.id}.json"
    md_path = out / f"{analysis.article.id}.md"
    atomic_write_text(json_path, analysis_json(analysis))
    atomic_write_text(md_path, render_markdown(analysis))
    return json_path, md_path
