"""Input formats and paths: which files to read and in which format.

Directories are walked in a stable order; only files with a known extension
are taken, and the pipeline's own outputs (an analysis JSON and its Markdown
twin) are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import PipelineError

__all__ = ["FORMATS", "EXTENSIONS", "format_for", "iter_input_paths"]


#: Input formats, in the order they are documented.
FORMATS: tuple[str, ...] = ("txt", "md", "html", "json", "jsonl")

#: File extension -> format. Directories are searched for these only.
EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

#: Format aliases accepted by ``--format``.
_FORMAT_ALIASES: dict[str, str] = {
    "text": "txt",
    "plain": "txt",
    "markdown": "md",
    "htm": "html",
    "ndjson": "jsonl",
}

#: Directory entries never read: our own outputs and repository furniture.
_SKIP_NAMES: frozenset[str] = frozenset({"readme.md", "readme.txt", "readme", "license", "license.txt", "license.md"})


def format_for(path: str | Path, format: str | None = None) -> str:
    """The input format of ``path``: ``format`` when given, else by extension.

    Raises E110 for an unknown ``format``; an unknown extension is read as text.
    """
    if format:
        fmt = _FORMAT_ALIASES.get(format.lower(), format.lower())
        if fmt not in FORMATS:
            raise PipelineError("E110", str(path), format=format, choices=", ".join(FORMATS))
        return fmt
    return EXTENSIONS.get(Path(path).suffix.lower(), "txt")


def _is_own_output(path: Path) -> bool:
    """True for a file that ``pipeline run`` wrote (an analysis JSON or its Markdown twin)."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        twin = path.with_suffix(".json")
        return twin.is_file() and _is_own_output(twin)
    if suffix == ".json":
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return b'"schema_version"' in head and b'"article"' in head
    return False


def iter_input_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read, in a stable order.

    A file named in ``paths`` is taken as given (whatever its extension). A
    directory is walked recursively in sorted order; there only files with a
    known extension (:data:`EXTENSIONS`) are taken, and hidden files and
    folders, README/LICENSE files and the pipeline's own outputs are skipped.
    ``-`` (standard input) is passed through as ``Path("-")``.

    Raises E111 for a path that does not exist.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve() if str(p) != "-" else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in paths:
        p = Path(item)
        if str(item) == "-":
            add(p)
            continue
        if p.is_file():
            add(p)
            continue
        if not p.is_dir():
            raise PipelineError("E111", str(p))
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            for name in sorted(files):
                if name.startswith(".") or name.lower() in _SKIP_NAMES:
                    continue
                f = Path(root) / name
                if f.suffix.lower() not in EXTENSIONS or _is_own_output(f):
                    continue
                add(f)
    return out
