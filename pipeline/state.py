"""The per-article state that flows through the chain, and the stage declaration.

Each stage is a function ``(state, resources) -> state`` that returns a copy of the
frozen :class:`State` with its own part added. It declares, as spaCy components do,
what it reads and what it adds (:func:`stage`); :class:`pipeline.chain.Pipeline`
checks that what a stage reads is there before running it. The spaCy ``Doc`` lives in
the state only between the parse and the assembly of the :class:`~pipeline.models.Analysis`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Settings
from .models import Article, Attribution, DateMention, Entity, Figure, Quote, RawDocument, Sentence, Summary, TimelineEntry

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from .flags import FlagModel
    from .sentences import SentenceIndex
    from .summarise import Summariser

__all__ = ["State", "Resources", "StageFn", "stage"]


@dataclass(frozen=True, slots=True)
class State:
    """What is known about one article so far. Unset parts are None."""

    raw: RawDocument | None = None
    article: Article | None = None
    doc: Doc | None = None
    sentences: tuple[Sentence, ...] | None = None
    index: SentenceIndex | None = None
    entities: tuple[Entity, ...] | None = None
    dates: tuple[DateMention, ...] | None = None
    figures: tuple[Figure, ...] | None = None
    quotes: tuple[Quote, ...] | None = None
    attributions: tuple[Attribution, ...] | None = None
    timeline: tuple[TimelineEntry, ...] | None = None
    summary: Summary | None = None
    #: A reviewer's decisions on flags (input; see :mod:`pipeline.review`).
    reviews: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Ids already taken in this batch (input to ``normalise``; shared and mutable on purpose).
    used_ids: set[str] | None = None

    def but(self, **changes: Any) -> State:
        """A copy with ``changes``."""
        return dataclasses.replace(self, **changes)


class Resources:
    """Everything the stages need that is loaded once per process: the settings, the spaCy
    pipeline, the entity aliases, the flagger (lexicons, weights, matchers) and the
    summariser (sumy rankers). Each is loaded on first use, so a chain run only up to
    ``normalise`` (the extraction evaluation) loads no model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @functools.cached_property
    def nlp(self) -> Language:
        from .nlp import load_model

        return load_model(self.settings.model)

    @functools.cached_property
    def aliases(self) -> Mapping[str, str]:
        from .entities import load_aliases

        return load_aliases(self.settings.entities.aliases) if self.settings.entities.aliases else {}

    @functools.cached_property
    def flagger(self) -> FlagModel:
        from .flags import load_flagger

        return load_flagger(self.settings.flags, self.nlp)

    @functools.cached_property
    def summariser(self) -> Summariser:
        from .summarise import load_summariser

        return load_summariser(self.settings.summary)


StageFn = Callable[[State, Resources], State]


def stage(*, reads: tuple[str, ...], adds: tuple[str, ...]) -> Callable[[StageFn], StageFn]:
    """Declare what a stage function reads from the state and what it adds."""
    names = {f.name for f in dataclasses.fields(State)}
    unknown = [n for n in (*reads, *adds) if n not in names]
    if unknown:  # pragma: no cover - a programming error
        raise ValueError(f"unknown state fields: {unknown}")

    def decorate(fn: StageFn) -> StageFn:
        fn.reads = reads  # type: ignore[attr-defined]
        fn.adds = adds  # type: ignore[attr-defined]
        return fn

    return decorate
