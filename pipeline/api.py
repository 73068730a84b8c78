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

    from .flags import FlagModel

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
]

#: Version of the output JSON schema (``pipeline/schema/summary.schema.json``).
SCHEMA_VERSION = "1.1"

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
    flagger: FlagModel | None = None,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
) -> Analysis:
    """Every stage after the spaCy parse, for an article and its ``Doc``.

    ``flagger`` is the flag model (:func:`pipeline.flags.load_flagger` of
    ``settings.flags`` on ``nlp``); a caller analysing many articles loads it once and
    passes it; when None it is loaded for this one call. ``reviews`` holds a
    reviewer's decisions on flags (see :mod:`pipeline.review`); dismissed flags are
    kept, marked, and ignored when the summary is chosen.
    """
    from .entities import extract_entities
    from .facts import extract_attributions, extract_figures, extract_quotes
    from .flags import flag_sentences, flag_stats, load_flagger
    from .nlp import model_info
    from .review import apply_reviews, without_dismissed
    from .sentences import split_sentences
    from .summarise import summarise
    from .temporal import build_timeline, extract_dates

    sentences = split_sentences(article, doc)
    entities = extract_entities(doc, sentences, aliases=_aliases(settings))
    dates = extract_dates(doc, sentences, reference=_reference_date(article))
    figures = extract_figures(doc, sentences)
    quotes = extract_quotes(doc, sentences, entities)
    attributions = extract_attributions(doc, sentences, entities)
    if flagger is None:
        flagger = load_flagger(settings.flags, nlp)
    sentences = flag_sentences(doc, sentences, flagger=flagger, quotes=quotes, attributions=attributions)
    sentences = apply_reviews(sentences, reviews or {})
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
        **flag_stats(sentences, word_count=article.word_count),
        "reviewed_flags": sum(1 for s in sentences for f in s.flags if f.review),
        "dismissed_flags": sum(1 for s in sentences for f in s.flags if f.review == "dismissed"),
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
        from .ingest import read_path
        from .nlp import load_model
        from .sentences import parse

        settings = settings or load_settings()
        raws, _ = read_path(source, format=settings.ingest.format)
        raw = next((r for r in raws if r.sha256 == analysis.article.sha256), None)
        if raw is not None:
            article = dataclasses.replace(prepare(raw, settings=settings), id=analysis.article.id)
            nlp = load_model(settings.model)
            refreshed = analyse_parsed(article, parse(article, nlp), settings=settings, nlp=nlp, reviews=recorded)
    if refreshed is None:  # the source is gone or changed: mark the flags, keep the rest
        refreshed = dataclasses.replace(analysis, sentences=apply_reviews(analysis.sentences, recorded))
    write_outputs(refreshed, out_dir)
    return refreshed
