"""The ``pipeline`` command: parse arguments, call :mod:`pipeline.api`, print, set the exit code.

Exit status: 0 all went well, 1 some article (or the command) failed, 2 usage
or configuration error. Problems are printed one per line on stderr as
``error: <file>: [Exxx] <message>``.
"""

from __future__ import annotations

import click

from .. import api
from . import analyse, batch, compare, review
from .common import CONTEXT

__all__ = ["main"]


@click.group(context_settings=CONTEXT)
@click.version_option(api.__version__, prog_name="pipeline")
def main() -> None:
    """Turn news articles into neutral, structured, auditable summaries.

    \b
    Example:
      pipeline run inputs/ -o outputs/
      pipeline summarise inputs/iran-hamas-connection.txt
    """


for _command in (
    analyse.summarise,
    analyse.schema,
    analyse.config_cmd,
    analyse.eval_cmd,
    batch.run,
    batch.status,
    compare.diff_cmd,
    compare.report_cmd,
    review.review_cmd,
):
    main.add_command(_command)
