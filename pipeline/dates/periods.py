"""Calendar arithmetic for the date grammar: durations, weeks, quarters and halves,
decades and centuries, weekdays, clock times, the year of a month named without one,
and the ISO 8601 rendering of TimeML values.

Pure functions on numbers, dates and strings; no word tables beyond the seasons.
"""

from __future__ import annotations

import datetime as _dt
import re

from .rules import Parse, parsed
from .vocabulary import SEASON_MONTHS

__all__ = [
    "duration",
    "quarter_of",
    "shift_month",
    "iso_week",
    "year4",
    "rel_unit",
    "decade_iso",
    "weekday_date",
    "time_of_day",
    "quarter_iso",
    "iso_of",
    "guess_year",
    "checked",
]


def duration(n: int | None, unit: str, *, half: bool = False) -> str:
    """A TimeML/ISO duration: ``P3Y``, ``PT2H``, ``PXY`` (n None)."""
    if unit == "DE":
        amount = "X" if n is None else str(n * 10)
        return f"P{amount}Y"
    if unit == "CE":
        if n is None:
            return "PXCE"
        return f"P{n * 100}Y"
    if unit == "2W":
        return "PXW" if n is None else f"P{2 * n}W"
    if unit == "WE":
        return "PXWE" if n is None else f"P{n}WE"
    if half and n is not None:
        if unit == "Y":
            return f"P{n}Y6M"  # "2 1/2 years": P2Y6M, as TimeBank writes it
        if unit == "D":
            return f"P{n}DT12H"
        if unit == "TH":
            return f"PT{n}H30M"
        if unit == "TM":
            return f"PT{n}M30S"
    if unit.startswith("T"):
        return f"PT{'X' if n is None else n}{unit[1:]}"
    return f"P{'X' if n is None else n}{unit}"


def quarter_of(d: _dt.date) -> int:
    """The quarter (1-4) a date falls in."""
    return (d.month - 1) // 3 + 1


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) ``delta`` months away."""
    m = year * 12 + (month - 1) + delta
    return m // 12, m % 12 + 1


def iso_week(d: _dt.date) -> str:
    """The ISO week of a date: ``1998-W07``."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def year4(text: str, reference: _dt.date | None) -> int | None:
    """``1998``, ``'98``, ``98`` -> a four-digit year."""
    t = text.strip().lstrip("'’")
    if not t.isdigit():
        return None
    if len(t) == 4:
        return int(t)
    if len(t) == 2:
        century = (reference.year // 100) * 100 if reference else 1900
        y = century + int(t)
        if reference and y > reference.year + 10:
            y -= 100
        return y
    return None


def rel_unit(unit: str, delta: int, ref: _dt.date) -> str | None:
    """The period ``delta`` units away from the reference: year, month, week, day, quarter."""
    if unit == "Y":
        return str(ref.year + delta)
    if unit == "M":
        y, m = shift_month(ref.year, ref.month, delta)
        return f"{y}-{m:02d}"
    if unit == "W":
        return iso_week(ref + _dt.timedelta(weeks=delta))
    if unit == "D":
        return (ref + _dt.timedelta(days=delta)).isoformat()
    if unit == "Q":
        q = ref.year * 4 + quarter_of(ref) - 1 + delta
        return f"{q // 4}-Q{q % 4 + 1}"
    if unit == "DE":
        return f"{ref.year // 10 + delta}"
    if unit == "CE":
        return f"{ref.year // 100 + delta}"
    if unit == "WE":
        return iso_week(ref + _dt.timedelta(weeks=delta)) + "-WE"
    if unit.startswith("T"):
        return (ref + _dt.timedelta(days=0)).isoformat()
    return None


def decade_iso(start: int, span: int, part: str | None) -> str:
    """A decade (``span`` 10) or century (100) from its first year as an ISO interval, or its early, mid or late part."""
    if span == 10:
        if part == "early":
            return f"{start}/{start + 3}"
        if part == "mid":
            return f"{start + 4}/{start + 6}"
        if part == "late":
            return f"{start + 7}/{start + 9}"
        return f"{start}/{start + 9}"
    # century: the 19th century is 1801-1900
    if part == "early":
        return f"{start}/{start + 32}"
    if part == "mid":
        return f"{start + 33}/{start + 65}"
    if part == "late":
        return f"{start + 66}/{start + 99}"
    return f"{start}/{start + 99}"


def weekday_date(wd: int, ref: _dt.date, direction: int) -> _dt.date:
    """The weekday ``wd`` nearest the reference: direction -1 past (or today), +1 future, 0 nearest past."""
    if direction > 0:
        delta = (wd - ref.weekday()) % 7 or 7
        return ref + _dt.timedelta(days=delta)
    delta = (ref.weekday() - wd) % 7
    if direction < 0 and delta == 0:
        delta = 7
    return ref - _dt.timedelta(days=delta)


def time_of_day(t: str) -> tuple[int, int] | None:
    """``10:30 a.m.``, ``3 p.m.``, ``noon``, ``midnight``, ``15:45`` -> (hour, minute)."""
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(?:[a-z]{2,4}|local time))?", t)
    if m and (m.group(2) or m.group(3)):
        h, mi = int(m.group(1)), int(m.group(2) or 0)
        ap = (m.group(3) or "").replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        if ap == "am" and h == 12:
            h = 0
        if 0 <= h <= 24 and 0 <= mi < 60:
            return h, mi
    if t in ("noon", "midday"):
        return 12, 0
    if t == "midnight":
        return 24, 0
    return None


def quarter_iso(year: int, n: int, size: int) -> str:
    """Quarter (``size`` 4) or half (2) number ``n`` of a year as a month interval: ``1998-07/1998-09``."""
    months = 12 // size
    a = (n - 1) * months + 1
    return f"{year}-{a:02d}/{year}-{a + months - 1:02d}"


def iso_of(v: str | None) -> str | None:
    """The ISO 8601 rendering of a TimeML value (quarters, halves, seasons become intervals)."""
    if v is None:
        return None
    m = re.fullmatch(r"(\d{4})-([QH])(\d)", v)
    if m:
        return quarter_iso(int(m.group(1)), int(m.group(3)), 4 if m.group(2) == "Q" else 2)
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v)
    if m:
        y = int(m.group(1))
        a, b = SEASON_MONTHS[m.group(2)]
        return f"{y}-{a:02d}/{y + (1 if b < a else 0)}-{b:02d}"
    m = re.fullmatch(r"(\d{4}-W\d{2})-WE", v)
    if m:
        return m.group(1)
    if v.endswith("_REF") or "X" in v:
        return None
    return v


def guess_year(month: int, ref: _dt.date, *, tense: int) -> int:
    """The year of a month named without one: the reference year, unless far in the future.

    The tense of the sentence (-1 past, 0 unknown or present, 1 future) decides
    between last and next occurrence.
    """
    if tense < 0:  # a past sentence never looks into the next year
        return ref.year - 1 if month > ref.month + 2 else ref.year
    if tense > 0:  # nor a future one into the last year
        return ref.year + 1 if month < ref.month else ref.year
    if month - ref.month > 6:
        return ref.year - 1
    if ref.month - month > 8:
        return ref.year + 1
    return ref.year


def checked(y: int | None, mo: int, d: int) -> Parse | None:
    """The date ``y-mo-d`` as a point, or None when there is no such day."""
    if y is None:
        return None
    try:
        v = _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None
    return parsed(v, "point")
