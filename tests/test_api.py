"""The library API end to end, with real spaCy on the sample article."""

from __future__ import annotations

import json

import pytest

import pipeline
from pipeline.convert import from_dict, to_dict
from pipeline.models import Analysis


@pytest.fixture(scope="module")
def analysis(sample_text, nlp) -> Analysis:
    return pipeline.analyse(sample_text, source="inputs/iran-hamas-connection.txt")


def test_api_analysis_validates_against_the_shipped_schema(analysis):
    data = json.loads(json.dumps(to_dict(analysis)))
    pipeline.validate(data)
    assert data["schema_version"] == pipeline.SCHEMA_VERSION


def test_api_every_offset_slices_back_to_its_text(analysis):
    text = analysis.article.text
    for s in analysis.sentences:
        assert text[s.start : s.end] == s.text
        for f in s.flags:
            assert text[f.start : f.end] == f.cue
            assert s.start <= f.start < f.end <= s.end
    for e in analysis.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for d in analysis.dates:
        assert text[d.start : d.end] == d.text


def test_api_sentence_ids_are_unique_and_ordered(analysis):
    ids = [s.id for s in analysis.sentences]
    assert len(ids) == len(set(ids))
    assert [s.start for s in analysis.sentences] == sorted(s.start for s in analysis.sentences)


def test_api_summary_is_in_article_order_and_points_at_sentences(analysis):
    summary = analysis.summary
    assert summary is not None and summary.sentence_ids
    known = {s.id: s for s in analysis.sentences}
    assert all(i in known for i in summary.sentence_ids)
    starts = [known[i].start for i in summary.sentence_ids]
    assert starts == sorted(starts)


def test_api_results_are_stable_across_runs(analysis, sample_text):
    again = pipeline.analyse(sample_text, source="inputs/iran-hamas-connection.txt")
    assert to_dict(again) == to_dict(analysis)


def test_api_round_trip_through_json(analysis, tmp_path):
    json_path, md_path = pipeline.write_outputs(analysis, tmp_path)
    assert json_path.name == "iran-hamas-connection.json"
    assert md_path.read_text(encoding="utf-8").startswith("# ")
    assert pipeline.load_analysis(json_path) == analysis
    assert from_dict(Analysis, to_dict(analysis)) == analysis


def test_api_load_analysis_reads_the_stats_of_an_older_file(analysis, tmp_path):
    # schema 1.0 wrote fewer stats; what is missing reads back as 0, the rest as written
    data = to_dict(analysis)
    data["schema_version"] = "1.0"
    for key in ("words", "boilerplate_blocks", "quoted_flags", "reviewed_flags", "dismissed_flags"):
        del data["stats"][key]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    old = pipeline.load_analysis(path)
    assert old.stats.words == 0 and old.stats.quoted_flags == {} and old.stats.dismissed_flags == 0
    assert old.stats.sentences == analysis.stats.sentences and old.stats.flags == analysis.stats.flags
    assert old.stats.subjective_share == analysis.stats.subjective_share


def test_api_json_text_is_the_standard_library_layout(analysis):
    # orjson writes it; the text must stay what json.dumps(indent=2) gives
    from pipeline.api import analysis_json

    assert analysis_json(analysis) == json.dumps(to_dict(analysis), ensure_ascii=False, indent=2) + "\n"


def test_api_records_model_and_settings_hash(analysis):
    assert analysis.pipeline.model.startswith("en_core_web_sm")
    assert analysis.pipeline.version == pipeline.__version__
    assert len(analysis.pipeline.settings_hash) == 16


def test_api_stats_count_flags_by_category(analysis):
    stats = analysis.stats
    assert stats.sentences == len(analysis.sentences)
    # quoted flags are the speaker's words: counted apart, not against the article
    assert stats.flagged_sentences == sum(1 for s in analysis.sentences if any(not f.quoted for f in s.flags))
    unquoted = sum(1 for s in analysis.sentences for f in s.flags if not f.quoted)
    quoted = sum(1 for s in analysis.sentences for f in s.flags if f.quoted)
    assert sum(stats.flags.values()) == unquoted
    assert sum(stats.quoted_flags.values()) == quoted


def test_api_missing_model_is_a_clear_error():
    with pytest.raises(pipeline.PipelineError) as info:
        pipeline.analyse("Some text here.", settings=pipeline.load_settings(None, {"model": "no_such_model_xyz"}, cwd="/nonexistent"))
    assert info.value.code == "E001"
    assert "pip install" in info.value.line()
