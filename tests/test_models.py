"""The data model: dict round trips and offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.convert import from_dict, to_dict
from pipeline.models import Article, Block, Entity, Flag, Mention, Sentence

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
