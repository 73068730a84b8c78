"""Writing a report: find the analyses, render a page for each and the index, write them atomically.

Targets are output directories (every ``*.json`` analysis directly inside),
analysis JSON files, or article ids (``<DIR>/<id>.json`` in the first directory
named, else in ``outputs``). Pages go into ``out_dir`` (default
``<first directory>/report``) as ``<id>.html`` (characters outside
``A-Za-z0-9._-`` replaced), with ``index.html`` beside them. A file that cannot
be read is one error and the others go on; the index lists the articles of
this report.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PipelineError
from ..io.files import atomic_write_text
from .figures import ArticleFigures, article_figures
from .index import render_index
from .page import render_article

__all__ = ["ReportResult", "find_analyses", "page_name", "write_report", "INDEX"]

#: File name of the index page.
INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What a report run wrote: the pages, the index (None when no page was written), the problems."""

    out_dir: Path
    index: Path | None
    pages: tuple[Path, ...] = ()
    errors: tuple[PipelineError, ...] = ()
    seconds: float = 0.0


def find_analyses(targets: Sequence[str | Path], *, default_dir: str | Path = "outputs") -> tuple[list[Path], list[PipelineError], Path]:
    """The analysis files named by ``targets``, the problems, and the base directory.

    The base directory is the first directory among the targets, else the
    folder of the first file, else ``default_dir``; ids are looked up in it.
    """
    given = [Path(t) for t in targets] or [Path(default_dir)]
    dirs = [p for p in given if p.is_dir()]
    lookup = dirs[0] if dirs else Path(default_dir)
    files: list[Path] = []
    errors: list[PipelineError] = []
    for target in given:
        if target.is_dir():
            found = sorted(p for p in target.glob("*.json") if p.is_file())
            if not found:
                errors.append(PipelineError("E250", str(target)))
            files.extend(found)
        elif target.is_file():
            files.append(target)
        elif (lookup / f"{target}.json").is_file():
            files.append(lookup / f"{target}.json")
        else:
            errors.append(PipelineError("E251", str(target), dir=str(lookup)))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    base = dirs[0] if dirs else (unique[0].parent if unique else Path(default_dir))
    return unique, errors, base


def page_name(article_id: str, used: set[str]) -> str:
    """A file name for an article's page, unique within ``used`` (which it joins)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).strip("._")[:120] or "article"
    name = f"{stem}.html"
    n = 2
    while name.lower() in used or name.lower() == INDEX:
        name = f"{stem}-{n}.html"
        n += 1
    used.add(name.lower())
    return name


def _write(path: Path, text: str) -> None:
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise PipelineError("E202", str(path), detail=exc.strerror or str(exc)) from None


def write_report(
    targets: Iterable[str | Path] = (),
    *,
    out_dir: str | Path | None = None,
    default_dir: str | Path = "outputs",
) -> ReportResult:
    """Write one HTML page per analysis named by ``targets`` and an index; see the module docstring.

    Returns a :class:`ReportResult`; unreadable analyses are in its ``errors``
    (E204, E250, E251), a page that cannot be written raises E202.
    """
    from ..chain import SCHEMA_VERSION
    from ..io.analyses import read_analysis

    started = time.perf_counter()
    files, errors, base = find_analyses(list(targets), default_dir=default_dir)
    out = Path(out_dir) if out_dir is not None else base / "report"
    used: set[str] = set()
    pages: list[Path] = []
    rows: list[ArticleFigures] = []
    for path in files:
        try:
            analysis = read_analysis(path, current=SCHEMA_VERSION)
        except PipelineError as exc:
            errors.append(exc)
            continue
        name = page_name(analysis.article.id, used)
        _write(out / name, render_article(analysis, index_href=INDEX, source=path.name))
        pages.append(out / name)
        rows.append(article_figures(analysis, page=name))
    index = None
    if pages:
        index = out / INDEX
        _write(index, render_index(rows))
    return ReportResult(out_dir=out, index=index, pages=tuple(pages), errors=tuple(errors), seconds=time.perf_counter() - started)
