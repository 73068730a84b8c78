"""Scoring the candidates: the blend of the ranker's rating and the priors.

What goes in: the candidate sentences with sumy's ratings (by id), their word
tokens and the spaCy ``Doc``. What comes out: a :class:`Candidate` for each, with
its blended score (the scaled rating, the position prior, the quote penalty, the
evidence bonus and the subjective penalty) and its content vector, which
:mod:`.selection` chooses from. The method and its constants are described in
:mod:`pipeline.summarise`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "Candidate",
    "quoted_share",
    "evidence_counts",
    "score_candidates",
    "position_prior",
    "prior_weight",
    "POSITION_SCALE",
    "POSITION_SPREAD",
    "QUOTE_PENALTY",
    "FACT_BONUS",
    "EVIDENCE_LABELS",
    "SUBJECTIVE_PENALTY",
]

#: The position prior halves at this candidate index (at least): p_i = 1 / (1 + i / scale).
#: Was 8 (with POSITION_SPREAD 0.25): a prior that still fell steeply at the 10th sentence
#: outweighed the ranker all through the article, which lost on BBC (see docs/summary.md).
POSITION_SCALE: float = 2.0

#: In long articles the scale grows to this share of the candidates (0: it does not).
POSITION_SPREAD: float = 0.0

#: Penalty times the share of the sentence inside quotation marks (direct speech).
QUOTE_PENALTY: float = 0.2

#: Bonus times the share of "evidence" a sentence carries: dates, times, amounts,
#: counts and named people (spaCy entities), capped at two such mentions.
FACT_BONUS: float = 0.05

#: Entity labels that count as evidence for FACT_BONUS.
EVIDENCE_LABELS: frozenset[str] = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "PERSON"})

#: Penalty for a sentence the flagger judges subjective (its cues outweigh the bias).
SUBJECTIVE_PENALTY: float = 0.1


def _minmax(values: Sequence[float]) -> list[float]:
    if not values:
        return []
    lo, hi = min(values), max(values)
    if not math.isfinite(lo) or not math.isfinite(hi) or hi - lo <= 1e-12:
        return [0.5] * len(values)
    return [(v - lo) / (hi - lo) for v in values]


def prior_weight(weight: float, k: int, n: int) -> float:
    """The prior's weight for a summary of ``k`` of ``n`` candidates: ``weight * (1 - k / n)``
    in [0, 1]. The smaller the share kept, the more the choice rests on the lead (3 of 30:
    0.86 with the default 0.95); the larger, the more the ranker decides (8 of 20: 0.57)."""
    share = k / n if n > 0 else 1.0
    return min(max(weight * (1.0 - share), 0.0), 1.0)


def position_prior(i: int, n: int = 0) -> float:
    """The prior of the i-th of n candidates (0-based): ``1 / (1 + i / scale)`` with
    ``scale = max(POSITION_SCALE, POSITION_SPREAD * n)``: 1 for the lead, 0.5 at
    ``scale``, and nearly flat past the first few sentences (beyond the lead,
    position says little and the ranker decides)."""
    scale = max(POSITION_SCALE, POSITION_SPREAD * n)
    return 1.0 / (1.0 + i / scale)


_QUOTE_SPAN = re.compile(r'"[^"]*"|“[^”]*”')


def quoted_share(text: str) -> float:
    """Share of the sentence's characters inside double quotation marks."""
    inside = sum(m.end() - m.start() for m in _QUOTE_SPAN.finditer(text))
    if text.count('"') % 2 == 1 or text.count("“") != text.count("”"):
        inside = max(inside, len(text) // 2)  # a quotation that runs over the sentence boundary
    return min(1.0, inside / max(len(text), 1))


@dataclass(slots=True)
class Candidate:
    """A candidate sentence, its blended score, its stemmed content-word counts and
    its sumy rating scaled to [0, 1] over the candidates."""

    sentence: Sentence
    score: float
    vector: dict[str, float]
    rating: float = 0.0


def evidence_counts(sentences: Sequence[Sentence], doc: Doc, labels: frozenset[str] = EVIDENCE_LABELS) -> dict[str, int]:
    """How many entities of ``labels`` (default :data:`EVIDENCE_LABELS`) each sentence holds, by id."""
    starts = [s.start for s in sentences]
    out: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        i = bisect.bisect_right(starts, ent.start_char) - 1
        if i >= 0 and ent.end_char <= sentences[i].end:
            sid = sentences[i].id
            out[sid] = out.get(sid, 0) + 1
    return out


def _content_vector(words: Sequence[str], stem: Callable[[str], str], stop: frozenset[str]) -> dict[str, float]:
    vec: dict[str, float] = {}
    for w in words:
        if w in stop or not any(ch.isalnum() for ch in w):
            continue
        s = stem(w)
        vec[s] = vec.get(s, 0.0) + 1.0
    return vec


def score_candidates(
    candidates: Sequence[Sentence],
    ratings: Mapping[str, float],
    doc: Doc,
    words: Mapping[str, tuple[str, ...]],
    *,
    position_weight: float,
    stem: Callable[[str], str],
    stop_words: frozenset[str],
) -> list[Candidate]:
    """Each candidate with its blended score: the scaled sumy rating, the position
    prior, the quote penalty, the evidence bonus and the subjective penalty; and its
    content vector (``stem``-med words less ``stop_words``) for MMR."""
    scaled = _minmax([ratings[s.id] for s in candidates])
    w = min(max(position_weight, 0.0), 1.0)
    evidence = evidence_counts(candidates, doc) if FACT_BONUS else {}
    # The quote penalty, evidence bonus and subjective penalty adjust the ranker's
    # rating, so they weigh (1 - w) like it: beside a strong prior they would
    # otherwise outweigh the ranker itself.
    share = 1.0 - w
    return [
        Candidate(
            s,
            (1.0 - w) * r
            + w * position_prior(i, len(candidates))
            + share
            * (
                -QUOTE_PENALTY * quoted_share(s.text)
                + FACT_BONUS * min(1.0, evidence.get(s.id, 0) / 2)
                - SUBJECTIVE_PENALTY * float(s.subjective)
            ),
            _content_vector(words[s.id], stem, stop_words),
            r,
        )
        for i, (s, r) in enumerate(zip(candidates, scaled))
    ]
