"""The library API: the only module that ``cli.py`` imports.

The pipeline in one line (see :data:`STAGES`)::

    read -> normalise -> parse -> sentences -> entities -> dates -> facts -> flags -> summarise

>>> from pipeline import analyse
>>> result = analyse("Hamas won elections in 2006. Experts say it may last.")  # doctest: +SKIP
>>> result.summary.text  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Settings, load_settings, settings_hash
from .errors import PipelineError
from .models import Analysis, Article, BatchReport, PipelineInfo, RawDocument, from_dict, to_dict

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
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
    "write_outputs",
    "load_analysis",
    "render_markdown",
    "schema",
    "validate",
    "load_settings",
    "settings_hash",
    "diff",
    "review",
    "open_review",
    "review_export",
    "review_suppress",
    "review_suppressions",
    "review_web",
]

#: Version of the output JSON schema (``pipeline/schema/summary.schema.json``).
SCHEMA_VERSION = "1.2"

#: The stages, in the order they run.
STAGES: tuple[str, ...] = (
    "read",
    "normalise",
    "parse",
    "sentences",
    "entities",
    "dates",
    "facts",
    "flags",
    "summarise",
)


def _reference_date(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _aliases(settings: Settings) -> dict[str, str]:
    if not settings.entities.aliases:
        return {}
    from .entities import load_aliases

    return load_aliases(settings.entities.aliases)


def prepare(raw: RawDocument, *, settings: Settings, used_ids: set[str] | None = None) -> Article:
    """Stage ``normalise``: clean a raw document into an :class:`Article`."""
    from .normalise import normalise

    return normalise(raw, settings=settings.ingest, used_ids=used_ids)


def analyse_parsed(
    article: Article,
    doc: Doc,
    *,
    settings: Settings,
    nlp: Language,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
) -> Analysis:
    """Every stage after the spaCy parse, for an article and its ``Doc``.

    ``reviews`` holds a reviewer's decisions on flags (see :mod:`pipeline.review`),
    ``settings.review.suppress`` the rules and cues dismissed everywhere; dismissed
    flags are kept and marked, and count neither in the sentence's score, the
    statistics nor the choice of the summary.
    """
    from .entities import extract_entities
    from .facts import extract_attributions, extract_figures, extract_quotes
    from .flags import flag_sentences
    from .nlp import model_info
    from .review import apply_reviews, counted_stats, without_dismissed
    from .sentences import split_sentences
    from .summarise import summarise
    from .temporal import build_timeline, extract_dates

    sentences = split_sentences(article, doc)
    entities = extract_entities(doc, sentences, aliases=_aliases(settings))
    dates = extract_dates(doc, sentences, reference=_reference_date(article))
    figures = extract_figures(doc, sentences)
    quotes = extract_quotes(doc, sentences, entities)
    attributions = extract_attributions(doc, sentences, entities)
    sentences = flag_sentences(doc, sentences, settings=settings.flags, quotes=quotes, attributions=attributions, nlp=nlp)
    sentences = apply_reviews(sentences, reviews, suppress=settings.review.suppress, threshold=settings.flags.threshold)
    timeline = build_timeline(dates, sentences)
    summary = summarise(without_dismissed(sentences), doc, settings=settings.summary, sections=article.sections, title=article.title)
    name, version = model_info(nlp)
    stats = {
        "words": article.word_count,
        "sentences": len(sentences),
        "entities": len(entities),
        "dates": len(dates),
        "figures": len(figures),
        "quotes": len(quotes),
        "boilerplate_blocks": len(article.boilerplate),
        **counted_stats(sentences, word_count=article.word_count),
    }
    return Analysis(
        schema_version=SCHEMA_VERSION,
        article=article,
        pipeline=PipelineInfo(
            version=__version__,
            model=name,
            model_version=version,
            settings_hash=settings_hash(settings, model=name),
        ),
        sentences=sentences,
        entities=entities,
        dates=dates,
        timeline=timeline,
        figures=figures,
        quotes=quotes,
        attributions=attributions,
        summary=summary,
        stats=stats,
    )


def analyse_document(raw: RawDocument, *, settings: Settings | None = None, used_ids: set[str] | None = None) -> Analysis:
    """Analyse one raw document end to end."""
    from .nlp import load_model
    from .parse import parse_text

    settings = settings or load_settings()
    article = prepare(raw, settings=settings, used_ids=used_ids)
    nlp = load_model(settings.model)
    return analyse_parsed(article, parse_text(article.text, nlp), settings=settings, nlp=nlp)


def analyse(text: str, *, source: str | None = None, settings: Settings | None = None, format: str = "txt") -> Analysis:
    """Analyse one article given as a string.

    ``format`` is how to read ``text`` (txt, md, html, json). Raises
    :class:`PipelineError` for unusable input or a missing model.
    """
    from .ingest import read_bytes

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


def batch_status(out_dir: str | Path = "outputs") -> dict[str, Any]:
    """Counts by status, failures and the last run of an output directory; see :mod:`pipeline.batch`."""
    from .batch import batch_status as _status

    return _status(out_dir)


# --------------------------------------------------------------------------
# output


def render_markdown(analysis: Analysis) -> str:
    """The human-readable summary of an analysis."""
    from .io.markdown import render_markdown as _render

    return _render(analysis)


def analysis_json(analysis: Analysis) -> str:
    """The analysis as a JSON document (schema :data:`SCHEMA_VERSION`).

    Written by orjson when it is installed (a dependency; the same text as
    ``json.dumps(..., ensure_ascii=False, indent=2)``, fifteen times faster: the
    standard library's C encoder is not used once ``indent`` is set)."""
    data = to_dict(analysis)
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


def write_outputs(analysis: Analysis, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``<id>.json`` and ``<id>.md`` into ``out_dir``, atomically."""
    from .io.files import atomic_write_text

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / f"{analysis.article.id}.json"
    md_path = out / f"{analysis.article.id}.md"
    atomic_write_text(json_path, analysis_json(analysis))
    atomic_write_text(md_path, render_markdown(analysis))
    return json_path, md_path


def load_analysis(path: str | Path) -> Analysis:
    """Read an analysis JSON file back into an :class:`Analysis`."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return from_dict(Analysis, data)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise PipelineError("E204", str(p), detail=str(exc)) from None


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
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and "schema_version" in data and "article" in data:
            return load_analysis(path)
    from .ingest import read_path

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
        return session.refresh(path.stem)


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
