"""Rules of the date grammar for named holidays (``Thanksgiving Day``, ``last Christmas``,
``Election Day``, ``Easter week``, ``Black Friday``): the day of the holiday in the year the sentence points to.

A holiday is a fixed day (Christmas, 25 December), the n-th weekday of a month
(Thanksgiving, the fourth Thursday of November), a day counted from Easter (Good
Friday) or the week of Easter. Without ``last``/``next``/``this`` the year is picked
by the tense of the sentence: the last one before the reference in a past sentence,
the next one in a future sentence, else the nearer of the two.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from .periods import iso_week
from .rules import Answer, Parse, Rule, fullmatch, parsed

__all__ = ["HOLIDAY_RULES", "HOLIDAY_RE", "easter"]


def easter(year: int) -> _dt.date:
    """Easter Sunday of ``year`` (Gregorian calendar, the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return _dt.date(year, month, day)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> _dt.date:
    """The ``n``-th ``weekday`` (Monday 0) of a month; ``n`` -1 is the last one."""
    if n > 0:
        first = _dt.date(year, month, 1)
        return first + _dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)
    return last - _dt.timedelta(days=(last.weekday() - weekday) % 7)


def _fixed(month: int, day: int) -> Callable[[int], _dt.date]:
    return lambda y: _dt.date(y, month, day)


def _nth(month: int, weekday: int, n: int) -> Callable[[int], _dt.date]:
    return lambda y: _nth_weekday(y, month, weekday, n)


#: Holiday name (lower case) -> the day it falls on in a given year.
HOLIDAYS: dict[str, Callable[[int], _dt.date]] = {
    "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25),
    "christmas eve": _fixed(12, 24),
    "new year's day": _fixed(1, 1),
    "new year's eve": _fixed(12, 31),
    "independence day": _fixed(7, 4),
    "halloween": _fixed(10, 31),
    "thanksgiving": _nth(11, 3, 4),
    "thanksgiving day": _nth(11, 3, 4),
    "labor day": _nth(9, 0, 1),
    "memorial day": _nth(5, 0, -1),
    # the Tuesday after the first Monday of November
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + _dt.timedelta(days=1),
    # the Friday and the Monday after Thanksgiving
    "black friday": lambda y: _nth_weekday(y, 11, 3, 4) + _dt.timedelta(days=1),
    "cyber monday": lambda y: _nth_weekday(y, 11, 3, 4) + _dt.timedelta(days=4),
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda y: easter(y) - _dt.timedelta(days=2),
    "easter saturday": lambda y: easter(y) - _dt.timedelta(days=1),
    "easter monday": lambda y: easter(y) + _dt.timedelta(days=1),
}

#: The holiday names, capitalised as in running text, for finding them (spaCy often labels them EVENT);
#: not when a capitalised word follows, which makes them part of a name (``Christmas Island``).
HOLIDAY_RE = r"\b(?:(?:last|next|this)\s+)?(?:Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Independence Day|Halloween|Labor Day|Memorial Day|Election Day|Easter(?: Sunday| Saturday| Monday| week)?|Good Friday|Black Friday|Cyber Monday)\b(?!['’]s\s+[A-Z]|\s+[A-Z])"


def _occurrence(day_of: Callable[[int], _dt.date], ref: _dt.date, which: str, tense: int) -> _dt.date:
    """The holiday's day: ``which`` is last/next/this or empty (then the tense decides)."""
    before = day_of(ref.year) if day_of(ref.year) <= ref else day_of(ref.year - 1)
    after = day_of(ref.year) if day_of(ref.year) >= ref else day_of(ref.year + 1)
    if which == "this":
        return day_of(ref.year)
    if which == "last" or (not which and tense < 0):
        return before if before < ref or which != "last" else day_of(ref.year - 1)
    if which == "next" or (not which and tense > 0):
        return after
    return before if (ref - before) <= (after - ref) else after


@fullmatch(r"(?:(last|next|this)\s+)?(.+?)(\s+week)?")
def _holiday(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``Thanksgiving Day``, ``last Christmas``, ``Election Day``, ``Easter week``."""
    day_of = HOLIDAYS.get(m.group(2))
    if day_of is None or (m.group(3) and not m.group(2).startswith("easter")):
        return None
    if ref is None:
        return parsed(None, "relative")
    d = _occurrence(day_of, ref, m.group(1) or "", tense)
    if m.group(3):
        return Parse(iso_week(d), iso_week(d), "relative")
    return Parse(d.isoformat(), d.isoformat(), "relative")


#: The holiday rules, in the order the grammar tries them.
HOLIDAY_RULES: tuple[Rule, ...] = (_holiday,)
