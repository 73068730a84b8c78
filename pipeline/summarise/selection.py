"""Choosing the key points: neutral selection, MMR, section coverage, length.

What goes in: the scored candidates (:class:`~.scoring.Candidate`, from
:func:`~.scoring.score_candidates`) and the spaCy ``Doc``. What comes out: the
chosen candidates in article order, the neutral wording of the flagged ones that
were admitted reworded, and the notes that say when flagged sentences had to
fill the summary. The method and its constants are described in
:mod:`pipeline.summarise`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..config import SummarySettings
from ..models import FLAG_CATEGORIES, Flag, Sentence
from .coherence import opens_dangling
from .neutral import neutralise
from .scoring import Candidate

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "choose",
    "summary_length",
    "excluding_flags",
    "residual_subjective",
    "flag_categories",
    "EXCLUDING_FLAGS",
    "MMR_PENALTY",
    "SECTION_PENALTY",
    "SECTION_MIN",
]

#: Flag categories that keep a sentence out of the summary while others exist.
EXCLUDING_FLAGS: frozenset[str] = frozenset({"opinion", "weasel", "rhetorical"})

#: MMR: weight of the largest similarity to a chosen key point (0: only the hard cap
#: ``max_similarity``; 0.1 cost about 1 ROUGE-2 on BBC, see docs/summary.md).
MMR_PENALTY: float = 0.0

#: In an article of at least SECTION_MIN sections, the penalty for each key point
#: already chosen from the same section: a long feature's summary covers its parts
#: instead of retelling its introduction.
SECTION_PENALTY: float = 0.1
SECTION_MIN: int = 3


def summary_length(n_candidates: int, settings: SummarySettings) -> int:
    """How many key points: ``sentences``, else ``ratio``, else clamp(round(sqrt(n)), 3, 7); at most n."""
    if n_candidates <= 0:
        return 0
    if settings.sentences is not None:
        k = settings.sentences
    elif settings.ratio is not None:
        k = max(1, round(settings.ratio * n_candidates))
    else:
        k = min(7, max(3, round(math.sqrt(n_candidates))))
    return max(0, min(k, n_candidates))


# --------------------------------------------------------------------------
# selection


#: Dependency labels of a predicate adjective or noun ("is undeniable", "is a certainty").
_PREDICATE_DEPS = frozenset({"acomp", "attr", "oprd"})


def _asserted_booster(sentence: Sentence, doc: Doc) -> bool:
    """True when an unquoted booster is a clause's predicate ("the link is undeniable",
    "it is clear that"): the clause then asserts the author's judgement itself, which
    no deletion can take out, unlike a booster that modifies a claim ("clearly won")."""
    for f in sentence.flags:
        if f.category != "booster" or f.quoted or f.reported:
            continue
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None and len(span) and span.root.dep_ in _PREDICATE_DEPS:
            return True
    return False


def excluding_flags(sentence: Sentence) -> list[Flag]:
    """The sentence's flags that keep it out of the summary: opinion, weasel or
    rhetorical cues in the article's own voice (not quoted, not reported speech)."""
    return [f for f in sentence.flags if f.category in EXCLUDING_FLAGS and not f.quoted and not f.reported]


def _reword(sentence: Sentence, doc: Doc) -> tuple[str, tuple[str, ...]] | None:
    """The neutral wording of a sentence whose excluding flags are all opinion modifiers
    that :func:`~pipeline.summarise.neutral.neutralise` deletes; None when any would stay."""
    flags = excluding_flags(sentence)
    if any(f.category != "opinion" for f in flags):
        return None
    cues = [f.cue for f in flags]
    text, removed = neutralise(sentence, doc)
    left = list(removed)
    for cue in cues:
        if cue not in left:
            return None
        left.remove(cue)
    return text, removed


def residual_subjective(sentence: Sentence, removed: Sequence[str] = ()) -> bool:
    """Whether the sentence stays subjective once the cues in ``removed`` are deleted:
    its logit less those flags' weights (each flag's weight is its contribution) at
    the prior-neutral cut 0.5."""
    if not sentence.subjective:
        return False
    if not removed:
        return True
    p = min(max(sentence.score, 1e-6), 1 - 1e-6)
    logit = math.log(p / (1 - p))
    left = list(removed)
    for f in sentence.flags:
        if f.cue in left:
            left.remove(f.cue)
            logit -= f.weight
    return logit >= 0.0


def flag_categories(sentence: Sentence) -> tuple[str, ...]:
    """The categories of the sentence's unquoted flags, in :data:`FLAG_CATEGORIES` order."""
    cats = {f.category for f in sentence.flags if not f.quoted}
    return tuple(c for c in FLAG_CATEGORIES if c in cats)


def _mmr(
    pool: list[Candidate],
    k: int,
    chosen: list[Candidate],
    max_similarity: float,
    *,
    sectioned: bool = False,
    admit: Callable[[Candidate], bool] | None = None,
    cohere: Callable[[Candidate, list[Candidate], list[Candidate]], list[Candidate] | None] | None = None,
) -> list[Candidate]:
    """Add up to ``k`` candidates from ``pool`` to ``chosen`` by MMR (hard cap on
    similarity); with ``sectioned``, each key point already taken from a sentence's
    section lowers it by :data:`SECTION_PENALTY`. ``admit`` is asked about a candidate
    only when it would be picked (a costly check, run for few); refused, it leaves the pool.
    ``cohere(best, taken, pool)`` gives what picking ``best`` adds (its antecedent first
    when it must come along) or None to leave it out; a group with no room is left out."""
    pool = sorted(pool, key=lambda c: -c.score)
    picked: list[Candidate] = []
    sims = {id(c): max((_cosine(c.vector, x.vector) for x in chosen), default=0.0) for c in pool}
    taken: dict[str | None, int] = {}
    for x in chosen:
        taken[x.sentence.section] = taken.get(x.sentence.section, 0) + 1
    while pool and len(picked) < k:
        best, best_value = None, -math.inf
        for c in pool:
            sim = sims[id(c)]
            if sim > max_similarity:
                continue
            value = c.score - MMR_PENALTY * sim
            if sectioned:
                value -= SECTION_PENALTY * taken.get(c.sentence.section, 0)
            if value > best_value:
                best, best_value = c, value
            if c.score < best_value:
                break  # the pool is sorted by score: no later candidate can win
        if best is None:
            break
        pool.remove(best)
        if admit is not None and not admit(best):
            continue
        group = [best] if cohere is None else cohere(best, chosen + picked, pool)
        if group is None or len(picked) + len(group) > k:
            continue
        for g in group:
            if g is not best:
                pool.remove(g)
            picked.append(g)
            taken[g.sentence.section] = taken.get(g.sentence.section, 0) + 1
            for c in pool:
                s = _cosine(c.vector, g.vector)
                if s > sims[id(c)]:
                    sims[id(c)] = s
    return picked


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


def choose(
    cands: Sequence[Candidate],
    k: int,
    doc: Doc,
    *,
    settings: SummarySettings,
    before: Mapping[str, str | None] | None = None,
) -> tuple[list[Candidate], dict[str, tuple[str, tuple[str, ...]]], list[str]]:
    """Up to ``k`` key points from ``cands`` (in article order), in tiers: clean
    sentences first, then those judged subjective (with ``settings.exclude_subjective``),
    then those with excluding flags or an asserted booster, each tier by MMR. With
    ``settings.coherent``, a candidate that opens dangling (:mod:`.coherence`) comes
    with its antecedent (``before``: each sentence's preceding prose sentence, by id)
    when that one is a neutral candidate of its tier, and is left out otherwise.

    Returns the chosen candidates sorted by offset, the neutral wording (text and
    removed cues) of those chosen reworded, by id, and the notes naming the key
    points a later tier had to supply.
    """
    # A flagged sentence that the neutral wording may clear is tried lazily (rewording
    # parses its modifiers): it competes with the clean ones and is checked only when
    # MMR would pick it; refused, it joins the tier its flags put it in.
    before = before or {}
    order = {id(c): i for i, c in enumerate(cands)}
    reworded: dict[str, tuple[str, tuple[str, ...]]] = {}
    asserted = {id(c) for c in cands if _asserted_booster(c.sentence, doc)}
    excluded = {id(c) for c in cands if excluding_flags(c.sentence)}
    pending = {i for i in excluded - asserted if settings.reword}
    flagged = [c for c in cands if id(c) not in pending and (id(c) in excluded or id(c) in asserted)]
    judging = [
        c for c in cands if id(c) not in pending and c not in flagged and settings.exclude_subjective and residual_subjective(c.sentence)
    ]
    clean = [c for c in cands if c not in flagged and c not in judging]

    def admit(c: Candidate) -> bool:
        if id(c) not in pending:
            return True
        pending.discard(id(c))
        wording = _reword(c.sentence, doc)
        if wording is None:
            flagged.append(c)
            return False
        reworded[c.sentence.id] = wording
        if settings.exclude_subjective and residual_subjective(c.sentence, wording[1]):
            judging.append(c)
            return False
        return True

    by_id = {c.sentence.id: c for c in cands}
    dangling = {id(c) for c in cands if opens_dangling(c.sentence.text)}

    def cohere(c: Candidate, taken: list[Candidate], pool: list[Candidate]) -> list[Candidate] | None:
        """``c`` alone; with its antecedent when ``c`` opens dangling and the antecedent
        is a neutral candidate of the same tier not yet taken; None when it cannot stand."""
        if not settings.coherent or id(c) not in dangling:
            return [c]
        ante_id = before.get(c.sentence.id)
        if ante_id is not None and any(t.sentence.id == ante_id for t in taken):
            return [c]
        ante = by_id.get(ante_id) if ante_id is not None else None
        if ante is None or ante not in pool or id(ante) in dangling:
            return None
        if max((_cosine(ante.vector, t.vector) for t in taken), default=0.0) > settings.max_similarity:
            return None
        return [ante, c] if admit(ante) else None

    sectioned = len({c.sentence.section for c in cands}) >= SECTION_MIN
    chosen: list[Candidate] = []
    notes: list[str] = []
    tiers = (
        (clean, ""),
        (judging, "are judged subjective by the flagger"),
        (flagged, "carry opinion, weasel or rhetorical flags or an asserted booster"),
    )
    for pool, why in tiers:
        if len(chosen) >= k:
            break
        for c in [c for c in clean if id(c) in pending and c not in chosen] if why else []:
            if admit(c):  # clean after all, but held back by the similarity cap
                continue
        pool.sort(key=lambda c: order[id(c)])
        extra = _mmr(pool, k - len(chosen), chosen, settings.max_similarity, sectioned=sectioned, admit=admit, cohere=cohere)
        if extra and why:
            ids = ", ".join(c.sentence.id for c in extra)
            notes.append(f"{len(extra)} key point(s) {why} ({ids}): too few other sentences to fill the summary")
        chosen.extend(extra)
    if len(chosen) < k:
        # Everything left is too similar to what was chosen; fill by score anyway.
        rest = [c for c in cands if c not in chosen]
        rest.sort(key=lambda c: (settings.coherent and id(c) in dangling, -c.score))
        chosen.extend(rest[: k - len(chosen)])
    chosen.sort(key=lambda c: c.sentence.start)
    for c in chosen:
        if id(c) in pending:  # chosen as a last resort before its wording was tried
            wording = _reword(c.sentence, doc)
            if wording is not None:
                reworded[c.sentence.id] = wording
    return chosen, reworded, notes
