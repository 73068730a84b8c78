"""The summary's reader-facing rules on hand-written articles: coherence, fragments, lede, claims."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.chain import pipeline_for
from pipeline.config import Settings, SummarySettings
from pipeline.flags import flag_sentences
from pipeline.models import Flag
from pipeline.sentences import split_sentences
from pipeline.summarise import candidate_sentences, load_summariser, summarise
from pipeline.summarise.coherence import antecedents, opening_word, opens_dangling, unresolved
from tests.test_summarise import article_from_lines

NEWS = """Harbour Board Approves New Ferry Terminal
The Kestrel Bay Harbour Board approved a second ferry terminal on Tuesday after a two-year planning dispute.
It will cost about $48 million and open in the spring of 2027.
The terminal will handle up to 1,200 passengers an hour, according to the board's published plan.
Two council members voted against the plan on Tuesday evening.
They said the higher passenger levy would fall hardest on daily commuters.
Work on the foundations is scheduled to begin in January, the board said.
The board will publish the traffic plan for the north quay in December.
Residents may comment on the traffic plan until 15 December.
"""


def _analysed(nlp, text: str):
    article = article_from_lines(text)
    doc = nlp(article.text)
    sentences = flag_sentences(doc, split_sentences(article, doc), flagger=pipeline_for(Settings()).resources.flagger)
    return article, doc, sentences


def _summary(nlp, text: str, *, genre: str | None = None, **options):
    article, doc, sentences = _analysed(nlp, text)
    summariser = load_summariser(SummarySettings(**options))
    return sentences, summarise(sentences, doc, summariser=summariser, title=article.title, genre=genre)


@pytest.mark.parametrize(
    ("text", "word", "dangling"),
    [
        ("It will cost about $48 million.", "it", True),
        ("This created a deadlock.", "this", True),
        ("“They said no,” he added.", "they", True),
        ("However, the board disagreed.", "however", True),
        ("But the plan went ahead.", "but", True),
        ("The board approved it.", "the", False),
        ("Items on the agenda were few.", "items", False),
        ("Thistle farmers objected.", "thistle", False),
        # a relative clause cut off from its sentence; a question is not (counter-example)
        ("Which is not to say the vote was close.", "which", True),
        ("Which ferry will stop first?", "which", False),
    ],
)
def test_coherence_opening_rule(text, word, dangling):
    assert opening_word(text) == word
    assert opens_dangling(text) is dangling


def test_coherence_antecedent_is_the_previous_prose_sentence(nlp):
    _, _, sentences = _analysed(nlp, NEWS)
    before = antecedents(sentences)
    prose = [s for s in sentences if s.kind == "paragraph"]
    assert before[prose[0].id] is None
    assert before[prose[1].id] == prose[0].id
    assert unresolved([prose[1]], sentences) == [prose[1].id]
    assert unresolved([prose[0], prose[1]], sentences) == []


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_summarise_never_leaves_a_dangling_opening_unresolved(nlp, k):
    sentences, summary = _summary(nlp, NEWS, sentences=k)
    by_id = {s.id: s for s in sentences}
    chosen = [by_id[i] for i in summary.sentence_ids]
    assert len(chosen) == k
    assert unresolved(chosen, sentences) == []


def test_summarise_brings_in_the_antecedent_of_a_dangling_key_point(nlp):
    # "They said..." is the best-rated sentence once its neighbours are favoured by no prior:
    # whenever it is chosen, the sentence naming "two council members" comes with it.
    sentences, summary = _summary(nlp, NEWS, sentences=4, position_weight=0.0)
    prose = [s for s in sentences if s.kind == "paragraph"]
    they = next(s for s in prose if s.text.startswith("They said"))
    if they.id in summary.sentence_ids:
        assert antecedents(sentences)[they.id] in summary.sentence_ids


def test_summarise_coherent_off_allows_dangling_openings(nlp, monkeypatch):
    import pipeline.summarise

    # The prior alone (not scaled down by the summary's share of this short article): Lead-3.
    monkeypatch.setattr(pipeline.summarise, "prior_weight", lambda weight, k, n: weight)
    sentences, summary = _summary(nlp, NEWS, sentences=3, position_weight=1.0, coherent=False)
    prose = [s for s in sentences if s.kind == "paragraph"]
    assert summary.sentence_ids == tuple(s.id for s in prose[:3])  # Lead-3, "It will cost..." included


def test_summarise_fragments_are_never_candidates(nlp):
    text = """Budget Talks
The city council passed its annual budget on Monday after a long debate.
Key figures from the budget and the vote.
Spending on roads will rise by four percent next year.
A new library in the east of the city, with longer opening hours.
The mayor signed the budget into law on Tuesday morning.
"""
    article, doc, sentences = _analysed(nlp, text)
    ids = {s.id for s in candidate_sentences(sentences, doc)[0]}
    texts = {s.text for s in sentences if s.id in ids}
    assert "Key figures from the budget and the vote." not in texts
    assert "A new library in the east of the city, with longer opening hours." not in texts
    assert "Spending on roads will rise by four percent next year." in texts


def test_summarise_lede_is_neutral_and_states_what_happened(nlp):
    text = """Ferry Decision
What a shameful waste of public money this is.
The Kestrel Bay Harbour Board approved a second ferry terminal on Tuesday.
Critics say the plan is a disgrace.
The terminal will cost about $48 million.
"""
    sentences, summary = _summary(nlp, text, sentences=2)
    by_id = {s.id: s for s in sentences}
    assert summary.lede is not None
    assert by_id[summary.lede].text == "The Kestrel Bay Harbour Board approved a second ferry terminal on Tuesday."


def test_summarise_lede_skips_dangling_and_quoted_sentences(nlp):
    text = """Quiet Week
"We are delighted with the result," the chairman said on Monday.
It was the first vote of the new board.
The board approved the harbour budget for 2026 on Monday.
"""
    sentences, summary = _summary(nlp, text, sentences=1)
    by_id = {s.id: s for s in sentences}
    assert by_id[summary.lede].text.startswith("The board approved")


@pytest.mark.parametrize(
    ("text", "lede"),
    [
        # a hedge of its own does not bar the opening sentence from the lede
        (
            "Bridge Repairs\nThe harbour bridge will probably reopen on Friday after two weeks of repairs.\n"
            "Engineers replaced the steel cables and repainted the deck, the city said.\n"
            "The first bridge was built there in 1890 by a local firm of 40 workers.\n",
            "s0001",
        ),
        # counter-example: an opinion cue of its own still does; "there" pointing back cannot stand alone
        (
            "Museum Reopens\nA disastrous fire closed the town museum on Main Street for two years.\n"
            "The painter Ana Ruiz was born there in 1890 and left it 40 paintings.\n"
            "The museum reopened on Saturday with a new roof and a larger shop.\n",
            "s0003",
        ),
        # a sentence inside a quotation opened in an earlier sentence is the speaker's, not the story
        (
            "Budget Vote\nThe council voted on Tuesday to cut the parks budget by 12 percent after a bitter debate.\n"
            "\u201cWe had no choice. The money ran out in June. Nobody wanted this,\u201d said the mayor, Ana Ruiz.\n"
            "Residents packed the hall for the vote, which ran past midnight.\n",
            "s0005",
        ),
        # "also" adding to something said before
        (
            "Polls Close\nA disastrous storm closed polling stations in the north for two hours on Thursday.\n"
            "There will also be elections for the harbour board on 5 May.\n"
            "Officials counted the votes for the harbour board at the town hall on Friday morning.\n",
            "s0003",
        ),
        # a demonstrative before a noun points back; "this week" is the story's own time (counter-example)
        (
            "Port Plan\nA disastrous plan will close the north quay to lorries from two freight companies.\n"
            "As those companies grow, the port will need 2 more cranes by 2027.\n"
            "The harbour board approved a new crane this week.\n",
            "s0003",
        ),
        # a sentence cut from its first word is not a lede
        (
            "Ferry Traffic\nA disastrous storm closed the ferry terminal on the north quay.\n"
            "terminal traffic fell by 40 percent in 2025 after the storm, the board said.\n"
            "The harbour board approved a new crane on Monday.\n",
            "s0003",
        ),
        # "so" standing for a clause said before
        (
            "Budget Approved\nThe council would hope so, the mayor told a crowded meeting on Tuesday after the 12 percent cut.\n"
            "Residents packed the hall for the vote, which ran past midnight.\n",
            "s0002",
        ),
    ],
)
def test_summarise_lede_stands_alone(nlp, text, lede):
    sentences, summary = _summary(nlp, text, sentences=2)
    by_id = {s.id: s for s in sentences}
    assert summary.lede == lede, (summary.lede, by_id.get(summary.lede or ""))


OPINION = """The Ferry Plan Is a Costly Mistake
I have taken the Kestrel Bay ferry every working day for eleven years.
The plan the harbour board approved this week is a shameful waste of public money.
The second terminal will cost about $48 million.
That is an astonishing sum for a building that will stand half empty.
"This terminal is absolutely essential for the city," said the board chairman, Ann Hale.
The council should send this plan back.
"""


def test_summarise_claims_of_an_opinion_piece_are_the_authors(nlp):
    sentences, summary = _summary(nlp, OPINION, genre="opinion", sentences=2)
    assert summary.claims, "an opinion piece has claims"
    assert {c.by for c in summary.claims} == {"author"}
    texts = [c.text for c in summary.claims]
    assert any("shameful waste" in t for t in texts)
    # the chairman's quoted words stay his: never an author's claim
    assert not any("absolutely essential" in t for t in texts)
    for c in summary.claims:
        assert c.flagged and c.cues
    # claims and key points are kept apart: a key point is a claim only when shown in neutral wording
    reworded = {p.id for p in summary.key_points if p.neutral_text and p.neutral_text != p.text}
    assert {c.id for c in summary.claims} & set(summary.sentence_ids) <= reworded
    starts = [next(s.start for s in sentences if s.id == c.id) for c in summary.claims]
    assert starts == sorted(starts)


def test_summarise_claims_of_news_are_the_articles_unattributed_judgements(nlp):
    sentences, summary = _summary(nlp, NEWS, genre="news", sentences=3)
    assert all(c.by == "article" for c in summary.claims)
    assert len(summary.claims) <= 3


def test_summarise_claims_leave_out_reported_and_quoted_cues(nlp):
    article, doc, sentences = _analysed(nlp, OPINION)
    # every cue a source's (reported speech): no claim is left
    reported = tuple(dataclasses.replace(s, flags=tuple(dataclasses.replace(f, reported=True) for f in s.flags)) for s in sentences)
    summary = summarise(reported, doc, summariser=load_summariser(SummarySettings(sentences=2)), genre="opinion")
    assert summary.claims == ()
    # a hand-made quoted opinion cue does not make a claim either
    s = next(s for s in sentences if s.text.startswith("The second terminal"))
    quoted = tuple(
        dataclasses.replace(x, flags=(Flag("opinion", "cost", x.start + 20, x.start + 24, "test", quoted=True),)) if x.id == s.id else x
        for x in reported
    )
    summary = summarise(quoted, doc, summariser=load_summariser(SummarySettings(sentences=2)), genre="opinion")
    assert s.id not in {c.id for c in summary.claims}


def test_summarise_sample_lede_claims_and_key_points(sample_text):
    import pipeline
    from pipeline.summarise import excluding_flags

    analysis = pipeline.analyse(sample_text, source="inputs/iran-hamas-connection.txt")
    summary, by_id = analysis.summary, {s.id: s for s in analysis.sentences}
    assert analysis.article.genre is not None and analysis.article.genre.label == "opinion"
    # no key point shows an opinion, weasel or rhetorical cue (a reworded one shows its neutral wording)
    for p in summary.key_points:
        assert p.neutral_text is not None and p.neutral_text != p.text or not excluding_flags(by_id[p.id])
    chosen = [by_id[i] for i in summary.sentence_ids]
    assert unresolved(chosen, analysis.sentences) == []
    assert not any(by_id[i].text.startswith("This created") for i in summary.sentence_ids)
    lede = by_id[summary.lede].text
    assert "Iran" in lede and "Hamas" in lede
    claims = " ".join(c.text for c in summary.claims)
    assert "undeniably complicit" in claims and "indispensable enabler" in claims
    assert {c.by for c in summary.claims} == {"author"}
    assert "Robert Finer" not in claims  # his words stay his, under Says who


@pytest.mark.parametrize("k, n, expected", [(3, 30, 0.855), (8, 20, 0.57), (5, 5, 0.0), (3, 0, 0.0)])
def test_selection_prior_weight_falls_with_the_summarys_share(k, n, expected):
    from pipeline.summarise.scoring import prior_weight

    assert prior_weight(0.95, k, n) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("The ferry left at noon.", True),
        ("\u201cWe had no choice,\u201d she said.", True),
        ("iPhone sales rose in May.", True),
        ("2026 was a wet year.", True),
        # cut from its first word by a splitting error; a dash left from a split-off dateline
        ("terminal is considered the busiest on the coast.", False),
        ("\u2014 New uncertainty hangs over the vote.", False),
    ],
)
def test_summarise_opens_like_a_sentence(text, opens):
    from pipeline.summarise import opens_like_a_sentence

    assert opens_like_a_sentence(text) is opens


def test_summarise_lede_also_known_as_is_not_pointing_back(nlp):
    text = (
        "Museum Reopens\nA disastrous fire closed the town museum on Main Street for two years.\n"
        "The painter Ana Ruiz, also known as La Roja, opened the new wing on Saturday with 40 paintings.\n"
        "Visitors queued along the harbour for the opening.\n"
    )
    sentences, summary = _summary(nlp, text, sentences=2)
    assert summary.lede == "s0002"
