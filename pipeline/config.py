"""Settings: defaults, then a TOML config file, then command-line flags.

The config file mirrors :class:`Settings`: top-level keys, and one table per
section (``[summary]``, ``[flags]``, ``[entities]``, ``[ingest]``, ``[batch]``, ``[review]``, ``[diff]``)::

    model = "en_core_web_sm"

    [summary]
    summarizer = "lexrank"
    sentences = 5

    [flags.add]
    hedge = ["arguably"]

An unknown key is an error that names it. ``settings_hash`` covers only the
fields that change results (fields marked ``result=False`` are left out).
:func:`pipeline.settings_toml.settings_to_toml` writes settings back as
commented TOML.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import hashlib
import json
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PipelineError

__all__ = ["Settings", "load_settings", "settings_hash", "CONFIG_FILENAME"]

CONFIG_FILENAME = "pipeline.toml"

SUMMARIZERS: tuple[str, ...] = (
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
)


def _not_result(default: Any) -> Any:
    """A field that does not change what the pipeline outputs."""
    return field(default=default, metadata={"result": False})


@dataclass(frozen=True, slots=True)
class IngestSettings:
    #: Force one input format for every file (txt, md, html, json, jsonl); None: by extension.
    format: str | None = None
    #: Recognise boilerplate (tables of contents, calls to action …) and keep it out of the analysis.
    boilerplate: bool = True
    #: Longest article analysed, in characters of text (longer ones fail with E119). About 1 MB
    #: analyses in 100 s on a busy 2-core machine, within [batch] timeout; 4 MB takes 270 s and 1.6 GB.
    max_chars: int = _not_result(1_000_000)
    #: Read symbolic links that lead out of the input directory (--follow-symlinks).
    follow_symlinks: bool = _not_result(False)


@dataclass(frozen=True, slots=True)
class SummarySettings:
    #: sumy ranker: lexrank, textrank, lsa, luhn, edmundson, kl, sumbasic, reduction.
    summarizer: str = "lexrank"
    #: Fixed number of key points; None: adapt to the article's length.
    sentences: int | None = None
    #: Share of the candidate sentences to keep (0-1); used when ``sentences`` is None.
    ratio: float | None = None
    #: Also write a neutral wording of each key point (deletion of flagged modifiers).
    neutralise: bool = False
    #: A sentence whose only opinion cues are modifiers the neutral wording deletes
    #: competes like an unflagged one, and its key point is given in neutral wording.
    reword: bool = True
    #: Also keep out sentences the flagger judges subjective while others exist.
    exclude_subjective: bool = False
    #: Weight of the position prior blended with sumy's rank (0: sumy alone), times the share
    #: of the article the summary leaves out (1 - k / n).
    position_weight: float = 0.95
    #: Maximum similarity between two key points (redundancy control).
    max_similarity: float = 0.6
    #: A key point opening with an anaphor or connective ("This", "However") comes with
    #: the sentence before it, or is left out when that one cannot be a key point.
    coherent: bool = True


@dataclass(frozen=True, slots=True)
class FlagSettings:
    #: Extra lexicon entries, by category: {"hedge": ["arguably"]}.
    add: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Lexicon entries to drop, by category.
    remove: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: A sentence is subjective when its score reaches this threshold (0-1).
    threshold: float = 0.5


@dataclass(frozen=True, slots=True)
class EntitySettings:
    #: A TOML alias file that adds merges the rules cannot know.
    aliases: str | None = None


@dataclass(frozen=True, slots=True)
class BatchSettings:
    #: Worker processes; None: the number of cores.
    jobs: int | None = _not_result(None)
    #: "local" or "dask".
    executor: str = _not_result("local")
    #: Dask scheduler address; None starts a local cluster.
    scheduler: str | None = _not_result(None)
    #: Documents per nlp.pipe batch.
    batch_size: int = _not_result(8)
    #: Seconds one article may take in a worker before it is stopped and fails with E216
    #: (the batch goes on); 0: no limit.
    timeout: float = _not_result(120.0)
    #: Allow more jobs than the machine has cores (--force-jobs).
    force_jobs: bool = _not_result(False)


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    #: Rules (``opinion_loaded:pivotal``, ``rule:question``) or cues (``pivotal``) whose
    #: flags are dismissed in every article (``pipeline review --dismiss-everywhere``).
    suppress: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DiffSettings:
    """Thresholds of ``pipeline diff``: they decide what is shown, never what is analysed."""

    #: A sentence at least this similar (0-1, word sequence ratio) to one on the other
    #: side is the same sentence reworded; below it, one is removed and the other added.
    reword_similarity: float = _not_result(0.5)
    #: An entity found on both sides is shown when its mentions change by at least this many.
    entity_count_change: int = _not_result(2)
    #: A change in flags per 1,000 words (any category) that makes a version "more hedged"
    #: or "more loaded".
    flag_rate_change: float = _not_result(1.0)
    #: A change in the share of subjective sentences (0-1) worth reporting.
    subjective_share_change: float = _not_result(0.02)


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings, immutable. Build with :func:`load_settings`."""

    #: spaCy pipeline to load; None: en_core_web_sm if installed, else the bundled copy.
    model: str | None = None
    #: Reading and cleaning: input format, boilerplate removal.
    ingest: IngestSettings = field(default_factory=IngestSettings)
    #: The extractive summary.
    summary: SummarySettings = field(default_factory=SummarySettings)
    #: Hedge and opinion flags.
    flags: FlagSettings = field(default_factory=FlagSettings)
    #: Entity grouping.
    entities: EntitySettings = field(default_factory=EntitySettings)
    #: Batch runs (none of these change results).
    batch: BatchSettings = field(default_factory=BatchSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    #: Left out of the settings hash as a whole: diff thresholds never change an analysis.
    diff: DiffSettings = field(default_factory=DiffSettings, metadata={"result": False})


# --------------------------------------------------------------------------


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(tp) if a is not type(None))
    if origin is not None:
        return getattr(origin, "__name__", str(origin))
    return getattr(tp, "__name__", str(tp))


def _coerce(key: str, tp: Any, value: Any) -> Any:
    """Check ``value`` against the annotation ``tp``; return it in canonical form."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return _coerce(key, a, value)
            except PipelineError as exc:
                errors.append(exc)
        raise PipelineError("E004", None, key=key, expected=_type_name(tp), got=value)
    if origin in (collections.abc.Mapping, dict):
        if not isinstance(value, Mapping):
            raise PipelineError("E004", None, key=key, expected="a table", got=value)
        vtype = args[1] if len(args) == 2 else Any
        return {str(k): _coerce(f"{key}.{k}", vtype, v) for k, v in value.items()}
    if origin is tuple:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise PipelineError("E004", None, key=key, expected="a list", got=value)
        inner = args[0] if args else Any
        return tuple(_coerce(key, inner, v) for v in value)
    if tp is Any:
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise PipelineError("E004", None, key=key, expected="true or false", got=value)
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PipelineError("E004", None, key=key, expected="a whole number", got=value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PipelineError("E004", None, key=key, expected="a number", got=value)
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise PipelineError("E004", None, key=key, expected="a string", got=value)
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, Mapping):
            raise PipelineError("E004", None, key=key, expected="a table", got=value)
        return _build(tp, value, prefix=f"{key}.")
    return value


def _build(cls: type, data: Mapping[str, Any], *, base: Any = None, prefix: str = "") -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in names:
            raise PipelineError("E003", None, key=f"{prefix}{key}")
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        current = getattr(base, f.name) if base is not None else None
        if f.name not in data:
            if base is not None:
                kwargs[f.name] = current
            continue
        value = data[f.name]
        if isinstance(tp, type) and dataclasses.is_dataclass(tp) and isinstance(value, Mapping):
            kwargs[f.name] = _build(tp, value, base=current, prefix=f"{prefix}{f.name}.")
        else:
            kwargs[f.name] = _coerce(f"{prefix}{f.name}", tp, value)
    return cls(**kwargs)


def _validate(settings: Settings) -> Settings:
    if settings.summary.summarizer not in SUMMARIZERS:
        raise PipelineError("E007", None, name=settings.summary.summarizer, choices=", ".join(SUMMARIZERS))
    ratio = settings.summary.ratio
    if ratio is not None and not 0 < ratio <= 1:
        raise PipelineError("E004", None, key="summary.ratio", expected="a number in (0, 1]", got=ratio)
    n = settings.summary.sentences
    if n is not None and n < 1:
        raise PipelineError("E004", None, key="summary.sentences", expected="a positive whole number", got=n)
    if settings.ingest.max_chars < 1:
        raise PipelineError("E004", None, key="ingest.max_chars", expected="a positive whole number", got=settings.ingest.max_chars)
    if settings.batch.timeout < 0:
        raise PipelineError("E004", None, key="batch.timeout", expected="a number of seconds >= 0", got=settings.batch.timeout)
    jobs = settings.batch.jobs
    if jobs is not None and jobs < 1:
        raise PipelineError("E004", None, key="batch.jobs", expected="a positive whole number", got=jobs)
    if settings.batch.executor not in ("local", "dask"):
        raise PipelineError("E004", None, key="batch.executor", expected='"local" or "dask"', got=settings.batch.executor)
    similarity = settings.diff.reword_similarity
    if not 0 < similarity <= 1:
        raise PipelineError("E004", None, key="diff.reword_similarity", expected="a number in (0, 1]", got=similarity)
    if settings.diff.entity_count_change < 1:
        raise PipelineError(
            "E004", None, key="diff.entity_count_change", expected="a positive whole number", got=settings.diff.entity_count_change
        )
    return settings


@functools.cache
def _defaults() -> Settings:
    """The defaults, read from the shipped ``settings.toml`` (a test keeps it equal to ``Settings()``)."""
    data = tomllib.loads(defaults_path().read_text(encoding="utf-8"))
    return _validate(_build(Settings, data, base=Settings()))


def load_settings(
    config: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    cwd: str | Path | None = None,
) -> Settings:
    """Defaults, then the config file, then ``overrides``.

    ``config`` names a TOML file; when None, ``pipeline.toml`` in ``cwd`` (the
    working directory) is read if it exists. ``overrides`` uses dotted keys
    (``{"summary.sentences": 5}``); None values are ignored, so unset CLI
    flags can be passed straight through. Raises :class:`PipelineError`
    (E003-E007) for an unknown key, a wrong type or an unreadable file.
    """
    settings = _defaults()
    path: Path | None
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise PipelineError("E006", str(path))
    else:
        candidate = Path(cwd or ".") / CONFIG_FILENAME
        path = candidate if candidate.is_file() else None
    if path is not None:
        try:
            data = tomllib.loads(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise PipelineError("E010", str(path), pos=exc.start) from None
        except OSError as exc:
            raise PipelineError("E005", str(path), detail=exc.strerror or str(exc)) from None
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            raise PipelineError("E005", str(path), detail=str(exc) or "nested too deeply") from None
        try:
            settings = _build(Settings, data, base=settings)
        except PipelineError as exc:
            raise PipelineError(exc.code, str(path), **exc.fields) from None
    if overrides:
        nested: dict[str, Any] = {}
        for dotted, value in overrides.items():
            if value is None:
                continue
            node = nested
            *parents, leaf = dotted.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = value
        settings = _build(Settings, nested, base=settings)
    return _validate(settings)


def _plain(obj: Any, *, results_only: bool = False) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            if results_only and f.metadata.get("result", True) is False:
                continue
            out[f.name] = _plain(getattr(obj, f.name), results_only=results_only)
        return out
    if isinstance(obj, Mapping):
        return {str(k): _plain(v, results_only=results_only) for k, v in sorted(obj.items())}
    if isinstance(obj, tuple):
        return [_plain(v, results_only=results_only) for v in obj]
    return obj


def settings_hash(settings: Settings, *, model: str | None = None) -> str:
    """A short sha256 of the settings that change results (and the resolved model name).

    Only part of the result key: :func:`pipeline.chain.result_key` adds the model version,
    the pipeline version and the contents of every lexicon, alias and weight file.
    """
    data = _plain(settings, results_only=True)
    if model is not None:
        data["model"] = model
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def defaults_path() -> Path:
    """The shipped defaults, ``pipeline/settings.toml``."""
    return Path(__file__).resolve().parent / "settings.toml"
