"""The data passed between stages: frozen, slotted dataclasses.

Every stage takes one of these and returns a new one; nothing here holds a
spaCy object. Every span carries ``start``/``end`` character offsets into
``Article.text`` (the cleaned body), so ``article.text[x.start:x.end] == x.text``.

:mod:`pipeline.convert` turns any of them into JSON-ready dicts and back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "RawDocument",
    "Block",
    "Section",
    "Boilerplate",
    "Article",
    "Genre",
    "Flag",
    "Sentence",
    "Mention",
    "Entity",
    "DateMention",
    "TimelineEntry",
    "Figure",
    "Quote",
    "Attribution",
    "KeyPoint",
    "Summary",
    "Claim",
    "PipelineInfo",
    "Stats",
    "Analysis",
]

#: Flag categories, in the order they are reported.
FLAG_CATEGORIES: tuple[str, ...] = ("hedge", "booster", "opinion", "weasel", "rhetorical")

#: Block kinds produced by ingestion.
BLOCK_KINDS: tuple[str, ...] = ("title", "heading", "paragraph", "list_item")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from disk, before cleaning.

    ``text`` is decoded but not yet normalised. ``data`` holds the raw input
    bytes only for hashing; JSON Lines records hash their own line.
    """

    source: str
    text: str
    sha256: str
    format: str
    encoding: str
    id: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: Blocks already known from a structured reader (HTML, Markdown); empty
    #: for plain text, where ``normalise`` finds them.
    blocks: tuple[Block, ...] = ()
    boilerplate: tuple[Boilerplate, ...] = ()
    #: Problems met while reading that did not stop it (bad bytes replaced …);
    #: carried into ``Article.warnings``.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of the cleaned body: title, heading, paragraph or list item."""

    kind: str
    text: str
    start: int = 0
    end: int = 0
    #: Why a heading is a heading (the evidence: ``toc_entry``, ``sentence_case`` …); "" otherwise.
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the span of text it governs."""

    id: str
    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Text that was recognised as boilerplate and kept out of the analysis."""

    kind: str
    text: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Genre:
    """What kind of piece an article is, and the evidence that decided it.

    ``label``: "news", "opinion", "review", "press_release", "live_blog" or "other"."""

    label: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the body text that every offset refers to."""

    id: str
    source: str
    sha256: str
    text: str
    title: str | None = None
    author: str | None = None
    #: The site or publication (from the page's metadata, or cut from the title).
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    encoding: str = "utf-8"
    format: str = "txt"
    word_count: int = 0
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    boilerplate: tuple[Boilerplate, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: Set by the genre stage.
    genre: Genre | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """One cue of hedged or opinion language inside a sentence."""

    category: str
    cue: str
    start: int
    end: int
    rule: str
    quoted: bool = False
    weight: float = 0.0
    #: Review status: "pending" (no decision yet), "accepted" or "dismissed" (see :mod:`pipeline.review`).
    review: str | None = "pending"
    #: In reported (indirect) speech: the clause a source's reporting verb governs
    #: ("Martinez complained the referee should have ..."): the source's view, not the article's.
    reported: bool = False
    #: The decision was made on an earlier wording of the sentence and carried over to this one.
    carried_over: bool = False
    #: Whose words the cue is, as far as its weight goes: ``quoted``, ``indirect``, a cue's own
    #: context (``term``, ``degree``, ``legal``, ``title``, ``narration``, ``address``) or its
    #: sentence's (``quote``, ``reported``, ``event``); "" for the author's plain voice.
    context: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of article prose (or a list item), with its flags."""

    id: str
    text: str
    start: int
    end: int
    section: str | None = None
    kind: str = "paragraph"
    flags: tuple[Flag, ...] = ()
    subjective: bool = False
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    text: str
    start: int
    end: int
    sentence_id: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world thing, with every mention grouped under one canonical name."""

    name: str
    label: str
    count: int
    aliases: tuple[str, ...] = ()
    sentence_ids: tuple[str, ...] = ()
    first_sentence_id: str | None = None
    salience: float = 0.0
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression with its normalised ISO 8601 value."""

    text: str
    start: int
    end: int
    sentence_id: str
    value: str | None = None
    kind: str = "point"
    resolved: str | None = None
    #: What a relative date was resolved against: ``publication``, ``narrative`` (the
    #: story's last date before it) or ``quote`` (the day the quote was given); None otherwise.
    anchor: str | None = None
    #: The value of that anchor (a year, month or day), when known.
    anchor_value: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    sentence_id: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    """Money, a percentage or a quantity."""

    text: str
    start: int
    end: int
    sentence_id: str
    amount: float | None = None
    unit: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote (the words inside the marks) and its speaker's canonical name."""

    text: str
    speaker: str | None
    sentence_id: str
    start: int
    end: int
    #: How the speaker was found: ``verb``, ``pronoun``, ``role``, ``according to``,
    #: ``colon``, ``continued`` or ``carried`` (see :mod:`pipeline.facts.speakers`); None when unnamed.
    found_by: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """A claim attributed to a source; ``named`` is False for vague sources."""

    source: str | None
    named: bool
    sentence_id: str
    start: int
    end: int
    cue: str = ""


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """A sentence chosen for the summary."""

    id: str
    text: str
    score: float = 0.0
    hedged: bool = False
    flagged: tuple[str, ...] = ()
    neutral_text: str | None = None
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence in which the article itself judges, kept as it stands and labelled.

    ``by`` is "author" for an opinion piece, a review or a press release ("The author
    argues: …") and "article" for a news report (an unattributed evaluation);
    ``flagged`` are the categories of its own-voice flags and ``cues`` their words."""

    id: str
    text: str
    flagged: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    by: str = "author"
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    """The extractive summary: key points in article order, the lede (the id of the
    neutral sentence that best states what happened) and the article's own claims.
    A key point's ``text`` is its sentence's without the body's dateline, if any."""

    method: str
    sentence_ids: tuple[str, ...]
    text: str
    key_points: tuple[KeyPoint, ...] = ()
    notes: tuple[str, ...] = ()
    lede: str | None = None
    claims: tuple[Claim, ...] = ()
    #: The wire dateline that opens the body (``SAN FRANCISCO (AP) — ``), as the text has
    #: it; key points and the lede are shown without it (``Article.text`` keeps it).
    dateline: str | None = None
    #: The lede as shown, when it differs from its sentence (without the dateline).
    lede_text: str | None = None


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    version: str
    model: str
    model_version: str
    settings_hash: str


@dataclass(frozen=True, slots=True)
class Stats:
    """Article-level counts, written in this order as the output's ``stats``. The flag
    figures leave dismissed flags out (:func:`pipeline.review.counted_stats`); a key
    that a file of an older schema version lacks reads back as 0."""

    words: int = 0
    sentences: int = 0
    entities: int = 0
    dates: int = 0
    figures: int = 0
    quotes: int = 0
    boilerplate_blocks: int = 0
    #: Sentences with at least one unquoted flag.
    flagged_sentences: int = 0
    #: Unquoted flags per category (every category, in ``FLAG_CATEGORIES`` order); quoted ones apart.
    flags: Mapping[str, int] = field(default_factory=dict)
    quoted_flags: Mapping[str, int] = field(default_factory=dict)
    flags_total: int = 0
    #: Unquoted flags per 1,000 words.
    flags_per_1000_words: float = 0.0
    subjective_sentences: int = 0
    subjective_share: float = 0.0
    #: Flags accepted or dismissed in review, and those dismissed.
    reviewed_flags: int = 0
    dismissed_flags: int = 0


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline learned about one article."""

    schema_version: str
    article: Article
    pipeline: PipelineInfo
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    summary: Summary | None = None
    stats: Stats = field(default_factory=Stats)
