"""The date vocabulary: English words for months, weekdays, seasons, parts of the day,
numbers, ordinals, units, decades, tense-bearing reference words and sets; the regular
expression fragments built on them; and lookups from a word to its number or code.

General English, no project data: the grammar (:mod:`.grammar`) and the explicit forms
(:mod:`.explicit`) read these tables.
"""

from __future__ import annotations

import calendar
import re

from ..numbers import NUMBER_WORDS

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "SEASONS",
    "SEASON_MONTHS",
    "PARTS_OF_DAY",
    "SMALL_NUMBERS",
    "ORDINALS",
    "UNITS",
    "DECADE_WORDS",
    "PRESENT_WORDS",
    "PAST_WORDS",
    "FUTURE_WORDS",
    "SET_WORDS",
    "DATE_WORDS",
    "NUMBER_RE",
    "UNIT_RE",
    "MONTH_RE",
    "WEEKDAY_RE",
    "PART_RE",
    "ORD_DAY_RE",
    "YEAR_RE",
    "number_value",
    "unit_code",
    "month_number",
    "weekday_number",
    "strip_lead",
]

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
    **NUMBER_WORDS,
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

#: Words that make an expression about time; a candidate with none of them and no digit
#: ("Holliday", a title) is not a date.
DATE_WORDS: frozenset[str] = frozenset(
    {w for name in (*MONTHS, *WEEKDAYS, *SEASONS, *PARTS_OF_DAY, *DECADE_WORDS, *SET_WORDS) for w in name.split()}
    | {w.rstrip("s") for w in UNITS}
    | {w for phrase in (*PRESENT_WORDS, *PAST_WORDS, *FUTURE_WORDS) for w in phrase.split()}
    | {w + "s" for w in (*UNITS, *MONTHS, *WEEKDAYS)}
    | set(
        """ago later earlier early late time times period periods term era age ages eve holiday holidays christmas easter
        thanksgiving ramadan hanukkah passover halloween new midnight noon fiscal half quarter quarters century centuries
        decade decades weekend weekends tonight today yesterday tomorrow date dates moment season seasons hour hours
        anniversary birthday election semester term""".split()
    )
)

# --------------------------------------------------------------------------
# regular expression fragments (each captures one group, except NUMBER_RE)

_NUMBER_WORD = (
    r"(?:\d[\d,]*(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|single|couple|dozen)"
)
NUMBER_RE = rf"{_NUMBER_WORD}(?:[-\s]+(?:and\s+)?{_NUMBER_WORD})*"
UNIT_RE = r"(years?|yrs?|months?|weeks?|wks?|days?|fortnights?|hours?|hrs?|minutes?|mins?|seconds?|secs?|decades?|centur(?:y|ies)|quarters?|weekends?|nights?|sessions?)"
MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAY_RE = r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|weds|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
PART_RE = r"(morning|afternoon|evening|night|tonight|overnight|midday|noon|dawn|dusk)"
ORD_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR_RE = r"(\d{4}|'\d{2})"

_LEAD = re.compile(
    r"^(?:about|around|approximately|roughly|nearly|almost|at least|at most|more than|less than|"
    r"fewer than|over|under|up to|just|only|barely|some|an estimated|as many as|as much as|"
    r"as long as|as early as|as late as|until|till|by|since|from|through|throughout|during|in|on|"
    r"at|for|within|after|before|well over|little more than|no more than|nearly all|ever since|"
    r"the better part of|much of|all of|most of|the rest of|the remainder of|part of)\s+"
)

# --------------------------------------------------------------------------
# word -> number or code


def number_value(word: str) -> int | None:
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


def unit_code(word: str) -> str | None:
    """The TimeML unit of a unit word (``years`` -> ``Y``, ``centuries`` -> ``CE``); None if unknown."""
    w = word.lower().rstrip("s")
    if w == "centurie":
        w = "century"
    if w.endswith("ie") and w[:-2] + "y" in UNITS:
        w = w[:-2] + "y"
    return UNITS.get(w)


def month_number(word: str) -> int:
    """``sept.`` -> 9 (the word must match :data:`MONTH_RE`)."""
    w = word.rstrip(".")
    return MONTHS.get(w) or MONTHS[w[:3]]


def weekday_number(word: str) -> int:
    """``tues`` -> 1, Monday being 0 (the word must match :data:`WEEKDAY_RE`)."""
    w = word.rstrip(".")
    return WEEKDAYS.get(w) or WEEKDAYS[w[:3]]


def strip_lead(t: str) -> str:
    """Drop leading prepositions and approximators (``about``, ``since``, ``the rest of`` …), repeatedly."""
    prev = None
    while prev != t:
        prev = t
        t = _LEAD.sub("", t)
    return t
