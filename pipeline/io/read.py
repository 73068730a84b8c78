"""Reading articles: one file, raw bytes or a string -> :class:`RawDocument` records.

Decodes the bytes (:mod:`pipeline.io.decode`), picks the format (by
extension, ``--format`` or, for standard input, :func:`sniff_format`) and
hands over to the reader of that format. Plain text is taken as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import PipelineError
from ..models import RawDocument
from .decode import _sha256, decode_bytes
from .html import _read_html
from .json import _read_json, _read_jsonl
from .md import _read_markdown
from .paths import format_for

__all__ = ["sniff_format", "read_path", "read_bytes", "read_text"]


def _check_text(text: str, source: str) -> None:
    if not text.strip(" \t\r\n\f\v\u00a0\u200b\ufeff\u3000\u2028\u2029"):
        raise PipelineError("E103", source)


def sniff_format(text: str) -> str:
    """Guess the format of text without a file name (standard input)."""
    head = text.lstrip("\ufeff \t\r\n")[:2048]
    low = head.lower()
    if low.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p|div|head)[\s>]", low):
        return "html"
    if head.startswith("{"):
        first = head.split("\n", 1)[0].strip()
        rest = text.strip().split("\n")
        if len(rest) > 1 and first.endswith("}") and rest[1].lstrip().startswith("{"):
            return "jsonl"
        return "json"
    if head.startswith("["):
        return "json"
    if re.match(r"#{1,6} \S|---\n", head):
        return "md"
    return "txt"


def _read(data: bytes, *, source: str, format: str | None) -> tuple[list[RawDocument], list[PipelineError]]:
    text, encoding = decode_bytes(data, source=source)
    _check_text(text, source)
    fmt = format_for(source, format) if format else sniff_format(text)
    if fmt == "json":
        return _read_json(data, text, source, encoding)
    if fmt == "jsonl":
        return _read_jsonl(data, text, source, encoding)
    sha = _sha256(data)
    if fmt == "md":
        title, front, blocks = _read_markdown(text)
        if not blocks:
            raise PipelineError("E103", source)
        return [
            RawDocument(
                source=source,
                text=text,
                sha256=sha,
                format="md",
                encoding=encoding,
                title=title,
                author=front.get("author"),
                published=front.get("published"),
                url=front.get("url"),
                blocks=blocks,
            )
        ], []
    if fmt == "html":
        meta, blocks = _read_html(text, source)
        title = meta.pop("title", None)
        return [
            RawDocument(
                source=source,
                text=text,
                sha256=sha,
                format="html",
                encoding=encoding,
                title=title,
                author=meta.pop("author", None),
                published=meta.pop("date", None),
                url=meta.pop("url", None),
                meta={k: v for k, v in meta.items() if k in ("sitename", "hostname", "description", "categories", "tags", "language")},
                blocks=blocks,
            )
        ], []
    return [RawDocument(source=source, text=text, sha256=sha, format="txt", encoding=encoding)], []


def read_path(path: str | Path, *, format: str | None = None) -> tuple[list[RawDocument], list[PipelineError]]:
    """Read one file; return its articles and the per-record errors.

    ``format`` overrides the format chosen by extension. A JSON list or a JSON
    Lines file gives one RawDocument per good record; a bad record gives a
    PipelineError (E106/E108 with the line number, E115/E116 with the index)
    in the second list instead. Problems with the whole file raise
    PipelineError: E111 missing, E112 unreadable, E102 empty, E103 white
    space only, E104 binary, E101 undecodable, E105 bad JSON, E107 no text,
    E109 no main text in HTML, E110 unknown format, E113 not an object.
    """
    p = Path(path)
    fmt = format_for(p, format)
    if not p.exists():
        raise PipelineError("E111", str(p))
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise PipelineError("E112", str(p), detail="is a directory") from None
    except OSError as exc:
        raise PipelineError("E112", str(p), detail=exc.strerror or str(exc)) from None
    return _read(data, source=str(p), format=fmt)


def read_bytes(
    data: bytes,
    *,
    source: str,
    format: str | None,
    errors: list[PipelineError] | None = None,
) -> list[RawDocument]:
    """Read articles from raw bytes (standard input); ``format`` None guesses it.

    Per-record errors are appended to ``errors`` when a list is given, and
    raised (the first one) otherwise. File-level problems raise as in
    :func:`read_path`.
    """
    if format:
        format = format_for(source, format)
    docs, errs = _read(data, source=source, format=format)
    if errors is not None:
        errors.extend(errs)
    elif errs:
        raise errs[0]
    return docs


def read_text(text: str, *, source: str = "<stdin>", format: str = "txt") -> RawDocument:
    """Read one article from a string (hashed as its UTF-8 bytes).

    Raises PipelineError for bad input, and E118 when the text holds more than one article.
    """
    docs = read_bytes(text.encode("utf-8"), source=source, format=format or None)
    if len(docs) != 1:
        raise PipelineError("E118", source, count=len(docs))
    return docs[0]
