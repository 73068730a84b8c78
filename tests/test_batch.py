"""Batch runs: incremental, resumable, safe, parallel, chunked, on Dask."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.api import validate
from pipeline.batch import HISTORY_DIR, INDEX_NAME, OutputLock, run_batch
from pipeline.config import load_settings
from pipeline.errors import PipelineError
from pipeline.parse import parse_text, parse_texts, split_chunks
from tests.helpers import write_articles

ROOT = Path(__file__).resolve().parent.parent


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def outputs(out: Path) -> dict[str, str]:
    """Every top-level output file (JSON and Markdown) by name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.suffix in (".json", ".md")}


def settings(**overrides):
    return load_settings(None, {"batch.jobs": 1, **overrides}, cwd=ROOT)


@pytest.fixture
def corpus(tmp_path: Path, sample_text: str) -> Path:
    write_articles(tmp_path / "in", sample_text, 3)
    return tmp_path / "in"


def test_batch_writes_valid_outputs(corpus: Path, tmp_path: Path) -> None:
    report = run_batch([corpus], tmp_path / "out", settings())
    assert [i.status for i in report.items] == ["ok"] * 3
    for name, text in outputs(tmp_path / "out").items():
        if name.endswith(".json"):
            data = json.loads(text)
            validate(data)
            for s in data["sentences"]:
                assert data["article"]["text"][s["start"] : s["end"]] == s["text"]


def test_batch_skips_unchanged_input(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, settings())
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    report = run_batch([corpus], out, settings())
    assert [i.status for i in report.items] == ["skipped"] * 3
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == before


def test_batch_redoes_changed_input_and_keeps_history(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, settings())
    changed = corpus / "article-01.txt"
    old_json = (out / "article-01.json").read_text(encoding="utf-8")
    old_md = (out / "article-01.md").read_text(encoding="utf-8")
    old_sha = json.loads(old_json)["article"]["sha256"]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new closing paragraph was added.\n", encoding="utf-8")
    report = run_batch([corpus], out, settings())
    assert {i.source: i.status for i in report.items} == {
        str(corpus / "article-00.txt"): "skipped",
        str(changed): "ok",
        str(corpus / "article-02.txt"): "skipped",
    }
    history = out / HISTORY_DIR / "article-01"
    assert (history / f"{old_sha[:16]}.json").read_text(encoding="utf-8") == old_json
    assert (history / f"{old_sha[:16]}.md").read_text(encoding="utf-8") == old_md
    assert "new closing paragraph" in (out / "article-01.json").read_text(encoding="utf-8")


def test_batch_redoes_on_changed_settings(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, settings())
    report = run_batch([corpus], out, settings(**{"summary.sentences": 1}))
    assert [i.status for i in report.items] == ["ok"] * 3
    # settings that do not change results (jobs, batch size) do not force a redo
    report = run_batch([corpus], out, settings(**{"summary.sentences": 1, "batch.batch_size": 3}))
    assert [i.status for i in report.items] == ["skipped"] * 3


def test_batch_force_redoes_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, settings())
    report = run_batch([corpus], out, settings(), force=True)
    assert [i.status for i in report.items] == ["ok"] * 3


def test_batch_redoes_when_an_output_is_deleted(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, settings())
    (out / "article-02.md").unlink()
    report = run_batch([corpus], out, settings())
    assert [i.status for i in report.items] == ["skipped", "skipped", "ok"]
    assert (out / "article-02.md").exists()


def test_batch_bad_files_fail_and_the_rest_finish(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    report = run_batch([corpus], tmp_path / "out", settings())
    assert report.count("ok") == 3
    failed = {i.source: i.reason for i in report.failed}
    assert set(failed) == {str(corpus / "empty.txt"), str(corpus / "binary.txt")}
    for source, reason in failed.items():
        assert reason is not None and reason.startswith(f"{source}: [E1")
    # failures are retried; good articles are not redone
    report = run_batch([corpus], tmp_path / "out", settings())
    assert report.count("skipped") == 3 and report.count("failed") == 2


def test_batch_ids_stay_stable_when_two_inputs_share_a_name(tmp_path: Path, sample_text: str) -> None:
    paras = _paragraphs(sample_text)
    for i, sub in enumerate(("a", "b")):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "story.txt").write_text(paras[i + 1] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    first = {i.source: i.id for i in run_batch([tmp_path / "in"], out, settings()).items}
    assert sorted(first.values()) == ["story", "story-2"]
    b = tmp_path / "in" / "b" / "story.txt"
    b.write_text(paras[5] + "\n", encoding="utf-8")
    second = {i.source: (i.id, i.status) for i in run_batch([tmp_path / "in"], out, settings()).items}
    assert second[str(b)] == (first[str(b)], "ok")


def test_batch_lock_makes_a_second_run_wait_then_fail(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        started = time.monotonic()
        with pytest.raises(PipelineError) as err:
            run_batch([corpus], out, settings(), lock_timeout=0.3)
        assert time.monotonic() - started >= 0.3
    assert err.value.code == "E203" and str(os.getpid()) in err.value.line()
    assert not list(out.glob("*.json"))
    assert run_batch([corpus], out, settings()).count("ok") == 3  # free again


def _pipeline_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", *args]


@pytest.mark.slow
def test_batch_concurrent_runs_do_not_corrupt_each_other(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(
            _pipeline_cmd(str(corpus), "-o", str(out), "-j", "1", "-q", "--wait", "120"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    counts = sorted(r[1].strip().splitlines()[-1] for r in results)
    assert counts[0].startswith("0 processed, 3 skipped") and counts[1].startswith("3 processed, 0 skipped")
    for name, text in outputs(out).items():
        if name.endswith(".json"):
            validate(json.loads(text))
    assert not list(out.glob(".*.tmp"))


@pytest.mark.slow
def test_batch_killed_run_resumes_to_the_same_outputs(tmp_path: Path, sample_text: str) -> None:
    src = tmp_path / "in"
    write_articles(src, sample_text, 8, per=2)
    reference = tmp_path / "reference"
    run_batch([src], reference, settings())

    out = tmp_path / "out"
    proc = subprocess.Popen(
        _pipeline_cmd(str(src), "-o", str(out), "-j", "1", "-q", "--batch-size", "1"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        # kill once the third article's JSON is in place: with one job, the first
        # two are then finished and recorded, the third perhaps not
        while len(list(out.glob("*.json"))) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    done_before = set(p.name for p in out.glob("*.json"))
    assert 3 <= len(done_before) < 8, "the run should have been killed part-way"

    (out / ".article-07.json.killed.tmp").write_text("{half", encoding="utf-8")  # as a kill mid-write leaves
    report = run_batch([src], out, settings())
    assert report.count("failed") == 0
    assert 2 <= report.count("skipped") <= len(done_before)
    assert report.count("ok") == 8 - report.count("skipped")
    assert outputs(out) == outputs(reference)
    assert not list(out.glob(".*.tmp"))
    with sqlite3.connect(out / INDEX_NAME) as conn:
        runs = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert runs == ["interrupted", "done"]


@pytest.mark.slow
def test_batch_two_jobs_give_the_same_outputs_as_one(corpus: Path, tmp_path: Path) -> None:
    run_batch([corpus], tmp_path / "one", settings())
    report = run_batch([corpus], tmp_path / "two", settings(**{"batch.jobs": 2}))
    assert report.count("ok") == 3
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


@pytest.mark.slow
def test_batch_dask_local_cluster_gives_the_same_outputs(corpus: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    run_batch([corpus], tmp_path / "local", settings())
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        dask_settings = settings(**{"batch.executor": "dask", "batch.scheduler": cluster.scheduler_address})
        report = run_batch([corpus], tmp_path / "dask", dask_settings)
        assert report.count("ok") == 3
        # the same incremental rules
        assert run_batch([corpus], tmp_path / "dask", dask_settings).count("skipped") == 3
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


@pytest.mark.slow
def test_batch_dask_default_local_cluster_of_processes(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    run_batch([corpus], tmp_path / "local", settings())
    report = run_batch([corpus], tmp_path / "dask", settings(**{"batch.executor": "dask", "batch.jobs": 2}))
    assert report.count("ok") == 3
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


def test_batch_dask_missing_is_a_clear_error(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(PipelineError) as err:
        run_batch([corpus], tmp_path / "out", settings(**{"batch.executor": "dask"}))
    assert err.value.code == "E701" and "pip install" in err.value.line()


# --------------------------------------------------------------------------
# long articles: chunks on paragraph boundaries


def test_batch_split_chunks_cuts_after_blank_lines(sample_text: str) -> None:
    text = "\n\n".join(_paragraphs(sample_text))
    chunks = split_chunks(text, 3000)
    assert "".join(chunks) == text
    assert len(chunks) > 3 and all(len(c) <= 3000 for c in chunks)
    assert all(c.endswith("\n\n") for c in chunks[:-1])
    long_para = "word " * 1000
    pieces = split_chunks(long_para, 700)
    assert "".join(pieces) == long_para and all(len(p) <= 700 for p in pieces)


def test_batch_chunked_parse_keeps_offsets(nlp, sample_text: str) -> None:
    text = "\n\n".join(_paragraphs(sample_text))
    whole = nlp(text)
    chunked = parse_text(text, nlp, max_length=3000)
    assert chunked.text == text
    assert [(s.start_char, s.end_char) for s in chunked.sents] == [(s.start_char, s.end_char) for s in whole.sents]
    assert [(e.start_char, e.end_char, e.label_) for e in chunked.ents] == [(e.start_char, e.end_char, e.label_) for e in whole.ents]
    assert [t.idx for t in chunked] == [t.idx for t in whole]
    streamed = list(parse_texts([text[:500], text, "A short one."], nlp, batch_size=2, max_length=3000))
    assert [d.text for d in streamed] == [text[:500], text, "A short one."]


def test_batch_parse_chunks_and_batches_are_bounded(nlp, sample_text: str, monkeypatch) -> None:
    """Without ``max_length``, texts are cut at CHUNK_CHARS, and one ``nlp.pipe`` call sees at
    most BATCH_CHARS characters (or one chunk): a long article never goes to spaCy whole."""
    import pipeline.parse as parse_module

    text = "\n\n".join(_paragraphs(sample_text))
    monkeypatch.setattr(parse_module, "CHUNK_CHARS", 3000)
    monkeypatch.setattr(parse_module, "BATCH_CHARS", 6000)
    seen: list[int] = []
    real_pipe = nlp.pipe

    def pipe(texts, **kwargs):
        texts = list(texts)
        seen.append(sum(map(len, texts)))
        assert all(len(t) <= 3000 for t in texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", pipe)
    docs = list(parse_texts([text, "A short one.", text], nlp, batch_size=8))
    assert [d.text for d in docs] == [text, "A short one.", text]
    assert len(seen) > 2 and max(seen) <= 6000
    assert [t.idx for t in docs[0]] == [t.idx for t in parse_text(text, nlp, max_length=3000)]
    assert list(parse_module._batches(["a" * 5, "b" * 9, "c", "d"], 2, 8)) == [["a" * 5], ["b" * 9], ["c", "d"]]


def test_batch_article_longer_than_max_length_is_chunked(nlp, tmp_path: Path, sample_text: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(sample_text, encoding="utf-8")
    saved = nlp.max_length
    nlp.max_length = 2500
    try:
        report = run_batch([tmp_path / "in"], tmp_path / "out", settings())
    finally:
        nlp.max_length = saved
    assert report.count("ok") == 1
    data = json.loads((tmp_path / "out" / "long.json").read_text(encoding="utf-8"))
    text = data["article"]["text"]
    assert len(text) > 2500 * 4
    assert len(data["sentences"]) > 50
    for s in data["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
