"""Aligning the sentences of two analyses by similarity, and word-level diffs.

Sentences are matched by what they say, never by id or position (ids shift
when a paragraph is inserted): first the longest runs of identical sentences
(:class:`difflib.SequenceMatcher` over the sentence texts), then identical
sentences that moved, then the most similar remaining pairs whose word
sequences are at least ``threshold`` alike (a reworded sentence).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Sentence
from .model import WordOp

__all__ = ["Pair", "align", "similarity", "word_diff", "norm"]

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+(?:['’.,]\w+)*|[^\w\s]|\s+")
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text with runs of white space made one space: the key two sentences are equal by."""
    return _SPACE.sub(" ", text).strip()


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def similarity(a: str, b: str) -> float:
    """How alike two texts are (0-1): the ratio of their lower-cased word sequences."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 1.0 if wa == wb else 0.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


@dataclass(frozen=True, slots=True)
class Pair:
    """A sentence of ``a`` and its counterpart in ``b``; either is None when it has none."""

    a: Sentence | None
    b: Sentence | None
    similarity: float

    @property
    def same(self) -> bool:
        return self.a is not None and self.b is not None and norm(self.a.text) == norm(self.b.text)


def _bound(ca: Counter[str], cb: Counter[str]) -> float:
    """An upper bound of :func:`similarity` from the word multisets (cheap to compute)."""
    total = sum(ca.values()) + sum(cb.values())
    return 2 * sum((ca & cb).values()) / total if total else 1.0


def align(a: Sequence[Sentence], b: Sequence[Sentence], *, threshold: float) -> tuple[Pair, ...]:
    """Pair the sentences of ``a`` with those of ``b``; unmatched ones pair with None.

    The pairs come in the order of ``b``, with removed sentences of ``a`` placed
    after their predecessor in ``a``.
    """
    ka, kb = [norm(s.text) for s in a], [norm(s.text) for s in b]
    match: dict[int, tuple[int, float]] = {}  # index in a -> (index in b, similarity)
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            match[block.a + k] = (block.b + k, 1.0)
    used_b = {j for j, _ in match.values()}
    # identical sentences that moved
    free_b: dict[str, list[int]] = {}
    for j, key in enumerate(kb):
        if j not in used_b:
            free_b.setdefault(key, []).append(j)
    for i, key in enumerate(ka):
        if i not in match and free_b.get(key):
            j = free_b[key].pop(0)
            match[i] = (j, 1.0)
            used_b.add(j)
    # reworded: the most similar remaining pairs first
    rest_a = [i for i in range(len(a)) if i not in match]
    rest_b = [j for j in range(len(b)) if j not in used_b]
    bags_b = {j: Counter(_words(kb[j])) for j in rest_b}
    candidates: list[tuple[float, int, int]] = []
    for i in rest_a:
        bag = Counter(_words(ka[i]))
        for j in rest_b:
            if _bound(bag, bags_b[j]) < threshold:
                continue
            sim = similarity(ka[i], kb[j])
            if sim >= threshold:
                candidates.append((-sim, i, j))
    for neg, i, j in sorted(candidates):
        if i in match or j in used_b:
            continue
        match[i] = (j, -neg)
        used_b.add(j)
    # order: b's order; a removed sentence follows the previous sentence of a
    by_b: dict[int, int] = {j: i for i, (j, _) in match.items()}
    pairs: list[Pair] = []
    i_done = -1

    def flush_removed(upto: int) -> None:
        nonlocal i_done
        for i in range(i_done + 1, upto):
            if i not in match:
                pairs.append(Pair(a[i], None, 0.0))
        i_done = max(i_done, upto - 1)

    for j in range(len(b)):
        hit = by_b.get(j)
        if hit is None:
            pairs.append(Pair(None, b[j], 0.0))
            continue
        flush_removed(hit)
        pairs.append(Pair(a[hit], b[j], match[hit][1]))
        i_done = max(i_done, hit)
    flush_removed(len(a))
    return tuple(pairs)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(before: str, after: str) -> tuple[WordOp, ...]:
    """The word-level diff of two texts: runs of ``equal``, ``delete`` and ``insert``.

    Joining the ``equal`` and ``delete`` runs gives ``before`` back; ``equal`` and
    ``insert`` give ``after``.
    """
    ta, tb = _tokens(before), _tokens(after)
    ops: list[WordOp] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1].op == op:
            ops[-1] = WordOp(op, ops[-1].text + text)
        else:
            ops.append(WordOp(op, text))

    sm = difflib.SequenceMatcher(lambda t: t.isspace(), ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            add("equal", "".join(ta[i1:i2]))
            continue
        old, new = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        # keep shared white space at the edges out of the change
        lead = len(old) - len(old.lstrip()) if old.strip() and new.strip() else 0
        lead = min(lead, len(new) - len(new.lstrip()))
        if lead:
            add("equal", old[:lead])
            old, new = old[lead:], new[lead:]
        add("delete", old)
        add("insert", new)
    return tuple(ops)
