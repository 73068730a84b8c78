"""The sides of ``pipeline diff``: analysis files, article files, ids in an output directory
and kept versions, loaded or analysed, then compared and rendered. :mod:`pipeline.api`
exports these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..chain import SCHEMA_VERSION
from ..config import Settings
from ..errors import PipelineError
from ..models import Analysis

__all__ = ["diff", "diff_history", "render_diff", "render_history"]


def _analysis_or_article(path: Path, settings: Settings) -> Analysis:
    """Load an analysis JSON file (of a schema version this pipeline reads), or analyse an article file."""
    from ..io import read_path
    from ..io.analyses import is_analysis_file, read_analysis

    if is_analysis_file(path):
        return read_analysis(path, current=SCHEMA_VERSION)

    raws, errors = read_path(path, format=settings.ingest.format)
    if not raws:
        raise errors[0] if errors else PipelineError("E107", str(path))
    from ..chain import pipeline_for

    return pipeline_for(settings).analyse(raws[0])


def _diff_side(name: str, out_dir: Path, settings: Settings) -> tuple[Analysis, str]:
    """One side of a diff: an output JSON, an article file, an id in ``out_dir``, or ``ID@VERSION``."""
    from ..io.analyses import read_analysis, versions

    path = Path(name)
    if path.is_file():
        return _analysis_or_article(path, settings), name
    if "@" in name:
        ident, _, version = name.partition("@")
        hits = [(v, an) for v, _, an in versions(out_dir, ident, current=SCHEMA_VERSION) if version and v.startswith(version)]
        if len(hits) != 1:
            raise PipelineError("E804", None, version=version, name=ident)
        return hits[0][1], f"{ident}@{hits[0][0]}"
    latest = out_dir / f"{name}.json"
    if latest.is_file():
        return read_analysis(latest, current=SCHEMA_VERSION), str(latest)
    raise PipelineError("E802", None, name=name, out_dir=str(out_dir))


def diff(
    a: str | Path,
    b: str | Path | None = None,
    *,
    settings: Settings | None = None,
    out_dir: str | Path = "outputs",
    sections: Iterable[str] | None = None,
    complete: bool = False,
) -> Any:
    """Compare two analyses in substance; returns a :class:`pipeline.diff.Diff`.

    Each side is an analysis JSON file, an article file (analysed on the fly), an
    article id in ``out_dir`` (its latest analysis) or ``ID@VERSION`` (a kept
    version, see :func:`diff_history`). With ``b`` None, ``a`` names an article
    id and its latest analysis is compared with the previous one kept under
    ``out_dir/history/<id>/``. ``sections`` narrows the comparison
    (:data:`pipeline.diff.SECTIONS`); ``complete`` includes changes below the
    ``[diff]`` thresholds. Raises :class:`PipelineError`: E801 for an analysis
    of another schema version, E802-E805 for sides or sections not found.
    """
    from ..io.analyses import versions
    from . import SECTIONS, diff_analyses

    settings = settings or Settings()
    wanted = None
    if sections is not None:
        wanted = [s.strip() for s in sections if s.strip()]
        for s in wanted:
            if s not in SECTIONS:
                raise PipelineError("E805", None, name=s, choices=", ".join(SECTIONS))
    out = Path(out_dir)
    if b is None:
        name = str(a)
        if not (out / f"{name}.json").is_file():
            raise PipelineError("E802", None, name=name, out_dir=str(out))
        kept = versions(out, name, current=SCHEMA_VERSION)
        if len(kept) < 2:
            raise PipelineError("E803", None, name=name, folder=str(out / "history" / name))
        (va, pa, old), (vb, pb, new) = kept[-2], kept[-1]
        labels: tuple[str | None, str | None] = (f"{name}@{va} ({pa})", f"{name}@{vb} ({pb}, latest)")
    else:
        old, la = _diff_side(str(a), out, settings)
        new, lb = _diff_side(str(b), out, settings)
        labels = (la, lb)
    return diff_analyses(old, new, settings=settings.diff, sections=wanted, complete=complete, labels=labels)


def diff_history(name: str, *, out_dir: str | Path = "outputs", settings: Settings | None = None) -> Any:
    """The kept versions of article ``name`` in ``out_dir``, oldest first (a tuple of
    :class:`pipeline.diff.Version`), each with a one-line summary of what changed
    from the version before. Raises E802 when there is no such article."""
    from ..io.analyses import versions
    from . import Version, diff_analyses, summary_line

    settings = settings or Settings()
    out = Path(out_dir)
    found = versions(out, name, current=SCHEMA_VERSION)
    if not found:
        raise PipelineError("E802", None, name=name, out_dir=str(out))
    result = []
    previous: Analysis | None = None
    for version, path, analysis in found:
        changes = summary_line(diff_analyses(previous, analysis, settings=settings.diff)) if previous is not None else ""
        when = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone().strftime("%Y-%m-%d %H:%M")
        kps = len(analysis.summary.key_points) if analysis.summary else 0
        result.append(Version(version, when, str(path), path.parent == out, analysis.article.word_count, kps, changes))
        previous = analysis
    return tuple(result)


def render_diff(d: Any, *, format: str = "text", color: bool = False) -> str:
    """A :class:`pipeline.diff.Diff` as ``text`` (styled when ``color``), ``markdown`` or ``json``."""
    from . import render_json, render_markdown, render_text

    if format == "json":
        return render_json(d)
    if format == "markdown":
        return render_markdown(d)
    return render_text(d, color=color)


def render_history(name: str, versions: Any, *, format: str = "text") -> str:
    """The output of :func:`diff_history` as text, Markdown or JSON."""
    from . import render_history as _render

    return _render(name, versions, format=format)
