"""Reviewers' decisions as labelled sentences: the TSV ``pipeline eval flags`` reads.

One row per decided sentence, with the columns ``sentence_id``, ``sentence`` and
``label`` (``SUBJ``/``OBJ``) that :func:`pipeline.evaluation.flags.read_labelled`
needs, then ``article_id``, ``reviewer`` and ``cues`` for the record. A sentence
is ``SUBJ`` when a reviewer accepted one of its flags, ``OBJ`` when every flag of
it is dismissed and a reviewer dismissed at least one (a suppression alone is no
judgement of the sentence); any other sentence is left out. Tabs and line breaks
in a sentence become spaces (the format has no quoting). ``python -m
pipeline.train_flags --extra FILE`` takes the file as extra training data.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..io.files import atomic_write_text
from .queue import ArticleState

__all__ = ["HEADER", "labelled_rows", "write_labelled"]

HEADER = ("sentence_id", "sentence", "label", "article_id", "reviewer", "cues")


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def labelled_rows(states: Iterable[ArticleState]) -> list[tuple[str, ...]]:
    """The rows of the export, in article then sentence order."""
    rows: list[tuple[str, ...]] = []
    for st in sorted(states, key=lambda s: s.article_id):
        by_sentence: dict[str, list[Any]] = {}
        for it in st.items:
            by_sentence.setdefault(it.sentence_id, []).append(it)
        for sid, items in by_sentence.items():
            flags = [it.flag for it in items]
            decided = [f for f in flags if f.decision_key is not None]
            if any(f.status == "accepted" for f in decided):
                label = "SUBJ"
            elif decided and all(f.status == "dismissed" for f in flags) and any(f.status == "dismissed" for f in decided):
                label = "OBJ"
            else:
                continue
            reviewers = sorted({f.reviewer for f in decided if f.reviewer})
            cues = " ".join(f"{f.rule}={f.status}" for f in flags)
            rows.append((f"{st.article_id}/{sid}", _clean(items[0].sentence), label, st.article_id, ",".join(reviewers), _clean(cues)))
    return rows


def write_labelled(path: str | Path, states: Iterable[ArticleState]) -> int:
    """Write the export to ``path`` (atomically); returns the number of sentences."""
    rows = labelled_rows(states)
    text = "".join("\t".join(r) + "\n" for r in (HEADER, *rows))
    atomic_write_text(Path(path), text)
    return len(rows)
