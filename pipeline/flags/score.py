"""The sentence score: each flag's weight, the logit, the subjective decision, and the
article-level figures.

Decision rule (documented in README and in ``flag_weights.json``)::

    logit = bias + sum(flag.weight for flag in sentence.flags)
    score = 1 / (1 + exp(-logit))
    subjective = score >= settings.threshold

Each flag's weight is the learned weight of its *feature* (:func:`feature_of`: its
lexicon, or ``<category>~<context>``) plus the learned deviation of its own *entry*
(``Flag.rule``, e.g. ``opinion_loaded:brazen``) from that feature. The deviations are
shrunk toward 0 (a stronger L2 penalty), so an entry seen rarely in training weighs
what its feature weighs, and an entry never seen weighs exactly that. A feature
without a weight of its own takes its base's (``hedge~event`` -> ``hedge``), then its
category's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PipelineError
from ..models import FLAG_CATEGORIES, Flag, Sentence
from .lexicons import LEXICON_DIR

if TYPE_CHECKING:  # pragma: no cover
    from .rules import _Cue

__all__ = ["WEIGHTS_FILE", "feature_of", "load_weights", "weigh_sentence", "flag_stats"]

WEIGHTS_FILE = LEXICON_DIR / "flag_weights.json"
#: Cue contexts that say the words are not the author's judgement (a noun naming a thing, a
#: title, an obligation a rule sets). Rare in training data: without a learned weight of
#: their own they weigh 0, not their category's weight.
SPARSE_CONTEXTS: frozenset[str] = frozenset({"term", "title", "legal"})


def load_weights(path: str | None = None) -> dict[str, Any]:
    """The shipped decision-rule weights (``flag_weights.json``).

    Returns ``{"bias": float, "weights": {feature: float}, ...}``. When the file
    is absent, a hand-set fallback (every cue +1, bias -0.5) is used.
    """
    p = Path(path) if path else WEIGHTS_FILE
    if not p.is_file():
        return {"bias": -0.5, "weights": {c: 1.0 for c in FLAG_CATEGORIES}, "source": "fallback"}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        float(data["bias"])
        dict(data["weights"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PipelineError("E009", str(p), detail=f"bad weights file: {exc}") from None
    weights: dict[str, Any] = data
    return weights


def _weight(weights: Mapping[str, float], feature: str, category: str) -> float:
    if feature in weights:
        return float(weights[feature])
    base, _, context = feature.partition("~")
    if context in SPARSE_CONTEXTS:
        return 0.0
    if base in weights:
        return float(weights[base])
    return float(weights.get(category, 0.0))


def _context_of(cue: _Cue, *, quoted: bool, context: str, reported: bool = False, own: str = "") -> str:
    """The context that sets a cue's weight (``Flag.context``): quoted, indirect, the cue's
    own context (``own``), then the sentence's; rule cues take only quoted/indirect."""
    if quoted:
        return "quoted"
    if reported:
        return "indirect"
    if cue.lexicon == "rule":
        return ""
    if own:
        return own
    if context and cue.category != "weasel":
        return context
    return ""


def feature_of(flag: Flag) -> str:
    """The feature whose weight a flag takes: ``<category>~<context>``, else the rule family
    of a rule cue (``rhetorical~question``), else its lexicon (``opinion_loaded``)."""
    if flag.context:
        return f"{flag.category}~{flag.context}"
    family, _, name = flag.rule.partition(":")
    if family == "rule":
        return f"{flag.category}~{name}"
    return family


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def weigh_sentence(
    sentence: Sentence,
    flags: Sequence[Flag],
    *,
    weights: Mapping[str, float],
    bias: float,
    threshold: float,
    entries: Mapping[str, float] | None = None,
) -> Sentence:
    """``sentence`` with its ``flags`` weighted (feature weight + the entry's own deviation,
    :func:`feature_of`), its ``score`` and ``subjective``."""
    entries = entries or {}
    weighted = tuple(
        replace(f, weight=round(_weight(weights, feature_of(f), f.category) + float(entries.get(f.rule, 0.0)), 4)) for f in flags
    )
    logit = bias + sum(f.weight for f in weighted)
    score = round(_sigmoid(logit), 4)
    return replace(sentence, flags=weighted, score=score, subjective=score >= threshold)


def flag_stats(sentences: Sequence[Sentence], *, word_count: int) -> dict[str, Any]:
    """Article-level figures: flags per category (quoted ones counted apart), flags per
    1,000 words (unquoted), the share of subjective sentences and the flagged sentences."""
    per_category = {c: 0 for c in FLAG_CATEGORIES}
    quoted = {c: 0 for c in FLAG_CATEGORIES}
    flagged = 0
    subjective = 0
    for s in sentences:
        if any(not f.quoted for f in s.flags):
            flagged += 1
        subjective += bool(s.subjective)
        for f in s.flags:
            bucket = quoted if f.quoted else per_category
            bucket[f.category] = bucket.get(f.category, 0) + 1
    total = sum(per_category.values())
    return {
        "sentences": len(sentences),
        "flagged_sentences": flagged,
        "flags": per_category,
        "quoted_flags": quoted,
        "flags_total": total,
        "flags_per_1000_words": round(1000 * total / word_count, 2) if word_count else 0.0,
        "subjective_sentences": subjective,
        "subjective_share": round(subjective / len(sentences), 4) if sentences else 0.0,
    }
