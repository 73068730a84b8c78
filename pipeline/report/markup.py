"""Marked-up text from character offsets: overlapping spans become well-formed HTML.

A :class:`Span` is an element to wrap around ``text[start:end]``. Spans may nest
(an entity inside a flag cue), cross (a quote that ends inside a sentence
another one starts) or share edges. :func:`render_spans` cuts the text at every
span edge; for each piece it knows which spans cover it and keeps the open
elements as a stack ordered outermost first (blocks, then earlier start, then
longer span, then the caller's ``order``). Between pieces it closes only what
no longer matches that order and opens what is missing, so a span is split into
fragments only where it truly crosses another. Every fragment is a complete
element; the text of the result (tags removed, entities unescaped) is ``text``.

Attributes can be limited to one fragment: ``first`` (an ``id`` must not repeat)
or ``last`` (a label shown after the span's text). Every value is escaped here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

__all__ = ["Span", "render_spans"]

Attrs = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Span:
    """An element over ``text[start:end]``: ``<tag attrs>…</tag>``.

    ``block`` spans (paragraphs, headings) are always outermost and must not
    overlap each other; inline spans that cross them are split at their edges.
    ``order`` breaks ties between spans over the same characters (lower is outer).
    """

    start: int
    end: int
    tag: str
    attrs: Attrs = ()
    first: Attrs = ()
    last: Attrs = ()
    block: bool = False
    order: int = 0


def _open(span: Span, *, first: bool, last: bool) -> str:
    attrs = span.attrs + (span.first if first else ()) + (span.last if last else ())
    inner = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attrs)
    return f"<{span.tag}{inner}>"


def render_spans(text: str, spans: Iterable[Span]) -> str:
    """``text``, HTML-escaped, with every span's element around its characters.

    Spans outside the text or empty are ignored. Runs in O(n log n) for n span
    edges (a few active spans at any point).
    """
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    usable.sort(key=lambda s: (not s.block, s.start, -s.end, s.order))
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for rank, s in enumerate(usable):
        starts[s.start].append(rank)
        ends[s.end].append(rank)
    bounds = sorted({0, len(text), *starts, *ends})
    out: list[str] = []
    stack: list[int] = []
    active: set[int] = set()
    opened: dict[int, tuple[int, bool]] = {}  # rank -> (index in out of its open tag, first fragment?)
    started: set[int] = set()

    def close(rank: int, pos: int) -> None:
        index, first = opened.pop(rank)
        span = usable[rank]
        if span.last and span.end <= pos:  # the final fragment: it carries the `last` attributes
            out[index] = _open(span, first=first, last=True)
        out.append(f"</{span.tag}>")

    for i, pos in enumerate(bounds[:-1]):
        active.difference_update(ends.get(pos, ()))
        active.update(starts.get(pos, ()))
        want = sorted(active)
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] == want[keep]:
            keep += 1
        for rank in reversed(stack[keep:]):
            close(rank, pos)
        for rank in want[keep:]:
            first = rank not in started
            started.add(rank)
            opened[rank] = (len(out), first)
            out.append(_open(usable[rank], first=first, last=False))
        stack = want
        out.append(escape(text[pos : bounds[i + 1]], quote=False))
    for rank in reversed(stack):
        close(rank, len(text))
    return "".join(out)
