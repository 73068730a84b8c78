"""One article's report page: a self-contained HTML document built from its analysis.

Reads an :class:`~pipeline.models.Analysis` and returns a string; nothing is
read or written here. The page shows:

- the title, the outlet, author and date, the article's URL (a link only when
  it is an ``http(s)`` URL, percent-encoded), the genre when the analysis has one;
- the review status of the flags (pending / accepted / dismissed);
- the summary: the lede when there is one, the key points (the neutral wording
  first, the original and the removed cues after), the claims when there are
  any, the notes; the quotes with their speakers;
- the article text with entities highlighted by label (displaCy's look), flag
  cues underlined by category (rule, weight and review status in the tooltip),
  quotes shaded with their speaker after them, key-point sentences marked;
- the boilerplate that was removed before the analysis, greyed and collapsed.

Every string from the article or the analysis is escaped; overlapping spans
are nested or split by :func:`pipeline.report.markup.render_spans`.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from urllib.parse import quote, urlsplit

from ..models import FLAG_CATEGORIES, Analysis, Flag
from .figures import genre_of, items_of, outlet_of, review_status, text_of
from .markup import Span, render_spans
from .theme import flag_keys, head, label_class

__all__ = ["render_article", "safe_url", "article_spans"]

_BLOCK_TAGS = {"title": ("p", "b-title"), "heading": ("p", "heading"), "list_item": ("p", "list_item")}


def safe_url(url: str | None) -> str | None:
    """``url`` percent-encoded if it is an absolute ``http``/``https`` URL with a host, else None.

    Anything else (``javascript:``, ``data:``, relative paths, text with a
    scheme hidden behind white space) is never made a link.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in parts.netloc:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in url):  # browsers drop tabs and newlines: never guess
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _flag_title(flag: Flag) -> str:
    notes = [f"rule {flag.rule}", f"weight {flag.weight:.2f}", f"review: {review_status(flag)}"]
    if flag.quoted:
        notes.append("inside a quotation (not counted)")
    if flag.reported:
        notes.append("reported speech")
    return f"{flag.category}: \u201c{flag.cue}\u201d \u2014 " + ", ".join(notes)


def article_spans(analysis: Analysis) -> list[Span]:
    """Every element to lay over the article text: blocks, sentences, quotes, entities, flag cues."""
    article = analysis.article
    spans: list[Span] = []
    for block in article.blocks:
        tag, cls = _BLOCK_TAGS.get(block.kind, ("p", ""))
        spans.append(Span(block.start, block.end, tag, (("class", cls),) if cls else (), block=True))
    if not article.blocks:
        spans.append(Span(0, len(article.text), "p", block=True))
    key_points = set(analysis.summary.sentence_ids) if analysis.summary else set()
    for s in analysis.sentences:
        attrs: tuple[tuple[str, str], ...] = (
            (("class", "s kp"), ("title", "key point (in the summary)")) if s.id in key_points else (("class", "s"),)
        )
        spans.append(Span(s.start, s.end, "span", attrs, first=(("id", s.id),), order=1))
    for q in analysis.quotes:
        speaker = (q.speaker or "").strip()
        spans.append(
            Span(
                q.start,
                q.end,
                "span",
                (("class", "quote"), ("title", f"quote \u2014 speaker: {speaker or 'not found'}")),
                last=(("data-speaker", speaker),) if speaker else (),
                order=2,
            )
        )
    for entity in analysis.entities:
        cls = f"entity ent-{label_class(entity.label)}"
        title = f"{entity.label}: {entity.name}"
        for m in entity.mentions:
            spans.append(Span(m.start, m.end, "mark", (("class", cls), ("title", title)), last=(("data-label", entity.label),), order=3))
    for s in analysis.sentences:
        for f in s.flags:
            cls = f"flag flag-{label_class(f.category)} {label_class(review_status(f))}" + (" quoted" if f.quoted else "")
            spans.append(Span(f.start, f.end, "span", (("class", cls), ("title", _flag_title(f))), order=4))
    return spans


def _header(analysis: Analysis, *, index_href: str | None) -> list[str]:
    article = analysis.article
    title = (article.title or "").strip() or article.id
    out = []
    if index_href:
        out.append(f'<nav><a href="{_attr(quote(index_href))}">\u2190 All articles</a></nav>')
    out.append(f"<header>\n<h1>{escape(title)}</h1>")
    meta = [f'<span class="outlet">{escape(x)}</span>' for x in (outlet_of(analysis),) if x]
    if article.author:
        meta.append(f'<span class="author">{escape(article.author)}</span>')
    if article.published:
        meta.append(f'<span class="date"><time datetime="{_attr(article.published)}">{escape(article.published)}</time></span>')
    href = safe_url(article.url)
    if href:
        meta.append(f'<span class="url"><a href="{_attr(href)}" rel="noopener noreferrer nofollow">{escape(article.url or "")}</a></span>')
    elif article.url:
        meta.append(f'<span class="url">{escape(article.url)}</span>')
    if meta:
        out.append(f'<p class="meta">{"".join(meta)}</p>')
    genre = genre_of(analysis)
    badges = [f'<span class="badge genre" title="genre">{escape(genre)}</span>'] if genre else []
    badges.append(f'<span class="badge">{article.word_count:,} words</span>')
    out.append(f"<p>{''.join(badges)}</p>")
    flags = [f for s in analysis.sentences for f in s.flags]
    status = Counter(review_status(f) for f in flags)
    counted = Counter(f.category for f in flags if not f.quoted and review_status(f) != "dismissed")
    per_cat = ", ".join(f"{c} {counted[c]}" for c in FLAG_CATEGORIES if counted[c])
    review = ", ".join(f"{status[k]} {k}" for k in ("pending", "accepted", "dismissed")) + "".join(
        f", {n} {escape(k)}" for k, n in status.items() if k not in ("pending", "accepted", "dismissed")
    )
    quoted = sum(1 for f in flags if f.quoted)
    aside = f", not counting {quoted} inside quotations" if quoted else ""
    out.append(f'<p class="small review">Flags: {sum(counted.values())}{f" ({per_cat})" if per_cat else ""}{aside}. Review: {review}.</p>')
    out.append("</header>")
    return out


def _summary(analysis: Analysis) -> list[str]:
    summary = analysis.summary
    out = ["<section>\n<h2>Summary</h2>"]
    # the lede is a sentence id: the page shows that sentence, linked, marked when hedged
    lede_id = text_of(getattr(summary, "lede", None) or getattr(analysis, "lede", None))
    lede = next((s for s in analysis.sentences if s.id == lede_id), None)
    if lede is not None:
        hedged = ' <span class="was">(hedged)</span>' if any(f.category == "hedge" for f in lede.flags) else ""
        out.append(
            f'<p class="lede"><strong>{escape(lede.text)}</strong> <a class="small" href="#{_attr(quote(lede.id))}">{escape(lede.id)}</a>{hedged}</p>'
        )
    points = summary.key_points if summary else ()
    if points:
        out.append('<ol class="points">')
        for kp in points:
            text = kp.neutral_text or kp.text
            item = f'{escape(text)} <a class="small" href="#{_attr(quote(kp.id))}">{escape(kp.id)}</a>'
            if kp.neutral_text and kp.neutral_text != kp.text:
                removed = f" (removed: {escape(', '.join(kp.removed))})" if kp.removed else ""
                item += f'<br><span class="was">original: {escape(kp.text)}{removed}</span>'
            elif kp.flagged:
                item += f' <span class="was">(flagged: {escape(", ".join(kp.flagged))})</span>'
            out.append(f"<li>{item}</li>")
        out.append("</ol>")
    else:
        out.append("<p>No key points.</p>")
    claims = items_of(getattr(summary, "claims", None)) or items_of(getattr(analysis, "claims", None))
    if claims:
        out.append("<h3>Claims</h3>\n<ul>")
        for claim in claims:
            text = text_of(claim) or ""
            source = text_of(getattr(claim, "source", None) or getattr(claim, "speaker", None))
            whose = {"author": "the author argues", "article": "the article states, unattributed"}.get(str(getattr(claim, "by", "")))
            source = source or whose
            by = f' <span class="was">\u2014 {escape(source)}</span>' if source else ""
            cid = text_of(getattr(claim, "id", None))
            link = f' <a class="small" href="#{_attr(quote(cid))}">{escape(cid)}</a>' if cid else ""
            out.append(f"<li>{escape(text)}{by}{link}</li>")
        out.append("</ul>")
    for note in summary.notes if summary else ():
        out.append(f'<p class="small">{escape(note)}</p>')
    if analysis.quotes:
        out.append("<h3>Quotes</h3>\n<ul>")
        for q in analysis.quotes:
            speaker = escape(q.speaker) if q.speaker else "<em>speaker not found</em>"
            out.append(
                f'<li>\u201c{escape(q.text)}\u201d \u2014 {speaker} <a class="small" href="#{_attr(quote(q.sentence_id))}">{escape(q.sentence_id)}</a></li>'
            )
        out.append("</ul>")
    out.append("</section>")
    return out


def _article(analysis: Analysis) -> list[str]:
    labels = sorted({e.label for e in analysis.entities})
    keys = "".join(f'<mark class="entity ent-{label_class(label)}" data-label="{_attr(label)}"></mark>' for label in labels)
    out = [
        "<section>\n<h2>Article</h2>",
        f'<p class="small">Flag cues: {flag_keys()} (solid: pending, double: accepted, dotted: dismissed; hover for the rule). '
        f'<span class="kp">Key point</span> <span class="quote">quote</span></p>',
    ]
    if keys:
        out.append(f'<p class="small entities">Entities: {keys}</p>')
    out.append(f'<div class="entities">{render_spans(analysis.article.text, article_spans(analysis))}</div>')
    boilerplate = analysis.article.boilerplate
    if boilerplate:
        kinds = ", ".join(sorted({b.kind for b in boilerplate}))
        out.append(
            f'<details class="boilerplate">\n<summary>Removed before the analysis: {len(boilerplate)} boilerplate block(s) ({escape(kinds)})</summary>\n<ul>'
        )
        for b in boilerplate:
            out.append(f'<li><span class="small">{escape(b.kind)}{f" / {escape(b.rule)}" if b.rule else ""}:</span> {escape(b.text)}</li>')
        out.append("</ul>\n</details>")
    out.append("</section>")
    return out


def render_article(analysis: Analysis, *, index_href: str | None = "index.html", source: str | None = None) -> str:
    """The report page of one analysis, as one HTML document.

    ``index_href`` is the relative link back to the index (None: no link);
    ``source`` names the JSON file it was made from, for the footer.
    """
    article = analysis.article
    title = (article.title or "").strip() or article.id
    parts = [head(f"{title} \u2014 pipeline report"), "<main>"]
    parts += _header(analysis, index_href=index_href)
    parts += _summary(analysis)
    parts += _article(analysis)
    info = analysis.pipeline
    origin = f" from {escape(source)}" if source else ""
    parts.append(
        f'<footer class="small"><p>Article id {escape(article.id)}{origin}; pipeline {escape(info.version)}, '
        f"model {escape(info.model)} {escape(info.model_version)}, schema {escape(analysis.schema_version)}.</p></footer>"
    )
    parts.append("</main>\n</body>\n</html>\n")
    return "\n".join(parts)
