"""Datelines: the wire opener that a summary shows without (``SAN FRANCISCO (AP) — ``).

A dateline is a shape, found only at the very start of the article body (the first
block after the title, when it is a paragraph; never after a heading, never in the
middle of a text):

- a place in capitals (``SAN FRANCISCO``, ``WASHINGTON, D.C.``, ``LOS ANGELES, Calif.``),
  optionally with a date (``, Jan. 5``, ``Monday``), followed by an agency or outlet in
  parentheses (``(AP)``), a dash (``—``, ``–``, ``--``, ``-``) or both;
- a place in title case (``London``, ``New York``) with an outlet in parentheses and a
  dash or glued to the next word (``Washington (CNN)This week``), or with a date and a
  dash (a title-case name with a dash or a parenthesis alone may be a sentence's
  subject: ``Tesla (TSLA) shares rose``);
- an outlet in parentheses, optionally with a dash, even glued to the first word
  (``(CNN)An earthquake …``, ``(Reuters) - Shares …``).

An outlet may also stand between slashes (``/PRNewswire/ --``). What follows must open
a sentence (a capital, a digit or a quotation mark). A capitalised
subject without a parenthesis or a dash (``PARIS is …``) is no dateline.

The dateline stays in ``Article.text`` (every offset refers to it, and the extraction
gold keeps it): :func:`find_dateline` gives its span, and the summary shows the key
points and the lede that hold it from its end (``Summary.dateline``, ``KeyPoint.text``,
``Summary.lede_text``).

What goes in: the article text and its blocks. What comes out: ``(start, end)`` or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Block

__all__ = ["find_dateline", "dateline_length"]

_CAPS = r"[A-Z][A-Z.'\u2019&-]*[A-Z.]"
_TITLE = r"[A-Z][a-z]+\.?"
_ABBR = r"[A-Z][a-z]*\.?(?:\s?[A-Z]\.)*"
_CAPS_PLACE = rf"{_CAPS}(?:\s+{_CAPS}){{0,3}}(?:,\s+(?:{_CAPS}(?:\s+{_CAPS}){{0,2}}|{_ABBR}))?"
_TITLE_PLACE = rf"{_TITLE}(?:\s+{_TITLE}){{0,2}}(?:,\s+{_TITLE}(?:\s+{_TITLE})?)?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    r"(?:,?\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    rf"|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))"
)
_OUTLET = r"(?:\([A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*){0,3}\)|/[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,2}/)"
# A dash with its white space: an em or en dash, ``--``, or a hyphen with a space after
# it (``(Reuters) - ``, ``LONDON - ``; not the hyphen of ``US-German``).
_DASH = r"(?:\s*(?:\u2014|\u2013|--)|\s*-(?=\s))"
_NEXT = r"(?=[\"'\u201c\u2018A-Z0-9])"

_DATELINE = re.compile(
    "|".join(
        (
            rf"{_CAPS_PLACE}{_DATE}?\s*{_OUTLET}(?:\s*{_DASH})?\s*{_NEXT}",
            rf"{_CAPS_PLACE}{_DATE}?\s*{_DASH}\s*{_NEXT}",
            rf"{_TITLE_PLACE}{_DATE}?\s*{_OUTLET}(?:\s*{_DASH}\s*{_NEXT}|(?=[A-Z\"\u201c]))",
            rf"{_TITLE_PLACE}{_DATE}\s*{_DASH}\s*{_NEXT}",
            rf"{_OUTLET}(?:\s*{_DASH})?\s*{_NEXT}",
        )
    )
)


def dateline_length(text: str) -> int:
    """The length of the dateline at the start of ``text`` (with the white space after
    it); 0 when ``text`` does not open with one."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def find_dateline(text: str, blocks: Sequence[Block] = ()) -> tuple[int, int] | None:
    """The span of the dateline at the start of the article body, or None.

    ``text`` is ``Article.text`` and ``blocks`` its blocks; the body starts at the first
    block that is not the title, and only a paragraph can open with a dateline (with no
    blocks, the text is one paragraph)."""
    body = next((b for b in blocks if b.kind != "title"), None)
    if body is None:
        if blocks:
            return None
        start = len(text) - len(text.lstrip())
        end = len(text)
    elif body.kind != "paragraph":
        return None
    else:
        start, end = body.start, body.end
    n = dateline_length(text[start:end])
    return (start, start + n) if n else None
