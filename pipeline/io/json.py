"""JSON input: one article object (or a list of them) and JSON Lines.

Problems with one record of a list or one line of a JSON Lines file are
returned beside the good records, so a batch carries on. Called by
:mod:`pipeline.io.read`.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from typing import Any

from ..errors import PipelineError
from ..models import Block, RawDocument
from .decode import _sha256
from .html import _fragment_blocks, _looks_like_html

__all__ = ["JSON_TEXT_FIELDS", "JSON_FIELDS", "loads_json"]

#: JSON fields that may hold the article body, in order of preference.
JSON_TEXT_FIELDS: tuple[str, ...] = ("text", "body", "content")

#: Other JSON fields with a meaning; every other field is kept in ``meta``.
JSON_FIELDS: tuple[str, ...] = ("id", "title", "url", "published", "author", "source")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate (a ``\\ud800`` escape without its pair) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def loads_json(text: str) -> Any:
    """``json.loads`` that raises only ``ValueError`` (with a message for the user).

    JSON nested deeper than Python's recursion limit and integers longer than
    its digit limit become ValueErrors; lone surrogates are replaced by U+FFFD
    (they cannot be written back as UTF-8).
    """
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ValueError(" ".join(str(exc).split())[:200]) from None
    if "\\u" in text and re.search(r"\\u[dD][89a-fA-F]", text):
        try:
            obj = _no_surrogates(obj)
        except RecursionError:
            raise ValueError("nested too deeply") from None
    return obj


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


def _json_problem(exc: json.JSONDecodeError, *, line: bool) -> str:
    """The decoder's message with where it happened, as one phrase: ``Expecting value at
    line 1, column 21``, ``Unterminated string starting at column 23`` (its message may end in "at")."""
    where = f"line {exc.lineno}, column {exc.colno}" if line else f"column {exc.colno}"
    return f"{exc.msg} {where}" if exc.msg.endswith(" at") else f"{exc.msg} at {where}"


def _read_json(data: bytes, text: str, source: str, encoding: str) -> tuple[list[RawDocument], list[PipelineError]]:
    try:
        obj = loads_json(text)
    except json.JSONDecodeError as exc:
        raise PipelineError("E105", source, detail=_json_problem(exc, line=True)) from None
    except ValueError as exc:
        raise PipelineError("E105", source, detail=str(exc)) from None
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
            obj = loads_json(line)
        except json.JSONDecodeError as exc:
            errors.append(PipelineError("E106", source, line=n, detail=_json_problem(exc, line=False)))
            continue
        except ValueError as exc:
            errors.append(PipelineError("E106", source, line=n, detail=str(exc)))
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
