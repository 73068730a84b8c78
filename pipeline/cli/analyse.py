"""``pipeline summarise``, ``schema``, ``config`` and ``eval``: one article, the schema, the settings, the figures."""

from __future__ import annotations

import json
import sys

import click

from .. import api
from ..errors import PipelineError
from .common import CONTEXT, PipelineClickError, _common, _guard, _settings, _summary_options


@click.command(context_settings=CONTEXT)
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


@click.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of the output files.

    \b
    Example:
      pipeline schema > summary.schema.json
    """
    click.echo(json.dumps(api.schema(), indent=2))


@click.command("config", context_settings=CONTEXT)
@_common
def config_cmd(config: str | None, model: str | None) -> None:
    """Print the effective settings (defaults, config file, flags) as TOML.

    \b
    Example:
      pipeline config > pipeline.toml
    """
    click.echo(api.settings_toml(_settings(config, {"model": model})), nl=False)


@click.command("eval", context_settings=CONTEXT)
@click.argument(
    "task", type=click.Choice(["extraction", "structure", "entities", "dates", "flags", "hedges", "neutral", "summary", "gate"])
)
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--errors", type=click.IntRange(min=0), help="flags: show the N worst false positives and negatives.")
@click.option("--sentences", type=click.IntRange(min=1), help="summary: fixed summary length (default: the reference's).")
@click.option("--summarizer", help="summary: evaluate only this summarizer.")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N items of the data.")
@click.option("--update", is_flag=True, help="gate: pin the current figures as the new floors.")
@click.option("--all", "all_corpora", is_flag=True, help="flags: PATH is the data folder; score every corpus under it in one table.")
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
    all_corpora: bool,
    config: str | None,
    model: str | None,
) -> None:
    """Score one stage against labelled data (formats as in ../shared/data/*/README.md).

    \b
    Tasks and data:
      extraction  DIR   web pages + gold main text (articles-html/)
      structure   DIR   pasted plain text: headings, boilerplate (noisy-text/)
      entities    FILE  CoNLL-2003 named entities (entities/eng.testb.conll)
      dates       DIR   TimeML .tml files (dates/)
      flags       FILE  subjective/objective sentences: CheckThat! (subjectivity/dev_test.tsv),
                        BABE (babe/sentences.tsv) or MPQA (mpqa/sentences.tsv), told apart
                        by their columns; with --all, DIR: every corpus in one table
      hedges      FILE  hedge cues (hedges/dev.tsv)
      neutral     FILE  biased sentences + human neutral rewrites (neutral-wording/pairs.tsv)
      summary     FILE  articles + reference summaries (summaries/dev.jsonl)
      gate        DIR   every task above on its file under DIR (../shared/data),
                        each figure against its pinned floor; exit 1 below a floor

    \b
    Example:
      pipeline eval flags ../shared/data/subjectivity/dev_test.tsv
      pipeline eval structure ../shared/data/noisy-text --json
      pipeline eval flags --all ../shared/data
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
    result = api.evaluate(
        task, path, settings=settings, errors=errors, sentences=sentences, summarizer=summarizer, limit=limit, all_corpora=all_corpora
    )
    click.echo(json.dumps(result.public(), indent=2) if as_json else result.table)
