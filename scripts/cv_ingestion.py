"""Cross-validation by article of the ingestion rules' few numeric settings.

A rule tuned on the pages it is scored on can be memorisation. This script tunes on
some articles and scores on the others, and prints both figures::

    python scripts/cv_ingestion.py structure ../shared/data/noisy-text
    python scripts/cv_ingestion.py extraction ../shared/data/articles-html

structure: the grid is the heading shape's word limits and the length of the prose
paragraph a heading must stand before (:mod:`pipeline.normalise.headings`). Articles
are dealt into ``--folds`` folds; for each fold the setting with the best score on the
other folds (heading F1 + glued-heading recall - leaking sentences / 100) is chosen, and
its outputs of the held-out articles are pooled and scored once by the set's own scorer.
``--no-toc`` first removes every table of contents from the articles (and from the truth)
to score headings found by shape and position alone.

extraction: the grid is the longest run of trailing headlines taken as related links
(:data:`pipeline.normalise.boilerplate.MAX_TRAILING_HEADLINES`); folds of pages; the
held-out pages' scores are pooled into one F1 (the benchmark's metric).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.evaluation import extraction, structure
from pipeline.normalise import boilerplate, headings

STRUCTURE_GRID = {"MAX_HEADING_WORDS": (8, 12, 16), "MAX_GLUED_WORDS": (12, 16), "MIN_PROSE_WORDS": (6, 12, 20)}
EXTRACTION_GRID = {"MAX_TRAILING_HEADLINES": (4, 6, 8, 12)}


@contextmanager
def patched(module: Any, values: dict[str, int]) -> Iterator[None]:
    old = {k: getattr(module, k) for k in values}
    for k, v in values.items():
        setattr(module, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(module, k, v)


def grid(spec: dict[str, tuple[int, ...]]) -> list[dict[str, int]]:
    return [dict(zip(spec, values)) for values in itertools.product(*spec.values())]


def folds(items: list[Any], k: int) -> list[list[Any]]:
    return [items[i::k] for i in range(k)]


def _objective(r: dict[str, Any]) -> float:
    p, rec = r["heading_precision"] or 0.0, r["heading_recall"] or 0.0
    f = 2 * p * rec / (p + rec) if p + rec else 0.0
    return f + (r["glued_heading_recall"] or 0.0) - (r["sentences_with_heading"] + r["sentences_with_boilerplate"]) / 100


def _strip_toc(src: Path, rows: list[dict[str, Any]], dst: Path) -> list[dict[str, Any]]:
    """Copy the articles without their table of contents; the truth says toc: false."""
    (dst / "articles").mkdir(parents=True)
    for row in rows:
        lines = (src / row["file"]).read_text(encoding="utf-8").split("\n")
        out, skipping = [], False
        for line in lines:
            if headings.TOC_HEADER.match(line.strip()):
                skipping = True
                continue
            if skipping and re.match(r"^[-*•]\s", line.strip()):
                continue
            skipping = False
            out.append(line)
        (dst / "articles" / row["file"]).write_text("\n".join(out), encoding="utf-8")
    return [dict(r, toc=False) for r in rows]


def cv_structure(path: Path, k: int, no_toc: bool) -> dict[str, Any]:
    rows, scorer, articles = structure.load(path)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="cv-structure-") as tmp:
        work = Path(tmp)
        if no_toc:
            rows = _strip_toc(articles, rows, work / "set")
            articles = work / "set" / "articles"
        configs = grid(STRUCTURE_GRID)
        dirs = []
        for n, cfg in enumerate(configs):
            d = work / f"c{n}"
            d.mkdir()
            with patched(headings, cfg):
                structure.write_outputs(articles, rows, d, settings=settings)
            dirs.append(d)
        pooled = work / "pooled"
        pooled.mkdir()
        chosen = []
        for test in folds(rows, k):
            train = [r for r in rows if r not in test]
            best = max(range(len(configs)), key=lambda c: _objective(structure.score(dirs[c], train, scorer)))
            chosen.append(configs[best])
            for r in test:
                f = dirs[best] / f"{Path(r['file']).stem}.json"
                if f.exists():
                    shutil.copy(f, pooled / f.name)
        held_out = structure.score(pooled, rows, scorer)
        default = configs.index({k2: getattr(headings, k2) for k2 in STRUCTURE_GRID})
        whole = structure.score(dirs[default], rows, scorer)
    drop = ("per_file",)
    return {
        "folds": k,
        "no_toc": no_toc,
        "chosen": chosen,
        "whole_set_shipped_settings": {k2: v for k2, v in whole.items() if k2 not in drop},
        "cross_validated": {k2: v for k2, v in held_out.items() if k2 not in drop},
    }


def cv_extraction(path: Path, k: int) -> dict[str, Any]:
    from pipeline.io import read_bytes
    from pipeline.normalise import normalise

    base, rows = extraction._read_gold(path)
    raws, baseline = [], []
    for row in rows:
        data = (base / row["html"]).read_bytes()
        try:
            raws.append(read_bytes(data, source=row["html"], format="html")[0])
        except Exception:  # noqa: BLE001 - a page trafilatura cannot read scores as empty
            raws.append(None)
        baseline.append(extraction.page_scores(extraction._baseline(data.decode("utf-8", errors="replace")), row["articleBody"]))
    configs = grid(EXTRACTION_GRID)
    scores: list[list[tuple[float, float, float]]] = []
    for cfg in configs:
        with patched(boilerplate, cfg):
            per = []
            for raw, row in zip(raws, rows):
                try:
                    body = "\n".join(extraction.body_blocks(normalise(raw))) if raw is not None else ""
                except Exception:  # noqa: BLE001 - E114: nothing left
                    body = ""
                per.append(extraction.page_scores(body, row["articleBody"]))
            scores.append(per)
    idx = list(range(len(rows)))
    held: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * len(rows)
    chosen = []
    fold_rows = []
    for test in folds(idx, k):
        train = [i for i in idx if i not in test]
        best = max(range(len(configs)), key=lambda c: extraction._prf([scores[c][i] for i in train])[2])
        chosen.append(configs[best])
        for i in test:
            held[i] = scores[best][i]
        p, r, f = extraction._prf([scores[best][i] for i in test])
        bp, br, bf = extraction._prf([baseline[i] for i in test])
        fold_rows.append(
            {"pages": len(test), "f1": round(f, 4), "recall": round(r, 4), "baseline_f1": round(bf, 4), "baseline_recall": round(br, 4)}
        )
    default = configs.index({k2: getattr(boilerplate, k2) for k2 in EXTRACTION_GRID})
    p, r, f = extraction._prf(held)
    wp, wr, wf = extraction._prf(scores[default])
    bp, br, bf = extraction._prf(baseline)
    return {
        "folds": k,
        "chosen": chosen,
        "per_fold": fold_rows,
        "whole_set_shipped_settings": {"precision": wp, "recall": wr, "f1": wf},
        "cross_validated": {"precision": p, "recall": r, "f1": f},
        "baseline": {"precision": bp, "recall": br, "f1": bf},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("task", choices=("structure", "extraction"))
    ap.add_argument("path", type=Path)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--no-toc", action="store_true", help="structure: remove the tables of contents first")
    args = ap.parse_args(argv)
    result = cv_structure(args.path, args.folds, args.no_toc) if args.task == "structure" else cv_extraction(args.path, args.folds)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
