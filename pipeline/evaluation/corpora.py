"""Every flag corpus in one table: ``pipeline eval flags --all ../shared/data``.

Runs the ``flags`` task on each subjectivity corpus found under the data folder and the
``hedges`` task on the hedge corpus, and adds the cross-validated figure of the shipped
weights on the data they were trained on (read from ``flag_weights.json``). The shipped
weights are trained on CheckThat! ``train`` + ``dev`` only, so every other row scores
sentences they never saw (the "trained on it" column says so): a change that raises one
row and lowers another is not an improvement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Settings

__all__ = ["CORPORA", "evaluate_all", "render_all"]

#: (name, task, path under the data folder, what the shipped weights learned from it).
CORPORA: tuple[tuple[str, str, str, str], ...] = (
    ("CheckThat! 2025 dev_test", "flags", "subjectivity/dev_test.tsv", "no"),
    ("BABE opinion (SG2)", "flags", "babe/sentences.tsv", "no"),
    ("MPQA 1.2 sentences", "flags", "mpqa/sentences.tsv", "no"),
    ("WikiWeasel hedges", "hedges", "hedges/dev.tsv", "no"),
)


def _cv_row() -> dict[str, Any] | None:
    from ..flags import load_weights

    training = load_weights().get("training") or {}
    if "cv_macro_f1" not in training:
        return None
    return {
        "corpus": "CheckThat! 2025 train+dev",
        "path": "subjectivity/{train,dev}.tsv",
        "trained": f"yes ({training.get('cv_folds', 5)}-fold CV)",
        "n": training.get("sentences"),
        "subj_share": round(training["subj"] / training["sentences"], 4) if training.get("sentences") else None,
        "macro_f1": training["cv_macro_f1"],
    }


def evaluate_all(data_dir: Path, *, settings: Settings, batch_size: int = 64, limit: int | None = None) -> dict[str, Any]:
    """One row per corpus present under ``data_dir`` (absent ones are listed as skipped)."""
    from . import run_task

    rows: list[dict[str, Any]] = []
    cv = _cv_row()
    if cv and (data_dir / "subjectivity").is_dir():
        rows.append(cv)
    skipped = []
    for name, task, rel, trained in CORPORA:
        path = data_dir / rel
        if not path.is_file():
            skipped.append(rel)
            continue
        r = run_task(task, path, settings=settings, batch_size=batch_size, limit=limit)
        row: dict[str, Any] = {"corpus": name, "path": rel, "trained": trained, "n": r["n"]}
        if task == "flags":
            row.update({k: r[k] for k in ("subj_share", "macro_f1", "precision_subj", "recall_subj", "f1_subj")})
            if "cue_f1" in r:
                row["cue"] = {k: r[k] for k in ("cue_precision", "cue_recall", "cue_f1")}
        else:
            row.update({"subj_share": round(r["uncertain"] / r["n"], 4) if r["n"] else 0.0})
            row.update({"precision_subj": r["precision"], "recall_subj": r["recall"], "f1_subj": r["f1"]})
            row["cue"] = {"cue_precision": r["cue_precision"], "cue_recall": r["cue_recall"], "cue_f1": r["cue_f1"]}
        rows.append(row)
    return {"corpora": rows, "skipped": skipped}


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def render_all(result: dict[str, Any]) -> str:
    """The table: one line per corpus (and per cue-level score)."""
    head = f"{'corpus':<28} {'sentences':>9} {'SUBJ %':>7} {'macro-F1':>8} {'P':>7} {'R':>7} {'F1':>7}  trained on it"
    lines = [head, "-" * len(head)]
    for r in result["corpora"]:
        share = f"{100 * r['subj_share']:.1f}" if r.get("subj_share") is not None else "-"
        lines.append(
            f"{r['corpus']:<28} {_fmt(r.get('n')):>9} {share:>7} {_fmt(r.get('macro_f1')):>8} "
            f"{_fmt(r.get('precision_subj')):>7} {_fmt(r.get('recall_subj')):>7} {_fmt(r.get('f1_subj')):>7}  {r['trained']}"
        )
        if "cue" in r:
            c = r["cue"]
            name = "  cues (" + ("hedge spans" if "hedges" in r["path"] else "expressive, >= medium") + ")"
            lines.append(
                f"{name:<28} {'':>9} {'':>7} {'':>8} {_fmt(c['cue_precision']):>7} {_fmt(c['cue_recall']):>7} {_fmt(c['cue_f1']):>7}"
            )
    lines += [
        "",
        "P/R/F1: the SUBJ class (hedges: the uncertain class); cue rows: predicted spans against gold spans.",
        "BABE: label_opinion, 'Entirely factual' = OBJ, 'Expresses writer's opinion' = SUBJ, the rest left out.",
    ]
    if result.get("skipped"):
        lines.append("skipped (absent): " + ", ".join(result["skipped"]))
    return "\n".join(lines)
