"""Cue classes found by shape and syntax: each with counter-examples.

Fixture sentences are written for these tests (never copied from a data set)."""

from __future__ import annotations

import pytest

from pipeline.flags import flag_sentences
from pipeline.flags.evidence import _adverb_forms, derived_adverbs
from pipeline.flags.lexicons import Lexicon
from pipeline.models import Article
from pipeline.sentences import split_sentences


def _flags(nlp, flagger, text):
    article = Article(id="x", source="x", sha256="", text=text)
    doc = nlp(text)
    return [f for s in flag_sentences(doc, split_sentences(article, doc), flagger=flagger) for f in s.flags]


@pytest.mark.parametrize(
    ("adjective", "adverb"),
    [
        ("brutal", "brutally"),
        ("angry", "angrily"),
        ("terrible", "terribly"),
        ("cynical", "cynically"),
        ("true", "truly"),
        ("heroic", "heroically"),
    ],
)
def test_evidence_adverb_forms_follow_english_suffixation(adjective, adverb):
    assert adverb in _adverb_forms(adjective)


def test_evidence_derived_adverbs_come_from_evaluative_lexicons_only():
    lexicons = (
        Lexicon("opinion_loaded", "opinion", ("brutal", "smear campaign")),
        Lexicon("opinion_prescriptive", "opinion", ("necessary",)),
        Lexicon("opinion_stance", "opinion", ("brutally",)),
    )
    adverbs = derived_adverbs(lexicons)
    assert "necessarily" not in adverbs  # an obligation word gives no judgement of manner
    assert "brutally" not in adverbs  # listed in a lexicon of its own: that entry wins
    assert not any(" " in a for a in adverbs)
    assert derived_adverbs((Lexicon("opinion", "opinion", ("arrogance", "madness")),)) == {}  # nouns make no adverb


def test_evidence_derived_adverb_is_raised_only_as_an_adverb(nlp, flagger):
    adjective = next(a for a, adj in flagger.adverbs.items() if adj == "pathetic")
    flags = [f for f in _flags(nlp, flagger, f"The council {adjective} ignored the tenants.") if f.cue == adjective]
    assert flags and flags[0].rule == f"opinion_derived:{adjective}" and flags[0].category == "opinion"
    # the same letters inside another word, or a plain manner adverb, raise nothing
    assert not [f for f in _flags(nlp, flagger, "The council quickly answered the tenants.") if f.rule.startswith("opinion_derived")]


def test_evidence_train_flags_cv_only_prints_the_figure_and_writes_nothing(tmp_path, nlp, capsys):
    from pipeline import train_flags

    data = tmp_path / "data"
    data.mkdir()
    subj = ["This is a disgraceful and shameful decision.", "It is surely the worst idea ever.", "They acted callously and pathetically."]
    obj = ["The council met on Tuesday.", "The budget is $4 million.", "Schools open in March."]
    rows = [(f"t{i}", t, "SUBJ") for i, t in enumerate(subj * 2)] + [(f"o{i}", t, "OBJ") for i, t in enumerate(obj * 2)]
    for name in ("train.tsv", "dev.tsv"):
        (data / name).write_text("sentence_id\tsentence\tlabel\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "w.json"
    assert train_flags.main(["--data", str(data), "--out", str(out), "--cv-only"]) == 0
    assert not out.exists()
    assert "cv macro-F1" in capsys.readouterr().err


def test_evidence_derived_adverb_can_be_removed_in_the_settings(nlp):
    from pipeline.config import FlagSettings
    from pipeline.flags import load_flagger

    kept = load_flagger(FlagSettings(), nlp)
    assert "pathetically" in kept.adverbs
    removed = load_flagger(FlagSettings(remove={"opinion": ("pathetically",)}), nlp)
    assert "pathetically" not in removed.adverbs
    # removing the adjective removes the adverb made from it
    assert "pathetically" not in load_flagger(FlagSettings(remove={"opinion": ("pathetic",)}), nlp).adverbs
