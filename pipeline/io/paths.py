"""Input formats and paths: which files to read and in which format.

Directories are walked in a stable order; only files with a known extension
are taken. The output directory is never read, symbolic links do not lead
out of the input directory (unless asked), and the pipeline's own outputs
found among the inputs are reported, not read.
"""

from __future__ import annotations

import errno
import os
import stat
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


def _looks_like_output(path: Path) -> bool:
    """True for a regular file that ``pipeline run`` wrote (an analysis JSON or its Markdown twin).

    Only regular files are opened (a named pipe would block)."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        twin = path.with_suffix(".json")
        return _looks_like_output(twin)
    if suffix == ".json":
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return False
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return b'"schema_version"' in head and b'"article"' in head
    return False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def iter_input_paths(
    paths: Iterable[str | Path],
    *,
    follow_symlinks: bool = False,
    exclude: Iterable[str | Path] = (),
    errors: list[PipelineError] | None = None,
) -> list[Path]:
    """The files to read, in a stable order.

    A file named in ``paths`` is taken as given (whatever its extension). A
    directory is walked recursively in sorted order; there only files with a
    known extension (:data:`EXTENSIONS`) are taken, and hidden files and
    folders and README/LICENSE files are skipped. ``-`` (standard input) is
    passed through as ``Path("-")``. Files that are not regular files (named
    pipes, devices, sockets) are listed too, so that reading them reports why
    they are refused.

    Nothing under ``exclude`` (the output directory) is read. Inside a walked
    directory, a symbolic link that leads out of it is not followed unless
    ``follow_symlinks`` (E122), a symbolic link loop or a dangling link gets
    E123, and an analysis JSON written by ``pipeline run`` gets E124 (its
    Markdown twin is skipped); these problems are appended to ``errors``
    when a list is given, and otherwise left out silently.

    Raises E111 for a path that does not exist.
    """
    out: list[Path] = []
    seen: set[str] = set()
    excluded = [os.path.realpath(e) for e in exclude]
    problems: list[PipelineError] = errors if errors is not None else []

    def add(p: Path) -> None:
        key = os.path.realpath(p) if str(p) != "-" else "-"
        if key not in seen:
            seen.add(key)
            out.append(p)

    def is_excluded(real: str) -> bool:
        return any(_inside(real, e) for e in excluded)

    for item in paths:
        p = Path(item)
        if str(item) == "-":
            add(p)
            continue
        if not os.path.lexists(p):
            raise PipelineError("E111", str(p))
        if not p.is_dir():
            if not is_excluded(os.path.realpath(p)):
                add(p)
            continue
        root = os.path.realpath(p)
        if is_excluded(root):
            continue
        visited: set[tuple[int, int]] = set()
        for dirpath, dirs, files in os.walk(p, followlinks=follow_symlinks):
            try:
                st = os.stat(dirpath)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in visited:  # a loop of linked directories
                dirs[:] = []
                continue
            visited.add((st.st_dev, st.st_ino))
            kept = []
            for d in sorted(dirs):
                if d.startswith((".", "__")):
                    continue
                full = Path(dirpath) / d
                real = os.path.realpath(full)
                if is_excluded(real):
                    continue
                if os.path.islink(full) and not _inside(real, root):
                    if not follow_symlinks:
                        problems.append(PipelineError("E122", str(full), target=real))
                        continue
                kept.append(d)
            dirs[:] = kept
            for name in sorted(files):
                if name.startswith(".") or name.lower() in _SKIP_NAMES:
                    continue
                f = Path(dirpath) / name
                if f.suffix.lower() not in EXTENSIONS:
                    continue
                if os.path.islink(f):
                    try:
                        os.stat(f)
                    except OSError as exc:
                        loop = exc.errno == errno.ELOOP
                        detail = "symbolic link loop" if loop else "it points to a file that does not exist"
                        problems.append(PipelineError("E123", str(f), detail=detail))
                        continue
                    real = os.path.realpath(f)
                    if is_excluded(real):
                        continue
                    if not follow_symlinks and not _inside(real, root):
                        problems.append(PipelineError("E122", str(f), target=real))
                        continue
                elif is_excluded(os.path.realpath(f)):
                    continue
                if _looks_like_output(f):
                    if f.suffix.lower() == ".json":
                        problems.append(PipelineError("E124", str(f)))
                    continue
                add(f)
    return out
