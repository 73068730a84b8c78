"""Damaged review files (an old ``reviews/<id>.json``): one line each, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.review.store import load_reviews, read_legacy

from .conftest import GOOD

BAD_FILES = {
    "decision_not_a_mapping": ('{"decisions": {"k": "accepted", "j": 5}}', "decision 'k' is not an object"),
    "decisions_a_list": ('{"decisions": ["accepted"]}', "'decisions' is not an object"),
    "not_an_object": ("[1, 2]", "not a JSON object"),
    "no_decisions": ("{}", "no 'decisions'"),
    "not_json": ("{", "Expecting"),
    "a_directory": (None, "is a directory"),
}


def _write(path: Path, text: str | None) -> None:
    if text is None:
        path.mkdir()
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("kind", BAD_FILES)
def test_review_damaged_legacy_file_is_one_coded_error(tmp_path: Path, kind: str) -> None:
    text, detail = BAD_FILES[kind]
    (tmp_path / "reviews").mkdir()
    path = tmp_path / "reviews" / "a.json"
    _write(path, text)
    for read in (lambda: read_legacy(path), lambda: load_reviews(tmp_path, "a")):
        with pytest.raises(PipelineError) as info:
            read()
        assert info.value.code == "E205" and detail in info.value.line()
        assert "\n" not in info.value.line()


def test_review_odd_fields_in_a_legacy_decision_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "reviews").mkdir()
    odd = {"k": {"decision": ["accepted"]}, "j": {"decision": "accepted", "note": {"a": 1}, "time": [2], "sentence": 3, "cue": None}}
    (tmp_path / "reviews" / "a.json").write_text(json.dumps({"decisions": odd}), encoding="utf-8")
    (found,) = load_reviews(tmp_path, "a").values()
    assert found["decision"] == "accepted" and found["sentence"] == "3"


@pytest.mark.parametrize("kind", ["decision_not_a_mapping", "a_directory", "not_an_object"])
def test_review_command_on_a_damaged_legacy_file_says_one_line(tmp_path: Path, runner, caplog, kind: str) -> None:
    """Opening the review store migrates ``reviews/*.json``: a damaged file is left
    where it was with one line, and the rest of the review goes on."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(tmp_path / "in"), "-o", str(out), "-q"]).exit_code == 0
    (out / "reviews").mkdir()
    _write(out / "reviews" / "a.json", BAD_FILES[kind][0])
    result = runner.invoke(main, ["review", "a", "-o", str(out), "--list"])
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == 0, result.stderr
    lines = [r.getMessage() for r in caplog.records if "E205" in r.getMessage()]  # a logged warning: stderr outside CliRunner
    assert len(lines) == 1 and BAD_FILES[kind][1] in lines[0] and "\n" not in lines[0], lines
    # An odd field in a good file is migrated without a traceback either.
    odd = {"j": {"decision": "dismissed", "note": [1], "time": {"t": 1}, "sentence": "x", "cue": "y", "category": "opinion"}}
    (out / "reviews").mkdir()
    (out / "reviews" / "a.json").write_text(json.dumps({"decisions": odd}), encoding="utf-8")
    result = runner.invoke(main, ["review", "-o", str(out), "--orphans"])
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == 0, result.stderr
