"""The figures of one analysed article that the index shows, and the optional fields it may have.

Flags are counted as the pipeline's stats count them: a cue inside a quotation
is the speaker's wording and is not counted, and a flag a reviewer dismissed is
not counted either. Rates are per 1,000 words of the cleaned article.

Some fields are optional and read defensively, so that the report works on
analyses written before they existed and after they are added: the genre
(``article.genre``, ``analysis.genre`` or ``article.meta["genre"]``; a string or
an object with a ``label``), the outlet (``article.outlet`` or the page's site
name or host name in ``article.meta``), the lede and the claims of the summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..models import FLAG_CATEGORIES, Analysis, Flag

__all__ = ["ArticleFigures", "article_figures", "review_status", "genre_of", "outlet_of", "text_of", "items_of"]


@dataclass(frozen=True, slots=True)
class ArticleFigures:
    """One row of the index."""

    id: str
    page: str
    title: str
    outlet: str | None
    published: str | None
    genre: str | None
    words: int
    flags: Mapping[str, int]
    flags_total: int
    per_1000: float
    per_1000_by_category: Mapping[str, float]
    subjective_share: float
    reviews: Mapping[str, int]


def review_status(flag: Flag) -> str:
    """``pending``, ``accepted`` or ``dismissed`` (or whatever newer status the flag holds)."""
    return str(flag.review) if flag.review else "pending"


def text_of(value: Any) -> str | None:
    """A display string for a plain value or an object with a ``text``, ``label`` or ``name``."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):
        for key in ("text", "label", "name", "value"):
            if value.get(key):
                return str(value[key])
        return None
    for attr in ("text", "label", "name", "value"):
        found = getattr(value, attr, None)
        if found:
            return str(found)
    return str(value)


def items_of(value: Any) -> tuple[Any, ...]:
    """A tuple of the items of an optional list-like field (None and strings count as none / one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def genre_of(analysis: Analysis) -> str | None:
    article = analysis.article
    for value in (getattr(article, "genre", None), getattr(analysis, "genre", None), article.meta.get("genre")):
        text = text_of(value)
        if text:
            return text
    return None


def outlet_of(analysis: Analysis) -> str | None:
    article = analysis.article
    for value in (
        getattr(article, "outlet", None),
        *(article.meta.get(k) for k in ("outlet", "sitename", "site_name", "hostname", "source")),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def article_figures(analysis: Analysis, *, page: str) -> ArticleFigures:
    """The index row of ``analysis``, whose page is the file name ``page``."""
    article = analysis.article
    counts = dict.fromkeys(FLAG_CATEGORIES, 0)
    reviews = {"pending": 0, "accepted": 0, "dismissed": 0}
    for sentence in analysis.sentences:
        for flag in sentence.flags:
            status = review_status(flag)
            reviews[status] = reviews.get(status, 0) + 1
            if not flag.quoted and status != "dismissed":
                counts[flag.category] = counts.get(flag.category, 0) + 1
    words = article.word_count or analysis.stats.words
    total = sum(counts.values())

    def rate(n: int) -> float:
        return round(1000 * n / words, 2) if words else 0.0

    subjective = sum(1 for s in analysis.sentences if s.subjective)
    return ArticleFigures(
        id=article.id,
        page=page,
        title=(article.title or "").strip() or article.id,
        outlet=outlet_of(analysis),
        published=article.published,
        genre=genre_of(analysis),
        words=words,
        flags=counts,
        flags_total=total,
        per_1000=rate(total),
        per_1000_by_category={c: rate(n) for c, n in counts.items()},
        subjective_share=round(subjective / len(analysis.sentences), 4) if analysis.sentences else 0.0,
        reviews=reviews,
    )
