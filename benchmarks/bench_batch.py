#!/usr/bin/env python
"""Benchmark of batch runs: raw spaCy throughput against ``pipeline run``.

    python benchmarks/bench_batch.py [--articles N] [--jobs J] [--rounds R] [--json] [--profile]

The corpus is made of real articles, written as ``.txt`` files (title, blank
line, paragraphs separated by blank lines) into a temporary directory:

- the sample article ``inputs/iran-hamas-connection.txt`` (2,400 words), and
- the articles of ``../shared/data/summaries/dev.jsonl`` (300 BBC News
  articles) and ``cnndm-dev.jsonl`` (100 CNN / Daily Mail articles) when that
  directory is present (research/evaluation use only: they are read at run
  time and never copied into the repository).

These 401 real articles are taken in a fixed interleaved order and cycled
when more are asked for (1,000 articles are each article two or three times,
each in its own file; the pipeline treats them as separate articles).

Everything is measured in fresh processes, for the same model, the same
components (all of them, plus the pipeline's block-boundary component) and
the same number of processes ``J``:

raw          ``J`` processes, each loads the model and streams its share of
             the article texts through ``nlp.pipe`` (batch size as the
             pipeline's; shares of equal word counts, as the pipeline's
             workers also finish together); wall time from start to the last
             one's end.
pipeline     ``pipeline run CORPUS -o OUT --jobs J -q`` (wall time, the same
             way: interpreter start, model load, reading, all stages, writing).
ratio        pipeline words/s over raw words/s. Raw and pipeline runs alternate
             ``--rounds`` times (default 3) and the round with the median
             ratio gives the figures: this VM's speed drifts by about 10%
             from minute to minute, and a single pair of runs moved the
             ratio by as much. Both kinds of run pay for the same 50 ms
             memory sampler.
speed-up     ``pipeline run --jobs 2`` over ``--jobs 1`` (same corpus).
peak RSS     of the whole process tree of ``pipeline run --jobs J``
             (sampled every 50 ms with psutil), over 100 and over 1,000 articles.
no-op        a second ``pipeline run`` over the 1,000 articles (nothing new).

Fields that cannot be measured with a small ``--articles`` are null in
``--json``. ``--profile`` adds, in this process and one job, the CPU time of
each stage after spaCy against the parse (first 200 articles, plain timers:
cProfile slows pure-Python stages about three times more than spaCy's compiled
parse, so only this figure compares them), the one-off set-up of a worker
process, and a cProfile of the first 40 articles for the hot spots.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "iran-hamas-connection.txt"
DATA_CANDIDATES = (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data")

sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------
# corpus


def _data_dir(given: str | None) -> Path | None:
    if given:
        return Path(given)
    for candidate in DATA_CANDIDATES:
        if (candidate / "summaries").is_dir():
            return candidate
    return None


def real_articles(data: Path | None) -> list[tuple[str, str]]:
    """(name, text) of every real article available, in a fixed order."""
    out = [("sample-iran-hamas-connection", SAMPLE.read_text(encoding="utf-8"))]
    if data is None:
        return out
    lists = []
    for name in ("dev.jsonl", "cnndm-dev.jsonl"):
        path = data / "summaries" / name
        if not path.is_file():
            continue
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            obj = json.loads(line)
            title = (obj.get("title") or "").strip()
            body = obj["text"].strip()
            rows.append((obj["id"], f"{title}\n\n{body}\n" if title else f"{body}\n"))
        lists.append(rows)
    # interleave the sets so that any prefix mixes BBC and CNN/DM lengths
    longest = max((len(rows) for rows in lists), default=0)
    for i in range(longest):
        for rows in lists:
            if i < len(rows):
                out.append(rows[i])
    return out


def write_corpus(folder: Path, articles: list[tuple[str, str]], n: int) -> int:
    """Write ``n`` articles (cycled) as .txt files; returns the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        name, text = articles[i % len(articles)]
        (folder / f"{i:05d}-{name}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


# --------------------------------------------------------------------------
# measuring processes


class TreeSampler:
    """Peak RSS (MB) of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self._psutil = psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        ps = self._psutil
        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except ps.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                except ps.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


#: CPU seconds (user + system) of the whole tree of the last run_timed / raw_throughput.
LAST_CPU = [0.0]


def run_timed(cmd: list[str], *, sample: bool = False) -> tuple[float, float | None, str]:
    """(wall seconds, peak RSS MB of the tree or None, stderr) of a command."""
    cpu0 = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid) if sample else None
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    LAST_CPU[0] = _children_cpu() - cpu0
    peak = sampler.stop() if sampler else None
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return seconds, peak, err + out


RAW_WORKER = r"""
import sys, time, json
from pathlib import Path
sys.path.insert(0, sys.argv[1])
files = [Path(p) for p in json.loads(Path(sys.argv[2]).read_text())]
batch_size = int(sys.argv[3])
from pipeline.io import read_path
from pipeline.api import prepare
from pipeline.config import Settings
t0 = time.perf_counter()
from pipeline.nlp import load_model
nlp = load_model(None)
t1 = time.perf_counter()
used = set()
texts = (prepare(read_path(p)[0][0], settings=Settings(), used_ids=used).text for p in files)
n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "pipe": t2 - t1, "tokens": n}))
"""


def balanced_shards(files: list[Path], jobs: int) -> list[list[Path]]:
    """``jobs`` shares of ``files`` with about the same number of words each (input order kept).

    Longest first, each to the share with the fewest words so far. Taking every
    ``jobs``-th file instead gave one process 65 % of the words of the 200-article
    corpus (BBC and CNN/Daily Mail articles alternate, and the CNN ones are about
    twice as long), so the baseline measured its own imbalance rather than spaCy.
    """
    words = {p: len(p.read_text(encoding="utf-8").split()) for p in files}
    loads = [0] * jobs
    chosen: list[list[Path]] = [[] for _ in range(jobs)]
    for p in sorted(files, key=lambda q: -words[q]):
        k = loads.index(min(loads))
        chosen[k].append(p)
        loads[k] += words[p]
    order = {p: i for i, p in enumerate(files)}
    return [sorted(share, key=order.__getitem__) for share in chosen]


def raw_throughput(files: list[Path], jobs: int, batch_size: int, tmp: Path) -> dict[str, float]:
    """``jobs`` fresh processes, each: load the model, nlp.pipe its share of the texts."""
    script = tmp / "raw_worker.py"
    script.write_text(RAW_WORKER, encoding="utf-8")
    shards = balanced_shards(files, jobs)
    procs = []
    cpu0 = _children_cpu()
    # the same memory sampler as for pipeline runs, so that both pay for it
    sampler = TreeSampler(os.getpid())
    started = time.perf_counter()
    for k, shard in enumerate(shards):
        listing = tmp / f"raw-shard-{k}.json"
        listing.write_text(json.dumps([str(p) for p in shard]), encoding="utf-8")
        procs.append(
            subprocess.Popen(
                [sys.executable, str(script), str(ROOT), str(listing), str(batch_size)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"raw worker failed:\n{err}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - started
    LAST_CPU[0] = _children_cpu() - cpu0
    sampler.stop()
    return {"wall": wall, "cpu": LAST_CPU[0], "load": max(r["load"] for r in results), "pipe": max(r["pipe"] for r in results)}


def pipeline_cmd(corpus: Path, out: Path, jobs: int, batch_size: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        str(corpus),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        "--batch-size",
        str(batch_size),
        "-q",
    ]


# --------------------------------------------------------------------------
# profile of the stages after spaCy


def time_stages(files: list[Path], batch_size: int) -> str:
    """CPU seconds (this thread) of the parse and of each later stage of the chain, without a profiler."""
    from pipeline.api import analysis_json, render_markdown
    from pipeline.batch import warm_up
    from pipeline.chain import STAGES, pipeline_for, stage_names
    from pipeline.config import Settings
    from pipeline.io import read_path
    from pipeline.normalise import normalise
    from pipeline.parse import parse_texts
    from pipeline.state import State

    settings = Settings()
    used: set[str] = set()
    c0 = time.thread_time()
    articles = [normalise(read_path(p)[0][0], settings=settings.ingest, used_ids=used) for p in files]
    c1 = time.thread_time()
    pipeline = pipeline_for(settings)
    nlp = pipeline.resources.nlp
    c2 = time.thread_time()
    warm_up(settings)
    c3 = time.thread_time()
    after_parse = STAGES[stage_names().index("split") :]
    spent: dict[str, float] = {}
    parse = after = outputs = 0.0
    docs = parse_texts((a.text for a in articles), nlp, batch_size=batch_size)
    for article in articles:
        t = time.thread_time()
        state = State(article=article, doc=next(docs))
        t1 = time.thread_time()
        for fn in after_parse:
            ts = time.thread_time()
            state = fn(state, pipeline.resources)
            spent[fn.__name__] = spent.get(fn.__name__, 0.0) + time.thread_time() - ts
        analysis = pipeline.assemble(state)
        t2 = time.thread_time()
        analysis_json(analysis)
        render_markdown(analysis)
        t3 = time.thread_time()
        parse, after, outputs = parse + t1 - t, after + t2 - t1, outputs + t3 - t2
    lines = [
        f"CPU time ({len(articles)} articles, one process, no profiler): spaCy parse {parse:.2f}s; "
        f"stages after spaCy {after:.2f}s = {after / parse:.1%} of the parse; JSON + Markdown {outputs:.2f}s = "
        f"{outputs / parse:.1%}",
        f"  once per process: load the model {c2 - c1:.2f}s, warm-up (matchers, sumy, dateparser) {c3 - c2:.2f}s; "
        f"read + clean the {len(articles)} articles {c1 - c0:.2f}s (in the parent process)",
    ]
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:22} {secs:7.2f}s  {secs / parse:6.1%} of parse")
    rest = after - sum(spent.values())
    lines.append(f"  {'(assembly, stats)':22} {rest:7.2f}s  {rest / parse:6.1%} of parse")
    return "\n".join(lines)


def profile_stages(files: list[Path], batch_size: int) -> str:
    from pipeline.batch.worker import _Task, analyse_chunk
    from pipeline.config import Settings
    from pipeline.io import read_path
    from pipeline.nlp import load_model
    from pipeline.normalise import normalise

    settings = Settings()
    load_model(None)
    used: set[str] = set()
    tasks = [_Task(i, str(p), normalise(read_path(p)[0][0], settings=settings.ingest, used_ids=used)) for i, p in enumerate(files)]
    out = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    prof = cProfile.Profile()
    prof.enable()
    for i in range(0, len(tasks), batch_size):
        analyse_chunk(tasks[i : i + batch_size], settings, str(out))
    prof.disable()
    shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(prof)
    by_name: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = func if "pipeline" in filename else None
        if func == "pipe" and "spacy" in filename and "language" in filename:
            key = "spaCy Language.pipe"
        if key:
            by_name[key] = max(by_name.get(key, 0.0), ct)
    total = by_name.get("analyse_chunk", 0.0)
    parse = by_name.get("parse_texts", 0.0)
    after = by_name.get("analyse_parsed", 0.0)
    lines = [
        f"profile ({len(tasks)} articles, one process): total {total:.2f}s, spaCy parse {parse:.2f}s, "
        f"stages after spaCy {after:.2f}s = {after / parse:.0%} of the parse"
        if parse
        else "no parse time"
    ]
    if parse:
        rest = total - parse - after
        lines.append(f"  batch overhead (writing JSON + Markdown, bookkeeping) {rest:.2f}s = {rest / parse:.1%} of the parse")
    stages = (
        "split_sentences",
        "extract_entities",
        "extract_dates",
        "extract_figures",
        "extract_quotes",
        "extract_attributions",
        "flag_sentences",
        "build_timeline",
        "summarise",
        "flag_stats",
        "model_info",
        "write_outputs",
        "analysis_json",
        "render_markdown",
    )
    for name in stages:
        if name in by_name:
            lines.append(f"  {name:22} {by_name[name]:7.2f}s  {by_name[name] / parse:6.1%} of parse")
    lines.append("  top functions by own time:")
    own = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:15]  # type: ignore[attr-defined]
    for (filename, line, func), (_cc, nc, tt, ct, _c) in own:
        lines.append(f"    {tt:7.2f}s own {ct:7.2f}s cum {nc:8d} calls  {func}  ({Path(filename).name}:{line})")
    return "\n".join(lines)


# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=200, help="corpus size for the throughput runs (default 200)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: number of cores)")
    ap.add_argument("--batch-size", type=int, default=8, help="nlp.pipe batch size (default 8, the pipeline's)")
    ap.add_argument(
        "--rounds", type=int, default=3, help="raw and pipeline runs, alternated; the figures are the median round's (default 3)"
    )
    ap.add_argument("--data", help="the shared data directory (default: ../shared/data when present)")
    ap.add_argument("--json", action="store_true", help="print one JSON object of the figures")
    ap.add_argument("--profile", action="store_true", help="also profile the stages after spaCy")
    ap.add_argument("--keep", help="keep the corpus and outputs in this directory")
    args = ap.parse_args(argv)

    articles = real_articles(_data_dir(args.data))
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    tmp.mkdir(parents=True, exist_ok=True)

    def log(*a: Any) -> None:
        print(*a, file=sys.stderr, flush=True)

    result: dict[str, Any] = {
        "ratio": None,
        "raw_words_per_s": None,
        "pipeline_words_per_s": None,
        "speedup_2_jobs": None,
        "peak_rss_mb_100": None,
        "peak_rss_mb_1000": None,
        "noop_s_1000": None,
    }
    extra: dict[str, Any] = {
        "articles": args.articles,
        "jobs": args.jobs,
        "real_articles": len(articles),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    try:
        corpus = tmp / f"corpus-{args.articles}"
        words = write_corpus(corpus, articles, args.articles)
        files = sorted(corpus.glob("*.txt"))
        extra["words"] = words
        log(f"corpus: {args.articles} articles ({len(articles)} distinct real ones), {words:,} words in {corpus}")

        # raw and pipeline runs alternate, so that a drift of the machine's speed
        # (this VM's varies by 10% from minute to minute) touches both alike
        rounds: list[dict[str, float]] = []
        for r in range(max(1, args.rounds)):
            raw = raw_throughput(files, args.jobs, args.batch_size, tmp)
            log(
                f"round {r + 1}: raw nlp.pipe, {args.jobs} processes: {raw['wall']:.1f}s wall ({raw['load']:.1f}s model load, "
                f"{raw['cpu']:.1f}s CPU), {words / raw['wall']:,.0f} words/s, {args.articles / raw['wall']:.2f} articles/s"
            )
            out_dir = tmp / f"out-{args.articles}-j{args.jobs}-r{r}"
            secs, peak, err = run_timed(pipeline_cmd(corpus, out_dir, args.jobs, args.batch_size), sample=True)
            rounds.append(
                {
                    "raw": raw["wall"],
                    "raw_cpu": raw["cpu"],
                    "raw_load": raw["load"],
                    "raw_pipe": raw["pipe"],
                    "pipeline": secs,
                    "pipeline_cpu": LAST_CPU[0],
                    "peak": peak or 0.0,
                }
            )
            log(
                f"round {r + 1}: pipeline run --jobs {args.jobs}: {secs:.1f}s ({LAST_CPU[0]:.1f}s CPU), {words / secs:,.0f} words/s, "
                f"{args.articles / secs:.2f} articles/s, peak RSS {peak:.0f} MB; ratio pipeline/raw {raw['wall'] / secs:.3f} "
                f"(CPU time {raw['cpu'] / LAST_CPU[0]:.3f})"
            )
        # the round with the median ratio gives every figure
        rounds.sort(key=lambda x: x["raw"] / x["pipeline"])
        mid = rounds[len(rounds) // 2]
        secs, peak = mid["pipeline"], mid["peak"]
        result["raw_words_per_s"] = round(words / mid["raw"], 1)
        result["pipeline_words_per_s"] = round(words / secs, 1)
        result["ratio"] = round(mid["raw"] / secs, 3)
        extra["ratio_rounds"] = [round(x["raw"] / x["pipeline"], 3) for x in rounds]
        extra["ratio_cpu_rounds"] = [round(x["raw_cpu"] / x["pipeline_cpu"], 3) for x in rounds]
        extra["raw_seconds"] = round(mid["raw"], 2)
        extra["raw_load_seconds"] = round(mid["raw_load"], 2)
        extra["raw_words_per_s_after_load"] = round(words / mid["raw_pipe"], 1)
        extra["raw_cpu_seconds"] = round(mid["raw_cpu"], 2)
        extra["pipeline_seconds"] = round(secs, 2)
        extra["pipeline_cpu_seconds"] = round(mid["pipeline_cpu"], 2)
        extra["ratio_cpu"] = round(mid["raw_cpu"] / mid["pipeline_cpu"], 3)
        extra["pipeline_articles_per_s"] = round(args.articles / secs, 3)
        extra["pipeline_summary"] = err.strip().splitlines()[-1] if err.strip() else ""
        log(
            f"ratio pipeline/raw: median {result['ratio']:.3f} of {len(rounds)} rounds {extra['ratio_rounds']} "
            f"(CPU time: {extra['ratio_cpu_rounds']})"
        )
        if args.articles == 100:
            result["peak_rss_mb_100"] = round(max(x["peak"] for x in rounds), 1)
        if args.articles == 1000:
            result["peak_rss_mb_1000"] = round(max(x["peak"] for x in rounds), 1)

        timings = {args.jobs: secs}
        cpu = {args.jobs: extra["pipeline_cpu_seconds"]}
        last_out = tmp / f"out-{args.articles}-j{args.jobs}-r{max(1, args.rounds) - 1}"
        for j in (1, 2):
            if j not in timings:
                s, _, _ = run_timed(pipeline_cmd(corpus, tmp / f"out-{args.articles}-j{j}", j, args.batch_size))
                timings[j], cpu[j] = s, LAST_CPU[0]
                log(f"pipeline run --jobs {j}: {s:.1f}s ({LAST_CPU[0]:.1f}s CPU), {words / s:,.0f} words/s")
        result["speedup_2_jobs"] = round(timings[1] / timings[2], 3)
        extra["pipeline_cpu_seconds_by_jobs"] = {str(k): round(v, 2) for k, v in cpu.items()}
        log(
            f"speed-up of --jobs 2 over --jobs 1: {timings[1] / timings[2]:.2f} (wall time; "
            f"CPU seconds: {cpu[1]:.1f} with 1 job, {cpu[2]:.1f} with 2)"
        )

        for size, key in ((100, "peak_rss_mb_100"), (1000, "peak_rss_mb_1000")):
            if args.articles < size or result[key] is not None:
                continue
            sub = tmp / f"corpus-{size}"
            write_corpus(sub, articles, size)
            s, peak, _ = run_timed(pipeline_cmd(sub, tmp / f"out-{size}-j{args.jobs}", args.jobs, args.batch_size), sample=True)
            result[key] = round(peak or 0, 1)
            log(f"pipeline run over {size} articles: {s:.1f}s, peak RSS of the process tree {peak:.0f} MB")
        if args.articles >= 1000:
            corpus_1000, out_1000 = (corpus, last_out) if args.articles == 1000 else (tmp / "corpus-1000", tmp / f"out-1000-j{args.jobs}")
            s, _, err = run_timed(pipeline_cmd(corpus_1000, out_1000, args.jobs, args.batch_size))
            result["noop_s_1000"] = round(s, 3)
            log(f"no-op re-run over 1000 articles: {s:.2f}s ({err.strip().splitlines()[-1] if err.strip() else ''})")
        if result["peak_rss_mb_100"] and result["peak_rss_mb_1000"]:
            extra["rss_growth_100_to_1000"] = round(result["peak_rss_mb_1000"] / result["peak_rss_mb_100"] - 1, 3)

        if args.profile:
            log(time_stages(files[:200], args.batch_size))
            log(profile_stages(files[:40], args.batch_size))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps({**result, **extra}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
