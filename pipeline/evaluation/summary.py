"""``pipeline eval summary FILE``: ROUGE of the extractive summary against reference summaries.

Data: JSON Lines in the format of ``../shared/data/summaries/README.md``: one
object per line with ``text`` (paragraphs separated by a blank line),
``reference_sentences`` (or ``reference``), optional ``title``, ``id`` and
``source``. Any file of that shape works.

Each article becomes an :class:`~pipeline.models.Article` laid out as the
pipeline lays it out (title, then one paragraph block per paragraph, blocks
separated by a blank line), is parsed once (``nlp.pipe``), split into
sentences, flagged, and summarised by every summarizer (or only
``summarizer``). Summary length k: the ``sentences``
option when given; else 3 on CNN/DailyMail rows (ids ``cnn-``/``dm-`` or a
``source`` naming CNN/DailyMail, the usual setting in papers); else the
number of reference sentences. Lead-3 and Lead-k (the first 3 / first k
paragraph sentences) are scored beside them.

Scores: ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 with Porter stemming
(``rouge-score``), one sentence per line on both sides, averaged over the
articles, x 100; a summarizer's key points are scored as shown (without the
body's dateline, in neutral wording when reworded). ``subjective_share`` is the share of chosen sentences that
the flagger marks subjective (None when :func:`score` is told the sentences
are not flagged); ``excluded_share`` the share that carry an unquoted
opinion/weasel/rhetorical flag. The row ``<default>-unfiltered`` is the default summarizer with every flag ignored:
the ROUGE that neutral selection costs. The row ``plain-<ranker>`` beside each
summarizer is plain sumy: the same candidate sentences and k, ranked by the
ranker's rating alone (no position prior, no filters, no redundancy control).
``dangling_share`` is the share of chosen sentences that open with an anaphor or a
connective (:mod:`pipeline.summarise.coherence`: It, This, These, He, They,
However, But, ...) while the prose sentence before them is not chosen.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import SUMMARIZERS, Settings
from ..errors import PipelineError
from ..models import Article, Block, Quote, Sentence
from .metrics import iter_jsonl

if TYPE_CHECKING:  # pragma: no cover
    from ..summarise import Summariser

__all__ = ["evaluate", "render", "read_pairs", "build_article", "summary_length_for"]

_ROUGE_KEYS = ("rouge1", "rouge2", "rougeLsum")


def read_pairs(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The article/reference pairs of a JSON Lines file (E302 when unreadable)."""
    rows: list[dict[str, Any]] = []
    for n, row in iter_jsonl(path):
        if not str(row.get("text") or "").strip():
            raise PipelineError("E302", str(path), detail=f"line {n}: no 'text'")
        refs = row.get("reference_sentences")
        if not refs:
            ref = str(row.get("reference") or "").strip()
            if not ref:
                raise PipelineError("E302", str(path), detail=f"line {n}: no reference")
            refs = [ref]
        row["reference_sentences"] = [str(r) for r in refs]
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break
    return rows


def build_article(row: dict[str, Any]) -> Article:
    """An Article in the pipeline's layout: title, then paragraphs, one block a line."""
    parts: list[tuple[str, str]] = []
    title = str(row.get("title") or "").strip() or None
    if title:
        parts.append(("title", " ".join(title.split())))
    for para in str(row["text"]).split("\n\n"):
        para = " ".join(para.split())
        if para:
            parts.append(("paragraph", para))
    blocks, pos = [], 0
    for kind, text in parts:
        blocks.append(Block(kind, text, pos, pos + len(text)))
        pos += len(text) + 2
    body = "\n\n".join(text for _, text in parts)
    return Article(
        id=str(row.get("id") or "article"),
        source=str(row.get("source") or ""),
        sha256="",
        text=body,
        title=title,
        blocks=tuple(blocks),
    )


def _is_cnndm(row: dict[str, Any]) -> bool:
    rid = str(row.get("id") or "")
    return rid.startswith(("cnn-", "dm-")) or "cnn/dailymail" in str(row.get("source") or "").lower()


def summary_length_for(row: dict[str, Any], sentences: int | None = None) -> int:
    """k: ``sentences`` when given; 3 on CNN/DailyMail; else the reference's sentence count."""
    if sentences is not None:
        return sentences
    if _is_cnndm(row):
        return 3
    return max(1, len(row["reference_sentences"]))


def _mean(values: Iterable[float]) -> float:
    vals = list(values)
    return sum(vals) / len(vals) if vals else 0.0


@dataclasses.dataclass
class Prepared:
    """One parsed article, ready to summarise (kept so tuning can re-score without re-parsing)."""

    row: dict[str, Any]
    article: Article
    doc: Any
    sentences: tuple[Sentence, ...]
    parse_seconds: float = 0.0
    quotes: tuple[Quote, ...] = ()


def prepare(rows: Sequence[dict[str, Any]], *, settings: Settings) -> list[Prepared]:
    """Parse every article once (nlp.pipe), then run the chain from the sentences up to the
    reviews stage (entities, dates, facts and flags, as ``pipeline run`` does), so the summary
    is chosen from the sentences as the product flags them."""
    from ..chain import pipeline_for
    from ..state import State

    pipeline = pipeline_for(settings)
    nlp = pipeline.resources.nlp
    articles = [build_article(r) for r in rows]
    out: list[Prepared] = []
    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=settings.batch.batch_size))
    per_doc = (time.perf_counter() - started) / max(len(docs), 1)
    for row, article, doc in zip(rows, articles, docs):
        state = pipeline.run(State(article=article, doc=doc), start="split", upto="reviews")
        out.append(Prepared(row, article, doc, state.sentences or (), per_doc, state.quotes or ()))
    return out


def score(
    prepared: Sequence[Prepared],
    *,
    settings: Settings,
    summarizers: Sequence[str],
    sentences: int | None = None,
    flagged: bool = True,
) -> dict[str, Any]:
    """ROUGE of each summarizer and of Lead-3/Lead-k over already parsed articles."""
    from rouge_score import rouge_scorer

    from ..summarise import candidate_sentences, excluding_flags, load_summariser, rank_sentences, residual_subjective, summarise
    from ..summarise.coherence import unresolved

    scorer = rouge_scorer.RougeScorer(list(_ROUGE_KEYS), use_stemmer=True)
    unfiltered = f"{summarizers[0]}-unfiltered" if summarizers else "unfiltered"
    plain = {name: f"plain-{name}" for name in summarizers}
    methods = (
        [m for name in summarizers for m in (name, plain[name])] + ([unfiltered] if flagged and summarizers else []) + ["lead3", "leadk"]
    )
    sums: dict[str, dict[str, list[float]]] = {m: {k: [] for k in _ROUGE_KEYS} for m in methods}
    chosen_dangling: dict[str, list[bool]] = {m: [] for m in methods}
    chosen_subj: dict[str, list[bool]] = {m: [] for m in methods}
    chosen_excl: dict[str, list[bool]] = {m: [] for m in methods}
    chosen_reworded: dict[str, list[bool]] = {m: [] for m in methods}
    summary_seconds: dict[str, float] = {m: 0.0 for m in summarizers}
    # Loaded once per summarizer; each article then sets its length k (neutral wording off: ROUGE scores the text).
    base = dataclasses.replace(settings.summary, ratio=None, neutralise=False)
    loaded = {name: load_summariser(dataclasses.replace(base, summarizer=name)) for name in summarizers}

    def sized(name: str, k: int) -> Summariser:
        summariser = loaded[name]
        return dataclasses.replace(summariser, settings=dataclasses.replace(summariser.settings, sentences=k))

    def add(
        method: str,
        ref: str,
        chosen: Sequence[Sentence],
        reworded: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
        shown: Mapping[str, str] | None = None,
    ) -> None:
        """Score ``chosen``; a key point given in neutral wording (``reworded``: text and
        removed cues) is scored as shown, and judged subjective without the removed cues;
        ``shown`` is the text of a key point shown without the dateline, by id."""
        reworded = reworded or {}
        shown = shown or {}
        s = scorer.score(ref, "\n".join(reworded[c.id][0] if c.id in reworded else shown.get(c.id, c.text) for c in chosen))
        for key in _ROUGE_KEYS:
            sums[method][key].append(s[key].fmeasure)
        dangling = set(unresolved(chosen, item.sentences))
        for c in chosen:
            chosen_dangling[method].append(c.id in dangling)
            chosen_subj[method].append(residual_subjective(c, reworded[c.id][1]) if c.id in reworded else c.subjective)
            chosen_excl[method].append(c.id not in reworded and bool(excluding_flags(c)))
            chosen_reworded[method].append(c.id in reworded)

    item: Prepared
    for item in prepared:
        k = summary_length_for(item.row, sentences)
        ref = "\n".join(item.row["reference_sentences"])
        by_id = {s.id: s for s in item.sentences}
        prose = [s for s in item.sentences if s.kind == "paragraph"]
        add("lead3", ref, prose[:3])
        add("leadk", ref, prose[:k])
        for name in summarizers:
            summariser = sized(name, k)
            started = time.perf_counter()
            result = summarise(
                item.sentences,
                item.doc,
                summariser=summariser,
                title=item.article.title,
                sections=item.article.sections,
                blocks=item.article.blocks,
                quotes=item.quotes,
            )
            summary_seconds[name] += time.perf_counter() - started
            reworded = {p.id: (p.neutral_text, p.removed) for p in result.key_points if p.neutral_text is not None}
            shown = {p.id: p.text for p in result.key_points if p.text != by_id[p.id].text}
            add(name, ref, [by_id[i] for i in result.sentence_ids], reworded, shown)
            # Plain sumy: the same candidates and k, its own rating alone (no prior, no filters).
            candidates, words, opens = candidate_sentences(item.sentences, item.doc)
            ratings = rank_sentences(
                candidates,
                item.doc,
                summariser=summariser,
                title=item.article.title,
                sections=item.article.sections,
                words=words,
                opens=opens,
            )
            top = sorted(candidates, key=lambda c: -ratings.get(c.id, 0.0))[:k]
            add(plain[name], ref, sorted(top, key=lambda c: c.start))
        if flagged and summarizers:
            # The default summarizer with flags ignored: what neutral selection costs in ROUGE.
            bare = tuple(dataclasses.replace(s, flags=()) for s in item.sentences)
            result = summarise(
                bare,
                item.doc,
                summariser=sized(summarizers[0], k),
                title=item.article.title,
                sections=item.article.sections,
                blocks=item.article.blocks,
                quotes=item.quotes,
            )
            add(unfiltered, ref, [by_id[i] for i in result.sentence_ids])

    n = len(prepared)
    table: dict[str, dict[str, Any]] = {}
    for m in methods:
        row: dict[str, Any] = {key: round(100 * _mean(sums[m][key]), 2) for key in _ROUGE_KEYS}
        row["subjective_share"] = round(_mean(chosen_subj[m]), 4) if flagged else None
        row["excluded_share"] = round(_mean(chosen_excl[m]), 4) if flagged else None
        row["reworded_share"] = round(_mean(chosen_reworded[m]), 4) if flagged else None
        row["dangling_share"] = round(_mean(chosen_dangling[m]), 4)
        if m in summary_seconds:
            row["ms_per_article"] = round(1000 * summary_seconds[m] / max(n, 1), 2)
        table[m] = row
    return {"table": table, "n": n}


def evaluate(
    path: Path,
    *,
    settings: Settings,
    sentences: int | None = None,
    summarizer: str | None = None,
    limit: int | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Score the summarizers on a JSON Lines file of article/reference pairs.

    Returns, for the default summarizer (``settings.summary.summarizer``, or
    ``summarizer`` when given), ``rouge1``, ``rouge2``, ``rougeLsum``,
    ``lead3_rouge2``, ``leadk_rouge2``, ``subjective_share``, ``dangling_share``,
    ``plain_rouge2`` (plain sumy with the same ranker) and ``n``
    (ROUGE x 100), plus ``summarizers``: the same figures for every
    summarizer and its plain sumy, for the default one with flags ignored
    (``<name>-unfiltered``) and for Lead-3/Lead-k. Raises :class:`PipelineError` E302 for
    unreadable data and E007 for an unknown summarizer.
    """
    if summarizer is not None and summarizer not in SUMMARIZERS:
        raise PipelineError("E007", None, name=summarizer, choices=", ".join(SUMMARIZERS))
    default = summarizer or settings.summary.summarizer
    names = [default] if summarizer else [default] + [s for s in SUMMARIZERS if s != default]
    rows = read_pairs(path, limit=limit)
    prepared = prepare(rows, settings=settings)
    scored = score(prepared, settings=settings, summarizers=names, sentences=sentences)
    table = scored["table"]
    main = table[default]
    parse_ms = 1000 * _mean(p.parse_seconds for p in prepared)
    return {
        "rouge1": main["rouge1"],
        "rouge2": main["rouge2"],
        "rougeLsum": main["rougeLsum"],
        "lead3_rouge2": table["lead3"]["rouge2"],
        "leadk_rouge2": table["leadk"]["rouge2"],
        "subjective_share": main["subjective_share"],
        "dangling_share": main["dangling_share"],
        "plain_rouge2": table[f"plain-{default}"]["rouge2"],
        "n": scored["n"],
        "summarizer": default,
        "sentences": "reference" if sentences is None else sentences,
        "position_weight": settings.summary.position_weight,
        "parse_ms_per_article": round(parse_ms, 2),
        "summarizers": table,
    }


def render(result: dict[str, Any]) -> str:
    """A readable table of :func:`evaluate`'s figures."""
    lines = [
        f"summary: {result['n']} articles, default summarizer {result['summarizer']}, "
        f"length {result['sentences']}, position_weight {result['position_weight']}",
        "",
        f"{'method':<20} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7} {'subjective':>10} {'excluded':>9} {'dangling':>9} {'ms/article':>10}",
    ]

    def share(v: Any) -> str:
        return "-" if v is None else f"{v:.1%}"

    for name, row in result["summarizers"].items():
        mark = "*" if name == result["summarizer"] else " "
        ms = row.get("ms_per_article")
        lines.append(
            f"{mark}{name:<19} {row['rouge1']:>6.2f} {row['rouge2']:>6.2f} {row['rougeLsum']:>7.2f} "
            f"{share(row['subjective_share']):>10} {share(row['excluded_share']):>9} {share(row.get('dangling_share')):>9} "
            f"{'' if ms is None else f'{ms:.1f}':>10}"
        )
    lines.append("")
    lines.append(f"spaCy parse: {result['parse_ms_per_article']:.1f} ms/article (nlp.pipe)")
    lines.append("ROUGE F1 x 100 with stemming; lead3/leadk: the first 3 / k sentences;")
    lines.append("-unfiltered: the default summarizer with flags ignored (no neutral selection);")
    lines.append("plain-<ranker>: sumy's rating alone on the same candidates and k (no prior, no filters);")
    lines.append("dangling: key points opening with an anaphor or connective (It, This, He, However, ...)")
    lines.append("whose preceding sentence is not a key point.")
    return "\n".join(lines)
