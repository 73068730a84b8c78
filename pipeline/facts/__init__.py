"""Figures, quotes and attributions: how much, and who says so.

Reads the spaCy ``Doc``, the sentences (``Sentence`` spans) and, for quotes and
attributions, the entities (``Entity`` with mentions); adds, each in text order:

- :func:`extract_figures` -> ``Figure``: money, percentages, quantities (spaCy
  MONEY, PERCENT, QUANTITY) and counted nouns (a CARDINAL followed by the noun it
  counts, ``1,000 students``), with the amount as a number (``about $100 million``
  -> ``100000000.0``), a unit (ISO 4217 code for money, ``%`` for percentages, else
  the unit or counted noun) and the qualifier (``about``, ``more than`` …). A rate
  word right after a figure (``annually``, ``a year``, ``per day``) is kept in its
  text.
- :func:`extract_quotes` -> ``Quote``: direct quotes, the outermost spans of
  :func:`quote_spans` (double or single quotation marks, guillemets; an unclosed
  quote runs to the end of its line), at least a few words, or introduced by a
  reporting verb, with the speaker: the subject of the nearest reporting verb outside the quote, or the
  source of ``according to X``, resolved to the canonical entity name; a pronoun
  subject goes to the most recent person named before it; None when nobody is named.
- :func:`extract_attributions` -> ``Attribution``: ``according to X`` and ``X
  said/says/stated/reported/told/argued …``; ``named=True`` when the source is, or
  contains, a named entity (a person, organisation, place …; nationality adjectives
  alone do not name a source) and then ``source`` is that entity's canonical name;
  otherwise ``named=False`` with the vague source text (``an expert``, ``experts``).

Modules: :mod:`.figures`, :mod:`.quotes` (also :func:`quote_spans`, the one quote
detector, which the flags stage uses too), :mod:`.attributions` and :mod:`.speech`
(the reporting verbs, one table for every use).
"""

from __future__ import annotations

from .attributions import SOURCE_NOUNS, extract_attributions
from .figures import QUALIFIERS, extract_figures, parse_amount
from .quotes import extract_quotes, quote_spans
from .speech import REPORTING_VERBS

__all__ = [
    "REPORTING_VERBS",
    "SOURCE_NOUNS",
    "QUALIFIERS",
    "extract_figures",
    "extract_quotes",
    "extract_attributions",
    "parse_amount",
    "quote_spans",
]
