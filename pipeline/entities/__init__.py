"""Entities: spaCy's named-entity mentions grouped into one entity per real-world thing.

``extract_entities(doc, index, text=..., aliases=...)`` reads the mentions spaCy finds
inside prose sentences (headings and other text outside sentences give none;
DATE, TIME, CARDINAL, ORDINAL, MONEY, PERCENT and QUANTITY feed the dates and
figures stages instead) and groups them:

1. each mention is cleaned: leading determiners (``the``, ``a`` …) and a trailing
   possessive (``'s``) are cut off, and so are stray quotes and punctuation;
2. case and punctuation variants share one key (``U.S.`` = ``US`` = ``u.s.``);
3. an acronym defined in the text (``Long Form Name (LFN)``) joins its long form
   and takes its label, and later bare uses of the acronym are found even when
   spaCy missed them; a name spaCy cut after an inner word (``the Office of the``)
   is completed with the capitalised words that follow it on the line, and a
   common word that only has its capital for opening the sentence (``Recent
   Samsung``, ``Veteran US``) is cut off;
4. the alias file (below) merges names the rules cannot know;
5. a shorter name joins the one longer name of the same label that starts or
   ends with it (``Islamic Republic`` -> ``Islamic Republic of Iran``; a surname
   -> the full name) when exactly one such longer name exists; a lone surname joins
   its one full name whatever label the model gave it, unless most of its mentions
   are a place (``Phoenix`` the city stays apart).

Each entity gets a canonical ``name`` (the alias-file target; for people the
longest name; else the most frequent form, ties going to a defined acronym, then
to the longer form), its majority ``label``, ``count``, the other surface forms as
``aliases``, its ``sentence_ids``, ``first_sentence_id``, ``mentions`` and a
``salience``::

    salience = 0.7 * log(1 + count) / log(1 + max_count)
             + 0.3 * (1 - first_sentence_index / number_of_sentences)

(frequency, scaled so the most frequent entity scores 0.7, plus an early-mention
bonus of up to 0.3). Entities are ordered by salience, highest first.

Modules: :mod:`.group` (the grouping, :func:`extract_entities`) and
:mod:`.names` (cleaning, keys, the built-in alias table and the alias file).

Alias file format (TOML, UTF-8), one ``[aliases]`` table mapping a variant to
the canonical name it should be merged into::

    [aliases]
    "US State Department" = "US Department of State"
    "UN" = "United Nations"

Names are matched after cleaning, case- and punctuation-insensitively. Read it
with :func:`load_aliases`; errors are :class:`~pipeline.errors.PipelineError`
E401 (not found / unreadable), E402 (not TOML), E403 (no ``[aliases]`` table or
unknown top-level key), E404 (a value that is not a non-empty string).
"""

from __future__ import annotations

from .group import NON_ENTITY_LABELS, extract_entities, token_positions
from .names import ALIAS_FILE, builtin_aliases, clean_name, entity_key, load_aliases

__all__ = [
    "NON_ENTITY_LABELS",
    "extract_entities",
    "load_aliases",
    "entity_key",
    "clean_name",
    "builtin_aliases",
    "ALIAS_FILE",
    "token_positions",
]
