"""``pipeline run`` and ``pipeline status``: batch runs and what the output index knows."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from .. import api
from ..errors import PipelineError
from .common import CONTEXT, PipelineClickError, _common, _guard, _settings, _summary_options


class _Progress:
    """Progress of a batch on stderr: a bar with count, rate and ETA on a terminal,
    a plain line every ``every`` seconds otherwise, nothing when quiet."""

    def __init__(self, *, quiet: bool, every: float = 10.0) -> None:
        self.quiet = quiet
        self.every = every
        self.tty = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._start = time.monotonic()
        self._last = self._start
        self._done = 0
        self._total = 0
        self._printed = False

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        self._done, self._total = done, total
        if self.tty:
            if self._bar is None:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

                self._bar = Progress(
                    TextColumn("[progress.description]{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"),
                    TimeElapsedColumn(),
                    TextColumn("ETA"),
                    TimeRemainingColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
                self._bar.start()
                self._task = self._bar.add_task("files", total=total, rate="")
            elapsed = max(time.monotonic() - self._start, 1e-9)
            self._bar.update(self._task, completed=done, total=total, rate=f"{done / elapsed:.1f} files/s")
            return
        now = time.monotonic()
        if now - self._last >= self.every or (done == total and self._printed):
            self._last = now
            self._printed = True
            click.echo(self.line(), err=True)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = self._done / elapsed
        eta = (self._total - self._done) / rate if rate > 0 else 0.0
        return f"{self._done}/{self._total} files, {rate:.1f}/s, elapsed {_duration(elapsed)}, ETA {_duration(eta)}"

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--output",
    "output",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory for the JSON and Markdown outputs.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "md", "html", "json", "jsonl"]),
    help="Read every input as this format (default: by extension).",
)
@click.option("--force", is_flag=True, help="Redo every article, even unchanged ones.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: number of cores, fewer for a small batch; 1 runs in this process). Capped at the cores.",
)
@click.option("--force-jobs", is_flag=True, default=None, help="Allow --jobs above the number of cores.")
@click.option("--follow-symlinks", is_flag=True, default=None, help="Read symbolic links that lead out of the input directories.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Articles per nlp.pipe batch and per task (default 8).")
@click.option("--executor", type=click.Choice(["local", "dask"]), help="Run locally or on a Dask cluster (needs pip install '.[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster).")
@click.option(
    "--wait",
    "wait",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    help="Seconds to wait for another run on the same output directory before giving up.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress; print only errors and the final count.")
@_summary_options
@_common
def run(
    paths: tuple[str, ...],
    output: str,
    fmt: str | None,
    force: bool,
    jobs: int | None,
    force_jobs: bool | None,
    follow_symlinks: bool | None,
    batch_size: int | None,
    executor: str | None,
    scheduler: str | None,
    wait: float,
    quiet: bool,
    summarizer: str | None,
    sentences: int | None,
    ratio: float | None,
    neutralise: bool | None,
    config: str | None,
    model: str | None,
) -> None:
    """Analyse every article under PATHS (default inputs/) into an output directory.

    Writes <id>.json and <id>.md per article. An article whose input, settings
    and pipeline version are unchanged since its outputs were written is
    skipped (--force redoes it); a run that was killed redoes only what it had
    not finished. A changed article's previous outputs are kept under
    OUTPUT/history/<id>/. A bad file gets one error line and the batch carries
    on; the exit status is 1 when any article failed, 2 for a configuration
    error (found before any article). Only regular files are read; symbolic
    links leading out of PATHS are not followed (--follow-symlinks) and the
    output directory is never read as input. An article longer than
    [ingest] max_chars (1,000,000) or slower than [batch] timeout (120 s)
    fails with one line. A progress bar (count, rate, ETA) is shown on a
    terminal, a line every 10 s otherwise.

    \b
    Example:
      pipeline run                       # inputs/ -> outputs/
      pipeline run news/ -o out/ --jobs 4
      pipeline run archive/ -o out/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    settings = _settings(
        config,
        {
            "model": model,
            "ingest.format": fmt,
            "summary.summarizer": summarizer,
            "summary.sentences": sentences,
            "summary.ratio": ratio,
            "summary.neutralise": neutralise,
            "batch.jobs": jobs,
            "batch.force_jobs": force_jobs,
            "ingest.follow_symlinks": follow_symlinks,
            "batch.executor": executor,
            "batch.scheduler": scheduler,
            "batch.batch_size": batch_size,
        },
    )
    try:
        api.check_settings(settings)
    except PipelineError as exc:
        raise PipelineClickError(exc, exit_code=2) from None
    progress = _Progress(quiet=quiet)
    try:
        report = api.run_batch(paths or ("inputs",), output, settings, force=force, progress=progress, lock_timeout=wait)
    except PipelineError as exc:
        raise PipelineClickError(exc) from None
    finally:
        progress.close()
    for item in report.failed:
        click.echo(f"error: {item.reason}", err=True)
    ok, skipped, failed = report.count("ok"), report.count("skipped"), report.count("failed")
    words = sum(i.words for i in report.items if i.status == "ok")
    rate = f", {words / report.seconds:,.0f} words/s" if ok and report.seconds > 0 else ""
    click.echo(f"{ok} processed, {skipped} skipped, {failed} failed in {report.seconds:.1f}s{rate} -> {output}", err=quiet)
    if failed:
        sys.exit(1)


@click.command(context_settings=CONTEXT)
@click.argument("directory", default="outputs", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@_guard
def status(directory: str, as_json: bool) -> None:
    """Summarise an output directory's index: counts by status, failures, last run.

    DIRECTORY defaults to outputs/. The index (.pipeline-index.sqlite) is
    rebuilt from the JSON outputs when it is missing or damaged.

    \b
    Example:
      pipeline status
      pipeline status out/ --json
    """
    summary = api.batch_status(directory)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2))
        return
    counts = summary.counts
    if summary.rebuilt:
        click.echo(f"(index was missing or damaged: rebuilt from the outputs in {summary.out_dir})", err=True)
    click.echo(
        f"{summary.out_dir}: {summary.articles} articles: {counts.ok} ok, {counts.skipped} skipped (up to date), {counts.failed} failed"
    )
    for f in summary.failures:
        for line in (f.reason or "").splitlines() or [""]:
            click.echo(f"  failed: {line}")
    last = summary.last_run
    if last:
        click.echo(
            f"last run #{last.id} ({last.status}): started {last.started}, "
            f"finished {last.finished or '-'}; {last.processed} processed, "
            f"{last.skipped} skipped, {last.failed} failed"
        )
    else:
        click.echo("no runs recorded")
