"""The report's index page: one sortable row per article, most loaded first.

Reads :class:`~pipeline.report.figures.ArticleFigures` and returns a string.
Each row has the title (a link to the article's page), outlet, date, genre,
words, flags, flags per 1,000 words, subjective share, pending reviews and a
small inline SVG bar chart of flags per 1,000 words by category (one scale for
every row, so bars compare across articles). A chart of the whole set heads
the page. A small inline script sorts the table when a column head is clicked;
without it the table is still there, in its default order.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from ..models import FLAG_CATEGORIES
from .figures import ArticleFigures
from .theme import FLAG_COLOURS, FLAG_DEFAULT, SORT_SCRIPT, flag_keys, head

__all__ = ["render_index", "bar_chart"]

_BAR = 12  # width of one bar, px
_GAP = 3


def bar_chart(rates: dict[str, float], counts: dict[str, int] | None, *, scale: float, height: int = 28) -> str:
    """An inline SVG with one bar per flag category, ``scale`` flags per 1,000 words at full height."""
    width = len(FLAG_CATEGORIES) * (_BAR + _GAP)
    bars = []
    for i, category in enumerate(FLAG_CATEGORIES):
        rate = rates.get(category, 0.0)
        h = round(height * rate / scale, 1) if scale > 0 else 0.0
        h = max(h, 1.0) if rate > 0 else 0.0
        count = counts.get(category, 0) if counts is not None else 0
        n = f" ({count} flag{'' if count == 1 else 's'})" if counts is not None else ""
        bars.append(
            f'<rect x="{i * (_BAR + _GAP)}" y="{height - h}" width="{_BAR}" height="{h}" '
            f'fill="{FLAG_COLOURS.get(category, FLAG_DEFAULT)}"><title>{escape(category)}: {rate:g} per 1,000 words{n}</title></rect>'
        )
    return (
        f'<svg class="chart" width="{width}" height="{height + 1}" '
        f'viewBox="0 0 {width} {height + 1}" role="img" aria-label="flags per 1,000 words by category">'
        f'<line x1="0" y1="{height + 0.5}" x2="{width}" y2="{height + 0.5}" stroke="#ced4da"/>{"".join(bars)}</svg>'
    )


def _num(value: float, text: str) -> str:
    return f'<td class="n" data-v="{value}">{text}</td>'


def render_index(rows: Sequence[ArticleFigures], *, title: str = "pipeline report") -> str:
    """The index page over ``rows`` (shown most flags per 1,000 words first)."""
    rows = sorted(rows, key=lambda r: (-r.per_1000, r.title.lower()))
    scale = max((v for r in rows for v in r.per_1000_by_category.values()), default=0.0)
    words = sum(r.words for r in rows)
    totals = {c: sum(r.flags.get(c, 0) for r in rows) for c in FLAG_CATEGORIES}
    overall = {c: round(1000 * n / words, 2) if words else 0.0 for c, n in totals.items()}
    flags = sum(totals.values())
    parts = [head(title, script=True), "<main>", f"<h1>{escape(title)}</h1>"]
    parts.append(
        f'<p class="meta"><span>{len(rows)} article(s)</span><span>{words:,} words</span><span>{flags:,} flags</span>'
        f"<span>{1000 * flags / words if words else 0:.1f} per 1,000 words</span></p>"
    )
    parts.append(
        f"<figure>{bar_chart(overall, totals, scale=max(overall.values(), default=0.0), height=60)}"
        f'<figcaption class="small">All articles: flags per 1,000 words by category: {flag_keys()}</figcaption></figure>'
    )
    parts.append(
        '<p class="small">Flags counted as in the analyses: cues inside quotations and dismissed flags are left out; '
        "pending review counts every flag still to review, those inside quotations too. "
        "Click a column head to sort.</p>"
    )
    heads: list[tuple[str, str | None]] = [
        ("Article", ""),
        ("Outlet", ""),
        ("Date", ""),
        ("Genre", ""),
        ("Words", "n"),
        ("Flags", "n"),
        ("Per 1,000 words", "n"),
        ("Subjective", "n"),
        ("Pending review", "n"),
        ("By category", None),
    ]
    parts.append('<table class="sortable">\n<thead><tr>')
    parts.append(
        "".join(
            ('<th class="n" scope="col">' if cls == "n" else '<th scope="col">')
            + (escape(name) if cls is None else f'<button type="button">{escape(name)}</button>')
            + "</th>"
            for name, cls in heads
        )
    )
    parts.append("</tr></thead>\n<tbody>")
    for r in rows:
        cells = [
            f'<td data-v="{escape(r.title.lower(), quote=True)}"><a href="{escape(quote(r.page), quote=True)}">{escape(r.title)}</a></td>',
            f"<td>{escape(r.outlet or '')}</td>",
            f"<td>{escape(r.published or '')}</td>",
            f"<td>{escape(r.genre or '')}</td>",
            _num(r.words, f"{r.words:,}"),
            _num(r.flags_total, f"{r.flags_total:,}"),
            _num(r.per_1000, f"{r.per_1000:.1f}"),
            _num(r.subjective_share, f"{100 * r.subjective_share:.0f}%"),
            _num(r.reviews.get("pending", 0), f"{r.reviews.get('pending', 0):,}"),
            f'<td data-v="{r.per_1000}">{bar_chart(dict(r.per_1000_by_category), dict(r.flags), scale=scale)}</td>',
        ]
        parts.append(f"<tr>{''.join(cells)}</tr>")
    parts.append("</tbody>\n</table>")
    if not rows:
        parts.append("<p>No articles.</p>")
    parts.append(f"</main>\n<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n")
    return "\n".join(parts)
