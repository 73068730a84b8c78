"""What a run knows before it analyses anything, without loading spaCy.

- :func:`result_settings_hash`: the settings hash the outputs will carry,
  read from the model's ``meta.json``; compared with the index to skip
  articles that are up to date.
- ``_FileState``: the progress of one input file (its articles, how many are
  still being analysed, whether one failed).
- ``_UsedIds``: the article ids already taken, so that ids stay stable and unique.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, settings_hash

if TYPE_CHECKING:  # pragma: no cover
    from .run import _Run

__all__ = ["result_settings_hash"]


def _model_meta_path(name: str) -> Path | None:
    if "/" in name or name.startswith("."):
        return Path(name) / "meta.json"
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "meta.json"


def result_settings_hash(settings: Settings) -> str:
    """The ``pipeline.settings_hash`` an analysis with ``settings`` will carry.

    Reads the model's ``meta.json`` (no spaCy import); falls back to loading
    the model. Raises :class:`PipelineError` when the model is not installed.
    """
    from ..nlp import resolve_model_name

    resolved = resolve_model_name(settings.model)
    meta = _model_meta_path(resolved)
    name = None
    if meta is not None and meta.is_file():
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            name = f"{data.get('lang', 'xx')}_{data.get('name', 'unknown')}"
        except (OSError, ValueError):
            name = None
    if name is None:
        from ..nlp import load_model, model_info

        name = model_info(load_model(settings.model))[0]
    return settings_hash(settings, model=name)


class _UsedIds(set):  # type: ignore[type-arg]
    """The article ids ``normalise`` must not give to ``source``.

    An id is taken when this run already gave it out, or when the index holds
    it for another source; a source gets its own earlier id back, so ids are
    stable from run to run. Queries the index, so memory does not grow with it.
    """

    def __init__(self, run: _Run, source: str) -> None:
        super().__init__()
        self._run = run
        self._source = source

    def __contains__(self, aid: object) -> bool:
        if not isinstance(aid, str):
            return False
        if aid in self._run.assigned:
            return True
        owner = self._run.index.owner(aid)
        return owner is not None and owner != self._source

    def add(self, aid: Any) -> None:
        self._run.assigned[aid] = self._source


@dataclass
class _FileState:
    sha256: str
    ids: list[str] = field(default_factory=list)
    remaining: int = 0
    failed: bool = False
    scanned: bool = False
