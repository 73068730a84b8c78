"""Three renderings of a :class:`~pipeline.diff.model.Diff`: text, Markdown and JSON.

The text form marks changed words as ``[-old-]{+new+}`` (as ``git diff
--word-diff``) and, with ``color=True``, colours them with ``click.style``;
``click.echo`` drops the colours when the output is not a terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

import click

from ..convert import to_dict
from .model import DateView, Diff, FigureView, FlagChange, PointChange, QuoteChange, Version, WordOp

__all__ = ["render_text", "render_markdown", "render_json", "render_history", "format_amount", "summary_line"]

_TITLES = {
    "metadata": "Metadata",
    "points": "Key points",
    "figures": "Figures",
    "dates": "Dates",
    "entities": "Entities",
    "flags": "Flags",
    "quotes": "Quotes and attributions",
}
_NOUNS = {
    "metadata": ("metadata change", "metadata changes"),
    "points": ("key point", "key points"),
    "figures": ("figure", "figures"),
    "dates": ("date", "dates"),
    "entities": ("entity", "entities"),
    "flags": ("flag", "flags"),
    "quotes": ("quote or attribution", "quotes and attributions"),
}
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>~|])")
_FIELDS = {"word_count": "word count", "published": "published", "updated": "updated", "title": "title", "author": "author", "url": "URL"}


def format_amount(amount: float | None, unit: str | None) -> str:
    """An amount in full with thousands grouping: ``100,000,000 USD``, ``12.5%``; never ``1e+08``."""
    if amount is None:
        return "?"
    if float(amount).is_integer():
        number = f"{int(amount):,}"
    else:
        number = f"{amount:,.6f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}" if unit else number


def _value(v: str | int | None) -> str:
    if v is None:
        return "(none)"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _figure(f: FigureView) -> str:
    return f"{f.text} ({format_amount(f.amount, f.unit)})" if f.amount is not None else f.text


def _date(d: DateView) -> str:
    return f"{d.text} ({d.value})" if d.value and d.value != d.text else d.text


def summary_line(d: Diff) -> str:
    """One line: what changed, section by section, or ``no differences in substance``."""
    if not d.has_differences:
        return "no differences in substance"
    parts = []
    for name, n in d.counts().items():
        if n:
            one, many = _NOUNS[name]
            parts.append(f"{n} {one if n == 1 else many}")
    return "changed: " + ", ".join(parts)


class _Style:
    def __init__(self, *, color: bool, markdown: bool) -> None:
        self.color, self.md = color, markdown

    def t(self, text: str) -> str:
        """Text as data: Markdown's inline markers escaped, on one line (unchanged for the terminal)."""
        return _MD_ESCAPE.sub(r"\\\1", " ".join(text.split("\n"))) if self.md else text

    def add(self, text: str) -> str:
        if self.md:
            return f"**{self.t(text)}**" if text.strip() else text
        return click.style(f"{{+{text}+}}", fg="green") if self.color else f"{{+{text}+}}"

    def rem(self, text: str) -> str:
        if self.md:
            return f"~~{self.t(text)}~~" if text.strip() else text
        return click.style(f"[-{text}-]", fg="red") if self.color else f"[-{text}-]"

    def cue(self, text: str) -> str:
        if self.md:
            return f"**{self.t(text)}**"
        return click.style(f"*{text}*", bold=True, underline=True) if self.color else f"*{text}*"

    def head(self, text: str) -> str:
        return click.style(text, bold=True) if self.color and not self.md else text

    def sign(self, change: str) -> str:
        mark = {"added": "+", "removed": "-"}.get(change, "~")
        if self.md:
            return {"+": "**+**", "-": "**−**"}.get(mark, "**~**")
        if self.color and not self.md:
            return click.style(mark, fg={"+": "green", "-": "red"}.get(mark, "yellow"), bold=True)
        return mark

    def words(self, ops: Sequence[WordOp]) -> str:
        return "".join(self.t(op.text) if op.op == "equal" else self.rem(op.text) if op.op == "delete" else self.add(op.text) for op in ops)

    def quote(self, text: str) -> str:
        return f"“{text}”"


def _highlight(f: FlagChange, st: _Style) -> str:
    s = f.sentence
    return st.t(s[: f.start]) + st.cue(s[f.start : f.end]) + st.t(s[f.end :])


def _point(p: PointChange, st: _Style) -> str:
    what = {"lede": "lede", "key_point": "key point"}.get(p.part, "sentence")
    if p.change == "changed":
        return f"{st.sign('changed')} {what} reworded: {st.words(p.words)}"
    if p.words:  # the sentence is on both sides, reworded, and joined or left the key points
        return f"{st.sign(p.change)} {what} {p.change} ({p.why}): {st.words(p.words)}"
    text = p.after if p.change == "added" else p.before
    return f"{st.sign(p.change)} {what} {p.change} ({p.why}): {st.t(text or '')}"


def _quote(q: QuoteChange, st: _Style) -> str:
    if q.kind == "attribution":
        if q.change == "reattributed":
            return f"{st.sign('changed')} attribution {q.speaker_before} → {q.speaker_after} ({q.cue}): {st.t(q.sentence)}"
        who = q.speaker_after if q.change == "added" else q.speaker_before
        return f"{st.sign(q.change)} attribution to {who or 'an unnamed source'} ({q.cue}) {q.change}: {st.t(q.sentence)}"
    if q.change == "reattributed":
        return f"{st.sign('changed')} quote re-attributed from {q.speaker_before or 'nobody'} to {q.speaker_after or 'nobody'}: {st.quote(st.t(q.after or ''))}"
    if q.change == "changed":
        return f"{st.sign('changed')} quote by {q.speaker_after or 'an unnamed speaker'} changed: {st.quote(st.words(q.words))}"
    who = q.speaker_after if q.change == "added" else q.speaker_before
    text = q.after if q.change == "added" else q.before
    return f"{st.sign(q.change)} quote by {who or 'an unnamed speaker'} {q.change}: {st.quote(st.t(text or ''))}"


def _section_lines(d: Diff, name: str, st: _Style) -> list[str]:
    out: list[str] = []
    if name == "metadata":
        for m in d.metadata:
            out.append(f"{st.sign('changed')} {_FIELDS.get(m.field, m.field)}: {_value(m.before)} → {_value(m.after)}")
        if d.text_changed and d.text is not None:
            t = d.text
            out.append(
                f"{st.sign('changed')} sentences: {t.before:,} → {t.after:,} ({t.added} added, {t.removed} removed, {t.reworded} reworded)"
            )
    elif name == "points":
        out += [_point(p, st) for p in d.points]
    elif name == "figures":
        for f in d.figures:
            if f.change == "changed":
                assert f.before is not None and f.after is not None
                out.append(
                    f"{st.sign('changed')} {st.rem(f.before.text)} → {st.add(f.after.text)} "
                    f"({format_amount(f.before.amount, f.before.unit)} → {format_amount(f.after.amount, f.after.unit)}): {st.t(f.after.sentence)}"
                )
            else:
                v = f.after if f.change == "added" else f.before
                assert v is not None
                out.append(f"{st.sign(f.change)} {st.t(_figure(v))} {f.change}: {st.t(v.sentence)}")
    elif name == "dates":
        for dc in d.dates:
            if dc.change == "redated":
                assert dc.before is not None and dc.after is not None
                out.append(f"{st.sign('changed')} re-dated {st.t(_date(dc.before))} → {st.t(_date(dc.after))}: {st.t(dc.after.sentence)}")
            else:
                dv = dc.after if dc.change == "added" else dc.before
                assert dv is not None
                out.append(f"{st.sign(dc.change)} {st.t(_date(dv))} {dc.change}: {st.t(dv.sentence)}")
    elif name == "entities":
        for e in d.entities:
            if e.change == "count":
                out.append(f"{st.sign('changed')} {st.t(e.name)} ({e.label}): {e.before} → {e.after} mentions")
            else:
                out.append(
                    f"{st.sign(e.change)} {st.t(e.name)} ({e.label}) {e.change}, {max(e.before, e.after)} mention{'s' if max(e.before, e.after) != 1 else ''}"
                )
    elif name == "flags":
        out += [f"{st.sign(f.change)} {f.category} {st.quote(st.t(f.cue))} {f.change}: {_highlight(f, st)}" for f in d.flags]
    elif name == "quotes":
        out += [_quote(q, st) for q in d.quotes]
    return out


def _rates_lines(d: Diff, *, markdown: bool) -> list[str]:
    if not (d.flags or d.tone) or d.subjective_share is None:
        return []
    rows = [(r.category, f"{r.before:.2f}", f"{r.after:.2f}", f"{r.after - r.before:+.2f}") for r in d.flag_rates]
    x, y = d.subjective_share
    rows.append(("subjective share", f"{x:.1%}", f"{y:.1%}", f"{(y - x) * 100:+.1f} pts"))
    tone = f"B is {', '.join(d.tone)} than A." if d.tone else "Tone about the same."
    if markdown:
        out = ["", "| flags per 1,000 words | A | B | change |", "| --- | ---: | ---: | ---: |"]
        out += [f"| {c} | {a} | {b} | {ch} |" for c, a, b, ch in rows]
        return [*out, "", tone]
    width = max(len(r[0]) for r in rows)
    out = [f"  {'per 1,000 words':{width}}  {'A':>7}  {'B':>7}  {'change':>9}"]
    out += [f"  {c:{width}}  {a:>7}  {b:>7}  {ch:>9}" for c, a, b, ch in rows]
    return [*out, f"  {tone}"]


def _header(d: Diff, st: _Style) -> list[str]:
    notes = []
    if d.same_input:
        notes.append("same input")
    if not d.same_settings:
        notes.append(f"different settings ({d.a.settings_hash} → {d.b.settings_hash})")
    if d.a.pipeline_version != d.b.pipeline_version:
        notes.append(f"pipeline {d.a.pipeline_version} → {d.b.pipeline_version}")
    if d.same_article:
        kind = "two versions of one article"
    else:
        kind = f"different articles: {d.a.title or d.a.id!r} and {d.b.title or d.b.id!r}"
    return [kind + (f"; {', '.join(notes)}" if notes else "")]


def _only(d: Diff) -> list[tuple[str, list[str]]]:
    out = []
    for side, only in (("A", d.only_a), ("B", d.only_b)):
        if only is None:
            continue
        items = [f"figures: {', '.join(only.figures)}"] if only.figures else []
        items += [f"quotes: {' | '.join(only.quotes)}"] if only.quotes else []
        items += [f"entities: {', '.join(only.entities)}"] if only.entities else []
        out.append((f"Only in {side}", items or ["nothing"]))
    return out


def _render(d: Diff, st: _Style, heading: Callable[[str], str], item: Callable[[str], str]) -> list[str]:
    lines: list[str] = []
    for name in d.sections:
        body = _section_lines(d, name, st)
        rates = _rates_lines(d, markdown=st.md) if name == "flags" else []
        if not body and not rates:
            continue
        lines += ["", heading(_TITLES[name])]
        if st.md:
            lines.append("")
        lines += [item(x) for x in body]
        lines += rates
    return lines


def render_text(d: Diff, *, color: bool = False) -> str:
    """The diff for a terminal; ``color`` adds click styles (dropped by ``click.echo`` when piped)."""
    st = _Style(color=color, markdown=False)
    lines = [st.head(f"--- A: {d.a.label}"), st.head(f"+++ B: {d.b.label}"), *_header(d, st)]
    for title, items in _only(d):
        lines.append(f"{title}: " + "; ".join(items))
    lines += _render(d, st, lambda t: st.head(t), lambda x: f"  {x}")
    lines += ["", summary_line(d)]
    return "\n".join(lines) + "\n"


def render_markdown(d: Diff) -> str:
    """The diff as a Markdown report."""
    st = _Style(color=False, markdown=True)
    lines = [f"# Diff: `{d.a.label}` → `{d.b.label}`", "", f"_{_header(d, st)[0]}_"]
    for title, items in _only(d):
        lines += ["", f"**{title}:**", "", *[f"- {x}" for x in items]]
    lines += _render(d, st, lambda t: f"## {t}", lambda x: f"- {x}")
    lines += ["", f"**{summary_line(d)}**"]
    return "\n".join(lines) + "\n"


def render_json(d: Diff) -> str:
    """The diff as JSON (structure in ``pipeline/schema/diff.schema.json``)."""
    data = to_dict(d)
    data["has_differences"] = d.has_differences
    data["counts"] = d.counts()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_history(article_id: str, versions: Sequence[Version], *, format: str = "text") -> str:
    """The kept versions of an article, oldest first, each with what changed from the one before."""
    if format == "json":
        return json.dumps({"id": article_id, "versions": to_dict(tuple(versions))}, ensure_ascii=False, indent=2) + "\n"

    def what(v: Version) -> str:
        return v.changes or f"first kept version: {v.words:,} words, {v.key_points} key points"

    if format == "markdown":
        lines = [f"# Versions of `{article_id}`", "", "| version | date | changes |", "| --- | --- | --- |"]
        lines += [f"| `{v.version}`{' (latest)' if v.latest else ''} | {v.date} | {what(v)} |" for v in versions]
        return "\n".join(lines) + "\n"
    lines = [f"{article_id}: {len(versions)} version{'s' if len(versions) != 1 else ''}, oldest first"]
    lines += [f"  {v.version}  {v.date}  {'latest' if v.latest else '      '}  {what(v)}" for v in versions]
    return "\n".join(lines) + "\n"
