#!/usr/bin/env python
"""Benchmark of the HTML report: writing it against analysing the same articles.

    python benchmarks/bench_report.py [--articles N] [--rounds R] [--json]

The corpus is the sample article ``inputs/iran-hamas-connection.txt`` and the
first N-1 BBC News articles of ``../shared/data/summaries/dev.jsonl`` (when that
directory is present; read at run time, never copied into the repository),
written as ``.txt`` files into a temporary directory. Both sides are measured
in this one run, on the same N articles, in two ways:

in process   the model is loaded first (not timed); then ``run_batch(..., jobs=1)``
             (reading, every stage, writing the JSON and Markdown) against
             ``write_report`` (reading the JSON, rendering, writing every page
             and the index). The strict figure: no interpreter or model start.
command      ``pipeline run CORPUS -o OUT --jobs 1 -q`` against
             ``pipeline report OUT -o DIR``, each a fresh process (wall time).

The report is timed ``--rounds`` times (default 3) and the median is taken.
``ratio`` is report time over analysis time; the target (issue 17) is under 0.1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "iran-hamas-connection.txt"
DATA = ROOT.parent / "shared" / "data" / "summaries" / "dev.jsonl"

sys.path.insert(0, str(ROOT))


def articles(n: int) -> list[tuple[str, str]]:
    """(name, text) of the sample and the first ``n - 1`` articles of dev.jsonl (fewer when absent)."""
    out = [("sample-iran-hamas-connection", SAMPLE.read_text(encoding="utf-8"))]
    if DATA.is_file():
        for line in DATA.read_text(encoding="utf-8").splitlines():
            if len(out) >= n:
                break
            if line.strip():
                obj = json.loads(line)
                title = (obj.get("title") or "").strip()
                body = obj["text"].strip()
                out.append((obj["id"], f"{title}\n\n{body}\n" if title else f"{body}\n"))
    return out[:n]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="report runs to take the median of (default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)

    import pipeline
    from pipeline.nlp import load_model
    from pipeline.report import write_report

    corpus = articles(args.articles)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "corpus"
        src.mkdir()
        for i, (name, text) in enumerate(corpus):
            (src / f"{i:05d}-{name}.txt").write_text(text, encoding="utf-8")
        words = sum(len(text.split()) for _, text in corpus)

        # in process: model loaded first, then analysis and report side by side
        settings = pipeline.load_settings(None, {"batch.jobs": 1})
        load_model(settings.model)
        out = tmp_path / "out"
        start = time.perf_counter()
        batch = pipeline.run_batch([src], out, settings, quiet=True)
        analysis_s = time.perf_counter() - start
        assert batch.count("ok") == len(corpus), batch.failed
        report_runs = []
        for r in range(args.rounds):
            start = time.perf_counter()
            result = write_report([out], out_dir=tmp_path / f"report-{r}")
            report_runs.append(time.perf_counter() - start)
            assert not result.errors and len(result.pages) == len(corpus), result.errors
        report_s = statistics.median(report_runs)

        # commands: fresh processes, wall time
        python = [sys.executable, "-m", "pipeline"]
        cmd_analysis_s = timed([*python, "run", str(src), "-o", str(tmp_path / "cmd-out"), "--jobs", "1", "-q"])
        cmd_report_s = statistics.median(
            timed([*python, "report", str(tmp_path / "cmd-out"), "-o", str(tmp_path / f"cmd-report-{r}")]) for r in range(args.rounds)
        )
        page_bytes = sum(p.stat().st_size for p in result.pages)

    figures = {
        "articles": len(corpus),
        "words": words,
        "analysis_s": round(analysis_s, 3),
        "report_s": round(report_s, 3),
        "ratio": round(report_s / analysis_s, 4),
        "command_analysis_s": round(cmd_analysis_s, 3),
        "command_report_s": round(cmd_report_s, 3),
        "command_ratio": round(cmd_report_s / cmd_analysis_s, 4),
        "report_ms_per_article": round(1000 * report_s / len(corpus), 2),
        "mean_page_kb": round(page_bytes / len(corpus) / 1024, 1),
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    if len(corpus) < args.articles:
        print(f"(only {len(corpus)} articles available: ../shared/data is missing)")
    print(f"{len(corpus)} articles, {words:,} words")
    print(f"in process: analysis {analysis_s:.2f}s, report {report_s:.3f}s (median of {args.rounds}) -> ratio {figures['ratio']:.4f}")
    print(f"commands:   pipeline run {cmd_analysis_s:.2f}s, pipeline report {cmd_report_s:.3f}s -> ratio {figures['command_ratio']:.4f}")
    print(f"report: {figures['report_ms_per_article']} ms per article, pages of {figures['mean_page_kb']} KB on average")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
