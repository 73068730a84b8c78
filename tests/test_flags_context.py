"""Context decides whose words a cue is: each cue context rule with its counter-example.

Fixture sentences are written for these tests (never copied from a data set)."""

from __future__ import annotations

import pytest

from pipeline.flags import feature_of
from pipeline.models import Article
from pipeline.sentences import split_sentences


def _flags(nlp, flagger, text):
    from pipeline.flags import flag_sentences

    article = Article(id="x", source="x", sha256="", text=text)
    doc = nlp(text)
    return [f for s in flag_sentences(doc, split_sentences(article, doc), flagger=flagger) for f in s.flags]


def _flag(nlp, flagger, text, cue):
    found = [f for f in _flags(nlp, flagger, text) if f.cue == cue]
    assert found, f"no flag on {cue!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "cue", "context", "counter", "counter_context"),
    [
        # a role noun: the word names a kind of performer, it does not judge
        ("The stunt performer trained for months.", "stunt", "term", "The stunt performer was a brazen liar.", None),
        # a technical intensifier measures a plain property
        ("The new strain is highly contagious.", "highly", "degree", "The plan was highly irresponsible.", None),
        # an obligation a law sets
        ("Under the new law, employers must register every worker.", "must", "legal", "Employers must stop cheating workers.", ""),
        # a title is a name, not the author speaking in the first person
        ("She read I Know Why the Caged Bird Sings at school.", "I", "title", "I know why the plan failed.", ""),
        # first-person narration vs addressing the reader
        ("I visited the village in 2019.", "I", "narration", "You should visit the village soon.", "address"),
    ],
)
def test_flags_context_rule_and_counter_example(nlp, flagger, text, cue, context, counter, counter_context):
    flag = _flag(nlp, flagger, text, cue)
    assert flag.context == context
    assert feature_of(flag) == f"{flag.category}~{context}"
    if counter_context is None:
        return
    other = _flag(nlp, flagger, counter, "You" if counter_context == "address" else cue)
    assert other.context == counter_context


def test_flags_context_counter_examples_keep_the_authors_voice(nlp, flagger):
    # "brazen" before a noun that is itself a judgement is not a term
    assert _flag(nlp, flagger, "The stunt performer was a brazen liar.", "brazen").context != "term"
    assert _flag(nlp, flagger, "The stunt performer was a brazen liar.", "liar").context != "term"
    # an intensifier of an evaluative cue is not a plain degree
    assert _flag(nlp, flagger, "The plan was highly irresponsible.", "highly").context != "degree"


def test_flags_reported_obligation_is_the_sources(nlp, flagger):
    reported = _flag(nlp, flagger, "The judge said the company must pay the fine.", "must")
    own = _flag(nlp, flagger, "The company must pay for what it did.", "must")
    assert reported.context == "indirect" and own.context == ""
    assert reported.weight < own.weight


def test_flags_context_weights_are_visible_and_lower_for_things(nlp, flagger):
    term = _flag(nlp, flagger, "The stunt performer trained for months.", "stunt")
    judged = _flag(nlp, flagger, "The vote was a cynical stunt.", "stunt")
    assert term.weight < judged.weight
    title = _flag(nlp, flagger, "She read I Know Why the Caged Bird Sings at school.", "I")
    assert title.weight < _flag(nlp, flagger, "I know why the plan failed.", "I").weight


def test_flags_entry_weight_is_feature_weight_plus_its_deviation(flagger):
    from pipeline.flags.score import _weight

    assert flagger.entries, "the shipped weights carry per-entry deviations"
    rule, deviation = next(iter(flagger.entries.items()))
    assert isinstance(deviation, float) and rule.count(":") >= 1
    assert _weight(flagger.weights, "opinion~term", "opinion") == flagger.weights.get("opinion~term", 0.0)
