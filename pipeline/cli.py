"""The ``pipeline`` command: parse arguments, call :mod:`pipeline.api`, print, set the exit code.

Exit status: 0 all went well, 1 some article (or the command) failed, 2 usage
or configuration error. Problems are printed one per line on stderr as
``error: <file>: [Exxx] <message>``.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import api
from .errors import PipelineError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class PipelineClickError(click.ClickException):
    """A :class:`PipelineError` at the CLI boundary: one line, a given exit code."""

    def __init__(self, error: PipelineError, exit_code: int = 1) -> None:
        super().__init__(error.line())
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _settings(config: str | None, overrides: dict[str, Any]) -> api.Settings:
    try:
        return api.load_settings(config, overrides)
    except PipelineError as exc:
        raise PipelineClickError(exc, exit_code=2) from None


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one-line CLI errors."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PipelineError as exc:
            raise PipelineClickError(exc) from None

    return wrapper


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm if installed, else the bundled copy)."
    )(fn)
    fn = click.option(
        "--config",
        "config",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="TOML config file (default: ./pipeline.toml if present).",
    )(fn)
    return fn


def _summary_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--neutralise/--no-neutralise", default=None, help="Also write a neutral wording of each key point.")(fn)
    fn = click.option("--ratio", type=click.FloatRange(0, 1, min_open=True), help="Share of candidate sentences to keep.")(fn)
    fn = click.option("--sentences", type=click.IntRange(min=1), help="Number of key points (default adapts to length).")(fn)
    fn = click.option("--summarizer", type=click.Choice(api.SUMMARIZERS), help="sumy ranker (default lexrank).")(fn)
    return fn


@click.group(context_settings=CONTEXT)
@click.version_option(api.__version__, prog_name="pipeline")
def main() -> None:
    """Turn news articles into neutral, structured, auditable summaries.

    \b
    Example:
      pipeline run inputs/ -o outputs/
      pipeline summarise inputs/iran-hamas-connection.txt
    """


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


@main.command(context_settings=CONTEXT)
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
    [ingest] max_chars (5,000,000) or slower than [batch] timeout (120 s)
    fails with one line. A progress bar (count, rate, ETA) is shown on a
    terminal, a line every 10 s otherwise.

    \b
    Example:
      pipeline run                       # inputs/ -> outputs/
      pipeline run news/ -o out/ --jobs 4
      pipeline run archive/ -o out/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from .api import run_batch

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
        report = run_batch(paths or ("inputs",), output, settings, force=force, progress=progress, quiet=quiet, lock_timeout=wait)
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


@main.command(context_settings=CONTEXT)
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
    from .api import batch_status

    summary = batch_status(directory)
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


@main.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the full analysis as JSON instead of Markdown.")
@click.option(
    "--format", "fmt", type=click.Choice(["txt", "md", "html", "json", "jsonl"]), help="Input format (default: by extension; txt for -)."
)
@_summary_options
@_common
@_guard
def summarise(
    file: str,
    as_json: bool,
    fmt: str | None,
    summarizer: str | None,
    sentences: int | None,
    ratio: float | None,
    neutralise: bool | None,
    config: str | None,
    model: str | None,
) -> None:
    """Analyse one article and print its summary (Markdown, or JSON with --json).

    FILE may be - to read standard input. Nothing is written to disk.

    \b
    Example:
      pipeline summarise inputs/iran-hamas-connection.txt
      cat article.txt | pipeline summarise - --json
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
        },
    )
    raws, errors = api.read_input(file, format=fmt, stdin=sys.stdin.buffer.read() if file == "-" else None)
    for err in errors:
        click.echo(f"error: {err.line()}", err=True)
    if not raws:
        if not errors:
            raise PipelineClickError(PipelineError("E118", file, count=0))
        sys.exit(1)
    analyses = [api.analyse_document(raw, settings=settings) for raw in raws]
    if as_json:
        texts = [api.analysis_json(a) for a in analyses]
        click.echo(texts[0] if len(texts) == 1 else "[\n" + ",\n".join(t.rstrip("\n") for t in texts) + "\n]\n", nl=False)
    else:
        click.echo("\n---\n\n".join(api.render_markdown(a) for a in analyses), nl=False)
    if errors:
        sys.exit(1)


@main.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of the output files.

    \b
    Example:
      pipeline schema > summary.schema.json
    """
    click.echo(json.dumps(api.schema(), indent=2))


@main.command("config", context_settings=CONTEXT)
@_common
def config_cmd(config: str | None, model: str | None) -> None:
    """Print the effective settings (defaults, config file, flags) as TOML.

    \b
    Example:
      pipeline config > pipeline.toml
    """
    click.echo(api.settings_toml(_settings(config, {"model": model})), nl=False)


@main.command("eval", context_settings=CONTEXT)
@click.argument("task", type=click.Choice(["extraction", "entities", "dates", "flags", "hedges", "summary", "gate"]))
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--errors", type=click.IntRange(min=0), help="flags: show the N worst false positives and negatives.")
@click.option("--sentences", type=click.IntRange(min=1), help="summary: fixed summary length (default: the reference's).")
@click.option("--summarizer", help="summary: evaluate only this summarizer.")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N items of the data.")
@click.option("--update", is_flag=True, help="gate: pin the current figures as the new floors.")
@_common
@_guard
def eval_cmd(
    task: str,
    path: str,
    as_json: bool,
    errors: int | None,
    sentences: int | None,
    summarizer: str | None,
    limit: int | None,
    update: bool,
    config: str | None,
    model: str | None,
) -> None:
    """Score one stage against labelled data (formats as in ../shared/data/*/README.md).

    \b
    Tasks and data:
      extraction  DIR   web pages + gold main text (articles-html/)
      entities    FILE  CoNLL-2003 named entities (entities/eng.testb.conll)
      dates       DIR   TimeML .tml files (dates/)
      flags       FILE  subjective/objective sentences (subjectivity/dev_test.tsv)
      hedges      FILE  hedge cues (hedges/dev.tsv)
      summary     FILE  articles + reference summaries (summaries/dev.jsonl)
      gate        DIR   every task above on its file under DIR (../shared/data),
                        each figure against its pinned floor; exit 1 below a floor

    \b
    Example:
      pipeline eval flags ../shared/data/subjectivity/dev_test.tsv
      pipeline eval summary ../shared/data/summaries/cnndm-dev.jsonl --json
      pipeline eval gate ../shared/data
    """
    settings = _settings(config, {"model": model})
    if task == "gate":
        gate = api.eval_gate(path, settings=settings, update=update)
        click.echo(json.dumps(gate.to_dict(), indent=2) if as_json else api.render_gate(gate))
        if not gate.passed:
            sys.exit(1)
        return
    result = api.evaluate(task, path, settings=settings, errors=errors, sentences=sentences, summarizer=summarizer, limit=limit)
    click.echo(json.dumps(result.public(), indent=2) if as_json else result.table)


@main.command("diff", context_settings=CONTEXT)
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@_common
@_guard
def diff_cmd(a: str, b: str, as_json: bool, config: str | None, model: str | None) -> None:
    """Compare two summaries: two versions of an article, two outlets, or two runs.

    A and B are analysis JSON files (from `pipeline run`) or article files,
    which are analysed first. Sentences are matched by their text, so
    inserted paragraphs do not shift the comparison.

    \b
    Example:
      pipeline diff outputs/history/story/old.json outputs/story.json
      pipeline diff outlet-a.html outlet-b.html --json
    """
    from .api import diff
    from .diff import diff_to_dict, render_diff

    d = diff(a, b, settings=_settings(config, {"model": model}))
    click.echo(json.dumps(diff_to_dict(d), indent=2, ensure_ascii=False) if as_json else render_diff(d), nl=not as_json)


def _highlight(sentence: Any, flag: Any) -> str:
    a, b = flag.start - sentence.start, flag.end - sentence.start
    text = sentence.text
    return text[:a] + click.style(text[a:b], bold=True, underline=True) + text[b:]


@main.command("review", context_settings=CONTEXT)
@click.argument("json_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--list", "list_only", is_flag=True, help="List the flags with their keys and decisions; change nothing.")
@click.option("--accept", multiple=True, metavar="KEY", help="Accept the flag with this key (repeatable).")
@click.option("--dismiss", multiple=True, metavar="KEY", help="Dismiss the flag with this key (repeatable).")
@click.option("--clear", multiple=True, metavar="KEY", help="Forget the decision on this flag (repeatable).")
@click.option("--category", type=click.Choice(["hedge", "booster", "opinion", "weasel", "rhetorical"]), help="Only flags of this category.")
@click.option("--all", "show_all", is_flag=True, help="Interactive: also ask about flags already decided.")
@_common
@_guard
def review_cmd(
    json_file: str,
    list_only: bool,
    accept: tuple[str, ...],
    dismiss: tuple[str, ...],
    clear: tuple[str, ...],
    category: str | None,
    show_all: bool,
    config: str | None,
    model: str | None,
) -> None:
    """Accept or dismiss the flags of an analysed article; decisions persist across runs.

    JSON_FILE is an output of `pipeline run`. Without --accept/--dismiss/--clear
    or --list, each undecided flag is shown with its cue in bold and you answer
    a(ccept), d(ismiss), s(kip) or q(uit). Decisions are saved in
    <output dir>/reviews/<id>.json and the outputs are refreshed: a dismissed
    flag no longer keeps its sentence out of the summary.

    \b
    Example:
      pipeline review outputs/iran-hamas-connection.json
      pipeline review outputs/iran-hamas-connection.json --list --category weasel
      pipeline review outputs/iran-hamas-connection.json --dismiss 3f2a9c01de
    """
    from .api import load_analysis, review
    from .review import iter_flags, load_reviews

    settings = _settings(config, {"model": model})
    analysis = load_analysis(json_file)
    recorded = load_reviews(Path(json_file).parent, analysis.article.id)
    flags = [(s, f, k) for s, f, k in iter_flags(analysis) if category is None or f.category == category]
    if list_only:
        for s, f, k in flags:
            status = recorded.get(k, {}).get("decision", "-")
            quoted = " (quoted)" if f.quoted else ""
            click.echo(f"{k}  {s.id}  {f.category:10} {status:9} {f.cue!r}{quoted}  [{f.rule}]")
        return
    decisions: dict[str, str] = {}
    decisions.update({k: "accepted" for k in accept})
    decisions.update({k: "dismissed" for k in dismiss})
    decisions.update({k: "clear" for k in clear})
    if not decisions:
        pending = [(s, f, k) for s, f, k in flags if show_all or k not in recorded]
        if not pending:
            click.echo("Nothing to review.")
            return
        for n, (s, f, k) in enumerate(pending, 1):
            click.echo(f"\n[{n}/{len(pending)}] {s.id} {click.style(f.category, fg='yellow')} via {f.rule}: {_highlight(s, f)}")
            answer = click.prompt(
                "a(ccept) d(ismiss) s(kip) q(uit)", type=click.Choice(["a", "d", "s", "q"]), default="s", show_choices=False
            )
            if answer == "q":
                break
            if answer in ("a", "d"):
                decisions[k] = "accepted" if answer == "a" else "dismissed"
    if decisions:
        refreshed = review(json_file, decisions, settings=settings)
        counts = {d: sum(1 for v in decisions.values() if v == d) for d in ("accepted", "dismissed", "clear")}
        click.echo(
            f"Saved {counts['accepted']} accepted, {counts['dismissed']} dismissed, {counts['clear']} cleared; "
            f"summary now {len(refreshed.summary.sentence_ids) if refreshed.summary else 0} key points."
        )


if __name__ == "__main__":  # pragma: no cover
    main()
