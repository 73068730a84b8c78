"""The pipeline as one declared chain of stages, built once from the settings.

The order of the stages is written here and nowhere else::

    normalise -> parse -> sentences -> entities -> dates -> facts -> flags -> reviews -> timeline -> genre -> summarise

:class:`Pipeline` loads what the stages need once (the spaCy model, the entity aliases,
the flagger's lexicons, matchers and weights, the summariser's rankers) and computes the
result key once. ``analyse``, the batch workers, review refreshes and every evaluation
task run this chain, the evaluations up to (or from) the stage they score.

The result key (:func:`result_key`) covers everything that changes a result: the
settings that do, the model's name and version, the pipeline version, and the contents
of every shipped lexicon and weight file and of the alias file. ``pipeline run`` redoes
an article whose recorded key differs, so editing a lexicon entry redoes the articles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import PipelineError
from .models import Analysis, Article, PipelineInfo, RawDocument, Sentence, Stats
from .sentences import SentenceIndex
from .state import Resources, StageFn, State, stage
from .version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["STAGES", "Pipeline", "pipeline_for", "result_key", "data_files", "stage_names", "check_settings", "SCHEMA_VERSION"]

#: Version of the output JSON schema (``pipeline/schema/summary.schema.json``).
SCHEMA_VERSION = "1.4"

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"


# --------------------------------------------------------------------------
# the stages


def _doc(state: State) -> Doc:
    assert state.doc is not None, "the parse stage has not run"
    return state.doc


@stage(reads=("raw",), adds=("article",))
def normalise(state: State, res: Resources) -> State:
    from .normalise import normalise as _normalise

    assert state.raw is not None
    return state.but(article=_normalise(state.raw, settings=res.settings.ingest, used_ids=state.used_ids))


@stage(reads=("article",), adds=("doc",))
def parse(state: State, res: Resources) -> State:
    from .parse import parse_text

    assert state.article is not None
    return state.but(doc=parse_text(state.article.text, res.nlp))


@stage(reads=("article", "doc"), adds=("sentences", "index"))
def split(state: State, res: Resources) -> State:
    from .sentences import SentenceIndex, split_sentences

    assert state.article is not None
    sentences = split_sentences(state.article, _doc(state))
    return state.but(sentences=sentences, index=SentenceIndex(sentences))


@stage(reads=("article", "doc", "index"), adds=("entities",))
def entities(state: State, res: Resources) -> State:
    from .entities import extract_entities

    assert state.article is not None and state.index is not None
    return state.but(entities=extract_entities(_doc(state), state.index, text=state.article.text, aliases=res.aliases))


@stage(reads=("article", "doc", "index"), adds=("dates",))
def dates(state: State, res: Resources) -> State:
    from .dates import extract_dates

    assert state.article is not None and state.index is not None
    text, reference = state.article.text, _reference_date(state.article)
    return state.but(dates=extract_dates(_doc(state), state.index, text=text, reference=reference))


@stage(reads=("article", "doc", "index", "entities"), adds=("figures", "quotes", "attributions"))
def facts(state: State, res: Resources) -> State:
    from .facts import extract_attributions, extract_figures, extract_quotes

    assert state.article is not None and state.index is not None and state.entities is not None
    text, index = state.article.text, state.index
    return state.but(
        figures=extract_figures(_doc(state), index, text=text),
        quotes=extract_quotes(_doc(state), index, state.entities, text=text),
        attributions=extract_attributions(_doc(state), index, state.entities, text=text),
    )


@stage(reads=("article", "doc", "sentences", "quotes", "attributions"), adds=("sentences",))
def flags(state: State, res: Resources) -> State:
    from .flags import flag_sentences

    assert state.article is not None and state.sentences is not None
    assert state.quotes is not None and state.attributions is not None
    flagged = flag_sentences(
        _doc(state), state.sentences, flagger=res.flagger, quotes=state.quotes, attributions=state.attributions, text=state.article.text
    )
    return state.but(sentences=flagged)


@stage(reads=("sentences", "reviews"), adds=("sentences",))
def reviews(state: State, res: Resources) -> State:
    from .review import apply_reviews

    assert state.sentences is not None
    settings = res.settings
    return state.but(
        sentences=apply_reviews(state.sentences, state.reviews, suppress=settings.review.suppress, threshold=settings.flags.threshold)
    )


@stage(reads=("dates", "sentences"), adds=("timeline",))
def timeline(state: State, res: Resources) -> State:
    from .dates import build_timeline

    assert state.dates is not None and state.sentences is not None
    return state.but(timeline=build_timeline(state.dates, state.sentences))


@stage(reads=("article", "sentences"), adds=("article",))
def genre(state: State, res: Resources) -> State:
    import dataclasses

    from .genre import classify_genre

    assert state.article is not None and state.sentences is not None
    return state.but(article=dataclasses.replace(state.article, genre=classify_genre(state.article, state.sentences)))


@stage(reads=("article", "doc", "sentences", "quotes"), adds=("summary",))
def summarise(state: State, res: Resources) -> State:
    from .review import without_dismissed
    from .summarise import summarise as _summarise

    assert state.article is not None and state.sentences is not None
    summary = _summarise(
        without_dismissed(state.sentences),
        _doc(state),
        summariser=res.summariser,
        sections=state.article.sections,
        title=state.article.title,
        genre=state.article.genre.label if state.article.genre else None,
        blocks=state.article.blocks,
        quotes=state.quotes or (),
    )
    return state.but(summary=summary)


#: The chain, in order: the only place the order is written.
STAGES: tuple[StageFn, ...] = (normalise, parse, split, entities, dates, facts, flags, reviews, timeline, genre, summarise)


def stage_names() -> tuple[str, ...]:
    """The stage names in order (``split`` is the sentences stage)."""
    return tuple(fn.__name__ for fn in STAGES)


def _reference_date(article: Article) -> Any:
    import datetime as dt

    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------
# the result key


def data_files(settings: Settings) -> tuple[Path, ...]:
    """Every data file whose contents change results: the shipped lexicons and weights,
    and the alias file when one is set."""
    files = sorted(p for p in LEXICON_DIR.iterdir() if p.is_file() and p.suffix in (".txt", ".json"))
    if settings.entities.aliases:
        files.append(Path(settings.entities.aliases))
    return tuple(files)


def _model_identity(settings: Settings) -> tuple[str, str]:
    """(name, version) of the model the settings name, from its ``meta.json`` when it can be
    read without importing spaCy; else from the loaded model."""
    import importlib.util

    from .nlp import resolve_model_name

    resolved = resolve_model_name(settings.model)
    meta: Path | None = None
    if "/" in resolved or resolved.startswith("."):
        meta = Path(resolved) / "meta.json"
    else:
        try:
            spec = importlib.util.find_spec(resolved)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            meta = Path(list(spec.submodule_search_locations)[0]) / "meta.json"
    if meta is not None and meta.is_file():
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            return f"{data.get('lang', 'xx')}_{data.get('name', 'unknown')}", str(data.get("version", ""))
        except (OSError, ValueError):
            pass
    from .nlp import load_model, model_info

    return model_info(load_model(settings.model))


def result_key(settings: Settings, *, model: tuple[str, str] | None = None) -> str:
    """A short sha256 of everything that changes a result (see the module docstring).

    Does not import spaCy when the model's ``meta.json`` is readable. Raises
    :class:`PipelineError` E001/E002 for a missing model and E008 for an unreadable alias file.
    """
    from .config import _plain

    name, version = model or _model_identity(settings)
    parts: dict[str, Any] = {
        "settings": _plain(settings, results_only=True),
        "model": [name, version],
        "pipeline": __version__,
    }
    contents: dict[str, str] = {}
    for path in data_files(settings):
        try:
            contents[path.name if path.parent == LEXICON_DIR else str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise PipelineError("E008", str(path), detail=exc.strerror or str(exc)) from None
    parts["files"] = contents
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------
# the pipeline object


class Pipeline:
    """The chain with its resources, built once (:meth:`from_settings`) and reused for
    every article of a process."""

    def __init__(self, resources: Resources, *, key: str, info: PipelineInfo) -> None:
        self.resources = resources
        self.settings = resources.settings
        self.key = key
        self.info = info

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        """The chain for ``settings``: its resources load once, on first use (the alias file
        at once, so that a bad one is an error before any article). Raises
        :class:`PipelineError` for a missing model or a bad alias file."""
        resources = Resources(settings)
        resources.aliases  # noqa: B018 - a bad alias file is an error before any article
        name, version = _model_identity(settings)
        key = result_key(settings, model=(name, version))
        return cls(resources, key=key, info=PipelineInfo(version=__version__, model=name, model_version=version, settings_hash=key))

    def run(self, state: State, *, start: str | None = None, upto: str | None = None) -> State:
        """Run the stages from ``start`` (default: the first) through ``upto`` (default: the
        last). Raises ValueError when what a stage reads is missing from ``state``."""
        names = stage_names()
        first = names.index(start) if start else 0
        last = names.index(upto) if upto else len(names) - 1
        for fn in STAGES[first : last + 1]:
            missing = [r for r in fn.reads if getattr(state, r) is None]  # type: ignore[attr-defined]
            if missing:
                raise ValueError(f"stage {fn.__name__} needs {', '.join(missing)}")
            state = fn(state, self.resources)
        return state

    def analyse(
        self, raw: RawDocument, *, used_ids: set[str] | None = None, reviews: Mapping[str, Mapping[str, Any]] | None = None
    ) -> Analysis:
        """Every stage on one raw document."""
        return self.assemble(self.run(State(raw=raw, used_ids=used_ids, reviews=reviews or {})))

    def analyse_parsed(self, article: Article, doc: Any, *, reviews: Mapping[str, Mapping[str, Any]] | None = None) -> Analysis:
        """Every stage after the parse, for an article and its ``Doc`` (batch workers parse
        many articles at once with ``nlp.pipe``)."""
        return self.assemble(self.run(State(article=article, doc=doc, reviews=reviews or {}), start="split"))

    def flag_texts(self, texts: Sequence[str], *, batch_size: int = 64) -> list[Sentence]:
        """Each text as a one-sentence article through the chain up to the flags (entities,
        dates, facts, flags: quotes and attributions decide what is quoted or reported, as in
        an article). For labelled sentence data; one :class:`Sentence` per text, in order."""
        nlp = self.resources.nlp
        out: list[Sentence] = []
        for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size)):
            sentence = Sentence(id=f"t{len(out) + 1:05d}", text=text, start=0, end=len(text))
            article = Article(id=sentence.id, source="<text>", sha256="", text=text)
            state = State(article=article, doc=doc, sentences=(sentence,), index=SentenceIndex((sentence,)))
            flagged = self.run(state, start="entities", upto="flags").sentences
            assert flagged is not None
            out.append(flagged[0])
        return out

    def assemble(self, state: State) -> Analysis:
        """The :class:`Analysis` of a state that went through every stage, with its stats."""
        from .review import counted_stats

        article, sentences = state.article, state.sentences or ()
        assert article is not None
        counts: dict[str, Any] = {
            "words": article.word_count,
            "sentences": len(sentences),
            "entities": len(state.entities or ()),
            "dates": len(state.dates or ()),
            "figures": len(state.figures or ()),
            "quotes": len(state.quotes or ()),
            "boilerplate_blocks": len(article.boilerplate),
            **counted_stats(sentences, word_count=article.word_count),
        }
        stats = Stats(**counts)
        return Analysis(
            schema_version=SCHEMA_VERSION,
            article=article,
            pipeline=self.info,
            sentences=sentences,
            entities=state.entities or (),
            dates=state.dates or (),
            timeline=state.timeline or (),
            figures=state.figures or (),
            quotes=state.quotes or (),
            attributions=state.attributions or (),
            summary=state.summary,
            stats=stats,
        )


def check_settings(settings: Settings) -> None:
    """Read the data files the settings name (the alias file, the lexicon additions and
    removals) without loading the model, so that a batch stops once, before any article,
    on a configuration error. Raises :class:`PipelineError` (E008, E009, E401-E404)."""
    from .entities import load_aliases
    from .flags import load_lexicons

    if settings.entities.aliases:
        load_aliases(settings.entities.aliases)
    load_lexicons(settings.flags)


_PIPELINES: dict[str, Pipeline] = {}


def pipeline_for(settings: Settings) -> Pipeline:
    """The :class:`Pipeline` for ``settings``, built once per process and per distinct
    settings and data files (the cache is keyed by the settings' values and by the size and
    modification time of every file :func:`data_files` names, so an edited lexicon gives a
    new pipeline with a new result key), so a batch worker, the API and the evaluations share one."""
    from .config import _plain

    stamps = []
    for path in data_files(settings):
        try:
            st = path.stat()
            stamps.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    key = json.dumps([_plain(settings), stamps], sort_keys=True)
    hit = _PIPELINES.get(key)
    if hit is None:
        if len(_PIPELINES) >= 8:
            _PIPELINES.clear()
        hit = _PIPELINES[key] = Pipeline.from_settings(settings)
    return hit
