"""Neutral wording: delete the evaluative and boosting modifiers the flagger found.

``neutralise(sentence, doc)`` reads the sentence's ``opinion`` and
``booster`` flags and, using the dependency parse, deletes the modifier each
cue heads when it is an adjectival or adverbial modifier (``amod``,
``advmod``), with what hangs on it (``often`` in ``often volatile``) and the
coordinating word or comma that would dangle::

    The intricate and often volatile relationship ...  ->  The relationship ...

Deletion only: every word of the result is a word of the original, in the
original order; no word is added or changed. A cue is left alone (and not
listed as removed) when deleting it would

- touch an entity, a number or a date, a verb, a determiner, or more than
  :data:`MAX_DELETED_WORDS` words (then it is not a plain modifier);
- sit inside a quotation (``Flag.quoted``: a source's words are not edited);
- leave the sentence starting with a lower-case word (we may not re-case it).

Predicative uses (``is crucial``) are not modifiers and stay.

Honest or nothing: the wording is offered only when the result is clean, i.e. every
unquoted flag of the article's own voice (not reported speech) of a category in
:data:`CLEAN_CATEGORIES` was deleted, and the sentence is no longer judged
subjective (its logit less the weights of the deleted flags is below 0, the cut 0.5).
Otherwise the text comes back unchanged with nothing removed: a sentence that keeps
"mired" after "very" went is not called neutral. ``reflag`` (text -> flagged
``Sentence``) flags the result again and requires that too to be clean.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..models import Flag, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["neutralise", "is_clean", "NEUTRALISED_CATEGORIES", "CLEAN_CATEGORIES", "MODIFIER_DEPS", "MAX_DELETED_WORDS"]

#: Flag categories whose cues are deleted.
NEUTRALISED_CATEGORIES: frozenset[str] = frozenset({"opinion", "booster"})
#: Flag categories none of which may stay in the author's voice for a wording to be neutral
#: (hedges may: they mark uncertainty, not a judgement).
CLEAN_CATEGORIES: frozenset[str] = frozenset({"opinion", "booster", "weasel", "rhetorical"})

#: Dependency labels of a deletable modifier (a conjunct of one counts too).
MODIFIER_DEPS: frozenset[str] = frozenset({"amod", "advmod"})

#: A deletion of more words than this is not a plain modifier; it is skipped.
MAX_DELETED_WORDS: int = 5

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?%)\]])")
_DOUBLE_COMMA = re.compile(r",(\s*,)+")
_COMMA_BEFORE_END = re.compile(r",(\s*[.;:!?])")
_LEADING_PUNCT = re.compile(r"^[\s,;:]+")


def _is_modifier(tok: Token) -> bool:
    t = tok
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    return t.dep_ in MODIFIER_DEPS


def _own_part(tok: Token) -> set[int]:
    """The token and what hangs on it, leaving out its own conjuncts and their joiners."""
    out = {tok.i}
    coordinated = any(c.dep_ == "conj" for c in tok.children)
    for child in tok.children:
        if child.dep_ in ("conj", "cc") or (coordinated and child.dep_ == "punct" and child.i > tok.i):
            continue
        out.update(t.i for t in child.subtree)
    return out


def _coordination(tok: Token) -> list[Token]:
    """All conjuncts of the coordination ``tok`` belongs to, in order."""
    first = tok
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    return sorted([first, *first.conjuncts], key=lambda t: t.i)


def _deletion(tok: Token) -> set[int]:
    """Token indices to delete for the modifier ``tok`` (joiners of its coordination included)."""
    out = _own_part(tok)
    conjuncts = _coordination(tok)
    if len(conjuncts) < 2:
        return out
    pos = next(n for n, c in enumerate(conjuncts) if c.i == tok.i)
    head = conjuncts[0]
    joiners = [t for t in head.children if t.dep_ in ("cc", "punct")]
    for c in conjuncts[1:]:
        joiners.extend(t for t in c.children if t.dep_ in ("cc", "punct") and t.i < c.i)
    if pos + 1 < len(conjuncts):
        lo, hi = max(out), conjuncts[pos + 1].i
    else:
        prev = conjuncts[pos - 1]
        lo, hi = max(_own_part(prev)), min(out)
    out.update(t.i for t in joiners if lo < t.i < hi)
    return out


def _protected(tok: Token) -> bool:
    """Never deleted: entities, numbers, verbs, names, determiners and possessives."""
    return (
        bool(tok.ent_type_)
        or tok.like_num
        or tok.pos_ in ("VERB", "AUX", "NUM", "PROPN", "DET", "PRON")
        or tok.dep_ in ("det", "poss", "case", "neg", "nummod")
    )


def _cleanup(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(",", text)
    text = _COMMA_BEFORE_END.sub(r"\1", text)
    text = _LEADING_PUNCT.sub("", text)
    return text.strip()


def _render(tokens: list[Token], deleted: set[int]) -> str:
    """Kept tokens with their own spacing. Across a deleted run: the spacing of
    the kept word before it, or of the run's end after a word with no space
    (``results, however, were`` -> ``results were``); none after a dash or an
    opening mark (``interests—primarily the`` -> ``interests—the``)."""
    parts: list[str] = []
    for n, t in enumerate(tokens):
        if t.i in deleted:
            continue
        if parts:
            prev = tokens[n - 1]
            if prev.i in deleted:
                m = n - 1
                while m >= 0 and tokens[m].i in deleted:
                    m -= 1
                before = tokens[m] if m >= 0 else None
                if before is None:
                    ws = ""
                elif before.whitespace_ or before.is_punct:
                    ws = before.whitespace_
                else:
                    ws = prev.whitespace_
                parts.append(ws)
            else:
                parts.append(prev.whitespace_)
        parts.append(t.text)
    return _cleanup("".join(parts))


def _runs(tokens: list[Token], deleted: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of deleted tokens as (first, last) positions in ``tokens``."""
    runs: list[tuple[int, int]] = []
    start = None
    for n, t in enumerate(tokens):
        if t.i in deleted:
            if start is None:
                start = n
        elif start is not None:
            runs.append((start, n - 1))
            start = None
    if start is not None:
        runs.append((start, len(tokens) - 1))
    return runs


def _wants_an(word: str) -> bool:
    return word[:1].lower() in "aeiou"


def _acceptable(tokens: list[Token], deleted: set[int]) -> bool:
    """No deleted run splits a hyphenated or glued word, or leaves ``a``/``an`` before the wrong sound."""
    for n, t in enumerate(tokens):
        if t.i in deleted and t.text in ("-", "–", "/"):
            glued_left = n > 0 and not tokens[n - 1].whitespace_
            if glued_left or not t.whitespace_:
                return False
    for lo, hi in _runs(tokens, deleted):
        before = tokens[lo - 1] if lo > 0 else None
        after = tokens[hi + 1] if hi + 1 < len(tokens) else None
        if before is not None and not before.whitespace_ and not before.is_punct and not tokens[lo].is_punct:
            return False
        if after is not None and not tokens[hi].whitespace_ and not tokens[hi].is_punct and (not after.is_punct or after.text == "-"):
            return False
        if before is not None and not before.whitespace_ and before.text in ("-", "–", "/"):
            return False
        if before is not None and after is not None and before.lower_ in ("a", "an") and after.is_alpha:
            was_ok = _wants_an(tokens[lo].text) == (before.lower_ == "an")
            if was_ok and _wants_an(after.text) != (before.lower_ == "an"):
                return False
    return True


def _bracketing_commas(tokens: list[Token], deleted: set[int]) -> set[int]:
    """``X, however, said`` -> ``X said``: a run between two commas takes both;
    a comma after a run that follows a determiner, preposition or conjunction goes too."""
    extra: set[int] = set()
    for lo, hi in _runs(tokens, deleted):
        if lo > 0 and hi + 1 < len(tokens) and tokens[hi + 1].text == "," and tokens[lo - 1].pos_ in ("DET", "ADP", "CCONJ"):
            # "a complex, decades-long alliance" -> "a decades-long alliance"
            extra.add(tokens[hi + 1].i)
            continue
        if lo == 0 or tokens[lo - 1].text != ",":
            continue
        if tokens[hi].text == ",":
            extra.add(tokens[lo - 1].i)
        elif hi + 1 < len(tokens) and tokens[hi + 1].text == ",":
            extra.update((tokens[lo - 1].i, tokens[hi + 1].i))
    return extra


def _dangling(tokens: list[Token], deleted: set[int]) -> set[int]:
    """Joiners left without a partner: ``and`` with fewer than two kept
    conjuncts, and a comma attached to a deleted word."""
    extra: set[int] = set()
    for t in tokens:
        if t.i in deleted:
            continue
        if t.dep_ == "cc":
            conjuncts = _coordination(t.head)
            kept = [c for c in conjuncts if c.i not in deleted]
            if (len(conjuncts) >= 2 and len(kept) < 2) or (len(conjuncts) < 2 and t.head.i in deleted):
                extra.add(t.i)
        elif t.dep_ == "punct" and t.text in (",", ";") and t.head.i in deleted:
            extra.add(t.i)
    return extra


def _voiced(flags: tuple[Flag, ...] | list[Flag]) -> list[Flag]:
    """The flags in the article's own voice of a category that a neutral wording may not keep."""
    return [f for f in flags if f.category in CLEAN_CATEGORIES and not f.quoted and not f.reported and f.review != "dismissed"]


def is_clean(sentence: Sentence) -> bool:
    """A sentence is clean when no flag of :data:`CLEAN_CATEGORIES` is in the author's voice
    and it is not judged subjective."""
    return not _voiced(sentence.flags) and not sentence.subjective


def _residual_logit(sentence: Sentence, removed: list[Flag]) -> float:
    p = min(max(sentence.score, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p)) - sum(f.weight for f in removed)


def neutralise(sentence: Sentence, doc: Doc, *, reflag: Callable[[str], Sentence] | None = None) -> tuple[str, tuple[str, ...]]:
    """``(neutral_text, removed_cues)`` for one sentence.

    ``doc`` is the spaCy parse of ``Article.text`` (offsets of ``sentence``
    index it). ``removed_cues`` lists the cue text of each flag whose modifier
    was deleted, in text order. With nothing to delete, or when the result would
    not be clean (see the module docstring; ``reflag`` flags the result again), the
    text comes back unchanged and ``removed_cues`` is empty.
    """
    flags: list[Flag] = sorted(
        (f for f in sentence.flags if f.category in NEUTRALISED_CATEGORIES and not f.quoted),
        key=lambda f: f.start,
    )
    if not flags:
        return sentence.text, ()
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None:  # pragma: no cover - offsets always align with the doc
        return sentence.text, ()
    tokens = list(span)
    first_i, last_i = tokens[0].i, tokens[-1].i
    deleted: set[int] = set()
    removed: list[Flag] = []
    for flag in flags:
        cue = doc.char_span(flag.start, flag.end, alignment_mode="expand")
        if cue is None or len(cue) == 0:
            continue
        root = cue.root
        if not _is_modifier(root):
            continue
        candidate = _deletion(root)
        if any(i < first_i or i > last_i for i in candidate):
            continue
        words = [doc[i] for i in candidate if not doc[i].is_punct and doc[i].dep_ != "cc"]
        if len(words) > MAX_DELETED_WORDS or any(_protected(doc[i]) for i in candidate):
            continue
        trial = deleted | candidate
        trial |= _dangling(tokens, trial)
        if not _acceptable(tokens, trial):
            continue
        trial |= _bracketing_commas(tokens, trial)
        kept = [t for t in tokens if t.i not in trial and not t.is_punct]
        if not kept:
            continue
        if tokens[0].i in trial and kept[0].text[:1].islower():
            continue
        deleted = trial
        removed.append(flag)
    if not deleted:
        return sentence.text, ()
    left = [f for f in _voiced(sentence.flags) if f not in removed]
    if left or (sentence.subjective and _residual_logit(sentence, removed) >= 0.0):
        return sentence.text, ()  # a cue stays, or the rest still judges: not neutral
    text = _render(tokens, deleted)
    if reflag is not None and not is_clean(reflag(text)):
        return sentence.text, ()
    return text, tuple(f.cue for f in removed)
