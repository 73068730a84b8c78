"""Attributions: who says so. ``according to X`` and ``X said/says/stated/reported/
told/argued …`` (the ``a`` verbs of :mod:`.speech`).

``named=True`` when the source is, or contains, a named entity (a person,
organisation, place …; nationality adjectives alone do not name a source) and then
``source`` is that entity's canonical name; otherwise ``named=False`` with the vague
source text (``an expert``, ``experts``). A possessor is not the source but
identifies it: ``Clark's publicist Paul Shefrin said`` is Paul Shefrin, and ``the
UK's biggest lender said`` is named by its phrase (``the UK's biggest lender``),
not the UK. The helpers that find a verb's subject, a
source phrase and the entity it names are shared with :mod:`.quotes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..entities import token_positions
from ..models import Attribution, Entity
from ..sentences import SentenceIndex
from .speech import ATTRIBUTION_VERBS, SPEECH_VERBS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["SOURCE_NOUNS", "extract_attributions"]

#: Head nouns of unnamed sources ("an expert says", "officials said"); a vague
#: subject outside this list ("the evidence suggests") is not an attribution.
SOURCE_NOUNS: frozenset[str] = frozenset(
    """expert analyst official critic observer source report study survey researcher scientist
    scholar academic commentator spokesperson spokesman spokeswoman diplomat insider person people
    someone many some others most few several everyone nobody witness resident leader authority
    government ministry agency investigator economist historian journalist reporter paper poll
    document statement memo aide adviser advisor lawmaker politician member group organization
    organisation firm company campaigner activist supporter opponent proponent skeptic sceptic
    intelligence officer administration department office spokesperson representative media
    newspaper outlet estimate data figure record""".split()
)

#: Labels that name a source (NORP adjectives alone do not).
_NAMING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"})

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _entity_spans(entities: Sequence[Entity]) -> list[tuple[int, int, Entity]]:
    return sorted(((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: x[0])


def _named_in(spans: list[tuple[int, int, Entity]], start: int, end: int, region: list[tuple[int, int]] | None = None) -> Entity | None:
    """The best-named entity with a mention inside ``[start, end)`` (and touching ``region``): people and organisations first."""
    found = [
        e
        for a, b, e in spans
        if start <= a and b <= end and e.label in _NAMING_LABELS and (region is None or any(a < y and x < b for x, y in region))
    ]
    if not found:
        return None
    rank = {"PERSON": 0, "ORG": 1}
    return min(found, key=lambda e: rank.get(e.label, 2))


def _possessors(head: Token) -> list[tuple[int, int]]:
    """Character spans of the possessors in a source phrase (``China's`` in ``China's ambassador``,
    ``Clark's`` in ``Clark's publicist Paul Shefrin``): they say whose the source is, not who speaks."""
    near = [head, *(c for c in head.children if c.dep_ in ("compound", "amod", "nmod"))]
    out = []
    for t in near:
        for c in t.children:
            if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
                sub = list(c.subtree)
                out.append((min(x.idx for x in sub), max(x.idx + len(x.text) for x in sub)))
    return out


def _source_entity(
    spans: list[tuple[int, int, Entity]],
    head: Token,
    lo: int,
    hi: int,
    region: list[tuple[int, int]] | None,
    labels: frozenset[str],
) -> tuple[Entity | None, bool]:
    """The entity a source phrase names, and whether a named possessor was set aside.

    In order: the entity whose mention holds the head word (``Clark's publicist Paul
    Shefrin``: Paul Shefrin); a person in apposition to a head noun (``China's
    ambassador, Liu Xiaming``); else the best-named entity in ``[lo, hi)`` touching
    ``region`` (people, then organisations), leaving out possessors: ``China's
    ambassador`` and ``the UK's biggest lender`` are sources described, not China or
    the UK (the second value is then True). A nationality speaks only as the head word
    (``the Americans said``), not as a modifier (``the American space agency said``).
    """
    for a, b, e in spans:
        if a <= head.idx < b and e.label in labels:
            return e, False
    if head.pos_ == "NOUN":
        for c in head.children:
            if c.dep_ == "appos":
                for a, b, e in spans:
                    if a <= c.idx < b and e.label == "PERSON":
                        return e, False
    owners = _possessors(head)
    found = []
    set_aside = False
    for a, b, e in spans:
        if not (lo <= a and b <= hi and e.label in labels and (region is None or any(a < y and x < b for x, y in region))):
            continue
        if any(x <= a and b <= y for x, y in owners):
            set_aside = True
            continue
        if e.label == "NORP":
            continue  # "the American space agency": a nationality describes the source, it does not speak
        found.append(e)
    if not found:
        return None, set_aside
    rank = {"PERSON": 0, "ORG": 1}
    return min(found, key=lambda e: rank.get(e.label, 2)), False


def _phrase(token: Token) -> tuple[int, int]:
    """Character span of a subject phrase: the token's subtree, without relative clauses and appositions."""
    keep = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl") and child.i > token.i:
            continue
        if child.dep_ == "punct" and child.i == child.left_edge.i == child.right_edge.i:
            continue  # a quotation mark or dash before the subject ("” Kurinji Selvaraj ... told") is not the source
        keep.extend(child.subtree)
    lo = min(t.idx for t in keep)
    hi = max(t.idx + len(t.text) for t in keep)
    return lo, hi


def _head_region(token: Token) -> list[tuple[int, int]]:
    """The head noun of a source phrase with its name-like modifiers (not its prepositional objects)."""
    keep = [token]
    for child in token.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod", "appos", "flat", "npadvmod", "nummod"):
            keep.extend(child.subtree)
    return [(t.idx, t.idx + len(t.text)) for t in keep]


#: Reporting verbs that also mean making or adding a thing ("writing apps", "added a feature"):
#: with an object and no clause said, an unnamed subject's is no claim ("the company reported a loss" is one).
_MAKING_VERBS = frozenset({"write", "add"})

#: First- and second-person possessors: "my statements", "our data" are the speaker's own words, not a source.
_OWN = frozenset({"my", "our", "your"})


def _agentless(verb: Token) -> bool:
    """A passive reporting verb without negation (``it was said``, not ``it was not announced``)."""
    kids = list(verb.children)
    return any(c.dep_ == "auxpass" for c in kids) and not any(c.dep_ == "neg" for c in kids)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "X, ..., stated" parsed with the subject on a coordinated / governing verb
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    return None


def _according_to(doc: Doc) -> list[tuple[int, int, int, list[tuple[int, int]] | None]]:
    """(cue start, source start, source end, head region) of ``according to X``."""
    out = []
    for i in token_positions(doc, "LOWER", ("according",)):
        tok = doc[i]
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                lo, hi = _phrase(objs[0])
                region = _head_region(objs[0])
            else:  # parse without a pobj: take the noun phrase that follows
                j = to.i + 1
                k = j
                while k < len(doc) and not doc[k].is_punct and doc[k].pos_ not in ("VERB", "AUX") and doc[k].lower_ not in ("that",):
                    k += 1
                if k == j:
                    continue
                lo, hi = doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text)
                region = None
            out.append((tok.idx, lo, hi, region))
    return out


def extract_attributions(doc: Doc, index: SentenceIndex, entities: Sequence[Entity], *, text: str) -> tuple[Attribution, ...]:
    """Claims attributed to a source, named or vague, in text order.

    ``doc`` is the parse of ``text``; ``index`` holds the prose sentences.
    """
    spans = _entity_spans(entities)
    out: list[Attribution] = []

    def add(
        lo: int,
        hi: int,
        src_lo: int,
        src_hi: int,
        cue: str,
        region: list[tuple[int, int]] | None,
        head: Token | None = None,
    ) -> None:
        sent = index.covering(lo, hi)
        if sent is None:
            return
        if head is None:
            ent, owned = _named_in(spans, src_lo, src_hi, region), False
        else:
            ent, owned = _source_entity(spans, head, src_lo, src_hi, region, _NAMING_LABELS)
        if ent is not None:
            out.append(Attribution(ent.name, True, sent.id, lo, hi, cue))
        elif owned:  # "China's ambassador to Britain": a source the text identifies, by its phrase
            out.append(Attribution(text[src_lo:src_hi], True, sent.id, lo, hi, cue))
        elif head is None or head.lemma_.lower() in SOURCE_NOUNS or head.lower_ in SOURCE_NOUNS:
            out.append(Attribution(text[src_lo:src_hi], False, sent.id, lo, hi, cue))

    for cue_start, lo, hi, region in _according_to(doc):
        add(cue_start, hi, lo, hi, "according to", region)
    for i in token_positions(doc, "POS", ("VERB",)):
        tok = doc[i]
        if tok.lemma_.lower() not in ATTRIBUTION_VERBS:
            continue
        subj = _subject(tok)
        if subj is None:
            continue
        clause = any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
        if subj.lower_ in _PRONOUNS or subj.lower_ in ("who", "that", "which"):
            # "it is said that ...": passive, with the clause said, not negated ("it was not announced" is no claim)
            if subj.lower_ == "it" and clause and _agentless(tok):
                sent = index.at(subj.idx)
                if sent is not None:
                    hi = tok.idx + len(tok.text)
                    out.append(Attribution(None, False, sent.id, subj.idx, hi, tok.lemma_.lower()))
            continue
        if subj.dep_ == "nsubjpass":
            continue
        if tok.lemma_.lower() not in SPEECH_VERBS and not clause:
            continue
        if any(c.dep_ == "poss" and c.lower_ in _OWN for c in subj.children):
            continue  # "as my statements said": the speaker's own words, inside their quote
        s_lo, s_hi = _phrase(subj)
        if (
            tok.lemma_.lower() in _MAKING_VERBS
            and not clause
            and any(c.dep_ == "dobj" for c in tok.children)
            and _named_in(spans, s_lo, s_hi, _head_region(subj)) is None
        ):
            continue  # "companies are writing apps": an unnamed subject making a thing, not a claim reported
        lo, hi = min(s_lo, tok.idx), max(s_hi, tok.idx + len(tok.text))
        if hi - lo > 200:
            continue
        add(lo, hi, s_lo, s_hi, tok.lemma_.lower(), _head_region(subj), subj)
    out.sort(key=lambda a: a.start)
    return tuple(out)
