"""Reading inputs (first version: plain text only; deepened by the ingestion work)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from .errors import PipelineError
from .models import RawDocument

__all__ = ["iter_input_paths", "read_path", "read_text", "read_bytes"]

EXTENSIONS = {".txt": "txt"}


def iter_input_paths(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in EXTENSIONS and not q.name.startswith(".")))
        elif p.is_file():
            out.append(p)
        else:
            raise PipelineError("E111", str(p))
    return out


def read_bytes(data: bytes, *, source: str, format: str = "txt") -> list[RawDocument]:
    if not data:
        raise PipelineError("E102", source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError("E101", source, pos=exc.start) from None
    if not text.strip():
        raise PipelineError("E103", source)
    return [RawDocument(source=source, text=text, sha256=hashlib.sha256(data).hexdigest(), format=format, encoding="utf-8")]


def read_path(path: Path, *, format: str | None = None) -> tuple[list[RawDocument], list[PipelineError]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PipelineError("E112", str(path), detail=exc.strerror) from None
    return read_bytes(data, source=str(path), format=format or "txt"), []


def read_text(text: str, *, source: str = "<stdin>", format: str = "txt") -> RawDocument:
    return read_bytes(text.encode("utf-8"), source=source, format=format)[0]
