"""The data model: dict round trips and offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.convert import from_dict, to_dict
from pipeline.models import Analysis, Article, Block, Entity, Flag, Mention, PipelineInfo, Sentence, Stats

texts = st.text(min_size=0, max_size=40)
ints = st.integers(min_value=0, max_value=10_000)


@given(
    st.builds(
        Flag,
        category=st.sampled_from(["hedge", "opinion"]),
        cue=texts,
        start=ints,
        end=ints,
        rule=texts,
        quoted=st.booleans(),
        weight=st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_models_flag_round_trip(flag):
    assert from_dict(Flag, to_dict(flag)) == flag


@given(
    st.builds(
        Sentence,
        id=st.just("s0001"),
        text=texts,
        start=ints,
        end=ints,
        section=st.none() | texts,
        flags=st.lists(st.builds(Flag, category=st.just("hedge"), cue=texts, start=ints, end=ints, rule=texts), max_size=3).map(tuple),
    )
)
def test_models_sentence_round_trip(sentence):
    assert from_dict(Sentence, to_dict(sentence)) == sentence


def test_models_entity_round_trip():
    e = Entity("Iran", "GPE", 2, ("the Islamic Republic",), ("s0001",), "s0001", 1.5, (Mention("Iran", 0, 4, "s0001"),))
    assert from_dict(Entity, to_dict(e)) == e


def test_models_article_round_trip_keeps_meta():
    a = Article("a", "a.txt", "00", "Text.", blocks=(Block("paragraph", "Text.", 0, 5),), meta={"k": [1, 2]})
    assert from_dict(Article, to_dict(a)) == a


def test_models_stats_round_trip_in_output_order():
    stats = Stats(words=120, sentences=6, flagged_sentences=2, flags={"hedge": 2, "opinion": 1}, flags_total=3, flags_per_1000_words=25.0)
    data = to_dict(stats)
    assert list(data)[:3] == ["words", "sentences", "entities"] and list(data)[-2:] == ["reviewed_flags", "dismissed_flags"]
    assert from_dict(Stats, data) == stats


def test_models_stats_read_from_an_older_file():
    # a file of an earlier schema version: only the keys the schema requires, one unknown key
    data = {
        "schema_version": "1.0",
        "article": {"id": "a", "source": "a.txt", "sha256": "00", "text": "Text."},
        "pipeline": {"version": "0.1", "model": "m", "model_version": "1", "settings_hash": "h"},
        "stats": {"sentences": 3, "flagged_sentences": 1, "flags": {"hedge": 1}, "flags_per_1000_words": 5, "gone": 1},
    }
    analysis = from_dict(Analysis, data)
    assert isinstance(analysis.pipeline, PipelineInfo)
    assert analysis.stats == Stats(sentences=3, flagged_sentences=1, flags={"hedge": 1}, flags_per_1000_words=5.0)
    assert isinstance(analysis.stats.flags_per_1000_words, float) and analysis.stats.dismissed_flags == 0
