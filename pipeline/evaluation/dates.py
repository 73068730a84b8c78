"""``pipeline eval dates DIR``: temporal expressions against TimeML gold (TempEval-3 style).

Reads every ``.tml`` file under DIR (recursively): the text inside ``<TEXT>``,
its ``TIMEX3`` tags (the gold) and the document creation time (``<DCT>``),
which is the reference date for relative expressions. The project's date stage
(:func:`pipeline.dates.extract_dates`, spaCy DATE/TIME entities plus rules)
runs on the plain text of each document (one ``nlp.pipe`` pass) and is scored:

- relaxed / strict extraction P, R, F1: a system expression matches a gold one
  when the character spans overlap (relaxed) or are equal (strict);
- value accuracy: among relaxed matches, the share whose TimeML value
  (:func:`pipeline.dates.timeml_value` rendering) equals the gold ``value``
  (upper-cased); value P = correct / system, R = correct / gold, value F1 their
  harmonic mean.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import prf, safe_div

__all__ = ["evaluate", "render", "read_tml", "score_document", "figures", "system_values", "COUNTS"]


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class TmlDoc:
    path: str
    text: str
    dct: _dt.date | None
    timexes: tuple[Timex, ...]


def _walk(elem: ET.Element, parts: list[str], pos: list[int], out: list[Timex]) -> None:
    if elem.text:
        parts.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        start = pos[0]
        _walk(child, parts, pos, out)
        if child.tag == "TIMEX3":
            text = "".join(parts)[start : pos[0]]
            out.append(Timex(start, pos[0], child.get("type", ""), (child.get("value") or "").upper(), text))
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)


def _date_of(value: str | None) -> _dt.date | None:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value or "")
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_tml(path: Path) -> TmlDoc:
    """One TimeML file: plain text of ``<TEXT>``, gold TIMEX3 spans, DCT date."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise PipelineError("E302", str(path), detail=str(exc)) from None
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = _date_of(t.get("value"))
            break
    text_elem = root.find("TEXT")
    if text_elem is None:
        raise PipelineError("E302", str(path), detail="no <TEXT> element")
    parts: list[str] = []
    out: list[Timex] = []
    _walk(text_elem, parts, [0], out)
    return TmlDoc(str(path), "".join(parts), dct, tuple(sorted(out, key=lambda x: x.start)))


COUNTS: tuple[str, ...] = ("system", "gold", "relaxed_system", "relaxed_gold", "strict", "correct", "matched")


def score_document(tml: TmlDoc, system: list[Any]) -> tuple[dict[str, int], dict[str, list[int]], list[tuple[str, str, str]]]:
    """Counts (:data:`COUNTS`), gold recall by type and mistakes of one document.

    ``system`` is what :func:`pipeline.dates.extract.extract_date_values` gives:
    (mention, value) pairs. Mistakes are ``[text, system value, gold value]``
    (gold ``<FP>`` for expressions that match no gold).
    """
    gold = tml.timexes
    c = dict.fromkeys(COUNTS, 0)
    c["system"], c["gold"] = len(system), len(gold)
    by_type: dict[str, list[int]] = {}
    mistakes: list[tuple[str, str, str]] = []
    gold_hit = [False] * len(gold)
    for mention, dv in system:
        overlaps = [i for i, g in enumerate(gold) if g.start < mention.end and mention.start < g.end]
        if not overlaps:
            mistakes.append((mention.text, dv.timeml or "", "<FP>"))
            continue
        c["relaxed_system"] += 1
        best = max(overlaps, key=lambda i: min(gold[i].end, mention.end) - max(gold[i].start, mention.start))
        g = gold[best]
        if g.start == mention.start and g.end == mention.end:
            c["strict"] += 1
        c["matched"] += 1
        value = (dv.timeml or "").upper()
        if value == g.value:
            c["correct"] += 1
        else:
            mistakes.append((mention.text, value, g.value))
        for i in overlaps:
            gold_hit[i] = True
    c["relaxed_gold"] = sum(gold_hit)
    for g, hit in zip(gold, gold_hit):
        row = by_type.setdefault(g.type, [0, 0])
        row[0] += 1
        row[1] += int(hit)
    return c, by_type, mistakes


def figures(c: dict[str, int], by_type: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """The figures of summed :func:`score_document` counts."""
    n_sys, n_gold, strict, correct = c["system"], c["gold"], c["strict"], c["correct"]
    rp, rr = safe_div(c["relaxed_system"], n_sys), safe_div(c["relaxed_gold"], n_gold)
    relaxed_f1 = safe_div(2 * rp * rr, rp + rr)
    sp, sr, strict_f1 = prf(strict, n_sys - strict, n_gold - strict)
    vp, vr = safe_div(correct, n_sys), safe_div(correct, n_gold)
    value_f1 = safe_div(2 * vp * vr, vp + vr)
    return {
        "relaxed_f1": round(relaxed_f1, 4),
        "strict_f1": round(strict_f1, 4),
        "value_accuracy": round(safe_div(correct, c["matched"]), 4),
        "value_f1": round(value_f1, 4),
        "n": n_gold,
        "system": n_sys,
        "relaxed_precision": round(rp, 4),
        "relaxed_recall": round(rr, 4),
        "strict_precision": round(sp, 4),
        "strict_recall": round(sr, 4),
        "value_precision": round(vp, 4),
        "value_recall": round(vr, 4),
        "recall_by_type": {k: round(safe_div(v[1], v[0]), 4) for k, v in sorted((by_type or {}).items())},
    }


def system_values(tml: TmlDoc, doc: Any) -> list[Any]:
    """The date stage on one parsed TimeML document: (mention, value) pairs."""
    from ..dates.extract import extract_date_values
    from ..models import Article
    from ..sentences import SentenceIndex, split_sentences

    article = Article(id="x", source=tml.path, sha256="", text=tml.text)
    index = SentenceIndex(split_sentences(article, doc))
    return extract_date_values(doc, index, text=tml.text, reference=tml.dct)


def evaluate(path: Path, *, settings: Settings, limit: int | None = None, errors: bool = False, **_: Any) -> dict[str, Any]:
    """Score the date stage on the TimeML files under ``path`` (a directory or one file).

    ``limit`` reads only the first N files (sorted by path); ``errors=True`` adds
    an ``errors`` list of ``[text, system value, gold value]`` (gold ``<FP>`` for
    expressions that match no gold) for error analysis.
    """
    from ..nlp import load_model

    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    if limit:
        files = files[:limit]
    if not files:
        raise PipelineError("E302", str(path), detail="no .tml files found")
    docs = [read_tml(f) for f in files]
    nlp = load_model(settings.model)
    total = dict.fromkeys(COUNTS, 0)
    by_type: dict[str, list[int]] = {}
    mistakes: list[tuple[str, str, str]] = []
    for tml, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16)):
        c, types, wrong = score_document(tml, system_values(tml, doc))
        for k in COUNTS:
            total[k] += c[k]
        for k, (n, hit) in types.items():
            row = by_type.setdefault(k, [0, 0])
            row[0] += n
            row[1] += hit
        mistakes.extend(wrong)
    result = figures(total, by_type)
    result["documents"] = len(docs)
    if errors:
        result["errors"] = mistakes
    return result


def render(result: dict[str, Any]) -> str:
    """A readable table of the figures."""
    lines = [
        f"dates: {result['n']} gold expressions in {result.get('documents', '?')} documents, {result.get('system', '?')} found",
        "",
        "| match | P | R | F1 |",
        "| --- | --- | --- | --- |",
        f"| relaxed | {result.get('relaxed_precision', 0):.3f} | {result.get('relaxed_recall', 0):.3f} | {result['relaxed_f1']:.3f} |",
        f"| strict | {result.get('strict_precision', 0):.3f} | {result.get('strict_recall', 0):.3f} | {result['strict_f1']:.3f} |",
        f"| value | {result.get('value_precision', 0):.3f} | {result.get('value_recall', 0):.3f} | {result['value_f1']:.3f} |",
        "",
        f"value accuracy (on relaxed matches): {result['value_accuracy']:.3f}",
    ]
    if result.get("recall_by_type"):
        lines.append("recall by gold type: " + ", ".join(f"{k} {v:.3f}" for k, v in result["recall_by_type"].items()))
    return "\n".join(lines)
