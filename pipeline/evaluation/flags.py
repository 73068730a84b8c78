"""The ``flags`` task: the sentence-level subjective decision against labelled sentences.

Data: a TSV with a header and the columns ``sentence_id``, ``sentence``, ``label``
(``SUBJ`` or ``OBJ``), no quoting — the format of ``../shared/data/subjectivity/``
(CheckThat! 2025 task 1). Each sentence is parsed as its own Doc (``nlp.pipe``) and
flagged as one sentence; ``subjective`` is compared with the label.

Figures: accuracy, precision/recall/F1 of SUBJ, macro-F1 over both classes (the
task's ranking metric) and the confusion matrix. ``errors=N`` adds the N worst
false positives and false negatives (highest / lowest score) with their cues.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import prf, safe_div

__all__ = ["evaluate", "render", "read_labelled", "unescape_field"]


def unescape_field(text: str) -> str:
    """Undo CSV quoting left in a field (outer double quotes, inner ones doubled).

    The released files are read with quoting off, but some rows (17 in train, 10 in
    dev, 39 in dev_test) still carry a CSV-escaped sentence: wrapped in double
    quotes with inner quotes doubled. Left as is, the whole sentence would look like
    a direct quote.
    """
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"' and '""' in text:
        return text[1:-1].replace('""', '"')
    return text


def read_labelled(path: Path) -> list[tuple[str, str, str]]:
    """(sentence_id, sentence, label) rows; raises E302 when the columns are missing."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError("E302", str(path), detail=str(exc)) from None
    if not rows:
        raise PipelineError("E302", str(path), detail="empty file")
    header = rows[0]
    missing = [c for c in ("sentence_id", "sentence", "label") if c not in header]
    if missing:
        raise PipelineError("E302", str(path), detail=f"missing column(s) {', '.join(missing)}")
    idx = {name: i for i, name in enumerate(header)}
    out = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) < len(header):
            raise PipelineError("E302", str(path), detail=f"line {n}: expected {len(header)} fields, got {len(r)}")
        label = r[idx["label"]].strip().upper()
        if label not in ("SUBJ", "OBJ"):
            raise PipelineError("E302", str(path), detail=f"line {n}: label must be SUBJ or OBJ, got {label!r}")
        out.append((r[idx["sentence_id"]], unescape_field(r[idx["sentence"]]), label))
    return out


def _cues(sentence: Any) -> list[str]:
    return [f"{f.category}:{f.cue}{' (q)' if f.quoted else ''} {f.weight:+.2f}" for f in sentence.flags]


def evaluate(path: Path, *, settings: Settings, errors: int | None = None, batch_size: int = 64, **_: Any) -> dict[str, Any]:
    """Score ``subjective`` against the labels in ``path``; return the figures."""
    from ..chain import pipeline_for

    rows = read_labelled(Path(path))
    flagged = pipeline_for(settings).flag_texts([r[1] for r in rows], batch_size=batch_size)
    tp = fp = fn = tn = 0
    fps, fns = [], []
    for (sid, text, label), sent in zip(rows, flagged):
        gold = label == "SUBJ"
        if sent.subjective and gold:
            tp += 1
        elif sent.subjective:
            fp += 1
            fps.append((sent.score, sid, text, _cues(sent)))
        elif gold:
            fn += 1
            fns.append((sent.score, sid, text, _cues(sent)))
        else:
            tn += 1
    p, r, f = prf(tp, fp, fn)
    p_obj, r_obj, f_obj = prf(tn, fn, fp)
    n = len(rows)
    result: dict[str, Any] = {
        "accuracy": round(safe_div(tp + tn, n), 4),
        "precision_subj": round(p, 4),
        "recall_subj": round(r, 4),
        "f1_subj": round(f, 4),
        "f1_obj": round(f_obj, 4),
        "macro_f1": round((f + f_obj) / 2, 4),
        "n": n,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }
    if errors:
        fps.sort(key=lambda e: -e[0])
        fns.sort(key=lambda e: e[0])
        result["false_positives"] = [{"id": e[1], "score": e[0], "sentence": e[2], "cues": e[3]} for e in fps[:errors]]
        result["false_negatives"] = [{"id": e[1], "score": e[0], "sentence": e[2], "cues": e[3]} for e in fns[:errors]]
    return result


def render(result: dict[str, Any]) -> str:
    """A readable table of the figures (and the worst errors when present)."""
    c = result["confusion"]
    lines = [
        f"flags: subjective decision on {result['n']} sentences",
        f"  accuracy         {result['accuracy']:.4f}",
        f"  SUBJ precision   {result['precision_subj']:.4f}",
        f"  SUBJ recall      {result['recall_subj']:.4f}",
        f"  SUBJ F1          {result['f1_subj']:.4f}",
        f"  OBJ F1           {result['f1_obj']:.4f}",
        f"  macro-F1         {result['macro_f1']:.4f}",
        "",
        "  confusion        pred SUBJ  pred OBJ",
        f"  gold SUBJ        {c['tp']:>9}  {c['fn']:>8}",
        f"  gold OBJ         {c['fp']:>9}  {c['tn']:>8}",
    ]
    for key, title in (
        ("false_positives", "worst false positives (OBJ called SUBJ)"),
        ("false_negatives", "worst false negatives (SUBJ called OBJ)"),
    ):
        if key in result:
            lines += ["", f"  {title}:"]
            for e in result[key]:
                lines.append(f"  {e['score']:.3f} {e['id']}  {e['sentence']}")
                lines.append(f"        cues: {', '.join(e['cues']) or '(none)'}")
    return "\n".join(lines)
