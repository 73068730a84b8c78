"""The ``hedges`` task: hedge flags against sentences with gold uncertainty cues.

Data: a TSV with a header and the columns ``sentence_id``, ``doc_id``, ``part``,
``sentence``, ``label`` (``certain``/``uncertain``) and ``cues`` (a JSON list of
``{"start", "end", "text", "type"}`` character spans into ``sentence``) — the format
of ``../shared/data/hedges/`` (Szeged Uncertainty Corpus, WikiWeasel part). Only
``part = text`` rows are scored (titles are bare article names); a file without a
``part`` column is scored whole.

Each sentence is parsed as its own Doc (``nlp.pipe``) and flagged as one sentence.

- Sentence level: a sentence is predicted *uncertain* when it has at least one
  ``hedge`` flag (quoted or not); precision, recall and F1 of the uncertain class.
- Cue level: a predicted hedge span matches a gold cue span when the two
  **overlap** by at least one character (one-to-one, greedy in text order: each gold
  span is matched at most once). Precision = matched predictions / predictions,
  recall = matched gold spans / gold spans, ``cue_f1`` their harmonic mean.
  ``cue_f1_exact`` counts only identical spans.

Other categories are not scored here: this corpus does not label weasels,
boosters or opinion (see its README).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import prf, read_tsv

__all__ = ["evaluate", "render", "read_hedges"]


def read_hedges(path: Path, *, part: str | None = "text") -> list[tuple[str, str, bool, list[tuple[int, int]]]]:
    """(sentence_id, sentence, uncertain, gold cue spans) rows; ``part=None`` keeps every row."""
    rows = read_tsv(path)
    header = rows[0]
    missing = [c for c in ("sentence_id", "sentence", "label", "cues") if c not in header]
    if missing:
        raise PipelineError("E302", str(path), detail=f"missing column(s) {', '.join(missing)}")
    idx = {name: i for i, name in enumerate(header)}
    out = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) < len(header):
            raise PipelineError("E302", str(path), detail=f"line {n}: expected {len(header)} fields, got {len(r)}")
        if part is not None and "part" in idx and r[idx["part"]] != part:
            continue
        try:
            cues = json.loads(r[idx["cues"]] or "[]")
            spans = [(int(c["start"]), int(c["end"])) for c in cues]
        except (ValueError, KeyError, TypeError) as exc:
            raise PipelineError("E302", str(path), detail=f"line {n}: bad cues field: {exc}") from None
        label = r[idx["label"]].strip().lower()
        if label not in ("certain", "uncertain"):
            raise PipelineError("E302", str(path), detail=f"line {n}: label must be certain or uncertain, got {label!r}")
        out.append((r[idx["sentence_id"]], r[idx["sentence"]], label == "uncertain", spans))
    return out


def _match(pred: list[tuple[int, int]], gold: list[tuple[int, int]], *, exact: bool) -> int:
    used = [False] * len(gold)
    hits = 0
    for ps, pe in sorted(pred):
        for j, (gs, ge) in enumerate(gold):
            if used[j]:
                continue
            if (ps == gs and pe == ge) if exact else (ps < ge and gs < pe):
                used[j] = True
                hits += 1
                break
    return hits


def evaluate(
    path: Path, *, settings: Settings, batch_size: int = 64, limit: int | None = None, errors: int | None = None, **_: Any
) -> dict[str, Any]:
    """Score hedge flags against the gold labels and cue spans in ``path``."""
    from ..chain import pipeline_for

    rows = read_hedges(Path(path))
    if limit:
        rows = rows[:limit]
    flagged = pipeline_for(settings).flag_texts([r[1] for r in rows], batch_size=batch_size)
    tp = fp = fn = 0
    n_pred = n_gold = hit = hit_exact = 0
    fps, fns = [], []
    for (sid, text, gold, spans), sent in zip(rows, flagged):
        pred_spans = [(f.start, f.end) for f in sent.flags if f.category == "hedge"]
        pred = bool(pred_spans)
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        if pred and not gold:
            fps.append((sid, text, [text[s:e] for s, e in pred_spans]))
        elif gold and not pred:
            fns.append((sid, text, [text[s:e] for s, e in spans]))
        n_pred += len(pred_spans)
        n_gold += len(spans)
        hit += _match(pred_spans, spans, exact=False)
        hit_exact += _match(pred_spans, spans, exact=True)
    p, r, f = prf(tp, fp, fn)
    cp, cr, cf = prf(hit, n_pred - hit, n_gold - hit)
    _p, _r, cfe = prf(hit_exact, n_pred - hit_exact, n_gold - hit_exact)
    result: dict[str, Any] = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "cue_precision": round(cp, 4),
        "cue_recall": round(cr, 4),
        "cue_f1": round(cf, 4),
        "cue_f1_exact": round(cfe, 4),
        "n": len(rows),
        "uncertain": sum(1 for r_ in rows if r_[2]),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": len(rows) - tp - fp - fn},
        "cues": {"predicted": n_pred, "gold": n_gold, "matched": hit, "matched_exact": hit_exact},
    }
    if errors:
        result["false_positives"] = [{"id": a, "sentence": b, "cues": c} for a, b, c in fps[:errors]]
        result["false_negatives"] = [{"id": a, "sentence": b, "cues": c} for a, b, c in fns[:errors]]
    return result


def render(result: dict[str, Any]) -> str:
    """A readable table of the figures."""
    c, k = result["confusion"], result["cues"]
    lines = [
        f"hedges: {result['n']} sentences ({result['uncertain']} uncertain)",
        "  sentence level (uncertain = at least one hedge flag)",
        f"    precision      {result['precision']:.4f}",
        f"    recall         {result['recall']:.4f}",
        f"    F1             {result['f1']:.4f}",
        f"    confusion      tp {c['tp']}  fp {c['fp']}  fn {c['fn']}  tn {c['tn']}",
        "  cue level (a predicted span matches a gold span it overlaps, one-to-one)",
        f"    precision      {result['cue_precision']:.4f}",
        f"    recall         {result['cue_recall']:.4f}",
        f"    F1             {result['cue_f1']:.4f}   (exact spans: {result['cue_f1_exact']:.4f})",
        f"    spans          predicted {k['predicted']}  gold {k['gold']}  matched {k['matched']}",
    ]
    for key, title in (
        ("false_positives", "false positives (certain, flagged)"),
        ("false_negatives", "false negatives (uncertain, not flagged; gold cues)"),
    ):
        if key in result:
            lines += ["", f"  {title}:"]
            for e in result[key]:
                lines.append(f"    {e['id']}  {e['sentence'][:160]}")
                lines.append(f"        cues: {', '.join(e['cues'])}")
    return "\n".join(lines)
