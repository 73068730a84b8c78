"""Train the sentence decision rule of the flag stage: ``python -m pipeline.train_flags``.

Reads the CheckThat! 2025 task 1 English subjectivity data (``train.tsv`` and
``dev.tsv`` only; ``dev_test.tsv`` is kept for reporting), runs every sentence through
the chain up to the flags (entities, dates, facts, flags: quotes and attributions count,
as in ``pipeline run``), counts each sentence's flags by *feature*
(:func:`pipeline.flags.feature_of`: lexicon, rule family or ``<category>~<context>``)
and by *entry* (``Flag.rule``), and fits an L2-regularised logistic regression over
those counts with numpy.

Evidence per cue, shrunk toward its feature: a flag adds 1 to its feature's column and
1 to its entry's column, so its weight is ``w[feature] + d[entry]``. The entry
deviations ``d`` carry a stronger L2 penalty than the feature weights: an entry seen a
few times keeps (almost) its feature's weight, one seen often in one direction moves
away from it. Entries seen fewer than :data:`MIN_ENTRY_COUNT` times get no column.

Both regularisation strengths are chosen by 5-fold cross-validation on train+dev
(folds stratified by label), maximising macro-F1. Classes are weighted so that both
weigh the same, and the cut is the prior-neutral 0.5, not tuned: the SUBJ share
differs between the splits (36% / 52% / 25%), and a tuned cut follows the prior of
the data it was tuned on. The shipped rule is ``score = sigmoid(bias + sum of flag
weights) >= 0.5``.

``--extra FILE`` adds labelled sentences in the same format, such as the
reviewers' decisions written by ``pipeline review --export FILE``.

Writes ``pipeline/lexicons/flag_weights.json`` (the data set's licence, CC BY-NC-SA
4.0, is named in the file). Needs numpy (training only; scoring is plain Python).

Example::

    python -m pipeline.train_flags --data ../shared/data/subjectivity
    python -m pipeline.train_flags --data ../shared/data/subjectivity --cv-only   # the CV figure, nothing written
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .flags import WEIGHTS_FILE, feature_of
from .flags.score import SPARSE_CONTEXTS  # contexts that always get a weight (shrunk toward 0)

LICENCE = "CC BY-NC-SA 4.0"
#: A feature seen fewer times than this gets no weight of its own (its category's is used).
MIN_COUNT = 10
#: An entry seen fewer times than this gets no deviation of its own (its feature's weight is used).
MIN_ENTRY_COUNT = 3
#: The grids searched by cross-validation: L2 on the feature weights, and on the entry deviations.
L2_GRID = (0.3, 1.0, 3.0, 10.0)
ENTRY_L2_GRID = (3.0, 10.0, 30.0, 1e6)
DATASET = "CheckThat! Lab 2025 task 1 (subjectivity in news articles), English, train + dev splits; Antici et al. LREC-COLING 2024"


def read_tsv(path: Path) -> list[tuple[str, str, str]]:
    """(sentence_id, sentence, label) rows of a subjectivity TSV (the eval task's reader)."""
    from .evaluation.flags import read_labelled

    return read_labelled(path)


def _fit(X: Any, y: Any, w: Any, l2: float | Any, iters: int = 50) -> Any:
    """Weighted L2 logistic regression by Newton's method; the bias (column 0) is not penalised.
    ``l2`` is one strength or one per column."""
    import numpy as np

    n, d = X.shape
    beta = np.zeros(d)
    reg = np.broadcast_to(np.asarray(l2, dtype=float), (d,)).copy()
    reg[0] = 0.0
    for _ in range(iters):
        z = X @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        g = X.T @ (w * (p - y)) + reg * beta
        h = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(reg) + 1e-9 * np.eye(d)
        step = np.linalg.solve(h, g)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta


def _macro_f1(y: Sequence[int], pred: Sequence[int]) -> float:
    f = []
    for cls in (1, 0):
        tp = sum(1 for a, b in zip(y, pred) if a == cls and b == cls)
        fp = sum(1 for a, b in zip(y, pred) if a != cls and b == cls)
        fn = sum(1 for a, b in zip(y, pred) if a == cls and b != cls)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f) / 2


def sentence_counts(texts: Sequence[str], *, settings: Any = None) -> list[tuple[Counter[str], Counter[str]]]:
    """Per text: its flags counted by feature and by entry, through the chain up to the flags."""
    from .chain import pipeline_for
    from .config import Settings

    out = []
    for sent in pipeline_for(settings or Settings()).flag_texts(list(texts)):
        out.append((Counter(feature_of(f) for f in sent.flags), Counter(f.rule for f in sent.flags)))
    return out


def train(rows: Sequence[tuple[str, str, str]], *, settings: Any = None, folds: int = 5, seed: int = 13) -> dict[str, Any]:
    """Fit the weights on ``rows``; return the JSON-ready model."""
    counts = sentence_counts([r[1] for r in rows], settings=settings)
    return fit_counts([c[0] for c in counts], [r[2] == "SUBJ" for r in rows], folds=folds, seed=seed, entry_counts=[c[1] for c in counts])


def _design(counts: Sequence[Counter[str]], entry_counts: Sequence[Counter[str]], features: Sequence[str], entries: Sequence[str]) -> Any:
    import numpy as np

    col = {f: i + 1 for i, f in enumerate(features)}
    col.update({f"entry:{e}": i + 1 + len(features) for i, e in enumerate(entries)})
    X = np.zeros((len(counts), len(features) + len(entries) + 1))
    X[:, 0] = 1.0
    for i, (c, ec) in enumerate(zip(counts, entry_counts)):
        for f, n in c.items():
            if f in col:
                X[i, col[f]] = n
        for e, n in ec.items():
            if f"entry:{e}" in col:
                X[i, col[f"entry:{e}"]] = n
    return X


def fit_counts(
    counts: Sequence[Counter[str]],
    labels: Sequence[bool],
    *,
    folds: int = 5,
    seed: int = 13,
    min_count: int = MIN_COUNT,
    entry_counts: Sequence[Counter[str]] | None = None,
    l2_grid: Sequence[float] = L2_GRID,
    entry_l2_grid: Sequence[float] = ENTRY_L2_GRID,
) -> dict[str, Any]:
    """Fit the weights on per-sentence feature counts (and entry counts) and SUBJ labels."""
    import numpy as np

    entry_counts = entry_counts if entry_counts is not None else [Counter() for _ in counts]
    y = np.array([1.0 if lab else 0.0 for lab in labels])
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    entry_total: Counter[str] = Counter()
    for c in entry_counts:
        entry_total.update(c)
    features = sorted(f for f, n in total.items() if n >= min_count or f.partition("~")[2] in SPARSE_CONTEXTS)
    entries = sorted(e for e, n in entry_total.items() if n >= MIN_ENTRY_COUNT)
    if not any(entry_total.values()):
        entry_l2_grid = (entry_l2_grid[-1],)
    X = _design(counts, entry_counts, features, entries)
    pos = y.sum()
    w = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * (len(y) - pos)))

    rng = np.random.default_rng(seed)
    fold_of = np.zeros(len(y), dtype=int)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        fold_of[idx] = np.arange(len(idx)) % folds

    def penalty(l2: float, entry_l2: float) -> Any:
        return np.concatenate([[0.0], np.full(len(features), l2), np.full(len(entries), entry_l2)])

    # Classes are weighted to count the same, so 0.5 is the prior-neutral cut; it is not
    # tuned, because the SUBJ share differs between splits (a tuned cut follows the prior).
    threshold = 0.5
    best: tuple[float, float, float] | None = None
    grid: dict[str, float] = {}
    for l2 in l2_grid:
        for entry_l2 in entry_l2_grid:
            probs = np.zeros(len(y))
            for k in range(folds):
                tr, te = fold_of != k, fold_of == k
                beta = _fit(X[tr], y[tr], w[tr], penalty(l2, entry_l2))
                probs[te] = 1 / (1 + np.exp(-(X[te] @ beta)))
            f1 = _macro_f1(list(y.astype(int)), list((probs >= threshold).astype(int)))
            grid[f"l2={l2},entry_l2={entry_l2:g}"] = round(f1, 4)
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, l2, entry_l2)
    assert best is not None
    cv_f1, l2, entry_l2 = best
    beta = _fit(X, y, w, penalty(l2, entry_l2))
    bias = float(beta[0]) - math.log(threshold / (1 - threshold))
    weights = {f: round(float(beta[1 + i]), 4) for i, f in enumerate(features)}
    deviations = {e: round(float(beta[1 + len(features) + i]), 4) for i, e in enumerate(entries)}
    return {
        "licence": LICENCE,
        "dataset": DATASET,
        "note": (
            "Learned from the data set named above; these weights are a derivative of it and "
            "are shared under the same licence (CC BY-NC-SA 4.0: attribution, non-commercial, share-alike)."
        ),
        "command": "python -m pipeline.train_flags --data ../shared/data/subjectivity",
        "rule": (
            "score = 1 / (1 + exp(-(bias + sum of the weights of the sentence's flags))); subjective = score >= 0.5; "
            "a flag's weight = weights[its feature] + entries[its rule] (0 when absent)"
        ),
        "bias": round(bias, 4),
        "weights": weights,
        "entries": {e: d for e, d in deviations.items() if d != 0.0},
        "training": {
            "sentences": int(len(y)),
            "subj": int(pos),
            "class_weighting": "balanced",
            "l2": l2,
            "entry_l2": entry_l2,
            "cv_folds": folds,
            "cv_macro_f1": round(cv_f1, 4),
            "cv_grid": grid,
            "threshold_folded_into_bias": threshold,
            "feature_counts": {f: int(total[f]) for f in features},
            "entry_counts": {e: int(entry_total[e]) for e in entries},
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.train_flags", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/subjectivity", help="folder with train.tsv and dev.tsv")
    parser.add_argument("--out", default=str(WEIGHTS_FILE), help="where to write the weights JSON")
    parser.add_argument(
        "--cv-only",
        action="store_true",
        help="print the cross-validated macro-F1 (and the grid) without writing the weights file",
    )
    parser.add_argument("--model", default=None, help="spaCy pipeline to use (default: the project's default)")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="FILE",
        help="more labelled sentences in the same TSV format, e.g. reviewers' decisions from `pipeline review --export` (repeatable)",
    )
    args = parser.parse_args(argv)
    from dataclasses import replace

    from .config import Settings

    data = Path(args.data)
    rows = read_tsv(data / "train.tsv") + read_tsv(data / "dev.tsv")
    extra = [(str(p), read_tsv(Path(p))) for p in args.extra]
    for _, more in extra:
        rows += more
    settings = Settings() if args.model is None else replace(Settings(), model=args.model)
    model = train(rows, settings=settings)
    if extra:
        model["training"]["extra"] = {name: len(more) for name, more in extra}
        model["command"] += "".join(f" --extra {name}" for name, _ in extra)
    t = model["training"]
    if args.cv_only:
        for cell, f1 in t["cv_grid"].items():
            print(f"  {cell:<28} {f1:.4f}", file=sys.stderr)
        print(f"cv macro-F1 {t['cv_macro_f1']:.4f} ({t['cv_folds']}-fold by sentence, train+dev; nothing written)", file=sys.stderr)
        return 0
    Path(args.out).write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(model['weights'])} weights, cv macro-F1 {t['cv_macro_f1']:.4f} (l2={t['l2']}, entry_l2={t['entry_l2']:g}, {len(model['entries'])} entry deviations)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
