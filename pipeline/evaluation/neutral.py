"""The ``neutral`` task: deletion-only neutral wording against human rewrites.

Data: a TSV with a header and the columns ``id``, ``biased``, ``neutral`` and ``edit``
(a JSON object whose ``type`` is ``deletion``, ``replacement``, ``mixed``,
``insertion`` or ``unchanged``), no quoting — the format of
``../shared/data/neutral-wording/pairs.tsv`` (a Wiki Neutrality Corpus sample).

Each biased sentence goes through the chain up to the flags as a one-sentence article;
:func:`pipeline.summarise.neutral.neutralise` then proposes a deletion-only wording,
honest or nothing (the result is flagged again and must come out clean). A pair it
leaves unchanged is *declined*.

Figures, on normalised tokens (the pairs' README: lower-case, runs of word characters
and runs of other non-space characters, non-ASCII removed, empty tokens dropped):

- ``exact``: share of all pairs whose rewrite equals the human one; ``exact_deletion``:
  the same over the pairs whose human edit is a pure deletion (the most a deleter can
  reach); ``exact_offered``: over the pairs it rewrote;
- ``deleted_precision`` / ``deleted_recall``: the words it deleted against the words the
  human deleted (multisets, summed over all pairs);
- ``declined``: share of pairs left unchanged.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import PipelineError
from .metrics import prf, read_tsv, safe_div

__all__ = ["evaluate", "render", "read_pairs", "normalise_tokens"]

_TOKEN = re.compile(r"\w+|[^\w\s]+")


def normalise_tokens(text: str) -> list[str]:
    """The README's normalisation of a sentence for comparison."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.encode("ascii", "ignore").decode("ascii")
        if tok:
            out.append(tok)
    return out


def read_pairs(path: Path) -> list[tuple[str, str, str, str]]:
    """(id, biased, neutral, edit type) rows; raises E302 when the columns are missing."""
    rows = read_tsv(path)
    idx = {name: i for i, name in enumerate(rows[0])}
    missing = [c for c in ("id", "biased", "neutral") if c not in idx]
    if missing:
        raise PipelineError("E302", str(path), detail=f"missing column(s) {', '.join(missing)}")
    out = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) < len(idx):
            raise PipelineError("E302", str(path), detail=f"line {n}: expected {len(idx)} fields, got {len(r)}")
        kind = ""
        if "edit" in idx:
            try:
                kind = str(json.loads(r[idx["edit"]]).get("type", ""))
            except (ValueError, AttributeError) as exc:
                raise PipelineError("E302", str(path), detail=f"line {n}: bad edit field: {exc}") from None
        out.append((r[idx["id"]], r[idx["biased"]], r[idx["neutral"]], kind))
    return out


def _rewrite(texts: list[str], *, settings: Settings, batch_size: int) -> list[tuple[str, tuple[str, ...]]]:
    from ..chain import pipeline_for
    from ..models import Article, Sentence
    from ..sentences import SentenceIndex
    from ..state import State
    from ..summarise.neutral import neutralise

    pipe = pipeline_for(settings)

    def reflag(text: str) -> Sentence:
        return pipe.flag_texts([text])[0]

    out = []
    for i, (text, doc) in enumerate(zip(texts, pipe.resources.nlp.pipe(texts, batch_size=batch_size))):
        sentence = Sentence(id=f"t{i + 1:05d}", text=text, start=0, end=len(text))
        article = Article(id=sentence.id, source="<text>", sha256="", text=text)
        state = State(article=article, doc=doc, sentences=(sentence,), index=SentenceIndex((sentence,)))
        flagged = pipe.run(state, start="entities", upto="flags").sentences
        assert flagged is not None
        out.append(neutralise(flagged[0], doc, reflag=reflag))
    return out


def evaluate(
    path: Path, *, settings: Settings, batch_size: int = 64, limit: int | None = None, errors: int | None = None, **_: Any
) -> dict[str, Any]:
    """Score the deletion-only wordings of the biased sentences in ``path`` against the human ones."""
    rows = read_pairs(Path(path))
    if limit:
        rows = rows[:limit]
    rewrites = _rewrite([r[1] for r in rows], settings=settings, batch_size=batch_size)
    exact = exact_del = offered = exact_offered = n_del = 0
    ours_del: Counter[str] = Counter()
    gold_del: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    shown: list[dict[str, Any]] = []
    for (pid, biased, neutral, kind), (text, removed) in zip(rows, rewrites):
        b, g = normalise_tokens(biased), normalise_tokens(neutral)
        o = normalise_tokens(text) if removed else b
        same = o == g
        exact += same
        if kind == "deletion":
            n_del += 1
            exact_del += same
        if removed:
            offered += 1
            exact_offered += same
            if errors and len(shown) < errors:
                shown.append({"id": pid, "biased": biased, "ours": text, "human": neutral, "removed": list(removed)})
        ours = Counter(b) - Counter(o)
        gold = Counter(b) - Counter(g)
        ours_del += ours
        gold_del += gold
        hit += ours & gold
    tp = sum(hit.values())
    p, r, f = prf(tp, sum(ours_del.values()) - tp, sum(gold_del.values()) - tp)
    n = len(rows)
    result: dict[str, Any] = {
        "n": n,
        "deletion_pairs": n_del,
        "offered": offered,
        "declined": round(safe_div(n - offered, n), 4),
        "exact": round(safe_div(exact, n), 4),
        "exact_deletion": round(safe_div(exact_del, n_del), 4),
        "exact_offered": round(safe_div(exact_offered, offered), 4),
        "deleted_precision": round(p, 4),
        "deleted_recall": round(r, 4),
        "deleted_f1": round(f, 4),
    }
    if errors:
        result["rewrites"] = shown
    return result


def render(result: dict[str, Any]) -> str:
    """A readable table of the figures."""
    lines = [
        f"neutral: deletion-only wording of {result['n']} biased sentences ({result['deletion_pairs']} human pure deletions)",
        f"  rewritten          {result['offered']}  (declined {100 * result['declined']:.1f}%)",
        f"  exact match        {result['exact']:.4f}  of all pairs",
        f"                     {result['exact_deletion']:.4f}  of the pure-deletion pairs (those a deleter can reach)",
        f"                     {result['exact_offered']:.4f}  of the pairs rewritten",
        f"  deleted words      precision {result['deleted_precision']:.4f}  recall {result['deleted_recall']:.4f}  F1 {result['deleted_f1']:.4f}",
    ]
    for e in result.get("rewrites", []):
        lines += ["", f"  {e['id']}  removed {', '.join(e['removed'])}", f"    ours:  {e['ours']}", f"    human: {e['human']}"]
    return "\n".join(lines)
