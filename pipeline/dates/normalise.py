"""One date or time expression -> its normalised value (:class:`DateValue`).

``normalise_date(text, reference=..., label=..., tense=...)`` gives:

- ``value``: ISO 8601 (``2006``, ``2025-06-13``, ``1998-W07``), an ISO interval
  ``start/end`` for spans (``the early 1990s`` -> ``1990/1993``, ``the mid-2000s``
  -> ``2004/2006``, ``the 19th century`` -> ``1801/1900``, ``summer 1998`` ->
  ``1998-06/1998-08``, ``the third quarter of 1998`` -> ``1998-07/1998-09``), an ISO
  duration (``three years`` -> ``P3Y``; vague amounts keep TimeML's ``X``:
  ``for decades`` -> ``PXY``), the period of a set (``annually`` -> ``P1Y``), or
  for relative expressions the resolved value (None when no reference date is given);
- ``kind``: ``point``, ``interval``, ``duration``, ``set`` or ``relative``;
- ``resolved``: for relative expressions, the value against ``reference``, else None;
- ``timeml``: the value as TimeML/TempEval-3 writes it (``199`` for a decade,
  ``1998-Q3``, ``1998-SU``, ``PRESENT_REF``, ``XXXX-WXX-4`` …), used by the
  ``dates`` evaluation task.

Nonsense never raises: it comes back with ``value=None``.

The grammar (:mod:`.grammar`) reads the cleaned text, then shorter forms of it;
``dateparser`` is the fallback for other explicit dates. Results are cached by
(text, reference, label, tense).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from .grammar import parse_expression
from .periods import iso_week
from .rules import Parse, parsed
from .vocabulary import MONTH_RE, strip_lead

__all__ = ["DATE_KINDS", "DateValue", "normalise_date", "timeml_value"]

DATE_KINDS: tuple[str, ...] = ("point", "interval", "duration", "set", "relative")


@dataclass(frozen=True, slots=True)
class DateValue:
    """The normalised value of one date or time expression."""

    value: str | None
    kind: str = "point"
    resolved: str | None = None
    timeml: str | None = None


def normalise_date(text: str, *, reference: _dt.date | None = None, label: str = "DATE", tense: int = 0) -> DateValue:
    """The normalised value of one date/time expression. Never raises.

    ``reference`` anchors relative expressions (the publication date); without it
    they come back with ``kind="relative"`` and ``value=None``. ``label`` is the
    spaCy label (DATE or TIME). ``tense`` is the tense of the sentence the
    expression is in (-1 past, 0 unknown or present, 1 future): a weekday or a
    month named without a year is looked for on that side of the reference.
    Unknown or malformed text gives ``value=None``.
    """
    try:
        r = _analyse(str(text), reference, label, tense)
    except Exception:  # noqa: BLE001 - a normaliser must never break the pipeline
        r = None
    if r is None:
        return DateValue(None, "point", None, None)
    iso = r.iso if r.iso and re.match(r"\d{4}|P", r.iso) and "X" not in r.iso.lstrip("P")[:1] else None
    if r.iso and r.iso.startswith("P"):
        iso = r.iso
    r = Parse(r.timeml, iso, r.kind)
    if r.kind == "relative":
        resolved = r.iso if reference is not None else None
        return DateValue(resolved, "relative", resolved, r.timeml)
    return DateValue(r.iso, r.kind, None, r.timeml)


def timeml_value(text: str, *, reference: _dt.date | None = None, label: str = "DATE", tense: int = 0) -> str | None:
    """The value as TimeML writes it (``199``, ``1998-Q3``, ``PRESENT_REF``, ``P3Y`` …)."""
    return normalise_date(text, reference=reference, label=label, tense=tense).timeml


def _clean(text: str) -> str:
    """Lower-cased, typographic quotes and dashes made plain, outer punctuation and a final ``'s`` dropped."""
    t = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^[\s\"'(\[,;:]+|[\s\"')\],;:.!?]+$", "", t)
    t = re.sub(r"'s$", "", t)
    return t.strip()


@functools.lru_cache(maxsize=16)
def _date_parser(base: _dt.date | None):  # type: ignore[no-untyped-def]
    """A dateparser parser (a well-kept parser for explicit forms the grammar does not know), one per reference date."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = _dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_value(t: str, ref: _dt.date | None) -> Parse | None:
    """Fallback: explicit dates through dateparser, written at the granularity it reports."""
    if not re.search(r"\d", t) and not re.search(MONTH_RE, t):
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
        v = iso_week(d.date())
    elif period == "time":
        v = d.strftime("%Y-%m-%dT%H:%M")
    else:
        v = d.date().isoformat()
    if not has_year and ref is None:
        return None
    return parsed(v, "point" if has_year else "relative")


@functools.lru_cache(maxsize=4096)
def _analyse(text: str, reference: _dt.date | None, label: str, tense: int) -> Parse | None:
    """The grammar on the cleaned text, then on shorter forms of it, then dateparser; cached (the tense is part of the key)."""
    t = _clean(text)
    if not t or len(t) > 120:
        return None
    r = parse_expression(t, reference, tense=tense)
    if r is not None:
        return r
    # drop a leading preposition/modifier and try again
    t2 = strip_lead(t)
    t2 = re.sub(r"\s+(?:ago)$", " ago", t2)
    if t2 != t:
        r = parse_expression(t2, reference, tense=tense)
        if r is not None:
            return r
    # strip trailing context: "Friday, the day after" -> first part
    for sep in (",", " and ", " or "):
        if sep in t2:
            head = t2.split(sep, 1)[0].strip()
            if head:
                r = parse_expression(head, reference, tense=tense)
                if r is not None:
                    return r
    # "the year 2000", "the 1990 season", "1997 and 1998" -> find a year
    if label in ("DATE", "TIME"):
        r = _dateparser_value(t2, reference)
        if r is not None:
            return r
        m = re.search(r"\b(1[0-9]\d{2}|20\d{2})\b", t2)
        if m and not re.search(r"\d", t2[: m.start()] + t2[m.end() :]):
            return parsed(m.group(1), "point")
    return None
