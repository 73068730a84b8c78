"""The summary stage: sumy rankers over spaCy tokens, position prior, neutral selection, MMR."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from typing import Any

import pytest

from pipeline.config import SUMMARIZERS, Settings, SummarySettings
from pipeline.errors import PipelineError
from pipeline.models import Article, Block, Flag, Sentence
from pipeline.sentences import split_sentences
from pipeline.summarise import EXCLUDING_FLAGS, Summariser, load_summariser, rank_sentences, summarise, summary_length
from pipeline.summarise.coherence import opens_dangling


def load(**options: Any) -> Summariser:
    """The summariser for SummarySettings(**options)."""
    return load_summariser(SummarySettings(**options))


def article_from_lines(text: str) -> Article:
    """The sample article roughly as ingestion lays it out: first line the title, one block per
    line, lines that start with "- " list items."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    blocks, pos = [], 0
    for i, line in enumerate(lines):
        kind = "title" if i == 0 else "list_item" if line.startswith("- ") else "paragraph"
        blocks.append(Block(kind, line, pos, pos + len(line)))
        pos += len(line) + 2
    return Article(id="sample", source="sample", sha256="", text="\n\n".join(lines), title=lines[0], blocks=tuple(blocks))


@pytest.fixture(scope="module")
def sample(nlp, sample_text):
    article = article_from_lines(sample_text)
    doc = nlp(article.text)
    return article, doc, split_sentences(article, doc)


def flagged(sentence: Sentence, category: str, *, quoted: bool = False) -> Sentence:
    word = sentence.text.split()[0]
    flag = Flag(category, word, sentence.start, sentence.start + len(word), f"test:{category}", quoted=quoted)
    return dataclasses.replace(sentence, flags=sentence.flags + (flag,))


@pytest.mark.parametrize("name", SUMMARIZERS)
def test_summarise_every_summarizer_runs_on_the_sample(sample, name):
    article, doc, sentences = sample
    summary = summarise(sentences, doc, summariser=load(summarizer=name), title=article.title)
    by_id = {s.id: s for s in sentences}
    assert summary.method == name
    assert len(summary.key_points) == 7  # 100+ candidates: clamp(round(sqrt(n)), 3, 7)
    assert summary.sentence_ids == tuple(kp.id for kp in summary.key_points)
    starts = [by_id[i].start for i in summary.sentence_ids]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for kp in summary.key_points:
        s = by_id[kp.id]
        assert kp.text == s.text == article.text[s.start : s.end]
        assert s.kind == "paragraph"
        assert 0.0 <= kp.score <= 1.0
    assert summary.text == " ".join(kp.text for kp in summary.key_points)


def test_summarise_fast_rankers_agree_with_sumy(sample):
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    from pipeline.summarise.document import build_document, sentence_words

    _, doc, sentences = sample
    prose = [s for s in sentences if s.kind == "paragraph"][:40]
    words, opens, _ = sentence_words(prose, doc)
    model, sumy_sentences = build_document(prose, words, opens, [])
    originals = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "reduction": ReductionSummarizer, "kl": KLSummarizer}
    for name, cls in originals.items():
        summariser = load(summarizer=name)
        original = cls(summariser.stem)
        original.stop_words = summariser.stop_words
        expected = [str(s) for s in original(model, 8)]
        ours = rank_sentences(prose, doc, summariser=summariser)
        top = sorted(sorted(ours, key=lambda i: -ours[i])[:8])
        assert top == expected, name


def test_summarise_rankers_registry_matches_the_settings():
    from pipeline.summarise.rankers import RANKERS

    assert tuple(RANKERS) == SUMMARIZERS


def test_summarise_import_leaves_sumy_unloaded():
    code = "import sys, pipeline.summarise\nprint('sumy' in sys.modules, 'pipeline.summarise.rankers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_summarise_a_registered_ranker_is_a_summarizer(sample, monkeypatch):
    from sumy.summarizers._summarizer import AbstractSummarizer

    from pipeline.summarise import rankers

    monkeypatch.setattr(rankers, "RANKERS", dict(rankers.RANKERS))

    @rankers.register("first")
    class First(rankers.Ranker, AbstractSummarizer):
        def rate_sentences(self, document: Any) -> dict[Any, float]:
            return {s: -float(i) for i, s in enumerate(document.sentences)}

    article, doc, sentences = sample
    summary = summarise(sentences, doc, summariser=load(summarizer="first", sentences=3, position_weight=0.0), title=article.title)
    assert summary.method == "first" and len(summary.key_points) == 3
    with pytest.raises(ValueError):
        rankers.register("first")(First)


def test_summarise_edmundson_leaves_the_loaded_ranker_unchanged(sample):
    article, doc, sentences = sample
    summariser = load(summarizer="edmundson")
    first = summarise(sentences, doc, summariser=summariser, title=article.title)
    assert summariser.ranker.bonus_words == frozenset() and summariser.ranker.stigma_words == frozenset()
    assert summarise(sentences, doc, summariser=summariser, title=article.title) == first
    assert summarise(sentences, doc, summariser=summariser, title="Gaza") != first


def test_summarise_skips_flagged_sentences_while_others_exist(sample):
    article, doc, sentences = sample
    first = summarise(sentences, doc, summariser=load(), title=article.title)
    chosen = set(first.sentence_ids)
    categories = sorted(EXCLUDING_FLAGS)
    marked = tuple(flagged(s, categories[n % len(categories)]) if s.id in chosen else s for n, s in enumerate(sentences))
    second = summarise(marked, doc, summariser=load(), title=article.title)
    assert len(second.key_points) == len(first.key_points)
    assert not chosen & set(second.sentence_ids)
    assert all(not kp.flagged for kp in second.key_points)
    assert second.notes == ()


def test_summarise_quoted_cues_do_not_exclude(sample):
    article, doc, sentences = sample
    first = summarise(sentences, doc, summariser=load(), title=article.title)
    chosen = set(first.sentence_ids)
    marked = tuple(flagged(s, "opinion", quoted=True) if s.id in chosen else s for s in sentences)
    assert summarise(marked, doc, summariser=load(), title=article.title).sentence_ids == first.sentence_ids


def test_summarise_uses_flagged_sentences_only_when_it_must_and_says_so(sample):
    article, doc, sentences = sample
    # sentences that stand alone (a dangling "It began..." would need its flagged antecedent)
    prose = [s for s in sentences if s.kind == "paragraph" and not opens_dangling(s.text)]
    keep = {prose[10].id, prose[20].id}
    marked = tuple(s if s.id in keep else flagged(s, "opinion") for s in sentences)
    summary = summarise(marked, doc, summariser=load(sentences=4), title=article.title)
    assert len(summary.key_points) == 4
    assert keep <= set(summary.sentence_ids)
    assert sum(1 for kp in summary.key_points if "opinion" in kp.flagged) == 2
    assert summary.notes and "opinion" in summary.notes[0]


def test_summarise_marks_hedged_key_points(sample):
    article, doc, sentences = sample
    first = summarise(sentences, doc, summariser=load(), title=article.title)
    target = first.sentence_ids[0]
    marked = tuple(flagged(s, "hedge") if s.id == target else s for s in sentences)
    summary = summarise(marked, doc, summariser=load(), title=article.title)
    hedged = {kp.id: kp.hedged for kp in summary.key_points}
    assert hedged[target] is True
    assert sum(hedged.values()) == 1
    assert summary.key_points[0].flagged == ("hedge",)


def test_summarise_never_picks_headings_list_items_or_fragments(nlp):
    text = (
        "Storm closes ports\n\n"
        "Heavy storms closed three ports on the northern coast on Monday, officials said.\n\n"
        "What happened next\n\n"
        "- ports closed\n\n"
        "Ferry services were cancelled and about 2,000 passengers waited in terminals overnight.\n\n"
        "Too short.\n\n"
        "The harbour authority said the ports would reopen once the wind dropped below gale force."
    )
    kinds = ["title", "paragraph", "heading", "list_item", "paragraph", "paragraph", "paragraph"]
    blocks, pos = [], 0
    for kind, line in zip(kinds, text.split("\n\n")):
        blocks.append(Block(kind, line, pos, pos + len(line)))
        pos += len(line) + 2
    article = Article(id="t", source="t", sha256="", text=text, blocks=tuple(blocks), title="Storm closes ports")
    doc = nlp(text)
    sentences = split_sentences(article, doc)
    summary = summarise(sentences, doc, summariser=load(sentences=5), title=article.title)
    texts = [kp.text for kp in summary.key_points]
    assert len(texts) == 3
    assert "- ports closed" not in texts and "Too short." not in texts


def test_summarise_drops_near_duplicates(nlp):
    lines = [
        "The city council approved a new budget for public libraries on Tuesday evening.",
        "The city council approved a new budget for the public libraries on Tuesday.",
        "Library opening hours will be extended on weekends starting in March.",
        "Staff unions welcomed the decision but asked for more permanent positions.",
        "The budget also includes funds to repair the roof of the central library.",
        "Council members voted eleven to two in favour of the proposal.",
    ]
    text = "\n\n".join(lines)
    doc = nlp(text)
    blocks, pos = [], 0
    for line in lines:
        blocks.append(Block("paragraph", line, pos, pos + len(line)))
        pos += len(line) + 2
    article = Article(id="d", source="d", sha256="", text=text, blocks=tuple(blocks))
    sentences = split_sentences(article, doc)
    summary = summarise(sentences, doc, summariser=load(sentences=3, position_weight=0.9))
    assert not {"s0001", "s0002"} <= set(summary.sentence_ids)
    loose = summarise(sentences, doc, summariser=load(sentences=3, position_weight=0.9, max_similarity=1.0))
    assert len(loose.key_points) == 3


@pytest.mark.parametrize(
    "n, settings, expected",
    [
        (4, SummarySettings(), 3),
        (25, SummarySettings(), 5),
        (200, SummarySettings(), 7),
        (2, SummarySettings(), 2),
        (30, SummarySettings(sentences=2), 2),
        (30, SummarySettings(sentences=50), 30),
        (30, SummarySettings(ratio=0.2), 6),
        (30, SummarySettings(ratio=0.001), 1),
        (0, SummarySettings(), 0),
    ],
)
def test_summarise_length_rules(n, settings, expected):
    assert summary_length(n, settings) == expected


def test_summarise_length_settings_apply(sample):
    article, doc, sentences = sample
    assert len(summarise(sentences, doc, summariser=load(sentences=2)).key_points) == 2
    n = sum(1 for s in sentences if s.kind == "paragraph" and len(s.text.split()) >= 4)
    ratio = summarise(sentences, doc, summariser=load(ratio=0.1))
    assert abs(len(ratio.key_points) - round(0.1 * n)) <= 2  # a few prose sentences are fragments


def test_summarise_unknown_summarizer_is_an_error(sample):
    _, doc, sentences = sample
    bad = dataclasses.replace(SummarySettings(), summarizer="nope")
    with pytest.raises(PipelineError) as err:
        load_summariser(bad)
    assert err.value.code == "E007"


def test_summarise_empty_input(nlp):
    doc = nlp("")
    summary = summarise((), doc, summariser=load())
    assert summary.key_points == () and summary.text == "" and summary.notes


def test_summarise_position_weight_one_is_lead(sample, monkeypatch):
    from pipeline.summarise import scoring

    monkeypatch.setattr(scoring, "FACT_BONUS", 0.0)
    monkeypatch.setattr(scoring, "SUBJECTIVE_PENALTY", 0.0)
    article, doc, sentences = sample
    summary = summarise(sentences, doc, summariser=load(sentences=3, position_weight=1.0, max_similarity=1.0))
    prose = [s.id for s in sentences if s.kind == "paragraph"]
    assert summary.sentence_ids == tuple(prose[:3])


def test_summarise_neutralise_adds_neutral_text(sample):
    article, doc, sentences = sample
    first = summarise(sentences, doc, summariser=load(), title=article.title)
    target = next(s for s in sentences if s.id == first.sentence_ids[0])
    span = doc.char_span(target.start, target.end, alignment_mode="expand")
    mods = [t for t in span if t.dep_ == "amod" and t.pos_ == "ADJ" and not t.ent_type_]
    assert mods, "the sample's first key point has an adjective to test with"
    flags = tuple(Flag("booster", t.text, t.idx, t.idx + len(t.text), "test:booster") for t in mods[:1])
    marked = tuple(dataclasses.replace(s, flags=flags) if s.id == target.id else s for s in sentences)
    summary = summarise(marked, doc, summariser=load(neutralise=True), title=article.title)
    kp = next(k for k in summary.key_points if k.id == target.id)
    assert kp.removed == (mods[0].text,)
    assert kp.neutral_text and kp.neutral_text != kp.text
    others = [k for k in summary.key_points if k.id != target.id]
    assert all(k.neutral_text == k.text and k.removed == () for k in others)


def test_summarise_sample_reaches_the_key_facts(sample):
    """The 2006 election, the 2007 seizure of Gaza and the $100 million figure sit in prose sentences that
    rank among the candidates (the facts stage makes them reachable through timeline and figures)."""
    article, doc, sentences = sample
    ratings = rank_sentences([s for s in sentences if s.kind == "paragraph"], doc, summariser=load())
    for needle in ("2006", "2007", "$100 million"):
        assert any(needle in s.text for s in sentences if s.id in ratings), needle


# --------------------------------------------------------------------------
# evaluation task


@pytest.mark.data
def test_summary_eval_scores_a_few_bbc_rows(data_dir, tmp_path):
    from pipeline.evaluation import render_task, run_task

    rows = (data_dir / "summaries" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:4]
    path = tmp_path / "few.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_task("summary", path, settings=Settings())
    for key in ("rouge1", "rouge2", "rougeLsum", "lead3_rouge2", "leadk_rouge2", "subjective_share", "n"):
        assert key in result
    assert result["n"] == 4
    assert set(SUMMARIZERS) <= set(result["summarizers"])
    assert 0 < result["rouge2"] <= 100
    assert json.loads(json.dumps(result)) == result
    table = render_task("summary", result)
    assert "lexrank" in table and "leadk" in table


@pytest.mark.data
def test_summary_eval_options(data_dir, tmp_path):
    from pipeline.evaluation import run_task

    rows = (data_dir / "summaries" / "cnndm-dev.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "cnn.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_task("summary", path, settings=Settings(), summarizer="textrank", limit=2)
    assert result["n"] == 2 and result["summarizer"] == "textrank"
    assert set(result["summarizers"]) - {"textrank-unfiltered"} == {"textrank", "plain-textrank", "lead3", "leadk"}
    # CNN/DM: 3 sentences, so Lead-k is Lead-3
    assert math.isclose(result["lead3_rouge2"], result["leadk_rouge2"])


# --------------------------------------------------------------------------
# neutral wording of flagged sentences, reported speech, sections

_BAND = "\n".join(
    [
        "The legendary guitarist released a statement on Monday thanking fans for their support.",
        "The band cancelled its tour of Europe in March after the singer fell ill.",
        "Tickets bought for the tour will be refunded by the promoter within 30 days.",
        "The band has sold more than 20 million records since it formed in 1985.",
        "A new album is due to be released in the autumn, the label said.",
    ]
)


def _flagged_story(nlp, flagger, text):
    from pipeline.flags import flag_sentences
    from tests.helpers import article_by_lines

    article = article_by_lines(text)
    doc = nlp(article.text)
    return doc, flag_sentences(doc, split_sentences(article, doc), flagger=flagger)


def test_summarise_rewords_a_sentence_whose_opinion_cues_are_deletable_modifiers(nlp, flagger):
    doc, sentences = _flagged_story(nlp, flagger, _BAND)
    lead = sentences[0]
    assert [f.cue for f in lead.flags if f.category == "opinion"] == ["legendary"]
    summary = summarise(sentences, doc, summariser=load(sentences=3))
    kp = summary.key_points[0]
    assert kp.id == lead.id and kp.text == lead.text
    assert kp.neutral_text == "The guitarist released a statement on Monday thanking fans for their support."
    assert kp.removed == ("legendary",) and kp.flagged == ("opinion",)
    assert any("neutral wording" in note and lead.id in note for note in summary.notes)
    assert summary.text.startswith(kp.neutral_text)

    strict = summarise(sentences, doc, summariser=load(sentences=3, reword=False))
    assert lead.id not in strict.sentence_ids


def test_summarise_does_not_reword_when_a_cue_cannot_be_deleted(nlp, flagger):
    text = _BAND.replace("The legendary guitarist released", "The guitarist, a legend, made a disastrous statement and released")
    doc, sentences = _flagged_story(nlp, flagger, text.replace("disastrous statement", "statement that was a disaster"))
    lead = sentences[0]
    assert any(f.category == "opinion" for f in lead.flags)
    summary = summarise(sentences, doc, summariser=load(sentences=3))
    assert lead.id not in summary.sentence_ids


def test_summarise_reported_opinion_does_not_exclude(sample):
    article, doc, sentences = sample
    first = summarise(sentences, doc, summariser=load(), title=article.title)
    chosen = set(first.sentence_ids)

    def reported(s):
        word = s.text.split()[0]
        return dataclasses.replace(s, flags=(Flag("opinion", word, s.start, s.start + len(word), "test:opinion", reported=True),))

    marked = tuple(reported(s) if s.id in chosen else s for s in sentences)
    assert summarise(marked, doc, summariser=load(), title=article.title).sentence_ids == first.sentence_ids


def test_summarise_covers_the_sections_of_a_long_article(nlp, sample_text):
    from pipeline.api import analyse

    analysis = analyse(sample_text, source="sample.txt")
    by_id = {s.id: s for s in analysis.sentences}
    sections = [by_id[i].section for i in analysis.summary.sentence_ids]
    assert len(analysis.article.sections) >= 3
    assert len(set(sections)) >= 3, sections
    assert max(sections.count(x) for x in set(sections)) <= 3


def test_summarise_keeps_out_a_booster_that_is_the_predicate(nlp, flagger):
    asserted = "The damage to the band's reputation is undeniable after the cancelled tour of Europe."
    modifier = "The band clearly cancelled its tour of Europe in March after the singer fell ill."
    lines = _BAND.splitlines()
    doc, sentences = _flagged_story(nlp, flagger, "\n".join([asserted, modifier] + lines[2:]))
    first, second = sentences[0], sentences[1]
    assert [f.category for f in first.flags] == ["booster"]
    assert [f.category for f in second.flags] == ["booster"]
    summary = summarise(sentences, doc, summariser=load(sentences=3))
    assert first.id not in summary.sentence_ids
    assert second.id in summary.sentence_ids


@pytest.mark.parametrize(
    ("n", "size", "lengths"), [(0, 500, [0]), (7, 500, [7]), (500, 500, [500]), (501, 500, [250, 251]), (1201, 500, [400, 400, 401])]
)
def test_summarise_rank_windows_are_consecutive_and_bounded(n, size, lengths):
    from pipeline.summarise import rank_windows

    windows = rank_windows(n, size=size)
    assert [len(w) for w in windows] == lengths
    assert [i for w in windows for i in w] == list(range(n))


@pytest.mark.parametrize("name", ["lexrank", "textrank", "reduction", "luhn"])
def test_summarise_long_article_is_rated_in_windows(sample, monkeypatch, name):
    """Past RANK_WINDOW candidates, each window is rated on its own: every candidate is
    rated, and a window's ratings are those of its sentences rated alone."""
    import pipeline.summarise as summarise_module
    from pipeline.summarise import candidate_sentences

    _, doc, sentences = sample
    candidates, words, opens = candidate_sentences(sentences, doc)
    summariser = load(summarizer=name)
    monkeypatch.setattr(summarise_module, "RANK_WINDOW", 30)
    windowed = rank_sentences(candidates, doc, summariser=summariser, words=words, opens=opens)
    assert set(windowed) == {s.id for s in candidates}
    first = summarise_module.rank_windows(len(candidates), size=30)[0]
    alone = rank_sentences(candidates[first.start : first.stop], doc, summariser=summariser, words=words, opens=opens)
    assert {i: windowed[i] for i in alone} == alone


def test_summarise_lexrank_without_similar_sentences_rates_all_equal():
    import numpy

    from pipeline.summarise.rankers import FastLexRank

    scores = FastLexRank.power_method(numpy.zeros((3, 3)), 0.1)
    assert list(scores) == [1 / 3] * 3
