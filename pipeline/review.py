"""Reviewing flags: accept or dismiss each one; decisions persist across runs.

Decisions live beside the outputs, one file per article::

    <out_dir>/reviews/<article-id>.json
    {"version": 1, "article_id": "...", "decisions": {"<key>": {"decision": "dismissed",
     "category": "opinion", "cue": "pivotal", "sentence": "...", "time": "..."}}}

A flag's key is a hash of its category, its cue and the text of its sentence
(and where in the sentence the cue stands), not of sentence ids or article
offsets, so a decision still applies when paragraphs are added elsewhere in
the article or the article is analysed again. A dismissed flag stays in the
output (marked ``"review": "dismissed"``) but no longer counts against its
sentence when the summary is chosen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .errors import PipelineError
from .io.files import atomic_write_text
from .models import Analysis, Flag, Sentence

__all__ = [
    "DECISIONS",
    "flag_key",
    "iter_flags",
    "reviews_path",
    "load_reviews",
    "save_decisions",
    "apply_reviews",
]

DECISIONS: tuple[str, ...] = ("accepted", "dismissed")
REVIEWS_VERSION = 1


def flag_key(sentence: Sentence, flag: Flag) -> str:
    """A short, stable key for a flag: same sentence text and cue give the same key."""
    offset = flag.start - sentence.start
    blob = "\x1f".join((flag.category, flag.cue.lower(), " ".join(sentence.text.split()), str(offset)))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:10]


def iter_flags(analysis: Analysis) -> Iterator[tuple[Sentence, Flag, str]]:
    """Every (sentence, flag, key) of an analysis, in article order."""
    for s in analysis.sentences:
        for f in s.flags:
            yield s, f, flag_key(s, f)


def reviews_path(out_dir: str | Path, article_id: str) -> Path:
    return Path(out_dir) / "reviews" / f"{article_id}.json"


def load_reviews(out_dir: str | Path, article_id: str) -> dict[str, dict[str, Any]]:
    """The decisions recorded for an article (key -> record); empty when none."""
    path = reviews_path(out_dir, article_id)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        decisions = data["decisions"]
        if not isinstance(decisions, dict):
            raise ValueError("'decisions' is not an object")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PipelineError("E205", str(path), detail=str(exc)) from None
    return decisions


def save_decisions(
    out_dir: str | Path,
    analysis: Analysis,
    decisions: Mapping[str, str],
    *,
    note: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Record ``{flag key: "accepted" | "dismissed" | "clear"}`` for an article.

    Unknown keys raise :class:`PipelineError` (E206). Returns all decisions
    now on file. The file is written atomically.
    """
    known = {key: (s, f) for s, f, key in iter_flags(analysis)}
    current = load_reviews(out_dir, analysis.article.id)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for key, decision in decisions.items():
        if key not in known:
            raise PipelineError("E206", analysis.article.source, key=key)
        if decision == "clear":
            current.pop(key, None)
            continue
        if decision not in DECISIONS:
            raise PipelineError("E207", None, decision=decision)
        s, f = known[key]
        current[key] = {
            "decision": decision,
            "category": f.category,
            "cue": f.cue,
            "sentence": s.text,
            "time": now,
            **({"note": note} if note else {}),
        }
    data = {"version": REVIEWS_VERSION, "article_id": analysis.article.id, "decisions": dict(sorted(current.items()))}
    atomic_write_text(reviews_path(out_dir, analysis.article.id), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return current


def apply_reviews(sentences: tuple[Sentence, ...], decisions: Mapping[str, Mapping[str, Any]]) -> tuple[Sentence, ...]:
    """Mark each flag with its recorded decision (``Flag.review``)."""
    out = []
    for s in sentences:
        if not s.flags:
            out.append(s)
            continue
        flags = []
        for f in s.flags:
            rec = decisions.get(flag_key(s, f))
            decision = rec["decision"] if rec else None
            flags.append(f if f.review == decision else dataclasses.replace(f, review=decision))
        out.append(dataclasses.replace(s, flags=tuple(flags)))
    return tuple(out)


def without_dismissed(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """The sentences as the summary should see them: dismissed flags left out."""
    out = []
    for s in sentences:
        if any(f.review == "dismissed" for f in s.flags):
            s = dataclasses.replace(s, flags=tuple(f for f in s.flags if f.review != "dismissed"))
        out.append(s)
    return tuple(out)
