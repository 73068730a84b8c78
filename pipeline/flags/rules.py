"""The rules where words alone mislead, and the sentence rules.

- :func:`_keep_lexicon_match`: the dependency and form filters on a lexicon match
  (modal auxiliaries only, ``could`` of past ability, a conditional ``should``, an
  approximate figure, ``a kind of``, names and named entities, ...);
- :func:`_negated_hedges`: a negated doubt word is a booster (``rule:negated_hedge``);
- :func:`_sentence_rules`: questions, exclamations and imperatives addressed to the
  reader (``rule:question``, ``rule:exclamation``, ``rule:imperative``);
- :func:`_context`: whether a sentence holds a quote, reports someone's words or
  narrates an event (the context that sets the weight of its cues);
- :func:`_cue_context`: a cue's own context, which decides whose words it is before the
  sentence's does: a noun naming a thing or role (``term``), an intensifier of a plain
  property (``degree``), an obligation a law or rule sets (``legal``), a word of a title
  (``title``), first-person narration (``narration``) or addressing the reader (``address``);
- :func:`_indirect_spans`: the reported speech a reporting verb governs;
- :func:`_resolve`: which of overlapping cues is kept.

The reporting verbs come from :mod:`pipeline.facts.speech` (one table for every use).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facts.speech import CONTEXT_VERBS, REPORTING_VERBS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

#: When two cues overlap, the longer wins; on a tie, the earlier category here.
_PRIORITY = {c: i for i, c in enumerate(("weasel", "booster", "hedge", "opinion", "rhetorical"))}

_MODALS = frozenset({"may", "might", "could", "would", "should", "must", "ought"})
#: Verbs with which ``could`` reports a (past) ability, not a possibility.
_ABILITY_VERBS = frozenset(
    {"see", "hear", "smell", "taste", "feel", "afford", "remember", "recall", "manage", "swim", "read", "speak", "walk"}
)
#: Determiners before ``kind of`` / ``sort of`` that make them a noun phrase.
_DETERMINERS = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "what",
        "some",
        "any",
        "every",
        "each",
        "one",
        "no",
        "same",
        "other",
        "another",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
    }
)
#: Entity labels whose words are names, not the author's wording.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"})
#: Doubt words that become boosters when negated ("no doubt", "cannot be denied").
_DOUBT_WORDS = frozenset({"doubt", "doubtful", "question", "questionable", "deny", "dispute", "disputable", "deniable", "contest"})
#: The lemma spellings a doubt word can have (a capitalised word may keep its case as lemma).
_DOUBT_LEMMAS = tuple(v for w in sorted(_DOUBT_WORDS) for v in (w, w.capitalize(), w.upper()))
_NEGATORS = frozenset({"no", "not", "n't", "never", "little", "without", "beyond", "nobody", "none", "neither", "nor"})
#: Subjects that make a "reporting" verb the author's own voice ("we think", "this suggests").
_AUTHOR_SUBJECTS = frozenset({"i", "we", "you", "it", "this", "that", "these", "those", "one"})
#: Categories a source can own in reported speech (a weasel is the attribution itself;
#: direct address is always the author's).
_REPORTABLE = frozenset({"hedge", "booster", "opinion"})


class _SpanSet:
    """Sorted, merged spans with a fast containment test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.ends, start + 1)
        return i < len(self.starts) and self.starts[i] < end


@dataclass(slots=True)
class _Cue:
    category: str
    lexicon: str
    rule: str
    start: int  # token indices
    end: int
    sentence_level: bool = False


def _keep_lexicon_match(doc: Doc, cue: _Cue, entry: str) -> bool:
    """The dependency and form rules where words alone mislead."""
    first: Token = doc[cue.start]
    lower = first.lower_
    span = doc[cue.start : cue.end]
    if cue.category == "weasel":
        return True
    if lower in _MODALS and first.tag_ != "MD":
        return False  # "May" the month, "military might", "should" never mis-tagged as MD
    if lower == "may" and first.ent_type_ == "DATE":
        return False
    if lower == "should" and first.is_sent_start and not first.sent[-1].text == "?":
        return False  # "Should the talks fail, ...": a conditional, not advice
    if lower == "could" and cue.end - cue.start == 1 and cue.category == "hedge":
        head = first.head
        if any(c.dep_ == "neg" for c in head.children) or head.lemma_ in _ABILITY_VERBS:
            return False  # could of past ability: "could not afford", "could see"
    if cue.category == "hedge" and cue.end < len(doc) and (doc[cue.end].like_num or doc[cue.end].is_currency):
        return False  # an approximate figure ("nearly 16 million") is precision, not a hedge
    if cue.lexicon == "opinion_prescriptive" and first.tag_ == "VBD":
        return False  # "had to", "needed to": a past necessity narrated, not advice
    if lower in ("kind", "sort") and cue.start > 0 and doc[cue.start - 1].lower_ in _DETERMINERS:
        return False  # "a kind of alliance" is a noun phrase
    if cue.category == "rhetorical" and cue.end - cue.start == 1 and first.tag_ not in ("PRP", "PRP$"):
        return False  # "US" the country; "I" as a numeral
    if cue.category in ("hedge", "booster", "opinion"):
        if all(t.pos_ == "PROPN" for t in span):
            return False  # part of a name: "Great Britain"
        if any(t.ent_type_ in _NAME_LABELS for t in span):
            return False
        if cue.category == "hedge" and first.lemma_ in _DOUBT_WORDS and _negated(first):
            return False  # handled by the negated-hedge rule
    return True


def _negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or child.lower_ in ("no", "little", "nobody", "none"):
            return True
    head = token.head
    if token.dep_ in ("pobj", "dobj") and head.lower_ in ("without", "beyond"):
        return True
    if token.dep_ == "pobj" and head.head is not head and any(c.dep_ == "neg" for c in head.head.children):
        return True
    if token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("acomp", "attr") and any(c.dep_ == "neg" for c in head.children):
        return True
    if token.dep_ == "nsubj" and any(c.lower_ in ("no", "nobody") for c in token.children):
        return True
    for c in token.children:  # "no one disputes", "nobody doubts"
        if c.dep_ == "nsubj" and (c.lower_ in ("nobody", "none") or any(g.lower_ == "no" for g in c.children)):
            return True
    return False


def _negated_hedges(doc: Doc) -> list[_Cue]:
    from ..entities import token_positions

    out = []
    for i in token_positions(doc, "LEMMA", _DOUBT_LEMMAS):
        token = doc[i]
        if token.lemma_.lower() in _DOUBT_WORDS and _negated(token):
            neg_positions = [c.i for c in token.children if c.dep_ == "neg" or c.lower_ in _NEGATORS]
            if token.head.lower_ in ("without", "beyond"):
                neg_positions.append(token.head.i)
            if token.dep_ in ("acomp", "attr", "pobj"):
                neg_positions += [c.i for c in token.head.children if c.dep_ == "neg"]
                if token.head.head is not token.head:
                    neg_positions += [c.i for c in token.head.head.children if c.dep_ == "neg"]
            neg_positions += [g.i for c in token.children if c.dep_ == "nsubj" for g in c.subtree if g.lower_ in ("no", "nobody", "none")]
            start = min([token.i] + [p for p in neg_positions if token.i - p <= 6])
            out.append(_Cue("booster", "rule", "rule:negated_hedge", start, token.i + 1))
    return out


def _sentence_rules(doc: Doc, span: Span, quotes: _SpanSet) -> list[_Cue]:
    """Questions, exclamations and imperatives addressed to the reader."""
    out: list[_Cue] = []
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return out
    last = tokens[-1]
    # Trailing closing quotes belong to the quote; a question inside it is the speaker's.
    if last.text in ("?", "!") and not quotes.covers(last.idx, last.idx + 1):
        rule = "rule:question" if last.text == "?" else "rule:exclamation"
        out.append(_Cue("rhetorical", "rule", rule, tokens[0].i, last.i + 1, sentence_level=True))
    root = span.root
    first = tokens[0]
    if (
        root.tag_ == "VB"
        and root.i == first.i
        and first.is_title
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "mark") for c in root.children)
        and len(tokens) > 2
        and not quotes.covers(first.idx, first.idx + 1)
    ):
        out.append(_Cue("rhetorical", "rule", "rule:imperative", root.i, root.i + 1))
    return out


def _first_person_subject(verb: Token) -> bool:
    """True for "we predicted", "I said": the author reporting their own view."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("i", "we") for c in verb.children)


_EVENT_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _context(span: Span, attributions: _SpanSet, quotes: _SpanSet) -> str:
    """The sentence's context, which sets the weight of its hedge/booster/opinion cues.

    ``quote``: it holds a direct quote (the cue is outside it); ``reported``: it
    reports someone's words (a reporting verb, "according to", an attribution);
    ``event``: it narrates an event or states a
    figure (a past-tense main verb, a date, an amount) or names its actors (three or
    more words of named people, organisations, places or groups); else ``""``. Cues
    in such sentences weigh less: the sentence is anchored in facts someone can check.
    """
    if quotes.overlaps(span.start_char, span.end_char):
        return "quote"
    if attributions.overlaps(span.start_char, span.end_char):
        return "reported"
    event = False
    for t in span:
        if t.lemma_ in CONTEXT_VERBS and t.pos_ == "VERB" and not _first_person_subject(t):
            return "reported"
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            return "reported"
        if (t.dep_ == "ROOT" and t.tag_ == "VBD") or t.ent_type_ in _EVENT_LABELS:
            event = True
    if event:
        return "event"
    if sum(1 for t in span if t.ent_type_ in _ACTOR_LABELS) >= 3:
        return "event"  # dense with named actors: reporting on who did what
    return ""


#: Nouns that make an obligation in the sentence a legal or regulatory one ("under the law,
#: employers must ..."), not the author's advice.
_LEGAL_NOUNS = frozenset(
    {
        "law",
        "laws",
        "act",
        "statute",
        "regulation",
        "rule",
        "court",
        "judge",
        "ruling",
        "order",
        "contract",
        "agreement",
        "treaty",
        "constitution",
        "requirement",
        "guideline",
        "policy",
        "legislation",
        "bill",
        "code",
        "license",
        "licence",
        "permit",
        "visa",
        "sentence",
        "bail",
        "terms",
        "condition",
        "jury",
        "prosecutor",
        "regulator",
        "authority",
    }
)
#: Obligation cues (modal or semi-modal) whose context may be legal.
_OBLIGATION_LEMMAS = frozenset({"must", "should", "have", "need", "ought", "has", "needs"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
#: Short words a title keeps in lower case ("The Lord of the Rings").
_TITLE_GLUE = frozenset({"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "by", "or", "with"})


def _in_title(doc: Doc, i: int) -> bool:
    """Token ``i`` is a word of a run of three or more capitalised words (lower-case glue words
    allowed inside) with at least two that are not pronouns: a title ("I Know Why the Caged Bird
    Sings"), not a sentence that starts with "I"."""
    tok = doc[i]
    if not tok.is_title and not tok.is_upper:
        return False
    lo = hi = i
    while lo > 0 and (doc[lo - 1].is_title or (doc[lo - 1].lower_ in _TITLE_GLUE and lo - 2 >= 0 and doc[lo - 2].is_title)):
        if doc[lo - 1].is_sent_end or doc[lo - 1].is_punct:
            break
        lo -= 1
    while hi + 1 < len(doc) and (
        doc[hi + 1].is_title or (doc[hi + 1].lower_ in _TITLE_GLUE and hi + 2 < len(doc) and doc[hi + 2].is_title)
    ):
        if doc[hi + 1].is_punct:
            break
        hi += 1
    run = [t for t in doc[lo : hi + 1] if t.is_title]
    return len(run) >= 3 and sum(1 for t in run if t.pos_ != "PRON") >= 2


def _cue_context(doc: Doc, cue: _Cue, span: Span, cue_tokens: frozenset[int]) -> str:
    """A cue's own context (see the module docstring), or "" when it has none.

    ``cue_tokens`` holds the token positions of every cue of the sentence (an intensifier
    of another cue is not a ``degree``: "very good" judges)."""
    first = doc[cue.start]
    if cue.end - cue.start == 1:
        if _in_title(doc, cue.start):
            return "title"
        if (
            cue.category in ("opinion", "booster")
            and first.dep_ == "compound"
            and first.head.pos_ in ("NOUN", "PROPN")
            and first.head.i not in cue_tokens
        ):
            return "term"  # "stunt performer", "disaster relief": the noun names a kind of thing ("brazen liar" judges)
        if cue.category == "booster" and first.pos_ == "ADV" and first.dep_ == "advmod":
            head = first.head
            if head.pos_ in ("ADJ", "ADV", "VERB") and head.i not in cue_tokens and head.i != first.i:
                return "degree"  # "highly contagious", "unusually intense": a property measured
        if cue.category == "rhetorical":
            lower = first.lower_
            if lower in _SECOND_PERSON:
                return "address"
            if lower in _FIRST_PERSON:
                verb = first.head if first.dep_ != "ROOT" else first
                while verb.dep_ in ("poss", "pobj", "dobj", "prep", "nsubj", "nsubjpass") and verb.head is not verb:
                    verb = verb.head
                if verb.tag_ in ("VBD", "VBN"):
                    return "narration"  # "I met him in 2010": telling what happened
    if cue.category == "opinion" and first.lemma_.lower() in _OBLIGATION_LEMMAS | _MODALS:
        if any(t.lemma_.lower() in _LEGAL_NOUNS and t.pos_ == "NOUN" for t in span):
            return "legal"  # "under the law, employers must ...": the rule's obligation
    return ""


def _indirect_candidates(doc: Doc) -> list[int]:
    """The tokens :func:`_indirect_spans` looks at, in order: verbs whose lemma is a
    reporting verb, and "according" (found from token attribute arrays, so no Token is
    made for the other words)."""
    from ..entities import token_positions

    verbs = set(token_positions(doc, "POS", ("VERB",)))
    reporting = [i for i in token_positions(doc, "LEMMA", _REPORTING_LEMMA_SPELLINGS) if i in verbs]
    return sorted(reporting + token_positions(doc, "LOWER", ("according",)))


#: The reporting verbs as a lemma may be spelled (spaCy keeps the case of some lemmas).
_REPORTING_LEMMA_SPELLINGS: tuple[str, ...] = tuple(v for w in sorted(REPORTING_VERBS) for v in (w, w.capitalize(), w.upper()))


def _indirect_spans(span: Span, candidates: Sequence[int]) -> list[tuple[int, int]]:
    """Character spans of the sentence's reported speech: the clause a reporting verb
    with a third-party subject governs ("Martinez complained [the referee should have
    ...]", "[it is ruined], the manager said"), or the whole sentence when it carries
    "according to X". Only the ``candidates`` (from :func:`_indirect_candidates`)
    inside the sentence are looked at."""
    out: list[tuple[int, int]] = []
    doc = span.doc
    lo, hi = bisect.bisect_left(candidates, span.start), bisect.bisect_left(candidates, span.end)
    for t in (doc[i] for i in candidates[lo:hi]):
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            if any(c.dep_ == "pobj" for c in t.doc[t.i + 1].children):
                return [(span.start_char, span.end_char)]
        if t.pos_ != "VERB" or t.lemma_.lower() not in REPORTING_VERBS:
            continue
        subjects = [c for c in t.children if c.dep_ == "nsubj"]
        if len(subjects) != 1 or subjects[0].lower_ in _AUTHOR_SUBJECTS:
            continue
        for c in t.children:
            if c.dep_ in ("ccomp", "parataxis") and c.i > subjects[0].i or (c.dep_ == "ccomp" and c.i < t.i):
                sub = list(c.subtree)
                out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
        if t.dep_ in ("ccomp", "parataxis") and t.head.i < t.i and t.head.i >= span.start and subjects[0].i > t.head.i:
            # "It is ruined, the manager said": the governing clause is the report.
            head = t.head
            lo = min(x.idx for x in head.subtree if x.i < t.i)
            out.append((lo, subjects[0].idx))
    return out


def _resolve(cues: list[_Cue]) -> list[_Cue]:
    """Drop cues overlapping a longer (or equally long, earlier, higher-priority) cue.

    A hedge inside a weasel is kept: "it is widely believed" is a weasel, and its
    "believed" is also the hedge of the claim that follows."""
    ordered = sorted(cues, key=lambda c: (-(c.end - c.start), c.start, _PRIORITY[c.category]))
    taken: list[tuple[int, int, str]] = []
    kept = []
    for c in ordered:
        if any(c.start < b and a < c.end and {c.category, cat} != {"weasel", "hedge"} for a, b, cat in taken):
            continue
        taken.append((c.start, c.end, c.category))
        kept.append(c)
    return kept
