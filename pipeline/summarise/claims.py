"""The lede and the article's own claims, beside the neutral key points.

What goes in: the scored candidates (:class:`~.scoring.Candidate`, with the
scaled sumy rating and the blended score), the article's genre and the ids of the
key points. What comes out: the lede's id and the :class:`~pipeline.models.Claim`
list.

- **Lede**: the sentence that best states what happened, among *neutral*
  candidates that stand alone: no opinion, booster, weasel or rhetorical flag in
  the article's own voice (a cue inside quotation marks or in reported speech is
  the source's), not judged subjective, not opening dangling (:mod:`.coherence`),
  not mostly direct speech nor inside a quotation running over from an earlier
  sentence, opening as a sentence does (not a lower-case word or a dash left by a
  splitting error), not a question, no first or second person outside quotes, no
  ``there``, ``also``, ``so`` or a demonstrative pointing back (``was held there``,
  ``will also be``, ``would hope so``, ``those companies``). Among
  those, the highest blended score (position, sumy rating, evidence) plus
  :data:`LEDE_EVIDENCE` when it names a date, an amount or a count (what
  happened, when, how much), less :data:`LEDE_HEDGE_PENALTY` for a hedge of its
  own (a hedged opening sentence beats a background one that cannot stand alone).
- **Claims**: sentences in the article's own voice that judge: an unquoted,
  unreported ``opinion``, ``booster`` or ``rhetorical`` cue (weasel cues
  attribute a view to unnamed others, hedges weaken rather than claim). Not
  mostly direct speech (a speaker's words stay the speaker's, under "Says who"),
  not opening with an anaphor ("This", "It": a claim must say what it judges; a
  connective such as "But" reads well enough), not a key point shown as it stands (a key point given in
  neutral wording is a claim too: its judgement was cut from the key point). Ranked by centrality plus strength:
  :data:`CENTRALITY_WEIGHT` times the scaled sumy rating, plus the flagger's
  sentence score, plus an edge bonus near the opening or the end (where an
  argued piece states and restates its thesis, :data:`EDGE_BONUS`), plus
  :data:`PREDICATE_BONUS` when a cue is (or modifies) a clause's predicate (the
  sentence says what its subject *is*: a thesis rather than a description). For an opinion
  column, a review or a press release (a piece that argues or promotes) as many
  as there are key points (``limit``) are kept and attributed to the author; for a news report
  or anything else, only sentences the flagger judges subjective, up to
  :data:`MAX_NEWS_CLAIMS`, attributed to the article (unattributed evaluation).
  Claims come back in article order.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Claim, Sentence
from .coherence import ANAPHORS, opening_word, opens_dangling, opens_like_a_sentence
from .scoring import Candidate, quoted_share

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "choose_lede",
    "choose_claims",
    "CLAIM_FLAGS",
    "ARGUING_GENRES",
    "MAX_CLAIMS",
    "MAX_NEWS_CLAIMS",
    "LEDE_EVIDENCE",
    "LEDE_HEDGE_PENALTY",
    "LEDE_EXCLUDING",
]

#: Flag categories that make a sentence a claim of the article's own voice.
CLAIM_FLAGS: frozenset[str] = frozenset({"opinion", "booster", "rhetorical"})

#: Genres whose author argues or promotes: their claims are the author's.
ARGUING_GENRES: frozenset[str] = frozenset({"opinion", "review", "press_release"})

#: Claims kept for an arguing piece (by default; the summary passes its length), and for any other.
MAX_CLAIMS: int = 5
MAX_NEWS_CLAIMS: int = 3

#: Weight of the scaled sumy rating (centrality) in a claim's rank, beside its strength.
CENTRALITY_WEIGHT: float = 0.5

#: An argued piece states its thesis at the opening and again in its conclusion: a claim
#: gets EDGE_BONUS / (1 + d / EDGE_SCALE), d = candidates from the nearer end.
EDGE_BONUS: float = 0.3
EDGE_SCALE: float = 3.0

#: Claim bonus for a judgement made as a predicate ("is undeniably complicit").
PREDICATE_BONUS: float = 0.5

#: Dependency labels of a clause's predicate (adjective, noun, object predicate, clausal complement).
_PREDICATE_DEPS = frozenset({"acomp", "attr", "oprd", "xcomp", "ccomp"})

#: Lede bonus for a sentence that names a date, an amount or a count.
LEDE_EVIDENCE: float = 0.1

#: Lede penalty for a hedge in the article's own voice (a hedge weakens a statement, it does not judge).
LEDE_HEDGE_PENALTY: float = 0.1

#: Flag categories that keep a sentence out of the lede.
LEDE_EXCLUDING: frozenset[str] = frozenset({"opinion", "booster", "weasel", "rhetorical"})

_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def _own_flags(sentence: Sentence) -> list[str]:
    return [f.category for f in sentence.flags if not f.quoted and not f.reported]


def _first_or_second_person(text: str) -> bool:
    return bool(_PERSON.search(_QUOTED.sub(" ", text)))


def _points_back(sentence: Sentence, doc: Doc | None) -> bool:
    """Whether the sentence says ``there`` of a place named before it (``was held there``;
    not the ``there`` of ``there is``), ``also`` adding to what was said before, a
    demonstrative before a noun (``those companies``; not ``this week``), or ``so`` for a
    clause said before (``one would hope so``)."""
    if doc is None:
        return False
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None:
        return False
    for t in span:
        if t.lower_ == "there" and t.dep_ != "expl":
            return True  # "was held there"
        if t.lower_ == "also" and t.dep_ == "advmod" and t.head.dep_ == "ROOT":
            return True  # "there will also be": it adds to what was said before (not "also known as")
        if t.dep_ == "det" and t.lower_ in ("this", "that", "these", "those") and t.head.ent_type_ not in ("DATE", "TIME"):
            return True  # "as those companies prosper": the companies named before ("this week" is the story's time)
        if t.lower_ == "so" and t.dep_ == "advmod" and t.head.pos_ in ("VERB", "AUX") and t.head.i < t.i:
            return True  # "hope so", "said so": the clause it stands for is in an earlier sentence
    return False


def choose_lede(
    cands: Sequence[Candidate],
    evidence: Collection[str] = (),
    *,
    quoted: Collection[str] = (),
    doc: Doc | None = None,
    shown: Mapping[str, str] | None = None,
) -> str | None:
    """The id of the lede among ``cands`` (see the module docstring); ``evidence`` holds
    the ids of sentences naming a date, an amount or a count, ``quoted`` those inside a
    running quotation (:func:`~.coherence.inside_quotes`); ``doc`` is the parse, for the
    ``there`` check; ``shown`` the text shown for a sentence that holds the dateline, by
    id (checked as shown). None when no candidate is neutral."""
    best, best_value = None, float("-inf")
    shown = shown or {}
    for c in cands:
        s = c.sentence
        if s.id in shown:
            s = replace(s, text=shown[s.id], start=s.end - len(shown[s.id]))
        own = _own_flags(s)
        if LEDE_EXCLUDING.intersection(own) or s.subjective or opens_dangling(s.text) or s.text.rstrip().endswith("?"):
            continue
        if s.id in quoted or quoted_share(s.text) > 0.2 or _first_or_second_person(s.text) or _points_back(s, doc):
            continue
        if not opens_like_a_sentence(s.text):  # "eating disorder (BED) is …", "— New uncertainty …": a piece, not a sentence
            continue
        value = c.score + (LEDE_EVIDENCE if s.id in evidence else 0.0) - (LEDE_HEDGE_PENALTY if own else 0.0)
        if value > best_value:
            best, best_value = s.id, value
    return best


def _predicative(sentence: Sentence, doc: Doc | None) -> bool:
    """Whether an own-voice claim cue is (or modifies) a clause's predicate: the sentence
    then says what its subject *is* ("makes Iran an indispensable enabler", "is undeniably
    complicit"), a judgement rather than a description ("crucial aid")."""
    if doc is None:
        return False
    for f in sentence.flags:
        if f.quoted or f.reported or f.category not in CLAIM_FLAGS:
            continue
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        t = span.root
        if t.dep_ in ("amod", "advmod") and t.head.i != t.i:
            t = t.head
        if t.dep_ in _PREDICATE_DEPS:
            return True
    return False


def choose_claims(
    cands: Sequence[Candidate], *, genre: str | None, exclude: Collection[str] = (), doc: Doc | None = None, limit: int = MAX_CLAIMS
) -> tuple[Claim, ...]:
    """The article's own claims among ``cands`` (not the ids in ``exclude``), in article
    order; ``doc`` (the spaCy parse) finds predicative judgements (:data:`PREDICATE_BONUS`)."""
    arguing = genre in ARGUING_GENRES
    scored: list[tuple[float, Candidate]] = []
    n = len(cands)
    for i, c in enumerate(cands):
        s = c.sentence
        own = [cat for cat in _own_flags(s) if cat in CLAIM_FLAGS]
        if not own or s.id in exclude or opening_word(s.text) in ANAPHORS or quoted_share(s.text) > 0.3:
            continue
        if not arguing and not s.subjective:
            continue
        edge = EDGE_BONUS / (1.0 + min(i, n - 1 - i) / EDGE_SCALE)
        scored.append((CENTRALITY_WEIGHT * c.rating + s.score + edge + (PREDICATE_BONUS if _predicative(s, doc) else 0.0), c))
    scored.sort(key=lambda pair: -pair[0])
    kept = sorted((c for _, c in scored[: limit if arguing else min(limit, MAX_NEWS_CLAIMS)]), key=lambda c: c.sentence.start)
    by = "author" if arguing else "article"
    out = []
    value = {id(c): v for v, c in scored}
    for c in kept:
        s = c.sentence
        flags = [f for f in s.flags if not f.quoted and not f.reported]
        cats = tuple(dict.fromkeys(f.category for f in flags))
        out.append(
            Claim(id=s.id, text=s.text, flagged=cats, cues=tuple(dict.fromkeys(f.cue for f in flags)), by=by, score=round(value[id(c)], 4))
        )
    return tuple(out)
