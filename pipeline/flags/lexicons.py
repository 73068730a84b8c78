"""The flag lexicons: one entry a line in ``pipeline/lexicons/*.txt``.

The file name before the first ``_`` is the category (``hedge_belief.txt`` holds
hedges); ``# version: …`` and ``# pos: ADJ`` header lines give the file's version and
restrict its single-word entries to a part of speech. Entries with pattern syntax
(``a|b``, ``x?``, ``ADV*``) may be named (``name: pattern``). Files whose name starts
with ``_`` are data, not lexicons: ``_terms.txt`` holds the fixed terms in which a cue
is not raised. Users add or drop entries with ``[flags.add]`` / ``[flags.remove]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import FlagSettings
from ..errors import PipelineError
from ..models import FLAG_CATEGORIES

__all__ = ["LEXICON_DIR", "TERMS_FILE", "Lexicon", "lexicon_files", "load_lexicons", "load_terms"]

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
#: Fixed terms in which a cue word names a thing instead of judging it ("critical
#: condition", "conspiracy to"): a cue inside one is not raised. Not a lexicon (no category).
TERMS_FILE = LEXICON_DIR / "_terms.txt"
#: ``name: pattern`` — a pattern entry with a rule name.
_NAMED_PATTERN = re.compile(r"^([a-z][a-z0-9_]*):\s+(.+)$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One lexicon file (or the entries a user added): a name, its category, its entries."""

    name: str
    category: str
    entries: tuple[str, ...]
    version: str = ""
    #: Universal POS tags a single-word match must carry (``# pos: ADJ`` in the file); empty: any.
    pos: tuple[str, ...] = ()


def _category_of(name: str) -> str:
    return name.split("_", 1)[0]


def _read_lexicon(path: Path) -> Lexicon:
    category = _category_of(path.stem)
    if category not in FLAG_CATEGORIES:
        raise PipelineError("E009", str(path), detail=f"file name must start with a category ({', '.join(FLAG_CATEGORIES)})")
    entries: list[str] = []
    version = ""
    pos: tuple[str, ...] = ()
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            m = re.match(r"#\s*version:\s*(\S+)", stripped)
            if m:
                version = m.group(1)
            m = re.match(r"#\s*pos:\s*(.+)", stripped)
            if m:
                pos = tuple(p.strip().upper() for p in m.group(1).split(",") if p.strip())
            continue
        if not stripped:
            continue
        entry = " ".join(stripped.split())
        if entry not in entries:
            entries.append(entry)
    return Lexicon(path.stem, category, tuple(entries), version, pos)


def lexicon_files() -> tuple[Path, ...]:
    """The shipped lexicon files, in the order their lexicons are loaded."""
    return tuple(p for p in sorted(LEXICON_DIR.glob("*.txt")) if not p.name.startswith("_"))


def _shipped_lexicons() -> tuple[Lexicon, ...]:
    return tuple(_read_lexicon(p) for p in lexicon_files())


def load_terms() -> tuple[str, ...]:
    """The entries of :data:`TERMS_FILE` (one term a line, ``#`` comments), lower-cased."""
    lines = (line.strip() for line in TERMS_FILE.read_text(encoding="utf-8").splitlines())
    return tuple(dict.fromkeys(" ".join(line.split()).lower() for line in lines if line and not line.startswith("#")))


def _normalise_entries(entries: Iterable[str], key: str) -> tuple[str, ...]:
    out = []
    for e in entries:
        if not isinstance(e, str) or not e.strip():
            raise PipelineError("E009", None, detail=f"empty entry in {key}")
        out.append(" ".join(e.strip().split()))
    return tuple(out)


def _entry_name(entry: str) -> str:
    """The rule name of an entry: ``experts_say`` for a named pattern, else the entry."""
    named = _NAMED_PATTERN.match(entry)
    return named.group(1) if named else entry.lower()


def _check_category(category: str, key: str) -> None:
    if category not in FLAG_CATEGORIES:
        raise PipelineError("E009", None, detail=f"unknown flag category {category!r} in {key}; choose one of {', '.join(FLAG_CATEGORIES)}")


def load_lexicons(settings: FlagSettings | None = None) -> tuple[Lexicon, ...]:
    """The shipped lexicons with the user's ``add``/``remove`` entries applied.

    ``remove`` drops an entry from every lexicon of its category (compared
    case-insensitively; a named pattern by its name, e.g. ``experts_say``); ``add`` puts entries in a lexicon named after the
    category (``hedge``). Raises :class:`PipelineError` E009 for an unknown
    category or an empty entry.
    """
    settings = settings or FlagSettings()
    remove: dict[str, set[str]] = {}
    for category, entries in settings.remove.items():
        _check_category(category, "flags.remove")
        remove[category] = {e.lower() for e in _normalise_entries(entries, f"flags.remove.{category}")}
    added: dict[str, tuple[str, ...]] = {}
    for category, entries in settings.add.items():
        _check_category(category, "flags.add")
        added[category] = _normalise_entries(entries, f"flags.add.{category}")
    out: list[Lexicon] = []
    names = set()
    for lex in _shipped_lexicons():
        drop = remove.get(lex.category, set())
        entries = tuple(e for e in lex.entries if e.lower() not in drop and _entry_name(e) not in drop)
        extra = tuple(e for e in added.get(lex.category, ()) if lex.name == lex.category and e not in entries)
        out.append(Lexicon(lex.name, lex.category, entries + extra, lex.version, lex.pos))
        names.add(lex.name)
    for category, entries in added.items():
        if category not in names:
            out.append(Lexicon(category, category, entries, "user"))
    return tuple(out)
