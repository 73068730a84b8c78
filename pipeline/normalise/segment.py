"""Plain-text structure: cleaned text -> blocks (title, headings, list items, paragraphs).

The title is the first line when it looks like one; headings are short
title-case lines without final punctuation, also when glued to the end of the
previous sentence; sentences glued without a space (``…to come.In
conclusion``) get one; hard-wrapped lines are joined into paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Block
from .boilerplate import _pattern_kind
from .headings import TOC_HEADER, glued_heading, heading_rule, labels, not_a_heading, toc_entries

__all__ = ["MINOR_WORDS", "split_glued", "segment_text", "looks_like_heading"]

#: Words a title-case heading leaves in lower case (articles, conjunctions, short prepositions).
MINOR_WORDS: frozenset[str] = frozenset(
    """a an the and but or nor for so yet of to in on at by with from as into onto
    over per via vs vs. versus than up out off about after amid among under upon
    near past till until without within is are was were be its it's""".split()
)

#: Abbreviations that end in a full stop and may be followed directly by a capital.
_ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr st jr sr prof gen col lt sgt capt sen rep gov pres rev hon
    inc ltd co corp no vol fig approx dept est jan feb mar apr jun jul aug sep sept
    oct nov dec mt ft vs etc""".split()
)

# A sentence end glued to the next sentence: "to come.In conclusion" / "for X.X's Ascent".
_GLUE = re.compile(r"(?<=[a-z0-9%)\]”’\"'])([.!?]+)(?=[A-Z][a-z’']|[A-Z] \w|[“\"‘][A-Z]|\$\d)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\"'”’)\]]*$")
_LIST_MARK = re.compile(r"^(?:[-*•·‣◦▪●–—]|\(?\d{1,3}[.)]|[a-z][.)])\s+(?=\S)")
_FINAL_PUNCT = ".,;:!"


def _is_title_case(text: str) -> bool:
    """First word capitalised and (almost) every other non-minor word too."""
    words = [w.strip("\"'“”‘’()[]*_:;,") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return False
    first = next((w for w in words if w[0].isalpha()), None)
    if first is None or not first[0].isupper():
        return False
    lower = upper = 0
    for w in words[1:]:
        if not w[0].isalpha():
            continue
        if w[0].isupper() or any(ch.isupper() for ch in w[1:]):  # "iPhone", "eBay" count as capitalised
            upper += 1
        elif w.lower() not in MINOR_WORDS:
            # hyphenated compounds ("Decades-Long") count by their first part
            lower += 1
    return lower == 0 or (lower == 1 and upper >= 4)


def looks_like_heading(line: str, *, max_words: int = 15) -> bool:
    """A short title-case line without final punctuation (a question mark is allowed)."""
    line = line.strip()
    if not line or len(line) > 150:
        return False
    n = len(line.split())
    if n == 0 or n > max_words:
        return False
    if line[-1] in _FINAL_PUNCT or line.endswith(("...", "…")):
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    return _is_title_case(line)


def _looks_like_title(line: str) -> bool:
    """The first line of plain text is a title when it is short and is not a finished sentence."""
    line = line.strip()
    n = len(line.split())
    if n == 0 or n > 25 or len(line) > 250:
        return False
    if line[-1] in ".,;:" and not line.endswith("..."):
        return False
    if _LIST_MARK.match(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'"


def _glue_points(line: str) -> list[int]:
    """Offsets just after the punctuation of each glued sentence end in ``line``."""
    out = []
    for m in _GLUE.finditer(line):
        before = _WORD_BEFORE.search(line, 0, m.start())
        word = before.group(1) if before else ""
        if before and (len(word) < 2 or word.lower() in _ABBREVIATIONS):
            continue
        if before is None and not line[m.start() - 1].isdigit():
            continue
        out.append(m.end())
    return out


def split_glued(line: str) -> tuple[str, str | None]:
    """Repair one line glued without spaces.

    Returns ``(prose, heading)``: a heading glued to the end of the line
    (``…ally for X.The Next Part`` at the end of the line) is split off and
    returned second; every other glued sentence end gets a space inserted.
    """
    points = _glue_points(line)
    if not points:
        return line, None
    heading = None
    last = points[-1]
    tail = line[last:]
    if looks_like_heading(tail) and len(line[:last].split()) >= 4:
        heading = tail.strip()
        line = line[:last]
        points = points[:-1]
    for p in reversed(points):
        line = line[:p] + " " + line[p:]
    return line, heading


def _insert_glue_spaces(text: str) -> str:
    points = _glue_points(text)
    for p in reversed(points):
        text = text[:p] + " " + text[p:]
    return text


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The fixed width of hard-wrapped text (e-mail, old archives), or None when lines are not wrapped.

    In wrapped text, the lines that continue a paragraph are all close to one
    width; blank lines separate paragraphs.
    """
    if "" not in lines or any(len(line) > 110 for line in lines):
        return None
    cont = [len(line) for line, nxt in zip(lines, lines[1:]) if line and nxt]
    if len(cont) < 3:
        return None
    width = max(cont)
    if width < 40:
        return None
    near = sum(1 for n in cont if n >= 0.6 * width)
    return width if near >= 0.75 * len(cont) else None


def _unwrap(lines: Sequence[str], width: int) -> list[str]:
    """Join wrapped lines into paragraphs: a line far shorter than the width, a blank line or a list item ends one."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(" ".join(buf))
            buf.clear()

    for line in lines:
        if not line:
            flush()
            out.append("")
            continue
        if _LIST_MARK.match(line):
            flush()
        buf.append(line)
        if len(line) < 0.6 * width:
            flush()
    flush()
    return out


def segment_text(text: str, *, title: str | None = None) -> list[Block]:
    """Blocks of cleaned plain text (offsets are not set yet).

    Each line is a block (or, in hard-wrapped text, each run of lines); the
    first line is the title when it looks like one (or equals ``title``);
    short title-case lines without final punctuation that are followed by
    more text are headings; bulleted or numbered lines are list items.
    """
    raw_lines = text.split("\n")
    width = _wrap_width(raw_lines)
    lines = _unwrap(raw_lines, width) if width else raw_lines

    # repair glued sentences and glued headings
    stripped = [line.strip() for line in lines if line.strip()]
    entries = toc_entries(stripped)
    pieces: list[tuple[str, str]] = []  # (line, rule of a forced heading or "")
    for line in stripped:
        glued = glued_heading(line, entries)
        if glued is not None:
            pieces.append((_insert_glue_spaces(glued[0]), ""))
            pieces.append((glued[1], glued[2]))
            continue
        prose, heading = split_glued(line)
        pieces.append((prose, ""))
        if heading:
            pieces.append((heading, "glued_title_case"))

    # the title: the first line that is not boilerplate (a byline may come first)
    first = 0
    while first < len(pieces) - 1 and first < 3 and _pattern_kind(Block("paragraph", pieces[first][0])) is not None:
        first += 1
    texts = [p for p, _ in pieces]
    toc_at = next((k for k, t in enumerate(texts) if TOC_HEADER.match(t)), -1)
    after_toc = toc_at + 1 + len(entries) if toc_at >= 0 else 0
    repeated = labels(texts)
    blocks: list[Block] = []
    for i, (line, forced) in enumerate(pieces):
        m = _LIST_MARK.match(line)
        if (
            i == first
            and not forced
            and (
                (title and _same(line, title))
                or (not m and _looks_like_title(line) and len(pieces) > i + 1 and _pattern_kind(Block("paragraph", line)) is None)
            )
        ):
            blocks.append(Block("title", line))
            continue
        if forced:
            blocks.append(Block("heading", line, rule=forced))
            continue
        prev_heading = bool(blocks) and blocks[-1].kind in ("heading", "title")
        rule = heading_rule(texts, i, entries=entries, after_toc=after_toc, prev_heading=prev_heading, repeated=repeated)
        if (
            (rule is None or rule == "sentence_case")
            and not m
            and i + 1 < len(pieces)
            and looks_like_heading(line)
            and not entries
            and not not_a_heading(texts, i, prev_heading=prev_heading, repeated=repeated)
        ):
            rule = "title_case"
        if rule is not None:
            blocks.append(Block("heading", line, rule=rule))
        elif m:
            blocks.append(Block("list_item", line[m.end() :].strip()))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return norm(a) == norm(b)
