"""Small metric helpers shared by the evaluation tasks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["prf", "safe_div", "iter_jsonl", "read_tsv"]


def safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from true-positive, false-positive and false-negative counts."""
    p = safe_div(tp, tp + fp)
    r = safe_div(tp, tp + fn)
    f = safe_div(2 * p * r, p + r)
    return p, r, f


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSON Lines data file.

    Raises :class:`~pipeline.errors.PipelineError` E302 naming the file and the
    line when a line is not a JSON object or the file cannot be read.
    """
    import json

    from ..errors import PipelineError

    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise PipelineError("E302", str(path), detail=f"line {n}: {exc.msg}") from None
                if not isinstance(row, dict):
                    raise PipelineError("E302", str(path), detail=f"line {n}: not a JSON object")
                yield n, row
    except OSError as exc:
        raise PipelineError("E302", str(path), detail=str(exc)) from None


def read_tsv(path: Path) -> list[list[str]]:
    """The rows of a tab-separated data file (no quoting), header first.

    Raises :class:`~pipeline.errors.PipelineError` E302 when the file cannot be
    read or is empty.
    """
    import csv

    from ..errors import PipelineError

    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError("E302", str(path), detail=str(exc)) from None
    if not rows:
        raise PipelineError("E302", str(path), detail="empty file")
    return rows
