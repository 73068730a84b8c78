"""Normalisation: a :class:`RawDocument` -> a clean :class:`Article`.

Reads a :class:`RawDocument` (text, or the blocks a structured reader found,
and the metadata of its format). Adds the :class:`Article`: clean text,
placed blocks, sections, boilerplate, metadata, language and a unique id.

1. Small ``str -> str`` normalisers composed in order (:data:`NORMALISERS`):
   one kind of line ending, control characters other than newline and tab
   removed, Unicode NFC, runs of more than 64 symbols broken up (spaCy's
   tokenizer is quadratic on them), white space tidied (:mod:`.text`).
2. Blocks. Structured readers (HTML, Markdown) hand theirs over; plain text is
   segmented here: the title (first line, when it looks like one), headings
   (short title-case lines without final punctuation, also when glued to the
   end of the previous sentence), list items and paragraphs. Sentences glued
   without a space (``…to come.In conclusion``) get one (:mod:`.segment`).
3. Boilerplate (:func:`classify_boilerplate`): tables of contents, calls to
   action, related links, bylines, share and subscribe prompts, copyright
   lines, navigation, tags … each recorded as ``Boilerplate(kind, text, rule)``
   and kept out of ``Article.text``. This runs on every format, also on top
   of trafilatura's HTML extraction (:mod:`.boilerplate`).
4. The article: blocks joined by a blank line (no newline inside a block),
   block offsets, sections (one per heading), metadata, language, id
   (:mod:`.metadata`; the assembly is :func:`normalise`, here), and warnings:
   not English, a paywall notice removed (E126), a very short body (E127).

Every rule is general (English function words, punctuation, layout); none is
learned from, or names words of, a particular article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..config import IngestSettings
from ..errors import MESSAGES, PipelineError
from ..models import Article, Block, Boilerplate, RawDocument, Section
from .boilerplate import _key, classify_boilerplate
from .metadata import (
    MAX_ID_LENGTH,
    _author_from_bylines,
    _title_variants,
    clean_author,
    detect_language,
    iso_date,
    make_id,
    safe_id,
    slugify,
    split_site_name,
)
from .segment import _insert_glue_spaces, looks_like_heading, segment_text, split_glued
from .text import (
    NORMALISERS,
    _one_line,
    break_symbol_runs,
    clean_text,
    normalise_line_endings,
    normalise_unicode,
    normalise_whitespace,
    remove_control_chars,
)

__all__ = [
    "NORMALISERS",
    "normalise",
    "clean_text",
    "normalise_unicode",
    "normalise_line_endings",
    "remove_control_chars",
    "break_symbol_runs",
    "normalise_whitespace",
    "split_glued",
    "segment_text",
    "looks_like_heading",
    "classify_boilerplate",
    "make_id",
    "safe_id",
    "slugify",
    "detect_language",
    "iso_date",
    "MAX_ID_LENGTH",
]

_WORD = re.compile(r"[^\W_][\w’'.\-]*", re.U)


def _prepare_blocks(raw: RawDocument, *, drop_repeats: bool = True) -> tuple[list[Block], list[Boilerplate]]:
    """Cleaned blocks, and the repeats of the title (and the page URL) found among them."""
    title = _one_line(raw.title) if raw.title else None
    variants = set(_title_variants(title))
    if raw.blocks:
        out: list[Block] = []
        for b in raw.blocks:
            text = _insert_glue_spaces(_one_line(b.text))
            if not text:
                continue
            kind = b.kind
            if not out and kind in ("heading", "title", "paragraph") and _key(text) in variants:
                kind = "title"
            elif kind == "title" and out:
                kind = "heading"
            out.append(Block(kind, text))
    else:
        out = segment_text(clean_text(raw.text), title=title)
    if not drop_repeats:
        return out, []
    title_block = out[0].text if out and out[0].kind == "title" else None
    if title_block:
        variants.add(_key(title_block))
    repeats: list[Boilerplate] = []
    kept: list[Block] = []
    url = raw.url.strip().rstrip("/") if raw.url else None
    for i, b in enumerate(out):
        if url and b.text.strip().rstrip("/") == url:
            repeats.append(Boilerplate("navigation", b.text, "page_url"))
            continue
        if i > 0 and b.kind != "title" and b.rule != "toc_entry" and variants and _key(b.text) in variants:
            repeats.append(Boilerplate("repeated_title", b.text, "repeated_title"))
            continue
        kept.append(b)
    return kept, repeats


def normalise(
    raw: RawDocument,
    *,
    settings: IngestSettings | None = None,
    used_ids: set[str] | None = None,
) -> Article:
    """Clean one raw document into an :class:`Article`.

    Boilerplate is recognised (unless ``settings.boilerplate`` is False) and
    listed in ``Article.boilerplate``, not in ``Article.text``. ``used_ids``
    (updated) keeps ids unique within one run. Raises
    :class:`PipelineError` E114 when no article text is left, E119 when the
    text is longer than ``settings.max_chars``.
    """
    settings = settings or IngestSettings()
    size = sum(len(b.text) for b in raw.blocks) if raw.blocks else len(raw.text)
    if size > settings.max_chars:
        raise PipelineError("E119", raw.source, size=size, limit=settings.max_chars)
    blocks, repeats = _prepare_blocks(raw, drop_repeats=settings.boilerplate)
    boilerplate: list[Boilerplate] = [Boilerplate(b.kind, _one_line(b.text), b.rule) for b in raw.boilerplate]
    boilerplate.extend(repeats)
    if settings.boilerplate and blocks:
        kinds = classify_boilerplate(blocks)
        kept = []
        for b, k in zip(blocks, kinds):
            if k is None:
                kept.append(b)
            else:
                boilerplate.append(Boilerplate(k[0], b.text, k[1]))
        blocks = kept
    # a heading with no prose after it (before the next heading or the end) is not a section
    blocks = _demote_empty_headings(blocks)
    if not any(b.kind in ("paragraph", "list_item") for b in blocks):
        raise PipelineError("E114", raw.source)

    parts: list[str] = []
    placed: list[Block] = []
    pos = 0
    for b in blocks:
        if parts:
            pos += 2
        placed.append(Block(b.kind, b.text, pos, pos + len(b.text), b.rule))
        parts.append(b.text)
        pos += len(b.text)
    text = "\n\n".join(parts)

    heads = [b for b in placed if b.kind == "heading"]
    sections = tuple(
        Section(
            id=f"h{i + 1:02d}",
            title=h.text,
            start=h.start,
            end=heads[i + 1].start if i + 1 < len(heads) else len(text),
        )
        for i, h in enumerate(heads)
    )
    title_block = next((b for b in placed if b.kind == "title"), None)
    title = _one_line(raw.title) if raw.title else (title_block.text if title_block else None)
    sitename, hostname = raw.meta.get("sitename"), raw.meta.get("hostname")
    title, outlet = split_site_name(title, sitename=str(sitename) if sitename else None, hostname=str(hostname) if hostname else None)

    prose = " ".join(b.text for b in placed if b.kind in ("paragraph", "list_item"))
    lang = detect_language(prose)
    warnings: list[str] = list(raw.warnings)
    language = lang or "en"
    if lang is not None and lang != "en":
        warnings.append(
            f"the text looks like language {lang!r}, not English; it was analysed with an English model, so sentences, entities and flags may be unreliable"
        )
    warnings += _body_warnings(prose, boilerplate)
    author = clean_author(_one_line(raw.author) if raw.author else _author_from_bylines(boilerplate), outlet=outlet)
    published = iso_date(raw.published)
    meta = dict(raw.meta)
    if raw.published and published is None:
        meta.setdefault("published_raw", raw.published)

    return Article(
        id=make_id(raw, used_ids),
        source=raw.source,
        sha256=raw.sha256,
        text=text,
        title=title or None,
        author=author,
        outlet=outlet,
        published=published,
        url=raw.url.strip() if raw.url else None,
        language=language,
        encoding=raw.encoding,
        format=raw.format,
        word_count=len(_WORD.findall(text)),
        blocks=tuple(placed),
        sections=sections,
        boilerplate=tuple(boilerplate),
        meta=meta,
        warnings=tuple(warnings),
    )


#: A body shorter than this many words gets a warning (E127).
MIN_BODY_WORDS = 50


def _body_warnings(prose: str, boilerplate: Sequence[Boilerplate]) -> list[str]:
    """Warnings about the body: a paywall notice was removed (E126), the body is very short (E127)."""
    out = []
    paywall = next((b for b in boilerplate if b.kind == "paywall"), None)
    if paywall is not None:
        words = paywall.text.split()
        out.append(MESSAGES["E126"].format(text="“" + " ".join(words[:8]) + (" …" if len(words) > 8 else "") + "”"))
    n = len(_WORD.findall(prose))  # paragraphs and list items: the title and headings are not body
    if n < MIN_BODY_WORDS:
        out.append(MESSAGES["E127"].format(words=n, limit=MIN_BODY_WORDS))
    return out


def _demote_empty_headings(blocks: list[Block]) -> list[Block]:
    out = list(blocks)
    for i, b in enumerate(out):
        if b.kind != "heading":
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is None:
            out[i] = Block("paragraph", b.text)
    return out
