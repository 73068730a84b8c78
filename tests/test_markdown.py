"""Markdown rendering of an analysis.

Regenerate the golden file with:
    python -m pytest tests/test_markdown.py --update-golden
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.config import SummarySettings
from pipeline.io.markdown import readable_when, render_markdown
from pipeline.models import (
    Analysis,
    Article,
    Attribution,
    Boilerplate,
    DateMention,
    Entity,
    Figure,
    Flag,
    KeyPoint,
    PipelineInfo,
    Quote,
    Stats,
    Summary,
    TimelineEntry,
)
from pipeline.sentences import split_sentences
from pipeline.summarise import load_summariser, summarise

GOLDEN = Path(__file__).parent / "golden" / "sample-summary.md"
INFO = PipelineInfo(version="0.1.0", model="en_core_web_sm", model_version="3.8.0", settings_hash="0123456789abcdef")


def _article_from_lines(text: str) -> Article:
    from tests.test_summarise import article_from_lines

    return article_from_lines(text)


def _flag_words(sentence, doc, words_by_category):
    """Hand-made flags for the test: every token whose lower form is listed."""
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    flags = []
    for tok in span:
        for category, words in words_by_category.items():
            if tok.lower_ in words:
                flags.append(Flag(category, tok.text, tok.idx, tok.idx + len(tok.text), f"test:{category}"))
    return dataclasses.replace(sentence, flags=tuple(flags), subjective=bool(flags))


@pytest.fixture(scope="module")
def sample_analysis(nlp, sample_text):
    article = _article_from_lines(sample_text)
    article = dataclasses.replace(
        article,
        source="inputs/iran-hamas-connection.txt",
        boilerplate=(
            Boilerplate("call_to_action", "Share your insights"),
            Boilerplate("related_links", "x"),
            Boilerplate("related_links", "y"),
        ),
    )
    doc = nlp(article.text)
    # Generic evaluative and hedging words, as a stand-in for the flagger.
    lexicon = {
        "hedge": {"may", "might", "could", "perhaps", "likely"},
        "booster": {"clearly", "significantly", "undeniably", "extremely"},
        "opinion": {"crucial", "vital", "remarkable", "formidable"},
    }
    sentences = tuple(_flag_words(s, doc, lexicon) for s in split_sentences(article, doc))
    summary = summarise(sentences, doc, summariser=load_summariser(SummarySettings(neutralise=True)), title=article.title)
    by_text = {s.text: s for s in sentences}
    first = next(iter(by_text.values()))
    return Analysis(
        schema_version="1",
        article=article,
        pipeline=INFO,
        sentences=sentences,
        entities=(
            Entity("Hamas", "ORG", 40, salience=0.9, sentence_ids=(first.id,)),
            Entity("Iran", "GPE", 45, salience=0.95),
            Entity("Robert Finer", "PERSON", 1, salience=0.1),
        ),
        dates=(DateMention("2006", 0, 4, first.id, value="2006"),),
        timeline=(TimelineEntry(first.id, "2006", "Hamas won parliamentary elections in 2006."),),
        figures=(Figure("$100 million", 0, 12, first.id, amount=1e8, unit="USD", qualifier="about"),),
        quotes=(Quote("What we can be quite clear about is ...", "Robert Finer", first.id, 0, 10),),
        attributions=(
            Attribution("Robert Finer", True, first.id, first.start, first.end, cue="stated"),
            Attribution(None, False, first.id, first.start, first.end, cue="an expert says"),
        ),
        summary=summary,
        stats=Stats(sentences=len(sentences), flagged_sentences=sum(1 for s in sentences if s.flags)),
    )


def test_markdown_renders_an_empty_analysis():
    article = Article(id="empty", source="x.txt", sha256="", text="Nothing here.")
    md = render_markdown(Analysis(schema_version="1", article=article, pipeline=INFO))
    assert md.startswith("# empty\n")
    for heading in ("## Key points", "## Who", "## When", "## Figures", "## Says who", "## Language"):
        assert f"{heading}\n\nNone found." in md
    assert "## Removed" not in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_key_points_carry_ids_and_marks(sample_analysis):
    md = render_markdown(sample_analysis)
    summary = sample_analysis.summary
    for n, kp in enumerate(summary.key_points, 1):
        assert f"{n}. " in md and f"`{kp.id}`" in md
    assert f"_Method: {summary.method}._" in md


def test_markdown_marks_hedged_and_shows_neutral_text(nlp):
    text = "Officials said the extremely costly project could be delayed."
    article = Article(id="h", source="h.txt", sha256="", text=text)
    kp = KeyPoint(
        id="s0001",
        text=text,
        hedged=True,
        flagged=("hedge", "booster"),
        neutral_text="Officials said the costly project could be delayed.",
        removed=("extremely",),
    )
    summary = Summary(method="lexrank", sentence_ids=("s0001",), text=text, key_points=(kp,), notes=("a note",))
    md = render_markdown(Analysis(schema_version="1", article=article, pipeline=INFO, summary=summary))
    # The neutral wording leads; the article's words follow with what was removed.
    assert "1. Officials said the costly project could be delayed. `s0001` _(neutral wording; hedged, booster)_" in md
    assert "   - Original: Officials said the extremely costly project could be delayed. _(removed: extremely)_" in md
    assert "> Note: a note" in md


def test_markdown_sections_for_people(sample_analysis):
    md = render_markdown(sample_analysis)
    who = md.split("## Who\n\n")[1].split("\n\n")[0].splitlines()
    assert who[0].startswith("- **Iran** (GPE): 45 mentions")
    assert who[1].startswith("- **Hamas** (ORG)")
    assert "- **Robert Finer** (PERSON): 1 mention" in who
    assert "- **2006**: Hamas won parliamentary elections in 2006." in md
    assert "- **$100 million** (about 100,000,000 USD)" in md
    says = md.split("## Says who\n\n")[1].split("\n## ")[0]
    assert says.index("Named sources:") < says.index("Unnamed sources:") < says.index("Quotes:")
    assert "- **Robert Finer**: " in says
    assert "- _an expert says_: " in says
    assert "” — Robert Finer" in says
    assert "## Removed\n\n- call to action: “Share your insights”\n- related links: “x”; “y”" in md


def test_markdown_language_section_bolds_cues(sample_analysis):
    md = render_markdown(sample_analysis)
    language = md.split("## Language\n\n")[1].split("\n## ")[0]
    counts = language.splitlines()[0]
    assert counts.startswith("Flags: hedge ")
    assert "opinion" in counts
    loaded = [line for line in language.splitlines() if line.startswith("- ")]
    assert len(loaded) == 3
    for line in loaded:
        assert "**" in line
        bolded = line.split("**")[1::2]
        assert all(
            word.lower()
            in {
                "may",
                "might",
                "could",
                "perhaps",
                "likely",
                "clearly",
                "significantly",
                "undeniably",
                "extremely",
                "crucial",
                "vital",
                "remarkable",
                "formidable",
            }
            for word in bolded
        )


def test_markdown_escapes_markup_in_text():
    text = "A *starred* claim_with_underscores and [brackets]."
    article = Article(id="e", source="e.txt", sha256="", text=text, title="Title with *stars*")
    kp = KeyPoint(id="s0001", text=text)
    summary = Summary(method="lexrank", sentence_ids=("s0001",), text=text, key_points=(kp,))
    md = render_markdown(Analysis(schema_version="1", article=article, pipeline=INFO, summary=summary))
    assert "# Title with \\*stars\\*" in md
    assert "A \\*starred\\* claim\\_with\\_underscores and \\[brackets\\]." in md


def test_markdown_golden_sample(sample_text, golden):
    """The whole pipeline on the sample article, as ``make run`` writes it (the pipeline
    line is pinned so a version bump does not churn the file). ``make golden`` regenerates."""
    from pipeline.api import analyse

    analysis = analyse(sample_text, source="inputs/iran-hamas-connection.txt")
    md = render_markdown(dataclasses.replace(analysis, pipeline=INFO))
    golden(GOLDEN, md)


def _figures_section(md: str) -> str:
    return md.split("## Figures\n\n", 1)[1].split("\n\n", 1)[0]


def test_markdown_figures_full_amount_only_when_it_differs_and_repeats_folded():
    text = "A 15-inch model costs $2.5 million. The 15-inch screen is bright. It sold 300 units, about 40%."
    article = Article(id="figs", source="x.txt", sha256="", text=text)
    figures = (
        Figure("15-inch", 2, 9, "s0001", amount=15.0, unit="inch"),
        Figure("$2.5 million", 22, 34, "s0001", amount=2.5e6, unit="USD"),
        Figure("15-inch", 40, 47, "s0002", amount=15.0, unit="inch"),
        Figure("300 units", 69, 78, "s0003", amount=300.0, unit="unit"),
        Figure("about 40%", 80, 89, "s0003", amount=40.0, unit="%", qualifier="about"),
    )
    md = render_markdown(Analysis(schema_version="1", article=article, pipeline=INFO, figures=figures))
    lines = _figures_section(md).splitlines()
    # a repeated figure is one line, with how often it occurs
    assert lines[0] == "- **15-inch** `s0001` · 2 times"
    # money in full; the qualifier reads as part of it, not as a list item
    assert lines[1] == "- **$2.5 million** (2,500,000 USD) `s0001`"
    # a counted thing, and an amount that reads the same in full, get no parenthesis (counter-examples)
    assert lines[2] == "- **300 units** `s0003`"
    assert lines[3] == "- **about 40%** `s0003`"
    assert len(lines) == 4


def test_markdown_lede_marked_when_hedged():
    from pipeline.models import Sentence

    text = "The bridge will probably reopen on Friday. Crews replaced the cables."
    hedge = Flag("hedge", "probably", 16, 24, "lexicon")
    sentences = (
        Sentence("s0001", text[:42], 0, 42, flags=(hedge,)),
        Sentence("s0002", text[43:], 43, len(text)),
    )
    article = Article(id="lede", source="x.txt", sha256="", text=text)
    for lede, marked in (("s0001", True), ("s0002", False)):  # the counter-example: a lede with no hedge
        summary = Summary(method="lexrank", sentence_ids=(lede,), text="", lede=lede)
        md = render_markdown(Analysis(schema_version="1", article=article, pipeline=INFO, sentences=sentences, summary=summary))
        line = next(x for x in md.splitlines() if x.startswith("**Lede:**"))
        assert line.endswith("_(hedged)_") is marked, line


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2019-W46", "the week of 11 November 2019"),
        ("2020-W01", "the week of 30 December 2019"),  # an ISO week can start in the year before
        ("2019-W46/2019-W48", "the week of 11 November 2019/the week of 25 November 2019"),
        # counter-examples: other values are kept as they are
        ("2019-11-20", "2019-11-20"),
        ("1990/1993", "1990/1993"),
        ("2019-W54", "2019-W54"),  # no such week
    ],
)
def test_markdown_when_shows_weeks_readably(value, shown):
    assert readable_when(value) == shown
