"""Ingestion: files, directories and standard input -> :class:`RawDocument`.

Every common article format is read here: plain text, Markdown, HTML (main
text and metadata through trafilatura), one JSON article object (or a list of
them) and JSON Lines. Bytes are decoded as UTF-8 (with or without BOM),
UTF-16/32 with a BOM, or else detected with charset-normalizer (legacy
encodings such as cp1252); the encoding used is recorded.

Nothing here cleans the text: :func:`pipeline.normalise.normalise` does that.
Structured readers (Markdown, HTML) hand over the blocks they already know
(title, headings, paragraphs, list items) in ``RawDocument.blocks``.

File-level problems raise :class:`PipelineError` (E101-E117); problems with
one record of a JSON list or a JSON Lines file are returned beside the good
records, so a batch carries on.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import PipelineError
from .models import Block, RawDocument

__all__ = [
    "FORMATS",
    "EXTENSIONS",
    "JSON_TEXT_FIELDS",
    "JSON_FIELDS",
    "iter_input_paths",
    "format_for",
    "sniff_format",
    "decode_bytes",
    "read_path",
    "read_bytes",
    "read_text",
]


#: Input formats, in the order they are documented.
FORMATS: tuple[str, ...] = ("txt", "md", "html", "json", "jsonl")

#: File extension -> format. Directories are searched for these only.
EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

#: Format aliases accepted by ``--format``.
_FORMAT_ALIASES: dict[str, str] = {
    "text": "txt",
    "plain": "txt",
    "markdown": "md",
    "htm": "html",
    "ndjson": "jsonl",
}

#: JSON fields that may hold the article body, in order of preference.
JSON_TEXT_FIELDS: tuple[str, ...] = ("text", "body", "content")

#: Other JSON fields with a meaning; every other field is kept in ``meta``.
JSON_FIELDS: tuple[str, ...] = ("id", "title", "url", "published", "author", "source")

#: Directory entries never read: our own outputs and repository furniture.
_SKIP_NAMES: frozenset[str] = frozenset({"readme.md", "readme.txt", "readme", "license", "license.txt", "license.md"})

#: Share of control bytes above which undecodable input is called binary.
_BINARY_CONTROL_SHARE = 0.10


# --------------------------------------------------------------------------
# paths


def format_for(path: str | Path, format: str | None = None) -> str:
    """The input format of ``path``: ``format`` when given, else by extension.

    Raises E110 for an unknown ``format``; an unknown extension is read as text.
    """
    if format:
        fmt = _FORMAT_ALIASES.get(format.lower(), format.lower())
        if fmt not in FORMATS:
            raise PipelineError("E110", str(path), format=format, choices=", ".join(FORMATS))
        return fmt
    return EXTENSIONS.get(Path(path).suffix.lower(), "txt")


def _is_own_output(path: Path) -> bool:
    """True for a file that ``pipeline run`` wrote (an analysis JSON or its Markdown twin)."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        twin = path.with_suffix(".json")
        return twin.is_file() and _is_own_output(twin)
    if suffix == ".json":
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return b'"schema_version"' in head and b'"article"' in head
    return False


def iter_input_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read, in a stable order.

    A file named in ``paths`` is taken as given (whatever its extension). A
    directory is walked recursively in sorted order; there only files with a
    known extension (:data:`EXTENSIONS`) are taken, and hidden files and
    folders, README/LICENSE files and the pipeline's own outputs are skipped.
    ``-`` (standard input) is passed through as ``Path("-")``.

    Raises E111 for a path that does not exist.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve() if str(p) != "-" else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in paths:
        p = Path(item)
        if str(item) == "-":
            add(p)
            continue
        if p.is_file():
            add(p)
            continue
        if not p.is_dir():
            raise PipelineError("E111", str(p))
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            for name in sorted(files):
                if name.startswith(".") or name.lower() in _SKIP_NAMES:
                    continue
                f = Path(root) / name
                if f.suffix.lower() not in EXTENSIONS or _is_own_output(f):
                    continue
                add(f)
    return out


# --------------------------------------------------------------------------
# decoding


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > _BINARY_CONTROL_SHARE * len(head)


def _bad_char_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f")
    return bad / len(sample)


def _detect(data: bytes, path: str, pos: int) -> tuple[str, str]:
    """Legacy encodings: charset-normalizer, preferring cp1252 when it reads the bytes as well."""
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise PipelineError("E101", path, pos=pos)
    encoding, text = best.encoding, str(best)
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and encoding != "cp1252":
        close = [m for m in results if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01]
        if close or western == text:
            encoding, text = "cp1252", western
    if _bad_char_share(text) > 0.01:
        raise PipelineError("E101", path, pos=pos)
    return text, encoding


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> tuple[str, str]:
    """Decode raw input bytes; return ``(text, encoding)``.

    UTF-8 with a BOM (``utf-8-sig``), UTF-32/UTF-16 with a BOM, plain UTF-8,
    else the encoding charset-normalizer finds. Raises E102 (empty), E104
    (binary) or E101 (undecodable).
    """
    if not data:
        raise PipelineError("E102", source)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise PipelineError("E101", source, pos=exc.start + 3) from None
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise PipelineError("E101", source, pos=exc.start) from None
    if _looks_binary(data):
        raise PipelineError("E104", source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        return _detect(data, source, exc.start)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


# --------------------------------------------------------------------------
# Markdown


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "date": "published",
    "published": "published",
    "url": "url",
    "canonical_url": "url",
}


def _inline_text(token: Any) -> str:
    """The visible text of a markdown-it inline token: emphasis kept as text, link targets and images dropped."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            continue
    return "".join(parts).strip()


def _read_markdown(text: str) -> tuple[str | None, dict[str, Any], tuple[Block, ...]]:
    from markdown_it import MarkdownIt

    front: dict[str, Any] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in _FRONT_KEYS:
                front[_FRONT_KEYS[key.strip().lower()]] = value.strip().strip("\"'") or None
        text = text[m.end() :]
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    blocks: list[Block] = []
    title: str | None = front.get("title")
    stack: list[str] = []
    row: list[str] | None = None  # cells of the table row being read
    for i, tok in enumerate(tokens):
        if tok.nesting == 1:
            stack.append(tok.tag)
            if tok.type == "tr_open":
                row = []
        elif tok.nesting == -1:
            if stack:
                stack.pop()
            if tok.type == "tr_close" and row is not None:
                if row:
                    blocks.append(Block("paragraph", " | ".join(row)))
                row = None
        if tok.type == "inline":
            content = _inline_text(tok)
            if not content:
                continue
            if row is not None:
                row.append(content)
                continue
            parent = tokens[i - 1] if i else None
            if parent is not None and parent.type == "heading_open":
                if parent.tag == "h1" and not blocks and title in (None, content):
                    title = content
                    blocks.append(Block("title", content))
                else:
                    blocks.append(Block("heading", content))
            elif "li" in stack:
                blocks.append(Block("list_item", content))
            else:
                blocks.append(Block("paragraph", content))
        elif tok.type in ("fence", "code_block"):
            for line in tok.content.splitlines():
                if line.strip():
                    blocks.append(Block("paragraph", line.strip()))
    return title, front, tuple(blocks)


# --------------------------------------------------------------------------
# HTML


#: trafilatura XML elements that hold inline text (everything else is a block).
_INLINE_TAGS: frozenset[str] = frozenset({"hi", "ref", "span", "del", "graphic"})


def _itertext_with_breaks(el: Any, *, tidy: bool = True) -> str:
    """All text under ``el`` (``<lb/>`` read as a space); ``tidy`` collapses white space."""
    pieces: list[str] = []

    def rec(node: Any) -> None:
        if node.tag == "lb":
            pieces.append(" ")
        else:
            pieces.append(node.text or "")
            for child in node:
                rec(child)
                pieces.append(child.tail or "")

    rec(el)
    text = "".join(pieces)
    return " ".join(text.split()) if tidy else text


def _html_blocks(root: Any) -> list[Block]:
    """Blocks from trafilatura's XML: head -> heading, p/quote -> paragraph, item -> list item.

    Text that sits directly in a container (between or after its child
    blocks) becomes a paragraph too, and ``<lb/>`` inside a paragraph starts
    a new block, as trafilatura's own text output starts a new line there.
    """
    blocks: list[Block] = []
    main = root.find("main")
    if main is None:
        main = root

    def emit(kind: str, texts: Iterable[str]) -> None:
        for t in texts:
            if t:
                blocks.append(Block(kind, t))

    def container(el: Any, kind: str) -> None:
        """Mixed content: runs of inline text become ``kind`` blocks, child blocks are walked."""
        buf: list[str] = [el.text or ""]

        def flush() -> None:
            text = " ".join("".join(buf).split())
            if text:
                blocks.append(Block(kind, text))
            buf.clear()

        for child in el:
            if child.tag == "lb":
                flush()
            elif child.tag in _INLINE_TAGS:
                buf.append(_itertext_with_breaks(child, tidy=False))
            else:
                flush()
                block(child)
            buf.append(child.tail or "")
        flush()

    def block(el: Any) -> None:
        tag = el.tag
        if tag == "head":
            emit("heading", [_itertext_with_breaks(el)])
        elif tag == "list":
            for item in el:
                if item.tag == "item":
                    container(item, "list_item")
                elif item.tag == "head":
                    emit("heading", [_itertext_with_breaks(item)])
                else:
                    block(item)
        elif tag == "table":
            for row in el.iter("row"):
                emit("paragraph", [" ".join(_itertext_with_breaks(c) for c in row).strip()])
        elif tag in ("graphic",):
            return
        else:
            container(el, "paragraph")

    container(main, "paragraph")
    return blocks


#: An HTML extraction with fewer words than this, and no sentence, is menus or labels, not an article.
MIN_HTML_WORDS = 30


def _has_prose(blocks: Iterable[Block]) -> bool:
    """True when the blocks hold at least one sentence or a fair amount of text."""
    words = 0
    for b in blocks:
        n = len(b.text.split())
        words += n
        if n >= 5 and b.text.rstrip()[-1:] in ".!?\"”’')":
            return True
    return words >= MIN_HTML_WORDS


def _read_html(text: str, source: str) -> tuple[dict[str, Any], tuple[Block, ...]]:
    """Main text and metadata of a web page, with trafilatura (no comments)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        text,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=True,
    )
    if not xml:
        raise PipelineError("E109", source)
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:  # pragma: no cover - trafilatura writes valid XML
        raise PipelineError("E109", source) from None
    blocks = _html_blocks(root)
    if not _has_prose(blocks):
        raise PipelineError("E109", source)
    meta = {k: v for k, v in root.attrib.items() if v}
    return meta, tuple(blocks)


# --------------------------------------------------------------------------
# JSON


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


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|div|br|h[1-6]|li|ul|ol|article)[\s/>]", text[:4000], re.I))


def _fragment_blocks(fragment: str) -> tuple[Block, ...]:
    """Blocks of an HTML fragment (a JSON body), by its block elements; no boilerplate removal."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on junk
        return ()
    out: list[Block] = []
    kinds = {
        "h1": "heading",
        "h2": "heading",
        "h3": "heading",
        "h4": "heading",
        "h5": "heading",
        "h6": "heading",
        "li": "list_item",
        "p": "paragraph",
        "blockquote": "paragraph",
    }
    for el in root.iter():
        kind = kinds.get(el.tag if isinstance(el.tag, str) else "")
        if kind is None:
            continue
        if el.tag in ("blockquote",) and el.find(".//p") is not None:
            continue
        if el.tag == "li" and el.find(".//p") is not None:
            continue
        text = " ".join(el.text_content().split())
        if text:
            out.append(Block(kind, text))
    if not out:
        text = " ".join(root.text_content().split())
        if text:
            out.append(Block("paragraph", text))
    return tuple(out)


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


# --------------------------------------------------------------------------
# public readers


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
