"""Genre: what kind of piece an article is, and the evidence that decided it.

Reads: the article (URL, metadata, title, blocks, boilerplate) and its flagged
sentences. Adds: ``Article.genre``, a :class:`~pipeline.models.Genre` whose
``label`` is one of :data:`GENRES` and whose ``evidence`` names each cue that
decided it.

The cues are general, tried in this order; the first that decides wins:

1. **Section words** in the URL path or in the metadata (``section``,
   ``category``, ``genre``, ``og:type``, ``articleSection``, ``type``): "opinion",
   "comment", "editorial", "op-ed", "column", "analysis" -> opinion; "review" ->
   review; "press-release", "news-release" -> press release; "live", "liveblog",
   "live-updates" -> live blog. A title that opens with such a word and a colon
   ("Opinion: …", "Review: …", "Live: …") counts the same.
2. **Dated update blocks**: :data:`MIN_UPDATES` or more paragraphs or headings
   that open with a clock time ("10:45", "9.30am") or "Update"/"Updated" -> live blog.
3. **Release boilerplate**: "for immediate release", "media contact", "press
   contact", "###" on its own line, or an "About <name>" block near the end ->
   press release.
4. **A rating** ("4/5", "★★★★", "four out of five stars") with evaluative cues
   in at least :data:`REVIEW_EVALUATIVE` of the sentences -> review.
5. **Density**: first person singular ("I", "my") in at least
   :data:`FIRST_PERSON` of the sentences (not counting a sentence with a quotation
   mark or a reporting verb: that "I" is a source's) and evaluative cues (own-voice opinion,
   booster or rhetorical flags) in at least :data:`EVALUATIVE` of them, or
   evaluative cues alone in at least :data:`EVALUATIVE_ALONE`, or an essay marker
   ("This article examines…", a paragraph opening "In conclusion") with evaluative
   cues in at least :data:`EVALUATIVE` -> opinion (commentary, analysis).
6. Otherwise a news report; "other" when the article has fewer than
   :data:`MIN_SENTENCES` prose sentences (too little to judge).

The thresholds were set by hand on small hand-written examples and checked on the
development summary sets (BBC News and CNN/DailyMail stories, news reports all:
see docs/summary.md for the share labelled news); no words come from any data file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..models import Article, Genre, Sentence

__all__ = [
    "classify_genre",
    "GENRES",
    "SECTION_WORDS",
    "MIN_UPDATES",
    "FIRST_PERSON",
    "EVALUATIVE",
    "EVALUATIVE_ALONE",
    "REVIEW_EVALUATIVE",
    "MIN_SENTENCES",
]

#: The labels, and how the Markdown names them.
GENRES: Mapping[str, str] = {
    "news": "news report",
    "opinion": "opinion/column",
    "review": "review",
    "press_release": "press release",
    "live_blog": "live blog",
    "other": "other",
}

#: Section words (URL path parts, metadata values, title prefixes) by genre.
SECTION_WORDS: Mapping[str, frozenset[str]] = {
    "live_blog": frozenset({"live", "liveblog", "live-blog", "live-updates", "live-news", "as-it-happened"}),
    "press_release": frozenset({"press-release", "press-releases", "pressrelease", "pressreleases", "news-release", "news-releases"}),
    "review": frozenset({"review", "reviews"}),
    "opinion": frozenset(
        {"opinion", "opinions", "comment", "commentisfree", "editorial", "editorials", "op-ed", "oped", "column", "columns"}
        | {"columnist", "columnists", "analysis", "viewpoint", "viewpoints", "perspective", "perspectives", "letters"}
    ),
}

#: Update blocks that make a live blog.
MIN_UPDATES: int = 3
#: Share of sentences with first person singular (with EVALUATIVE) for an opinion piece.
FIRST_PERSON: float = 0.2
#: Share of sentences with evaluative cues (with FIRST_PERSON) for an opinion piece.
EVALUATIVE: float = 0.35
#: Share of sentences with evaluative cues that alone makes an opinion piece.
EVALUATIVE_ALONE: float = 0.6
#: Share of sentences with evaluative cues that a rated piece needs to be a review.
REVIEW_EVALUATIVE: float = 0.25
#: Fewer prose sentences than this: "other".
MIN_SENTENCES: int = 3

_META_KEYS = ("section", "category", "genre", "og:type", "articlesection", "article:section", "type", "kind")
_URL_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TITLE_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z-]*(?: [A-Za-z]+)?)\s*[:|]")
_UPDATE = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|BST|UTC|ET|EST|EDT|PT|CET)?\b|updated?\b)", re.IGNORECASE)
_RELEASE = re.compile(
    r"for immediate release|\b(?:media|press) (?:contact|enquiries|inquiries)\b|^\s*#{3}\s*$", re.IGNORECASE | re.MULTILINE
)
_ABOUT = re.compile(r"^\s*about [A-Z]", re.MULTILINE)
_RATING = re.compile(
    r"[★☆]{3,}|\b[0-5](?:\.5)?\s*/\s*5\b|\b(?:10|[0-9](?:\.5)?)\s*/\s*10\b|\b(?:\d|one|two|three|four|five)\s+(?:out of|of)\s+(?:5|five|10|ten)\s+stars?\b",
    re.IGNORECASE,
)
#: The piece speaks of itself or concludes like an essay: an analysis or commentary.
_ESSAY = re.compile(
    r"\b(?:this|the present) (?:article|essay|piece|column|post) (?:argues|examines|explores|delves|looks|considers)\b", re.IGNORECASE
)
_CONCLUDE = re.compile(r"\s*(?:in conclusion|to conclude|in sum)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(?:I|me|my|mine|myself)\b")
#: A sentence with a quotation mark or a reporting verb: its first person is a source's.
_REPORTED = re.compile(r"[\"“”]|(?:^|\s)['‘]|\b(?:said|says|told|added|explained|according)\b", re.IGNORECASE)
_EVALUATIVE_FLAGS = frozenset({"opinion", "booster", "rhetorical"})


def _section_genre(words: Sequence[str]) -> str | None:
    for genre, vocab in SECTION_WORDS.items():
        if any(w in vocab for w in words):
            return genre
    return None


def _url_words(url: str) -> list[str]:
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?")[0]
    words: list[str] = []
    for part in path.split("/"):
        words.append(part)
        words.extend(_URL_WORD.findall(part))
        words.extend(part.split("-"))
    return [w for w in words if w]


def _meta_words(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in meta.items():
        if str(key).lower() in _META_KEYS and isinstance(value, str):
            low = value.lower().strip()
            out.extend((key, w) for w in [low, low.replace(" ", "-"), *re.findall(r"[a-z]+(?:-[a-z]+)*", low)])
    return out


def classify_genre(article: Article, sentences: Sequence[Sentence]) -> Genre:
    """The :class:`Genre` of ``article`` from its URL, metadata, layout and flagged ``sentences``."""
    if article.url:
        genre = _section_genre(_url_words(article.url))
        if genre:
            return Genre(genre, (f"URL section word ({article.url})",))
    for key, word in _meta_words(article.meta):
        genre = _section_genre([word])
        if genre:
            return Genre(genre, (f"metadata {key}: {word}",))
    if article.title:
        m = _TITLE_PREFIX.match(article.title)
        if m:
            genre = _section_genre([m.group(1).lower().replace(" ", "-"), m.group(1).lower()])
            if genre:
                return Genre(genre, (f"title opens with {m.group(1)!r}",))

    blocks = [b for b in article.blocks if b.kind in ("paragraph", "heading", "list_item")]
    updates = sum(1 for b in blocks if _UPDATE.match(b.text))
    if updates >= MIN_UPDATES:
        return Genre("live_blog", (f"{updates} blocks open with a time or an update mark",))
    tail = article.text + "\n" + "\n".join(b.text for b in article.boilerplate)
    release = sorted({m.group(0).strip().lower() for m in _RELEASE.finditer(tail)})
    about = [m for m in _ABOUT.finditer(article.text) if m.start() > len(article.text) // 2]
    if release or (about and re.search(r"\b(?:announced|announces|today)\b", article.text[:600], re.IGNORECASE)):
        cues = [f"release boilerplate: {c!r}" for c in release] + (["an 'About …' block near the end"] if about else [])
        return Genre("press_release", tuple(cues))

    prose = [s for s in sentences if s.kind == "paragraph"]
    if len(prose) < MIN_SENTENCES:
        return Genre("other", (f"only {len(prose)} prose sentence(s)",))
    n = len(prose)
    evaluative = sum(1 for s in prose if any(f.category in _EVALUATIVE_FLAGS and not f.quoted and not f.reported for f in s.flags)) / n
    first = sum(1 for s in prose if _FIRST.search(s.text) and not _REPORTED.search(s.text)) / n
    density = f"evaluative cues in {evaluative:.0%} of sentences"
    person = f"first person in {first:.0%} of sentences"
    rating = _RATING.search(article.text) if evaluative >= REVIEW_EVALUATIVE else None  # a scan of the whole text
    if rating:
        return Genre("review", (f"a rating ({rating.group(0)})", density))
    if first >= FIRST_PERSON and evaluative >= EVALUATIVE:
        return Genre("opinion", (person, density))
    if evaluative >= EVALUATIVE_ALONE:
        return Genre("opinion", (density,))
    essay = _ESSAY.search(article.text) or next((m for m in (_CONCLUDE.match(s.text) for s in prose) if m), None)
    if essay and evaluative >= EVALUATIVE:
        return Genre("opinion", (f"essay marker ({essay.group(0).strip()!r})", density))
    return Genre("news", (density, person, "no section word, update blocks, release boilerplate or rating"))
