"""Evaluation tasks behind ``pipeline eval TASK PATH``.

Each task is a module here with two functions:

- ``evaluate(path: Path, *, settings: Settings, **options) -> dict`` reads data
  in the format that ``../shared/data/<name>/README.md`` documents (any file of
  that shape) and returns its figures as one JSON-ready dict; scores are
  fractions between 0 and 1, except ROUGE, which is x 100.
- ``render(result: dict) -> str`` turns that dict into a readable table.

Options a task does not use are ignored, so the CLI can pass them all.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from ..results import EvalResult

__all__ = ["TASKS", "evaluate", "run_task", "render_task"]

#: task name -> module (imported only when the task runs).
TASKS: dict[str, str] = {
    "extraction": "pipeline.evaluation.extraction",
    "structure": "pipeline.evaluation.structure",
    "entities": "pipeline.evaluation.entities",
    "dates": "pipeline.evaluation.dates",
    "flags": "pipeline.evaluation.flags",
    "hedges": "pipeline.evaluation.hedges",
    "neutral": "pipeline.evaluation.neutral",
    "summary": "pipeline.evaluation.summary",
}


def _module(task: str) -> Any:
    if task not in TASKS:
        raise PipelineError("E301", None, task=task, choices=", ".join(TASKS))
    return importlib.import_module(TASKS[task])


def run_task(task: str, path: str | Path, *, settings: Settings, **options: Any) -> dict[str, Any]:
    """Run one evaluation task on ``path``; return its figures."""
    p = Path(path)
    if not p.exists():
        raise PipelineError("E302", str(p), detail="no such file or directory")
    figures: dict[str, Any] = _module(task).evaluate(p, settings=settings, **options)
    return figures


def render_task(task: str, result: dict[str, Any]) -> str:
    """The readable table for a task's figures."""
    table: str = _module(task).render(result)
    return table


def evaluate(task: str, path: str | Path, *, settings: Settings, **options: Any) -> EvalResult:
    """Run one task and return its figures with their readable table."""
    figures = run_task(task, path, settings=settings, **options)
    return EvalResult(task=task, path=str(path), figures=figures, table=render_task(task, figures))
