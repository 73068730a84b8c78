"""The ``flags`` task: the sentence-level subjective decision against labelled sentences.

Data: a TSV with a header, no quoting, in one of three shapes (told apart by the header):

- ``subjectivity``: ``sentence_id``, ``sentence``, ``label`` (``SUBJ``/``OBJ``) — the
  format of ``../shared/data/subjectivity/`` (CheckThat! 2025 task 1);
- ``babe``: ``id``, ``label_opinion``, ``sentence`` (``../shared/data/babe/``): the
  opinion label, ``Entirely factual`` = OBJ, ``Expresses writer's opinion`` = SUBJ, the
  other rows (``Somewhat factual but also opinionated``, ``No agreement``) left out;
- ``mpqa``: ``sentence_id``, ``label``, ``cues``, ``sentence`` (``../shared/data/mpqa/``):
  the SUBJ/OBJ label, plus a cue-level score: the flags (not the sentence-level
  question/exclamation rules, not hedges) against the ``expressive-subjectivity`` spans
  of intensity medium or higher, a predicted span matching a gold span it overlaps
  (one-to-one, as in the hedges task).

Each sentence goes through the chain up to the flags as a one-sentence article
(``Pipeline.flag_texts``: quotes and attributions count); ``subjective`` is compared
with the label.

Figures: accuracy, precision/recall/F1 of SUBJ, macro-F1 over both classes (the
task's ranking metric) and the confusion matrix. ``errors=N`` adds the N worst
false positives and false negatives (highest / lowest score) with their cues.
``all_corpora=True`` (or a directory as the path: ``pipeline eval flags --all
../shared/data``) runs every corpus found under it (:mod:`.corpora`) into one table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import prf, read_tsv, safe_div

__all__ = ["evaluate", "render", "read_labelled", "read_corpus", "unescape_field", "OPINION_OBJ", "OPINION_SUBJ"]

#: BABE ``label_opinion`` values read as OBJ and SUBJ; the others are left out.
OPINION_OBJ = "Entirely factual"
OPINION_SUBJ = "Expresses writer\u2019s opinion"
#: MPQA intensities of an expressive-subjectivity span that the cue-level score counts.
COUNTING_INTENSITIES = frozenset({"medium", "high", "extreme"})


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


def read_corpus(path: Path) -> tuple[str, list[tuple[str, str, str]], list[list[tuple[int, int]]] | None]:
    """``(shape, rows, gold cue spans)`` of a labelled file: ``shape`` is ``subjectivity``,
    ``babe`` or ``mpqa`` (see the module docstring); ``rows`` are (id, sentence, label) with
    label ``SUBJ``/``OBJ``; the spans (MPQA only, else None) are the counting
    expressive-subjectivity spans of each row. Raises E302 for a file of no known shape."""
    rows = read_tsv(path)
    header = rows[0]
    idx = {name: i for i, name in enumerate(header)}
    if "label_opinion" in idx and "sentence" in idx:
        out = []
        for n, r in enumerate(rows[1:], start=2):
            if len(r) < len(header):
                raise PipelineError("E302", str(path), detail=f"line {n}: expected {len(header)} fields, got {len(r)}")
            opinion = r[idx["label_opinion"]].replace("'", "\u2019")
            label = "OBJ" if opinion == OPINION_OBJ else "SUBJ" if opinion == OPINION_SUBJ else None
            if label:
                out.append((r[idx.get("id", 0)], r[idx["sentence"]], label))
        return "babe", out, None
    if "cues" in idx and "label" in idx and "sentence" in idx and "sentence_id" in idx and "start" in idx:
        import json

        out, spans = [], []
        for n, r in enumerate(rows[1:], start=2):
            if len(r) < len(header):
                raise PipelineError("E302", str(path), detail=f"line {n}: expected {len(header)} fields, got {len(r)}")
            try:
                cues = json.loads(r[idx["cues"]] or "[]")
                gold = [(int(c[0]), int(c[1])) for c in cues if c[2] == "expressive-subjectivity" and c[3] in COUNTING_INTENSITIES]
            except (ValueError, IndexError, TypeError) as exc:
                raise PipelineError("E302", str(path), detail=f"line {n}: bad cues field: {exc}") from None
            out.append((r[idx["sentence_id"]], r[idx["sentence"]], r[idx["label"]].strip().upper()))
            spans.append(gold)
        return "mpqa", out, spans
    return "subjectivity", read_labelled(path, rows=rows), None


def read_labelled(path: Path, *, rows: list[list[str]] | None = None) -> list[tuple[str, str, str]]:
    """(sentence_id, sentence, label) rows; raises E302 when the columns are missing."""
    rows = rows if rows is not None else read_tsv(path)
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


#: Sentence-level rules whose span is the whole sentence: not a cue a reader can point at.
_SENTENCE_RULES = frozenset({"rule:question", "rule:exclamation"})


def _cue_scores(flagged: Any, spans: list[list[tuple[int, int]]]) -> dict[str, Any]:
    from .hedges import _match

    n_pred = n_gold = hit = 0
    for sent, gold in zip(flagged, spans):
        pred = [(f.start, f.end) for f in sent.flags if f.category != "hedge" and f.rule not in _SENTENCE_RULES]
        n_pred += len(pred)
        n_gold += len(gold)
        hit += _match(pred, gold, exact=False)
    p, r, f = prf(hit, n_pred - hit, n_gold - hit)
    return {
        "cue_precision": round(p, 4),
        "cue_recall": round(r, 4),
        "cue_f1": round(f, 4),
        "cues": {"predicted": n_pred, "gold": n_gold, "matched": hit},
    }


def evaluate(
    path: Path,
    *,
    settings: Settings,
    errors: int | None = None,
    batch_size: int = 64,
    limit: int | None = None,
    all_corpora: bool = False,
    **_: Any,
) -> dict[str, Any]:
    """Score ``subjective`` against the labels in ``path``; return the figures.

    A directory (or ``all_corpora``) scores every corpus under it (:func:`.corpora.evaluate_all`)."""
    from ..chain import pipeline_for

    if all_corpora or Path(path).is_dir():
        from .corpora import evaluate_all

        return evaluate_all(Path(path), settings=settings, batch_size=batch_size, limit=limit)
    shape, rows, spans = read_corpus(Path(path))
    if limit:
        rows = rows[:limit]
        spans = spans[:limit] if spans is not None else None
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
        "format": shape,
        "subj_share": round(safe_div(tp + fn, n), 4),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }
    if spans is not None:
        result.update(_cue_scores(flagged, spans))
    if errors:
        fps.sort(key=lambda e: -e[0])
        fns.sort(key=lambda e: e[0])
        result["false_positives"] = [{"id": e[1], "score": e[0], "sentence": e[2], "cues": e[3]} for e in fps[:errors]]
        result["false_negatives"] = [{"id": e[1], "score": e[0], "sentence": e[2], "cues": e[3]} for e in fns[:errors]]
    return result


def render(result: dict[str, Any]) -> str:
    """A readable table of the figures (and the worst errors when present)."""
    if "corpora" in result:
        from .corpora import render_all

        return render_all(result)
    c = result["confusion"]
    lines = [
        f"flags: subjective decision on {result['n']} sentences ({result.get('format', 'subjectivity')} format)",
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
    if "cue_f1" in result:
        k = result["cues"]
        lines += [
            "",
            "  cue level (flags vs expressive-subjectivity spans, intensity medium or higher; overlap, one-to-one)",
            f"    precision      {result['cue_precision']:.4f}",
            f"    recall         {result['cue_recall']:.4f}",
            f"    F1             {result['cue_f1']:.4f}",
            f"    spans          predicted {k['predicted']}  gold {k['gold']}  matched {k['matched']}",
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
