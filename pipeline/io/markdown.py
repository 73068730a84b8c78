"""Markdown for people: the summary of one analysed article.

``render_markdown(analysis)`` returns one Markdown document that reads well in
a terminal and on a code-hosting site (plain lists, no HTML, no wide tables):

- the title; outlet, author and date when known; the genre with its evidence
  and the loadedness (flags per 1,000 words, share of subjective sentences); a
  source line; the article's warnings (non-English text, paywall, very short
  body) as a note;
- the **lede** (the neutral sentence that best states what happened), marked when hedged;
- **Key points**: the summary's sentences in article order, each with its
  sentence id (to find it in the JSON), marked when hedged or flagged; a key
  point with a neutral wording shows it first, then the original and the
  removed cues; notes follow;
- **The author argues** (opinion, review, press release) or **Claims in the
  article's own voice** (news): the article's evaluative sentences as they
  stand, with their flags, attributed to the author or the article;
- **Who** (entities by salience: name, label, mentions), **When** (timeline; ISO weeks as "the week of 11 November 2019"),
  **Figures**, **Says who** (named sources, then unnamed ones apart, then
  quotes with their speakers);
- **Language**: flag counts by category and the three most loaded sentences
  with their cue words in bold;
- **Removed**: the boilerplate kept out of the analysis, by kind, with the
  first words of each block;
- a one-line stats footer.

A section with nothing to show says "None found." Works on an Analysis whose
entities, dates, figures, quotes or summary are empty.

Everything taken from the article (which a stranger wrote) renders as text:
Markdown markers, ``&``, ``<`` and ``>`` are backslash-escaped, code spans
use a fence longer than any backtick run inside them, and only an ``http``
or ``https`` URL becomes a link (percent-encoded); any other URL is shown as
escaped text.
"""

from __future__ import annotations

import datetime as _dt
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Sequence

from ..models import FLAG_CATEGORIES, Analysis, Figure, Flag, Sentence

__all__ = ["render_markdown", "readable_when", "MAX_ENTITIES", "MAX_ITEMS", "LOADED_SENTENCES"]

#: Entities listed under "Who".
MAX_ENTITIES: int = 10
#: Items listed under When, Figures and each part of Says who.
MAX_ITEMS: int = 12
#: Sentences shown under "Language".
LOADED_SENTENCES: int = 3

_ESCAPE = re.compile(r"([\\`*_\[\]<>&])")
_NONE = "None found."


def _esc(text: str) -> str:
    """Text with Markdown's inline markers escaped, on one line."""
    return _ESCAPE.sub(r"\\\1", " ".join(text.split()))


def _esc_part(text: str) -> str:
    """Like :func:`_esc` for a piece of a line: spaces at its edges are kept."""
    return _ESCAPE.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _code(text: str) -> str:
    """``text`` as an inline code span that nothing inside can close: the fence is
    one backtick longer than the longest run of backticks in it."""
    text = " ".join(str(text).split())
    runs = [len(r) for r in re.findall(r"`+", text)]
    if not runs:
        return f"`{text}`"
    fence = "`" * (max(runs) + 1)
    return f"{fence} {text} {fence}"


#: Characters left as they are in a link target; everything else is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def _link(url: str) -> str:
    """An ``http``/``https`` URL as an autolink (percent-encoded); any other URL as escaped text."""
    url = url.strip()
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        parts = None
    if parts is not None and parts.scheme.lower() in ("http", "https") and parts.netloc:
        return f"<{urllib.parse.quote(url, safe=_URL_SAFE)}>"
    return _esc(url)


def _sid(sentence_id: str | None) -> str:
    return _code(sentence_id) if sentence_id else ""


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _section(title: str, lines: Sequence[str]) -> list[str]:
    return [f"## {title}", "", *(lines or [_NONE]), ""]


def _key_points(analysis: Analysis) -> list[str]:
    summary = analysis.summary
    if summary is None or not summary.key_points:
        return [_NONE]
    out: list[str] = []
    for n, kp in enumerate(summary.key_points, 1):
        marks = []
        if kp.hedged:
            marks.append("hedged")
        marks.extend(c for c in kp.flagged if c != "hedge")
        if kp.neutral_text and kp.neutral_text != kp.text:
            # The neutral wording leads; the article's own words follow with what was cut.
            removed = f" _(removed: {', '.join(_esc(r) for r in kp.removed)})_" if kp.removed else ""
            label = "; ".join(["neutral wording"] + ([", ".join(marks)] if marks else []))
            out.append(f"{n}. {_esc(kp.neutral_text)} {_sid(kp.id)} _({label})_")
            out.append(f"   - Original: {_esc(kp.text)}{removed}")
            continue
        mark = f" _({', '.join(marks)})_" if marks else ""
        out.append(f"{n}. {_esc(kp.text)} {_sid(kp.id)}{mark}")
    if summary.notes:
        out.append("")
        out.extend(f"> Note: {_esc(note)}" for note in summary.notes)
    out.append("")
    out.append(f"_Method: {_esc(summary.method)}._")
    return out


def _genre(analysis: Analysis) -> list[str]:
    """The genre line under the title, with its evidence, and the loadedness line."""
    from ..genre import GENRES

    out = []
    g = analysis.article.genre
    if g is not None:
        why = f" ({_esc('; '.join(g.evidence))})" if g.evidence else ""
        out.append(f"Genre: **{GENRES.get(g.label, g.label)}**{why}")
    if analysis.sentences:
        words = analysis.article.word_count or len(analysis.article.text.split())
        n_flags = sum(len(s.flags) for s in analysis.sentences)
        subjective = sum(1 for s in analysis.sentences if s.subjective) / len(analysis.sentences)
        per = 1000 * n_flags / max(words, 1)
        out.append(f"Loadedness: {per:.1f} flags per 1,000 words · {subjective:.0%} of sentences subjective")
    return ["  \n".join(out), ""] if out else []


def _lede(analysis: Analysis) -> list[str]:
    """The lede line: the neutral sentence that best states what happened."""
    summary = analysis.summary
    if summary is None or not summary.lede:
        return []
    sentence = next((s for s in analysis.sentences if s.id == summary.lede), None)
    if sentence is None:
        return []
    # a hedged lede says so, as a hedged key point does
    mark = " _(hedged)_" if any(f.category == "hedge" for f in sentence.flags) else ""
    text = summary.lede_text or sentence.text  # without the body's dateline
    return [f"**Lede:** {_esc(text)} {_sid(sentence.id)}{mark}", ""]


def _claims(analysis: Analysis) -> list[str]:
    """The article's own claims, as they stand, labelled with their flags and attributed."""
    summary = analysis.summary
    if summary is None or not summary.claims:
        return []
    by_author = summary.claims[0].by == "author"
    title = "The author argues" if by_author else "Claims in the article's own voice"
    intro = (
        "The piece's main claims as it makes them (the author's view, not reported fact):"
        if by_author
        else "Evaluative sentences the article states without attributing them to a source:"
    )
    out = [intro, ""]
    for c in summary.claims:
        cues = f": {', '.join(_esc(q) for q in c.cues)}" if c.cues else ""
        label = "The author argues" if c.by == "author" else "The article states"
        out.append(f"- {label}: {_esc(c.text)} {_sid(c.id)} _({', '.join(c.flagged)}{cues})_")
    return _section(title, out)


def _who(analysis: Analysis) -> list[str]:
    ranked = sorted(
        enumerate(analysis.entities),
        key=lambda pair: (-pair[1].salience, -pair[1].count, pair[0]),
    )
    out = []
    for _, e in ranked[:MAX_ENTITIES]:
        times = "mention" if e.count == 1 else "mentions"
        out.append(f"- **{_esc(e.name)}** ({_esc(e.label)}): {e.count} {times}")
    return out


_ISO_WEEK = re.compile(r"\b(\d{4})-W(\d{2})\b")


def readable_when(value: str) -> str:
    """A date value as a reader can use it: ISO weeks (``2019-W46``) become ``the week of 11 November 2019``
    (the Monday that starts the week); every other value is kept. The JSON keeps the ISO value."""

    def week(m: re.Match[str]) -> str:
        try:
            monday = _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return m.group(0)
        return f"the week of {monday.day} {monday:%B} {monday.year}"

    return _ISO_WEEK.sub(week, value)


def _when(analysis: Analysis) -> list[str]:
    if analysis.timeline:
        return [
            f"- **{_esc(readable_when(t.value))}**: {_esc(_clip(t.text))} {_sid(t.sentence_id)}".rstrip()
            for t in analysis.timeline[:MAX_ITEMS]
        ]
    out = []
    # a When entry always has a value, and says when: no durations, sets or "the future"
    dated = [d for d in analysis.dates if d.value and d.kind in ("point", "interval", "relative")]
    for d in dated[:MAX_ITEMS]:
        out.append(f"- {_esc(d.text)} ({_esc(readable_when(d.value or ''))}) {_sid(d.sentence_id)}".rstrip())
    return out


def _plain(text: str) -> str:
    return re.sub(r"[\s,]", "", text).lower()


def _figures(analysis: Analysis) -> list[str]:
    """One line a figure, repeats of the same figure folded into its first line (``· 3 times``).

    The parenthesis gives the amount in full (``about 48,000,000 USD``) only when it
    reads differently from the text; a counted thing or a measure reads as written.
    """
    from ..facts.figures import format_amount

    groups: dict[tuple[str, float | None, str | None], list[Figure]] = {}
    for f in analysis.figures:
        groups.setdefault((_plain(f.text), f.amount, f.unit), []).append(f)
    out = []
    for same in list(groups.values())[:MAX_ITEMS]:
        f = same[0]
        full = format_amount(f.amount, f.unit)
        if full is not None and f.qualifier:
            full = f"{f.qualifier} {full}"
        detail = f" ({_esc(full)})" if full is not None and _plain(full) != _plain(f.text) else ""
        times = f" · {len(same)} times" if len(same) > 1 else ""
        out.append(f"- **{_esc(f.text)}**{detail} {_sid(f.sentence_id)}{times}".rstrip())
    return out


def _span(analysis: Analysis, start: int, end: int) -> str:
    text = analysis.article.text
    if 0 <= start < end <= len(text):
        return text[start:end]
    return ""


def _says_who(analysis: Analysis) -> list[str]:
    named = [a for a in analysis.attributions if a.named and a.source]
    unnamed = [a for a in analysis.attributions if not (a.named and a.source)]
    out: list[str] = []
    if named:
        out.append("Named sources:")
        out.append("")
        for a in named[:MAX_ITEMS]:
            claim = _clip(_span(analysis, a.start, a.end))
            claim = f": {_esc(claim)}" if claim else ""
            out.append(f"- **{_esc(a.source or '')}**{claim} {_sid(a.sentence_id)}".rstrip())
        out.append("")
    if unnamed:
        out.append("Unnamed sources:")
        out.append("")
        for a in unnamed[:MAX_ITEMS]:
            label = a.source or a.cue or "unnamed"
            claim = _clip(_span(analysis, a.start, a.end))
            claim = f": {_esc(claim)}" if claim else ""
            out.append(f"- _{_esc(label)}_{claim} {_sid(a.sentence_id)}".rstrip())
        out.append("")
    if analysis.quotes:
        out.append("Quotes:")
        out.append("")
        for q in analysis.quotes[:MAX_ITEMS]:
            speaker = _esc(q.speaker) if q.speaker else "unattributed"
            out.append(f"- “{_esc(_clip(q.text, 240))}” — {speaker} {_sid(q.sentence_id)}".rstrip())
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return out


def _bold_cues(sentence: Sentence, flags: Iterable[Flag]) -> str:
    """The sentence with each cue (by offset) in bold; overlapping cues are merged."""
    spans: list[list[int]] = []
    for f in sorted(flags, key=lambda f: (f.start, f.end)):
        lo, hi = max(f.start, sentence.start) - sentence.start, min(f.end, sentence.end) - sentence.start
        if lo >= hi:
            continue
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    text, out, pos = sentence.text, [], 0
    for lo, hi in spans:
        cue = text[lo:hi].strip()
        if not cue:
            continue
        out.append(_esc_part(text[pos:lo]))
        out.append(f"**{_esc(cue)}**")
        pos = hi
    out.append(_esc_part(text[pos:]))
    rendered = "".join(out)
    return re.sub(r" {2,}", " ", rendered).strip()


def _language(analysis: Analysis) -> list[str]:
    """Flag counts and the most loaded sentences; flags a reviewer dismissed are left out."""
    kept = {s.id: [f for f in s.flags if f.review != "dismissed"] for s in analysis.sentences}
    counts: Counter[str] = Counter(f.category for flags in kept.values() for f in flags)
    if not counts:
        return []
    order = [c for c in FLAG_CATEGORIES if counts[c]] + sorted(c for c in counts if c not in FLAG_CATEGORIES)
    out = ["Flags: " + " · ".join(f"{_esc(c)} {counts[c]}" for c in order), ""]
    loaded = sorted(
        (s for s in analysis.sentences if kept[s.id]),
        key=lambda s: (-len(kept[s.id]), -s.score, s.start),
    )[:LOADED_SENTENCES]
    if loaded:
        out.append("Most loaded sentences:")
        out.append("")
        for s in loaded:
            cats = Counter(f.category for f in kept[s.id])
            tally = ", ".join(f"{_esc(c)} {cats[c]}" for c in order if cats[c])
            out.append(f"- {_bold_cues(s, kept[s.id])} {_sid(s.id)} _({tally})_")
    return out


#: Words of each removed block shown under "Removed".
REMOVED_WORDS: int = 8


def _removed(analysis: Analysis) -> list[str]:
    """One line per kind: the kind, then the first words of each of its blocks."""
    by_kind: dict[str, list[str]] = {}
    for b in analysis.article.boilerplate:
        words = b.text.split()
        by_kind.setdefault(b.kind.replace("_", " "), []).append(
            " ".join(words[:REMOVED_WORDS]) + (" …" if len(words) > REMOVED_WORDS else "")
        )
    return [f"- {_esc(kind)}: " + "; ".join(f"“{_esc(t)}”" for t in texts) for kind, texts in sorted(by_kind.items())]


def _stats(analysis: Analysis) -> str:
    a = analysis.article
    n_sent = analysis.stats.sentences
    flagged = analysis.stats.flagged_sentences
    words = a.word_count or len(a.text.split())
    parts = [f"{words:,} words", f"{n_sent} sentences", f"{flagged} flagged"]
    if analysis.entities:
        parts.append(f"{len(analysis.entities)} entities")
    p = analysis.pipeline
    parts.append(f"model {_code(f'{p.model} {p.model_version}')}")
    parts.append(f"pipeline {_esc(p.version)}")
    parts.append(f"settings {_code(p.settings_hash)}")
    return "Stats: " + " · ".join(parts)


def render_markdown(analysis: Analysis) -> str:
    """The Markdown summary of ``analysis`` (a string ending in one newline)."""
    a = analysis.article
    title = a.title or a.id
    byline = [x for x in (a.outlet, a.author and f"by {a.author}", a.published) if x]
    source = [f"Source: {_code(a.source)}"] if a.source else []
    if a.url:
        source.append(_link(a.url))
    lines = [f"# {_esc(title)}", ""]
    if byline:
        lines += [_esc(" · ".join(byline)), ""]
    lines += _genre(analysis)
    if source:
        lines += [" · ".join(source), ""]
    lines += [f"> **Note:** {_esc(w)}" for w in a.warnings] + ([""] if a.warnings else [])
    lines += _lede(analysis)
    lines += _section("Key points", _key_points(analysis))
    lines += _claims(analysis)
    lines += _section("Who", _who(analysis))
    lines += _section("When", _when(analysis))
    lines += _section("Figures", _figures(analysis))
    lines += _section("Says who", _says_who(analysis))
    lines += _section("Language", _language(analysis))
    removed = _removed(analysis)
    lines += _section("Removed", removed) if removed else []
    lines += ["---", "", _stats(analysis)]
    return "\n".join(lines).rstrip("\n") + "\n"
