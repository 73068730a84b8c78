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

#: Double quotation marks: the openings, and the closings each one accepts (wire copy
#: often opens with a straight mark and closes with a curly one).
_DOUBLE_CLOSING = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"\u201d'}
_DOUBLE_MARKS = re.compile('["\u201c\u201d\u00ab\u00bb]')
#: After a straight mark, the characters that cannot start a quote (an inch mark, "x",).
_NOT_AFTER_OPENING = frozenset(",;:!?)]}")
#: Before a straight opening mark: a space, the start of the line, or one of these.
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/:'\u2018")

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

    Double marks pair within a line (a paragraph), an opening with the next closing
    mark it accepts: curly with curly, guillemets with guillemets, and a straight
    opening with a straight or a curly closing mark. A straight mark opens only before
    a word, or after a space, bracket, dash or colon and before a mark that can start
    one (not an inch mark after a figure). A quote over several sentences is one span. An unclosed
    curly quote runs to the end of its line; an unclosed straight one does too when
    the next paragraph opens with a quotation mark (a quote that goes on over several
    paragraphs: each paragraph opens with a mark, only the last one closes), and is
    otherwise a stray mark, not a quote. The spans of the last
    few texts are kept: the facts, dates and flags stages each ask for the same article's.
    """
    return list(_quote_spans(text, start, len(text) if end is None else end))


@lru_cache(maxsize=4)
def _quote_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end == -1:
            line_end = end
        spans.extend(_double_quotes(text, line_start, line_end, end))
        line_start = line_end + 1
    spans.extend(_single_quotes(text, start, end))
    spans.sort()
    return tuple(spans)


def _double_quotes(text: str, lo: int, hi: int, end: int) -> Iterable[tuple[int, int]]:
    """The double-mark quotes of the line ``text[lo:hi]`` (see :func:`quote_spans`);
    ``end`` bounds the look at the next paragraph."""
    opening = -1
    nested: list[str] = []  # curly quotes inside a straight one ("He said “no” to me")
    for m in _DOUBLE_MARKS.finditer(text, lo, hi):
        i, mark = m.start(), m.group()
        if opening >= 0:
            if nested and mark == _DOUBLE_CLOSING[nested[-1]]:
                nested.pop()
            elif mark in ("\u201c", "\u00ab") and text[opening] == '"':
                nested.append(mark)
            elif mark in _DOUBLE_CLOSING[text[opening]]:
                yield opening, i + 1
                opening, nested = -1, []
            continue
        if mark == '"':
            before, after = text[i - 1] if i > lo else " ", text[i + 1] if i + 1 < hi else ""
            opens = after.isalnum() or (after and not after.isspace() and after not in _NOT_AFTER_OPENING)
            if opens and (before.isspace() or before in _BEFORE_OPENING or after.isalnum()):
                opening = i
        elif mark in _DOUBLE_CLOSING:
            opening = i
    if opening >= 0 and (text[opening] != '"' or _continued(text, hi, end)):
        yield opening, hi


def _continued(text: str, line_end: int, end: int) -> bool:
    """The paragraph after ``line_end`` opens with a double quotation mark."""
    nxt = line_end
    while nxt < end and text[nxt].isspace():
        nxt += 1
    return nxt < end and text[nxt] in ('"', "\u201c")


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
_CLOSING = {**_DOUBLE_CLOSING, "'": "'\u2019", "\u2018": "'\u2019"}


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
