"""Notes to the reader found by function (pipeline/normalise/boilerplate.py), and the body warnings.

Every fixture is written by hand for these tests (none is copied from a data set).
"""

from __future__ import annotations

import pytest

from pipeline.models import Block, RawDocument
from pipeline.normalise import classify_boilerplate, normalise

PROSE = "The harbour board met on Monday evening and voted to extend the opening hours of the north quay for the summer."
PROSE2 = "Residents who spoke at the meeting asked for more benches, better lighting and a second ramp for bicycles and prams."
LONG = " ".join([PROSE, PROSE2, PROSE, PROSE2])


def _middle(text: str) -> tuple[str, str] | None:
    return classify_boilerplate([Block("paragraph", PROSE), Block("paragraph", text), Block("paragraph", PROSE2)])[1]


@pytest.mark.parametrize(
    ("text", "kind", "rule"),
    [
        ("You have read all your free articles this month. Log in to keep reading.", "paywall", "paywall_notice"),
        ("This story is available to subscribers only.", "paywall", "paywall_notice"),
        ("Our standards: the Harbour Times follows the editors' code of practice.", "standards", "standards_note"),
        ("Noticed an error in this story? Please tell our corrections desk.", "standards", "standards_note"),
        ("We may earn a commission if you buy something through the links on this page.", "disclosure", "disclosure_note"),
        ("Advertiser disclosure: some of the offers on this page come from our partners.", "disclosure", "disclosure_note"),
        ("This feature is brought to you by the Quayside Traders' Association.", "disclosure", "disclosure_note"),
        ("Watch the full report below.", "handoff", "handoff_line"),
        ("Here's Tom Ferris with the details.", "handoff", "handoff_line"),
        ("Ann Bay has more on the story.", "handoff", "handoff_line"),
        ("Send us a letter to the editor about the new timetable.", "call_to_action", "call_to_action"),
        ("Have your say on the quay plans in the comments.", "call_to_action", "call_to_action"),
        ("This column originally appeared on the Bay Courier.", "byline", "credits_by"),
        ("Tom Ferris contributed reporting to this story.", "byline", "credits_by"),
        ("Photo courtesy of the Harbour Board", "media_credit", "media_credit"),
        ("(Credit: Ann Bay)", "media_credit", "media_credit"),
        ("Get the week's harbour news straight to your inbox: subscribe to our newsletter.", "call_to_action", "subscribe_prompt"),
        ("Facebook Twitter LinkedIn Email", "share", "share_buttons"),
    ],
)
def test_boilerplate_notes_to_the_reader(text, kind, rule):
    assert _middle(text) == (kind, rule)


@pytest.mark.parametrize(
    "text",
    [
        # a newsletter, a paywall, a sponsor or an ethics policy as news, not as a note to the reader
        "The harbour newsletter, which first went out in May, now reaches five thousand homes.",
        "The Bay Courier put its archive behind a paywall last year and lost a third of its readers.",
        "The bill, sponsored by Councillor Grey, passed on Tuesday by nine votes to four.",
        "The council adopted a new ethics policy for its members after the inquiry.",
        # a quote that contains the vocabulary is reported speech
        "“Subscribe, share and tell your friends,” the ferry company wrote in its appeal, the mayor said.",
        "Shops may earn a commission on every ticket they sell, the transport authority said.",
        "The mayor watched the video of the collision twice before the meeting.",
    ],
)
def test_boilerplate_the_same_words_as_news_are_body(text):
    assert _middle(text) is None


def _raw(text: str) -> RawDocument:
    return RawDocument(source="inputs/story.txt", text=text, sha256="", format="txt", encoding="utf-8")


def test_boilerplate_paywall_notice_gives_a_warning():
    article = normalise(_raw(f"Quay hours extended\n{LONG}\nThis story is available to subscribers only.\n{PROSE2}"))
    assert any(b.kind == "paywall" for b in article.boilerplate)
    assert any("[E126]" not in w and "paywall notice was removed" in w for w in article.warnings)


def test_boilerplate_very_short_body_gives_a_warning():
    article = normalise(_raw(f"Quay hours extended\n{PROSE}"))
    assert any("the body is only 21 words" in w for w in article.warnings)
    long = normalise(_raw(f"Quay hours extended\n{LONG}"))
    assert long.warnings == ()
