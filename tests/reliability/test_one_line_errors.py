"""Problems that used to end in a traceback (or in silent damage) give one line and the
documented exit status."""

from __future__ import annotations

import codecs
import sqlite3
from pathlib import Path

import pytest

import pipeline
import pipeline.api
from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.io import read_bytes, read_path

from .conftest import GOOD


def _one_error(result, code: str) -> str:
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.output + result.stderr
    errors = [ln for ln in lines if ln.startswith("error:")]
    assert len(errors) == 1 and f"[{code}]" in errors[0], result.stderr
    return errors[0]


def test_config_not_utf8_exits_2(tmp_path: Path, runner) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_bytes(b'[summary]\nsummarizer = "lex\xff"\n')
    result = runner.invoke(main, ["config", "--config", str(cfg)])
    assert result.exit_code == 2
    _one_error(result, "E010")


@pytest.mark.parametrize(
    ("toml", "code"),
    [
        ('[entities]\naliases = "missing-aliases.toml"\n', "E401"),
        ('[flags.add]\nnonsense = ["x"]\n', "E009"),
        ("[batch]\ntimeout = -1\n", "E004"),
    ],
)
def test_config_error_stops_the_run_once_before_any_article(tmp_path: Path, runner, toml: str, code: str) -> None:
    cfg = tmp_path / "p.toml"
    cfg.write_text(toml, encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    for n in range(3):
        (d / f"a{n}.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "--config", str(cfg)])
    assert result.exit_code == 2
    _one_error(result, code)
    assert not list((tmp_path / "out").glob("*.json")) if (tmp_path / "out").exists() else True


def test_bad_alias_file_contents_exit_2(tmp_path: Path, runner) -> None:
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[aliases]\n"UN" = 5\n', encoding="utf-8")
    cfg = tmp_path / "p.toml"
    cfg.write_text(f'[entities]\naliases = "{aliases}"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--config", str(cfg)])
    assert result.exit_code == 2
    _one_error(result, "E404")


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "digits"),
    ],
)
def test_summarise_and_diff_on_hostile_json(tmp_path: Path, runner, payload: bytes, detail: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(payload)
    for args, status in ((["summarise", str(path)], 1), (["diff", str(path), str(path)], 2)):  # diff: 2 is an error, as diff(1)
        result = runner.invoke(main, args)
        assert result.exit_code == status
        line = _one_error(result, "E105")
        assert detail in line


def test_lone_surrogate_in_json_is_replaced(tmp_path: Path, runner) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"title": "bad \\ud800 title", "text": "' + GOOD.replace("\n", "\\n") + ' \\udc00 end."}', encoding="utf-8")
    result = runner.invoke(main, ["summarise", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert "\ufffd" in result.output
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    pipeline.validate(__import__("json").loads((out / "x.json").read_text(encoding="utf-8")))


def test_utf8_with_a_stray_byte_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    text = "Le café est ouvert. Zoë and Renée met in Zürich on Monday.\n\nThe plan was approved.\n"
    data = text.encode("utf-8").replace(b"Monday", b"Mon\x92day")
    (raw,) = read_bytes(data, source="x.txt", format="txt")
    assert raw.encoding == "utf-8" and "café" in raw.text and "Mon\ufffdday" in raw.text
    assert raw.warnings and "U+FFFD" in raw.warnings[0]
    article = pipeline.api.prepare(raw, settings=pipeline.api.Settings())
    assert article.warnings and "not valid UTF-8" in article.warnings[0]


def test_cp1252_is_still_cp1252(tmp_path: Path) -> None:
    raw = read_bytes("Le café est ouvert. It rained.".encode("cp1252"), source="x.txt", format="txt")[0]
    assert raw.encoding == "cp1252" and "café" in raw.text and not raw.warnings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(GOOD.encode(codec))
    assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    (raw,), errors = read_path(path)
    assert raw.encoding == codec and raw.text == GOOD and not errors


def test_full_disk_on_the_index_is_one_line(tmp_path: Path, runner, monkeypatch) -> None:
    from pipeline.batch.index import Index

    def full(self, row, *, commit=True):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Index, "put", full)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert "disk is full" in _one_error(result, "E218")


def test_full_disk_on_outputs_is_one_line_per_article(tmp_path: Path, runner, monkeypatch) -> None:
    import pipeline.batch.worker as ex

    def full(analysis, out_dir):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex, "write_outputs", full)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert "No space left on device" in _one_error(result, "E202")


def test_status_keeps_every_error_of_a_file(tmp_path: Path, runner) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "x"\nnot json\n[1]\n', encoding="utf-8")
    result = runner.invoke(main, ["run", str(path), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    status = runner.invoke(main, ["status", str(tmp_path / "out")])
    failed = [ln for ln in status.output.splitlines() if ln.strip().startswith("failed:")]
    assert len(failed) == 3 and "line 1" in failed[0] and "line 2" in failed[1] and "line 3" in failed[2]


def test_max_chars_refuses_a_long_article(tmp_path: Path, runner) -> None:
    cfg = tmp_path / "p.toml"
    cfg.write_text("[ingest]\nmax_chars = 1000\n", encoding="utf-8")
    (tmp_path / "long.txt").write_text(GOOD * 20, encoding="utf-8")
    result = runner.invoke(main, ["summarise", str(tmp_path / "long.txt"), "--config", str(cfg)])
    assert result.exit_code == 1
    assert "over the limit of 1,000; raise [ingest] max_chars" in _one_error(result, "E119")


def test_file_over_the_read_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    import pipeline.io.read as read

    path = tmp_path / "big.txt"
    path.write_text(GOOD * 10, encoding="utf-8")
    with pytest.raises(PipelineError) as err:
        read.read_regular_file(path, limit=100)
    assert err.value.code == "E121"
