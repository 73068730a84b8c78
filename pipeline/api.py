"""The library API: the only module that ``cli.py`` imports.

The pipeline in one line (see :data:`STAGES`)::

    read -> normalise -> parse -> sentences -> entities -> dates -> facts -> flags -> summarise

>>> from pipeline import analyse
>>> result = analyse("Hamas won elections in 2006. Experts say it may last.")  # doctest: +SKIP
>>> result.summary.text  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .chain import SCHEMA_VERSION, STAGES, pipeline_for
from .config import SUMMARIZERS, Settings, load_settings, settings_hash, settings_to_toml
from .errors import PipelineError
from .io.output import analysis_json, write_outputs
from .models import Analysis, Article, RawDocument, from_dict
from .results import BatchReport, BatchStatus, EvalResult

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


__all__ = [
    "SCHEMA_VERSION",
    "STAGES",
    "analyse",
    "analyse_document",
    "analyse_parsed",
    "prepare",
    "run_batch",
    "batch_status",
    "check_settings",
    "write_outputs",
    "analysis_json",
    "load_analysis",
    "render_markdown",
    "schema",
    "validate",
    "load_settings",
    "settings_hash",
    "diff",
    "review",
    "read_input",
    "analyse_file",
    "settings_toml",
    "evaluate",
    "eval_gate",
    "SUMMARIZERS",
    "FORMATS",
    "Analysis",
    "Settings",
    "EvalResult",
    "__version__",
]

#: Input formats (``--format``).
FORMATS: tuple[str, ...] = ("txt", "md", "html", "json", "jsonl")


def prepare(raw: RawDocument, *, settings: Settings, used_ids: set[str] | None = None) -> Article:
    """Stage ``normalise``: clean a raw document into an :class:`Article` (no model needed)."""
    from .normalise import normalise

    return normalise(raw, settings=settings.ingest, used_ids=used_ids)


def analyse_parsed(
    article: Article,
    doc: Doc,
    *,
    settings: Settings,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
    nlp: Any = None,
) -> Analysis:
    """Every stage after the spaCy parse, for an article and its ``Doc``.

    ``reviews`` holds a reviewer's decisions on flags (see :mod:`pipeline.review`);
    dismissed flags are kept, marked, and ignored when the summary is chosen.
    """
    return pipeline_for(settings).analyse_parsed(article, doc, reviews=reviews)


def analyse_document(raw: RawDocument, *, settings: Settings | None = None, used_ids: set[str] | None = None) -> Analysis:
    """Analyse one raw document end to end."""
    return pipeline_for(settings or load_settings()).analyse(raw, used_ids=used_ids)


def analyse(text: str, *, source: str | None = None, settings: Settings | None = None, format: str = "txt") -> Analysis:
    """Analyse one article given as a string.

    ``format`` is how to read ``text`` (txt, md, html, json). Raises
    :class:`PipelineError` for unusable input or a missing model.
    """
    from .io import read_bytes

    settings = settings or Settings()
    raws = read_bytes(text.encode("utf-8"), source=source or "<text>", format=format)
    return analyse_document(raws[0], settings=settings)


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    settings: Settings | None = None,
    **options: Any,
) -> BatchReport:
    """Analyse every article under ``paths`` into ``out_dir``; see :mod:`pipeline.batch`."""
    from .batch import run_batch as _run

    return _run(list(paths), Path(out_dir), settings or Settings(), **options)


def check_settings(settings: Settings) -> None:
    """Check the files the settings name (alias file, lexicon additions) before any article;
    raises :class:`PipelineError` (E008, E009, E401-E404). The model is not loaded."""
    from .chain import check_settings as _check

    _check(settings)


def batch_status(out_dir: str | Path = "outputs") -> BatchStatus:
    """Counts by status, failures and the last run of an output directory; see :mod:`pipeline.batch.status`."""
    from .batch import batch_status as _status

    return _status(out_dir)


# --------------------------------------------------------------------------
# output


def render_markdown(analysis: Analysis) -> str:
    """The human-readable summary of an analysis."""
    from .io.markdown import render_markdown as _render

    return _render(analysis)


def load_analysis(path: str | Path) -> Analysis:
    """Read an analysis JSON file back into an :class:`Analysis`.

    The file must be a regular file that validates against the schema; the
    article id is made a safe file name as at ingest (it names the outputs
    and the review file written beside it). Raises E204 otherwise.
    """
    p = Path(path)
    from .io.json import loads_json
    from .io.read import read_regular_file
    from .normalise import safe_id

    data_bytes = read_regular_file(p)
    try:
        data = loads_json(data_bytes.decode("utf-8"))
    except ValueError as exc:  # bad UTF-8, bad JSON, a number too long to read
        raise PipelineError("E204", str(p), detail=_one_line(str(exc))) from None
    if not isinstance(data, dict):
        raise PipelineError("E204", str(p), detail=f"expected a JSON object, got {type(data).__name__}")
    problem = _schema_problem(data)
    if problem:
        raise PipelineError("E204", str(p), detail=problem)
    try:
        analysis = from_dict(Analysis, data)
    except (ValueError, TypeError, KeyError) as exc:
        raise PipelineError("E204", str(p), detail=_one_line(str(exc))) from None
    safe = safe_id(analysis.article.id)
    if safe != analysis.article.id:
        analysis = dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, id=safe))
    return analysis


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _schema_problem(data: dict[str, Any]) -> str | None:
    """The first way ``data`` breaks the schema (``at article.id: …``), or None."""
    import jsonschema

    validator = _validator()
    try:
        error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    except RecursionError:
        return "JSON nested too deeply"
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path) or "top level"
    return f"does not match the analysis schema at {where}: {_one_line(error.message, 200)}"


@functools.cache
def _validator() -> Any:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


def schema() -> dict[str, Any]:
    """The output JSON Schema (a dict)."""
    from importlib import resources

    text = resources.files("pipeline").joinpath("schema/summary.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate(data: dict[str, Any]) -> None:
    """Check an analysis dict against the schema; raises ``jsonschema.ValidationError``."""
    import jsonschema

    jsonschema.validate(data, schema())


def with_settings(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with top-level fields replaced."""
    return dataclasses.replace(settings, **changes)


def _analysis_or_article(path: Path, settings: Settings) -> Analysis:
    """Load an analysis JSON file, or analyse an article file."""
    if path.suffix.lower() == ".json":
        from .io.json import loads_json
        from .io.read import read_regular_file

        try:
            data = loads_json(read_regular_file(path).decode("utf-8"))
        except ValueError:  # not JSON (or not UTF-8): read it as an article below
            data = None
        if isinstance(data, dict) and "schema_version" in data and "article" in data:
            return load_analysis(path)
    from .io import read_path

    raws, _ = read_path(path, format=settings.ingest.format)
    if not raws:
        raise PipelineError("E107", str(path))
    return analyse_document(raws[0], settings=settings)


def diff(a: str | Path, b: str | Path, *, settings: Settings | None = None) -> Any:
    """Compare two analyses (JSON outputs) or two articles (analysed on the fly).

    Returns a :class:`pipeline.diff.Diff`.
    """
    from .diff import diff_analyses

    settings = settings or Settings()
    return diff_analyses(_analysis_or_article(Path(a), settings), _analysis_or_article(Path(b), settings))


def review(
    json_path: str | Path,
    decisions: Mapping[str, str] | None = None,
    *,
    settings: Settings | None = None,
    note: str | None = None,
) -> Analysis:
    """Record flag decisions for an analysed article and refresh its outputs.

    ``json_path`` is an output of ``pipeline run``; ``decisions`` maps flag
    keys (:func:`pipeline.review.flag_key`) to ``accepted``, ``dismissed`` or
    ``clear``. The decisions are saved under ``<out_dir>/reviews/`` and the
    article is analysed again from its source (when it is still there and
    unchanged) so that the summary reflects them; the refreshed analysis is
    written and returned.
    """
    from .review import apply_reviews, load_reviews, save_decisions

    path = Path(json_path)
    out_dir = path.parent
    analysis = load_analysis(path)
    if decisions:
        save_decisions(out_dir, analysis, decisions, note=note)
    recorded = load_reviews(out_dir, analysis.article.id)
    source = Path(analysis.article.source)
    refreshed: Analysis | None = None
    if source.is_file():
        from .io import read_path
        from .parse import parse_text

        settings = settings or load_settings()
        raws, _ = read_path(source, format=settings.ingest.format)
        raw = next((r for r in raws if r.sha256 == analysis.article.sha256), None)
        if raw is not None:
            article = dataclasses.replace(prepare(raw, settings=settings), id=analysis.article.id)
            pipeline = pipeline_for(settings)
            refreshed = pipeline.analyse_parsed(article, parse_text(article.text, pipeline.resources.nlp), reviews=recorded)
    if refreshed is None:  # the source is gone or changed: mark the flags, keep the rest
        refreshed = dataclasses.replace(analysis, sentences=apply_reviews(analysis.sentences, recorded))
    write_outputs(refreshed, out_dir)
    return refreshed


def read_input(path: str | Path, *, format: str | None = None, stdin: bytes | None = None) -> tuple[list[RawDocument], list[PipelineError]]:
    """The articles in one input file (or ``stdin`` bytes when ``path`` is ``-``), and the
    problems found in it (a bad JSON Lines line does not stop the others)."""
    from .io import read_bytes, read_path

    if str(path) == "-":
        return read_bytes(stdin or b"", source="<stdin>", format=format or "txt"), []
    return read_path(Path(path), format=format)


def analyse_file(path: str | Path, *, settings: Settings | None = None) -> Analysis:
    """Analyse the one article in a file. Raises :class:`PipelineError` when the file holds
    no usable article or more than one (use :func:`read_input` for those)."""
    settings = settings or load_settings()
    raws, errors = read_input(path, format=settings.ingest.format)
    if errors:
        raise errors[0]
    if len(raws) != 1:
        raise PipelineError("E118", str(path), count=len(raws))
    return analyse_document(raws[0], settings=settings)


def settings_toml(settings: Settings) -> str:
    """The effective settings as commented TOML (for the defaults: ``pipeline/settings.toml``)."""
    return settings_to_toml(settings)


def evaluate(task: str, path: str | Path, *, settings: Settings | None = None, **options: Any) -> EvalResult:
    """Score one stage against labelled data; see :mod:`pipeline.evaluation`."""
    from .evaluation import evaluate as _evaluate

    return _evaluate(task, path, settings=settings or load_settings(), **options)


def eval_gate(
    data_dir: str | Path, *, settings: Settings | None = None, update: bool = False, floors_file: str | Path | None = None
) -> Any:
    """Every evaluation figure against its pinned floor; see :mod:`pipeline.evaluation.gate`.

    Returns a :class:`pipeline.evaluation.gate.GateResult` (``passed``, ``figures``, ``to_dict()``)."""
    from .evaluation import gate

    kwargs: dict[str, Any] = {} if floors_file is None else {"floors_file": floors_file}
    return gate.run_gate(data_dir, settings=settings or load_settings(), update=update, **kwargs)


def render_gate(result: Any) -> str:
    """The gate's table."""
    from .evaluation import gate

    return gate.render(result)
