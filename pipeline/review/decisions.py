"""Flag keys, and a reviewer's decisions applied to an article's flags.

A flag's key is the first 12 hex digits of the sha256 of its sentence's
normalised text (NFKC, case-folded, white space collapsed), its rule, its cue
(normalised the same way) and its category. It names no sentence id and no
offset, so a decision still applies when paragraphs are added or removed
elsewhere in the article, or the article is analysed again. The same cue
raised twice by the same rule in one sentence shares one key (one decision).

When the flagged sentence itself was edited, its key changes. The decision is
then *carried over* to the most similar sentence of the same article that has
a flag with the same rule, cue and category (similarity of the word sequences,
:data:`CARRY_THRESHOLD` or more); the flag is marked ``carried_over``. A
decision that matches nothing is an *orphan* (listed by ``pipeline review
--orphans``); it is kept, and applies again if the sentence comes back.

A dismissed flag stays in the output, marked ``review: "dismissed"``, but does
not count: the sentence's score is computed without its weight, so it does not
make the sentence subjective, and the summary and the statistics leave it out.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import math
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Analysis, Flag, Sentence

__all__ = [
    "STATUSES",
    "DECISIONS",
    "CARRY_THRESHOLD",
    "Match",
    "normalise_text",
    "key_of",
    "flag_key",
    "iter_flags",
    "similarity",
    "suppressed",
    "match_decisions",
    "apply_reviews",
    "without_dismissed",
]

#: A flag's review status; "pending" until a reviewer decides.
STATUSES: tuple[str, ...] = ("pending", "accepted", "dismissed")
#: What a reviewer can decide.
DECISIONS: tuple[str, ...] = ("accepted", "dismissed")
#: The least similarity (0-1, word sequences) at which an edited sentence inherits a decision.
CARRY_THRESHOLD = 0.6


def normalise_text(text: str) -> str:
    """NFKC, case-folded, white space collapsed: what a key hashes."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def key_of(sentence_text: str, *, rule: str, cue: str, category: str) -> str:
    """The key of a flag given by its parts (see the module docstring)."""
    blob = "\x1f".join((normalise_text(sentence_text), rule, normalise_text(cue), category))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def flag_key(sentence: Sentence, flag: Flag) -> str:
    """The key of ``flag`` in ``sentence``: same sentence text, rule and cue give the same key."""
    return key_of(sentence.text, rule=flag.rule, cue=flag.cue, category=flag.category)


def iter_flags(analysis: Analysis) -> Iterator[tuple[Sentence, Flag, str]]:
    """Every (sentence, flag, key) of an analysis, in article order."""
    for s in analysis.sentences:
        for f in s.flags:
            yield s, f, flag_key(s, f)


def similarity(a: str, b: str) -> float:
    """How alike two sentences are: the ratio of matching words (0-1)."""
    return difflib.SequenceMatcher(None, normalise_text(a).split(), normalise_text(b).split(), autojunk=False).ratio()


def suppressed(flag: Flag, suppress: Iterable[str]) -> bool:
    """Whether a suppression entry (a rule such as ``opinion_loaded:pivotal`` or a cue) covers ``flag``."""
    cue = normalise_text(flag.cue)
    return any(entry == flag.rule or normalise_text(entry) == cue for entry in suppress)


@dataclass(frozen=True, slots=True)
class Match:
    """The decision that applies to a flag."""

    decision: str
    #: The decision's own key: the flag's key, or the old sentence's when carried over.
    key: str
    carried_over: bool = False


def match_decisions(
    sentences: Sequence[Sentence], decisions: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[tuple[int, int], Match], tuple[str, ...]]:
    """Which decision applies to which flag, and the decisions that apply to none.

    ``decisions`` maps keys to records with at least ``decision``, ``rule``,
    ``cue``, ``category`` and ``sentence`` (the sentence's text when it was
    decided). Returns ``{(sentence index, flag index): Match}`` and the keys of
    the orphans. A record whose ``rule`` is empty (migrated from an old file
    that did not record it) carries over to a flag of any rule.
    """
    if not decisions:
        return {}, ()
    groups: dict[str, list[tuple[int, int]]] = {}
    for i, s in enumerate(sentences):
        for j, f in enumerate(s.flags):
            groups.setdefault(flag_key(s, f), []).append((i, j))
    marks: dict[tuple[int, int], Match] = {}
    unmatched = []
    for key, rec in decisions.items():
        if key in groups:
            for pos in groups[key]:
                marks[pos] = Match(rec["decision"], key)
        else:
            unmatched.append(key)
    if not unmatched:
        return marks, ()
    pairs: list[tuple[float, str, str]] = []
    for key in unmatched:
        rec = decisions[key]
        cue, rule, category, text = (
            normalise_text(rec.get("cue", "")),
            rec.get("rule", ""),
            rec.get("category", ""),
            rec.get("sentence", ""),
        )
        for gkey, positions in groups.items():
            if gkey in decisions:
                continue
            i, j = positions[0]
            f = sentences[i].flags[j]
            if f.category != category or normalise_text(f.cue) != cue or (rule and f.rule != rule):
                continue
            score = similarity(text, sentences[i].text)
            if score >= CARRY_THRESHOLD:
                pairs.append((score, key, gkey))
    taken: set[str] = set()
    carried: set[str] = set()
    for _score, key, gkey in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if key in carried or gkey in taken:
            continue
        taken.add(gkey)
        carried.add(key)
        i, _ = groups[gkey][0]
        edited = normalise_text(decisions[key].get("sentence", "")) != normalise_text(sentences[i].text)
        for pos in groups[gkey]:
            marks[pos] = Match(decisions[key]["decision"], key, carried_over=edited)
    return marks, tuple(k for k in unmatched if k not in carried)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _bias() -> float:
    from ..flags import load_weights

    return float(load_weights()["bias"])


def apply_reviews(
    sentences: tuple[Sentence, ...],
    decisions: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    suppress: Sequence[str] = (),
    threshold: float = 0.5,
    bias: float | None = None,
) -> tuple[Sentence, ...]:
    """Mark each flag ``pending``, ``accepted`` or ``dismissed`` (and ``carried_over``).

    A flag without a decision that a ``suppress`` entry covers is dismissed. A
    sentence's ``score`` and ``subjective`` are computed again without the
    weights of its dismissed flags (the flag stage's rule: ``sigmoid(bias + sum
    of weights) >= threshold``); a sentence without dismissed flags keeps them.
    """
    decisions = decisions or {}
    if not decisions and not suppress and all(f.review == "pending" and not f.carried_over for s in sentences for f in s.flags):
        return sentences
    marks, _ = match_decisions(sentences, decisions)
    out = []
    for i, s in enumerate(sentences):
        if not s.flags:
            out.append(s)
            continue
        flags = []
        for j, f in enumerate(s.flags):
            m = marks.get((i, j))
            review, carried = (
                (m.decision, m.carried_over) if m else ("dismissed" if suppress and suppressed(f, suppress) else "pending", False)
            )
            flags.append(
                f if (f.review, f.carried_over) == (review, carried) else dataclasses.replace(f, review=review, carried_over=carried)
            )
        changed = any(a is not b for a, b in zip(flags, s.flags))
        if any(f.review == "dismissed" for f in flags) or (changed and any(f.review == "dismissed" for f in s.flags)):
            if bias is None:
                bias = _bias()
            score = round(_sigmoid(bias + sum(f.weight for f in flags if f.review != "dismissed")), 4)
            s = dataclasses.replace(s, flags=tuple(flags), score=score, subjective=score >= threshold)
        elif changed:
            s = dataclasses.replace(s, flags=tuple(flags))
        out.append(s)
    return tuple(out)


def without_dismissed(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """The sentences as the summary and the statistics see them: dismissed flags left out."""
    out = []
    for s in sentences:
        if any(f.review == "dismissed" for f in s.flags):
            s = dataclasses.replace(s, flags=tuple(f for f in s.flags if f.review != "dismissed"))
        out.append(s)
    return tuple(out)
