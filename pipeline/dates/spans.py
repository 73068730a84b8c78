"""Rules of the date grammar for spans of the calendar: decades (``the early 1990s``),
centuries (``the 19th century``), seasons (``summer 1998``), quarters and halves
(``the third quarter of 1998``), the first months of a year (``the first nine months
of 1997``) and vague plural periods (``recent years``).
"""

from __future__ import annotations

import datetime as _dt
import re

from .periods import decade_iso, duration, quarter_iso, quarter_of, year4
from .rules import REJECT, Answer, Parse, Rule, fullmatch, parsed
from .vocabulary import DECADE_WORDS, NUMBER_RE, ORDINALS, SEASON_MONTHS, SEASONS, UNIT_RE, number_value, unit_code

__all__ = ["SPAN_RULES"]


@fullmatch(
    r"(?:the\s+)?(?:(early|mid|late|middle)[-\s]+)?(?:(\d{2})(\d)0'?s|'(\d)0s|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
)
def _decade(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``the early 1990s``, ``the '60s``, ``the sixties`` (TimeML value ``199``, ``196``)."""
    part = {"middle": "mid"}.get(m.group(1) or "", m.group(1))
    if m.group(2):
        start = int(m.group(2) + m.group(3) + "0")
    else:
        digit = int(m.group(4)) if m.group(4) else DECADE_WORDS[m.group(5)]
        century = 1900 if ref is None or digit * 10 > ref.year % 100 else (ref.year // 100) * 100
        start = century + digit * 10
    return Parse(str(start)[:3], decade_iso(start, 10, part), "interval")  # TimeML writes a decade as its first three digits


@fullmatch(
    r"(?:the\s+)?(?:(early|mid|late|middle)[-\s]+)?(\d{1,2})(?:st|nd|rd|th)[-\s]+century|(?:the\s+)?(?:(early|mid|late)[-\s]+)?("
    + "|".join(k for k, v in ORDINALS.items() if v > 0)
    + r")[-\s]+century"
)
def _century(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``the 19th century``, ``the late nineteenth century``."""
    part = m.group(1) or m.group(3)
    part = "mid" if part == "middle" else part
    n = int(m.group(2)) if m.group(2) else ORDINALS[m.group(4)]
    if 1 <= n <= 30:
        start = (n - 1) * 100 + 1
        return Parse(f"{n - 1:02d}", decade_iso(start, 100, part), "interval")
    return None


@fullmatch(r"(?:the past|the last|the previous|the next|the coming) (decade|century)")
def _past_decade(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``the past decade``: a duration."""
    return parsed("P10Y" if m.group(1) == "decade" else "P100Y", "duration")


@fullmatch(r"(?:this|the current|last|next) (decade|century)")
def _this_decade(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``this decade``, ``next century``."""
    if ref is None:
        return None
    delta = 0 if t.startswith(("this", "the current")) else (1 if "next" in t else -1)
    if m.group(1) == "decade":
        start = (ref.year // 10 + delta) * 10
        return Parse(str(start)[:3], decade_iso(start, 10, None), "relative")
    c = ref.year // 100 + delta
    return Parse(f"{c:02d}", decade_iso(c * 100 + 1, 100, None), "relative")


# --------------------------------------------------------------------------
# seasons, quarters and halves


@fullmatch(
    r"(?:(this|last|next|the|this past|this coming|early|late|mid)\s+)?(?:(early|late|mid)[-\s]?)?(spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?('?\d{2}|\d{4}))?"
)
def _season(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``summer 1998``, ``last fall``, ``this winter``."""
    s = SEASONS[m.group(3)]
    year: int | None = None
    kind = "relative"
    if m.group(4):
        year = year4(m.group(4), ref)
        kind = "interval"
    elif ref is not None:
        rel = m.group(1) or ""
        year = ref.year + {"last": -1, "next": 1}.get(rel, 0)
        if rel == "last" and s != "WI" and SEASON_MONTHS[s][1] < ref.month:
            year = ref.year
    if year is None:
        return parsed(None, "relative")
    a, b = SEASON_MONTHS[s]
    iso = f"{year}-{a:02d}/{year + (1 if b < a else 0)}-{b:02d}"
    return Parse(f"{year}-{s}", iso, kind)


@fullmatch(r"(?:the\s+)?(\d{4})\s+(?:fiscal\s+)?(first|second|third|fourth)?[-\s]?(quarter|half)")
def _year_then_quarter(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``the 1988 third quarter``."""
    year = int(m.group(1))
    size = 4 if m.group(3) == "quarter" else 2
    code = "Q" if size == 4 else "H"
    if m.group(2) is None:
        return parsed(f"{year}-{code}X", "point", None)
    n = ORDINALS[m.group(2)]
    if n <= size:
        return Parse(f"{year}-{code}{n}", quarter_iso(year, n, size), "point")
    return None


@fullmatch(rf"(?:the\s+)?(?:first|last|final|past|initial)\s+({NUMBER_RE})\s+{UNIT_RE}\s+(?:of|in)\s+.+")
def _first_units_of(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """``the first nine months of 1997``: a duration."""
    u = unit_code(m.group(2))
    if u:
        return parsed(duration(number_value(m.group(1)), u), "duration")
    return None


@fullmatch(r"(?:the\s+)?(recent|past|coming)\s+(years|months|weeks|days|quarters|decades)")
def _vague_periods(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """Vague plural periods: ``recent years`` (past), ``coming months`` (future). With a quantifier
    (``the past few weeks``, ``the next several days``) they are amounts of time, durations, as with a number."""
    return parsed("FUTURE_REF" if m.group(1).startswith(("coming", "next")) else "PAST_REF", "relative", None)


@fullmatch(
    r"(?:(this|last|next|the|this year's|last year's|next year's|the latest|the latest fiscal|the fiscal|the same|the current|the year-earlier|the year-ago|year-earlier|year-ago)\s+)?(?:fiscal\s+)?(?:(first|second|third|fourth|1st|2nd|3rd|4th|final|last)[-\s])?(?:fiscal[-\s])?(quarter|half)(?:\s+(?:of\s+)?(?:fiscal\s+)?('?\d{2}|\d{4}))?"
)
def _quarter(m: re.Match[str], t: str, ref: _dt.date | None, tense: int) -> Answer:
    """Quarters and halves: ``the third quarter of 1998``, ``the quarter``, ``last year's second half``."""
    det = m.group(1) or ""
    size = 4 if m.group(3) == "quarter" else 2
    n = None
    if m.group(2):
        n = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": size, "last": size}[
            m.group(2)
        ]
        if n > size:
            return REJECT
    code = "Q" if size == 4 else "H"
    if m.group(4):
        explicit_year = year4(m.group(4), ref)
        if explicit_year is None:
            return REJECT
        if n is None:
            return parsed(f"{explicit_year}-{code}X", "relative")
        return Parse(f"{explicit_year}-{code}{n}", quarter_iso(explicit_year, n, size), "point")
    if ref is None:
        return parsed(None, "relative")
    cur = quarter_of(ref) if size == 4 else (ref.month - 1) // 6 + 1
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
    return Parse(f"{year}-{code}{n}", quarter_iso(year, n, size), "relative")


#: The span rules, in the order the grammar tries them.
SPAN_RULES: tuple[Rule, ...] = (
    _decade,
    _century,
    _past_decade,
    _this_decade,
    _season,
    _year_then_quarter,
    _first_units_of,
    _vague_periods,
    _quarter,
)
