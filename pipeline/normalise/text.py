"""Small ``str -> str`` normalisers, composed in order (:data:`NORMALISERS`).

One kind of line ending, control characters other than newline and tab
removed, Unicode NFC, long runs of symbols broken up, white space tidied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "NORMALISERS",
    "clean_text",
    "normalise_unicode",
    "normalise_line_endings",
    "remove_control_chars",
    "break_symbol_runs",
    "normalise_whitespace",
    "SYMBOL_RUN",
]


def normalise_unicode(text: str) -> str:
    """Unicode NFC (composed characters)."""
    return unicodedata.normalize("NFC", text)


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def normalise_line_endings(text: str) -> str:
    """CRLF, CR, form feeds and Unicode line/paragraph separators -> ``\\n``."""
    return _LINE_BREAKS.sub("\n", text)


# C0/C1 controls except \t and \n, plus invisible format characters that only get in the way.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ufffe]")


def remove_control_chars(text: str) -> str:
    """Remove control characters other than ``\\n`` and ``\\t`` (and soft hyphens, zero-width spaces, BOMs)."""
    return _CONTROLS.sub("", text)


#: Longest run of symbols (characters that are neither word characters nor
#: space) kept whole; a longer run gets a space after every ``SYMBOL_RUN``
#: characters. spaCy's tokenizer strips prefixes and suffixes one at a time,
#: so its time grows with the square of such a run (``#`` x 20,000 took a
#: minute); no word or URL has a run this long.
SYMBOL_RUN = 64

_SYMBOL_RUNS = re.compile(rf"[^\w\s]{{{SYMBOL_RUN + 1},}}")


def break_symbol_runs(text: str) -> str:
    """Runs of more than :data:`SYMBOL_RUN` symbols (``#####…``) -> pieces of that length separated by a space."""
    return _SYMBOL_RUNS.sub(lambda m: " ".join(m[0][i : i + SYMBOL_RUN] for i in range(0, len(m[0]), SYMBOL_RUN)), text)


_SPACES = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalise_whitespace(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces -> one space; lines stripped; at most one blank line in a row."""
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip("\n")


#: The text normalisers, applied in this order by :func:`clean_text`.
NORMALISERS: tuple[Callable[[str], str], ...] = (
    normalise_line_endings,
    remove_control_chars,
    # after the controls are gone: a mark they separated from its letter composes now,
    # not on a second pass (so that cleaning is idempotent)
    normalise_unicode,
    break_symbol_runs,
    normalise_whitespace,
)


def clean_text(text: str) -> str:
    """Apply every function of :data:`NORMALISERS` in order."""
    for fn in NORMALISERS:
        text = fn(text)
    return text


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())
