"""Figures, quotes and attributions (first version; deepened by the entities work)."""

from __future__ import annotations

from typing import Any, Sequence

from .models import Attribution, Entity, Figure, Quote, Sentence
from .sentences import SentenceIndex

__all__ = ["extract_figures", "extract_quotes", "extract_attributions"]


def extract_figures(doc: Any, sentences: Sequence[Sentence]) -> tuple[Figure, ...]:
    index = SentenceIndex(sentences)
    out = []
    for ent in doc.ents:
        if ent.label_ in ("MONEY", "PERCENT", "QUANTITY"):
            s = index.covering(ent.start_char, ent.end_char)
            if s is not None:
                out.append(Figure(ent.text, ent.start_char, ent.end_char, s.id))
    return tuple(out)


def extract_quotes(doc: Any, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> tuple[Quote, ...]:
    return ()


def extract_attributions(doc: Any, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> tuple[Attribution, ...]:
    return ()
