"""``pipeline run`` and ``pipeline status`` through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.batch import OutputLock
from pipeline.cli import main
from pipeline.cli.batch import _Progress
from tests.helpers import write_articles

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path, sample_text: str) -> Path:
    write_articles(tmp_path / "in", sample_text, 2)
    return tmp_path / "in"


def test_cli_run_processes_then_skips(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2 processed, 0 skipped, 0 failed")
    assert result.stderr == ""
    result = runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0
    assert result.stdout.startswith("0 processed, 2 skipped, 0 failed")
    result = runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1", "--force"])
    assert result.stdout.startswith("2 processed, 0 skipped, 0 failed")


def test_cli_run_bad_files_one_error_line_each_and_exit_1(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    result = runner.invoke(main, ["run", str(corpus), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert any(str(corpus / "empty.txt") in e and "[E102]" in e for e in errors)
    assert any(str(corpus / "binary.txt") in e for e in errors)
    assert result.stdout.startswith("2 processed, 0 skipped, 2 failed")
    assert (tmp_path / "out" / "article-00.json").exists() and (tmp_path / "out" / "article-01.md").exists()


def test_cli_run_quiet_prints_only_the_count(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["run", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("2 processed") and len(result.stderr.splitlines()) == 1


def test_cli_run_locked_directory_is_a_clear_error(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        result = runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1", "--wait", "0"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {out}: [E203]")


def test_cli_run_progress_lines_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    progress = _Progress(quiet=False, every=0)
    progress(1, 4)
    progress(4, 4)
    progress.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("1/4 files, ") and "/s, elapsed " in lines[0] and "ETA" in lines[0]
    assert lines[1].startswith("4/4 files")
    quiet = _Progress(quiet=True, every=0)
    quiet(1, 4)
    assert capsys.readouterr().err == ""


def test_cli_status_counts_failures_and_last_run(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1"])
    result = runner.invoke(main, ["status", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{out}: 3 articles: 2 ok, 0 skipped (up to date), 1 failed"
    assert lines[1].startswith(f"  failed: {corpus / 'empty.txt'}: [E102]")
    assert lines[2].startswith("last run #1 (done)") and "2 processed, 0 skipped, 1 failed" in lines[2]
    data = json.loads(runner.invoke(main, ["status", str(out), "--json"]).stdout)
    assert data["counts"] == {"ok": 2, "skipped": 0, "failed": 1}
    assert data["last_run"]["processed"] == 2


def test_cli_status_missing_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["status", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "[E111]" in result.stderr


@pytest.mark.parametrize("command", ["run", "status"])
def test_cli_run_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_cli_help_does_not_import_spacy() -> None:
    modules = _modules_after(
        "from pipeline.cli import main\n"
        "try:\n    main(['--help'], prog_name='pipeline')\nexcept SystemExit:\n    pass\n"
        "try:\n    main(['run', '--help'], prog_name='pipeline')\nexcept SystemExit:\n    pass\n"
    )
    assert "spacy" not in modules and "thinc" not in modules


def test_cli_noop_rerun_does_not_import_spacy(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1"]).exit_code == 0
    modules = _modules_after(
        "from pipeline.cli import main\n"
        f"try:\n    main(['run', {str(corpus)!r}, '-o', {str(out)!r}, '-q'], prog_name='pipeline')\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
    )
    assert "spacy" not in modules and "sumy" not in modules


def test_cli_status_rebuilds_a_deleted_index(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(main, ["run", str(corpus), "-o", str(out), "-j", "1"])
    for p in out.glob(".pipeline-index.sqlite*"):
        p.unlink()
    result = runner.invoke(main, ["status", str(out)])
    assert result.exit_code == 0
    assert "rebuilt from the outputs" in result.stderr
    assert result.stdout.startswith(f"{out}: 2 articles: 2 ok")


def test_cli_run_json_errors_say_where_in_one_phrase(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "half.json").write_text('{"title": "Half", "text": "The ferry', encoding="utf-8")
    (src / "wire.jsonl").write_text(
        '{"id": "a", "text": "The ferry left the harbour at noon on Monday, the port said."}\n{"id": "b", "text": 5 6}\n', encoding="utf-8"
    )
    result = runner.invoke(main, ["run", str(src), "-o", str(tmp_path / "out"), "-j", "1", "-q"])
    assert result.exit_code == 1
    lines = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert f"error: {src / 'half.json'}: [E105] not valid JSON: Unterminated string starting at line 1, column 27" in lines
    assert f"error: {src / 'wire.jsonl'}: [E106] line 2: not valid JSON: Expecting ',' delimiter at column 23" in lines
    assert "1 processed" in result.stderr + result.stdout
