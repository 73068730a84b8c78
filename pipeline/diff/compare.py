"""Comparing two analyses section by section; see :func:`diff_analyses`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ..config import DiffSettings
from ..models import FLAG_CATEGORIES, Analysis, DateMention, Figure, Sentence
from .align import Pair, align, norm, similarity, word_diff
from .model import (
    DIFF_SCHEMA_VERSION,
    SECTIONS,
    DateChange,
    DateView,
    Diff,
    EntityChange,
    FieldChange,
    FigureChange,
    FigureView,
    FlagChange,
    FlagRate,
    OneSided,
    PointChange,
    QuoteChange,
    Side,
    TextTally,
)

__all__ = ["diff_analyses", "same_article"]

T = TypeVar("T")


def _side(analysis: Analysis, label: str | None) -> Side:
    art = analysis.article
    return Side(
        label=label or art.source,
        id=art.id,
        source=art.source,
        title=art.title,
        sha256=art.sha256,
        schema_version=analysis.schema_version,
        pipeline_version=analysis.pipeline.version,
        settings_hash=analysis.pipeline.settings_hash,
    )


def same_article(a: Analysis, b: Analysis) -> bool:
    """Two versions of one article: the same id, URL or title."""
    x, y = a.article, b.article
    return x.id == y.id or bool(x.url and x.url == y.url) or bool(x.title and norm(x.title) == norm(y.title or ""))


def _metadata(a: Analysis, b: Analysis) -> tuple[FieldChange, ...]:
    out = []
    for name in ("title", "published", "updated", "author", "url", "word_count"):
        if name == "updated":
            x, y = a.article.meta.get("updated"), b.article.meta.get("updated")
        else:
            x, y = getattr(a.article, name), getattr(b.article, name)
        if isinstance(x, str) and isinstance(y, str) and norm(x) == norm(y):
            continue
        if x != y:
            out.append(FieldChange(name, x, y))
    return tuple(out)


def _tally(a: Analysis, pairs: Sequence[Pair], b: Analysis) -> TextTally:
    return TextTally(
        before=len(a.sentences),
        after=len(b.sentences),
        added=sum(1 for p in pairs if p.a is None),
        removed=sum(1 for p in pairs if p.b is None),
        reworded=sum(1 for p in pairs if p.a is not None and p.b is not None and not p.same),
    )


def _lede(analysis: Analysis) -> str | None:
    """``summary.lede`` when the analysis has one (a string or an object with ``text``)."""
    lede: Any = getattr(analysis.summary, "lede", None) if analysis.summary else None
    if lede is None or isinstance(lede, str):
        return lede
    return getattr(lede, "text", None) or (lede.get("text") if isinstance(lede, dict) else None)


def _points(a: Analysis, b: Analysis, pairs: Sequence[Pair], threshold: float, *, complete: bool) -> tuple[PointChange, ...]:
    kp_a = {k.id: k.text for k in a.summary.key_points} if a.summary else {}
    kp_b = {k.id: k.text for k in b.summary.key_points} if b.summary else {}
    out: list[PointChange] = []
    for p in pairs:
        in_a = p.a is not None and p.a.id in kp_a
        in_b = p.b is not None and p.b.id in kp_b
        sim = round(p.similarity, 3)
        words = word_diff(p.a.text, p.b.text) if p.a is not None and p.b is not None and not p.same else ()
        if in_a and in_b:
            assert p.a is not None and p.b is not None
            x, y = kp_a[p.a.id], kp_b[p.b.id]
            if norm(x) != norm(y):
                out.append(PointChange("key_point", "changed", x, y, p.a.id, p.b.id, "reworded", sim, word_diff(x, y)))
        elif in_a:
            assert p.a is not None
            why = "sentence removed" if p.b is None else "reworded, still in the article" if words else "still in the article"
            out.append(PointChange("key_point", "removed", kp_a[p.a.id], None, p.a.id, None, why, sim, words))
        elif in_b:
            assert p.b is not None
            why = "new sentence" if p.a is None else "reworded, already in the article" if words else "already in the article"
            out.append(PointChange("key_point", "added", None, kp_b[p.b.id], None, p.b.id, why, sim, words))
        elif complete and (p.a is None or p.b is None or words):
            change = "added" if p.a is None else "removed" if p.b is None else "changed"
            out.append(
                PointChange(
                    "sentence",
                    change,
                    p.a.text if p.a else None,
                    p.b.text if p.b else None,
                    p.a.id if p.a else None,
                    p.b.id if p.b else None,
                    "reworded" if words else "not a key point",
                    sim,
                    words,
                )
            )
    la, lb = _lede(a), _lede(b)
    if la != lb and not (la and lb and norm(la) == norm(lb)):
        if la and lb:
            sim = similarity(la, lb)
            if sim >= threshold:
                out.insert(0, PointChange("lede", "changed", la, lb, None, None, "reworded", round(sim, 3), word_diff(la, lb)))
            else:
                out[:0] = [
                    PointChange("lede", "removed", la, None, None, None, "replaced"),
                    PointChange("lede", "added", None, lb, None, None, "replaced"),
                ]
        elif la:
            out.insert(0, PointChange("lede", "removed", la, None, None, None, "no lede"))
        elif lb:
            out.insert(0, PointChange("lede", "added", None, lb, None, None, "new lede"))
    return tuple(out)


def _match(
    xs: Sequence[T], ys: Sequence[T], *, same: Callable[[T, T], bool], pair: Callable[[T, T], bool] | None = None
) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    """Drop the items of ``xs`` and ``ys`` that are ``same`` (one for one); then pair the
    rest in order where ``pair`` allows. Returns (removed, added, changed pairs)."""
    rest_y = list(ys)
    rest_x: list[T] = []
    for x in xs:
        k = next((n for n, y in enumerate(rest_y) if same(x, y)), None)
        if k is None:
            rest_x.append(x)
        else:
            rest_y.pop(k)
    changed: list[tuple[T, T]] = []
    if pair is not None:
        removed: list[T] = []
        for x in rest_x:
            k = next((n for n, y in enumerate(rest_y) if pair(x, y)), None)
            if k is None:
                removed.append(x)
            else:
                changed.append((x, rest_y.pop(k)))
        rest_x = removed
    return rest_x, rest_y, changed


def _by_sentence(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def _paired_items(
    pairs: Sequence[Pair], items_a: Iterable[T], items_b: Iterable[T], *, same: Callable[[T, T], bool], key: Callable[[T], str]
) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    """Items removed, added and changed, aligned through the sentence pairs; items that
    only moved to another sentence are neither added nor removed."""
    ia, ib = _by_sentence(items_a, key), _by_sentence(items_b, key)
    removed: list[T] = []
    added: list[T] = []
    changed: list[tuple[T, T]] = []
    for p in pairs:
        xs = ia.get(p.a.id, []) if p.a is not None else []
        ys = ib.get(p.b.id, []) if p.b is not None else []
        r, a_, c = _match(xs, ys, same=same, pair=(lambda x, y: True) if p.a is not None and p.b is not None else None)
        removed += r
        added += a_
        changed += c
    r, a_, _ = _match(removed, added, same=same)
    return r, a_, changed


def _figure_view(f: Figure, sentences: dict[str, Sentence]) -> FigureView:
    s = sentences.get(f.sentence_id)
    return FigureView(f.text, f.amount, f.unit, f.qualifier, f.sentence_id, s.text if s else "")


def _figures(a: Analysis, b: Analysis, pairs: Sequence[Pair]) -> tuple[FigureChange, ...]:
    sa, sb = {s.id: s for s in a.sentences}, {s.id: s for s in b.sentences}

    def same(x: Figure, y: Figure) -> bool:
        return (x.amount, x.unit, x.qualifier) == (y.amount, y.unit, y.qualifier) and (x.amount is not None or norm(x.text) == norm(y.text))

    removed, added, changed = _paired_items(pairs, a.figures, b.figures, same=same, key=lambda f: f.sentence_id)
    out = [FigureChange("changed", _figure_view(x, sa), _figure_view(y, sb)) for x, y in changed]
    out += [FigureChange("removed", _figure_view(x, sa), None) for x in removed]
    out += [FigureChange("added", None, _figure_view(y, sb)) for y in added]
    return tuple(out)


def _date_view(d: DateMention, sentences: dict[str, Sentence]) -> DateView:
    s = sentences.get(d.sentence_id)
    return DateView(d.text, d.value, d.sentence_id, s.text if s else "")


def _dates(a: Analysis, b: Analysis, pairs: Sequence[Pair]) -> tuple[DateChange, ...]:
    sa, sb = {s.id: s for s in a.sentences}, {s.id: s for s in b.sentences}

    def same(x: DateMention, y: DateMention) -> bool:
        return x.value == y.value and (x.value is not None or norm(x.text).lower() == norm(y.text).lower())

    removed, added, changed = _paired_items(pairs, a.dates, b.dates, same=same, key=lambda d: d.sentence_id)
    out = [DateChange("redated", _date_view(x, sa), _date_view(y, sb)) for x, y in changed]
    out += [DateChange("removed", _date_view(x, sa), None) for x in removed]
    out += [DateChange("added", None, _date_view(y, sb)) for y in added]
    return tuple(out)


def _entities(a: Analysis, b: Analysis, *, threshold: int) -> tuple[EntityChange, ...]:
    ea, eb = {e.name: e for e in a.entities}, {e.name: e for e in b.entities}
    out = []
    for e in b.entities:
        if e.name not in ea:
            out.append(EntityChange("added", e.name, e.label, 0, e.count))
    for e in a.entities:
        if e.name not in eb:
            out.append(EntityChange("removed", e.name, e.label, e.count, 0))
        elif abs(eb[e.name].count - e.count) >= threshold:
            out.append(EntityChange("count", e.name, e.label, e.count, eb[e.name].count))
    return tuple(out)


def _flags(a: Analysis, b: Analysis, pairs: Sequence[Pair]) -> tuple[FlagChange, ...]:
    out: list[FlagChange] = []

    def key(f: Any) -> tuple[str, str]:
        return f.category, f.cue.lower()

    def change(kind: str, s: Sentence, f: Any) -> FlagChange:
        return FlagChange(kind, f.category, f.cue, f.rule, s.id, s.text, f.start - s.start, f.end - s.start)

    removed: list[tuple[Sentence, Any]] = []
    added: list[tuple[Sentence, Any]] = []
    for p in pairs:
        xs = [(p.a, f) for f in p.a.flags if f.review != "dismissed"] if p.a is not None else []
        ys = [(p.b, f) for f in p.b.flags if f.review != "dismissed"] if p.b is not None else []
        r, ad, _ = _match(xs, ys, same=lambda x, y: key(x[1]) == key(y[1]))
        removed += r
        added += ad
    out += [change("removed", s, f) for s, f in removed]
    out += [change("added", s, f) for s, f in added]
    return tuple(out)


def _rates(analysis: Analysis) -> dict[str, float]:
    counts = dict.fromkeys(FLAG_CATEGORIES, 0)
    for s in analysis.sentences:
        for f in s.flags:
            if f.review != "dismissed":
                counts[f.category] = counts.get(f.category, 0) + 1
    words = analysis.article.word_count or 1
    rates = {c: round(n * 1000 / words, 2) for c, n in counts.items()}
    rates["all"] = round(sum(counts.values()) * 1000 / words, 2)
    return rates


def _share(analysis: Analysis) -> float:
    n = len(analysis.sentences)
    return round(sum(1 for s in analysis.sentences if s.subjective) / n, 4) if n else 0.0


_LOADED = ("booster", "opinion", "rhetorical")


def _tone(rates: Sequence[FlagRate], share: tuple[float, float], settings: DiffSettings, *, complete: bool) -> tuple[str, ...]:
    by = {r.category: r.after - r.before for r in rates}
    out = []
    limit = 1e-9 if complete else settings.flag_rate_change
    hedged = by.get("hedge", 0.0) + by.get("weasel", 0.0)
    loaded = sum(by.get(c, 0.0) for c in _LOADED)
    if abs(hedged) >= limit:
        out.append("more hedged" if hedged > 0 else "less hedged")
    if abs(loaded) >= limit:
        out.append("more loaded" if loaded > 0 else "less loaded")
    if abs(share[1] - share[0]) >= (1e-9 if complete else settings.subjective_share_change):
        out.append("more subjective" if share[1] > share[0] else "less subjective")
    return tuple(out)


def _quote_text(text: str) -> str:
    return norm(text).strip("\"'“”‘’ ")


def _quotes(a: Analysis, b: Analysis, pairs: Sequence[Pair], threshold: float) -> tuple[QuoteChange, ...]:
    sa, sb = {s.id: s.text for s in a.sentences}, {s.id: s.text for s in b.sentences}
    removed, added, changed = _match(
        a.quotes,
        b.quotes,
        same=lambda x, y: _quote_text(x.text) == _quote_text(y.text) and x.speaker == y.speaker,
        pair=lambda x, y: similarity(x.text, y.text) >= threshold,
    )
    out: list[QuoteChange] = []
    for x, y in changed:
        kind = "reattributed" if _quote_text(x.text) == _quote_text(y.text) else "changed"
        words = () if kind == "reattributed" else word_diff(x.text, y.text)
        out.append(QuoteChange("quote", kind, x.text, y.text, x.speaker, y.speaker, sb.get(y.sentence_id, ""), words=words))
    out += [QuoteChange("quote", "removed", x.text, None, x.speaker, None, sa.get(x.sentence_id, "")) for x in removed]
    out += [QuoteChange("quote", "added", None, y.text, None, y.speaker, sb.get(y.sentence_id, "")) for y in added]
    # attributions, aligned through their sentences; those of a quote shown above are left out
    shown = {(q.speaker_before or q.speaker_after or "").lower() for q in out}

    def src(x: Any) -> str:
        return (x.source or "").lower()

    ra, ad, ch = _paired_items(pairs, a.attributions, b.attributions, same=lambda x, y: src(x) == src(y), key=lambda t: t.sentence_id)
    for t, u in ch:
        out.append(QuoteChange("attribution", "reattributed", None, None, t.source, u.source, sb.get(u.sentence_id, ""), cue=u.cue))
    out += [
        QuoteChange("attribution", "removed", None, None, x.source, None, sa.get(x.sentence_id, ""), cue=x.cue)
        for x in ra
        if src(x) not in shown
    ]
    out += [
        QuoteChange("attribution", "added", None, None, None, y.source, sb.get(y.sentence_id, ""), cue=y.cue)
        for y in ad
        if src(y) not in shown
    ]
    return tuple(out)


def _one_sided(figures: Sequence[FigureChange], quotes: Sequence[QuoteChange], entities: Sequence[EntityChange], side: str) -> OneSided:
    """What only side ``a`` (the removed items) or ``b`` (the added ones) reports."""
    change = "removed" if side == "a" else "added"
    figs = [f.before if side == "a" else f.after for f in figures if f.change == change]
    said = [
        (q.speaker_before, q.before) if side == "a" else (q.speaker_after, q.after)
        for q in quotes
        if q.kind == "quote" and q.change == change
    ]
    return OneSided(
        figures=tuple(f.text for f in figs if f is not None),
        quotes=tuple(f"{who or 'unattributed'}: “{text}”" for who, text in said),
        entities=tuple(e.name for e in entities if e.change == change),
    )


def diff_analyses(
    a: Analysis,
    b: Analysis,
    *,
    settings: DiffSettings | None = None,
    sections: Iterable[str] | None = None,
    complete: bool = False,
    labels: tuple[str | None, str | None] = (None, None),
) -> Diff:
    """What changed in substance from ``a`` to ``b``; see :class:`~pipeline.diff.model.Diff`.

    ``sections`` narrows the comparison (names from :data:`SECTIONS`, default all);
    ``complete`` includes changes below the thresholds of ``settings``; ``labels``
    names the two sides in the report (default: their sources).
    """
    settings = settings or DiffSettings()
    wanted = tuple(s for s in SECTIONS if sections is None or s in set(sections))
    pairs = align(a.sentences, b.sentences, threshold=settings.reword_similarity)
    kw: dict[str, Any] = {}
    if "metadata" in wanted:
        kw["metadata"] = _metadata(a, b)
        kw["text"] = _tally(a, pairs, b)
    if "points" in wanted:
        kw["points"] = _points(a, b, pairs, settings.reword_similarity, complete=complete)
    if "figures" in wanted:
        kw["figures"] = _figures(a, b, pairs)
    if "dates" in wanted:
        kw["dates"] = _dates(a, b, pairs)
    if "entities" in wanted:
        kw["entities"] = _entities(a, b, threshold=1 if complete else settings.entity_count_change)
    if "flags" in wanted:
        ra, rb = _rates(a), _rates(b)
        rates = tuple(FlagRate(c, ra[c], rb[c]) for c in (*FLAG_CATEGORIES, "all"))
        share = (_share(a), _share(b))
        kw.update(
            flags=_flags(a, b, pairs), flag_rates=rates, subjective_share=share, tone=_tone(rates, share, settings, complete=complete)
        )
    if "quotes" in wanted:
        kw["quotes"] = _quotes(a, b, pairs, settings.reword_similarity)
    same = same_article(a, b)
    if not same:
        figs, quotes, ents = kw.get("figures", ()), kw.get("quotes", ()), kw.get("entities", ())
        kw["only_a"], kw["only_b"] = _one_sided(figs, quotes, ents, "a"), _one_sided(figs, quotes, ents, "b")
    return Diff(
        schema_version=DIFF_SCHEMA_VERSION,
        a=_side(a, labels[0]),
        b=_side(b, labels[1]),
        same_article=same,
        same_input=a.article.sha256 == b.article.sha256,
        same_settings=a.pipeline.settings_hash == b.pipeline.settings_hash,
        sections=wanted,
        complete=complete,
        **kw,
    )
