"""Cleaning a raw document into an Article (first version; deepened by the ingestion work)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .config import IngestSettings
from .errors import PipelineError
from .models import Article, Block, RawDocument

__all__ = ["normalise"]


def _slug(source: str) -> str:
    stem = Path(source).stem if source not in ("-", "<stdin>") else "stdin"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()
    return (slug or "article")[:80]


def normalise(raw: RawDocument, *, settings: IngestSettings | None = None, used_ids: set[str] | None = None) -> Article:
    text = unicodedata.normalize("NFC", raw.text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [re.sub(r"\s+", " ", ln).strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise PipelineError("E114", raw.source)
    body = "\n\n".join(lines)
    blocks, pos = [], 0
    for i, ln in enumerate(lines):
        kind = "title" if i == 0 and raw.title is None and not ln.endswith(".") else "paragraph"
        blocks.append(Block(kind, ln, pos, pos + len(ln)))
        pos += len(ln) + 2
    title = raw.title or (lines[0] if blocks[0].kind == "title" else None)
    base = raw.id or _slug(raw.source)
    aid, n = base, 2
    while used_ids is not None and aid in used_ids:
        aid, n = f"{base}-{n}", n + 1
    if used_ids is not None:
        used_ids.add(aid)
    return Article(
        id=aid, source=raw.source, sha256=raw.sha256, text=body, title=title,
        encoding=raw.encoding, format=raw.format, word_count=len(body.split()), blocks=tuple(blocks),
    )
