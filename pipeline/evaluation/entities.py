"""``pipeline eval entities FILE``: named entities against CoNLL-2003 gold.

Reads a CoNLL-2003 file (``token POS chunk NE`` per line, IOB1 or IOB2 tags,
blank line between sentences, ``-DOCSTART-`` opening each document). The gold
tokens are kept: each sentence is run through spaCy separately (``nlp.pipe`` over
pre-tokenised ``Doc`` objects, as the data README's baseline does), and the
sentence docs of one document are joined into one ``Doc`` so that the project's
entity stage (:func:`pipeline.entities.extract_entities`) groups mentions across
the whole document.

Scored: entity-level exact match (same character span, same type) after
mapping spaCy labels to CoNLL's: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC,
NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC, other labels dropped.

- the project: every mention of every entity, with its cleaned span
  (determiners and possessives cut) and the label of the entity it was grouped
  into (the label the project reports); grouping never drops a mention;
- ``baseline_f1``: spaCy's raw entity spans and labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import prf

__all__ = ["LABEL_MAP", "evaluate", "render", "read_conll"]

LABEL_MAP: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

Sentence_ = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[list[Sentence_]]:
    """Documents -> sentences -> (tokens, NE tags)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError("E302", str(path), detail=str(exc)) from None
    docs: list[list[Sentence_]] = []
    sent: Sentence_ = ([], [])

    def flush() -> None:
        nonlocal sent
        if sent[0]:
            if not docs:
                docs.append([])
            docs[-1].append(sent)
        sent = ([], [])

    for line in lines:
        parts = line.split()
        if not parts:
            flush()
            continue
        if parts[0] == "-DOCSTART-":
            flush()
            docs.append([])
            continue
        sent[0].append(parts[0])
        sent[1].append(parts[-1] if len(parts) > 1 else "O")
    flush()
    return [d for d in docs if d]


def _gold_spans(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """Token spans (start, end, type) from IOB1/IOB2 tags."""
    start, kind = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, t = tag.partition("-")
        if tag == "O" or prefix == "B" or t != kind:
            if start is not None:
                yield start, i, kind or ""
                start, kind = None, None
            if tag != "O":
                start, kind = i, t
        # an I- tag continuing the same type keeps the span open


def evaluate(path: Path, *, settings: Settings, limit: int | None = None, per_document: bool = False, **_: Any) -> dict[str, Any]:
    """Score the project's entities and raw spaCy on one CoNLL-2003 file.

    ``per_document=True`` adds ``per_document``: for each document, in file order,
    ``{"project": [tp, fp, fn], "baseline": [tp, fp, fn]}`` (all types together), so
    that figures can be pooled over any set of documents (folds), with the spans only
    one of them found (``only_project``, ``only_baseline``: ``[text, type, right?]``).
    """
    from spacy.tokens import Doc

    from ..chain import pipeline_for
    from ..models import Article, Sentence
    from ..sentences import SentenceIndex, sentence_id
    from ..state import State

    if path.is_dir():
        files = sorted(path.glob("*.conll")) + sorted(path.glob("*.testb")) + sorted(path.glob("*.txt"))
        if not files:
            raise PipelineError("E302", str(path), detail="no CoNLL file found")
        path = files[0]
    docs = read_conll(path)
    if limit:
        docs = docs[:limit]
    if not docs:
        raise PipelineError("E302", str(path), detail="no sentences found")
    pipeline = pipeline_for(settings)
    nlp = pipeline.resources.nlp
    flat = [s for d in docs for s in d]
    sent_docs = iter(nlp.pipe((Doc(nlp.vocab, words=toks) for toks, _ in flat), batch_size=64))

    counts = {name: {t: [0, 0, 0] for t in TYPES} for name in ("project", "baseline")}
    n_gold = 0
    by_document: list[dict[str, list[int]]] = []
    for doc_sents in docs:
        parsed = [next(sent_docs) for _ in doc_sents]
        whole = Doc.from_docs(parsed, ensure_whitespace=True)
        sentences: list[Sentence] = []
        gold: set[tuple[int, int, str]] = set()
        offset = 0
        for k, ((_toks, tags), sd) in enumerate(zip(doc_sents, parsed)):
            start = offset
            end = offset + len(sd.text.rstrip())
            sentences.append(Sentence(id=sentence_id(k), text=whole.text[start:end], start=start, end=end))
            char_starts = [offset + t.idx for t in sd]
            for a, b, kind in _gold_spans(tags):
                gold.add((char_starts[a], char_starts[b - 1] + len(sd[b - 1].text), kind))
            offset += len(sd.text)
            if not sd.text.endswith(" "):
                offset += 1
        n_gold += len(gold)
        baseline = {(e.start_char, e.end_char, LABEL_MAP[e.label_]) for e in whole.ents if e.label_ in LABEL_MAP}
        project: set[tuple[int, int, str]] = set()
        article = Article(id="conll", source=str(path), sha256="", text=whole.text)
        state = State(article=article, doc=whole, sentences=tuple(sentences), index=SentenceIndex(sentences))
        found = pipeline.run(state, start="entities", upto="entities").entities or ()
        for ent in found:
            for m in ent.mentions:
                if ent.label in LABEL_MAP:
                    project.add((m.start, m.end, LABEL_MAP[ent.label]))
        row: dict[str, Any] = {
            name: [len(system & gold), len(system - gold), len(gold - system)]
            for name, system in (("project", project), ("baseline", baseline))
        }
        # where the two differ: [text, type, right?] of the spans only one of them has
        row["only_project"] = [[whole.text[a:b], t, (a, b, t) in gold] for a, b, t in sorted(project - baseline)]
        row["only_baseline"] = [[whole.text[a:b], t, (a, b, t) in gold] for a, b, t in sorted(baseline - project)]
        by_document.append(row)
        for name, system in (("project", project), ("baseline", baseline)):
            for t in TYPES:
                s = {x for x in system if x[2] == t}
                g = {x for x in gold if x[2] == t}
                c = counts[name][t]
                c[0] += len(s & g)
                c[1] += len(s - g)
                c[2] += len(g - s)

    def total(name: str) -> tuple[float, float, float]:
        tp = sum(v[0] for v in counts[name].values())
        fp = sum(v[1] for v in counts[name].values())
        fn = sum(v[2] for v in counts[name].values())
        return prf(tp, fp, fn)

    p, r, f = total("project")
    bp, br, bf = total("baseline")
    per_type = {
        t: {
            "project": [round(x, 4) for x in prf(*counts["project"][t])],
            "baseline": [round(x, 4) for x in prf(*counts["baseline"][t])],
        }
        for t in TYPES
    }
    result: dict[str, Any] = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "n": n_gold,
        "baseline_f1": round(bf, 4),
        "baseline_precision": round(bp, 4),
        "baseline_recall": round(br, 4),
        "documents": len(docs),
        "per_type": per_type,
        "mode": "spaCy on gold tokens, one sentence at a time; grouping per document",
    }
    if per_document:
        result["per_document"] = by_document
    return result


def render(result: dict[str, Any]) -> str:
    """A readable table: per type, the project's P/R/F1 beside raw spaCy's."""
    lines = [
        f"entities: {result['n']} gold entities in {result.get('documents', '?')} documents ({result.get('mode', '')})",
        "",
        "| type | P | R | F1 | spaCy P | spaCy R | spaCy F1 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t, row in result.get("per_type", {}).items():
        p, r, f = row["project"]
        bp, br, bf = row["baseline"]
        lines.append(f"| {t} | {p:.3f} | {r:.3f} | {f:.3f} | {bp:.3f} | {br:.3f} | {bf:.3f} |")
    lines.append(
        f"| **all** | **{result['precision']:.3f}** | **{result['recall']:.3f}** | **{result['f1']:.3f}** | "
        f"{result.get('baseline_precision', 0):.3f} | {result.get('baseline_recall', 0):.3f} | {result['baseline_f1']:.3f} |"
    )
    return "\n".join(lines)
