"""Who speaks a direct quote: the speaker of each quote, and how it was found.

:func:`attribute_quotes` takes the quotes of an article in text order (their spans
and sentences) and gives each a speaker (an :class:`~pipeline.models.Entity`, so
the name is the canonical one) and ``found_by``, the way it was found, tried in
this order:

- ``verb``: the named subject of the reporting verb nearest the quote, outside it,
  in its sentence, before (``Lopez said: "..."``) or after it, including post-posed
  verbs with the subject after them (``"...," quipped Phoenix``); the name is the
  head of the subject or a person in apposition to it, never a possessor
  (``China's ambassador said``: not China; the quote stays unattributed);
- ``pronoun``: the subject is ``he`` or ``she``: the nearest person named before it as
  the subject of a clause (``Cook told Benioff …, he said``: Cook), in the same or the
  previous paragraph, outside quotes; else the nearest person named before it;
- ``role``: the subject is a definite role noun (``the minister``): the person named
  next to the same word earlier (``Finance Minister Ana Ruiz``, ``Ruiz, the
  minister``), else the last named speaker;
- ``according to``: ``according to X`` in the quote's sentence, outside the quote;
- ``colon``: the subject of the clause that introduces the quote with a colon
  (``The minister was blunt: "..."``);
- ``continued``: a quote that goes on over several paragraphs (each paragraph opens
  with a quotation mark, the earlier ones not closed) has one speaker, found in any
  of its parts;
- ``carried``: a quote with no cue of its own, in the same or the next paragraphs
  after a quote by X, is X's until another person is named in between outside
  quotes (another speaker takes over).

A quote whose cue names nobody (``a resident said``) keeps ``speaker=None``, with
``found_by`` None, and nothing is carried onto it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Entity, Sentence
from .attributions import _according_to, _entity_spans, _head_region, _phrase, _source_entity, _subject
from .speech import QUOTE_VERBS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["QuoteSpan", "Speaker", "attribute_quotes", "SPEAKER_LABELS", "FOUND_BY"]

#: Entity labels that can speak (a film, a law or an event cannot).
SPEAKER_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "FAC", "NORP"})
#: The values of ``Quote.found_by``.
FOUND_BY: tuple[str, ...] = ("verb", "pronoun", "role", "according to", "colon", "continued", "carried")

#: How many paragraphs a speaker is carried forward over.
CARRY_PARAGRAPHS = 2


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A direct quote to attribute: marks included (``start``/``end``), ``closed`` when its closing mark is there."""

    start: int
    end: int
    sentence: Sentence
    closed: bool


@dataclass(frozen=True, slots=True)
class Speaker:
    """The speaker of one quote (None when nobody is named) and how it was found."""

    entity: Entity | None
    found_by: str | None
    #: A cue was found (a reporting verb, ``according to``, a colon), even one naming nobody.
    cued: bool = False


_NONE = Speaker(None, None)


class _Context:
    """What the speaker rules look up: entity mentions outside quotes, paragraphs, earlier speakers."""

    def __init__(self, doc: Doc, text: str, entities: Sequence[Entity], quotes: Sequence[QuoteSpan]) -> None:
        self.doc, self.text = doc, text
        inside = [(q.start, q.end) for q in quotes]
        starts = [a for a, _ in inside]

        def quoted(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and inside[i][0] <= pos < inside[i][1]

        self.spans = _entity_spans(entities)
        #: person mentions outside quotes, by start
        self.people = [(a, b, e) for a, b, e in self.spans if e.label == "PERSON" and not quoted(a)]
        self._people_starts = [a for a, _, _ in self.people]
        #: the people named as the subject of their clause ("Cook told Benioff": Cook)
        self.subjects = [(a, b, e) for a, b, e in self.people if _is_subject(doc, a, b)]
        self._subject_starts = [a for a, _, _ in self.subjects]
        self._breaks = [m.start() for m in re.finditer("\n", text)]
        self.speakers: list[Entity] = []
        self.according = _according_to(doc)

    def paragraph(self, pos: int) -> int:
        """The number of the paragraph (line) holding ``pos``."""
        return bisect.bisect_left(self._breaks, pos)

    def person_before(self, pos: int) -> Entity | None:
        """The person ``he`` or ``she`` at ``pos`` stands for: the nearest person named before it
        as the subject of a clause, outside quotes, in the same or the previous paragraph ("Cook
        told Benioff ... he said": Cook); else the nearest person named before it."""
        i = bisect.bisect_left(self._subject_starts, pos) - 1
        if i >= 0 and self.paragraph(pos) - self.paragraph(self.subjects[i][0]) <= 1:
            return self.subjects[i][2]
        i = bisect.bisect_left(self._people_starts, pos) - 1
        return self.people[i][2] if i >= 0 else None

    def people_between(self, lo: int, hi: int) -> set[str]:
        """Names of the people named in ``[lo, hi)`` outside quotes."""
        i = bisect.bisect_left(self._people_starts, lo)
        out = set()
        while i < len(self.people) and self.people[i][0] < hi:
            out.add(self.people[i][2].name)
            i += 1
        return out

    def named(self, lo: int, hi: int, region: list[tuple[int, int]] | None) -> Entity | None:
        """The entity that can speak named in ``[lo, hi)`` (touching ``region``): people first, then organisations."""
        found = [
            e
            for a, b, e in self.spans
            if lo <= a and b <= hi and e.label in SPEAKER_LABELS and (region is None or any(a < y and x < b for x, y in region))
        ]
        if not found:
            return None
        rank = {"PERSON": 0, "ORG": 1}
        return min(found, key=lambda e: rank.get(e.label, 2))


def _is_subject(doc: Doc, start: int, end: int) -> bool:
    """Whether the mention at ``[start, end)`` is the subject of its clause (or in apposition to it)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "appos":
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _reporting_verb(doc: Doc, text: str, sent: Sentence, q_start: int, q_end: int) -> Token | None:
    """The reporting verb nearest the quote, outside it, in the quote's sentence (or the one it ends in)."""
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:  # pragma: no cover
        return None
    tokens = list(span)
    if q_end > sent.end:
        tail = doc.char_span(q_end, min(len(text), q_end + 200), alignment_mode="expand")
        if tail is not None:
            for k, t in enumerate(tail):
                if k and t.is_sent_start:
                    break
                tokens.append(t)
    best = None
    best_dist = 10**9
    for t in tokens:
        if q_start <= t.idx < q_end:
            continue
        if t.pos_ == "VERB" and t.lemma_.lower() in QUOTE_VERBS:
            dist = q_start - t.idx if t.idx < q_start else t.idx - q_end
            if dist < best_dist:
                best, best_dist = t, dist
    return best


def _post_subject(verb: Token) -> Token | None:
    """The subject after a post-posed verb parsed as its object (``"...," quipped Phoenix``)."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "npadvmod", "attr", "oprd", "appos", "nsubj") and child.pos_ == "PROPN":
            return child
    return None


_ROLE_DETS = frozenset({"the"})


def _role_speaker(ctx: _Context, subj: Token) -> Entity | None:
    """``the minister``: the person named next to the same word earlier, else the last named speaker."""
    word = subj.lower_
    for m in reversed(list(re.finditer(rf"\b{re.escape(word)}\b", ctx.text[: subj.idx], re.IGNORECASE))):
        lo, hi = m.start() - 60, m.end() + 60
        near = [e for a, b, e in ctx.people if lo <= a and b <= hi]
        if near:
            return min(near, key=lambda e: min(abs(a - m.start()) for a, _, x in ctx.people if x is e))
    people = [e for e in ctx.speakers if e.label == "PERSON"]
    return people[-1] if people else None


def _from_subject(ctx: _Context, subj: Token, how: str) -> Speaker:
    low = subj.lower_
    if low in ("he", "she"):
        e = ctx.person_before(subj.idx)
        return Speaker(e, "pronoun" if e else None, True)
    s_lo, s_hi = _phrase(subj)
    e, owned = _source_entity(ctx.spans, subj, s_lo, s_hi, _head_region(subj), SPEAKER_LABELS)
    if e is not None:
        return Speaker(e, how, True)
    if owned:  # "China's ambassador said": the ambassador speaks, not China
        return Speaker(None, None, True)
    if subj.pos_ == "NOUN" and subj.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in _ROLE_DETS for c in subj.children):
        e = _role_speaker(ctx, subj)
        return Speaker(e, "role" if e else None, True)
    return Speaker(None, None, True)


def _colon_speaker(ctx: _Context, q: QuoteSpan) -> Speaker:
    """``The minister was blunt: "..."``: the subject of the clause before the colon."""
    before = ctx.text[q.sentence.start : q.start].rstrip()
    if not before.endswith(":"):
        return _NONE
    span = ctx.doc.char_span(q.sentence.start, q.sentence.start + len(before), alignment_mode="contract")
    if span is None:
        return _NONE
    for t in span:
        if t.dep_ == "nsubj" and t.head.i < span.end:
            return _from_subject(ctx, t, "colon")
    return _NONE


def _own_speaker(ctx: _Context, q: QuoteSpan) -> Speaker:
    """The speaker from the quote's own sentence: a reporting verb, ``according to``, a colon."""
    verb = _reporting_verb(ctx.doc, ctx.text, q.sentence, q.start, q.end)
    if verb is not None:
        subj = _subject(verb)
        if subj is None and verb.idx >= q.end:
            subj = _post_subject(verb)
        if subj is not None:
            found = _from_subject(ctx, subj, "verb")
            if found.entity is not None or subj.lower_ not in ("it", "this", "that"):
                return found
    for cue, s_lo, s_hi, region in ctx.according:
        if q.sentence.start <= cue < q.sentence.end and not (q.start <= cue < q.end):
            e = ctx.named(s_lo, s_hi, region)
            return Speaker(e, "according to" if e else None, True)
    colon = _colon_speaker(ctx, q)
    if colon.cued:
        return colon
    return Speaker(None, None, verb is not None)


def _continues(ctx: _Context, prev: QuoteSpan, q: QuoteSpan) -> bool:
    """``q`` goes on with ``prev``: ``prev`` is not closed and ``q`` opens the next paragraph."""
    if prev.closed:
        return False
    line_start = ctx.text.rfind("\n", 0, q.start) + 1
    return ctx.paragraph(q.start) - ctx.paragraph(prev.start) == 1 and not ctx.text[line_start : q.start].strip()


def attribute_quotes(doc: Doc, text: str, entities: Sequence[Entity], quotes: Sequence[QuoteSpan]) -> list[Speaker]:
    """The :class:`Speaker` of each quote (rules in the module docstring), in the order given (text order)."""
    ctx = _Context(doc, text, entities, quotes)
    found: list[Speaker] = []
    for q in quotes:
        own = _own_speaker(ctx, q)
        found.append(own)
        if own.entity is not None:
            ctx.speakers.append(own.entity)
    # a quote over several paragraphs has one speaker
    groups: list[list[int]] = []
    for i, q in enumerate(quotes):
        if groups and _continues(ctx, quotes[groups[-1][-1]], q):
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        owner = next((found[i] for i in group if found[i].entity is not None), None)
        if owner is None:
            continue
        own = owner
        for i in group:
            if found[i].entity is None and not found[i].cued:
                found[i] = Speaker(own.entity, "continued", False)
    # carried forward to later quotes until another person is named
    last: tuple[Entity, int] | None = None  # speaker, end of their quote
    for i, q in enumerate(quotes):
        f = found[i]
        if f.entity is not None:
            last = (f.entity, q.end)
            continue
        if f.cued or last is None:
            last = None if f.cued else last
            continue
        entity, end = last
        near = ctx.paragraph(q.start) - ctx.paragraph(end) <= CARRY_PARAGRAPHS
        others = ctx.people_between(end, q.start) - {entity.name}
        if near and not others:
            found[i] = Speaker(entity, "carried", False)
            last = (entity, q.end)
        else:
            last = None
    return found
