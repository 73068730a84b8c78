"""The timeline: the sentences that carry a resolvable point or interval, in date order."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence

from ..models import DateMention, Sentence, TimelineEntry

__all__ = ["build_timeline"]


def _sort_key(value: str) -> tuple[int, int, int]:
    """(year, month, day) of the start of a value; weeks by their Monday; unknown forms last."""
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
