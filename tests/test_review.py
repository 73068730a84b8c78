"""Reviewing flags: the store, carried-over and orphaned decisions, suppressions, export, the terminal loop."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import main
from pipeline.config import BatchSettings, Settings
from pipeline.parse import parse_text
from pipeline.review import flag_key, iter_flags, load_reviews
from pipeline.review.store import legacy_key

SENTENCE = "The plan is a crucial and remarkable step for the district, critics say."
ARTICLE = (
    "City Council Approves Budget\n"
    "The city council approved a budget of $4 million on Tuesday. "
    f"{SENTENCE} "
    "It funds three new schools and a library. "
    "The mayor said construction may begin in March.\n"
)
SETTINGS = Settings(batch=BatchSettings(jobs=1))


def _run(src, out):
    report = pipeline.run_batch([src], out, SETTINGS)
    assert report.count("failed") == 0
    return out / f"{src.stem}.json"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, nlp):
    base = tmp_path_factory.mktemp("review")
    (base / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(base)  # relative paths, so that a copy of the folder is the same project
    try:
        _run(Path("budget.txt"), Path("out"))
    finally:
        os.chdir(cwd)
    return base


@pytest.fixture
def analysed(pristine, tmp_path, monkeypatch):
    """A fresh copy of an analysed article: (source, out_dir, json_path); cwd is tmp_path."""
    shutil.copytree(pristine, tmp_path / "w")
    monkeypatch.chdir(tmp_path / "w")
    return Path("budget.txt"), Path("out"), Path("out") / "budget.json"


def _keys(json_path):
    return {f.cue: k for _, f, k in iter_flags(pipeline.load_analysis(json_path))}


def _reviews(json_path):
    return {f.cue: (f.review, f.carried_over) for _, f, _ in iter_flags(pipeline.load_analysis(json_path))}


def test_review_flags_start_pending_and_schema_validates(analysed):
    _, _, json_path = analysed
    data = json.loads(json_path.read_text(encoding="utf-8"))
    pipeline.validate(data)
    flags = [f for s in data["sentences"] for f in s["flags"]]
    assert flags and {f["review"] for f in flags} == {"pending"}
    assert not any(f["carried_over"] for f in flags)


def test_review_dismissed_flag_leaves_score_stats_and_summary(analysed):
    _, out, json_path = analysed
    before = pipeline.load_analysis(json_path)
    keys = _keys(json_path)
    after = pipeline.api.review(
        json_path, {keys["crucial"]: "dismissed", keys["remarkable"]: "dismissed", keys["critics say"]: "dismissed"}
    )
    s = next(s for s in after.sentences if s.text == SENTENCE)
    assert {f.review for f in s.flags} == {"dismissed"}
    assert not s.subjective and s.score < next(x for x in before.sentences if x.text == SENTENCE).score
    assert after.stats.flags["opinion"] == 0 and after.stats.dismissed_flags == 3
    assert s.id in after.summary.sentence_ids  # no longer kept out of the summary
    assert "**crucial**" not in (out / "budget.md").read_text(encoding="utf-8")
    # the refresh (no source read) writes what a full analysis with the same decisions writes
    nlp = _nlp()
    doc = parse_text(before.article.text, nlp)
    full = pipeline.api.analyse_parsed(before.article, doc, settings=Settings(), reviews=load_reviews(out, "budget"))
    assert full.sentences == after.sentences and full.summary == after.summary and full.stats == after.stats


def _nlp():
    from pipeline.nlp import load_model

    return load_model(None)


def test_review_store_records_reviewer_and_time(analysed):
    _, out, json_path = analysed
    key = _keys(json_path)["may"]
    pipeline.api.review(json_path, {key: "accepted"}, reviewer="alice")
    rec = load_reviews(out, "budget")[key]
    assert rec["decision"] == "accepted" and rec["reviewer"] == "alice" and rec["decided"].endswith("+00:00")
    assert rec["rule"] == "hedge:may" and rec["sentence"].startswith("The mayor said")
    # the index's own tables are still there, untouched
    with sqlite3.connect(out / ".pipeline-index.sqlite") as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "runs", "review_decisions", "review_log"} <= names
    assert pipeline.api.batch_status(out).articles == 1


def test_review_unknown_key_is_an_error(analysed):
    _, _, json_path = analysed
    with pytest.raises(pipeline.PipelineError) as info:
        pipeline.api.review(json_path, {"nope": "dismissed"})
    assert info.value.code == "E206"


def test_review_migrates_old_json_files_once(analysed):
    _, out, json_path = analysed
    a = pipeline.load_analysis(json_path)
    s, f = next((s, f) for s in a.sentences for f in s.flags if f.cue == "remarkable")
    legacy = {
        "version": 1,
        "article_id": "budget",
        "decisions": {
            legacy_key(s, f): {
                "decision": "dismissed",
                "category": f.category,
                "cue": f.cue,
                "sentence": s.text,
                "time": "2024-01-02T03:04:05+00:00",
            },
            "0123456789": {
                "decision": "accepted",
                "category": "hedge",
                "cue": "might",
                "sentence": "A sentence long gone might be.",
                "time": "x",
            },
        },
    }
    (out / "reviews").mkdir()
    (out / "reviews" / "budget.json").write_text(json.dumps(legacy), encoding="utf-8")
    # before migration, a run already sees the old decisions
    assert any(r["decision"] == "dismissed" for r in load_reviews(out, "budget").values())
    with pipeline.api.open_review(out_dir=out) as session:
        items = {it.flag.cue: it.flag for it in session.items(status=None)}
        assert items["remarkable"].status == "dismissed" and not items["remarkable"].carried_over
        assert items["remarkable"].reviewer == "migrated" and items["remarkable"].decided == "2024-01-02T03:04:05+00:00"
        assert [o["cue"] for o in session.orphans()] == ["might"]
    assert not (out / "reviews").exists() and (out / "reviews.migrated" / "budget.json").is_file()
    with pipeline.api.open_review(out_dir=out) as session:  # nothing migrated twice
        assert len(session.store.decisions("budget")) == 2


def test_review_decision_carried_over_to_the_edited_sentence(analysed):
    src, out, json_path = analysed
    keys = _keys(json_path)
    pipeline.api.review(json_path, {keys["remarkable"]: "dismissed", keys["may"]: "accepted"})
    # the flagged sentence is edited, another paragraph added: re-run
    src.write_text("Preface added here.\n" + ARTICLE.replace("for the district", "for the whole district"), encoding="utf-8")
    _run(src, out)
    reviews = _reviews(json_path)
    assert reviews["remarkable"] == ("dismissed", True)
    assert reviews["may"] == ("accepted", False)  # unchanged sentence: same key
    assert reviews["crucial"] == ("pending", False)
    result = CliRunner().invoke(main, ["review", "-o", str(out), "--list", "--status", "dismissed"])
    assert result.exit_code == 0, result.stderr
    assert "dismissed*" in result.stdout and "whole district" in result.stdout
    # deciding on the carried-over flag replaces the old decision
    with pipeline.api.open_review(out_dir=out) as session:
        item = next(it for it in session.items(status=None) if it.flag.cue == "remarkable")
        session.decide([("budget", item.flag.key, "accepted")])
        assert set(session.store.decisions("budget")) == {item.flag.key, keys["may"]}
        assert not session.orphans()


def test_review_orphans_listed_when_the_sentence_is_gone(analysed):
    src, out, json_path = analysed
    keys = _keys(json_path)
    pipeline.api.review(json_path, {keys["crucial"]: "dismissed"})
    src.write_text(ARTICLE.replace(SENTENCE + " ", ""), encoding="utf-8")
    _run(src, out)
    assert "crucial" not in _reviews(json_path)
    result = CliRunner().invoke(main, ["review", "-o", str(out), "--orphans"])
    assert result.exit_code == 0, result.stderr
    assert keys["crucial"] in result.stdout and "sentence gone" in result.stdout
    assert "1 orphaned decision" in result.stderr
    as_json = CliRunner().invoke(main, ["review", "-o", str(out), "--orphans", "--format", "json"])
    assert [o["cue"] for o in json.loads(as_json.stdout)] == ["crucial"]


def test_review_suppression_added_listed_and_undone(analysed, tmp_path):
    src, out, json_path = analysed
    config = src.parent / "pipeline.toml"
    config.write_text("# my settings\n[summary]\nsentences = 3\n", encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(main, ["review", "--dismiss-everywhere", "hedge:may"])
    assert added.exit_code == 0, added.stderr
    assert "now dismissed everywhere" in added.stdout
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# my settings\n[summary]\nsentences = 3\n") and 'suppress = ["hedge:may"]' in text
    runner.invoke(main, ["review", "--dismiss-everywhere", "Remarkable"])
    listed = runner.invoke(main, ["review", "--suppressions"])
    assert listed.stdout.splitlines()[:2] == ["hedge:may", "Remarkable"]
    assert "--unsuppress" in listed.stdout
    # the queue sees it at once; a run applies it to the outputs
    with pipeline.api.open_review(out_dir=out, settings=pipeline.load_settings()) as session:
        flags = {it.flag.cue: it.flag for it in session.items(status=None)}
    assert flags["may"].status == "dismissed" and flags["may"].suppressed
    assert flags["remarkable"].status == "dismissed"
    pipeline.run_batch([src], out, pipeline.load_settings(overrides={"batch.jobs": 1}))
    assert _reviews(json_path)["may"] == ("dismissed", False)
    removed = runner.invoke(main, ["review", "--unsuppress", "hedge:may"])
    assert removed.exit_code == 0 and "no longer dismissed" in removed.stdout
    assert pipeline.load_settings().review.suppress == ("Remarkable",)


def test_review_export_is_read_by_eval_flags(analysed, tmp_path):
    from pipeline.evaluation.flags import read_labelled

    _, out, json_path = analysed
    keys = _keys(json_path)
    pipeline.api.review(json_path, {keys["crucial"]: "accepted", keys["may"]: "dismissed"})
    target = tmp_path / "reviewed.tsv"
    result = CliRunner().invoke(main, ["review", "-o", str(out), "--export", str(target)])
    assert result.exit_code == 0, result.stderr
    rows = read_labelled(target)
    assert [(r[1], r[2]) for r in rows] == [(SENTENCE, "SUBJ"), ("The mayor said construction may begin in March.", "OBJ")]
    assert rows[0][0] == "budget/s0002"


def test_review_train_flags_takes_extra_data(tmp_path, nlp):
    from pipeline import train_flags

    data = tmp_path / "data"
    data.mkdir()
    subj = [
        "This is a disgraceful and shameful decision.",
        "Critics say the plan is clearly a disaster.",
        "It is surely the worst idea ever.",
    ]
    obj = ["The council met on Tuesday.", "The budget is $4 million.", "Schools open in March."]
    rows = [(f"t{i}", t, "SUBJ") for i, t in enumerate(subj * 2)] + [(f"o{i}", t, "OBJ") for i, t in enumerate(obj * 2)]
    for name in ("train.tsv", "dev.tsv"):
        (data / name).write_text("sentence_id\tsentence\tlabel\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    extra = tmp_path / "reviewed.tsv"
    extra.write_text(
        "sentence_id\tsentence\tlabel\tarticle_id\treviewer\tcues\nb/s1\tThey may win.\tOBJ\tb\talice\thedge:may=dismissed\n",
        encoding="utf-8",
    )
    out = tmp_path / "w.json"
    assert train_flags.main(["--data", str(data), "--extra", str(extra), "--out", str(out)]) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["training"]["sentences"] == 25 and model["training"]["extra"] == {str(extra): 1}


def test_review_cli_loop_scripted_keys_accept_dismiss_undo_quit_resume(analysed):
    _, out, json_path = analysed
    runner = CliRunner()
    listed = runner.invoke(main, ["review", "-o", str(out), "--list"])
    order = [ln.split()[0] for ln in listed.stdout.splitlines()]
    assert len(order) == 4
    # accept the first, dismiss the second, undo that, dismiss it again, quit
    result = runner.invoke(main, ["review", "budget", "-o", str(out), "--keys", "a d u d q", "--reviewer", "bob"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("[2/4]") == 2 and result.stdout.count("[3/4]") == 2  # undo goes back to [2/4]
    assert f"undone: {order[1]}" in result.stdout
    assert "Saved 1 accepted, 2 dismissed, 1 undone; 2 pending left in 1 articles" in result.stdout
    recorded = load_reviews(out, "budget")
    assert {k: r["decision"] for k, r in recorded.items()} == {order[0]: "accepted", order[1]: "dismissed"}
    assert {r["reviewer"] for r in recorded.values()} == {"bob"}
    # resume: only the pending flags come back; keys from standard input
    again = runner.invoke(main, ["review", str(json_path), "--keys", "-"], input="s\nd\n")
    assert again.exit_code == 0, again.stderr
    assert "[1/2]" in again.stdout and "[2/2]" in again.stdout and "1 pending left" in again.stdout
    assert load_reviews(out, "budget")[order[3]]["decision"] == "dismissed"
    # the outputs were refreshed: the dismissed flags are marked
    marked = {k: f.review for s in pipeline.load_analysis(json_path).sentences for f in s.flags for k in [flag_key(s, f)]}
    assert marked[order[1]] == "dismissed" and marked[order[0]] == "accepted" and marked[order[2]] == "pending"
    bad = runner.invoke(main, ["review", "-o", str(out), "--keys", "x"])
    assert bad.exit_code == 2 and "E214" in bad.stderr


def test_review_cli_refuses_without_a_terminal(analysed):
    _, out, _ = analysed
    result = CliRunner().invoke(main, ["review", "-o", str(out)], input="")
    assert result.exit_code == 2
    assert "[E210]" in result.stderr and "--keys" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_review_cli_list_formats_show_the_sentence(analysed, fmt):
    _, out, json_path = analysed
    result = CliRunner().invoke(main, ["review", str(json_path), "--list", "--format", fmt, "--category", "opinion"])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        rows = json.loads(result.stdout)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    else:
        rows = [{"key": ln.split()[0], "sentence": ln} for ln in result.stdout.splitlines()]
    assert len(rows) == 2 and all(SENTENCE in r["sentence"] for r in rows)
    if fmt != "text":
        assert {r["cue"] for r in rows} == {"crucial", "remarkable"} and {r["status"] for r in rows} == {"pending"}


def test_review_cli_accept_and_dismiss_keys(analysed):
    _, out, json_path = analysed
    keys = _keys(json_path)
    result = CliRunner().invoke(main, ["review", "-o", str(out), "--accept", keys["may"], "--dismiss", keys["crucial"]])
    assert result.exit_code == 0, result.stderr
    assert "Saved 1 accepted, 1 dismissed, 0 cleared" in result.stdout
    assert _reviews(json_path)["crucial"] == ("dismissed", False)
    unknown = CliRunner().invoke(main, ["review", "-o", str(out), "--dismiss", "feedfacecafe"])
    assert unknown.exit_code == 1 and "[E206]" in unknown.stderr


def test_review_web_refuses_a_remote_host_and_posts_without_token(analysed):
    from pipeline.review.web import start_in_thread

    _, out, _ = analysed
    remote = CliRunner().invoke(main, ["review", "-o", str(out), "--web", "--host", "0.0.0.0"])
    assert remote.exit_code == 1 and "[E211]" in remote.stderr
    with pipeline.api.open_review(out_dir=out) as session:
        url, server, thread = start_in_thread(session)
        try:
            page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
            token = page.split('name="review-token" content="', 1)[1].split('"', 1)[0]
            state = json.loads(urllib.request.urlopen(url + "api/state?status=pending", timeout=10).read())
            item = state["items"][0]
            body = json.dumps({"article_id": item["article_id"], "key": item["key"], "decision": "dismissed"}).encode()
            for headers in ({}, {"X-Review-Token": "forged"}):
                req = urllib.request.Request(url + "api/decide", data=body, headers={"Content-Type": "application/json", **headers})
                with pytest.raises(urllib.error.HTTPError) as info:
                    urllib.request.urlopen(req, timeout=10)
                assert info.value.code == 403
            assert not session.store.decisions("budget")
            req = urllib.request.Request(
                url + "api/decide", data=body, headers={"Content-Type": "application/json", "X-Review-Token": token}
            )
            assert json.loads(urllib.request.urlopen(req, timeout=30).read())["ok"]
            assert session.store.decisions("budget")[item["key"]]["decision"] == "dismissed"
            rebinding = urllib.request.Request(url, headers={"Host": "evil.example"})
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(rebinding, timeout=10)
            assert info.value.code == 400
        finally:
            server.should_exit = True
            thread.join(10)
