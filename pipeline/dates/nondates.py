"""What looks like a date but is not one: ages, bare numbers, frequency adjectives, years that name a work,
names spaCy reads as dates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .vocabulary import DATE_WORDS, PART_RE, SET_WORDS, WEEKDAY_RE

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["YEAR_TITLE", "habitual_day", "no_date_word", "not_a_date"]


_AGE = re.compile(r"(?:^|\b)[\w-]+[- ](?:years?|months?|weeks?|days?)[- ]old$|^\d{1,2}$|^(?:his|her|their|its) ", re.IGNORECASE)


def not_a_date(doc: Doc, seg: str, root: int) -> bool:
    """Ages (``44``, ``six-year-old``) and attributive frequency adjectives (``a quarterly dividend``)."""
    if _AGE.search(seg.strip()):
        return True
    digits = seg.strip()
    if digits.isdigit() and not 1000 <= int(digits) <= 2999:
        return True  # a bare number (model name, count, clock digits), not a year
    token = doc[root]
    if digits.isdigit() and _counted(token):
        return True
    if token.lower_ in SET_WORDS and token.dep_ == "amod" and len(seg.split()) == 1:
        return True
    return False


def _counted(token: Token) -> bool:
    """A four-digit number with no mark of a year, in a place where numbers are amounts: the object of a verb
    (``scored 1061 and 1128``) or the amount of a plural noun without an article (``scores of 1061``).
    A year is named after a preposition (``in 1066``), as a noun's modifier with its article (``the 1996 bombing``),
    as a subject or after *be* (``1989 was a good year``, ``the last time was 2009``)."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head  # "1061 and 1128": the list is what its first member is
    if token.dep_ in ("dobj", "dative"):
        return True
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "of":
        return False
    noun = prep.head  # "scores of 1061": the amount of a plural noun with no article, not a time word
    return noun.tag_ == "NNS" and noun.lower_ not in DATE_WORDS and not any(c.dep_ in ("det", "poss") for c in noun.children)


def _title_before() -> re.Pattern[str]:
    from ..facts.quotes import TITLE_WORDS

    words = "|".join(sorted(w for w in TITLE_WORDS if w not in ("titled", "entitled", "called", "dubbed", "named", "column", "article")))
    return re.compile(rf"\b(?:{words})\s+[\"\u201c\u2018']?\d{{4}}[\"\u201d\u2019']?$", re.IGNORECASE)


#: A year right after a title word (``the film 1917``) names a work, not a time.
YEAR_TITLE = _title_before()


def no_date_word(seg: str) -> bool:
    """No digit and no word of the date vocabulary: a name or a title, not a date."""
    words = re.findall(r"[a-z]+", seg.lower())
    return not re.search(r"\d", seg) and not any(w in DATE_WORDS for w in words)


#: A weekday, with a part of the day: what can modify a noun (``Saturday publication``, ``Monday night football``).
_DAY_MODIFIER = re.compile(rf"{WEEKDAY_RE}(?:\s+{PART_RE})?", re.IGNORECASE)


def habitual_day(doc: Doc, seg: str, root: int) -> bool:
    """A weekday that modifies a bare noun (no article, no possessive, not a time word): what happens every such
    day (``end Saturday publication``, ``Monday night football``), a set as TimeML writes it, not one day.

    With an article or a possessive the phrase names one day's thing (``the Friday explosions``,
    ``its Friday issue``, ``his Sunday night address``), as TimeML annotates them.
    """
    if not _DAY_MODIFIER.fullmatch(seg.strip()):
        return False
    token = doc[root]
    while token.head.i == token.i + 1 and re.fullmatch(PART_RE, token.head.lower_):
        token = token.head  # "Monday" of "Monday night football": the part of the day carries the phrase
    head = token.head
    if token.dep_ not in ("compound", "amod", "nmod") or head.i <= token.i or head.pos_ != "NOUN" or head.lower_ in DATE_WORDS:
        return False
    first = doc[min(t.i for t in head.subtree)]
    if first.i > 0 and doc[first.i - 1].pos_ == "ADP" and doc[first.i - 1].head.i != head.i:
        return False  # "on Tuesday and Iraqi-bound cargo": a weekday after a preposition misread as a modifier
    return not any(c.dep_ in ("det", "poss") for c in head.children)
