"""The ``structure`` task: headings, boilerplate and glued text in pasted plain text.

Data (``../shared/data/noisy-text/README.md``): a folder with ``articles/<n>.txt``
(real articles pasted as plain text: glued headings, tables of contents, calls
to action, lists of other pages' headlines at the end), ``truth.jsonl`` and the
set's own scorer, ``score.py`` (standard library only).

Our ingestion and sentence split (the chain up to ``split``: the scorer looks
at the sentences that hold a heading or a piece of boilerplate) run on every
article; what the scorer reads (``article.title``/``source``, ``sections``,
``boilerplate``, ``sentences``) is written to a temporary folder, one JSON per
article, and the scorer is run on it as a separate process, so its figures are
the scorer's own. ``files`` scores a chosen subset (cross-validation by
article).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import iter_jsonl

__all__ = ["evaluate", "render", "analysis_record", "write_outputs", "score", "load"]


def analysis_record(state: Any) -> dict[str, Any]:
    """The part of an analysis the scorer reads, from a chain state run up to ``split``."""
    art = state.article
    return {
        "article": {"title": art.title, "source": art.source},
        "sections": [{"id": s.id, "title": s.title} for s in art.sections],
        "boilerplate": [{"kind": b.kind, "text": b.text, "rule": b.rule} for b in art.boilerplate],
        "sentences": [{"id": s.id, "text": s.text, "start": s.start, "end": s.end} for s in state.sentences or ()],
    }


def _paths(path: Path) -> tuple[Path, Path, Path]:
    base = path if path.is_dir() else path.parent
    truth, scorer, articles = base / "truth.jsonl", base / "score.py", base / "articles"
    for p in (truth, scorer, articles):
        if not p.exists():
            raise PipelineError("E302", str(p), detail=f"{p.name} not found (expected articles/, truth.jsonl and score.py)")
    return truth, scorer, articles


def write_outputs(articles: Path, rows: Iterable[dict[str, Any]], out_dir: Path, *, settings: Settings) -> None:
    """Analyse (up to the sentence split) each truth row's ``articles/<file>`` and write
    what the scorer reads to ``out_dir/<stem>.json``; an article that fails is left out."""
    from ..chain import pipeline_for
    from ..io import read_path
    from ..state import State

    chain = pipeline_for(settings)
    for row in rows:
        name = str(row.get("file"))
        try:
            docs, _errors = read_path(articles / name)
            state = chain.run(State(raw=docs[0], used_ids=set()), upto="split")
        except PipelineError:
            continue  # the scorer counts a missing output
        (out_dir / f"{Path(name).stem}.json").write_text(json.dumps(analysis_record(state), ensure_ascii=False), encoding="utf-8")


def score(out_dir: Path, rows: Iterable[dict[str, Any]], scorer: Path) -> dict[str, Any]:
    """The scorer's figures for the outputs in ``out_dir`` against ``rows`` (run as a separate process)."""
    with tempfile.TemporaryDirectory(prefix="pipeline-truth-") as tmp:
        subset = Path(tmp) / "truth.jsonl"
        subset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        proc = subprocess.run([sys.executable, str(scorer), str(out_dir), str(subset)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PipelineError("E302", str(scorer), detail=f"the scorer failed: {proc.stderr.strip()[-300:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def load(path: Path) -> tuple[list[dict[str, Any]], Path, Path]:
    """(truth rows, scorer, articles folder) of a noisy-text set. Raises E302 when a part is missing."""
    truth_path, scorer, articles = _paths(Path(path))
    return [row for _n, row in iter_jsonl(truth_path)], scorer, articles


def evaluate(
    path: Path,
    *,
    settings: Settings,
    limit: int | None = None,
    files: Iterable[str] | None = None,
    **_options: Any,
) -> dict[str, Any]:
    """Run ingestion and sentence split on ``DIR/articles`` and return the scorer's figures.

    ``files`` (names such as ``"3.txt"``) or ``limit`` (the first N lines of
    the truth) restrict the set. Returns the scorer's JSON object (``title_accuracy``,
    ``heading_recall``, ``heading_precision``, ``glued_heading_recall``,
    ``sentences_with_heading``, ``sentences_with_boilerplate``, ``toc_found``,
    ``cta_found``, ``related_found``, ``glued_split`` … and ``per_file``).
    Raises :class:`PipelineError` E302 when a part of the set is missing or
    the scorer fails.
    """
    rows, scorer, articles = load(Path(path))
    if files is not None:
        wanted = set(files)
        rows = [r for r in rows if r.get("file") in wanted]
    if limit is not None:
        rows = rows[:limit]
    with tempfile.TemporaryDirectory(prefix="pipeline-structure-") as tmp:
        write_outputs(articles, rows, Path(tmp), settings=settings)
        return score(Path(tmp), rows, scorer)


def render(result: dict[str, Any]) -> str:
    """The scorer's figures as a small table."""

    def r(key: str) -> str:
        v = result.get(key)
        return "-" if v is None else f"{v:.3f}"

    rows = [
        ("title accuracy", r("title_accuracy")),
        ("heading recall", f"{r('heading_recall')} ({result['headings_found']}/{result['headings_total']})"),
        ("heading precision", r("heading_precision")),
        ("glued-heading recall", r("glued_heading_recall")),
        ("sentences holding a heading", f"{result['sentences_with_heading']} of {result['sentences_total']}"),
        ("sentences holding boilerplate", str(result["sentences_with_boilerplate"])),
        ("tables of contents", f"{result['toc_found']}/{result['toc_total']} (false: {result['toc_false']})"),
        ("calls to action", f"{result['cta_found']}/{result['cta_total']}"),
        ("related headlines", f"{result['related_found']}/{result['related_total']}"),
        ("glued sentence pairs split", f"{result['glued_split']}/{result['glued_total']}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"structure: {result['files']} files ({result['missing_outputs']} without output), the set's own scorer"]
    lines += [f"  {k.ljust(width)}  {v}" for k, v in rows]
    return "\n".join(lines)
