"""Key points that can stand alone: dangling openings and fragments.

A key point that opens with an anaphor or a discourse connective ("This created
an immediate deadlock…", "However, the plan…") leans on the sentence before it.
The rule, used both by the selection and by ``pipeline eval summary``:

- a sentence **opens dangling** when its first word (after any opening quotation
  mark or bracket) is one of :data:`ANAPHORS` or :data:`CONNECTIVES`
  (case-insensitive; "It", "This", "These", "He", "However", "But", …);
- its **antecedent** is the prose sentence just before it in the article;
- the opening is **resolved** when the antecedent is among the key points too.

A sentence **inside a running quote** (a quotation opened in an earlier sentence
of its paragraph and not yet closed: the second sentence of ``"Prices rose. We
are worried," she said.``) is someone's words with no speaker of its own
(:func:`inside_quotes`); it is never the lede.

A sentence that lies **wholly inside a direct quote running over several sentences**
(a quote of :func:`~pipeline.facts.quotes.extract_quotes`, the one quote detector: the
first sentence of ``"Meth is IN SD. We have a problem," the sheriff said.``) is the
speaker's words cut from their attribution: shown alone it reads as the article's own
statement of fact, so it is neither a key point candidate nor the lede
(:func:`within_quotes`). The sentence that carries the attribution stays a candidate.

A sentence that does not **open as a sentence does** (a lower-case word: cut from
its first word by a splitting error; a dash left from a split-off dateline) is never
the lede (:func:`opens_like_a_sentence`).

Fragments (no finite verb) are found by :func:`~.document.sentence_words` and
are never candidates.

What goes in: sentences. What comes out: booleans and the antecedent's id.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..models import Quote, Sentence

__all__ = [
    "ANAPHORS",
    "CONNECTIVES",
    "opening_word",
    "opens_dangling",
    "antecedents",
    "unresolved",
    "inside_quotes",
    "within_quotes",
    "opens_like_a_sentence",
]

#: Pronouns and demonstratives that point back to an earlier sentence.
ANAPHORS: frozenset[str] = frozenset(
    {"it", "its", "this", "that", "these", "those", "he", "she", "they", "his", "her", "their", "him", "them", "such", "which"}
)

#: Discourse connectives that continue an earlier sentence.
CONNECTIVES: frozenset[str] = frozenset(
    {
        "however",
        "but",
        "and",
        "so",
        "yet",
        "also",
        "still",
        "instead",
        "meanwhile",
        "moreover",
        "furthermore",
        "therefore",
        "thus",
        "hence",
        "consequently",
        "nevertheless",
        "nonetheless",
        "besides",
        "additionally",
        "likewise",
        "similarly",
        "otherwise",
        "then",
        "indeed",
        "or",
    }
)

_FIRST_WORD = re.compile(r"[\s\"'“‘(\[—–-]*([A-Za-z]+)")


def opening_word(text: str) -> str:
    """The first word of ``text``, lower-cased (after opening quotes and brackets); "" when none."""
    m = _FIRST_WORD.match(text)
    return m.group(1).lower() if m else ""


def opens_dangling(text: str) -> bool:
    """Whether ``text`` opens with an anaphor or a connective (see the module docstring).

    A question is not dangling for its interrogative (``Which team won?``)."""
    word = opening_word(text)
    if word == "which" and text.rstrip().rstrip("\"'”’)").endswith("?"):
        return False
    return word in ANAPHORS or word in CONNECTIVES


def inside_quotes(sentences: Sequence[Sentence], opens: Collection[str]) -> frozenset[str]:
    """The ids of the ``sentences`` (prose, in order) that start inside a quotation
    opened in an earlier sentence of the same paragraph and not closed before them;
    ``opens`` holds the ids of the sentences that open a paragraph (a quotation left
    open at a paragraph's end is reopened by the next paragraph's own mark)."""
    out = set()
    open_ = False
    for s in sentences:
        if s.id in opens:
            open_ = False
        if open_:
            out.add(s.id)
        for ch in s.text:
            if ch == "“":
                open_ = True
            elif ch == "”":
                open_ = False
            elif ch == '"':
                open_ = not open_
    return frozenset(out)


def within_quotes(sentences: Sequence[Sentence], quotes: Sequence[Quote]) -> frozenset[str]:
    """The ids of the ``sentences`` that lie wholly inside a direct quote (its marks
    included) that runs beyond them: a quote of several sentences, less the one that
    carries the attribution. ``quotes`` are the article's :class:`~pipeline.models.Quote`
    (offsets of the words inside the marks), in text order."""
    out: set[str] = set()
    spans = sorted((q.start, q.end) for q in quotes)
    i = 0
    for s in sentences:
        while i < len(spans) and spans[i][1] + 1 < s.start:
            i += 1
        for lo, hi in spans[i:]:
            if lo - 1 > s.start:
                break
            if hi + 1 >= s.end and (lo < s.start or hi > s.end):
                out.add(s.id)
                break
    return frozenset(out)


def antecedents(sentences: Sequence[Sentence]) -> dict[str, str | None]:
    """For each prose sentence (``kind == "paragraph"``) by id, the id of the prose
    sentence just before it (None for the first)."""
    out: dict[str, str | None] = {}
    previous: str | None = None
    for s in sentences:
        if s.kind != "paragraph":
            continue
        out[s.id] = previous
        previous = s.id
    return out


def unresolved(chosen: Sequence[Sentence], sentences: Sequence[Sentence]) -> list[str]:
    """The ids of the ``chosen`` sentences that open dangling while their antecedent
    (in ``sentences``, the article's sentences in order) is not chosen."""
    before = antecedents(sentences)
    ids = {s.id for s in chosen}
    return [s.id for s in chosen if opens_dangling(s.text) and before.get(s.id) not in ids]


_OPENING = re.compile(r"[\s\"'“‘(\[]*(\w+)")


def opens_like_a_sentence(text: str) -> bool:
    """Whether ``text`` opens as a sentence does: after any opening quotation marks or
    brackets, a word with a capital (``The``, ``iPhone``) or a number; not a lower-case
    word (a sentence cut from its first word) nor a dash or other punctuation (a piece
    left over from a split)."""
    m = _OPENING.match(text)
    if m is None:
        return False
    word = m.group(1)
    return word[0].isdigit() or any(c.isupper() for c in word)
