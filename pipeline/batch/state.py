"""What a run knows before it analyses anything, without loading spaCy.

- ``_FileState``: the progress of one input file (its articles, how many are
  still being analysed, whether one failed).
- ``_UsedIds``: the article ids already taken, so that ids stay stable and unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .index import Index


class _RunIds(Protocol):
    """What :class:`_UsedIds` reads of a run: the ids it gave out, and its index."""

    assigned: dict[str, str]
    index: Index


__all__: list[str] = []


class _UsedIds(set):  # type: ignore[type-arg]
    """The article ids ``normalise`` must not give to ``source``.

    An id is taken when this run already gave it out, or when the index holds
    it for another source; a source gets its own earlier id back, so ids are
    stable from run to run. Queries the index, so memory does not grow with it.
    """

    def __init__(self, run: _RunIds, source: str) -> None:
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
