"""Wire datelines and pieces of a quote in the summary, on hand-written articles, through
the public API (``pipeline.analyse``) and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.api import analyse
from pipeline.cli import main
from pipeline.io.markdown import render_markdown
from pipeline.summarise.dateline import dateline_length, find_dateline


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


STORY = """{opening} said on Tuesday it would pay $1.2 billion to settle claims from the 2021 wildfire that destroyed 900 homes.

The settlement covers about 7,000 residents of Butte County, the company said in a filing on Tuesday.

The fire burned for 17 days and cost the county $300 million in lost tax revenue, according to the filing.

A judge in Sacramento must approve the agreement before payments begin in March.

The company expects to pay the first claims within 90 days of the approval, the filing said.
"""


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("SAN FRANCISCO (AP) — PG&E said", "SAN FRANCISCO (AP) — "),
        ("(CNN)An earthquake struck", "(CNN)"),
        ("(CNN) -- An earthquake struck", "(CNN) -- "),
        ("PARIS — The French government said", "PARIS — "),
        ("WASHINGTON, D.C., Jan. 5 (Reuters) - Shares fell", "WASHINGTON, D.C., Jan. 5 (Reuters) - "),
        ("LOS ANGELES, Calif. (AP) — A man was", "LOS ANGELES, Calif. (AP) — "),
        ("BEIRUT, Lebanon (AP) — Israeli jets", "BEIRUT, Lebanon (AP) — "),
        ("London (Reuters) - Britain's economy", "London (Reuters) - "),
        ("Washington (CNN)This week is the anniversary", "Washington (CNN)"),
        ("NEW YORK, March 3, 2024 /PRNewswire/ -- Acme Corp", "NEW YORK, March 3, 2024 /PRNewswire/ -- "),
        # counter-examples: a capitalised subject, a title-case name with a dash or a
        # ticker, an outlet before a lower-case word, an acronym subject
        ("PARIS is the capital of France.", ""),
        ("Boris Johnson — the prime minister — said", ""),
        ("Tesla (TSLA) shares rose on Monday", ""),
        ("(Reuters) reported that shares fell", ""),
        ("NASA said on Monday that", ""),
        ("US-German carmaker DaimlerChrysler sold more cars", ""),
    ],
)
def test_dateline_shape(text, dateline):
    assert text[: dateline_length(text)] == dateline


def test_dateline_only_at_the_start_of_the_body():
    from pipeline.models import Block

    text = "Title\n\nMarkets\n\nLONDON (Reuters) - Shares fell."
    title, heading, para = Block("title", "Title", 0, 5), Block("heading", "Markets", 7, 14), Block("paragraph", text[16:], 16, len(text))
    assert find_dateline(text, (title, para)) == (16, 35)
    assert find_dateline(text, (title, heading, para)) is None  # the body opens with a heading
    assert find_dateline("Shares fell, Reuters said. (Reuters) - More.", ()) is None  # not at the start


@pytest.mark.parametrize(
    ("opening", "dateline", "shown"),
    [
        ("SAN FRANCISCO (AP) — Pacific Gas and Electric", "SAN FRANCISCO (AP) — ", "Pacific Gas and Electric said on Tuesday"),
        ("(CNN)Pacific Gas and Electric", "(CNN)", "Pacific Gas and Electric said on Tuesday"),
    ],
)
def test_summarise_shows_key_points_and_lede_without_the_dateline(opening, dateline, shown):
    text = STORY.format(opening=opening)
    analysis = analyse(text)
    assert analysis.article.text.startswith(dateline)  # the body keeps its dateline
    assert all(analysis.article.text[s.start : s.end] == s.text for s in analysis.sentences)  # offsets unchanged
    summary = analysis.summary
    assert summary is not None and summary.dateline == dateline
    # spaCy may split the dateline off as a sentence of its own (no verb: never a candidate)
    lede = next(s for s in analysis.sentences if s.id == summary.lede)
    assert (summary.lede_text or lede.text).startswith(shown)
    point = next(p for p in summary.key_points if p.id == lede.id)
    assert point.text.startswith(shown)
    assert summary.text.startswith(shown)
    md = render_markdown(analysis)
    assert f"**Lede:** {shown}" in md
    assert dateline.strip() not in md.split("## Key points")[1].split("## ")[0]


def test_summarise_keeps_a_capitalised_subject_and_a_mid_text_outlet():
    text = STORY.format(opening="PARIS officials") + "\nThe figures were first reported (Reuters) on Monday.\n"
    analysis = analyse(text)
    summary = analysis.summary
    assert summary is not None and summary.dateline is None and summary.lede_text is None
    assert all(p.text == next(s.text for s in analysis.sentences if s.id == p.id) for p in summary.key_points)
    assert "1. PARIS officials said on Tuesday" in render_markdown(analysis)


QUOTED = """Town Votes To Close Its Only Clinic
The council of Dunmore voted on Tuesday to close the town's only drug treatment clinic in March.

"Meth is IN SD. It is in every town in this county now. We cannot close the one place that treats it," Sheriff Alan Brody said at the meeting.

The clinic treated 412 patients last year and costs the town $2.1 million a year, according to the council's budget.

Brody said the vote would leave patients with a 90-mile drive to the nearest clinic in Rapid City.

“Closing the clinic is a grave mistake. Families will pay for it for years.”

The council said the clinic's patients would be referred to a state program from April.

The mayor said the budget left the council no other choice.
"""


def test_summarise_never_shows_a_sentence_wholly_inside_a_quote_alone(runner, tmp_path):
    """Sentences inside a quote of several sentences are the speaker's words: no key point
    and no lede (they would read as fact); the sentence with the attribution may be."""
    analysis = analyse(QUOTED)
    by_id = {s.id: s for s in analysis.sentences}
    inner = [s.id for s in analysis.sentences if s.text.startswith(('"Meth', "It is in every", "“Closing", "Families"))]
    assert len(inner) == 4
    summary = analysis.summary
    assert summary is not None
    for k in range(1, 8):
        path = tmp_path / "clinic.txt"
        path.write_text(QUOTED, encoding="utf-8")
        result = runner.invoke(main, ["summarise", str(path), "--json", "--sentences", str(k)])
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        ids = set(data["summary"]["sentence_ids"]) | {data["summary"]["lede"]}
        assert not ids & set(inner), (k, [by_id[i].text for i in ids & set(inner)])


def test_summarise_within_quotes_keeps_the_attribution_and_one_sentence_quotes():
    from pipeline.summarise import within_quotes

    text = QUOTED + '\n"We will appeal the vote," the clinic\'s director said.\n\n“We will appeal.”\n'
    analysis = analyse(text)
    inside = within_quotes(analysis.sentences, analysis.quotes)
    texts = {s.text for s in analysis.sentences if s.id in inside}
    assert texts == {
        '"Meth is IN SD.',
        "It is in every town in this county now.",
        "“Closing the clinic is a grave mistake.",
        "Families will pay for it for years.”",
    }
