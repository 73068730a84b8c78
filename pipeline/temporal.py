"""Dates and times: normalise date expressions, find them in prose, build a timeline.

``normalise_date(text, reference=..., label=...)`` turns one expression into a
:class:`DateValue`:

- ``value``: ISO 8601 (``2006``, ``2025-06-13``, ``1998-W07``), an ISO interval
  ``start/end`` for spans (``the early 1990s`` -> ``1990/1993``, ``the mid-2000s``
  -> ``2004/2006``, ``the 19th century`` -> ``1801/1900``, ``summer 1998`` ->
  ``1998-06/1998-08``, ``the third quarter of 1998`` -> ``1998-07/1998-09``), an ISO
  duration (``three years`` -> ``P3Y``; vague amounts keep TimeML's ``X``:
  ``for decades`` -> ``PXY``), the period of a set (``annually`` -> ``P1Y``), or
  for relative expressions the resolved value (None when no reference date is given);
- ``kind``: ``point``, ``interval``, ``duration``, ``set`` or ``relative``;
- ``resolved``: for relative expressions, the value against ``reference``, else None;
- ``timeml``: the value as TimeML/TempEval-3 writes it (``199X`` for a decade,
  ``1998-Q3``, ``1998-SU``, ``PRESENT_REF``, ``XXXX-WXX-4`` …), used by the
  ``dates`` evaluation task.

Nonsense never raises: it comes back with ``value=None``.

A small grammar of our own handles years, decades, centuries, seasons, quarters,
halves, weeks, weekdays, relative words, durations, sets, ranges and times of
day; ``dateparser`` is the fallback for other explicit dates.

``extract_dates(doc, sentences, reference=...)`` reads spaCy's DATE/TIME
entities (trimmed and extended by rules) inside prose sentences;
``build_timeline(dates, sentences)`` orders the sentences that carry a resolvable
point or interval by date.
"""

from __future__ import annotations

import calendar
import contextvars
import datetime as _dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .entities import doc_text
from .models import DateMention, Sentence, TimelineEntry
from .sentences import SentenceIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "DATE_KINDS",
    "DateValue",
    "normalise_date",
    "timeml_value",
    "extract_dates",
    "build_timeline",
]

DATE_KINDS: tuple[str, ...] = ("point", "interval", "duration", "set", "relative")


@dataclass(frozen=True, slots=True)
class DateValue:
    """The normalised value of one date or time expression."""

    value: str | None
    kind: str = "point"
    resolved: str | None = None
    timeml: str | None = None


# --------------------------------------------------------------------------
# lexicon (general English date vocabulary)

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(calendar.day_name):
    WEEKDAYS[_name.lower()] = _i
    WEEKDAYS[_name[:3].lower()] = _i
WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3, "weds": 2})

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
#: season -> (first month, last month); winter runs into the next year.
SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
    "midday": "MI",
    "noon": "MI",
    "dawn": "MO",
    "dusk": "EV",
}

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "single": 1,
    "couple": 2,
    "dozen": 12,
    "half": 0,
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "last": -1,
    "final": -1,
}

#: unit word -> TimeML duration unit (after "P"; "T" units are times).
UNITS: dict[str, str] = {
    "year": "Y",
    "yr": "Y",
    "month": "M",
    "week": "W",
    "wk": "W",
    "day": "D",
    "fortnight": "2W",
    "hour": "TH",
    "hr": "TH",
    "minute": "TM",
    "min": "TM",
    "second": "TS",
    "sec": "TS",
    "decade": "DE",
    "century": "CE",
    "quarter": "Q",
    "weekend": "WE",
    "night": "D",
    "session": "D",
}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

PRESENT_WORDS = frozenset(
    {
        "now",
        "currently",
        "current",
        "present",
        "at present",
        "the present",
        "nowadays",
        "these days",
        "right now",
        "just now",
        "today's",
        "presently",
        "the moment",
        "at the moment",
        "the current period",
        "so far",
        "to date",
        "this time",
        "at this time",
        "now-",
    }
)
PAST_WORDS = frozenset(
    {
        "recently",
        "recent",
        "previously",
        "the past",
        "in the past",
        "past",
        "lately",
        "formerly",
        "earlier",
        "once",
        "before",
        "years past",
        "the old days",
        "former",
        "the recent past",
        "historically",
        "a while ago",
        "long ago",
        "some time ago",
        "ago",
        "the early years",
    }
)
FUTURE_WORDS = frozenset(
    {
        "future",
        "the future",
        "soon",
        "later",
        "eventually",
        "in the future",
        "the near future",
        "the coming years",
        "the years ahead",
        "down the road",
        "someday",
        "the long term",
        "the long run",
        "shortly",
        "the near term",
        "upcoming",
        "forthcoming",
    }
)

SET_WORDS: dict[str, str] = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "annually": "P1Y",
    "annual": "P1Y",
    "quarterly": "P1Q",
    "hourly": "PT1H",
    "biweekly": "P2W",
    "semiannually": "P6M",
    "semiannual": "P6M",
    "biannually": "P6M",
    "weekday": "P1D",
}

#: The tense of the sentence being read: -1 past, 0 unknown/present, 1 future.
#: Set by :func:`extract_dates`; weekdays and months named without a year use it.
_TENSE: contextvars.ContextVar[int] = contextvars.ContextVar("_TENSE", default=0)

# --------------------------------------------------------------------------
# small helpers


def _number(word: str) -> int | None:
    """An English or numeric quantity, e.g. ``twenty-four``, ``1,000``, ``a``; None if vague."""
    w = word.strip().lower().replace(",", "")
    if not w:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", w):
        f = float(w)
        return int(f) if f == int(f) else None
    parts = re.split(r"[-\s]+", w)
    total = 0
    for p in parts:
        if p in ("and",):
            continue
        if p == "hundred":
            total = max(total, 1) * 100
            continue
        if p not in SMALL_NUMBERS:
            return None
        total += SMALL_NUMBERS[p]
    return total


_NUMBER_WORD = (
    r"(?:\d[\d,]*(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|single|couple|dozen)"
)
_NUMBER = rf"{_NUMBER_WORD}(?:[-\s]+(?:and\s+)?{_NUMBER_WORD})*"
_UNIT = r"(years?|yrs?|months?|weeks?|wks?|days?|fortnights?|hours?|hrs?|minutes?|mins?|seconds?|secs?|decades?|centur(?:y|ies)|quarters?|weekends?|nights?|sessions?)"


def _unit(word: str) -> str | None:
    w = word.lower().rstrip("s")
    if w == "centurie":
        w = "century"
    if w.endswith("ie") and w[:-2] + "y" in UNITS:
        w = w[:-2] + "y"
    return UNITS.get(w)


def _duration(n: int | None, unit: str, *, half: bool = False) -> str:
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
            return f"P{n * 12 + 6}M"
        if unit == "D":
            return f"PT{n * 24 + 12}H"
        if unit == "TH":
            return f"PT{n}H30M"
        if unit == "TM":
            return f"PT{n}M30S"
    if unit.startswith("T"):
        return f"PT{'X' if n is None else n}{unit[1:]}"
    return f"P{'X' if n is None else n}{unit}"


def _quarter_of(d: _dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + delta
    return m // 12, m % 12 + 1


def _week(d: _dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _year4(text: str, reference: _dt.date | None) -> int | None:
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


# --------------------------------------------------------------------------
# the grammar: text (lower-cased, cleaned) -> (timeml value, iso value, kind)


@dataclass(frozen=True, slots=True)
class _Parse:
    timeml: str | None
    iso: str | None
    kind: str


def _p(timeml: str | None, kind: str, iso: str | None = None) -> _Parse:
    return _Parse(timeml, iso if iso is not None else timeml, kind)


def _clean(text: str) -> str:
    t = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^[\s\"'(\[,;:]+|[\s\"')\],;:.!?]+$", "", t)
    t = re.sub(r"'s$", "", t)
    return t.strip()


_LEAD = re.compile(
    r"^(?:about|around|approximately|roughly|nearly|almost|at least|at most|more than|less than|"
    r"fewer than|over|under|up to|just|only|barely|some|an estimated|as many as|as much as|"
    r"as long as|as early as|as late as|until|till|by|since|from|through|throughout|during|in|on|"
    r"at|for|within|after|before|well over|little more than|no more than|nearly all|ever since|"
    r"the better part of|much of|all of|most of|the rest of|the remainder of|part of)\s+"
)


def _strip_lead(t: str) -> str:
    prev = None
    while prev != t:
        prev = t
        t = _LEAD.sub("", t)
    return t


def _rel_unit(unit: str, delta: int, ref: _dt.date) -> str | None:
    """The period ``delta`` units away from the reference: year, month, week, day, quarter."""
    if unit == "Y":
        return str(ref.year + delta)
    if unit == "M":
        y, m = _shift_month(ref.year, ref.month, delta)
        return f"{y}-{m:02d}"
    if unit == "W":
        return _week(ref + _dt.timedelta(weeks=delta))
    if unit == "D":
        return (ref + _dt.timedelta(days=delta)).isoformat()
    if unit == "Q":
        q = ref.year * 4 + _quarter_of(ref) - 1 + delta
        return f"{q // 4}-Q{q % 4 + 1}"
    if unit == "DE":
        return f"{ref.year // 10 + delta}"
    if unit == "CE":
        return f"{ref.year // 100 + delta}"
    if unit == "WE":
        return _week(ref + _dt.timedelta(weeks=delta)) + "-WE"
    if unit.startswith("T"):
        return (ref + _dt.timedelta(days=0)).isoformat()
    return None


def _decade_iso(start: int, span: int, part: str | None) -> str:
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


def _weekday_date(wd: int, ref: _dt.date, direction: int) -> _dt.date:
    """The weekday ``wd`` nearest the reference: direction -1 past (or today), +1 future, 0 nearest past."""
    if direction > 0:
        delta = (wd - ref.weekday()) % 7 or 7
        return ref + _dt.timedelta(days=delta)
    delta = (ref.weekday() - wd) % 7
    if direction < 0 and delta == 0:
        delta = 7
    return ref - _dt.timedelta(days=delta)


_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|weds|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
_PART_RE = r"(morning|afternoon|evening|night|tonight|overnight|midday|noon|dawn|dusk)"
_ORD_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"


def _month_num(word: str) -> int:
    w = word.rstrip(".")
    return MONTHS.get(w) or MONTHS[w[:3]]


def _weekday_num(word: str) -> int:
    w = word.rstrip(".")
    return WEEKDAYS.get(w) or WEEKDAYS[w[:3]]


def _time_of_day(t: str) -> tuple[int, int] | None:
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


def _grammar(t: str, ref: _dt.date | None) -> _Parse | None:  # noqa: C901 - a flat list of rules
    """The value of a cleaned expression, or None when no rule applies."""
    if not t:
        return None
    # --- fixed reference words
    if t in PRESENT_WORDS:
        return _p("PRESENT_REF", "relative", None)
    if t in PAST_WORDS:
        return _p("PAST_REF", "relative", None)
    if t in FUTURE_WORDS:
        return _p("FUTURE_REF", "relative", None)
    # --- sets
    if t in SET_WORDS:
        return _p(SET_WORDS[t], "set")
    m = re.fullmatch(rf"(?:every|each|per|a|an)\s+(?:(other|single)\s+)?{_UNIT}", t)
    if m and t.split()[0] in ("every", "each", "per"):
        u = _unit(m.group(2))
        if u:
            n = 2 if m.group(1) == "other" else 1
            return _p(_duration(n, u), "set")
    m = re.fullmatch(rf"(?:every|each)\s+{_WEEKDAY_RE}(?:\s+{_PART_RE})?", t)
    if m:
        v = f"XXXX-WXX-{_weekday_num(m.group(1)) + 1}"
        if m.group(2):
            v += "T" + PARTS_OF_DAY[m.group(2)]
        return _p(v, "set")
    m = re.fullmatch(rf"{_WEEKDAY_RE}s(?:\s+{_PART_RE})?|{_WEEKDAY_RE}\s+{_PART_RE}s", t)
    if m and not re.fullmatch(_WEEKDAY_RE, t):
        wd = m.group(1) or m.group(3)
        part = m.group(2) or m.group(4)
        v = f"XXXX-WXX-{_weekday_num(wd) + 1}" + ("T" + PARTS_OF_DAY[part] if part else "")
        return _p(v, "set")
    m = re.fullmatch(rf"(?:every|each)\s+{_NUMBER}\s+{_UNIT}", t)
    if m:
        words = t.split(None, 1)[1].rsplit(None, 1)
        u = _unit(words[1])
        if u:
            return _p(_duration(_number(words[0]), u), "set")

    # --- spelled-out years: nineteen ninety-six, the year two thousand
    m = re.fullmatch(r"(?:the year\s+)?(?:(nineteen|twenty)[-\s]+([a-z]+(?:[-\s][a-z]+)?)|two thousand(?:\s+and)?(?:[-\s]+([a-z]+))?)", t)
    if m:
        if m.group(1):
            rest = _number(m.group(2))
            if rest is not None and 10 <= rest < 100:
                return _p(str((19 if m.group(1) == "nineteen" else 20) * 100 + rest), "point")
        else:
            rest = _number(m.group(3)) if m.group(3) else 0
            if rest is not None and rest < 100:
                return _p(str(2000 + rest), "point")
    # --- "January this year", "June last year"
    m = re.fullmatch(rf"(?:(?:early|late|mid|the end of|the beginning of)[-\s]+)?{_MONTH_RE}\s+(?:of\s+)?(this|last|next)\s+year", t)
    if m:
        if ref is None:
            return _p(None, "relative")
        y = ref.year + {"last": -1, "next": 1}.get(m.group(2), 0)
        v = f"{y}-{_month_num(m.group(1)):02d}"
        return _Parse(v, v, "relative")
    # --- the year as a whole: "the full year", "year-end", "the current fiscal year"
    if re.fullmatch(
        r"(?:the\s+)?(?:full|current|whole|entire|calendar|current fiscal|fiscal|same)?[-\s]?year(?:[-\s]end|'s end)?|(?:the\s+)?end of the year|(?:earlier|later) in the year",
        t,
    ) and t not in ("year", "the year"):
        if ref is None:
            return _p(None, "relative")
        return _Parse(str(ref.year), str(ref.year), "relative")
    # --- "the quarter ended Sept. 30", "the six months ended Aug. 12"
    m = re.fullmatch(r"(.+?)\s+(?:ended|ending|that ended|which ended|to)\s+(.+)", t)
    if m and re.search(r"\b(quarter|year|months|weeks|period|half)\b", m.group(1)):
        end = _grammar(m.group(2), ref)
        head = m.group(1)
        if end is not None and end.timeml and re.match(r"\d{4}-\d{2}", end.timeml):
            y, mo = int(end.timeml[:4]), int(end.timeml[5:7])
            if re.search(r"\bquarter\b", head):
                q = (mo - 1) // 3 + 1
                return _Parse(f"{y}-Q{q}", _quarter_iso(y, q, 4), end.kind)
        inner = _grammar(head, ref)
        if inner is not None:
            return inner
    # --- explicit calendar dates
    r = _explicit(t, ref)
    if r is not None:
        return r

    # --- relative days and parts of day
    m = re.fullmatch(
        r"(?:(?:early|late|earlier|later)\s+)?(today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow)(?:\s+"
        + _PART_RE
        + r")?",
        t,
    )
    if m:
        base = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}[
            m.group(1)
        ]
        part = m.group(2) or ("night" if m.group(1) == "tonight" else None)
        if ref is None:
            return _p(None, "relative")
        d = (ref + _dt.timedelta(days=base)).isoformat()
        tm = d + ("T" + PARTS_OF_DAY[part] if part else "")
        return _Parse(tm, d, "relative")
    m = re.fullmatch(rf"(?:(this|that|last|yesterday|tomorrow|early|late)\s+)?{_PART_RE}", t)
    if m and (m.group(1) or m.group(2) == "tonight"):
        if ref is None:
            return _p(None, "relative")
        shift = {"yesterday": -1, "tomorrow": 1, "last": -1 if m.group(2) == "night" else 0}.get(m.group(1) or "", 0)
        d = (ref + _dt.timedelta(days=shift)).isoformat()
        return _Parse(d + "T" + PARTS_OF_DAY[m.group(2)], d, "relative")
    # weekday (with this/last/next, part of day, time)
    m = re.fullmatch(
        rf"(?:(this|last|next|early|late|earlier|later|on|this past|this coming|the following|the previous|the day)\s+)?{_WEEKDAY_RE}(?:,)?(?:\s+(?:(early|late)\s+)?{_PART_RE})?(?:\s+(?:at\s+)?(.+))?",
        t,
    )
    if m:
        rel = m.group(1) or ""
        tod = _time_of_day(m.group(5)) if m.group(5) else None
        if m.group(5) and tod is None:
            return None
        if ref is None:
            return _p(None, "relative")
        direction = {"next": 1, "this coming": 1, "the following": 1, "last": -1, "the previous": -1, "this past": -1}.get(rel, 0)
        if direction == 0 and _TENSE.get() > 0:
            direction = 1
        d = _weekday_date(_weekday_num(m.group(2)), ref, direction)
        v = d.isoformat()
        if m.group(4):
            return _Parse(v + "T" + PARTS_OF_DAY[m.group(4)], v, "relative")
        if tod:
            return _Parse(f"{v}T{tod[0]:02d}:{tod[1]:02d}", v, "relative")
        return _Parse(v, v, "relative")
    # bare time of day: 10:30 a.m., noon
    m = re.fullmatch(r"(.+?)(?:\s+(today|yesterday|tomorrow|tonight))?", t)
    if m:
        tod = _time_of_day(m.group(1))
        if tod is not None:
            if ref is None:
                return _p(None, "relative")
            shift = {"yesterday": -1, "tomorrow": 1}.get(m.group(2) or "", 0)
            d = (ref + _dt.timedelta(days=shift)).isoformat()
            return _Parse(f"{d}T{tod[0]:02d}:{tod[1]:02d}", d, "relative")
    m = re.fullmatch(rf"(.+?)\s+{_WEEKDAY_RE}", t)
    if m:
        tod = _time_of_day(m.group(1))
        part = PARTS_OF_DAY.get(m.group(1).split()[-1]) if m.group(1).split() else None
        if tod is not None or part:
            if ref is None:
                return _p(None, "relative")
            d = _weekday_date(_weekday_num(m.group(2)), ref, 0).isoformat()
            if tod is not None:
                return _Parse(f"{d}T{tod[0]:02d}:{tod[1]:02d}", d, "relative")
            return _Parse(f"{d}T{part}", d, "relative")

    # --- decades and centuries
    m = re.fullmatch(
        r"(?:the\s+)?(?:(early|mid|late|middle)[-\s]+)?(?:(\d{2})(\d)0'?s|'(\d)0s|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
        t,
    )
    if m:
        part = {"middle": "mid"}.get(m.group(1) or "", m.group(1))
        if m.group(2):
            start = int(m.group(2) + m.group(3) + "0")
        else:
            digit = int(m.group(4)) if m.group(4) else DECADE_WORDS[m.group(5)]
            century = 1900 if ref is None or digit * 10 > ref.year % 100 else (ref.year // 100) * 100
            start = century + digit * 10
        return _Parse(f"{str(start)[:3]}X", _decade_iso(start, 10, part), "interval")
    m = re.fullmatch(
        r"(?:the\s+)?(?:(early|mid|late|middle)[-\s]+)?(\d{1,2})(?:st|nd|rd|th)[-\s]+century|(?:the\s+)?(?:(early|mid|late)[-\s]+)?("
        + "|".join(k for k, v in ORDINALS.items() if v > 0)
        + r")[-\s]+century",
        t,
    )
    if m:
        part = m.group(1) or m.group(3)
        part = "mid" if part == "middle" else part
        n = int(m.group(2)) if m.group(2) else ORDINALS[m.group(4)]
        if 1 <= n <= 30:
            start = (n - 1) * 100 + 1
            return _Parse(f"{n - 1:02d}", _decade_iso(start, 100, part), "interval")
    m = re.fullmatch(r"(?:the past|the last|the previous|the next|the coming) (decade|century)", t)
    if m:
        return _p("P10Y" if m.group(1) == "decade" else "P100Y", "duration")
    m = re.fullmatch(r"(?:this|the current|last|next) (decade|century)", t)
    if m and ref is not None:
        delta = 0 if t.startswith(("this", "the current")) else (1 if "next" in t else -1)
        if m.group(1) == "decade":
            start = (ref.year // 10 + delta) * 10
            return _Parse(f"{str(start)[:3]}X", _decade_iso(start, 10, None), "relative")
        c = ref.year // 100 + delta
        return _Parse(f"{c:02d}", _decade_iso(c * 100 + 1, 100, None), "relative")

    # --- seasons
    m = re.fullmatch(
        r"(?:(this|last|next|the|this past|this coming|early|late|mid)\s+)?(?:(early|late|mid)[-\s]?)?(spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?('?\d{2}|\d{4}))?",
        t,
    )
    if m:
        s = SEASONS[m.group(3)]
        year: int | None = None
        kind = "relative"
        if m.group(4):
            year = _year4(m.group(4), ref)
            kind = "interval"
        elif ref is not None:
            rel = m.group(1) or ""
            year = ref.year + {"last": -1, "next": 1}.get(rel, 0)
            if rel == "last" and s != "WI" and SEASON_MONTHS[s][1] < ref.month:
                year = ref.year
        if year is None:
            return _p(None, "relative")
        a, b = SEASON_MONTHS[s]
        iso = f"{year}-{a:02d}/{year + (1 if b < a else 0)}-{b:02d}"
        return _Parse(f"{year}-{s}", iso, kind)

    # --- "the 1988 third quarter"
    m = re.fullmatch(r"(?:the\s+)?(\d{4})\s+(?:fiscal\s+)?(first|second|third|fourth)?[-\s]?(quarter|half)", t)
    if m:
        year = int(m.group(1))
        size = 4 if m.group(3) == "quarter" else 2
        code = "Q" if size == 4 else "H"
        if m.group(2) is None:
            return _p(f"{year}-{code}X", "point", None)
        n = ORDINALS[m.group(2)]
        if n <= size:
            return _Parse(f"{year}-{code}{n}", _quarter_iso(year, n, size), "point")
    # --- "the first nine months of 1997": a duration
    m = re.fullmatch(rf"(?:the\s+)?(?:first|last|final|past|initial)\s+({_NUMBER})\s+{_UNIT}\s+(?:of|in)\s+.+", t)
    if m:
        u = _unit(m.group(2))
        if u:
            return _p(_duration(_number(m.group(1)), u), "duration")
    # --- vague plural periods: "recent years" (past), "coming months" (future)
    m = re.fullmatch(
        r"(?:the\s+)?(recent|past|last few|past few|past several|coming|next few|coming few)\s+(years|months|weeks|days|quarters|decades)",
        t,
    )
    if m:
        return _p("FUTURE_REF" if m.group(1).startswith(("coming", "next")) else "PAST_REF", "relative", None)
    # --- quarters and halves
    m = re.fullmatch(
        r"(?:(this|last|next|the|this year's|last year's|next year's|the latest|the latest fiscal|the fiscal|the same|the current|the year-earlier|the year-ago|year-earlier|year-ago)\s+)?(?:fiscal\s+)?(?:(first|second|third|fourth|1st|2nd|3rd|4th|final|last)[-\s])?(?:fiscal[-\s])?(quarter|half)(?:\s+(?:of\s+)?(?:fiscal\s+)?('?\d{2}|\d{4}))?",
        t,
    )
    if m:
        det = m.group(1) or ""
        word = m.group(3)
        size = 4 if word == "quarter" else 2
        n = None
        if m.group(2):
            n = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": size, "last": size}[
                m.group(2)
            ]
            if n > size:
                return None
        code = "Q" if size == 4 else "H"
        if m.group(4):
            year = _year4(m.group(4), ref)
            if year is None:
                return None
            if n is None:
                return _p(f"{year}-{code}X", "relative")
            return _Parse(f"{year}-{code}{n}", _quarter_iso(year, n, size), "point")
        if ref is None:
            return _p(None, "relative")
        cur = _quarter_of(ref) if size == 4 else (ref.month - 1) // 6 + 1
        if n is None:
            if det in ("last", "the latest", "the latest fiscal", "the same", "the", "the fiscal", ""):
                n, year = cur - 1, ref.year
            elif det in ("this", "the current"):
                n, year = cur, ref.year
            elif det == "next":
                n, year = cur + 1, ref.year
            else:  # year-earlier quarter
                n, year = cur - 1, ref.year - 1
            if n < 1:
                n, year = n + size, year - 1
            if n > size:
                n, year = n - size, year + 1
        else:
            year = ref.year
            if det in ("last year's",) or "year-earlier" in det or "year-ago" in det:
                year -= 1
            elif det == "next year's":
                year += 1
            elif n - cur >= 2 and size == 4 or (size == 2 and n > cur and ref.month <= 2):
                year -= 1
        return _Parse(f"{year}-{code}{n}", _quarter_iso(year, n, size), "relative")

    # --- relative calendar units: last year, this month, next week, the year
    m = (
        None
        if re.fullmatch(r"an? [a-z]+", t)
        else re.fullmatch(
            r"(?:(earlier|later|early|late|the end of|the beginning of|the start of|the middle of|mid|the rest of|the remainder of)\s+)?(this|last|next|the past|the coming|the previous|the current|the same|that|the following|the prior|a|the)[-\s](year|month|week|weekend|day)(?:'s)?(?:\s+(earlier|before|ago|later))?",
            t,
        )
    )
    if m:
        det, unit = m.group(2), m.group(3)
        u = {"year": "Y", "month": "M", "week": "W", "weekend": "WE", "day": "D"}[unit]
        if det == "the" and not m.group(1) and unit != "weekend":
            # "the year": a duration in TimeML unless anchored
            return _p(_duration(1, u), "duration")
        if ref is None:
            return _p(None, "relative")
        delta = {
            "last": -1,
            "the past": -1,
            "the previous": -1,
            "the prior": -1,
            "next": 1,
            "the coming": 1,
            "the following": 1,
            "a": -1 if m.group(4) in ("earlier", "before", "ago") else 1,
        }.get(det, 0)
        v = _rel_unit(u, delta, ref)
        return _Parse(v, _iso_of(v), "relative")

    # --- "N units ago/earlier/later/from now"
    m = re.fullmatch(rf"({_NUMBER}|several|a few|few|many|some)\s+(?:more\s+)?{_UNIT}\s+(ago|earlier|before|later|from now|hence|since)", t)
    if m:
        n = _number(m.group(1))
        u = _unit(m.group(2))
        if u is None:
            return None
        if ref is None:
            return _p(None, "relative")
        sign = 1 if m.group(3) in ("later", "from now", "hence") else -1
        if n is None:
            if u == "Y":
                return _p(f"{str(ref.year)[:3]}X", "relative", None)
            return _p("PAST_REF" if sign < 0 else "FUTURE_REF", "relative", None)
        if u in ("Y", "M", "W", "D", "Q"):
            v = _rel_unit(u, sign * n, ref)
            return _Parse(v, _iso_of(v), "relative")
        if u == "DE":
            v = str(ref.year - 10 * n if sign < 0 else ref.year + 10 * n)
            return _Parse(v[:3] + "X", v, "relative")
        return _p(None, "relative")

    # --- durations
    r = _duration_parse(t)
    if r is not None:
        return r

    # --- ranges: 1990-1995, 1990 to 1995, between 1990 and 1995
    m = re.fullmatch(r"(?:between\s+|from\s+)?(\d{4})\s*(?:-|to|through|and|until)\s*(\d{2}|\d{4})", t)
    if m:
        a = int(m.group(1))
        b = int(m.group(2)) if len(m.group(2)) == 4 else (a // 100) * 100 + int(m.group(2))
        if b > a:
            return _Parse(_duration(b - a, "Y"), f"{a}/{b}", "interval")
    return None


def _quarter_iso(year: int, n: int, size: int) -> str:
    months = 12 // size
    a = (n - 1) * months + 1
    return f"{year}-{a:02d}/{year}-{a + months - 1:02d}"


def _iso_of(v: str | None) -> str | None:
    """The ISO 8601 rendering of a TimeML value (quarters, halves, seasons become intervals)."""
    if v is None:
        return None
    m = re.fullmatch(r"(\d{4})-([QH])(\d)", v)
    if m:
        return _quarter_iso(int(m.group(1)), int(m.group(3)), 4 if m.group(2) == "Q" else 2)
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


def _duration_parse(t: str) -> _Parse | None:
    t = _strip_lead(t)
    t = re.sub(r"^(?:the|a|an)\s+(?=(?:past|last|next|coming|first|final|previous|following|latest)\b)", "", t)
    t = re.sub(r"^(?:past|last|next|coming|first|final|previous|following|latest|recent|initial)\s+", "", t)
    t = re.sub(r"^(?:the|another|an additional|additional|other)\s+", "", t)
    t = re.sub(r"\s+(?:long|old|running|straight|in a row|or so|or more|and a half|plus|period|span|stretch|time|-long)$", "", t)
    half = False
    t = re.sub(r"^an?\s+(?=\d)", "", t)
    if re.search(r"\band[-\s]a[-\s]half\b", t):
        half = True
        t = re.sub(r"\s*\band[-\s]a[-\s]half\b", "", t)
    m = re.fullmatch(
        rf"({_NUMBER}|several|a few|few|many|some|numerous|multiple|a couple of|couple of)[-\s]+(?:and[-\s]a[-\s]half[-\s]+)?(?:more\s+)?{_UNIT}(?:[-\s](?:long|old))?",
        t,
    )
    if m:
        q = m.group(1).replace(" of", "")
        n = _number(q)
        u = _unit(m.group(2))
        if u is None:
            return None
        if u == "WE":
            return _p(_duration(n, "WE"), "duration")
        return _p(_duration(n, u, half=half), "duration")
    m = re.fullmatch(r"(\d+)\s+1/2\s+" + _UNIT, t)
    if m:
        u = _unit(m.group(2))
        if u and u.startswith("T"):
            n = int(m.group(1))
            sub = {"TH": ("H", "M", 30), "TM": ("M", "S", 30)}.get(u)
            if sub:
                return _p(f"PT{n}{sub[0]}{sub[2]}{sub[1]}", "duration")
        if u:
            return _p(_duration(int(m.group(1)), u, half=True), "duration")
    m = re.fullmatch(r"half\s+(?:an?\s+)?" + _UNIT, t)
    if m:
        u = _unit(m.group(1))
        if u == "Y":
            return _p("P6M", "duration")
        if u == "TH":
            return _p("PT30M", "duration")
        if u == "D":
            return _p("PT12H", "duration")
        return None
    m = re.fullmatch(_UNIT, t)
    if m and t.endswith("s") and t not in ("ms",):
        u = _unit(t)
        if u:
            return _p(_duration(None, u), "duration")
    m = re.fullmatch(r"(years|months|weeks|days|hours|minutes|decades|centuries)[-\s]long", t)
    if m:
        u = _unit(m.group(1))
        if u:
            return _p(_duration(None, u), "duration")
    return None


_YEAR = r"(\d{4}|'\d{2})"


def _explicit(t: str, ref: _dt.date | None) -> _Parse | None:
    """Calendar dates that name their own year, month or day."""
    t = re.sub(r"^(?:the\s+)?(?:calendar|fiscal|financial|model|budget|school|academic)\s+(?:year\s+)?", "", t)
    t = re.sub(r"^(?:the\s+)?year\s+(?=\d{4}$)", "", t)
    t = re.sub(
        r"^(?:the\s+)?(?:end|beginning|start|middle|close|rest|remainder|course|spring|summer)\s+of\s+(?=(?:\d{4}|" + _MONTH_RE + r")\b)",
        "",
        t,
    )
    t = re.sub(r"^(?:early|late|mid|the middle of|the end of)[-\s]+(?=(?:\d{4}|" + _MONTH_RE + r")\b)", "", t)
    # 1998, fiscal 1998, '98
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        y = int(m.group(1))
        if 1000 <= y <= 2999:
            return _p(str(y), "point")
        return None
    m = re.fullmatch(r"'(\d{2})", t)
    if m:
        return _p(str(_year4(m.group(0), ref)), "point")
    # 1998-02-13, 2/13/1998, 13.02.1998
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", t)
    if m:
        y = _year4(m.group(3), ref)
        return _checked(y, int(m.group(1)), int(m.group(2))) if y else None
    # month day, year / month year / month
    m = re.fullmatch(rf"(?:(?:{_WEEKDAY_RE}),?\s+)?{_MONTH_RE}\s+{_ORD_DAY}(?:,?\s+{_YEAR})?", t)
    if m:
        mo = _month_num(m.group(2))
        day = int(m.group(3))
        if m.group(4):
            y = _year4(m.group(4), ref)
            return _checked(y, mo, day) if y else None
        if ref is None:
            return _p(f"XXXX-{mo:02d}-{day:02d}", "relative", None)
        y = _guess_year(mo, ref)
        r = _checked(y, mo, day)
        return _Parse(r.timeml, r.iso, "relative") if r else None
    m = re.fullmatch(rf"(?:(?:{_WEEKDAY_RE}),?\s+)?(?:the\s+)?{_ORD_DAY}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR})?", t)
    if m:
        day, mo = int(m.group(2)), _month_num(m.group(3))
        if m.group(4):
            y = _year4(m.group(4), ref)
            return _checked(y, mo, day) if y else None
        if ref is None:
            return _p(f"XXXX-{mo:02d}-{day:02d}", "relative", None)
        r = _checked(_guess_year(mo, ref), mo, day)
        return _Parse(r.timeml, r.iso, "relative") if r else None
    m = re.fullmatch(rf"{_MONTH_RE},?\s+(?:of\s+)?{_YEAR}", t)
    if m:
        y = _year4(m.group(2), ref)
        if y is None:
            return None
        return _p(f"{y}-{_month_num(m.group(1)):02d}", "point")
    m = re.fullmatch(
        rf"(?:(this|last|next|this past|this coming|early|late|mid|the end of|the beginning of|the middle of|until|in)[-\s]+)?{_MONTH_RE}",
        t,
    )
    if m:
        mo = _month_num(m.group(2))
        if ref is None:
            return _p(f"XXXX-{mo:02d}", "relative", None)
        rel = m.group(1) or ""
        if rel == "last":
            y = ref.year if mo < ref.month else ref.year - 1
        elif rel == "next":
            y = ref.year if mo > ref.month else ref.year + 1
        elif rel == "this":
            y = ref.year
        else:
            y = _guess_year(mo, ref)
        v = f"{y}-{mo:02d}"
        return _Parse(v, v, "relative")
    # the 13th (day of the reference month)
    return None


def _guess_year(month: int, ref: _dt.date) -> int:
    """The year of a month named without one: the reference year, unless far in the future.

    The tense of the sentence (when known) decides between last and next occurrence.
    """
    tense = _TENSE.get()
    if tense < 0 and month > ref.month + 2:
        return ref.year - 1
    if tense > 0 and month < ref.month:
        return ref.year + 1
    if month - ref.month > 6:
        return ref.year - 1
    if ref.month - month > 8:
        return ref.year + 1
    return ref.year


def _checked(y: int | None, mo: int, d: int) -> _Parse | None:
    if y is None:
        return None
    try:
        v = _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None
    return _p(v, "point")


@functools.lru_cache(maxsize=16)
def _date_parser(base: _dt.date | None):  # type: ignore[no-untyped-def]
    """A dateparser parser (a well-kept parser for explicit forms the grammar does not know), one per reference date."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = _dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_value(t: str, ref: _dt.date | None) -> _Parse | None:
    """Fallback: explicit dates through dateparser, written at the granularity it reports."""
    if not re.search(r"\d", t) and not re.search(_MONTH_RE, t):
        return None
    if len(t) > 40:
        return None
    try:
        data = _date_parser(ref).get_date_data(t)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    if not 1000 <= d.year <= 2999:
        return None
    period = data.period
    has_year = bool(re.search(r"\d{4}|'\d{2}", t))
    if period == "year":
        v = str(d.year)
    elif period == "month":
        v = f"{d.year}-{d.month:02d}"
    elif period == "week":
        v = _week(d.date())
    elif period == "time":
        v = d.strftime("%Y-%m-%dT%H:%M")
    else:
        v = d.date().isoformat()
    if not has_year and ref is None:
        return None
    return _p(v, "point" if has_year else "relative")


# --------------------------------------------------------------------------
# public: one expression


def _analyse(text: str, reference: _dt.date | None, label: str) -> _Parse | None:
    return _analyse_cached(text, reference, label, _TENSE.get())


@functools.lru_cache(maxsize=4096)
def _analyse_cached(text: str, reference: _dt.date | None, label: str, tense: int) -> _Parse | None:
    t = _clean(text)
    if not t or len(t) > 120:
        return None
    r = _grammar(t, reference)
    if r is not None:
        return r
    # drop a leading preposition/modifier and try again
    t2 = _strip_lead(t)
    t2 = re.sub(r"\s+(?:ago)$", " ago", t2)
    if t2 != t:
        r = _grammar(t2, reference)
        if r is not None:
            return r
    # strip trailing context: "Friday, the day after" -> first part
    for sep in (",", " and ", " or "):
        if sep in t2:
            head = t2.split(sep, 1)[0].strip()
            if head:
                r = _grammar(head, reference)
                if r is not None:
                    return r
    # "the year 2000", "the 1990 season", "1997 and 1998" -> find a year
    if label in ("DATE", "TIME"):
        r = _dateparser_value(t2, reference)
        if r is not None:
            return r
        m = re.search(r"\b(1[0-9]\d{2}|20\d{2})\b", t2)
        if m and not re.search(r"\d", t2[: m.start()] + t2[m.end() :]):
            return _p(m.group(1), "point")
    return None


def normalise_date(text: str, *, reference: _dt.date | None = None, label: str = "DATE") -> DateValue:
    """The normalised value of one date/time expression. Never raises.

    ``reference`` anchors relative expressions (the publication date); without it
    they come back with ``kind="relative"`` and ``value=None``. ``label`` is the
    spaCy label (DATE or TIME). Unknown or malformed text gives ``value=None``.
    """
    try:
        r = _analyse(str(text), reference, label)
    except Exception:  # noqa: BLE001 - a normaliser must never break the pipeline
        r = None
    if r is None:
        return DateValue(None, "point", None, None)
    iso = r.iso if r.iso and re.match(r"\d{4}|P", r.iso) and "X" not in r.iso.lstrip("P")[:1] else None
    if r.iso and r.iso.startswith("P"):
        iso = r.iso
    r = _Parse(r.timeml, iso, r.kind)
    if r.kind == "relative":
        resolved = r.iso if reference is not None else None
        return DateValue(resolved, "relative", resolved, r.timeml)
    return DateValue(r.iso, r.kind, None, r.timeml)


def timeml_value(text: str, *, reference: _dt.date | None = None, label: str = "DATE") -> str | None:
    """The value as TimeML writes it (``199X``, ``1998-Q3``, ``PRESENT_REF``, ``P3Y`` …)."""
    return normalise_date(text, reference=reference, label=label).timeml


# --------------------------------------------------------------------------
# extraction from a parsed document

_EXTRA_WORDS = re.compile(
    r"\b(?:now|currently|recently|daily|weekly|annually|nowadays|the future|the near future|the (?:near|short) term|"
    r"in the past|(?:recent|coming) (?:years|months|weeks|days)|(?:every|each) (?:day|week|month|year|quarter))\b",
    re.IGNORECASE,
)
_TRIM_LEAD = re.compile(
    r"^(?:(?:about|around|approximately|roughly|nearly|almost|some|at least|more than|less than|"
    r"over|under|up to|only|just|since|until|through|from|during|by|in|on|at|for|of|within|after|before|"
    r"as early as|as late as|as of)\s+)+",
    re.IGNORECASE,
)


_RANGE = re.compile(
    r"^(?:between\s+|from\s+)?(\S+(?:\s+\S+)?)\s*(?:\band\b|\bto\b|\bthrough\b|-|–)\s*(\S+(?:\s+\S+)?)$",
    re.IGNORECASE,
)
_ANCHORED = re.compile(
    r"^(?:the\s+)?(?:a year (?:ago|earlier|before)|year[- ](?:earlier|ago)(?:\s+(?:period|quarter|level|results?))?|"
    r"the same (?:period|quarter) (?:a year (?:ago|earlier)|last year))$",
    re.IGNORECASE,
)


def _split_range(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``1994 and 1997``, ``June to August`` -> the two ends as separate expressions."""
    seg = text[start:end]
    m = _RANGE.match(seg)
    if not m:
        return [(start, end)]
    left, right = m.group(1), m.group(2)
    ok = lambda x: bool(re.fullmatch(r"\d{4}|" + _MONTH_RE + r"(?:\s+\d{4})?", x.lower()))  # noqa: E731
    if not (ok(left) and ok(right)):
        return [(start, end)]
    a = start + m.start(1)
    b = start + m.start(2)
    return [(a, a + len(left)), (b, b + len(right))]


_AGE = re.compile(r"(?:^|\b)[\w-]+[- ](?:years?|months?|weeks?|days?)[- ]old$|^\d{1,2}$|^(?:his|her|their|its) ", re.IGNORECASE)


def _not_a_date(doc: Doc, seg: str, root: int) -> bool:
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


def _candidate_spans(doc: Doc) -> list[tuple[int, int, str, int]]:
    """(start, end, label, root token index) of DATE/TIME expressions: spaCy's entities plus rule matches."""
    raw: list[tuple[int, int, str, int]] = []
    text = doc_text(doc)
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    merged: list[list] = []
    for ent in ents:
        # a DATE directly followed by a TIME ("Friday" + "night") is one expression
        if (
            merged
            and text[merged[-1][1] : ent.start_char].strip() == ""
            and ent.start_char - merged[-1][1] <= 1
            and (merged[-1][2] != ent.label_)
        ):
            merged[-1][1] = ent.end_char
            continue
        merged.append([ent.start_char, ent.end_char, ent.label_, ent.root.i])
    for start, end, label, root in merged:
        m = _TRIM_LEAD.match(text[start:end])
        if m and m.end() < end - start:
            start += m.end()
        while end > start and text[end - 1] in " ,.;:":
            end -= 1
        seg = text[start:end]
        if seg.endswith("'s") or seg.endswith("’s"):
            end -= 2
        if end <= start or _not_a_date(doc, text[start:end], root):
            continue
        for s, e in _split_range(text, start, end):
            raw.append((s, e, label, root))
    taken = [(s, e) for s, e, _, _ in raw]
    for m in _EXTRA_WORDS.finditer(text):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        raw.append((s, e, "DATE", span.root.i if span is not None else 0))
    raw.sort()
    return raw


def _tense(doc: Doc, i: int) -> int:
    """-1 past, 1 future, 0 unknown: from the verb that governs token ``i``."""
    token = doc[i]
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    words = [c for c in token.children if c.dep_ in ("aux", "auxpass")] + [token]
    for w in words:
        low = w.lower_
        if low in ("will", "'ll", "shall", "wo") or (w.tag_ == "MD" and low in ("will", "shall")):
            return 1
    if token.tag_ == "VBD" or any(w.tag_ == "VBD" for w in words):
        return -1
    if token.tag_ == "VBN" and any(w.lemma_ == "have" for w in words):
        return -1
    if token.tag_ in ("VBG", "VB") and any(w.lemma_ == "be" and w.tag_ in ("VBZ", "VBP") for w in words):
        return 1  # "is meeting on Friday", "is to meet"
    return 0


def _anchor_shift(prev: str | None, t: str) -> str | None:
    """``a year earlier`` after a quarter/month/day: the same period one year back."""
    if prev is None:
        return None
    m = re.fullmatch(r"(\d{4})(-.*)?", prev)
    if not m:
        return None
    return f"{int(m.group(1)) - 1}{m.group(2) or ''}"


def _extract(doc: Doc, sentences: Sequence[Sentence], reference: _dt.date | None) -> list[tuple[DateMention, DateValue]]:
    index = SentenceIndex(sentences)
    out: list[tuple[DateMention, DateValue]] = []
    text = doc_text(doc)
    anchor: str | None = None
    for start, end, label, root in _candidate_spans(doc):
        sent = index.covering(start, end)
        if sent is None:
            continue
        seg = text[start:end]
        token = _TENSE.set(_tense(doc, root))
        try:
            dv = normalise_date(seg, reference=reference, label=label)
        finally:
            _TENSE.reset(token)
        if _ANCHORED.match(seg.strip()) and anchor and re.fullmatch(r"\d{4}-(?:Q\d|H\d|\d{2}|\d{2}-\d{2})", anchor):
            shifted = _anchor_shift(anchor, seg)
            if shifted:
                iso = _iso_of(shifted)
                dv = DateValue(iso if reference else None, "relative", iso if reference else None, shifted)
        elif dv.timeml and re.fullmatch(r"\d{4}(?:-(?:Q\d|H\d|\d{2}(?:-\d{2})?))?", dv.timeml) and not _ANCHORED.match(seg.strip()):
            anchor = dv.timeml
        mention = DateMention(
            text=seg,
            start=start,
            end=end,
            sentence_id=sent.id,
            value=dv.value,
            kind=dv.kind,
            resolved=dv.resolved,
        )
        out.append((mention, dv))
    return out


def extract_dates(doc: Doc, sentences: Sequence[Sentence], *, reference: _dt.date | None = None) -> tuple[DateMention, ...]:
    """DATE/TIME expressions inside prose sentences, each with its normalised value.

    ``reference`` (the publication date) resolves relative expressions; without
    it they keep ``value=None``. Expressions outside sentences (headings) are dropped.
    """
    return tuple(m for m, _ in _extract(doc, sentences, reference))


def _sort_key(value: str) -> tuple[int, int, int]:
    first = value.split("/", 1)[0]
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", first)
    if m:
        return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    m = re.match(r"(\d{4})-W(\d{2})", first)
    if m:  # pragma: no cover - weeks sort by their Monday
        d = _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return d.year, d.month, d.day
    return (9999, 99, 99)


def build_timeline(dates: Iterable[DateMention], sentences: Sequence[Sentence]) -> tuple[TimelineEntry, ...]:
    """The sentences that carry a resolvable point or interval, ordered by date.

    One entry per (sentence, value); ties keep document order.
    """
    by_id = {s.id: s for s in sentences}
    order = {s.id: i for i, s in enumerate(sentences)}
    seen: set[tuple[str, str]] = set()
    entries: list[tuple[tuple[int, int, int], int, int, TimelineEntry]] = []
    for n, d in enumerate(dates):
        if d.kind not in ("point", "interval", "relative") or not d.value:
            continue
        if not re.match(r"\d{4}", d.value):
            continue
        key = (d.sentence_id, d.value)
        if key in seen or d.sentence_id not in by_id:
            continue
        seen.add(key)
        entry = TimelineEntry(sentence_id=d.sentence_id, value=d.value, text=by_id[d.sentence_id].text)
        entries.append((_sort_key(d.value), order.get(d.sentence_id, 0), n, entry))
    entries.sort(key=lambda x: x[:3])
    return tuple(e[3] for e in entries)
