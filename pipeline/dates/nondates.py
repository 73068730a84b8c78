"""What looks like a date but is not one: ages, bare numbers, frequency adjectives, years that name a work,
names spaCy reads as dates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .vocabulary import DATE_WORDS, SET_WORDS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["YEAR_TITLE", "no_date_word", "not_a_date"]


_AGE = re.compile(r"(?:^|\b)[\w-]+[- ](?:years?|months?|weeks?|days?)[- ]old$|^\d{1,2}$|^(?:his|her|their|its) ", re.IGNORECASE)


def not_a_date(doc: Doc, seg: str, root: int) -> bool:
    """Ages (``44``, ``six-year-old``) and attributive frequency adjectives (``a quarterly dividend``)."""
    if _AGE.search(seg.strip()):
        return True
    digits = seg.strip()
    if digits.isdigit() and not 1000 <= int(digits) <= 2999:
        return True  # a bare number (model name, count, clock digits), not a year
    token = doc[root]
    if token.lower_ in SET_WORDS and token.dep_ == "amod" and len(seg.split()) == 1:
        return True
    return False


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
