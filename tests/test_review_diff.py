"""Reviewing flags (decisions persist across runs) and diffing analyses."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import main
from pipeline.review import flag_key, iter_flags, load_reviews

ARTICLE = (
    "City Council Approves Budget\n"
    "The city council approved a budget of $4 million on Tuesday. "
    "The plan is a crucial and remarkable step for the district, critics say. "
    "It funds three new schools and a library. "
    "The mayor said construction may begin in March.\n"
)


@pytest.fixture
def analysed(tmp_path, nlp):
    src = tmp_path / "budget.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    report = pipeline.run_batch([src], out, pipeline.Settings())
    assert report.count("ok") == 1
    return src, out, out / "budget.json"


def test_review_keys_are_stable_across_runs(analysed, nlp):
    src, out, json_path = analysed
    a = pipeline.load_analysis(json_path)
    b = pipeline.analyse(src.read_text(encoding="utf-8"), source=str(src))
    assert [k for _, _, k in iter_flags(a)] == [k for _, _, k in iter_flags(b)]


def test_review_dismissed_flag_persists_and_is_marked(analysed, nlp):
    src, out, json_path = analysed
    a = pipeline.load_analysis(json_path)
    s, f, key = next(iter_flags(a))
    refreshed = pipeline.api.review(json_path, {key: "dismissed"})
    assert load_reviews(out, a.article.id)[key]["decision"] == "dismissed"
    marked = [fl for sent in refreshed.sentences for fl in sent.flags if flag_key(sent, fl) == key]
    assert marked and marked[0].review == "dismissed"
    # a fresh batch run over a changed article keeps the decision
    src.write_text("Preface added here.\n" + ARTICLE, encoding="utf-8")
    pipeline.run_batch([src], out, pipeline.Settings(), force=True)
    again = pipeline.load_analysis(json_path)
    reviews = {flag_key(se, fl): fl.review for se, fl, _ in iter_flags(again)}
    assert reviews[key] == "dismissed"
    pipeline.validate(json.loads(json_path.read_text(encoding="utf-8")))


def test_review_unknown_key_is_an_error(analysed):
    _, _, json_path = analysed
    with pytest.raises(pipeline.PipelineError) as info:
        pipeline.api.review(json_path, {"nope": "dismissed"})
    assert info.value.code == "E206"


def test_review_cli_list_and_interactive(analysed):
    _, out, json_path = analysed
    runner = CliRunner()
    listed = runner.invoke(main, ["review", str(json_path), "--list"])
    assert listed.exit_code == 0, listed.stderr
    keys = [ln.split()[0] for ln in listed.stdout.splitlines()]
    assert keys
    result = runner.invoke(main, ["review", str(json_path), "--keys", "d" + "s" * (len(keys) - 1)])
    assert result.exit_code == 0, result.stderr
    assert "1 dismissed" in result.stdout
    assert load_reviews(out, "budget")[keys[0]]["decision"] == "dismissed"


def test_diff_two_versions_of_an_article(tmp_path, nlp):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text(ARTICLE.replace("$4 million", "$5 million") + "The library opens in 2026.\n", encoding="utf-8")
    d = pipeline.api.diff(a, b)
    assert d.sentences_added == 1 and d.sentences_changed == 1
    assert not d.same_input
    result = CliRunner().invoke(main, ["diff", str(a), str(b), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sentences_added"] == 1


def test_diff_same_article_has_no_changes(analysed):
    _, _, json_path = analysed
    d = pipeline.api.diff(json_path, json_path)
    assert d.same_input and d.same_settings
    assert (d.sentences_added, d.sentences_removed, d.sentences_changed) == (0, 0, 0)
