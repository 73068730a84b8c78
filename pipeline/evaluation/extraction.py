"""The ``extraction`` task: how well HTML ingestion keeps the article body.

Data (``../shared/data/articles-html/README.md``): a folder with
``ground-truth.jsonl`` (one ``{"id", "url", "html", "articleBody"}`` per line,
``html`` relative to the folder) and the saved pages. ``path`` may name the
folder or the JSON Lines file itself.

Metric (the Zyte article-extraction benchmark's own): both texts are split
into ``\\w+`` tokens and turned into multisets of 4-token shingles; per page
the true-positive / false-positive / false-negative counts are normalised to
sum to 1; precision and recall are averaged over pages and F1 is the harmonic
mean of the two averages. Accuracy is the share of pages whose token
sequence equals the gold one exactly. ``*_std`` figures are bootstrap
standard deviations (1,000 resamples, fixed seed).

"Ours" is the body as the pipeline keeps it: ``read_bytes`` + ``normalise``,
then the paragraph, list-item and heading blocks in order. Headings inside
the body count (the gold keeps in-text subheadings); the title block and the
headings above the first paragraph (headline, standfirst) do not, since the
gold has no headline. The baseline is plain ``trafilatura.extract(html,
include_comments=False)``.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import iter_jsonl

__all__ = ["evaluate", "render", "shingle_counts", "page_scores", "extract_body", "body_blocks"]

_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingle_counts(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token shingles of the ``\\w+`` tokens of ``text``."""
    toks = _tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page; they sum to 1 (or are all 0 when both are empty)."""
    p, g = shingle_counts(predicted), shingle_counts(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _prf(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """P averaged over pages with a prediction, R over pages with gold text, F1 of the two (as the benchmark does)."""
    precisions = [_precision(*s) for s in scores if s[0] + s[1] > 0]
    recalls = [_recall(*s) for s in scores if s[0] + s[2] > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _bootstrap_std(scores: list[tuple[float, float, float]], *, n: int = 1000, seed: int = 0) -> float:
    if len(scores) < 2:
        return 0.0
    rng = random.Random(seed)
    f1s = []
    for _ in range(n):
        sample = [scores[rng.randrange(len(scores))] for _ in scores]
        f1s.append(_prf(sample)[2])
    mean = sum(f1s) / n
    return float((sum((x - mean) ** 2 for x in f1s) / (n - 1)) ** 0.5)


def extract_body(html: bytes | str, *, source: str = "<page>", settings: Settings | None = None) -> str:
    """The article body our HTML ingestion keeps: body blocks, one per line ("" when nothing is left)."""
    from ..chain import pipeline_for
    from ..io import read_bytes
    from ..state import State

    data = html.encode("utf-8") if isinstance(html, str) else html
    try:
        docs = read_bytes(data, source=source, format="html")
        state = pipeline_for(settings or Settings()).run(State(raw=docs[0]), upto="normalise")
    except PipelineError:
        return ""
    assert state.article is not None
    return "\n".join(body_blocks(state.article))


def body_blocks(article: Any) -> list[str]:
    """Texts of the article's body blocks: paragraphs and list items, and headings once
    the first paragraph has been seen (a heading above it is the headline or standfirst)."""
    out: list[str] = []
    started = False
    for b in article.blocks:
        if b.kind == "paragraph":
            started = True
        if b.kind in ("paragraph", "list_item") or (b.kind == "heading" and started):
            out.append(b.text)
    return out


def _baseline(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def _read_gold(path: Path) -> tuple[Path, list[dict[str, Any]]]:
    if path.is_dir():
        base, jsonl = path, path / "ground-truth.jsonl"
    else:
        base, jsonl = path.parent, path
    if not jsonl.is_file():
        raise PipelineError("E302", str(jsonl), detail="ground-truth.jsonl not found")
    rows = []
    for n, row in iter_jsonl(jsonl):
        if "articleBody" not in row or "html" not in row:
            raise PipelineError("E302", str(jsonl), detail=f"line {n}: expected 'html' and 'articleBody'")
        rows.append(row)
    return base, rows


def evaluate(
    path: Path,
    *,
    settings: Settings,
    limit: int | None = None,
    ids: Iterable[str] | None = None,
    bootstrap: bool = True,
    details: bool = False,
    **_options: Any,
) -> dict[str, Any]:
    """Score our HTML ingestion and plain trafilatura against the gold bodies.

    ``limit`` takes the first N pages, ``ids`` a chosen set. Returns
    ``precision``, ``recall``, ``f1``, ``accuracy``, ``n`` and the same with a
    ``baseline_`` prefix (plus ``f1_std``/``baseline_f1_std`` when
    ``bootstrap``; per-page figures under ``pages`` when ``details``).
    """
    base, rows = _read_gold(Path(path))
    if ids is not None:
        wanted = set(ids)
        rows = [r for r in rows if r.get("id") in wanted]
    if limit is not None:
        rows = rows[:limit]
    ours: list[tuple[float, float, float]] = []
    theirs: list[tuple[float, float, float]] = []
    exact = base_exact = 0
    pages = []
    for row in rows:
        html_path = base / row["html"]
        try:
            data = html_path.read_bytes()
        except OSError as exc:
            raise PipelineError("E302", str(html_path), detail=exc.strerror or str(exc)) from None
        gold = row["articleBody"]
        predicted = extract_body(data, source=str(html_path), settings=settings)
        baseline = _baseline(data.decode("utf-8", errors="replace"))
        s_ours, s_base = page_scores(predicted, gold), page_scores(baseline, gold)
        ours.append(s_ours)
        theirs.append(s_base)
        gold_tokens = _tokens(gold)
        exact += _tokens(predicted) == gold_tokens
        base_exact += _tokens(baseline) == gold_tokens
        if details:
            pages.append({"id": row.get("id"), "ours": s_ours, "baseline": s_base})
    p, r, f = _prf(ours)
    bp, br, bf = _prf(theirs)
    n = len(rows)
    result: dict[str, Any] = {
        "precision": p,
        "recall": r,
        "f1": f,
        "accuracy": exact / n if n else 0.0,
        "n": n,
        "baseline_precision": bp,
        "baseline_recall": br,
        "baseline_f1": bf,
        "baseline_accuracy": base_exact / n if n else 0.0,
    }
    if bootstrap:
        result["f1_std"] = _bootstrap_std(ours)
        result["baseline_f1_std"] = _bootstrap_std(theirs)
    if details:
        result["pages"] = pages
    return result


def render(result: dict[str, Any]) -> str:
    """A small table: ours beside plain trafilatura."""

    def f1(prefix: str) -> str:
        std = result.get(f"{prefix}f1_std")
        value = f"{result[prefix + 'f1']:.3f}"
        return f"{value} ± {std:.3f}" if std is not None else value

    rows = [
        ("system", "F1", "precision", "recall", "accuracy"),
        ("pipeline (trafilatura + cleaning)", f1(""), f"{result['precision']:.3f}", f"{result['recall']:.3f}", f"{result['accuracy']:.3f}"),
        (
            "trafilatura, include_comments=False",
            f1("baseline_"),
            f"{result['baseline_precision']:.3f}",
            f"{result['baseline_recall']:.3f}",
            f"{result['baseline_accuracy']:.3f}",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [f"extraction: {result['n']} pages (4-token shingles, per-page normalised, P/R averaged over pages)"]
    for k, r in enumerate(rows):
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
