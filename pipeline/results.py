"""Typed results of the API that are not stage data: batch reports and index status,
evaluation figures. Frozen, slotted dataclasses, as in :mod:`pipeline.models`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .convert import to_dict

__all__ = ["BatchItem", "BatchReport", "BatchStatus", "StatusCounts", "FailedArticle", "RunRecord", "EvalResult"]


@dataclass(frozen=True, slots=True)
class BatchItem:
    """What happened to one input article in a batch run."""

    source: str
    status: str  # "ok", "skipped" or "failed"
    id: str | None = None
    reason: str | None = None
    outputs: tuple[str, ...] = ()
    words: int = 0


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The outcome of a batch run, item by item."""

    items: tuple[BatchItem, ...] = ()
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def failed(self) -> tuple[BatchItem, ...]:
        return tuple(i for i in self.items if i.status == "failed")


@dataclass(frozen=True, slots=True)
class EvalResult:
    """The figures of one evaluation task (``pipeline eval TASK PATH``).

    ``figures`` is JSON-ready (scores are fractions, ROUGE is x 100); keys that start
    with ``_`` are working data for ``table`` and are left out of :meth:`public`.
    """

    task: str
    path: str
    figures: Mapping[str, Any]
    table: str

    def public(self) -> dict[str, Any]:
        """The figures without the working data, as ``--json`` prints them."""
        return {k: v for k, v in self.figures.items() if not k.startswith("_")}


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """Articles of an output directory by index status."""

    ok: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class FailedArticle:
    """An article (or unreadable input, ``id`` None) whose last run failed."""

    id: str | None
    source: str
    reason: str | None
    updated: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One batch run as the index records it (``finished`` None while running or when killed)."""

    id: int
    started: str
    finished: str | None
    pid: int | None
    status: str  # "running", "done" or "interrupted"
    processed: int
    skipped: int
    failed: int


@dataclass(frozen=True, slots=True)
class BatchStatus:
    """The index summary of an output directory (``pipeline status``)."""

    out_dir: str
    index: str
    articles: int
    counts: StatusCounts
    failures: tuple[FailedArticle, ...]
    runs: int
    last_run: RunRecord | None
    rebuilt: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (``pipeline status --json``)."""
        return to_dict(self)  # type: ignore[no-any-return]
