"""Stage ``review``: a reviewer's decisions on flags, kept across runs and edits.

Reads the flags of analysed articles (``<out_dir>/<id>.json``) and the
decisions recorded in the output directory's database; adds to every flag its
``review`` status (``pending``, ``accepted`` or ``dismissed``, and
``carried_over`` when the decision was made on an earlier wording of the
sentence). Dismissed flags, and flags of a rule or cue suppressed in the config
(``[review] suppress``), count neither in the sentence's score, the statistics
nor the summary.

- :mod:`~pipeline.review.decisions` keys, carrying over, applying decisions (pure)
- :mod:`~pipeline.review.store` the SQLite tables, undo, migration of ``reviews/*.json``
- :mod:`~pipeline.review.queue` what there is to review, in queue order
- :mod:`~pipeline.review.refresh` outputs brought up to date without reading the source
- :mod:`~pipeline.review.session` a review session (terminal loop and web app)
- :mod:`~pipeline.review.suppress` the ``[review] suppress`` list of the config file
- :mod:`~pipeline.review.export` decisions as labelled sentences (TSV)
- :mod:`~pipeline.review.web` the browser review app (Starlette, served by uvicorn)
"""

from __future__ import annotations

from .decisions import (
    CARRY_THRESHOLD,
    DECISIONS,
    STATUSES,
    apply_reviews,
    flag_key,
    iter_flags,
    match_decisions,
    similarity,
    without_dismissed,
)
from .refresh import counted_stats, refresh_analysis
from .store import ReviewStore, default_reviewer, load_reviews

__all__ = [
    "CARRY_THRESHOLD",
    "DECISIONS",
    "STATUSES",
    "ReviewStore",
    "apply_reviews",
    "counted_stats",
    "default_reviewer",
    "flag_key",
    "iter_flags",
    "load_reviews",
    "match_decisions",
    "refresh_analysis",
    "similarity",
    "without_dismissed",
]
