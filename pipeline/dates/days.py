"""Rules of the date grammar for days: relative days (``yesterday``), parts of the day
(``this morning``), weekdays (``last Friday``, ``Monday at 3 p.m.``) and clock times
(``10:30 a.m.``). All of them need the reference date to have a value.
"""

from __future__ import annotations

import datetime as _dt
import re

from .periods import time_of_day, weekday_date
from .rules import REJECT, Answer, Parse, Rule, fullmatch, parsed
from .vocabulary import PART_RE, PARTS_OF_DAY, WEEKDAY_RE, weekday_number

__all__ = ["DAY_RULES"]


@fullmatch(
    r"(?:(?:early|late|earlier|later)\s+)?(today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow)(?:\s+"
    + PART_RE
    + r")?"
)
def _relative_day(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``yesterday``, ``tomorrow morning``, ``the day after tomorrow``."""
    base = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}[
        m.group(1)
    ]
    part = m.group(2) or ("night" if m.group(1) == "tonight" else None)
    if ref is None:
        return parsed(None, "relative")
    d = (ref + _dt.timedelta(days=base)).isoformat()
    tm = d + ("T" + PARTS_OF_DAY[part] if part else "")
    return Parse(tm, d, "relative")


@fullmatch(r"(?:early|late|earlier|later)\s+in\s+the\s+day")
def _in_the_day(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``later in the day``, ``earlier in the day``: the day of the reference (the story's day when it has one)."""
    if ref is None:
        return parsed(None, "relative")
    return parsed(ref.isoformat(), "relative")


@fullmatch(
    rf"(?:(early|late|earlier|later|mid)[-\s]+)?(?:(this|that|last|yesterday|tomorrow)\s+)?{PART_RE}(?:\s+(today|yesterday|tomorrow))?"
)
def _part_of_day(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``this morning``, ``last night``, ``tonight``, ``later this afternoon``, ``mid-afternoon yesterday``."""
    if not (m.group(1) or m.group(2) or m.group(3) == "tonight" or m.group(4)):
        return None
    if ref is None:
        return parsed(None, "relative")
    day = m.group(2) or m.group(4) or ""
    shift = {"yesterday": -1, "tomorrow": 1, "last": -1 if m.group(3) == "night" else 0}.get(day, 0)
    d = (ref + _dt.timedelta(days=shift)).isoformat()
    return Parse(d + "T" + PARTS_OF_DAY[m.group(3)], d, "relative")


@fullmatch(
    rf"(?:(this|last|next|early|late|earlier|later|on|this past|this coming|the following|the previous|the day)\s+)?{WEEKDAY_RE}(?:,)?(?:\s+(?:(early|late)\s+)?{PART_RE})?(?:\s+(?:at\s+)?(.+))?"
)
def _weekday(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """A weekday, with this/last/next, a part of day or a time: ``last Friday``, ``Monday at 3 p.m.``.

    Without this/last/next the nearest past weekday, or the next one in a future-tense sentence.
    """
    rel = m.group(1) or ""
    tod = time_of_day(m.group(5)) if m.group(5) else None
    if m.group(5) and tod is None:
        return REJECT
    if ref is None:
        return parsed(None, "relative")
    direction = {"next": 1, "this coming": 1, "the following": 1, "last": -1, "the previous": -1, "this past": -1}.get(rel, 0)
    if direction == 0 and tense > 0:
        direction = 1
    v = weekday_date(weekday_number(m.group(2)), ref, direction).isoformat()
    if m.group(4) and m.group(4) != "night":
        return Parse(v + "T" + PARTS_OF_DAY[m.group(4)], v, "relative")
    if tod:
        return Parse(f"{v}T{tod[0]:02d}:{tod[1]:02d}", v, "relative")
    return Parse(v, v, "relative")


@fullmatch(r"(.+?)(?:\s+(today|yesterday|tomorrow|tonight))?")
def _clock_time(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """A bare time of day: ``10:30 a.m.``, ``noon``, ``3 p.m. yesterday``."""
    tod = time_of_day(m.group(1))
    if tod is None:
        return None
    if ref is None:
        return parsed(None, "relative")
    shift = {"yesterday": -1, "tomorrow": 1}.get(m.group(2) or "", 0)
    d = (ref + _dt.timedelta(days=shift)).isoformat()
    return Parse(f"{d}T{tod[0]:02d}:{tod[1]:02d}", d, "relative")


@fullmatch(rf"(.+?)\s+{WEEKDAY_RE}")
def _time_then_weekday(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """A time or a part of day before a weekday: ``3 p.m. Friday``, ``early morning Sunday`` (the next one in a future-tense sentence)."""
    tod = time_of_day(m.group(1))
    part = PARTS_OF_DAY.get(m.group(1).split()[-1]) if m.group(1).split() else None
    if tod is None and not part:
        return None
    if ref is None:
        return parsed(None, "relative")
    d = weekday_date(weekday_number(m.group(2)), ref, 1 if tense > 0 else 0).isoformat()
    if tod is not None:
        return Parse(f"{d}T{tod[0]:02d}:{tod[1]:02d}", d, "relative")
    return Parse(f"{d}T{part}", d, "relative")


#: The day rules, in the order the grammar tries them.
DAY_RULES: tuple[Rule, ...] = (
    _relative_day,
    _in_the_day,
    _part_of_day,
    _weekday,
    _clock_time,
    _time_then_weekday,
)
