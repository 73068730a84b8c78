"""Limits: symbol runs, the per-article time limit, the number of workers."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from pipeline.batch.jobs import BYTES_PER_JOB, choose_jobs, cores
from pipeline.cli import main
from pipeline.config import BatchSettings
from pipeline.normalise.text import SYMBOL_RUN as RUN
from pipeline.normalise.text import break_symbol_runs

from .conftest import GOOD


def test_symbol_runs_are_broken_and_idempotent() -> None:
    text = "a " + "#" * 20_000 + " b " + "-#" * 1000 + " c"
    once = break_symbol_runs(text)
    assert max(len(t) for t in once.split()) == RUN
    assert break_symbol_runs(once) == once
    assert once.replace(" ", "") == text.replace(" ", "")
    assert break_symbol_runs("see https://example.com/a-b?c=d&e=f ... !!!") == "see https://example.com/a-b?c=d&e=f ... !!!"


@pytest.mark.parametrize("run", ["#" * 20_000, "(" * 20_000, ".,;" * 7_000])
def test_long_symbol_run_is_analysed_within_the_time_limit(tmp_path: Path, runner, run: str) -> None:
    """spaCy's tokenizer was quadratic on such runs (``#`` x 20,000: 56 s); the 20 s time
    limit of the run is the bound here, not a timed assert."""
    cfg = tmp_path / "p.toml"
    cfg.write_text("[batch]\ntimeout = 20.0\n", encoding="utf-8")
    (tmp_path / "runs.txt").write_text(f"The vote was held on Monday.\n\n{run}\n\nIt passed.\n", encoding="utf-8")
    result = runner.invoke(main, ["run", str(tmp_path / "runs.txt"), "-o", str(tmp_path / "out"), "-q", "--config", str(cfg)])
    assert result.exit_code == 0, result.stderr


def test_slow_article_fails_with_e208_and_the_batch_goes_on(tmp_path: Path, runner, monkeypatch) -> None:
    from pipeline.chain import Pipeline

    real = Pipeline.analyse_parsed

    def slow(self, article, doc, **kw):
        if "SLOW" in article.text:
            time.sleep(30)
        return real(self, article, doc, **kw)

    monkeypatch.setattr(Pipeline, "analyse_parsed", slow)
    cfg = tmp_path / "p.toml"
    cfg.write_text("[batch]\ntimeout = 1.0\n", encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "b.txt").write_text("SLOW news arrived on Monday. It was late.\n", encoding="utf-8")
    (d / "c.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "--config", str(cfg)])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "b.txt: [E216] analysis took longer than the time limit of 1 s" in errors[0]
    assert "2 processed, 0 skipped, 1 failed" in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "c.json"]


def _files(tmp_path: Path, n: int, size: int) -> list[Path]:
    paths = []
    for i in range(n):
        p = tmp_path / f"{i}.txt"
        p.write_bytes(b"x" * size)
        paths.append(p)
    return paths


def test_jobs_capped_at_the_cores_unless_forced(tmp_path: Path) -> None:
    files = _files(tmp_path, 64, BYTES_PER_JOB)
    assert choose_jobs(BatchSettings(jobs=cores() + 14), files) == cores()
    assert choose_jobs(BatchSettings(jobs=cores() + 14, force_jobs=True), files) == cores() + 14


def test_small_batch_runs_in_this_process(tmp_path: Path) -> None:
    assert choose_jobs(BatchSettings(), _files(tmp_path, 10, 2_000)) == 1
    big = _files(tmp_path, 64, BYTES_PER_JOB)
    assert choose_jobs(BatchSettings(), big) == cores()
    assert choose_jobs(BatchSettings(jobs=1), big) == 1
    assert choose_jobs(dataclasses.replace(BatchSettings(), jobs=2), big[:1]) == 1
