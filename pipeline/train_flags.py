"""Train the sentence decision rule of the flag stage: ``python -m pipeline.train_flags``.

Reads the CheckThat! 2025 task 1 English subjectivity data (``train.tsv`` and
``dev.tsv`` only; ``dev_test.tsv`` is kept for reporting), flags every sentence
with the current lexicons and rules, counts each sentence's flags by *feature*
(lexicon or rule family, ``<category>~quoted``, ``<category>~reported``) and fits
an L2-regularised logistic regression over those counts with numpy.

The regularisation strength is chosen by 5-fold cross-validation on train+dev
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

from .config import FlagSettings
from .flags import WEIGHTS_FILE, _pipe_features, load_flagger

LICENCE = "CC BY-NC-SA 4.0"
#: A feature seen fewer times than this gets no weight of its own (its category's is used).
MIN_COUNT = 10
DATASET = "CheckThat! Lab 2025 task 1 (subjectivity in news articles), English, train + dev splits; Antici et al. LREC-COLING 2024"


def read_tsv(path: Path) -> list[tuple[str, str, str]]:
    """(sentence_id, sentence, label) rows of a subjectivity TSV (the eval task's reader)."""
    from .evaluation.flags import read_labelled

    return read_labelled(path)


def _fit(X: Any, y: Any, w: Any, l2: float, iters: int = 50) -> Any:
    """Weighted L2 logistic regression by Newton's method; the bias (column 0) is not penalised."""
    import numpy as np

    n, d = X.shape
    beta = np.zeros(d)
    reg = np.full(d, l2)
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


def train(rows: Sequence[tuple[str, str, str]], *, nlp: Any, folds: int = 5, seed: int = 13) -> dict[str, Any]:
    """Fit the weights on ``rows``; return the JSON-ready model."""
    flagger = load_flagger(FlagSettings(), nlp)
    counts = [Counter(feat for _f, feat in flags) for _sent, flags in _pipe_features([r[1] for r in rows], nlp=nlp, flagger=flagger)]
    return fit_counts(counts, [r[2] == "SUBJ" for r in rows], folds=folds, seed=seed)


def fit_counts(
    counts: Sequence[Counter[str]], labels: Sequence[bool], *, folds: int = 5, seed: int = 13, min_count: int = MIN_COUNT
) -> dict[str, Any]:
    """Fit the weights on per-sentence feature counts and SUBJ labels."""
    import numpy as np

    y = np.array([1.0 if lab else 0.0 for lab in labels])
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    features = sorted(f for f, n in total.items() if n >= min_count)
    col = {f: i + 1 for i, f in enumerate(features)}
    X = np.zeros((len(counts), len(features) + 1))
    X[:, 0] = 1.0
    for i, c in enumerate(counts):
        for f, n in c.items():
            if f in col:
                X[i, col[f]] = n
    pos = y.sum()
    w = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * (len(y) - pos)))

    rng = np.random.default_rng(seed)
    fold_of = np.zeros(len(y), dtype=int)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        fold_of[idx] = np.arange(len(idx)) % folds
    # Classes are weighted to count the same, so 0.5 is the prior-neutral cut; it is not
    # tuned, because the SUBJ share differs between splits (a tuned cut follows the prior).
    thresholds = [0.5]
    best: tuple[float, float, float] | None = None
    grid: dict[str, float] = {}
    for l2 in (0.1, 0.3, 1.0, 3.0, 10.0):
        probs = np.zeros(len(y))
        for k in range(folds):
            tr, te = fold_of != k, fold_of == k
            beta = _fit(X[tr], y[tr], w[tr], l2)
            probs[te] = 1 / (1 + np.exp(-(X[te] @ beta)))
        for t in thresholds:
            f1 = _macro_f1(list(y.astype(int)), list((probs >= t).astype(int)))
            grid[f"l2={l2},t={t}"] = round(f1, 4)
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, l2, t)
    assert best is not None
    cv_f1, l2, threshold = best
    beta = _fit(X, y, w, l2)
    bias = float(beta[0]) - math.log(threshold / (1 - threshold))
    weights = {f: round(float(beta[col[f]]), 4) for f in features}
    return {
        "licence": LICENCE,
        "dataset": DATASET,
        "note": (
            "Learned from the data set named above; these weights are a derivative of it and "
            "are shared under the same licence (CC BY-NC-SA 4.0: attribution, non-commercial, share-alike)."
        ),
        "command": "python -m pipeline.train_flags --data ../shared/data/subjectivity",
        "rule": "score = 1 / (1 + exp(-(bias + sum of the weights of the sentence's flags))); subjective = score >= 0.5",
        "bias": round(bias, 4),
        "weights": weights,
        "training": {
            "sentences": int(len(y)),
            "subj": int(pos),
            "class_weighting": "balanced",
            "l2": l2,
            "cv_folds": folds,
            "cv_macro_f1": round(cv_f1, 4),
            "threshold_folded_into_bias": threshold,
            "feature_counts": {f: int(total[f]) for f in features},
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.train_flags", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/subjectivity", help="folder with train.tsv and dev.tsv")
    parser.add_argument("--out", default=str(WEIGHTS_FILE), help="where to write the weights JSON")
    parser.add_argument("--model", default=None, help="spaCy pipeline to use (default: the project's default)")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="FILE",
        help="more labelled sentences in the same TSV format, e.g. reviewers' decisions from `pipeline review --export` (repeatable)",
    )
    args = parser.parse_args(argv)
    from .nlp import load_model

    data = Path(args.data)
    rows = read_tsv(data / "train.tsv") + read_tsv(data / "dev.tsv")
    extra = [(str(p), read_tsv(Path(p))) for p in args.extra]
    for _, more in extra:
        rows += more
    model = train(rows, nlp=load_model(args.model))
    if extra:
        model["training"]["extra"] = {name: len(more) for name, more in extra}
        model["command"] += "".join(f" --extra {name}" for name, _ in extra)
    Path(args.out).write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    t = model["training"]
    print(
        f"wrote {args.out}: {len(model['weights'])} weights, cv macro-F1 {t['cv_macro_f1']:.4f} (l2={t['l2']}, threshold={t['threshold_folded_into_bias']})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
