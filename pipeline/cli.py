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
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: number of cores; 1 runs in this process).")
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
    on; the exit status is 1 when any article failed. A progress bar (count,
    rate, ETA) is shown on a terminal, a line every 10 s otherwise.

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
            "batch.executor": executor,
            "batch.scheduler": scheduler,
            "batch.batch_size": batch_size,
        },
    )
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
        click.echo(f"  failed: {f.reason}")
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
    from .api import diff, diff_history, render_diff, render_history

    try:
        settings = _settings(config, {"model": model})
        if history:
            click.echo(render_history(a, diff_history(a, out_dir=output, settings=settings), format=fmt), nl=False)
            return
        d = diff(a, b, settings=settings, out_dir=output, sections=only.split(",") if only is not None else None, complete=show_all)
    except PipelineError as exc:
        raise PipelineClickError(exc, exit_code=2) from None
    click.echo(render_diff(d, format=fmt, color=True), nl=False)
    sys.exit(1 if d.has_differences else 0)


REVIEW_KEYS = {"a": "accept", "d": "dismiss", "s": "skip", "u": "undo", "q": "quit", "?": "help"}
REVIEW_COLUMNS = ("key", "article_id", "sentence_id", "category", "rule", "cue", "status", "carried_over", "suppressed", "quoted", "weight")


def _review_row(item: Any) -> dict[str, Any]:
    f = item.flag
    row = {c: getattr(f, c) for c in REVIEW_COLUMNS if hasattr(f, c)}
    row.update(article_id=item.article_id, sentence_id=item.sentence_id, reviewer=f.reviewer, decided=f.decided, sentence=item.sentence)
    return {c: row[c] for c in (*REVIEW_COLUMNS, "reviewer", "decided", "sentence")}


def _review_list(items: list[Any], fmt: str) -> None:
    rows = [_review_row(it) for it in items]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else [*REVIEW_COLUMNS, "reviewer", "decided", "sentence"])
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        for r in rows:
            status = r["status"] + ("*" if r["carried_over"] else "") + ("~" if r["suppressed"] else "")
            quoted = " (quoted)" if r["quoted"] else ""
            click.echo(
                f"{r['key']}  {r['article_id']} {r['sentence_id']}  {r['category']:10} {status:10} {r['cue']!r}{quoted}  [{r['rule']}]  {r['sentence']}"
            )


def _review_show(item: Any, n: int, total: int) -> None:
    f = item.flag
    text = item.sentence
    marked = text[: f.start] + click.style(text[f.start : f.end], bold=True, underline=True) + text[f.end :]
    carried = " (decision carried over from an earlier wording)" if f.carried_over else ""
    click.echo(
        f"\n[{n}/{total}] {item.article_id} {item.sentence_id}: {click.style(f.category, fg='yellow')} {f.cue!r} via {f.rule} ({f.weight:+.2f}){carried}"
    )
    for ctx in item.before:
        click.echo(click.style(f"    {ctx}", dim=True))
    click.echo(f"  > {marked}")
    for ctx in item.after:
        click.echo(click.style(f"    {ctx}", dim=True))


def _review_loop(session: Any, items: list[Any], keys: Any) -> None:
    """Walk ``items`` with single keys (from ``keys`` when scripted, else the terminal)."""
    counts = {"accepted": 0, "dismissed": 0, "undone": 0}
    touched: set[str] = set()
    pos = 0
    prompt = "a(ccept) d(ismiss) s(kip) u(ndo) q(uit) ?(help)"
    while pos < len(items):
        item = items[pos]
        _review_show(item, pos + 1, len(items))
        click.echo(f"{prompt} ", nl=False)
        key = next(keys, "q") if keys is not None else click.getchar()
        click.echo(key)
        if key not in REVIEW_KEYS:
            if keys is not None:
                raise PipelineClickError(PipelineError("E214", None, key=key), exit_code=2)
            key = "?"
        if key == "q":
            break
        if key == "?":
            click.echo("  a accept the flag (it stays and counts)   d dismiss it (it no longer counts)")
            click.echo("  s skip (decide later)   u undo the last decision   q quit (decisions are saved as you go)")
        elif key in ("a", "d"):
            decision = "accepted" if key == "a" else "dismissed"
            session.decide([(item.article_id, item.flag.key, decision)], refresh=False)
            touched.add(item.article_id)
            counts[decision] += 1
            click.echo(f"  {decision}")
            pos += 1
        elif key == "s":
            pos += 1
        elif key == "u":
            done = session.undo(refresh=False)
            if done is None:
                click.echo("  nothing to undo")
                continue
            touched.add(done[0])
            counts["undone"] += 1
            click.echo(f"  undone: {done[1]}")
            pos = next(
                (i for i, it in enumerate(items) if it.article_id == done[0] and done[1] in (it.flag.key, it.flag.decision_key)), pos
            )
    for article_id in sorted(touched):
        session.refresh(article_id)
    left = session.items(status="pending")
    click.echo(
        f"Saved {counts['accepted']} accepted, {counts['dismissed']} dismissed, {counts['undone']} undone; "
        f"{len(left)} pending left in {len({it.article_id for it in left})} articles; {len(touched)} article(s) refreshed."
    )


@main.command("review", context_settings=CONTEXT)
@click.argument("targets", nargs=-1, type=click.Path())
@click.option(
    "-o", "--output", default="outputs", show_default=True, type=click.Path(file_okay=False), help="Output directory the ids refer to."
)
@click.option("--list", "list_only", is_flag=True, help="List the flags with key, status, cue, rule and sentence; change nothing.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True, help="Format of --list and --orphans."
)
@click.option(
    "--status",
    type=click.Choice(["pending", "accepted", "dismissed", "all"]),
    help="Only flags with this status (default: all for --list, pending to review).",
)
@click.option("--category", type=click.Choice(["hedge", "booster", "opinion", "weasel", "rhetorical"]), help="Only flags of this category.")
@click.option("--rule", metavar="RULE", help="Only flags of this rule (e.g. opinion_loaded:pivotal).")
@click.option("--accept", multiple=True, metavar="KEY", help="Accept the flag with this key (repeatable).")
@click.option("--dismiss", multiple=True, metavar="KEY", help="Dismiss the flag with this key (repeatable).")
@click.option("--clear", multiple=True, metavar="KEY", help="Forget the decision on this flag (repeatable).")
@click.option("--keys", metavar="KEYS", help="Answer the review loop with these keys (e.g. adus q), or - to read them from standard input.")
@click.option("--orphans", is_flag=True, help="List decisions that match no flag any more (their sentence was removed or rewritten).")
@click.option(
    "--dismiss-everywhere",
    "suppress",
    metavar="RULE_OR_CUE",
    help="Dismiss this rule or cue in every article ([review] suppress in pipeline.toml).",
)
@click.option("--unsuppress", metavar="RULE_OR_CUE", help="Take a rule or cue off the [review] suppress list.")
@click.option("--suppressions", is_flag=True, help="List the rules and cues dismissed everywhere, and how to undo one.")
@click.option(
    "--export",
    "export",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write the decided sentences as labelled TSV (for pipeline eval flags).",
)
@click.option("--web", is_flag=True, help="Review in the browser: serve the review app on this machine.")
@click.option("--host", default="127.0.0.1", show_default=True, help="--web: address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="--web: port (default: a free one).")
@click.option("--allow-remote", is_flag=True, help="--web: allow a --host that is not a loopback address.")
@click.option("--reviewer", metavar="NAME", help="Who decides (default: the OS user name).")
@_common
@_guard
def review_cmd(
    targets: tuple[str, ...],
    output: str,
    list_only: bool,
    fmt: str,
    status: str | None,
    category: str | None,
    rule: str | None,
    accept: tuple[str, ...],
    dismiss: tuple[str, ...],
    clear: tuple[str, ...],
    keys: str | None,
    orphans: bool,
    suppress: str | None,
    unsuppress: str | None,
    suppressions: bool,
    export: str | None,
    web: bool,
    host: str,
    port: int,
    allow_remote: bool,
    reviewer: str | None,
    config: str | None,
    model: str | None,
) -> None:
    """Accept or dismiss flags, in the terminal or the browser; decisions persist across runs and edits.

    TARGETS are output directories, analysis JSON files or article ids in
    --output (default: every article of outputs/). Without other options, the
    pending flags of every article are shown one at a time, most loaded article
    first, with the sentences around; answer a(ccept), d(ismiss), s(kip),
    u(ndo) or q(uit). Run it again to resume. Decisions are saved at once in the
    output directory's database (.pipeline-index.sqlite) with your name and the
    time, and the articles' outputs are refreshed: a dismissed flag no longer
    counts in the statistics, the sentence's score or the summary. When a
    flagged sentence is edited, its decision goes to the most similar sentence
    with the same rule and cue (marked carried over); what cannot be matched is
    listed by --orphans.

    \b
    Example:
      pipeline review                          # every pending flag in outputs/
      pipeline review --web                    # the same, in the browser
      pipeline review outputs/story.json --list --format csv
      pipeline review story --dismiss 3f2a9c01de44
      pipeline review --dismiss-everywhere opinion_loaded:pivotal
      pipeline review --export reviewed.tsv && pipeline eval flags reviewed.tsv
    """
    from .api import open_review, review_export, review_suppress, review_suppressions, review_web

    if suppress or unsuppress:
        entry = suppress or unsuppress or ""
        path, changed = review_suppress(entry, config=config, remove=bool(unsuppress))
        verb = "now dismissed everywhere" if suppress else "no longer dismissed everywhere"
        click.echo(
            f"{entry!r} {verb} ({path}, [review] suppress)"
            if changed
            else f"{entry!r} was {'already' if suppress else 'not'} on the list in {path}"
        )
        if changed:
            click.echo("Run `pipeline run` to apply it to the outputs (the articles are analysed again: the settings changed).")
        return
    if suppressions:
        path, entries = review_suppressions(config=config)
        if not entries:
            click.echo(f"No suppressions in {path}.")
            return
        for e in entries:
            click.echo(e)
        click.echo(
            f"({len(entries)} in {path} [review] suppress; undo one with `pipeline review --unsuppress RULE_OR_CUE` or delete it from the list)"
        )
        return
    settings = _settings(config, {"model": model})
    if web:
        review_web(
            targets,
            out_dir=output,
            settings=settings,
            host=host,
            port=port,
            allow_remote=allow_remote,
            reviewer=reviewer,
            config=config,
            on_ready=lambda url: click.echo(f"Reviewing at {url} (Ctrl+C to stop)", err=True),
        )
        return
    if export:
        n = review_export(export, targets, out_dir=output, settings=settings)
        click.echo(f"{n} decided sentences written to {export}")
        return
    with open_review(targets, out_dir=output, settings=settings, reviewer=reviewer) as session:
        if orphans:
            found = session.orphans()
            if fmt == "json":
                click.echo(json.dumps(found, indent=2, ensure_ascii=False))
            else:
                for o in found:
                    click.echo(
                        f"{o['key']}  {o['article_id']}  {o['decision']:9} {o['category']:10} {o['cue']!r}  [{o['rule']}]  ({o['why']})  {o['sentence']}"
                    )
                click.echo(f"{len(found)} orphaned decision(s)", err=True)
            return
        wanted = None if (status or ("all" if list_only else "pending")) == "all" else (status or "pending")
        if list_only:
            _review_list(session.items(status=wanted, category=category, rule=rule), fmt)
            return
        decisions = [(k, "accepted") for k in accept] + [(k, "dismissed") for k in dismiss] + [(k, "clear") for k in clear]
        if decisions:
            triples: list[tuple[str, str, str]] = []
            for k, d in decisions:
                found_in = session.locate(k)
                if not found_in:
                    raise PipelineClickError(PipelineError("E206", str(session.out_dir), key=k))
                triples.extend((a, k, d) for a in found_in)
            touched = session.decide(triples)
            counts = {d: sum(1 for _, x in decisions if x == d) for d in ("accepted", "dismissed", "clear")}
            click.echo(
                f"Saved {counts['accepted']} accepted, {counts['dismissed']} dismissed, {counts['clear']} cleared; {len(touched)} article(s) refreshed."
            )
            return
        items = session.items(status=wanted, category=category, rule=rule)
        if not items:
            click.echo("Nothing to review.")
            return
        if keys is None and not sys.stdin.isatty():
            raise PipelineClickError(PipelineError("E210"), exit_code=2)
        script = None
        if keys is not None:
            text = sys.stdin.read() if keys == "-" else keys
            script = iter([ch for ch in text if not ch.isspace() and ch != ","])
        _review_loop(session, items, script)


@main.command("report", context_settings=CONTEXT)
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
    from .api import report

    result = report(targets, out_dir=output)
    for err in result.errors:
        click.echo(f"error: {err.line()}", err=True)
    where = result.index if result.index is not None else result.out_dir
    click.echo(f"{len(result.pages)} page(s) and index written, {len(result.errors)} failed in {result.seconds:.2f}s -> {where}")
    if result.errors or not result.pages:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
