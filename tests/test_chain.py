"""The chain: one declared order of stages, what each reads and adds, the result key."""

from __future__ import annotations

import shutil

import pytest

from pipeline import api, chain
from pipeline.config import Settings
from pipeline.state import State


def test_chain_stages_declare_what_they_read_and_add():
    names = chain.stage_names()
    assert names[0] == "normalise" and names[-1] == "summarise"
    available = {"raw", "reviews", "used_ids"}
    for fn in chain.STAGES:
        missing = [r for r in fn.reads if r not in available]
        assert not missing, f"{fn.__name__} reads {missing} before any stage adds it"
        available |= set(fn.adds)
    assert api.STAGES is chain.STAGES


def test_chain_run_up_to_a_stage_loads_no_model(sample_path):
    raws, _ = api.read_input(sample_path)
    pipeline = chain.Pipeline.from_settings(Settings())
    state = pipeline.run(State(raw=raws[0]), upto="normalise")
    assert state.article is not None and state.doc is None
    assert "nlp" not in vars(pipeline.resources)  # nothing asked for the model


def test_chain_run_refuses_a_stage_without_its_input():
    pipeline = chain.Pipeline.from_settings(Settings())
    with pytest.raises(ValueError, match="flags needs"):
        pipeline.run(State(), start="flags", upto="flags")


def test_chain_result_key_covers_settings_model_and_data_files(tmp_path, monkeypatch):
    base = chain.result_key(Settings())
    assert chain.result_key(Settings()) == base
    assert chain.result_key(api.load_settings(None, {"summary.sentences": 3}, cwd=tmp_path)) != base
    assert chain.result_key(api.load_settings(None, {"batch.jobs": 3}, cwd=tmp_path)) == base  # not a result setting
    assert chain.result_key(Settings(), model=("en_other", "1.0")) != base
    copy = tmp_path / "lexicons"
    shutil.copytree(chain.LEXICON_DIR, copy)
    monkeypatch.setattr(chain, "LEXICON_DIR", copy)
    assert chain.result_key(Settings()) == base  # same contents, same key
    hedge = copy / "hedge.txt"
    hedge.write_text(hedge.read_text(encoding="utf-8") + "conceivably\n", encoding="utf-8")
    assert chain.result_key(Settings()) != base


def test_chain_editing_a_lexicon_entry_redoes_the_articles(tmp_path, monkeypatch):
    """`pipeline run` skips an unchanged article, and redoes it once a lexicon entry is edited."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The council may approve the plan on Monday, officials said.\n", encoding="utf-8")
    out = tmp_path / "out"
    settings = api.load_settings(None, {"batch.jobs": 1}, cwd=tmp_path)
    copy = tmp_path / "lexicons"
    shutil.copytree(chain.LEXICON_DIR, copy)
    monkeypatch.setattr(chain, "LEXICON_DIR", copy)
    assert api.run_batch([src], out, settings).count("ok") == 1
    assert api.run_batch([src], out, settings).count("skipped") == 1
    opinion = copy / "opinion.txt"
    opinion.write_text(opinion.read_text(encoding="utf-8") + "plan\n", encoding="utf-8")
    report = api.run_batch([src], out, settings)
    assert report.count("ok") == 1, [i.status for i in report.items]
    assert api.run_batch([src], out, settings).count("skipped") == 1
