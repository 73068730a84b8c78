"""Suppressions: rules or cues dismissed in every article, kept in the project config.

They are the ``suppress`` list of the ``[review]`` table of ``pipeline.toml``
(or the file given with ``--config``)::

    [review]
    suppress = ["opinion_loaded:pivotal", "rule:question", "arguably"]

An entry is a rule (as ``pipeline review --list`` shows it) or a cue (any rule,
compared case-insensitively). A flag it covers is marked dismissed unless a
reviewer decided on that flag; it stays in the output. The list is a setting
that changes results, so the next ``pipeline run`` redoes the articles.

The file is edited in place: only the ``suppress`` line (or array) changes,
comments and the rest of the file are kept.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from ..config import CONFIG_FILENAME
from ..errors import PipelineError
from ..io.files import atomic_write_text

__all__ = ["config_file", "read_suppressions", "add_suppression", "remove_suppression"]

_TABLE = re.compile(r"^\s*\[\s*review\s*\]\s*(#.*)?$", re.M)
_NEXT_TABLE = re.compile(r"^\s*\[", re.M)
_KEY = re.compile(r"^[ \t]*suppress[ \t]*=[ \t]*", re.M)


def config_file(config: str | Path | None = None, *, cwd: str | Path | None = None) -> Path:
    """The project config: ``config`` when given, else ``pipeline.toml`` in ``cwd``."""
    return Path(config) if config is not None else Path(cwd or ".") / CONFIG_FILENAME


def read_suppressions(path: Path) -> tuple[str, ...]:
    """The ``[review] suppress`` list of a config file (empty when the file is absent)."""
    if not path.is_file():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PipelineError("E213", str(path), detail=str(exc)) from None
    value = data.get("review", {}).get("suppress", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PipelineError("E004", str(path), key="review.suppress", expected="a list of strings", got=value)
    return tuple(value)


def _array_end(text: str, start: int) -> int:
    """The index just after the TOML array that opens at ``text[start]``."""
    depth, i, quote = 0, start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unterminated array")


def _write(path: Path, entries: tuple[str, ...]) -> None:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = "suppress = [" + ", ".join(json.dumps(e, ensure_ascii=False) for e in entries) + "]"
    table = _TABLE.search(text)
    try:
        if table is None:
            if "suppress" in tomllib.loads(text).get("review", {}):
                raise ValueError("[review] suppress is not written as a [review] table; edit it by hand")
            sep = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
            text += f"{sep}[review]\n# Rules or cues whose flags are dismissed everywhere (pipeline review --dismiss-everywhere).\n{line}\n"
        else:
            body_start = table.end()
            nxt = _NEXT_TABLE.search(text, body_start + 1)
            body_end = nxt.start() if nxt else len(text)
            key = _KEY.search(text, body_start, body_end)
            if key is None:
                text = text[:body_start] + "\n" + line + text[body_start:]
            else:
                if text[key.end() : key.end() + 1] != "[":
                    raise ValueError("review.suppress is not an array")
                text = text[: key.start()] + line + text[_array_end(text, key.end()) :]
        if tuple(tomllib.loads(text).get("review", {}).get("suppress", [])) != entries:
            raise ValueError("the edited file does not read back as expected")
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise PipelineError("E213", str(path), detail=str(exc)) from None
    atomic_write_text(path, text)


def add_suppression(entry: str, path: Path) -> bool:
    """Add ``entry`` to the list in ``path`` (created if missing); False when it was there."""
    entry = entry.strip()
    current = read_suppressions(path)
    if not entry or entry in current:
        return False
    _write(path, (*current, entry))
    return True


def remove_suppression(entry: str, path: Path) -> bool:
    """Remove ``entry`` from the list in ``path``; False when it was not there."""
    current = read_suppressions(path)
    if entry.strip() not in current:
        return False
    _write(path, tuple(e for e in current if e != entry.strip()))
    return True
