"""Comparing two analyses: two versions of one article, two outlets on one story, two runs.

``diff_analyses(a, b)`` returns a :class:`Diff` with what the summaries, the
entities, the figures, the dates and the language flags have in common and
where they part. Sentences are aligned by their text (exact first, then by
word overlap), never by id, since ids shift when a paragraph is added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import FLAG_CATEGORIES, Analysis, Sentence

__all__ = ["Diff", "SentencePair", "diff_analyses", "render_diff"]

_WORD = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A sentence of ``a`` matched with one of ``b`` (either may be None)."""

    a_id: str | None
    b_id: str | None
    a_text: str | None
    b_text: str | None
    similarity: float


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from analysis ``a`` to analysis ``b``."""

    a: str
    b: str
    same_input: bool
    same_settings: bool
    sentences_added: int
    sentences_removed: int
    sentences_changed: int
    key_points: tuple[SentencePair, ...] = ()
    entities_added: tuple[str, ...] = ()
    entities_removed: tuple[str, ...] = ()
    entity_counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    figures_added: tuple[str, ...] = ()
    figures_removed: tuple[str, ...] = ()
    dates_added: tuple[str, ...] = ()
    dates_removed: tuple[str, ...] = ()
    flags: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    subjective_share: tuple[float, float] = (0.0, 0.0)


def _align(a: Sequence[Sentence], b: Sequence[Sentence], *, threshold: float = 0.6) -> list[tuple[Sentence | None, Sentence | None, float]]:
    """Pair sentences of ``a`` and ``b``: exact text first, then best word overlap."""
    pairs: list[tuple[Sentence | None, Sentence | None, float]] = []
    b_by_text: dict[str, list[Sentence]] = {}
    for s in b:
        b_by_text.setdefault(s.text, []).append(s)
    used: set[str] = set()
    unmatched_a: list[Sentence] = []
    for s in a:
        cands = [t for t in b_by_text.get(s.text, ()) if t.id not in used]
        if cands:
            used.add(cands[0].id)
            pairs.append((s, cands[0], 1.0))
        else:
            unmatched_a.append(s)
    rest_b = [t for t in b if t.id not in used]
    words_b = {t.id: _words(t.text) for t in rest_b}
    for s in unmatched_a:
        ws = _words(s.text)
        best, best_sim = None, 0.0
        for t in rest_b:
            if t.id in used:
                continue
            sim = _similarity(ws, words_b[t.id])
            if sim > best_sim:
                best, best_sim = t, sim
        if best is not None and best_sim >= threshold:
            used.add(best.id)
            pairs.append((s, best, best_sim))
        else:
            pairs.append((s, None, 0.0))
    pairs.extend((None, t, 0.0) for t in b if t.id not in used)
    return pairs


def _flag_counts(analysis: Analysis) -> dict[str, int]:
    counts = {c: 0 for c in FLAG_CATEGORIES}
    for s in analysis.sentences:
        for f in s.flags:
            counts[f.category] = counts.get(f.category, 0) + 1
    return counts


def diff_analyses(a: Analysis, b: Analysis) -> Diff:
    """Compare two analyses; see :class:`Diff`."""
    pairs = _align(a.sentences, b.sentences)
    added = sum(1 for x, y, _ in pairs if x is None)
    removed = sum(1 for x, y, _ in pairs if y is None)
    changed = sum(1 for x, y, sim in pairs if x is not None and y is not None and sim < 1.0)

    a_kp = set(a.summary.sentence_ids if a.summary else ())
    b_kp = set(b.summary.sentence_ids if b.summary else ())
    kp_pairs = []
    for x, y, sim in pairs:
        if (x is not None and x.id in a_kp) or (y is not None and y.id in b_kp):
            kp_pairs.append(
                SentencePair(
                    x.id if x is not None and x.id in a_kp else None,
                    y.id if y is not None and y.id in b_kp else None,
                    x.text if x is not None and x.id in a_kp else None,
                    y.text if y is not None and y.id in b_kp else None,
                    sim,
                )
            )
    kp_pairs.sort(key=lambda p: (p.a_id or "~", p.b_id or "~"))

    def names(an: Analysis) -> dict[str, int]:
        return {e.name: e.count for e in an.entities}

    ea, eb = names(a), names(b)
    counts = {n: (ea.get(n, 0), eb.get(n, 0)) for n in sorted(set(ea) | set(eb)) if ea.get(n, 0) != eb.get(n, 0)}

    def figures(an: Analysis) -> set[str]:
        return {f.text if f.amount is None else f"{f.amount:g} {f.unit or ''}".strip() for f in an.figures}

    def dates(an: Analysis) -> set[str]:
        return {d.value or d.text for d in an.dates}

    fa, fb = _flag_counts(a), _flag_counts(b)
    return Diff(
        a=a.article.source,
        b=b.article.source,
        same_input=a.article.sha256 == b.article.sha256,
        same_settings=a.pipeline.settings_hash == b.pipeline.settings_hash,
        sentences_added=added,
        sentences_removed=removed,
        sentences_changed=changed,
        key_points=tuple(kp_pairs),
        entities_added=tuple(sorted(set(eb) - set(ea))),
        entities_removed=tuple(sorted(set(ea) - set(eb))),
        entity_counts=counts,
        figures_added=tuple(sorted(figures(b) - figures(a))),
        figures_removed=tuple(sorted(figures(a) - figures(b))),
        dates_added=tuple(sorted(dates(b) - dates(a))),
        dates_removed=tuple(sorted(dates(a) - dates(b))),
        flags={c: (fa.get(c, 0), fb.get(c, 0)) for c in FLAG_CATEGORIES},
        subjective_share=(float(a.stats.get("subjective_share", 0.0)), float(b.stats.get("subjective_share", 0.0))),
    )


def render_diff(d: Diff) -> str:
    """A Markdown report of a :class:`Diff`."""
    lines = [f"# Diff: `{d.a}` → `{d.b}`", ""]
    notes = []
    if d.same_input:
        notes.append("same input bytes")
    if not d.same_settings:
        notes.append("different settings")
    if notes:
        lines += [f"_{', '.join(notes)}_", ""]
    lines += [
        f"Sentences: {d.sentences_added} added, {d.sentences_removed} removed, {d.sentences_changed} reworded.",
        "",
        "## Key points",
        "",
    ]
    for p in d.key_points:
        if p.a_id and p.b_id:
            mark = "=" if p.similarity == 1.0 else "~"
            lines.append(f"- {mark} {p.b_text} `[{p.a_id} → {p.b_id}]`")
        elif p.b_id:
            lines.append(f"- + {p.b_text} `[{p.b_id}]`")
        else:
            lines.append(f"- − {p.a_text} `[{p.a_id}]`")
    if not d.key_points:
        lines.append("none")

    def listing(title: str, added: Sequence[str], removed: Sequence[str]) -> None:
        if not added and not removed:
            return
        lines.extend(["", f"## {title}", ""])
        lines.extend(f"- + {x}" for x in added)
        lines.extend(f"- − {x}" for x in removed)

    listing("Entities", d.entities_added, d.entities_removed)
    changed = [(n, c) for n, c in d.entity_counts.items() if c[0] and c[1]]
    if changed:
        lines.extend(["", "Mention counts changed: " + ", ".join(f"{n} {x}→{y}" for n, (x, y) in changed)])
    listing("Figures", d.figures_added, d.figures_removed)
    listing("Dates", d.dates_added, d.dates_removed)
    lines += ["", "## Language", "", "| category | before | after |", "| --- | ---: | ---: |"]
    for cat, (x, y) in d.flags.items():
        lines.append(f"| {cat} | {x} | {y} |")
    lines.append(f"| subjective share | {d.subjective_share[0]:.0%} | {d.subjective_share[1]:.0%} |")
    return "\n".join(lines) + "\n"


def diff_to_dict(d: Diff) -> dict[str, Any]:
    from .models import to_dict

    return to_dict(d)
