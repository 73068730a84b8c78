"""Expressions that spell out their own value: calendar dates that name a year, month
or day (``June 13, 2025``, ``2/13/1998``, ``March 1998``, ``'98``) and amounts of time
(``three years``, ``two and a half hours``, ``decades``).

Two rules of the grammar (:mod:`.grammar`), kept apart because they are the largest.
"""

from __future__ import annotations

import datetime as _dt
import re

from .periods import checked, duration, guess_year, year4
from .rules import Parse, parsed
from .vocabulary import MONTH_RE, NUMBER_RE, ORD_DAY_RE, UNIT_RE, WEEKDAY_RE, YEAR_RE, month_number, number_value, strip_lead, unit_code

__all__ = ["explicit_date", "duration_parse"]


def explicit_date(t: str, ref: _dt.date | None, *, tense: int) -> Parse | None:
    """Calendar dates that name their own year, month or day; None when ``t`` is not one.

    ``tense`` (-1 past, 0 unknown, 1 future) picks the year of a month named without one.
    """
    t = re.sub(r"^(?:the\s+)?(?:calendar|fiscal|financial|model|budget|school|academic)\s+(?:year\s+)?", "", t)
    t = re.sub(r"^(?:the\s+)?year\s+(?=\d{4}$)", "", t)
    t = re.sub(
        r"^(?:the\s+)?(?:end|beginning|start|middle|close|rest|remainder|course|spring|summer)\s+of\s+(?=(?:\d{4}|" + MONTH_RE + r")\b)",
        "",
        t,
    )
    t = re.sub(r"^(?:early|late|mid|the middle of|the end of)[-\s]+(?=(?:\d{4}|" + MONTH_RE + r")\b)", "", t)
    y: int | None  # the year, when the text names one
    # 1998, fiscal 1998, '98
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        y = int(m.group(1))
        if 1000 <= y <= 2999:
            return parsed(str(y), "point")
        return None
    m = re.fullmatch(r"'(\d{2})", t)
    if m:
        return parsed(str(year4(m.group(0), ref)), "point")
    # 1998-02-13, 2/13/1998, 13.02.1998
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return checked(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", t)
    if m:
        y = year4(m.group(3), ref)
        return checked(y, int(m.group(1)), int(m.group(2))) if y else None
    # month day, year / month year / month
    m = re.fullmatch(rf"(?:(?:{WEEKDAY_RE}),?\s+)?{MONTH_RE}\s+{ORD_DAY_RE}(?:,?\s+{YEAR_RE})?", t)
    if m:
        mo = month_number(m.group(2))
        day = int(m.group(3))
        if m.group(4):
            y = year4(m.group(4), ref)
            return checked(y, mo, day) if y else None
        if ref is None:
            return parsed(f"XXXX-{mo:02d}-{day:02d}", "relative", None)
        y = guess_year(mo, ref, tense=tense)
        r = checked(y, mo, day)
        return Parse(r.timeml, r.iso, "relative") if r else None
    m = re.fullmatch(rf"(?:(?:{WEEKDAY_RE}),?\s+)?(?:the\s+)?{ORD_DAY_RE}\s+(?:of\s+)?{MONTH_RE}(?:,?\s+{YEAR_RE})?", t)
    if m:
        day, mo = int(m.group(2)), month_number(m.group(3))
        if m.group(4):
            y = year4(m.group(4), ref)
            return checked(y, mo, day) if y else None
        if ref is None:
            return parsed(f"XXXX-{mo:02d}-{day:02d}", "relative", None)
        r = checked(guess_year(mo, ref, tense=tense), mo, day)
        return Parse(r.timeml, r.iso, "relative") if r else None
    m = re.fullmatch(rf"{MONTH_RE},?\s+(?:of\s+)?{YEAR_RE}", t)
    if m:
        y = year4(m.group(2), ref)
        if y is None:
            return None
        return parsed(f"{y}-{month_number(m.group(1)):02d}", "point")
    m = re.fullmatch(
        rf"(?:(this|last|next|this past|this coming|early|late|mid|the end of|the beginning of|the middle of|until|in)[-\s]+)?{MONTH_RE}",
        t,
    )
    if m:
        mo = month_number(m.group(2))
        if ref is None:
            return parsed(f"XXXX-{mo:02d}", "relative", None)
        rel = m.group(1) or ""
        if rel == "last":
            y = ref.year if mo < ref.month else ref.year - 1
        elif rel == "next":
            y = ref.year if mo > ref.month else ref.year + 1
        elif rel == "this":
            y = ref.year
        else:
            y = guess_year(mo, ref, tense=tense)
        v = f"{y}-{mo:02d}"
        return Parse(v, v, "relative")
    # the 13th (day of the reference month)
    return None


def duration_parse(t: str) -> Parse | None:
    """Amounts of time (``three years``, ``two and a half hours``, ``decades``) as durations; None when ``t`` is not one."""
    t = strip_lead(t)
    t = re.sub(r"^(?:the|a|an)\s+(?=(?:past|last|next|coming|first|final|previous|following|latest)\b)", "", t)
    t = re.sub(r"^(?:past|last|next|coming|first|final|previous|following|latest|recent|initial)\s+", "", t)
    t = re.sub(r"^(?:the|another|an additional|additional|other)\s+", "", t)
    half = False
    if re.search(r"\band[-\s]a[-\s]half$", t):  # "a year and a half": the half is kept, not dropped as a suffix
        half = True
        t = re.sub(r"\s*\band[-\s]a[-\s]half$", "", t)
    t = re.sub(r"\s+(?:long|old|running|straight|in a row|or so|or more|plus|period|span|stretch|time|-long)$", "", t)
    t = re.sub(r"^an?\s+(?=\d)", "", t)
    if re.search(r"\band[-\s]a[-\s]half\b", t):
        half = True
        t = re.sub(r"\s*\band[-\s]a[-\s]half\b", "", t)
    m = re.fullmatch(
        rf"({NUMBER_RE}|several|a few|few|many|some|numerous|multiple|a couple of|couple of)[-\s]+(?:and[-\s]a[-\s]half[-\s]+)?(?:more\s+)?{UNIT_RE}(?:[-\s](?:long|old))?",
        t,
    )
    if m:
        q = re.sub(r"^a\s+(?=couple)", "", m.group(1).replace(" of", ""))  # "a couple of years" is two, not one and two
        n = number_value(q)
        u = unit_code(m.group(2))
        if u is None:
            return None
        if u == "WE":
            return parsed(duration(n, "WE"), "duration")
        return parsed(duration(n, u, half=half), "duration")
    m = re.fullmatch(r"(\d+)\s+1/2\s+" + UNIT_RE, t)
    if m:
        u = unit_code(m.group(2))
        if u and u.startswith("T"):
            n = int(m.group(1))
            sub = {"TH": ("H", "M", 30), "TM": ("M", "S", 30)}.get(u)
            if sub:
                return parsed(f"PT{n}{sub[0]}{sub[2]}{sub[1]}", "duration")
        if u:
            return parsed(duration(int(m.group(1)), u, half=True), "duration")
    m = re.fullmatch(r"half\s+(?:an?\s+)?" + UNIT_RE, t)
    if m:
        u = unit_code(m.group(1))
        if u == "Y":
            return parsed("P6M", "duration")
        if u == "TH":
            return parsed("PT30M", "duration")
        if u == "D":
            return parsed("PT12H", "duration")
        return None
    m = re.fullmatch(UNIT_RE, t)
    if m and t.endswith("s") and t not in ("ms",):
        u = unit_code(t)
        if u:
            return parsed(duration(None, u), "duration")
    m = re.fullmatch(r"(years|months|weeks|days|hours|minutes|decades|centuries)[-\s]long", t)
    if m:
        u = unit_code(m.group(1))
        if u:
            return parsed(duration(None, u), "duration")
    return None
