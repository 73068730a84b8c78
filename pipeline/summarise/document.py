"""sumy's document model over spaCy's sentences and tokens.

sumy never segments or tokenizes here. :func:`sentence_words` reads, in one
pass over the spaCy ``Doc``, the lower-cased word tokens of each sentence;
:func:`build_document` makes each candidate a sumy ``Sentence`` whose *text is
its sentence id* and whose tokenizer (:class:`Words`, the ``to_words``
adapter) returns those tokens, so sumy's results map back to our sentences by
id (sumy hashes sentences by text, so the id also keeps equal sentences
apart). Paragraphs follow the article's line breaks; section titles and the
article title become sumy headings, placed by offset.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..models import Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["Words", "sentence_words", "heading_words", "build_document"]

#: Tags of a tense-marked (finite) verb.
_FINITE_TAGS = ("VBD", "VBP", "VBZ", "MD")

_HEADING_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class Words:
    """sumy tokenizer adapter: the sentence's text is its id; the words are spaCy's tokens."""

    __slots__ = ("_words",)

    def __init__(self, words: Mapping[str, tuple[str, ...]]) -> None:
        self._words = words

    def to_words(self, key: str) -> tuple[str, ...]:
        return self._words[key]

    def to_sentences(self, key: str) -> tuple[str, ...]:  # pragma: no cover - sumy API
        return (key,)


def sentence_words(sentences: Sequence[Sentence], doc: Doc) -> tuple[dict[str, tuple[str, ...]], frozenset[str], frozenset[str]]:
    """From one pass over ``doc``: the lower-cased word tokens (no punctuation or
    space) of each sentence, by id; the ids of sentences that follow a line
    break (they open a paragraph block); the ids of sentences with a finite verb
    (``VerbForm=Fin`` or a tense-marked tag: VBD, VBP, VBZ, MD). A sentence without
    one is a fragment (a heading left in a paragraph, a caption, a splitting error)."""
    if not sentences:
        return {}, frozenset(), frozenset()
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, MORPH, ORTH, TAG

    starts = [s.start for s in sentences]
    out: dict[str, list[str]] = {s.id: [] for s in sentences}
    opens: set[str] = {sentences[0].id}
    verbs: set[str] = set()
    first, last = sentences[0].start, sentences[-1].end
    strings = doc.vocab.strings
    newline = False
    current = -1
    # token attributes as ids in one call: no Token objects (a token's trailing
    # whitespace is a single space or nothing, so only a space token holds a line break)
    finite_tags = {strings.add(t) for t in _FINITE_TAGS}
    finite_morph: dict[int, bool] = {}
    for idx, orth, is_space, is_punct, tag, morph, lower in doc.to_array([IDX, ORTH, IS_SPACE, IS_PUNCT, TAG, MORPH, LOWER]).tolist():
        if idx >= last:
            break
        if is_space:
            if "\n" in strings[orth]:
                newline = True
            continue
        if idx < first:
            continue
        i = bisect.bisect_right(starts, idx) - 1
        if i < 0 or idx >= sentences[i].end:
            continue
        if i != current:
            if newline:
                opens.add(sentences[i].id)
            current = i
            newline = False
        if not is_punct:
            out[sentences[i].id].append(strings[lower])
        if tag in finite_tags:
            verbs.add(sentences[i].id)
        elif morph:
            fin = finite_morph.get(morph)
            if fin is None:
                fin = finite_morph[morph] = "VerbForm=Fin" in strings[morph]
            if fin:
                verbs.add(sentences[i].id)
    return {k: tuple(v) for k, v in out.items()}, frozenset(opens), frozenset(verbs)


def heading_words(text: str) -> tuple[str, ...]:
    """The lower-cased words of a heading (hyphenated and apostrophe words kept whole)."""
    return tuple(m.group(0).lower() for m in _HEADING_WORD.finditer(text))


def build_document(
    candidates: Sequence[Sentence],
    words: Mapping[str, tuple[str, ...]],
    opens: frozenset[str],
    headings: Sequence[tuple[int, str]],
) -> tuple[Any, list[Any]]:
    """sumy's document model over the candidates, and their sumy sentences in order.

    ``words`` and ``opens`` come from :func:`sentence_words`; ``headings`` are
    (offset, text) pairs in order (offset -1: before the first sentence).
    """
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    all_words = dict(words)
    heads: list[tuple[int, Any]] = []
    for n, (offset, heading) in enumerate(headings):
        key = f"\x00h{n}"
        all_words[key] = heading_words(heading)
        heads.append((offset, key))
    adapter = Words(all_words)
    make = SumySentence
    paragraphs: list[list[Any]] = []
    sumy_sentences: list[Any] = []
    current: list[Any] = []
    h = 0
    for s in candidates:
        new_paragraph = s.id in opens
        pending = []
        while h < len(heads) and heads[h][0] <= s.start:
            pending.append(make(heads[h][1], adapter, is_heading=True))
            h += 1
        if (new_paragraph or pending) and current:
            paragraphs.append(current)
            current = []
        current.extend(pending)
        sent = make(s.id, adapter)
        current.append(sent)
        sumy_sentences.append(sent)
    if current:
        paragraphs.append(current)
    doc_model = ObjectDocumentModel(Paragraph(p) for p in paragraphs)
    return doc_model, sumy_sentences
