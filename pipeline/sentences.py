"""Sentences: one spaCy parse of the article, cut into prose sentences with stable ids.

``parse`` runs spaCy once over ``Article.text``; every later stage reads that
one ``Doc`` (and sumy is fed its tokens), so there is a single segmentation.
Character offsets in the ``Doc`` are offsets into ``Article.text``.

Only text inside paragraph and list-item blocks becomes a sentence; titles and
headings are structure (``Article.sections``), not prose.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .models import Article, Block, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["PROSE_KINDS", "parse", "split_sentences", "SentenceIndex", "sentence_id"]

#: Block kinds whose text is split into sentences.
PROSE_KINDS: frozenset[str] = frozenset({"paragraph", "list_item"})


def sentence_id(n: int) -> str:
    """The stable id of the n-th sentence (0-based): ``s0001``, ``s0002`` …"""
    return f"s{n + 1:04d}"


def parse(article: Article, nlp: Language) -> Doc:
    """Run the spaCy pipeline over the article body."""
    return nlp(article.text)


def _prose_blocks(article: Article) -> list[Block]:
    blocks = [b for b in article.blocks if b.kind in PROSE_KINDS]
    if not article.blocks and article.text.strip():
        blocks = [Block("paragraph", article.text, 0, len(article.text))]
    return blocks


def _section_for(article: Article, start: int) -> str | None:
    section = None
    for s in article.sections:
        if s.start <= start:
            section = s.id
        else:
            break
    return section


def split_sentences(article: Article, doc: Doc) -> tuple[Sentence, ...]:
    """The prose sentences of ``doc``, in order, with ids ``s0001`` …

    A spaCy sentence that crosses a block boundary is cut there, and leading
    or trailing white space is trimmed, so ``article.text[s.start:s.end] == s.text``.
    """
    blocks = _prose_blocks(article)
    starts = [b.start for b in blocks]
    out: list[Sentence] = []
    text = article.text
    for span in doc.sents:
        s_start, s_end = span.start_char, span.end_char
        i = max(bisect.bisect_right(starts, s_start) - 1, 0)
        while i < len(blocks) and blocks[i].start < s_end:
            b = blocks[i]
            lo, hi = max(s_start, b.start), min(s_end, b.end)
            i += 1
            if lo >= hi:
                continue
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
            if hi - lo == 0 or not any(ch.isalnum() for ch in text[lo:hi]):
                continue
            out.append(
                Sentence(
                    id=sentence_id(len(out)),
                    text=text[lo:hi],
                    start=lo,
                    end=hi,
                    section=_section_for(article, lo),
                    kind=b.kind,
                )
            )
    return tuple(out)


class SentenceIndex:
    """Find the sentence that holds a character offset (binary search)."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sentences = tuple(sentences)
        self._starts = [s.start for s in self._sentences]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences, in text order."""
        return self._sentences

    def at(self, char: int) -> Sentence | None:
        """The sentence containing offset ``char``, or None (headings, gaps)."""
        i = bisect.bisect_right(self._starts, char) - 1
        if i >= 0:
            s = self._sentences[i]
            if s.start <= char < s.end:
                return s
        return None

    def covering(self, start: int, end: int) -> Sentence | None:
        """The sentence that holds the whole span ``[start, end)``, or None."""
        s = self.at(start)
        if s is not None and end <= s.end:
            return s
        return None

    def __iter__(self) -> Iterable[Sentence]:  # pragma: no cover - convenience
        return iter(self._sentences)
