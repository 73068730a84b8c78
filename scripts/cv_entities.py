"""Entity F1 of the project and of raw spaCy on folds of whole documents (CoNLL-2003).

The documents of the file are dealt into ``--folds`` folds in file order (document i
goes to fold i mod k); each fold's counts are pooled and scored, for the project's
entity stage and for spaCy's raw entities, as ``pipeline eval entities`` scores the
whole file. A fold where the project is below raw spaCy is flagged::

    python scripts/cv_entities.py ../shared/data/entities/eng.testb.conll
    python scripts/cv_entities.py ../shared/data/entities/eng.testb.conll --folds 10

The data is read at run time, never copied.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.config import Settings
from pipeline.evaluation.entities import evaluate
from pipeline.evaluation.metrics import prf


def pooled(rows: list[dict[str, list[int]]], name: str) -> tuple[float, float, float]:
    tp = sum(r[name][0] for r in rows)
    fp = sum(r[name][1] for r in rows)
    fn = sum(r[name][2] for r in rows)
    return prf(tp, fp, fn)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--show", type=int, help="print, for this fold, the spans only the project or only spaCy found")
    args = ap.parse_args(argv)
    result = evaluate(args.path, settings=Settings(), per_document=True)
    docs = result["per_document"]
    print(f"{len(docs)} documents, {args.folds} folds (document i in fold i mod {args.folds})")
    print("| fold | documents | project P | project R | project F1 | spaCy F1 | difference |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    below = 0
    for k in range(args.folds):
        rows = docs[k :: args.folds]
        p, r, f = pooled(rows, "project")
        bf = pooled(rows, "baseline")[2]
        below += f <= bf
        flag = "" if f > bf else " (below)"
        print(f"| {k} | {len(rows)} | {p:.3f} | {r:.3f} | {f:.3f} | {bf:.3f} | {f - bf:+.3f}{flag} |")
    p, r, f = pooled(docs, "project")
    bf = pooled(docs, "baseline")[2]
    print(f"| all | {len(docs)} | {p:.3f} | {r:.3f} | {f:.3f} | {bf:.3f} | {f - bf:+.3f} |")
    if args.show is not None:
        for i in range(args.show, len(docs), args.folds):
            d = docs[i]
            print(f"document {i}: project {d['project']}, spaCy {d['baseline']} (tp, fp, fn)")
            for side in ("only_project", "only_baseline"):
                for text, kind, right in d[side]:
                    print(f"  {side:<13} {'right' if right else 'wrong':<5} {kind:<4} {text}")
    per_doc_below = sum(pooled([d], "project")[2] < pooled([d], "baseline")[2] for d in docs)
    print(f"folds at or below spaCy: {below}; single documents below spaCy: {per_doc_below} of {len(docs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
