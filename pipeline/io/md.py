"""Markdown input: front matter (title, author, date, url) and blocks read with markdown-it.

Called by :mod:`pipeline.io.read`; nothing here is public.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Block

__all__: list[str] = []


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
