"""Reading articles: one file, raw bytes or a string -> :class:`RawDocument` records.

Decodes the bytes (:mod:`pipeline.io.decode`), picks the format (by
extension, ``--format`` or, for standard input, :func:`sniff_format`) and
hands over to the reader of that format. Plain text is taken as it is.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
from pathlib import Path

from ..errors import PipelineError
from ..models import RawDocument
from .decode import _sha256, decode_bytes
from .html import _read_html
from .json import _read_json, _read_jsonl
from .md import _read_markdown
from .paths import format_for

__all__ = ["MAX_FILE_BYTES", "sniff_format", "read_path", "read_bytes", "read_text", "read_regular_file"]

#: The largest input file read (bytes). One article is limited by ``[ingest]
#: max_chars``; this bounds a file of many (a JSON list, JSON Lines), and the
#: memory a single read may take.
MAX_FILE_BYTES: int = 256 * 1024 * 1024


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_file(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is checked with ``os.stat`` before it is opened, so a named pipe,
    a device or a socket is refused without blocking on it, and read with a
    bound, so a file that grows while it is read cannot fill the memory.
    Raises E111 (missing), E120 (not a regular file), E121 (too big),
    E123 (a symbolic link loop) or E112 (unreadable).
    """
    p = str(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if os.path.islink(p):
            raise PipelineError("E123", p, detail="it points to a file that does not exist") from None
        raise PipelineError("E111", p) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PipelineError("E123", p, detail="symbolic link loop") from None
        raise PipelineError("E112", p, detail=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise PipelineError("E120", p, kind=_kind(st.st_mode))
    if st.st_size > limit:
        raise PipelineError("E121", p, size=st.st_size, limit=limit)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise PipelineError("E112", p, detail=exc.strerror or str(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise PipelineError("E120", p, kind=_kind(os.fstat(fd).st_mode))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise PipelineError("E112", p, detail=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise PipelineError("E121", p, size=len(data), limit=limit)
    return data


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
    warnings: list[str] = []
    text, encoding = decode_bytes(data, source=source, warnings=warnings)
    docs, errors = _read_decoded(data, text, encoding, source=source, format=format)
    if warnings:
        docs = [dataclasses.replace(d, warnings=d.warnings + tuple(warnings)) for d in docs]
    return docs, errors


def _read_decoded(
    data: bytes, text: str, encoding: str, *, source: str, format: str | None
) -> tuple[list[RawDocument], list[PipelineError]]:
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
    E109 no main text in HTML, E110 unknown format, E113 not an object,
    E120 not a regular file, E121 over :data:`MAX_FILE_BYTES`, E123 a symbolic link loop.
    """
    p = Path(path)
    fmt = format_for(p, format)
    data = read_regular_file(p)
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
