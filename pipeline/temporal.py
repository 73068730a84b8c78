"""Dates and times with ISO 8601 values (first version; deepened by the dates work)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Sequence

from .models import DateMention, Sentence, TimelineEntry
from .sentences import SentenceIndex

__all__ = ["extract_dates", "build_timeline"]


def extract_dates(doc: Any, sentences: Sequence[Sentence], *, reference: dt.date | None = None) -> tuple[DateMention, ...]:
    index = SentenceIndex(sentences)
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s = index.covering(ent.start_char, ent.end_char)
        if s is None:
            continue
        m = re.fullmatch(r"(?:in |the year )?(\d{4})", ent.text.strip())
        out.append(DateMention(ent.text, ent.start_char, ent.end_char, s.id, m.group(1) if m else None))
    return tuple(out)


def build_timeline(dates: Sequence[DateMention], sentences: Sequence[Sentence]) -> tuple[TimelineEntry, ...]:
    text = {s.id: s.text for s in sentences}
    rows = sorted((d for d in dates if d.value), key=lambda d: (d.value or "", d.sentence_id))
    return tuple(TimelineEntry(d.sentence_id, d.value or "", text[d.sentence_id]) for d in rows)
