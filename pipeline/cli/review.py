"""``pipeline review``: flag decisions in the terminal, from scripts, or in the browser."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .. import api
from ..errors import PipelineError
from .common import CONTEXT, PipelineClickError, _common, _guard, _settings

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


@click.command("review", context_settings=CONTEXT)
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
    if suppress or unsuppress:
        entry = suppress or unsuppress or ""
        path, changed = api.review_suppress(entry, config=config, remove=bool(unsuppress))
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
        path, entries = api.review_suppressions(config=config)
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
        api.review_web(
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
        n = api.review_export(export, targets, out_dir=output, settings=settings)
        click.echo(f"{n} decided sentences written to {export}")
        return
    with api.open_review(targets, out_dir=output, settings=settings, reviewer=reviewer) as session:
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
