"""An analysis brought up to date with its review decisions, without reading the source again.

The flags, entities, dates and facts of the stored analysis are kept; only what
decisions change is redone: the flags' marks, the scores of sentences with
dismissed flags, the statistics, and the summary. The summary is chosen again
only when the set of dismissed flags changed (accepting a flag changes no
score), and then needs the spaCy parse of the article text: ``doc_for`` gives it
(the caller parses ``article.text`` stored in the analysis, and may cache it).
The result is the analysis a full run with the same decisions would write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..models import Analysis, Article, Sentence
from .decisions import DECISIONS, without_dismissed

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ..config import Settings

__all__ = ["counted_stats", "refresh_analysis"]


def counted_stats(sentences: Sequence[Sentence], *, word_count: int) -> dict[str, Any]:
    """The flag statistics without dismissed flags, and how many flags were decided."""
    from ..flags import flag_stats

    return {
        **flag_stats(without_dismissed(tuple(sentences)), word_count=word_count),
        "reviewed_flags": sum(1 for s in sentences for f in s.flags if f.review in DECISIONS),
        "dismissed_flags": sum(1 for s in sentences for f in s.flags if f.review == "dismissed"),
    }


def _dismissed(sentences: Sequence[Sentence]) -> set[tuple[str, int]]:
    return {(s.id, j) for s in sentences for j, f in enumerate(s.flags) if f.review == "dismissed"}


def refresh_analysis(
    analysis: Analysis,
    decisions: Mapping[str, Mapping[str, Any]],
    *,
    settings: Settings,
    doc_for: Callable[[Article], Doc],
) -> Analysis:
    """``analysis`` with ``decisions`` (and ``settings.review.suppress``) applied: the chain's
    ``reviews`` stage on the stored sentences, then its ``summarise`` stage when the set of
    dismissed flags changed."""
    from ..chain import pipeline_for
    from ..state import State

    pipeline = pipeline_for(settings)
    state = State(
        article=analysis.article,
        sentences=analysis.sentences,
        entities=analysis.entities,
        dates=analysis.dates,
        figures=analysis.figures,
        quotes=analysis.quotes,
        attributions=analysis.attributions,
        timeline=analysis.timeline,
        summary=analysis.summary,
        reviews=decisions,
    )
    state = pipeline.run(state, start="reviews", upto="reviews")
    assert state.sentences is not None
    if analysis.summary is None or _dismissed(state.sentences) != _dismissed(analysis.sentences):
        state = pipeline.run(state.but(doc=doc_for(analysis.article)), start="summarise", upto="summarise")
    stats = pipeline.assemble(state).stats
    return dataclasses.replace(analysis, sentences=state.sentences or (), summary=state.summary, stats=stats)
