"""What a relative date is resolved against: its anchor, which moves with the story.

Three anchors, as HeidelTime uses for narrative text:

- ``narrative``: an anaphoric expression (:func:`is_anaphoric`: ``four years later``,
  ``that year``, ``the following day``, ``earlier that month``, ``the year before``)
  is resolved against the last date mentioned before it in the same section (a
  year, month or day with a value, explicit or itself resolved), when that date is
  fine enough for the expression's unit (a day needs a day); else the publication date;
- ``quote``: a deictic expression (:func:`is_deictic`: ``today``, ``tomorrow``,
  ``Friday``, ``this week``) inside a direct quote is resolved against the day the
  quote was given, when its sentence names one outside the quote
  (``"We leave today," she said on Sunday``);
- ``publication``: every other relative expression (the article's own voice) is
  resolved against the publication date.

A month-day named without a year (``a September 11 commemoration``) takes the year
the story has moved to (:func:`moved_year`): an explicit year before the publication
year, named in the same sentence or earlier in the same paragraph.

:class:`Narrative` keeps the last date of the story as the text is read.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .vocabulary import MONTH_RE, ORD_DAY_RE

__all__ = ["ANCHORS", "Anchor", "Narrative", "is_anaphoric", "is_deictic", "anchor_date", "is_month_day", "moved_year"]

#: The values of ``DateMention.anchor``.
ANCHORS: tuple[str, ...] = ("publication", "narrative", "quote")

_UNIT = r"(year|month|week|day|night|morning|evening|afternoon)s?"
_ANAPHORIC = re.compile(
    r"^(?:(?:earlier|later|late|early)\s+(?:in\s+)?)?(?:that|the same|the following|the previous|the prior)\s+" + _UNIT + r"$"
    r"|^(?:\S+(?:[\s-]\S+)?)\s+" + _UNIT + r"\s+(?:later|earlier|before|after|afterwards?)$"
    r"|^the\s+" + _UNIT + r"\s+(?:before|after)$"
    r"|^(?:earlier|later|late|early)\s+in\s+the\s+" + _UNIT + r"$",
    re.IGNORECASE,
)
_DEICTIC = re.compile(
    r"^(?:(?:early|late|earlier|later)\s+)?(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening|week)|last night"
    r"|(?:this |last |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(rf"^(?:on\s+)?{MONTH_RE}\s+{ORD_DAY_RE}$", re.IGNORECASE)
_GRANULARITY = {"year": 1, "month": 2, "week": 3, "day": 3, "night": 3, "morning": 3, "evening": 3, "afternoon": 3}


def is_anaphoric(text: str) -> bool:
    """An expression that counts from a time the story has set (``four years later``), not from now."""
    return bool(_ANAPHORIC.match(text.strip()))


def is_deictic(text: str) -> bool:
    """A day counted from the moment of speaking (``today``, ``yesterday``, ``Friday``)."""
    return bool(_DEICTIC.match(text.strip()))


def is_month_day(text: str) -> bool:
    """A day of a month named without a year (``September 11``, ``Aug. 7``)."""
    return bool(_MONTH_DAY.match(text.strip()))


def moved_year(
    years: Sequence[tuple[int, int]],
    dated: Sequence[tuple[int, int]],
    *,
    at: int,
    sentence: tuple[int, int],
    paragraph: int,
    publication: int,
) -> int | None:
    """The year a month-day at offset ``at`` belongs to when the story has moved to an earlier year, else None.

    ``years`` are the explicit years of the text that can set the story's time, as
    (offset, year), in order; ``dated`` all dated expressions, as (offset, year of
    the value). One counts when it is before ``publication`` and named in the
    ``sentence`` (start, end) of the month-day (the nearest wins), or, failing that,
    when it is the last one before the month-day in its paragraph (which starts at
    ``paragraph``) and no date of another year has been named since.
    """
    lo, hi = sentence
    same = [(abs(pos - at), y) for pos, y in years if lo <= pos < hi and y < publication]
    if same:
        return min(same)[1]
    before = [(pos, y) for pos, y in years if paragraph <= pos < at]
    if not before or before[-1][1] >= publication:
        return None
    pos, year = before[-1]
    since = [y for p, y in dated if pos < p < at]
    return year if all(y == year for y in since) else None


def _unit_granularity(text: str) -> int:
    m = re.search(_UNIT, text.lower())
    return _GRANULARITY.get(m.group(1), 3) if m else 3


def anchor_date(value: str | None) -> tuple[_dt.date, int] | None:
    """The date a TimeML value can anchor, with its granularity (1 year, 2 month, 3 day); None for other values."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?", value or "")
    if not m:
        return None
    try:
        if m.group(3):
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), 3
        if m.group(2):
            return _dt.date(int(m.group(1)), int(m.group(2)), 15), 2
        return _dt.date(int(m.group(1)), 7, 1), 1
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Anchor:
    """What one expression is resolved against: the kind (:data:`ANCHORS`), the date and its value."""

    kind: str
    date: _dt.date | None
    value: str | None


class Narrative:
    """The last date of the story, as the text is read in order (one per section)."""

    def __init__(self, publication: _dt.date | None) -> None:
        self.publication = publication
        self._last: tuple[str, _dt.date, int] | None = None
        self._section: str | None = None

    def anchor_for(self, text: str, *, section: str | None) -> Anchor:
        """The anchor of an expression met now, in ``section``."""
        if section != self._section:
            self._section, self._last = section, None
        if self._last is not None and is_anaphoric(text):
            value, date, granularity = self._last
            if granularity >= _unit_granularity(text):
                return Anchor("narrative", date, value)
        return Anchor("publication", self.publication, self.publication.isoformat() if self.publication else None)

    def saw(self, value: str | None) -> None:
        """An expression with ``value`` (TimeML) was read: it is the story's time from now on, when it is a date."""
        found = anchor_date(value)
        if found is not None:
            assert value is not None
            self._last = (value.split("T", 1)[0], found[0], found[1])
