"""The dates stage: date and time expressions, normalised, and a timeline.

Reads the spaCy ``Doc`` of the article, its prose :class:`~pipeline.models.Sentence`
tuple and the reference date (the publication date, when known). Adds the
:class:`~pipeline.models.DateMention` tuple (:func:`extract_dates`: spaCy's DATE/TIME
entities, trimmed and extended by rules, inside prose sentences, each with an ISO 8601
``value``, a ``kind`` from :data:`DATE_KINDS` and, for relative expressions,
``resolved`` against the reference date) and the timeline
(:func:`build_timeline`: a :class:`~pipeline.models.TimelineEntry` tuple, the sentences
with a resolvable point or interval ordered by date).

:func:`normalise_date` (:class:`DateValue`) and :func:`timeml_value` normalise one
expression. Modules: :mod:`.vocabulary` (word tables), :mod:`.grammar` (the rules, in
order, with :mod:`.rules`, :mod:`.explicit`, :mod:`.days`, :mod:`.holidays`, :mod:`.spans` and the
calendar arithmetic of :mod:`.periods`), :mod:`.normalise`, :mod:`.extract`,
:mod:`.nondates` (what looks like a date but is not one), :mod:`.anchors`, :mod:`.timeline`.
"""

from __future__ import annotations

from .extract import extract_dates
from .normalise import DATE_KINDS, DateValue, normalise_date, timeml_value
from .timeline import build_timeline

__all__ = [
    "extract_dates",
    "build_timeline",
    "normalise_date",
    "timeml_value",
    "DateValue",
    "DATE_KINDS",
]
