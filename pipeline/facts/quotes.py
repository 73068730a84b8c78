"""Direct quotes: the one quote detector (:func:`quote_spans`) and the quotes with
their speakers (:func:`extract_quotes`).

:func:`quote_spans` finds every span between quotation marks: curly double quotes
and guillemets (an unclosed one runs to the end of its line), straight double
quotes paired within a line, and single quotation marks (straight or curly) used as
quotes, as British papers do. The flags stage marks the cues inside them as quoted.

:func:`extract_quotes` keeps the outermost of those spans (a quote inside a quote is
part of it) that hold at least a few words, or are introduced by a reporting verb,
with the speaker: the subject of the nearest reporting verb outside the quote (a
``q`` verb of :mod:`.speech`), or the source of ``according to X``, resolved to the
canonical entity name; a pronoun subject goes to the most recent person named before
it; None when nobody is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..models import Entity, Quote
from ..sentences import SentenceIndex
from .speakers import QuoteSpan, _reporting_verb, attribute_quotes

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["quote_spans", "extract_quotes", "is_title", "TITLE_WORDS"]

_QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u00ab", "\u00bb"))

# Single quotation marks (straight ' or curly ‘ ’) used as quotes, as British papers
# do: an opening mark after a space or an opening bracket/dash and before a word,
# a closing mark after a word or punctuation and before a space, punctuation or
# the end of the line, with at least three words between them. Apostrophes inside
# words (don't, Hamas's) are neither; a possessive plural (players') can close only
# when a matching opener stands before it.
_SINGLE_QUOTE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))['\u2018](?=[A-Za-z0-9])"
    r"((?:[^'\u2018\u2019\n]|\w['\u2019]\w)+?\s(?:[^'\u2018\u2019\n]|\w['\u2019]\w)+?\s(?:[^'\u2018\u2019\n]|\w['\u2019]\w)+?)"
    r"(?<=[\w.,!?;:])['\u2019](?=[\s.,;:!?)\u2014\u2013-]|$)",
    re.M,
)
# The same regex's parts, to skip openers that cannot match (see _single_quotes): its
# lazy, overlapping groups backtrack over the whole rest of the line when no closing
# mark comes, which made one long paragraph cost a second.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))['\u2018](?=[A-Za-z0-9])", re.M)
_SINGLE_STOP = re.compile(r"\u2018|(?<!\w)['\u2019]|['\u2019](?!\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:])['\u2019](?=[\s.,;:!?)\u2014\u2013-]|$)", re.M)


def quote_spans(text: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of direct quotes in ``text[start:end]`` (including the marks).

    Curly quotes pair an opening with the next closing mark; straight double
    quotes pair in order within a line. An unclosed quote runs to the end of its
    line (a quote that goes on in the next paragraph). The spans of the last few
    texts are kept: the facts, dates and flags stages each ask for the same article's.
    """
    return list(_quote_spans(text, start, len(text) if end is None else end))


@lru_cache(maxsize=4)
def _quote_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for opening, closing in _QUOTE_PAIRS:
        i = text.find(opening, start, end)
        while i != -1:
            j = text.find(closing, i + 1, end)
            line_end = text.find("\n", i, end)
            if line_end == -1:
                line_end = end
            if j == -1 or j > line_end:
                spans.append((i, line_end))
                i = text.find(opening, line_end, end)
            else:
                spans.append((i, j + 1))
                i = text.find(opening, j + 1, end)
    spans.extend(_single_quotes(text, start, end))
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end == -1:
            line_end = end
        positions = [m.start() for m in re.finditer('"', text[line_start:line_end])]
        for a, b in zip(positions[0::2], positions[1::2]):
            spans.append((line_start + a, line_start + b + 1))
        line_start = line_end + 1
    spans.sort()
    return tuple(spans)


def _single_quotes(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The spans of ``_SINGLE_QUOTE.finditer(text, start, end)``, without its slow failures.

    A quote's inside holds no ``‘``, no newline but the two whitespace separators,
    and no ``'``/``’`` that is not between two word characters, so its closing mark
    can only be the first such mark after the opening one (``_SINGLE_STOP``). The
    regex is run only where that mark can close and at least two whitespace characters
    come before it; everywhere else it would fail (a test checks both agree).
    """
    pos = start
    while True:
        opening = _SINGLE_OPEN.search(text, pos, end)
        if opening is None:
            return
        i = opening.start()
        stop = _SINGLE_STOP.search(text, i + 1, end)
        if stop is not None:
            k = stop.start()
            inside = text[i + 1 : k]
            if (
                _SINGLE_CLOSE.match(text, k, end)
                and "\n\n" not in inside
                and inside.count("\n") <= 2
                and sum(c.isspace() for c in inside) >= 2
            ):
                m = _SINGLE_QUOTE.match(text, i, end)
                if m is not None:
                    yield m.start(), m.end()
                    pos = m.end()
                    continue
        pos = i + 1


#: The closing marks of each opening mark (a quote without one runs to the end of its line).
_CLOSING = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"', "'": "'\u2019", "\u2018": "'\u2019"}


def _direct_quotes(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end) of each outermost span of :func:`quote_spans` (marks included) and
    (lo, hi) of the words inside its marks; a quote inside another is part of it."""
    out: list[tuple[int, int, int, int]] = []
    taken = -1
    for a, b in quote_spans(text):
        if a < taken:
            continue  # inside (or across) a quote already taken
        closed = b - a >= 2 and text[b - 1] in _CLOSING.get(text[a], "")
        out.append((a, b, a + 1, b - 1 if closed else b))
        taken = b
    return out


#: Words after which a quoted span is a title (``the film "Joker"``), not speech.
TITLE_WORDS: frozenset[str] = frozenset(
    """film films movie movies book books novel novels memoir song songs album albums single show shows series sitcom
    documentary play plays musical opera podcast episode poem painting essay article column headline titled entitled
    called dubbed named""".split()
)
_TITLE_BEFORE = re.compile(r"\b(" + "|".join(sorted(TITLE_WORDS)) + r")\b[\s,]*(?:\(?\d{4}\)?\s*)?$", re.IGNORECASE)
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs".split())


def is_title(text: str, q_start: int, lo: int, hi: int) -> bool:
    """Quotation marks around a title, not speech: a short capitalised span (up to 12 words)
    with no end punctuation inside, after a title word (``film``, ``book``, ``song``,
    ``show`` …, :data:`TITLE_WORDS`), or in title case (every word but small ones capitalised)."""
    inner = text[lo:hi].strip()
    words = inner.split()
    if not words or len(words) > 12 or not words[0][:1].isupper() or inner[-1] in ".,!?;:":
        return False
    if _TITLE_BEFORE.search(text, max(0, q_start - 40), q_start):
        return True
    title_case = all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _SMALL_WORDS for w in words)
    return title_case and len(words) <= 8


def extract_quotes(doc: Doc, index: SentenceIndex, entities: Sequence[Entity], *, text: str) -> tuple[Quote, ...]:
    """Direct quotes with their speaker's canonical name (None when unnamed), in text order.

    ``doc`` is the parse of ``text``; ``index`` holds the prose sentences. ``start``/``end``
    are the offsets of the quoted words (inside the quote marks); ``found_by`` says how the
    speaker was found (:mod:`.speakers`). Titles in quotation marks (:func:`is_title`) and
    scare-quoted terms (under two words, or under six with no reporting verb) are not quotes.
    """
    kept: list[tuple[QuoteSpan, int, int]] = []
    for q_start, q_end, lo, hi in _direct_quotes(text):
        sent = index.at(q_start) or index.at(lo)
        if sent is None:
            continue
        n_words = len(text[lo:hi].split())
        if n_words < 2 or is_title(text, q_start, lo, hi):
            continue
        if n_words < 6 and _reporting_verb(doc, text, sent, q_start, q_end) is None:
            continue  # a scare-quoted term, not speech
        kept.append((QuoteSpan(q_start, q_end, sent, closed=hi < q_end), lo, hi))
    speakers = attribute_quotes(doc, text, entities, [q for q, _, _ in kept])
    return tuple(
        Quote(text[lo:hi], who.entity.name if who.entity else None, q.sentence.id, lo, hi, found_by=who.found_by)
        for (q, lo, hi), who in zip(kept, speakers)
    )
