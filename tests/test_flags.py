"""Hedge and opinion flags: categories, false-positive traps, quotes, attributions,
configuration, the sentence score and the two evaluation tasks."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pipeline.config import FlagSettings, Settings, load_settings
from pipeline.errors import PipelineError
from pipeline.facts import quote_spans
from pipeline.flags import WEIGHTS_FILE, flag_sentences, flag_stats, load_flagger, load_lexicons, load_weights
from pipeline.models import Article, Attribution, Quote
from pipeline.sentences import split_sentences


def _analyse(nlp, flagger, text, **kwargs):
    article = Article(id="x", source="x", sha256="", text=text)
    doc = nlp(text)
    sentences = split_sentences(article, doc)
    return sentences, flag_sentences(doc, sentences, flagger=flagger, **kwargs)


def _flags(nlp, flagger, text, **kwargs):
    _, flagged = _analyse(nlp, flagger, text, **kwargs)
    return [f for s in flagged for f in s.flags]


def _overlapping(flags, text, phrase, *, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    end = start + len(phrase)
    return [f for f in flags if f.start < end and start < f.end]


@pytest.fixture(scope="module")
def sample(nlp, flagger, sample_text):
    sentences, flagged = _analyse(nlp, flagger, sample_text)
    return sample_text, sentences, flagged


# --------------------------------------------------------------------------
# the sample article


def test_flags_sample_keeps_sentences_and_offsets(sample):
    text, sentences, flagged = sample
    assert [(s.id, s.start, s.end, s.text) for s in flagged] == [(s.id, s.start, s.end, s.text) for s in sentences]
    for s in flagged:
        for f in s.flags:
            assert f.cue == text[f.start : f.end]
            assert s.start <= f.start < f.end <= s.end


@pytest.mark.parametrize("phrase", ["often volatile", "pivotal", "crucial", "undeniable", "formidable"])
def test_flags_sample_opinion_and_booster(sample, phrase):
    text, _, flagged = sample
    flags = [f for s in flagged for f in s.flags]
    assert {f.category for f in _overlapping(flags, text, phrase)} & {"opinion", "booster"}


@pytest.mark.parametrize("phrase", ["remains to be seen", "may persist", "is likely to endure", "perhaps"])
def test_flags_sample_hedges(sample, phrase):
    text, _, flagged = sample
    flags = [f for s in flagged for f in s.flags]
    assert "hedge" in {f.category for f in _overlapping(flags, text, phrase)}


@pytest.mark.parametrize("phrase", ["an expert says", "Experts generally agree"])
def test_flags_sample_weasels(sample, phrase):
    text, _, flagged = sample
    flags = [f for s in flagged for f in s.flags]
    weasels = [f for f in _overlapping(flags, text, phrase) if f.category == "weasel"]
    assert weasels and weasels[0].cue.lower().startswith(phrase.lower().split()[0])


def test_flags_sample_closing_question_is_rhetorical(sample):
    text, _, flagged = sample
    question = next(s for s in flagged if s.text.startswith("What are your thoughts"))
    rules = {f.rule for f in question.flags if f.category == "rhetorical"}
    assert "rule:question" in rules
    assert any(f.cue == "your" for f in question.flags)


def test_flags_sample_quote_is_quoted(sample):
    text, _, flagged = sample
    start = text.index("\u201cWhat we can be quite clear")
    end = text.index("\u201d", start) + 1
    inside = [f for s in flagged for f in s.flags if start <= f.start and f.end <= end]
    assert inside, "the quote holds cues (we, quite, broadly)"
    assert all(f.quoted for f in inside)
    outside = [f for s in flagged for f in s.flags if f.end <= start or f.start >= end]
    assert not any(f.quoted for f in outside if f.category == "opinion")


def test_flags_sample_named_attribution_is_not_weasel(nlp, flagger, sample_text):
    phrase = "According to a 2020 US Department of State report"
    start = sample_text.index(phrase)
    article = Article(id="x", source="x", sha256="", text=sample_text)
    doc = nlp(sample_text)
    sentences = split_sentences(article, doc)
    sid = next(s.id for s in sentences if s.start <= start < s.end)
    attribution = Attribution(
        source="US Department of State", named=True, sentence_id=sid, start=start, end=start + len(phrase), cue="According to"
    )
    flagged = flag_sentences(doc, sentences, flagger=flagger, attributions=[attribution])
    flags = [f for s in flagged for f in s.flags]
    assert not [f for f in _overlapping(flags, sample_text, phrase) if f.category == "weasel"]


def test_flags_sample_stats(sample):
    text, _, flagged = sample
    words = len(text.split())
    stats = flag_stats(flagged, word_count=words)
    assert set(stats["flags"]) == {"hedge", "booster", "opinion", "weasel", "rhetorical"}
    assert stats["quoted_flags"]["rhetorical"] >= 1  # "we" in the Finer quote
    assert stats["flags_total"] == sum(stats["flags"].values())
    assert stats["flags_per_1000_words"] == round(1000 * stats["flags_total"] / words, 2)
    assert stats["flagged_sentences"] == sum(1 for s in flagged if any(not f.quoted for f in s.flags))
    assert 0 < stats["subjective_share"] < 1
    assert stats["subjective_sentences"] == sum(s.subjective for s in flagged)


# --------------------------------------------------------------------------
# categories on small texts


@pytest.mark.parametrize(
    ("text", "cue", "category"),
    [
        ("The merger might collapse before the vote.", "might", "hedge"),
        ("The figures suggest that demand is slowing.", "suggest", "hedge"),
        ("Investors are expected to sell their shares.", "are expected to", "hedge"),
        ("The decision was clearly a mistake.", "clearly", "booster"),
        ("The council was deeply divided over the budget.", "deeply", "booster"),
        ("The ruling was a disgraceful betrayal of voters.", "disgraceful", "opinion"),
        ("Some argue that the tax is unfair.", "Some argue", "weasel"),
        ("It is widely believed that the deal is dead.", "It is widely believed", "weasel"),
        ("Critics claim the reform went too far.", "Critics claim", "weasel"),
        ("The plan was welcomed by many observers in the region.", "many observers", "weasel"),
        ("You should read the report before you vote.", "You", "rhetorical"),
        ("We can only hope that the talks succeed.", "We", "rhetorical"),
    ],
)
def test_flags_category_examples(nlp, flagger, text, cue, category):
    flags = _flags(nlp, flagger, text)
    assert any(f.cue == cue and f.category == category for f in flags), flags


def test_flags_negated_hedge_is_booster(nlp, flagger):
    text = "There is no doubt that the policy failed."
    flags = _flags(nlp, flagger, text)
    assert [f.category for f in flags if "doubt" in f.cue] == ["booster"]
    assert not [f for f in flags if f.category == "hedge"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("No one disputes the result.", "No one disputes"),
        ("The result cannot be denied.", "not be denied"),
        ("Without a doubt, the plan failed.", "Without a doubt"),
    ],
)
def test_flags_negated_doubt_variants_are_boosters(nlp, flagger, text, cue):
    flags = _flags(nlp, flagger, text)
    assert [(f.category, f.cue) for f in flags] == [("booster", cue)]


def test_flags_intensified_figure_is_booster(nlp, flagger):
    text = "Prices rose significantly more than 50 percent last year."
    flags = _flags(nlp, flagger, text)
    boosters = [f for f in flags if f.category == "booster"]
    assert boosters and boosters[0].cue.startswith("significantly more than 50")
    assert boosters[0].rule == "rule:numeric_intensifier"
    alone = _flags(nlp, flagger, "Prices rose significantly last year.")
    assert [f.category for f in alone if f.cue == "significantly"] == ["booster"]


# --------------------------------------------------------------------------
# false-positive traps


@pytest.mark.parametrize(
    "text",
    [
        "The summit opened on May 5 in Geneva.",
        "Elections were held in May and June.",
        "The country flexed its military might along the border.",
    ],
)
def test_flags_may_the_month_and_might_the_noun_are_not_hedges(nlp, flagger, text):
    assert not [f for f in _flags(nlp, flagger, text) if f.category == "hedge"]


@pytest.mark.parametrize(
    "text",
    [
        "Many families could not afford the rent increase.",
        "From the hill she could see the whole valley.",
    ],
)
def test_flags_could_of_past_ability_is_not_hedge(nlp, flagger, text):
    assert not [f for f in _flags(nlp, flagger, text) if f.cue.lower() == "could"]


def test_flags_could_of_possibility_is_hedge(nlp, flagger):
    assert [f.category for f in _flags(nlp, flagger, "The talks could collapse next week.") if f.cue == "could"] == ["hedge"]


def test_flags_will_and_can_are_not_hedges(nlp, flagger):
    flags = _flags(nlp, flagger, "The minister will travel to Paris and can meet officials there.")
    assert not [f for f in flags if f.category == "hedge"]


def test_flags_likely_inside_named_attribution_is_not_raised(nlp, flagger):
    text = "According to the central bank, inflation is likely to ease this year."
    attribution = Attribution(source="the central bank", named=True, sentence_id="s0001", start=0, end=len(text) - 1, cue="According to")
    assert [f.cue for f in _flags(nlp, flagger, text) if f.category == "hedge"] == ["likely"]
    assert not [f for f in _flags(nlp, flagger, text, attributions=[attribution]) if f.category == "hedge"]


def test_flags_weasel_covered_by_named_attribution_is_not_raised(nlp, flagger):
    text = "Economists at the IMF say the recovery is fragile."
    start = text.index("Economists")
    end = text.index(" say") + 4
    assert any(f.category == "weasel" for f in _flags(nlp, flagger, "Economists say the recovery is fragile."))
    named = Attribution(source="IMF", named=True, sentence_id="s0001", start=start, end=end, cue="say")
    vague = Attribution(source=None, named=False, sentence_id="s0001", start=start, end=end, cue="say")
    assert not [f for f in _flags(nlp, flagger, text, attributions=[named]) if f.category == "weasel"]
    assert [f for f in _flags(nlp, flagger, "Economists say the recovery is fragile.", attributions=[vague]) if f.category == "weasel"]


def test_flags_us_the_country_is_not_rhetorical(nlp, flagger):
    assert not [f for f in _flags(nlp, flagger, "US officials met their counterparts on Tuesday.") if f.category == "rhetorical"]


def test_flags_kind_of_after_determiner_is_not_hedge(nlp, flagger):
    assert not [f for f in _flags(nlp, flagger, "The group is a kind of alliance of militias.") if f.category == "hedge"]
    assert [f.cue for f in _flags(nlp, flagger, "The speech was kind of strange.") if f.category == "hedge"] == ["kind of"]


def test_flags_approximate_figure_is_not_hedge(nlp, flagger):
    assert not [f for f in _flags(nlp, flagger, "The fund raised nearly 16 million dollars.") if f.category == "hedge"]


def test_flags_sentence_initial_should_is_conditional(nlp, flagger):
    assert not _flags(nlp, load_flagger(FlagSettings(remove={"hedge": ("would",)}), nlp), "Should the talks fail, the ceasefire would end.")
    assert [f.category for f in _flags(nlp, flagger, "The government should resign.")] == ["opinion"]


def test_flags_inflected_adjective_match_stays_adjective(nlp, flagger):
    assert not [f for f in _flags(nlp, flagger, "The dynamics of the market shifted.") if f.category == "opinion"]
    assert [f.cue for f in _flags(nlp, flagger, "It was a dynamic campaign.") if f.category == "opinion"] == ["dynamic"]


def test_flags_names_are_not_opinion(nlp, flagger):
    flags = _flags(nlp, flagger, "Great Britain and the Great Lakes region signed the accord.")
    assert not [f for f in flags if f.category in ("opinion", "booster")]


# --------------------------------------------------------------------------
# quotes


@pytest.mark.parametrize("marks", [("\u201c", "\u201d"), ('"', '"')])
def test_flags_inside_quotes_are_quoted(nlp, flagger, marks):
    o, c = marks
    text = f"The mayor said: {o}This is clearly a disaster for our city.{c} The council is deeply divided."
    flags = _flags(nlp, flagger, text)
    by_cue = {f.cue: f.quoted for f in flags}
    assert by_cue["clearly"] is True and by_cue["disaster"] is True and by_cue["our"] is True
    assert by_cue["deeply"] is False


def test_flags_quote_passed_in_marks_flags_quoted(nlp, flagger):
    text = "The mayor said this was clearly a disaster."
    start = text.index("this")
    quote = Quote(text=text[start:-1], speaker="The mayor", sentence_id="s0001", start=start, end=len(text) - 1)
    assert {f.cue: f.quoted for f in _flags(nlp, flagger, text, quotes=[quote])}["clearly"] is True
    assert {f.cue: f.quoted for f in _flags(nlp, flagger, text)}["clearly"] is False


def test_flags_quote_spans_unclosed_runs_to_line_end():
    text = "He said \u201cit is over.\nNext line."
    assert quote_spans(text) == [(8, text.index("\n"))]


@pytest.mark.parametrize("marks", [("\u201c", "\u201d"), ('"', '"'), ('"', "\u201d")])
def test_flags_cue_in_a_quote_over_three_sentences_is_quoted(nlp, flagger, marks):
    o, c = marks
    text = f"The minister spoke on Monday. {o}We will not wait. Families have to be protected now. It is our duty,{c} she said. Voters have to decide."
    flags = _flags(nlp, flagger, text)
    assert [f.quoted for f in _overlapping(flags, text, "have to")] == [True]
    assert [f.quoted for f in _overlapping(flags, text, "have to", occurrence=1)] == [False]


@pytest.mark.parametrize("o", ["\u201c", '"'])
def test_flags_cue_in_a_quote_over_paragraphs_is_quoted(nlp, flagger, o):
    c = "\u201d" if o == "\u201c" else '"'
    text = (
        f"The chief spoke after the vote. {o}We will act. People have to be safe.\n\n"
        f"{o}Families must be protected. It is urgent,{c} he added.\n\nCouncillors have to vote again."
    )
    flags = _flags(nlp, flagger, text)
    assert [f.quoted for f in _overlapping(flags, text, "have to")] == [True]
    assert [f.quoted for f in _overlapping(flags, text, "urgent")] == [True]
    assert [f.quoted for f in _overlapping(flags, text, "have to", occurrence=1)] == [False]


@pytest.mark.parametrize(
    "text",
    [
        'He bought a 12" screen. Families have to be protected.\n\nThe vote is on Friday.',
        'A stray "mark opens nothing. Families have to be protected.\n\nThe vote is on Friday.',
    ],
)
def test_flags_stray_straight_mark_does_not_quote_the_rest(nlp, flagger, text):
    assert quote_spans(text) == []
    assert [f.quoted for f in _overlapping(_flags(nlp, flagger, text), text, "have to")] == [False]


def test_flags_quote_spans_straight_quote_with_curly_marks_inside():
    text = '"He said \u201cno\u201d to me," she said.'
    assert quote_spans(text) == [(0, text.index(",") + 2)]


def test_flags_question_inside_quote_is_not_rhetorical(nlp, flagger):
    flags = _flags(nlp, flagger, "\u201cWhy did they wait?\u201d")
    assert not [f for f in flags if f.rule == "rule:question"]


# --------------------------------------------------------------------------
# configuration


def test_flags_config_add_entry(nlp, flagger):
    text = "The new tariff plan is bonkers."
    assert not [f for f in _flags(nlp, flagger, text) if f.cue == "bonkers"]
    settings = FlagSettings(add={"opinion": ("bonkers",)})
    added = [f for f in _flags(nlp, load_flagger(settings, nlp), text) if f.cue == "bonkers"]
    assert [(f.category, f.rule) for f in added] == [("opinion", "opinion:bonkers")]


def test_flags_config_remove_entry(nlp, flagger):
    text = "Perhaps the talks will resume in spring."
    assert [f.cue for f in _flags(nlp, flagger, text) if f.category == "hedge"] == ["Perhaps"]
    settings = FlagSettings(remove={"hedge": ("perhaps",)})
    assert not [f for f in _flags(nlp, load_flagger(settings, nlp), text) if f.category == "hedge"]


def test_flags_config_remove_named_weasel_pattern(nlp, flagger):
    text = "Experts say the plan failed."
    assert [f.rule for f in _flags(nlp, flagger, text)] == ["weasel:experts_say"]
    assert not _flags(nlp, load_flagger(FlagSettings(remove={"weasel": ("experts_say",)}), nlp), text)


def test_flags_config_from_toml(tmp_path, nlp):
    config = tmp_path / "pipeline.toml"
    config.write_text('[flags.add]\nhedge = ["conceivably enough"]\n\n[flags.remove]\nbooster = ["clearly"]\n', encoding="utf-8")
    settings = load_settings(config)
    flags = _flags(nlp, load_flagger(settings.flags, nlp), "Conceivably enough, the vote was clearly lost.")
    assert [(f.category, f.cue) for f in flags if f.category in ("hedge", "booster")] == [("hedge", "Conceivably enough")]


def test_flags_config_unknown_category_is_an_error():
    with pytest.raises(PipelineError) as exc:
        load_lexicons(FlagSettings(add={"sarcasm": ("yeah right",)}))
    assert exc.value.code == "E009"
    assert "sarcasm" in str(exc.value)


def test_flags_lexicons_have_versions_and_categories():
    lexicons = load_lexicons()
    assert {lex.category for lex in lexicons} == {"hedge", "booster", "opinion", "weasel", "rhetorical"}
    assert all(lex.version for lex in lexicons)
    assert all(lex.entries for lex in lexicons)


# --------------------------------------------------------------------------
# the sentence score


def test_flags_score_is_traced_to_flag_weights(sample):
    _, _, flagged = sample
    model = load_weights()
    for s in flagged:
        logit = model["bias"] + sum(f.weight for f in s.flags)
        assert s.score == pytest.approx(1 / (1 + math.exp(-logit)), abs=2e-3)
        assert s.subjective == (s.score >= 0.5)
        if not s.flags:
            assert not s.subjective


def test_flags_threshold_setting(nlp):
    text = "The decision was clearly a disgraceful mistake."
    _, strict = _analyse(nlp, load_flagger(FlagSettings(threshold=0.999), nlp), text)
    _, loose = _analyse(nlp, load_flagger(FlagSettings(threshold=0.0), nlp), text)
    assert not strict[0].subjective and loose[0].subjective
    assert strict[0].score == loose[0].score


def test_flags_weights_file_names_licence_and_data():
    data = json.loads(Path(WEIGHTS_FILE).read_text(encoding="utf-8"))
    assert data["licence"] == "CC BY-NC-SA 4.0"
    assert "CheckThat" in data["dataset"]
    assert data["weights"] and isinstance(data["bias"], float)


# --------------------------------------------------------------------------
# evaluation tasks (on small slices of the shared data)


def _slice(src: Path, dst: Path, n: int, *, keep=lambda row: True) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if keep(line.split("\t"))][:n]
    dst.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return dst


@pytest.mark.data
def test_flags_eval_flags_task(tmp_path, data_dir):
    from pipeline.evaluation import render_task, run_task

    path = _slice(data_dir / "subjectivity" / "dev_test.tsv", tmp_path / "slice.tsv", 40)
    result = run_task("flags", path, settings=Settings(), errors=3)
    assert result["n"] == 40
    for key in ("accuracy", "precision_subj", "recall_subj", "f1_subj", "macro_f1"):
        assert 0.0 <= result[key] <= 1.0
    assert sum(result["confusion"].values()) == 40
    assert len(result["false_positives"]) <= 3
    table = render_task("flags", result)
    assert "macro-F1" in table and "confusion" in table


@pytest.mark.data
def test_flags_eval_hedges_task(tmp_path, data_dir):
    from pipeline.evaluation import render_task, run_task

    path = _slice(data_dir / "hedges" / "dev.tsv", tmp_path / "slice.tsv", 60, keep=lambda r: len(r) > 2 and r[2] == "text")
    result = run_task("hedges", path, settings=Settings())
    assert result["n"] == 60
    for key in ("precision", "recall", "f1", "cue_f1"):
        assert 0.0 <= result[key] <= 1.0
    assert "cue level" in render_task("hedges", result)


def test_flags_eval_reads_csv_escaped_rows(tmp_path):
    from pipeline.evaluation.flags import read_labelled

    path = tmp_path / "x.tsv"
    path.write_text('sentence_id\tsentence\tlabel\na\t"He said ""no"" twice."\tOBJ\nb\tPlain "quoted" word.\tSUBJ\n', encoding="utf-8")
    assert [r[1] for r in read_labelled(path)] == ['He said "no" twice.', 'Plain "quoted" word.']


def test_flags_eval_bad_file_is_an_error(tmp_path):
    from pipeline.evaluation import run_task

    path = tmp_path / "x.tsv"
    path.write_text("id\ttext\nx\ty\n", encoding="utf-8")
    with pytest.raises(PipelineError) as exc:
        run_task("flags", path, settings=Settings())
    assert exc.value.code == "E302"


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("Pat enjoys the club. 'I really enjoy myself, I party hard,' she said.", ["'I really enjoy myself, I party hard,'"]),
        ("He said ‘we will win this war’ on Monday.", ["‘we will win this war’"]),
        ("Hamas's leader didn't say it. The players' union met on Friday.", []),
    ],
)
def test_flags_single_quotation_marks_delimit_quotes(text, quoted):
    assert [text[a:b] for a, b in quote_spans(text)] == quoted


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Roberto Martinez complained Seamus Coleman should have been awarded a free-kick before the penalty.", "should"),
        ("The plan is a disaster, the minister said on Tuesday.", "disaster"),
        ("David Cameron will say that high taxes and wasteful government spending are immoral.", "wasteful"),
    ],
)
def test_flags_reported_speech_is_marked_reported(nlp, flagger, text, cue):
    flags = _overlapping(_flags(nlp, flagger, text), text, cue)
    assert [(f.category, f.reported, f.quoted) for f in flags] == [("opinion", True, False)]


@pytest.mark.parametrize(
    "text, cue",
    [
        ("We think this is a terrible idea.", "terrible"),
        ("This suggests the deal is a remarkable success.", "remarkable"),
        ("The government must act now to stop this disastrous policy.", "disastrous"),
    ],
)
def test_flags_author_voice_is_not_reported(nlp, flagger, text, cue):
    flags = _overlapping(_flags(nlp, flagger, text), text, cue)
    assert flags and not any(f.reported for f in flags)


def test_flags_reported_speech_does_not_cover_weasels_or_address(nlp, flagger):
    text = "Critics claim the scheme is a scandal. The council said your house is worth more."
    flags = _flags(nlp, flagger, text)
    assert not any(f.reported for f in flags if f.category in ("weasel", "rhetorical"))
    assert [f.reported for f in _overlapping(flags, text, "scandal")] == [True]


@pytest.mark.parametrize(
    "text, word",
    [
        ("The two boys remain in critical condition in hospital.", "critical"),
        ("He was found guilty of conspiracy to burgle a house in Leeds.", "conspiracy"),
    ],
)
def test_flags_fixed_terms_are_not_cues(nlp, flagger, text, word):
    assert _overlapping(_flags(nlp, flagger, text), text, word) == []


def test_flags_past_obligation_is_narration_not_advice(nlp, flagger):
    past = "Bradley Neil admitted he needed to give himself a kick after he had to withdraw."
    assert [f for f in _flags(nlp, flagger, past) if f.rule.startswith("opinion_prescriptive")] == []
    present = "The government has to act now."
    assert [f.rule for f in _flags(nlp, flagger, present) if f.category == "opinion"] == ["opinion_prescriptive:has to"]


def test_flags_terms_file_is_data_not_a_lexicon():
    from pipeline.flags import TERMS_FILE

    lines = [line for line in TERMS_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert "critical condition" in lines
    assert all(lex.name != TERMS_FILE.stem for lex in load_lexicons())


_QUOTE_PIECES = ["word", "it", " ", "'", "\u2019", "\u2018", "\n", ".", ",", "-", "(", "?", "don't", "players'", "\u2014"]


@hypothesis_settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_QUOTE_PIECES), max_size=40), st.integers(0, 3))
def test_flags_single_quotes_same_as_the_plain_regex(pieces, start):
    """The fast path that skips hopeless openers finds exactly what the regex alone finds."""
    from pipeline.facts.quotes import _SINGLE_QUOTE, _single_quotes

    text = "".join(pieces)
    start = min(start, len(text))
    expected = [(m.start(), m.end()) for m in _SINGLE_QUOTE.finditer(text, start, len(text))]
    assert list(_single_quotes(text, start, len(text))) == expected


def test_flags_single_quotes_unclosed_openers_then_a_quote():
    """Opening marks with no closing one are no quotes; the quote after them is found."""
    text = " ".join(["'tis the season for words"] * 30 + ["and 'a quoted bit here' ends."])
    assert quote_spans(text)[-1:] == [(text.index("'a quoted"), text.index(" ends."))]


def test_flags_token_patterns_match_like_spacy_matcher(nlp, sample_text):
    """The pattern matcher indexed by first token finds exactly what spaCy's Matcher finds."""
    from spacy.matcher import Matcher

    from pipeline.flags.lexicons import _NAMED_PATTERN
    from pipeline.flags.matching import _is_pattern, _numeric_rules, _pattern_tokens, _TokenPatterns

    extra = (
        "Many observers say the deal is dead. It is widely believed that some analysts strongly agree. "
        "Prices rose significantly more than 50 per cent, well over $ 3 million, as many as 40 people said."
    )
    doc = nlp(sample_text + "\n\n" + extra)
    ours, theirs = _TokenPatterns(), Matcher(nlp.vocab)
    patterns = [
        _pattern_tokens(m.group(2) if (m := _NAMED_PATTERN.match(e)) else e)
        for lex in load_lexicons()
        for e in lex.entries
        if _is_pattern(e)
    ] + _numeric_rules()
    for n, tokens in enumerate(patterns):
        key = nlp.vocab.strings.add(f"test-pattern-{n}")
        ours.add(key, tokens)
        theirs.add(f"test-pattern-{n}", [tokens])
    expected = sorted(set(theirs(doc)), key=lambda m: (m[1], m[2], m[0]))
    assert ours(doc) == expected
    assert len(expected) > 10


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The minister merely repeated the old promise.", "merely"),
        ("Frankly, the plan has no chance in the Senate.", "Frankly"),
        ("The council reluctantly approved the budget on Tuesday.", "reluctantly"),
        ("The scheme will not pay for itself, let alone fund new schools.", "let alone"),
    ],
)
def test_flags_stance_adverbials_are_opinion(nlp, flagger, text, cue):
    flags = _overlapping(_flags(nlp, flagger, text), text, cue)
    assert [(f.category, f.rule.split(":")[0]) for f in flags] == [("opinion", "opinion_stance")]


def test_flags_entry_lemmas_are_kept_on_disk_between_processes(nlp, tmp_path, monkeypatch):
    # a new process finds the tagged lexicon entries in the cache instead of tagging them again
    from pipeline.flags import matching

    monkeypatch.setenv(matching.CACHE_ENV, str(tmp_path))
    entries = ["frobnicated outcomes", "gloriously"]
    first = matching._entry_lemmas(nlp, entries)
    path = matching._lemma_cache_path(nlp)
    assert path.parent == tmp_path and path.is_file()
    lemmas, _adjectives = first
    assert lemmas["frobnicated outcomes"][-1] == "outcome"

    def no_tagging(*args, **kwargs):
        raise AssertionError("tagged again instead of read from the cache")

    monkeypatch.setattr(nlp, "pipe", no_tagging)
    assert matching._entry_lemmas(nlp, entries) == first


def test_flags_unreadable_lemma_cache_is_ignored(nlp, tmp_path, monkeypatch):
    from pipeline.flags import matching

    monkeypatch.setenv(matching.CACHE_ENV, str(tmp_path))
    matching._lemma_cache_path(nlp).write_text("{not json", encoding="utf-8")
    lemmas, _adjectives = matching._entry_lemmas(nlp, ["wondrously"])
    assert lemmas == {"wondrously": ("wondrously",)}


def test_flags_flagger_lists_every_file_it_read(flagger):
    from pipeline.flags import LEXICON_DIR, TERMS_FILE

    lexicon_files = {p for p in LEXICON_DIR.glob("*.txt") if not p.name.startswith("_")}
    assert set(flagger.files) == lexicon_files | {TERMS_FILE, WEIGHTS_FILE}
    assert len(flagger.files) == len(set(flagger.files)) and all(p.is_file() for p in flagger.files)
    assert {lex.name for lex in flagger.lexicons} == {p.stem for p in lexicon_files}


def test_flags_flagger_is_frozen_and_keeps_its_settings(nlp):
    import dataclasses

    settings = FlagSettings(add={"opinion": ("bonkers",)}, threshold=0.7)
    flagger = load_flagger(settings, nlp)
    assert flagger.settings == settings
    assert "bonkers" in next(lex for lex in flagger.lexicons if lex.name == "opinion").entries
    with pytest.raises(dataclasses.FrozenInstanceError):
        flagger.bias = 0.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        flagger.weights["hedge"] = 9.0  # type: ignore[index]
