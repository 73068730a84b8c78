"""Cue classes found by shape and syntax rather than listed word by word.

- :func:`derived_adverbs`: the manner and attitude adverbs derived from the evaluative
  adjectives of the opinion lexicons ("brutal" -> "brutally", "angry" -> "angrily",
  "terrible" -> "terribly", "cynical" -> "cynically"); :func:`adverb_cues` raises one
  when it is an adverb in the text and no lexicon cue already covers it. The author
  judges the manner of an act ("brutally suppressed") or the degree of a property
  ("shamefully late") with the same judgement as the adjective.

Each is a cue with a learned weight, like a lexicon entry (``opinion_derived:<adverb>``,
feature ``opinion_derived``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .lexicons import Lexicon
from .rules import _Cue

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["DERIVED_LEXICON", "adverb_cues", "derived_adverbs"]

#: The lexicon name of the derived adverbs (their feature, and the family of their rule ids).
DERIVED_LEXICON = "opinion_derived"
#: Opinion lexicons whose single-word adjectives give adverbs (obligation and importance words do not).
_SOURCES = frozenset({"opinion", "opinion_adjective", "opinion_loaded", "opinion_pejorative"})

#: Suffixes of nouns (the lexicons hold evaluative nouns too), which make no -ly adverb.
_NOUN_SUFFIXES = ("ance", "ence", "ness", "ment", "tion", "sion", "ism", "ist", "ity", "ship", "hood", "dom")


def _adverb_forms(adjective: str) -> tuple[str, ...]:
    """The spellings of the -ly adverb of ``adjective`` (English suffixation rules)."""
    a = adjective
    if a.endswith("ly") or len(a) < 4 or a.endswith(_NOUN_SUFFIXES):
        return ()  # "friendly" is already -ly; short words too ambiguous; "arrogance" is a noun
    if a.endswith("ic"):
        return (a + "ally",)
    if a.endswith("le") and not a.endswith(("ile", "ole")):
        return (a[:-1] + "y",)  # terrible -> terribly
    if a.endswith("ue"):
        return (a[:-1] + "ly",)  # true -> truly
    if a.endswith("ll"):
        return (a + "y",)  # full -> fully
    if a.endswith("y") and len(a) > 4 and a[-2] not in "aeiou":
        return (a[:-1] + "ily",)  # angry -> angrily
    return (a + "ly",)


def derived_adverbs(lexicons: Iterable[Lexicon], *, exclude: Iterable[str] = ()) -> dict[str, str]:
    """``{adverb: adjective}`` for the single-word entries of the evaluative opinion lexicons,
    minus the adverbs some lexicon lists itself (its own entry, with its own weight, wins) and
    those in ``exclude`` (the user's ``[flags.remove] opinion`` entries)."""
    lexicons = tuple(lexicons)
    listed = {e.lower() for lex in lexicons for e in lex.entries} | {e.lower() for e in exclude}
    out: dict[str, str] = {}
    for lex in lexicons:
        if lex.name not in _SOURCES:
            continue
        for entry in lex.entries:
            word = entry.lower()
            if not word.isalpha():
                continue
            for form in _adverb_forms(word):
                if form not in listed:
                    out.setdefault(form, word)
    return out


def adverb_cues(doc: Doc, adverbs: Mapping[str, str]) -> list[_Cue]:
    """The derived adverbs of ``doc`` that are adverbs there (found from one attribute array)."""
    from ..entities import token_positions

    if not adverbs:
        return []
    out = []
    for i in token_positions(doc, "LOWER", adverbs):
        if doc[i].pos_ == "ADV":
            out.append(_Cue("opinion", DERIVED_LEXICON, f"{DERIVED_LEXICON}:{doc[i].lower_}", i, i + 1))
    return out
