"""The spaCy parse, streamed and safe for articles of any length.

``parse_texts`` runs ``nlp.pipe`` over many texts in batches and yields one
``Doc`` per text, in order. A text longer than :data:`CHUNK_CHARS` (or than the
``max_length`` argument) is cut into chunks on paragraph boundaries (the blank
line that separates blocks), each chunk is parsed on its own, and the chunk
Docs are joined with ``Doc.from_docs``. spaCy's memory grows with the length
of what it parses at once (about 10 GB for a 2,000,000-character text), so the
chunks are small; an article shorter than :data:`CHUNK_CHARS` is parsed whole. Every chunk but the last keeps its
trailing separator, so the joined ``Doc.text`` equals the input text and every
character offset (tokens, sentences, entities) is an offset into it.

Every component of the loaded pipeline is kept: the stages read tags
(tagger, attribute_ruler), dependencies and sentence starts (parser), lemmas
(lemmatizer) and entities (ner); ``tok2vec`` feeds them. The model's
``senter`` is already disabled by spaCy in favour of the parser.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["CHUNK_CHARS", "BATCH_CHARS", "split_chunks", "parse_text", "parse_texts"]

#: The most characters parsed at once: longer texts are cut into chunks of at most this.
CHUNK_CHARS: int = 100_000

#: The most characters in one batch of ``nlp.pipe`` (``batch_size`` texts or chunks, fewer
#: when they are long): eight chunks of a long article at once would cost eight times the memory.
BATCH_CHARS: int = 2 * CHUNK_CHARS

#: Where a long text may be cut: after a blank line (the block separator).
_BOUNDARY = re.compile(r"\n[ \t]*\n\s*")


def split_chunks(text: str, max_length: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_length`` characters.

    Cuts fall just after a paragraph separator, and ``"".join(result) == text``.
    A single paragraph longer than ``max_length`` is cut at the last line break
    or space before the limit (hard cut as a last resort).
    """
    if max_length <= 0:
        raise ValueError("max_length must be positive")
    if len(text) <= max_length:
        return [text]
    cuts = [m.end() for m in _BOUNDARY.finditer(text)]
    chunks: list[str] = []
    start = 0
    i = 0
    while len(text) - start > max_length:
        limit = start + max_length
        best = None
        while i < len(cuts) and cuts[i] <= limit:
            if cuts[i] > start:
                best = cuts[i]
            i += 1
        if best is None:  # one paragraph longer than the limit
            window = text[start:limit]
            pos = max(window.rfind("\n"), window.rfind(" "))
            best = start + pos + 1 if pos > 0 else limit
        chunks.append(text[start:best])
        start = best
    chunks.append(text[start:])
    return chunks


def _join(nlp: Language, docs: list[Doc], text: str) -> Doc:
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover - a chunk lost or gained white space
        raise AssertionError("chunked parse changed the text; offsets would be wrong")
    return doc


def _batches(chunks: Iterable[str], size: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive batches of at most ``size`` chunks and, unless one chunk is longer,
    ``max_chars`` characters."""
    batch: list[str] = []
    chars = 0
    for chunk in chunks:
        if batch and (len(batch) >= size or chars + len(chunk) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(chunk)
        chars += len(chunk)
    if batch:
        yield batch


def parse_texts(
    texts: Iterable[str],
    nlp: Language,
    *,
    batch_size: int = 8,
    max_length: int | None = None,
) -> Iterator[Doc]:
    """One ``Doc`` per text, in order, streamed through ``nlp.pipe``.

    ``max_length`` defaults to :data:`CHUNK_CHARS` (or ``nlp.max_length`` when
    that is smaller). A batch holds at most :data:`BATCH_CHARS` characters. Only ``batch_size`` texts
    (and their chunks) are held at a time beyond what ``nlp.pipe`` buffers.
    """
    limit = max_length or min(nlp.max_length, CHUNK_CHARS)
    pending: deque[tuple[str, int]] = deque()  # (text, number of chunks)

    def chunk_stream() -> Iterator[str]:
        for text in texts:
            chunks = split_chunks(text, limit)
            pending.append((text, len(chunks)))
            yield from chunks

    docs = (doc for batch in _batches(chunk_stream(), batch_size, BATCH_CHARS) for doc in nlp.pipe(batch, batch_size=len(batch)))
    while True:
        try:
            first = next(docs)
        except StopIteration:
            return
        text, n = pending.popleft()
        parts = [first]
        for _ in range(n - 1):
            parts.append(next(docs))
        yield _join(nlp, parts, text)


def parse_text(text: str, nlp: Language, *, max_length: int | None = None) -> Doc:
    """The ``Doc`` of one text (chunked when longer than ``max_length``)."""
    return next(parse_texts([text], nlp, batch_size=1, max_length=max_length))
