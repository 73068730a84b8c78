"""pipeline: neutral, structured, auditable summaries of news articles.

>>> import pipeline
>>> analysis = pipeline.analyse(open("inputs/iran-hamas-connection.txt").read())  # doctest: +SKIP
>>> print(pipeline.render_markdown(analysis))  # doctest: +SKIP

Importing the package does not import spaCy; the model loads on first use.
"""

from __future__ import annotations

from .api import (  # noqa: E402
    SCHEMA_VERSION,
    STAGES,
    analyse,
    analyse_document,
    load_analysis,
    load_settings,
    render_markdown,
    run_batch,
    schema,
    validate,
    write_outputs,
)
from .config import Settings  # noqa: E402
from .errors import PipelineError  # noqa: E402
from .models import Analysis, Article, Sentence, Summary  # noqa: E402
from .results import BatchReport  # noqa: E402
from .version import __version__

__all__ = [
    "__version__",
    "SCHEMA_VERSION",
    "STAGES",
    "Analysis",
    "Article",
    "BatchReport",
    "PipelineError",
    "Sentence",
    "Settings",
    "Summary",
    "analyse",
    "analyse_document",
    "load_analysis",
    "load_settings",
    "render_markdown",
    "run_batch",
    "schema",
    "validate",
    "write_outputs",
]
