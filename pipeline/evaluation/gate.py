"""The quality gate: every evaluation figure against a pinned floor.

``pipeline eval gate DATA_DIR`` runs each task of :data:`CHECKS` on its file under
``DATA_DIR`` (``../shared/data``), and compares the figures named there with the
floors pinned in ``floors.json`` beside this module. A figure below its floor fails
the gate; ``--update`` pins the current figures (raising a floor, or lowering one on
purpose: the change shows in the diff of ``floors.json``, never silently). A task whose
data is absent is reported as skipped.

Floors are the figures rounded down (3 decimals for fractions, 2 for ROUGE x 100), so
noise below that rounding does not fail the gate while any real loss does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings

__all__ = ["CHECKS", "FLOORS_FILE", "GateCheck", "GateFigure", "GateResult", "run_gate", "render"]

FLOORS_FILE = Path(__file__).resolve().parent / "floors.json"


@dataclass(frozen=True, slots=True)
class GateCheck:
    """One task on one file, and the figures of its result that are gated."""

    name: str
    task: str
    path: str
    figures: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)


#: What the gate runs: the figures the README reports.
CHECKS: tuple[GateCheck, ...] = (
    GateCheck("extraction", "extraction", "articles-html", ("f1", "recall")),
    GateCheck(
        "structure",
        "structure",
        "noisy-text",
        ("heading_recall", "heading_precision", "glued_heading_recall", "title_accuracy"),
    ),
    GateCheck("entities", "entities", "entities/eng.testb.conll", ("f1",)),
    GateCheck("dates", "dates", "dates", ("value_f1", "relaxed_f1")),
    GateCheck("subjectivity", "flags", "subjectivity/dev_test.tsv", ("macro_f1",)),
    GateCheck("babe-opinion", "flags", "babe/sentences.tsv", ("macro_f1",)),
    GateCheck("mpqa", "flags", "mpqa/sentences.tsv", ("macro_f1",)),
    GateCheck("hedges", "hedges", "hedges/dev.tsv", ("f1", "cue_f1")),
    GateCheck("summary-bbc", "summary", "summaries/dev.jsonl", ("rouge2",), {"summarizer": "lexrank"}),
    GateCheck("summary-cnndm", "summary", "summaries/cnndm-dev.jsonl", ("rouge2",), {"summarizer": "lexrank", "sentences": 3}),
)


@dataclass(frozen=True, slots=True)
class GateFigure:
    check: str
    figure: str
    value: float | None
    floor: float | None

    @property
    def status(self) -> str:
        if self.value is None:
            return "skipped"
        if self.floor is None:
            return "unpinned"
        return "ok" if self.value >= self.floor - 1e-9 else "FAILED"


@dataclass(frozen=True, slots=True)
class GateResult:
    figures: tuple[GateFigure, ...]
    updated: bool = False

    @property
    def passed(self) -> bool:
        return all(f.status != "FAILED" for f in self.figures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "updated": self.updated,
            "figures": [
                {"check": f.check, "figure": f.figure, "value": f.value, "floor": f.floor, "status": f.status} for f in self.figures
            ],
        }


def _pin(figure: str, value: float) -> float:
    places = 2 if figure.startswith("rouge") else 3
    scale = float(10**places)
    return math.floor(value * scale + 1e-9) / scale


def _lookup(result: Mapping[str, Any], figure: str) -> float | None:
    node: Any = result
    for part in figure.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) else None


def run_gate(
    data_dir: str | Path,
    *,
    settings: Settings,
    floors_file: str | Path = FLOORS_FILE,
    update: bool = False,
    checks: Sequence[GateCheck] = CHECKS,
    run: Callable[..., Mapping[str, Any]] | None = None,
) -> GateResult:
    """Run every check whose data is present; compare with (or, with ``update``, pin) the floors."""
    from . import run_task

    run = run or run_task
    floors_path = Path(floors_file)
    floors: dict[str, dict[str, float]] = json.loads(floors_path.read_text(encoding="utf-8")) if floors_path.is_file() else {}
    out: list[GateFigure] = []
    for check in checks:
        path = Path(data_dir) / check.path
        result = run(check.task, path, settings=settings, **check.options) if path.exists() else None
        for figure in check.figures:
            value = None if result is None else _lookup(result, figure)
            if update and value is not None:
                floors.setdefault(check.name, {})[figure] = _pin(figure, value)
            out.append(GateFigure(check.name, figure, value, floors.get(check.name, {}).get(figure)))
    if update:
        floors_path.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return GateResult(tuple(out), updated=update)


def render(result: GateResult) -> str:
    lines = [f"{'check':<16} {'figure':<12} {'value':>8} {'floor':>8}  status"]
    for f in result.figures:
        value = "-" if f.value is None else f"{f.value:.4f}"
        floor = "-" if f.floor is None else f"{f.floor:.4f}"
        lines.append(f"{f.check:<16} {f.figure:<12} {value:>8} {floor:>8}  {f.status}")
    lines.append("")
    lines.append(
        ("floors re-pinned in " + str(FLOORS_FILE.name) + "; " if result.updated else "")
        + ("gate passed" if result.passed else "gate FAILED")
    )
    return "\n".join(lines)
