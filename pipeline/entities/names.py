"""Names: a mention's name cleaned (:func:`clean_name`), the key that case and
punctuation variants share (:func:`entity_key`), and the alias tables that merge
names no rule can know: the built-in one (:data:`ALIAS_FILE`, read by
:func:`builtin_aliases`) and the user's alias file (:func:`load_aliases`, format
in :mod:`pipeline.entities`).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..errors import PipelineError

__all__ = ["ALIAS_FILE", "builtin_aliases", "clean_name", "entity_key", "load_aliases"]

_LEAD = re.compile(r"^(?:(?:the|a|an|this|that|these|those)\s+)+", re.IGNORECASE)
_TRAIL = re.compile(r"(?:['’]s|['’])$")
_EDGE = "\"'“”‘’«»()[]{},;:!?-–— \n\t"


@lru_cache(maxsize=65536)
def clean_name(text: str) -> tuple[int, int]:
    """The (start, end) of the name inside ``text`` after dropping determiners, possessives and edge punctuation."""
    start, end = 0, len(text)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _EDGE:
            start += 1
            changed = True
        while end > start and (text[end - 1] in _EDGE or (text[end - 1] == "." and "." not in text[start : end - 1])):
            end -= 1
            changed = True
        m = _LEAD.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
            changed = True
        m = _TRAIL.search(text[start:end])
        if m and m.start() > 0:
            end = start + m.start()
            changed = True
    return start, end


_KEY_DROP = re.compile(r"[.'\"“”‘]")
_KEY_SPACE = re.compile(r"[-–—_/,\s]+")


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """Case- and punctuation-insensitive key: ``U.S.`` and ``us`` both give ``us``."""
    t = _KEY_DROP.sub("", name.lower().replace("’", "'"))
    return _KEY_SPACE.sub(" ", t).strip()


def load_aliases(path: str | Path) -> dict[str, str]:
    """Read a TOML alias file (format in :mod:`pipeline.entities`): variant -> canonical name.

    Raises :class:`PipelineError` E401-E404 when the file is missing, not TOML,
    or not shaped as documented.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError("E401", str(p), detail=str(exc) if p.exists() else "no such file") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError("E402", str(p), detail=str(exc)) from None
    extra = [k for k in data if k != "aliases"]
    if "aliases" not in data or extra or not isinstance(data.get("aliases"), dict):
        found = ", ".join(sorted(data)) or "nothing"
        raise PipelineError("E403", str(p), found=found)
    out: dict[str, str] = {}
    for variant, canonical in data["aliases"].items():
        if not isinstance(canonical, str) or not canonical.strip() or not variant.strip():
            raise PipelineError("E404", str(p), key=variant, got=canonical)
        out[variant.strip()] = canonical.strip()
    return out


#: The built-in alias table: ``Canonical: variant | variant`` a line.
ALIAS_FILE = Path(__file__).resolve().parent.parent / "lexicons" / "_entity_aliases.txt"


@lru_cache(maxsize=1)
def builtin_aliases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The built-in alias table (:data:`ALIAS_FILE`): (canonical name, variant keys) pairs."""
    out = []
    for line in ALIAS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        canonical, _, rest = line.partition(":")
        out.append((canonical.strip(), tuple(entity_key(v) for v in rest.split("|") if v.strip())))
    return tuple(out)
