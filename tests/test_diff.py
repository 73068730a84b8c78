"""Diff of substance: the sample article against an edited copy, in text, Markdown and JSON.

The edited copy has a paragraph inserted, a figure changed, a hedge added, a
quote removed and a sentence reworded. The whole expected diff is pinned in
tests/golden/diff/ (regenerate with ``pytest tests/test_diff.py --update-golden``
and review the change in git); the tests below also name each expected change.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import pipeline
from pipeline.api import analysis_json
from pipeline.cli import main
from pipeline.config import Settings, load_settings, settings_hash
from pipeline.diff import diff_analyses, format_amount, render_json, word_diff

#: (old, new): each occurs once in the sample article.
EDITS = (
    ("about $100 million annually", "about $70 million annually"),  # a figure changed
    (
        "This victory, achieved through a democratic process, gave",
        "This victory, achieved through a democratic process, arguably gave",  # a hedge added
    ),
    (
        "Iran has remained a key patron of Hamas, providing them with funds",
        "Iran has remained a key patron of Hamas, supplying them with funds",  # a key point reworded
    ),
    (  # a quote removed
        " As Robert Finer, a former US State Department official, stated, “What we can be quite clear about is that Iran is broadly"
        " complicit in these attacks for having supporting Hamas going back decades.”",
        "",
    ),
    (  # a paragraph inserted
        "The political impasse quickly escalated into a violent power struggle.",
        "In 2021, Hamas and Israel fought an eleven-day war, and Tehran openly praised the group's rocket fire. "
        "Qatar, meanwhile, paid the salaries of civil servants in Gaza.\n"
        "The political impasse quickly escalated into a violent power struggle.",
    ),
)


def edit(text: str) -> str:
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def pair(tmp_path_factory, sample_text):
    """A folder with ``a.json`` (the sample), ``b.json`` (the edited copy) and ``b.txt``."""
    folder = tmp_path_factory.mktemp("diff")
    a = pipeline.analyse(sample_text, source="inputs/iran-hamas-connection.txt")
    b = pipeline.analyse(edit(sample_text), source="edited/iran-hamas-connection.txt")
    (folder / "a.json").write_text(analysis_json(a), encoding="utf-8")
    (folder / "b.json").write_text(analysis_json(b), encoding="utf-8")
    (folder / "b.txt").write_text(edit(sample_text), encoding="utf-8")
    return folder, a, b


def _invoke(folder: Path, args: list[str], **kwargs):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, args, **kwargs)
    finally:
        os.chdir(cwd)


def test_diff_edited_sample_finds_each_edit(pair):
    _, a, b = pair
    d = diff_analyses(a, b)
    assert d.same_article and not d.same_input and d.same_settings and d.has_differences
    assert (d.text.added, d.text.removed, d.text.reworded) == (2, 1, 3)  # the paragraph, the quote, three edited sentences
    # the figure, as one change with the amounts in full
    (fig,) = d.figures
    assert fig.change == "changed" and (fig.before.amount, fig.after.amount) == (100_000_000, 70_000_000)
    # the hedge, with its sentence
    assert [(f.change, f.category, f.cue) for f in d.flags if f.category == "hedge"] == [("added", "hedge", "arguably")]
    # the quote, with its speaker
    (quote,) = [q for q in d.quotes if q.kind == "quote"]
    assert (quote.change, quote.speaker_before) == ("removed", "Robert Finer")
    # the reworded sentence, word by word
    reworded = next(p for p in d.points if p.before_id == "s0032")
    assert [(w.op, w.text) for w in reworded.words if w.op != "equal"][:2] == [("delete", "providing"), ("insert", "supplying")]
    # the inserted paragraph
    assert {("added", "2021")} <= {(x.change, x.after.text) for x in d.dates if x.after}
    assert ("added", "Qatar") in {(e.change, e.name) for e in d.entities}


@pytest.mark.parametrize("fmt, suffix", [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_diff_edited_sample_golden(pair, golden, fmt, suffix):
    folder, _, _ = pair
    result = _invoke(folder, ["diff", "a.json", "b.json", "--format", fmt])
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        jsonschema.validate(data, json.loads(resources.files("pipeline").joinpath("schema/diff.schema.json").read_text(encoding="utf-8")))
        for side in ("a", "b"):  # pipeline version and hashes would churn the golden file
            data[side] = {k: data[side][k] for k in ("label", "id", "source", "title")}
        out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        assert "\x1b[" not in out  # plain when piped
    golden(f"diff/sample-edited.{suffix}", out)


def test_diff_text_is_coloured_on_a_terminal(pair):
    folder, _, _ = pair
    result = _invoke(folder, ["diff", "a.json", "b.json"], color=True)
    assert result.exit_code == 1
    assert "\x1b[31m[-about $100 million annually-]" in result.stdout


def test_diff_json_schema_validates_every_variant(pair):
    _, a, b = pair
    schema = json.loads(resources.files("pipeline").joinpath("schema/diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for d in (diff_analyses(a, b, complete=True), diff_analyses(a, a), diff_analyses(a, b, sections=["flags"])):
        jsonschema.validate(json.loads(render_json(d)), schema)


def test_diff_article_against_itself_is_exit_0(pair):
    folder, _, _ = pair
    result = _invoke(folder, ["diff", "a.json", "a.json"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("no differences in substance")
    data = json.loads(_invoke(folder, ["diff", "a.json", "a.json", "--format", "json"]).stdout)
    assert data["has_differences"] is False and data["points"] == data["flags"] == []


def test_diff_article_file_is_analysed_on_the_fly(pair):
    folder, _, _ = pair
    result = _invoke(folder, ["diff", "a.json", "b.txt", "--only", "figures"])
    assert result.exit_code == 1, result.stderr
    assert "(100,000,000 USD → 70,000,000 USD)" in result.stdout
    assert "Key points" not in result.stdout and "Flags" not in result.stdout
    assert result.stdout.rstrip().endswith("changed: 1 figure")


def test_diff_future_schema_version_is_exit_2(pair, tmp_path):
    folder, _, _ = pair
    data = json.loads((folder / "a.json").read_text(encoding="utf-8"))
    data["schema_version"] = "9.0"
    (tmp_path / "future.json").write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "future.json"), str(folder / "a.json")])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "[E801]" in lines[0] and "'9.0'" in lines[0] and "future.json" in lines[0]


@pytest.mark.parametrize(
    "args, code",
    [
        (["diff", "a.json", "a.json", "--only", "figures,nonsense"], "E805"),
        (["diff", "no-such-article", "a.json"], "E802"),
        (["diff", "a"], "E802"),
    ],
)
def test_diff_usage_errors_are_exit_2(pair, args, code):
    folder, _, _ = pair
    result = _invoke(folder, args)
    assert result.exit_code == 2
    assert f"[{code}]" in result.stderr


def test_diff_thresholds_and_all(pair):
    _, a, b = pair
    d, full = diff_analyses(a, b), diff_analyses(a, b, complete=True)
    assert not [e for e in d.entities if e.change == "count"]  # Iran 54 -> 53 is below the threshold of 2
    assert ("count", "Iran") in {(e.change, e.name) for e in full.entities}
    assert {p.part for p in full.points} == {"key_point", "sentence"}  # --all lists every sentence changed


def test_diff_settings_do_not_change_the_settings_hash():
    changed = load_settings(None, {"diff.entity_count_change": 5, "diff.reword_similarity": 0.8}, cwd="/nonexistent")
    assert changed.diff.entity_count_change == 5
    assert settings_hash(changed) == settings_hash(Settings())
    with pytest.raises(pipeline.PipelineError) as info:
        load_settings(None, {"diff.reword_similarity": 1.5}, cwd="/nonexistent")
    assert info.value.code == "E004"


def test_diff_two_different_articles_say_so(pair):
    _, a, _ = pair
    other = pipeline.analyse(
        "Council Approves Budget\nThe city council approved a budget of $4 million on Tuesday, "
        "the mayor said. “It is a good day for the district,” said Ana Ruiz, the council's chair.\n",
        source="other.txt",
    )
    d = diff_analyses(a, other)
    assert not d.same_article
    assert d.only_a is not None and d.only_b is not None
    assert "about $100 million annually" in d.only_a.figures and "$4 million" in d.only_b.figures
    assert any("Robert Finer" in q for q in d.only_a.quotes)
    text = pipeline.api.render_diff(d)
    assert "different articles" in text.splitlines()[2]
    assert "Only in A: figures: about $100 million annually" in text


def test_diff_id_from_history_after_two_runs(tmp_path, sample_text):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    article = inputs / "iran-hamas-connection.txt"
    article.write_text(sample_text, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(inputs), "-o", str(out), "--jobs", "1", "-q"])
    assert first.exit_code == 0, first.stderr
    article.write_text(edit(sample_text), encoding="utf-8")
    second = runner.invoke(main, ["run", str(inputs), "-o", str(out), "--jobs", "1", "-q"])
    assert second.exit_code == 0, second.stderr
    (kept,) = (out / "history" / "iran-hamas-connection").glob("*.json")

    result = runner.invoke(main, ["diff", "iran-hamas-connection", "-o", str(out)])
    assert result.exit_code == 1, result.stderr
    assert f"iran-hamas-connection@{kept.stem}" in result.stdout.splitlines()[0]
    assert "(100,000,000 USD → 70,000,000 USD)" in result.stdout
    assert "quote by Robert Finer removed" in result.stdout

    same = runner.invoke(
        main, ["diff", f"iran-hamas-connection@{kept.stem[:8]}", "iran-hamas-connection", "-o", str(out), "--format", "json"]
    )
    assert same.exit_code == 1, same.stderr
    assert (
        json.loads(same.stdout)["counts"]
        == json.loads(runner.invoke(main, ["diff", "iran-hamas-connection", "-o", str(out), "--format", "json"]).stdout)["counts"]
    )

    listed = runner.invoke(main, ["diff", "iran-hamas-connection", "-o", str(out), "--history"])
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "iran-hamas-connection: 2 versions, oldest first"
    assert lines[1].split()[0] == kept.stem and "first kept version: 2,303 words" in lines[1]
    assert "latest" in lines[2] and "changed:" in lines[2] and "1 figure" in lines[2]


def test_diff_history_needs_an_earlier_version(pair, tmp_path):
    folder, _, _ = pair
    (tmp_path / "iran-hamas-connection.json").write_bytes((folder / "a.json").read_bytes())
    result = CliRunner().invoke(main, ["diff", "iran-hamas-connection", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "[E803]" in result.stderr


@pytest.mark.parametrize(
    "amount, unit, text",
    [
        (2.1e8, "USD", "210,000,000 USD"),
        (100_000_000.0, "USD", "100,000,000 USD"),
        (12.5, "%", "12.5%"),
        (3.0, None, "3"),
        (None, "USD", "?"),
    ],
)
def test_diff_format_amount_never_uses_exponents(amount, unit, text):
    assert format_amount(amount, unit) == text


@pytest.mark.parametrize(
    "before, after",
    [("Iran pays $100 million a year.", "Iran pays $70 million a year."), ("A b c.", "A  c d."), ("", "New."), ("Same.", "Same.")],
)
def test_diff_word_diff_gives_both_texts_back(before, after):
    ops = word_diff(before, after)
    assert "".join(o.text for o in ops if o.op != "insert") == before
    assert "".join(o.text for o in ops if o.op != "delete") == after
