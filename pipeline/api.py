"""The library API: the only pipeline module the command line (``pipeline/cli/``) imports, with the error catalogue.

The pipeline in one line (see :data:`STAGES`)::

    read -> normalise -> parse -> sentences -> entities -> dates -> facts -> flags -> summarise

>>> from pipeline import analyse
>>> result = analyse("Hamas won elections in 2006. Experts say it may last.")  # doctest: +SKIP
>>> result.summary.text  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .chain import SCHEMA_VERSION, STAGES, pipeline_for
from .config import SUMMARIZERS, Settings, load_settings, settings_hash
from .diff.sides import diff, diff_history, render_diff, render_history
from .errors import PipelineError
from .io.output import analysis_json, write_outputs
from .models import Analysis, Article, RawDocument
from .results import BatchItem, BatchReport, BatchStatus, EvalResult
from .settings_toml import settings_to_toml
from .version import __version__

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
    "diff_history",
    "render_diff",
    "render_history",
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
    "open_review",
    "review_export",
    "review_suppress",
    "review_suppressions",
    "review_web",
    "report",
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
) -> Analysis:
    """Every stage after the spaCy parse, for an article and its ``Doc``.

    ``reviews`` holds a reviewer's decisions on flags (see :mod:`pipeline.review`),
    ``settings.review.suppress`` the rules and cues dismissed everywhere; dismissed
    flags are kept and marked, and count neither in the sentence's score, the
    statistics nor the choice of the summary.
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
    *,
    force: bool = False,
    on_item: Callable[[BatchItem], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    lock_timeout: float = 10.0,
) -> BatchReport:
    """Analyse every article under ``paths`` into ``out_dir``; see :func:`pipeline.batch.run_batch`.

    Only what is new or changed is redone (the result key: :func:`pipeline.chain.result_key`);
    ``force`` redoes everything. ``on_item`` is called with each settled :class:`BatchItem`,
    ``progress(files_done, files_total)`` as input files finish. Never raises for a bad
    article; raises :class:`PipelineError` for a missing path, a locked or unwritable
    output directory, or a missing model.
    """
    from .batch import run_batch as _run

    return _run(
        list(paths), Path(out_dir), settings or Settings(), force=force, on_item=on_item, progress=progress, lock_timeout=lock_timeout
    )


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

    The file must be a regular file of a schema version this pipeline reads that
    validates against the schema; the article id is made a safe file name as at ingest
    (it names the outputs and the review file written beside it). Raises E204 (E801 for
    another schema version) otherwise; see :func:`pipeline.io.analyses.read_analysis`.
    """
    from .io.analyses import read_analysis

    return read_analysis(Path(path), current=SCHEMA_VERSION)


def schema() -> dict[str, Any]:
    """The output JSON Schema (a dict)."""
    from importlib import resources

    text = resources.files("pipeline").joinpath("schema/summary.schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def validate(data: dict[str, Any]) -> None:
    """Check an analysis dict against the schema; raises ``jsonschema.ValidationError``."""
    import jsonschema

    jsonschema.validate(data, schema())


def with_settings(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with top-level fields replaced."""
    return dataclasses.replace(settings, **changes)


def _review_db(out_dir: Path) -> None:
    """Let the batch index create the output directory's database before the review tables join it."""
    from .review.store import DB_NAME

    if not out_dir.is_dir():
        raise PipelineError("E209", None, target=str(out_dir), out_dir=str(out_dir))
    if not (out_dir / DB_NAME).exists():
        batch_status(out_dir)


def open_review(
    targets: Iterable[str | Path] = (),
    *,
    out_dir: str | Path = "outputs",
    settings: Settings | None = None,
    reviewer: str | None = None,
    session: str | None = None,
) -> Any:
    """A :class:`pipeline.review.session.ReviewSession` over the articles ``targets`` name.

    A target is an output directory, an analysis JSON file or an article id in
    ``out_dir``; none: every article of ``out_dir``. ``reviewer`` defaults to the
    OS user name. Raises E209/E212 for targets that name nothing or several
    directories.
    """
    from .review.queue import resolve_targets
    from .review.session import ReviewSession

    directory, ids = resolve_targets([str(t) for t in targets], out_dir)
    _review_db(directory)
    return ReviewSession(directory, settings=settings or load_settings(), ids=ids, reviewer=reviewer, session=session)


def review(
    json_path: str | Path,
    decisions: Mapping[str, str] | None = None,
    *,
    settings: Settings | None = None,
    note: str | None = None,
    reviewer: str | None = None,
) -> Analysis:
    """Record flag decisions for an analysed article and refresh its outputs.

    ``json_path`` is an output of ``pipeline run``; ``decisions`` maps flag keys
    (:func:`pipeline.review.flag_key`) to ``accepted``, ``dismissed`` or
    ``clear``. The decisions go to the output directory's database and the
    article's outputs are rewritten from the stored analysis (the source is not
    read again); the refreshed analysis is returned. Raises E206 for a key that
    names no flag of the article.
    """
    path = Path(json_path)
    with open_review([path], settings=settings, reviewer=reviewer) as session:
        if decisions:
            session.decide([(path.stem, k, d) for k, d in decisions.items()], refresh=False, note=note)
        refreshed: Analysis = session.refresh(path.stem)
        return refreshed


def review_export(
    path: str | Path, targets: Iterable[str | Path] = (), *, out_dir: str | Path = "outputs", settings: Settings | None = None
) -> int:
    """Write the decided sentences as labelled data (the TSV ``pipeline eval flags`` reads); returns how many."""
    from .review.export import write_labelled

    with open_review(targets, out_dir=out_dir, settings=settings) as session:
        return write_labelled(path, session.states())


def review_suppress(entry: str, *, config: str | Path | None = None, remove: bool = False) -> tuple[Path, bool]:
    """Add (or with ``remove``, take out) a rule or cue in the config's ``[review] suppress``
    list; returns the config file and whether it changed. Raises E213 when it cannot be edited."""
    from .review.suppress import add_suppression, config_file, remove_suppression

    path = config_file(config)
    return path, (remove_suppression if remove else add_suppression)(entry, path)


def review_suppressions(*, config: str | Path | None = None) -> tuple[Path, tuple[str, ...]]:
    """The config file and its ``[review] suppress`` list."""
    from .review.suppress import config_file, read_suppressions

    path = config_file(config)
    return path, read_suppressions(path)


def review_web(
    targets: Iterable[str | Path] = (),
    *,
    out_dir: str | Path = "outputs",
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    allow_remote: bool = False,
    reviewer: str | None = None,
    config: str | Path | None = None,
    on_ready: Any = None,
) -> None:
    """Serve the browser review app until interrupted; ``on_ready(url)`` is called once it listens.

    Raises E211 for a host that is not a loopback address (unless
    ``allow_remote``), E215 when starlette or uvicorn is missing.
    """
    from .review.web import serve

    with open_review(targets, out_dir=out_dir, settings=settings, reviewer=reviewer) as session:
        serve(session, host=host, port=port, allow_remote=allow_remote, config=config, on_ready=on_ready)


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


def report(
    targets: Iterable[str | Path] = (),
    *,
    out_dir: str | Path | None = None,
    default_dir: str | Path = "outputs",
) -> Any:
    """Write an offline HTML report: one page per analysis and an index.

    ``targets`` are output directories, analysis JSON files or article ids
    (default: ``default_dir``); pages go into ``out_dir`` (default
    ``<first directory>/report``). Returns a :class:`pipeline.report.ReportResult`
    whose ``errors`` hold the analyses that could not be read.
    """
    from .report import write_report

    return write_report(targets, out_dir=out_dir, default_dir=default_dir)
