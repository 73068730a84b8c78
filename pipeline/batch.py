"""Batch runs: every article under the given paths into an output directory.

First version: sequential, one article at a time, each failure recorded and
the batch carried on. (Incremental, parallel and resumable runs come with the
batch work.)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from .config import Settings
from .errors import PipelineError
from .models import BatchItem, BatchReport

__all__ = ["run_batch"]


def run_batch(
    paths: list[str | Path],
    out_dir: Path,
    settings: Settings,
    *,
    force: bool = False,
    on_item: Callable[[BatchItem], None] | None = None,
    **_: Any,
) -> BatchReport:
    """Analyse every input into ``out_dir``; never raises for a bad article.

    Each input's fate is a :class:`BatchItem` (``ok`` or ``failed`` with the
    one-line reason); ``on_item`` is called as each one finishes.
    """
    from .api import analyse_parsed, prepare, write_outputs
    from .ingest import iter_input_paths, read_path
    from .nlp import load_model
    from .review import load_reviews
    from .sentences import parse

    started = time.perf_counter()
    items: list[BatchItem] = []

    def record(item: BatchItem) -> None:
        items.append(item)
        if on_item is not None:
            on_item(item)

    used_ids: set[str] = set()
    for path in iter_input_paths(paths):
        try:
            raws, errors = read_path(path, format=settings.ingest.format)
        except PipelineError as exc:
            record(BatchItem(str(path), "failed", reason=exc.line()))
            continue
        for err in errors:
            record(BatchItem(str(path), "failed", reason=err.line()))
        for raw in raws:
            try:
                article = prepare(raw, settings=settings, used_ids=used_ids)
                nlp = load_model(settings.model)
                analysis = analyse_parsed(article, parse(article, nlp), settings=settings, nlp=nlp, reviews=load_reviews(out_dir, article.id))
                outputs = write_outputs(analysis, out_dir)
            except PipelineError as exc:
                record(BatchItem(raw.source, "failed", reason=exc.line() if exc.path else f"{raw.source}: {exc.line()}"))
                continue
            except Exception as exc:  # a bug must not stop the batch; report it on one line
                err = PipelineError("E201", raw.source, detail=f"{type(exc).__name__}: {exc}")
                record(BatchItem(raw.source, "failed", reason=err.line()))
                continue
            record(BatchItem(raw.source, "ok", id=article.id, outputs=tuple(map(str, outputs)), words=article.word_count))
    return BatchReport(tuple(items), time.perf_counter() - started)
