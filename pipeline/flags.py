"""Hedge and opinion flags (first version; deepened by the flagging work)."""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from .config import FlagSettings
from .models import FLAG_CATEGORIES, Attribution, Flag, Quote, Sentence

__all__ = ["flag_sentences", "flag_stats"]

_LEXICON = {
    "hedge": {"may", "might", "could", "perhaps", "possibly", "likely", "seem", "appear", "suggest"},
    "booster": {"clearly", "certainly", "undeniably", "undeniable", "significantly", "extremely", "deeply"},
    "opinion": {"crucial", "pivotal", "formidable", "intricate", "remarkable", "volatile", "vital"},
}


def flag_sentences(doc: Any, sentences: Sequence[Sentence], *, settings: FlagSettings | None = None,
                   quotes: Sequence[Quote] = (), attributions: Sequence[Attribution] = ()) -> tuple[Sentence, ...]:
    out = []
    for s in sentences:
        flags = []
        for tok in doc.char_span(s.start, s.end, alignment_mode="expand") or ():
            for cat, words in _LEXICON.items():
                if tok.lemma_.lower() in words or tok.lower_ in words:
                    flags.append(Flag(cat, tok.text, tok.idx, tok.idx + len(tok.text), f"{cat}:{tok.lemma_.lower()}"))
        out.append(dataclasses.replace(s, flags=tuple(flags), subjective=bool(flags), score=float(bool(flags))))
    return tuple(out)


def flag_stats(sentences: Sequence[Sentence], *, word_count: int) -> dict[str, Any]:
    counts = {c: 0 for c in FLAG_CATEGORIES}
    for s in sentences:
        for f in s.flags:
            counts[f.category] += 1
    total = sum(counts.values())
    return {
        "flags": counts,
        "flagged_sentences": sum(1 for s in sentences if s.flags),
        "flags_per_1000_words": round(1000 * total / word_count, 2) if word_count else 0.0,
        "subjective_share": round(sum(s.subjective for s in sentences) / len(sentences), 4) if sentences else 0.0,
    }
