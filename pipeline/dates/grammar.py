"""The date grammar: a cleaned, lower-cased expression -> its value (:class:`~.rules.Parse`).

:data:`RULES` is the grammar, the rules in the order they are tried; the first
that answers decides (see :mod:`.rules` for what a rule is). This module holds the
rules for reference words, sets, years, relative calendar units and ranges; the day
rules are in :mod:`.days`, named holidays in :mod:`.holidays`, decades, seasons and quarters in :mod:`.spans`, explicit
dates and amounts of time in :mod:`.explicit`.
"""

from __future__ import annotations

import datetime as _dt
import re

from .days import DAY_RULES
from .explicit import duration_parse, explicit_date
from .holidays import HOLIDAY_RULES
from .periods import duration, iso_of, rel_unit
from .rules import REJECT, Answer, Parse, Rule, fullmatch, parsed
from .spans import SPAN_RULES
from .vocabulary import (
    FUTURE_WORDS,
    MONTH_RE,
    NUMBER_RE,
    PART_RE,
    PARTS_OF_DAY,
    PAST_WORDS,
    PRESENT_WORDS,
    SET_WORDS,
    UNIT_RE,
    WEEKDAY_RE,
    month_number,
    number_value,
    unit_code,
    weekday_number,
)

__all__ = ["RULES", "parse_expression"]


def parse_expression(t: str, ref: _dt.date | None, *, tense: int) -> Parse | None:
    """The value of a cleaned expression, or None when no rule applies.

    ``ref`` anchors relative expressions; ``tense`` is the tense of the sentence
    (-1 past, 0 unknown or present, 1 future).
    """
    if not t:
        return None
    for rule in RULES:
        answer = rule(t, ref, tense)
        if answer is REJECT:
            return None
        if answer is not None:
            return answer
    return None


# --------------------------------------------------------------------------
# fixed reference words and sets


def _reference_word(t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``now`` (PRESENT_REF), ``recently`` (PAST_REF), ``the future`` (FUTURE_REF)."""
    if t in PRESENT_WORDS:
        return parsed("PRESENT_REF", "relative", None)
    if t in PAST_WORDS:
        return parsed("PAST_REF", "relative", None)
    if t in FUTURE_WORDS:
        return parsed("FUTURE_REF", "relative", None)
    return None


def _set_word(t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``annually``, ``weekly``: the period of a set."""
    if t in SET_WORDS:
        return parsed(SET_WORDS[t], "set")
    return None


@fullmatch(rf"(?:every|each|per|a|an)\s+(?:(other|single)\s+)?{UNIT_RE}")
def _every_unit(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``every week``, ``every other year``, ``per day``."""
    if t.split()[0] in ("every", "each", "per"):
        u = unit_code(m.group(2))
        if u:
            n = 2 if m.group(1) == "other" else 1
            return parsed(duration(n, u), "set")
    return None


@fullmatch(rf"(?:every|each)\s+{WEEKDAY_RE}(?:\s+{PART_RE})?")
def _every_weekday(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``each Thursday``, ``every Monday morning``."""
    v = f"XXXX-WXX-{weekday_number(m.group(1)) + 1}"
    if m.group(2):
        v += "T" + PARTS_OF_DAY[m.group(2)]
    return parsed(v, "set")


@fullmatch(rf"{WEEKDAY_RE}s(?:\s+{PART_RE})?|{WEEKDAY_RE}\s+{PART_RE}s")
def _plural_weekday(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``Mondays``, ``Friday nights``."""
    if re.fullmatch(WEEKDAY_RE, t):
        return None
    wd = m.group(1) or m.group(3)
    part = m.group(2) or m.group(4)
    v = f"XXXX-WXX-{weekday_number(wd) + 1}" + ("T" + PARTS_OF_DAY[part] if part else "")
    return parsed(v, "set")


@fullmatch(rf"(?:every|each)\s+{NUMBER_RE}\s+{UNIT_RE}")
def _every_n_units(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``every two years``."""
    words = t.split(None, 1)[1].rsplit(None, 1)
    u = unit_code(words[1])
    if u:
        return parsed(duration(number_value(words[0]), u), "set")
    return None


# --------------------------------------------------------------------------
# years


@fullmatch(r"(?:the year\s+)?(?:(nineteen|twenty)[-\s]+([a-z]+(?:[-\s][a-z]+)?)|two thousand(?:\s+and)?(?:[-\s]+([a-z]+))?)")
def _spelled_year(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """Spelled-out years: ``nineteen ninety-six``, ``the year two thousand``."""
    if m.group(1):
        rest = number_value(m.group(2))
        if rest is not None and 10 <= rest < 100:
            return parsed(str((19 if m.group(1) == "nineteen" else 20) * 100 + rest), "point")
    else:
        rest = number_value(m.group(3)) if m.group(3) else 0
        if rest is not None and rest < 100:
            return parsed(str(2000 + rest), "point")
    return None


@fullmatch(rf"{MONTH_RE}\s+(?:of\s+)?((?:nineteen|twenty|two thousand)\b.*)")
def _month_spelled_year(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``January nineteen ninety-seven``: a month of a spelled-out year."""
    year = _spelled_year(m.group(2), ref, tense)
    if isinstance(year, Parse) and year.timeml:
        v = f"{year.timeml}-{month_number(m.group(1)):02d}"
        return parsed(v, "point")
    return None


@fullmatch(rf"(?:(?:early|late|mid|the end of|the beginning of)[-\s]+)?{MONTH_RE}\s+(?:of\s+)?(this|last|next)\s+year")
def _month_this_year(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``January this year``, ``June last year``."""
    if ref is None:
        return parsed(None, "relative")
    y = ref.year + {"last": -1, "next": 1}.get(m.group(2), 0)
    v = f"{y}-{month_number(m.group(1)):02d}"
    return Parse(v, v, "relative")


@fullmatch(
    r"(?:the\s+)?(?:full|current|whole|entire|calendar|current fiscal|fiscal|same)?[-\s]?year(?:[-\s]end|'s end)?|(?:the\s+)?end of the year|(?:earlier|later) in the year"
)
def _whole_year(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """The year as a whole: ``the full year``, ``year-end``, ``the current fiscal year``."""
    if t in ("year", "the year"):
        return None
    if ref is None:
        return parsed(None, "relative")
    return Parse(str(ref.year), str(ref.year), "relative")


@fullmatch(r"(.+?)\s+(?:ended|ending|that ended|which ended|to)\s+(.+)")
def _period_ended(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``the quarter ended Sept. 30``, ``the six months ended Aug. 12``."""
    if not re.search(r"\b(quarter|year|months|weeks|period|half)\b", m.group(1)):
        return None
    end = parse_expression(m.group(2), ref, tense=tense)
    head = m.group(1)
    if end is not None and end.timeml and re.match(r"\d{4}-\d{2}", end.timeml):
        y, mo = int(end.timeml[:4]), int(end.timeml[5:7])
        if re.search(r"\bquarter\b", head):
            # a fiscal quarter keeps its own number ("the fourth quarter ended Aug. 26"); else the calendar quarter of the end
            ordinal = re.search(r"\b(first|second|third|fourth)\b", head)
            q = ("first", "second", "third", "fourth").index(ordinal.group(1)) + 1 if ordinal else (mo - 1) // 3 + 1
            fy, fm = (y, mo - 2) if mo > 2 else (y - 1, mo + 10)  # the three months that end with the end date's month
            return Parse(f"{y}-Q{q}", f"{fy}-{fm:02d}/{y}-{mo:02d}", end.kind)
    return parse_expression(head, ref, tense=tense)


def _explicit(t: str, ref: _dt.date | None, tense: int) -> Answer:
    """Explicit calendar dates (:func:`~.explicit.explicit_date`)."""
    return explicit_date(t, ref, tense=tense)


# --------------------------------------------------------------------------
# relative calendar units, durations, ranges


@fullmatch(
    r"(?:(earlier|later|early|late|the end of|the beginning of|the start of|the middle of|mid|the rest of|the remainder of)\s+)?(this|last|next|the past|the coming|the previous|the current|the same|that|the following|the prior|a|the)[-\s](year|month|week|weekend|day)(?:'s)?(?:\s+(earlier|before|ago|later))?"
)
def _relative_unit(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``last year``, ``this month``, ``next week``, ``a year earlier``; ``the year`` is a duration."""
    if re.fullmatch(r"an? [a-z]+", t):
        return None
    det, unit = m.group(2), m.group(3)
    u = {"year": "Y", "month": "M", "week": "W", "weekend": "WE", "day": "D"}[unit]
    if det == "the" and not m.group(1) and unit != "weekend":
        # "the year": a duration in TimeML unless anchored
        return parsed(duration(1, u), "duration")
    if ref is None:
        return parsed(None, "relative")
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
    if unit == "weekend" and det in ("the", "this") and tense < 0 and ref.weekday() < 5:
        delta = -1  # "over the weekend" in a past sentence on a weekday: the weekend just gone, in the previous ISO week
    v = rel_unit(u, delta, ref)
    return Parse(v, iso_of(v), "relative")


@fullmatch(rf"({NUMBER_RE}|several|a few|few|many|some)\s+(?:more\s+)?{UNIT_RE}\s+(ago|earlier|before|later|from now|hence|since)")
def _units_ago(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``two years ago``, ``several weeks later``, ``three days from now``."""
    n = number_value(m.group(1))
    u = unit_code(m.group(2))
    if u is None:
        return REJECT
    if ref is None:
        return parsed(None, "relative")
    sign = 1 if m.group(3) in ("later", "from now", "hence") else -1
    if n is None:
        if u == "Y":
            return parsed(f"{str(ref.year)[:3]}X", "relative", None)
        return parsed("PAST_REF" if sign < 0 else "FUTURE_REF", "relative", None)
    if u in ("Y", "M", "W", "D", "Q"):
        v = rel_unit(u, sign * n, ref)
        return Parse(v, iso_of(v), "relative")
    if u == "DE":
        v = str(ref.year - 10 * n if sign < 0 else ref.year + 10 * n)
        return Parse(v[:3] + "X", v, "relative")
    return parsed(None, "relative")


def _duration(t: str, ref: _dt.date | None, tense: int) -> Answer:
    """Amounts of time (:func:`~.explicit.duration_parse`)."""
    return duration_parse(t)


@fullmatch(r"(?:between\s+|from\s+)?(\d{4})\s*(?:-|to|through|and|until)\s*(\d{2}|\d{4})")
def _year_range(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """Ranges of years: ``1990-1995``, ``1990 to 1995``, ``between 1990 and 1995``."""
    a = int(m.group(1))
    b = int(m.group(2)) if len(m.group(2)) == 4 else (a // 100) * 100 + int(m.group(2))
    if b > a:
        return Parse(duration(b - a, "Y"), f"{a}/{b}", "interval")
    return None


#: The grammar: the rules in the order they are tried.
RULES: tuple[Rule, ...] = (
    _reference_word,
    _set_word,
    _every_unit,
    _every_weekday,
    _plural_weekday,
    _every_n_units,
    _spelled_year,
    _month_spelled_year,
    _month_this_year,
    _whole_year,
    _period_ended,
    _explicit,
    *HOLIDAY_RULES,
    *DAY_RULES,
    *SPAN_RULES,
    _relative_unit,
    _units_ago,
    _duration,
    _year_range,
)
