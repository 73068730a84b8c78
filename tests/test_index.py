"""The SQLite index of an output directory: schema, records, rebuild."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch import batch_status, run_batch
from pipeline.batch.index import INDEX_NAME, SCHEMA_VERSION, Index
from pipeline.config import load_settings
from pipeline.convert import from_dict
from pipeline.results import BatchStatus, StatusCounts
from tests.helpers import write_articles

ROOT = Path(__file__).resolve().parent.parent


def settings(**overrides):
    return load_settings(None, {"batch.jobs": 1, **overrides}, cwd=ROOT)


@pytest.fixture
def done(tmp_path: Path, sample_text: str) -> tuple[Path, Path]:
    """An output directory after one run over three articles and one empty file."""
    src = tmp_path / "in"
    write_articles(src, sample_text, 3)
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_batch([src], out, settings())
    return src, out


def _rows(out: Path) -> list[tuple]:
    with Index.open(out) as index:
        return sorted((r.id, r.source, r.sha256, r.settings_hash, r.pipeline_version, r.outputs) for r in index.rows("ok") if r.id)


def test_index_schema_is_versioned_and_in_wal_mode(done: tuple[Path, Path]) -> None:
    _, out = done
    conn = sqlite3.connect(out / INDEX_NAME)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "files", "runs"} <= tables
    finally:
        conn.close()


def test_index_records_articles_failures_and_runs(done: tuple[Path, Path]) -> None:
    src, out = done
    with Index.open(out) as index:
        summary = index.summary()
        ok = index.get("article-01")
    assert summary.counts == StatusCounts(ok=3, skipped=0, failed=1)
    assert summary.failures[0].source == str(src / "empty.txt")
    assert "[E102]" in (summary.failures[0].reason or "")
    assert summary.last_run is not None and summary.last_run.status == "done"
    assert (summary.last_run.processed, summary.last_run.failed) == (3, 1)
    assert ok is not None and ok.source == str(src / "article-01.txt")
    assert ok.outputs == ("article-01.json", "article-01.md") and len(ok.sha256 or "") == 64


def test_index_rebuilt_when_deleted(done: tuple[Path, Path]) -> None:
    src, out = done
    before = _rows(out)
    (out / INDEX_NAME).unlink()
    with Index.open(out) as index:
        assert index.rebuilt
    assert _rows(out) == before
    report = run_batch([src], out, settings())
    assert report.count("skipped") == 3 and report.count("ok") == 0


def test_index_rebuilt_when_damaged(done: tuple[Path, Path]) -> None:
    src, out = done
    before = _rows(out)
    for extra in ("-wal", "-shm"):
        Path(f"{out / INDEX_NAME}{extra}").unlink(missing_ok=True)
    (out / INDEX_NAME).write_bytes(b"this is not a database" * 100)
    assert _rows(out) == before
    assert run_batch([src], out, settings()).count("skipped") == 3


def test_index_rebuilt_when_schema_version_differs(done: tuple[Path, Path]) -> None:
    _, out = done
    before = _rows(out)
    conn = sqlite3.connect(out / INDEX_NAME)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    assert _rows(out) == before


def test_index_rebuild_ignores_files_that_are_not_analyses(done: tuple[Path, Path]) -> None:
    _, out = done
    (out / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    (out / "broken.json").write_text("{", encoding="utf-8")
    (out / INDEX_NAME).unlink()
    with Index.open(out) as index:
        assert index.get("notes") is None and index.get("broken") is None
        assert index.summary().counts.ok == 3


def test_index_marks_up_to_date_articles_skipped(done: tuple[Path, Path]) -> None:
    src, out = done
    run_batch([src], out, settings())
    with Index.open(out) as index:
        summary = index.summary()
    assert summary.counts == StatusCounts(ok=0, skipped=3, failed=1)
    assert summary.runs == 2
    assert summary.last_run is not None and (summary.last_run.processed, summary.last_run.skipped) == (0, 3)


def test_index_batch_status_is_typed_and_reports_a_killed_run_interrupted(done: tuple[Path, Path]) -> None:
    _, out = done
    with Index.open(out) as index:
        index.start_run(settings_hash="x", version="0")  # as a run killed before it finished leaves it
    status = batch_status(out)
    assert isinstance(status, BatchStatus)
    assert status.last_run is not None and status.last_run.status == "interrupted" and status.last_run.finished is None
    assert status.runs == 2 and status.articles == 4 and not status.rebuilt
    data = status.to_dict()
    assert list(data) == ["out_dir", "index", "articles", "counts", "failures", "runs", "last_run", "rebuilt"]
    assert data["counts"] == {"ok": 3, "skipped": 0, "failed": 1}
    assert list(data["failures"][0]) == ["id", "source", "reason", "updated"]
    assert list(data["last_run"]) == ["id", "started", "finished", "pid", "status", "processed", "skipped", "failed"]
    assert from_dict(BatchStatus, json.loads(json.dumps(data))) == status


def test_index_rebuild_keeps_other_tables_in_the_file(tmp_path):
    """An index of another schema version is rebuilt by dropping its own tables only: the
    review decisions kept in the same SQLite file survive."""
    import sqlite3

    out = tmp_path / "out"
    out.mkdir()
    conn = sqlite3.connect(out / INDEX_NAME)
    with conn:
        conn.execute("CREATE TABLE review_decisions (key TEXT)")
        conn.execute("INSERT INTO review_decisions VALUES ('k1')")
        conn.execute("CREATE TABLE articles (x TEXT)")
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    index = Index.open(out)
    assert index.rebuilt
    index.close()
    conn = sqlite3.connect(out / INDEX_NAME)
    assert conn.execute("SELECT key FROM review_decisions").fetchall() == [("k1",)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
