"""``pipeline diff`` and ``pipeline report``: comparing analyses and reading them in a browser."""

from __future__ import annotations

import sys

import click

from .. import api
from ..errors import PipelineError
from .common import CONTEXT, PipelineClickError, _common, _guard, _settings


@click.command("diff", context_settings=CONTEXT)
@click.argument("a")
@click.argument("b", required=False)
@click.option(
    "-o",
    "--output",
    "output",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output directory where article ids (and their history) are looked up.",
)
@click.option("--history", is_flag=True, help="List the kept versions of article A with dates and what changed in each.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True, help="Output format.")
@click.option("--only", metavar="SECTIONS", help="Comma-separated sections: metadata,points,figures,dates,entities,flags,quotes.")
@click.option("--all", "show_all", is_flag=True, help="Include changes below the [diff] thresholds, and every sentence changed.")
@_common
def diff_cmd(
    a: str, b: str | None, output: str, history: bool, fmt: str, only: str | None, show_all: bool, config: str | None, model: str | None
) -> None:
    """Show what changed in substance between two versions of an article, two outlets, or two runs.

    A and B are each an analysis JSON file, an article file (analysed on the
    fly), an article id in the output directory, or ID@VERSION (a version kept
    under OUTPUT/history/ID/). With A alone, an article id, its latest analysis
    is compared with the previous one. Shown, in order: metadata, key points
    (changed words marked [-old-]{+new+}), figures, dates, entities, flags (with
    flags per 1,000 words) and quotes. Exit status as diff(1): 0 no differences
    in substance, 1 differences, 2 error.

    \b
    Example:
      pipeline diff outputs/story.json edited/story.txt
      pipeline diff story                 # latest vs previous version
      pipeline diff story --history
      pipeline diff outlet-a.html outlet-b.html --format markdown --only figures,quotes
    """
    try:
        settings = _settings(config, {"model": model})
        if history:
            click.echo(api.render_history(a, api.diff_history(a, out_dir=output, settings=settings), format=fmt), nl=False)
            return
        d = api.diff(a, b, settings=settings, out_dir=output, sections=only.split(",") if only is not None else None, complete=show_all)
    except PipelineError as exc:
        raise PipelineClickError(exc, exit_code=2) from None
    click.echo(api.render_diff(d, format=fmt, color=True), nl=False)
    sys.exit(1 if d.has_differences else 0)


@click.command("report", context_settings=CONTEXT)
@click.argument("targets", nargs=-1, metavar="[DIR|FILE|ID]...")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False),
    help="Directory for the HTML pages (default: DIR/report/, DIR being the first directory named or outputs/).",
)
@_guard
def report_cmd(targets: tuple[str, ...], output: str | None) -> None:
    """Write an offline HTML report: a page per analysed article and a sortable index.

    Reads the analyses (<id>.json) of an output directory (default outputs/),
    or the analysis files or article ids named. Each page shows the summary,
    then the article with entities, flag cues (rule, weight and review status
    on hover), quotes and key points marked, and the removed boilerplate
    collapsed. The index lists every article with its genre, words, flags,
    flags per 1,000 words and subjective share, with a small chart by flag
    category; click a column head to sort. The pages fetch nothing and open
    from a file. An unreadable analysis gets one error line; the exit status
    is 1 when any failed.

    \b
    Example:
      pipeline report                          # outputs/*.json -> outputs/report/index.html
      pipeline report out/ -o site/
      pipeline report iran-hamas-connection    # one article of outputs/
    """
    result = api.report(targets, out_dir=output)
    for err in result.errors:
        click.echo(f"error: {err.line()}", err=True)
    where = result.index if result.index is not None else result.out_dir
    click.echo(f"{len(result.pages)} page(s) and index written, {len(result.errors)} failed in {result.seconds:.2f}s -> {where}")
    if result.errors or not result.pages:
        sys.exit(1)
