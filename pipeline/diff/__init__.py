"""Diff of substance: what changed between two analyses of an article.

Reads two :class:`~pipeline.models.Analysis` objects (two versions of one
article, two outlets on one story, two runs with other settings) and returns a
:class:`Diff`: metadata, key points and lede, figures, dates, entities, flags
(with the change in flags per 1,000 words and in the subjective share) and
quotes, each as a change rather than as bytes moved. Sentences are aligned by
similarity (:mod:`pipeline.diff.align`), never by id or position.

>>> d = diff_analyses(old, new)  # doctest: +SKIP
>>> print(render_text(d))  # doctest: +SKIP

Thresholds come from :class:`pipeline.config.DiffSettings` (the ``[diff]``
table of the config file); they change what is shown, never the analyses.
"""

from __future__ import annotations

from .align import align, similarity, word_diff
from .compare import diff_analyses, same_article
from .model import (
    DIFF_SCHEMA_VERSION,
    SECTIONS,
    DateChange,
    DateView,
    Diff,
    EntityChange,
    FieldChange,
    FigureChange,
    FigureView,
    FlagChange,
    FlagRate,
    OneSided,
    PointChange,
    QuoteChange,
    Side,
    TextTally,
    Version,
    WordOp,
)
from .render import format_amount, render_history, render_json, render_markdown, render_text, summary_line

__all__ = [
    "DIFF_SCHEMA_VERSION",
    "SECTIONS",
    "Diff",
    "Side",
    "WordOp",
    "FieldChange",
    "TextTally",
    "PointChange",
    "FigureView",
    "FigureChange",
    "DateView",
    "DateChange",
    "EntityChange",
    "FlagChange",
    "FlagRate",
    "QuoteChange",
    "OneSided",
    "Version",
    "diff_analyses",
    "same_article",
    "align",
    "similarity",
    "word_diff",
    "render_text",
    "render_markdown",
    "render_json",
    "render_history",
    "format_amount",
    "summary_line",
]
