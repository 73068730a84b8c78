"""JSON input: one article object (or a list of them) and JSON Lines.

Problems with one record of a list or one line of a JSON Lines file are
returned beside the good records, so a batch carries on. Called by
:mod:`pipeline.io.read`.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import Any

from ..errors import PipelineError
from ..models import Block, RawDocument
from .decode import _sha256
from .html import _fragment_blocks, _looks_like_html

__all__ = ["JSON_TEXT_FIELDS", "JSON_FIELDS"]

#: JSON fields that may hold the article body, in order of preference.
JSON_TEXT_FIELDS: tuple[str, ...] = ("text", "body", "content")

#: Other JSON fields with a meaning; every other field is kept in ``meta``.
JSON_FIELDS: tuple[str, ...] = ("id", "title", "url", "published", "author", "source")


def _json_string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (list, tuple)):
        parts = [_json_string(v) for v in value]
        joined = ", ".join(p for p in parts if p)
        return joined or None
    if isinstance(value, Mapping):
        return _json_string(value.get("name"))
    return str(value)


def _json_body(value: Any) -> str | None:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        joined = "\n\n".join(v.strip() for v in value if v.strip())
        return joined or None
    return None


def _json_record(obj: Any, *, source: str, sha256: str, encoding: str, fmt: str) -> RawDocument:
    """One JSON article object -> RawDocument. Raises E107 (no text) or E113 (not an object)."""
    if not isinstance(obj, Mapping):
        raise PipelineError("E113", source, got=type(obj).__name__)
    body = None
    for name in JSON_TEXT_FIELDS:
        body = _json_body(obj.get(name))
        if body is not None:
            break
    if body is None:
        raise PipelineError("E107", source)
    meta = {k: v for k, v in obj.items() if k not in JSON_TEXT_FIELDS and k not in JSON_FIELDS}
    if obj.get("source") is not None:
        meta["source"] = obj["source"]
    rid = obj.get("id")
    blocks: tuple[Block, ...] = ()
    body_format = "json"
    if _looks_like_html(body):
        # News APIs often deliver the body as an HTML fragment.
        blocks = _fragment_blocks(body)
        body_format = "html"
    if blocks:
        meta["body_format"] = body_format
    return RawDocument(
        source=source,
        text=body,
        sha256=sha256,
        format=fmt,
        encoding=encoding,
        id=None if rid is None else str(rid),
        title=_json_string(obj.get("title")),
        author=_json_string(obj.get("author")),
        published=_json_string(obj.get("published")),
        url=_json_string(obj.get("url")),
        meta=meta,
        blocks=blocks,
    )


def _read_json(data: bytes, text: str, source: str, encoding: str) -> tuple[list[RawDocument], list[PipelineError]]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PipelineError("E105", source, detail=f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    sha = _sha256(data)
    if isinstance(obj, Mapping):
        return [_json_record(obj, source=source, sha256=sha, encoding=encoding, fmt="json")], []
    if not isinstance(obj, list):
        raise PipelineError("E113", source, got=type(obj).__name__)
    if not obj:
        raise PipelineError("E113", source, got="an empty list")
    docs: list[RawDocument] = []
    errors: list[PipelineError] = []
    for n, item in enumerate(obj, 1):
        rec_source = f"{source}#{n}"
        if not isinstance(item, Mapping):
            errors.append(PipelineError("E116", source, index=n, got=type(item).__name__))
            continue
        try:
            docs.append(_json_record(item, source=rec_source, sha256=sha, encoding=encoding, fmt="json"))
        except PipelineError:
            errors.append(PipelineError("E115", source, index=n))
    return docs, errors


def _read_jsonl(data: bytes, text: str, source: str, encoding: str) -> tuple[list[RawDocument], list[PipelineError]]:
    docs: list[RawDocument] = []
    errors: list[PipelineError] = []
    # split on "\n" only: a JSON string may hold U+2028 and other characters str.splitlines() breaks at
    raw_lines = data.split(b"\n") if encoding in ("utf-8", "utf-8-sig") else None
    for n, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if raw_lines is not None and n - 1 < len(raw_lines):
            raw = raw_lines[n - 1].rstrip(b"\r")
            if n == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
        else:
            raw = line.encode("utf-8")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(PipelineError("E106", source, line=n, detail=f"{exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(obj, Mapping):
            errors.append(PipelineError("E117", source, line=n, got=type(obj).__name__))
            continue
        try:
            docs.append(_json_record(obj, source=f"{source}:{n}", sha256=_sha256(raw), encoding=encoding, fmt="jsonl"))
        except PipelineError:
            errors.append(PipelineError("E108", source, line=n))
    if not docs and not errors:
        raise PipelineError("E103", source)
    return docs, errors
