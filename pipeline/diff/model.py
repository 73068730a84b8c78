"""The typed result of a diff: frozen dataclasses, turned into JSON by :func:`pipeline.convert.to_dict`.

The JSON form is described by ``pipeline/schema/diff.schema.json`` (version :data:`DIFF_SCHEMA_VERSION`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DIFF_SCHEMA_VERSION",
    "SECTIONS",
    "Side",
    "WordOp",
    "FieldChange",
    "TextTally",
    "PointChange",
    "FigureView",
    "FigureChange",
    "DateView",
    "DateChange",
    "EntityChange",
    "FlagChange",
    "FlagRate",
    "QuoteChange",
    "OneSided",
    "Diff",
    "Version",
]

#: Version of the diff's JSON structure (``pipeline/schema/diff.schema.json``).
DIFF_SCHEMA_VERSION = "1.0"

#: The sections of a diff, in the order they are shown (the names ``--only`` takes).
SECTIONS: tuple[str, ...] = ("metadata", "points", "figures", "dates", "entities", "flags", "quotes")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison: where it came from and what it is."""

    label: str
    id: str
    source: str
    title: str | None
    sha256: str
    schema_version: str
    pipeline_version: str
    settings_hash: str


@dataclass(frozen=True, slots=True)
class WordOp:
    """A run of a word-level diff: ``op`` is ``equal``, ``delete`` or ``insert``."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A metadata field (title, published, author, url, word_count …) that changed."""

    field: str
    before: str | int | None
    after: str | int | None


@dataclass(frozen=True, slots=True)
class TextTally:
    """Sentences of the article body: how many on each side, and how they align."""

    before: int
    after: int
    added: int
    removed: int
    reworded: int


@dataclass(frozen=True, slots=True)
class PointChange:
    """A key point (or the lede) added, removed or changed.

    ``why`` says what happened to the sentence itself: ``new sentence``,
    ``sentence removed``, ``still in the article`` (it only left the summary),
    ``already in the article`` (it only joined it) or ``reworded``; ``words``
    is the word-level diff when the sentence is on both sides and was reworded.
    With ``--all``, sentences of the body that are not key points come too
    (``part`` ``sentence``).
    """

    part: str  # "key_point", "lede" or "sentence"
    change: str  # "added", "removed" or "changed"
    before: str | None
    after: str | None
    before_id: str | None
    after_id: str | None
    why: str
    similarity: float = 0.0
    words: tuple[WordOp, ...] = ()


@dataclass(frozen=True, slots=True)
class FigureView:
    text: str
    amount: float | None
    unit: str | None
    qualifier: str | None
    sentence_id: str
    sentence: str


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A figure added, removed, or ``changed`` (amount, unit or qualifier) in the same sentence."""

    change: str
    before: FigureView | None
    after: FigureView | None


@dataclass(frozen=True, slots=True)
class DateView:
    text: str
    value: str | None
    sentence_id: str
    sentence: str


@dataclass(frozen=True, slots=True)
class DateChange:
    """A date added, removed, or ``redated`` (its value changed in the same sentence)."""

    change: str
    before: DateView | None
    after: DateView | None


@dataclass(frozen=True, slots=True)
class EntityChange:
    """An entity ``added``, ``removed``, or whose mentions changed (``count``)."""

    change: str
    name: str
    label: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class FlagChange:
    """A flag ``added`` or ``removed``, with its cue and sentence."""

    change: str
    category: str
    cue: str
    rule: str
    sentence_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FlagRate:
    """Flags of one category (or ``all``) per 1,000 words on each side."""

    category: str
    before: float
    after: float


@dataclass(frozen=True, slots=True)
class QuoteChange:
    """A quote or attribution ``added``, ``removed``, ``reattributed`` or ``changed`` (its words)."""

    kind: str  # "quote" or "attribution"
    change: str
    before: str | None
    after: str | None
    speaker_before: str | None
    speaker_after: str | None
    sentence: str
    cue: str = ""
    words: tuple[WordOp, ...] = ()


@dataclass(frozen=True, slots=True)
class OneSided:
    """What only one side reports (for two different articles)."""

    figures: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed in substance from analysis ``a`` to analysis ``b``.

    Sections not asked for (``sections``) are empty; ``complete`` is True when
    changes below the thresholds are included (``--all``).
    """

    schema_version: str
    a: Side
    b: Side
    same_article: bool
    same_input: bool
    same_settings: bool
    sections: tuple[str, ...]
    complete: bool
    metadata: tuple[FieldChange, ...] = ()
    text: TextTally | None = None
    points: tuple[PointChange, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    dates: tuple[DateChange, ...] = ()
    entities: tuple[EntityChange, ...] = ()
    flags: tuple[FlagChange, ...] = ()
    flag_rates: tuple[FlagRate, ...] = ()
    subjective_share: tuple[float, float] | None = None
    tone: tuple[str, ...] = ()
    quotes: tuple[QuoteChange, ...] = ()
    only_a: OneSided | None = None
    only_b: OneSided | None = None

    @property
    def text_changed(self) -> bool:
        t = self.text
        return t is not None and bool(t.added or t.removed or t.reworded)

    @property
    def has_differences(self) -> bool:
        """True when any section asked for shows a change in substance."""
        return bool(
            self.metadata
            or self.text_changed
            or self.points
            or self.figures
            or self.dates
            or self.entities
            or self.flags
            or self.tone
            or self.quotes
        )

    def counts(self) -> dict[str, int]:
        """Changes per section (the text tally counts with metadata)."""
        return {
            "metadata": len(self.metadata) + (1 if self.text_changed and not any(m.field == "word_count" for m in self.metadata) else 0),
            "points": len(self.points),
            "figures": len(self.figures),
            "dates": len(self.dates),
            "entities": len(self.entities),
            "flags": len(self.flags) + (1 if self.tone and not self.flags else 0),
            "quotes": len(self.quotes),
        }


@dataclass(frozen=True, slots=True)
class Version:
    """One kept version of an article (``pipeline diff ID --history``).

    ``version`` is the first 16 hex digits of the input's sha256 (the name of its
    file under ``<out_dir>/history/<id>/``); ``changes`` summarises what changed
    from the version before it in one line (empty for the first).
    """

    version: str
    date: str
    path: str
    latest: bool
    words: int
    key_points: int
    changes: str
