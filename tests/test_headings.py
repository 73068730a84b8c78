"""Headings and boilerplate by general evidence (pipeline/normalise/headings.py, boilerplate.py, metadata.py).

Every fixture is written by hand for these tests (none is copied from a data set).
"""

from __future__ import annotations

import pytest

from pipeline.io.html import _read_html
from pipeline.models import Block, RawDocument
from pipeline.normalise import classify_boilerplate, normalise, segment_text
from pipeline.normalise.headings import glued_heading, heading_shape, toc_entries
from pipeline.normalise.metadata import clean_author, split_site_name

PROSE = "The harbour board met on Monday evening and voted to extend the opening hours of the north quay for the summer."
PROSE2 = "Residents who spoke at the meeting asked for more benches, better lighting and a second ramp for bicycles and prams."


def _kinds(text: str) -> list[tuple[str, str, str]]:
    return [(b.kind, b.text, b.rule) for b in segment_text(text)]


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ("Why the quay keeps flooding", "sentence_case"),
        ("What happens to the old ferries?", "question"),
        ("3. Check the tide tables", "numbered"),
        ("OPENING HOURS", "all_caps"),
        ("The harbour board met on Monday.", None),  # a finished sentence
        ("“We Will Not Give Up the Quay”", None),  # a title-case quote
        ("so much for the plan", None),  # no capital first
        ("Wait. Then go on", None),  # two sentences
    ],
)
def test_headings_shape(line, shape):
    assert heading_shape(line) == shape


def test_headings_sentence_case_between_paragraphs():
    kinds = _kinds(f"Quay hours extended\n{PROSE}\nWhy the quay keeps flooding\n{PROSE2}")
    assert ("heading", "Why the quay keeps flooding", "sentence_case") in kinds


def test_headings_numbered_heading_before_prose_is_a_heading():
    kinds = _kinds(f"Five ways to cross the bay\n{PROSE}\n1. Take the early ferry\n{PROSE2}\n2. Walk the long bridge\n{PROSE}")
    assert [k for k in kinds if k[0] == "heading"] == [
        ("heading", "1. Take the early ferry", "numbered"),
        ("heading", "2. Walk the long bridge", "numbered"),
    ]


def test_headings_short_body_paragraph_is_not_a_heading():
    # short, but a finished sentence: prose
    kinds = _kinds(f"Quay hours extended\n{PROSE}\nNobody objected.\n{PROSE2}")
    assert ("paragraph", "Nobody objected.", "") in kinds


def test_headings_title_case_quote_is_not_a_heading():
    kinds = _kinds(f"Quay hours extended\n{PROSE}\n“We Will Not Give Up the Quay”\n{PROSE2}")
    assert all(k[0] != "heading" for k in kinds)


def test_headings_one_line_paragraphs_of_a_list_are_not_headings():
    text = f"Quay hours extended\n{PROSE}\nThe plan promises three things:\nLonger opening hours in summer\nA second ramp for bicycles\nBetter lighting on the north side\n{PROSE2}"
    assert all(k[0] != "heading" for k in _kinds(text))


def test_headings_run_of_short_lines_is_not_headings():
    text = f"Quay hours extended\n{PROSE}\nLonger opening hours in summer\nA second ramp for bicycles\n{PROSE2}"
    assert all(k[0] != "heading" for k in _kinds(text))


def test_headings_glued_sentence_case_heading_is_split():
    kinds = _kinds(f"Quay hours extended\n{PROSE[:-1]}.What the board decided next\n{PROSE2}")
    assert ("heading", "What the board decided next", "glued_sentence_case") in kinds
    assert ("paragraph", PROSE, "") in kinds


def test_headings_glued_sentence_pair_is_not_a_heading():
    kinds = _kinds(f"Quay hours extended\nThe vote was close.Several members abstained because the plan came late.\n{PROSE2}")
    assert all(k[0] != "heading" for k in kinds)
    assert ("paragraph", "The vote was close. Several members abstained because the plan came late.", "") in kinds


def test_headings_table_of_contents_entries_make_headings_and_split_glued_ones():
    text = (
        "Quay hours extended\n"
        f"{PROSE}\n"
        "Contents\n- The vote\n- what comes next for riders\n"
        "The vote\n"
        f"{PROSE[:-1]}.what comes next for riders\n"
        f"{PROSE2}"
    )
    assert toc_entries(text.split("\n")) == frozenset({"thevote", "whatcomesnextforriders"})
    heads = [k for k in _kinds(text) if k[0] == "heading"]
    assert heads == [("heading", "The vote", "toc_entry"), ("heading", "what comes next for riders", "toc_entry")]


def test_headings_glued_toc_entry_needs_a_sentence_end():
    assert glued_heading("We spoke about the vote", frozenset({"thevote"})) is None


# --------------------------------------------------------------------------
# boilerplate


def _classify(texts: list[str], kinds: list[str] | None = None) -> list[tuple[str, str] | None]:
    kinds = kinds or ["paragraph"] * len(texts)
    return classify_boilerplate([Block(k, t) for k, t in zip(kinds, texts)])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Tell us what you think of the new timetable in the comments below.", "call_to_action"),
        ("Sign up to get our weekly harbour newsletter delivered to your inbox.", "call_to_action"),
        ("Share this article | Facebook | Twitter | Email", "share"),
        ("Photo: Harbour Board / Reuters", "media_credit"),
        ("By Jane Quayside", "byline"),
        ("Additional reporting by Tom Ferris; editing by Ann Bay", "byline"),
        ("© 2031 Harbour Times. All rights reserved.", "copyright"),
    ],
)
def test_boilerplate_kinds(text, kind):
    out = _classify([PROSE, text, PROSE2])
    assert out[1] is not None and out[1][0] == kind


def test_boilerplate_reported_appeal_is_body():
    # a sentence that reports someone else's appeal is news, not a prompt to the reader
    assert _classify([PROSE, "The mayor urged residents to tell us what they think in the comments.", PROSE2])[1] is None


def test_boilerplate_trailing_headlines_after_a_prompt():
    texts = [
        PROSE,
        PROSE2,
        "Leave a comment below and tell us what you think.",
        "Is the Old Bridge Safe to Cross?",
        "Ferry fares rise again in spring",
    ]
    out = _classify(texts)
    assert out[2] == ("call_to_action", "call_to_action")
    assert out[3] == out[4] == ("related_links", "trailing_headlines")


def test_boilerplate_list_the_article_introduces_is_kept():
    texts = [PROSE, "The board agreed on these changes:", "Longer hours on the north quay", "A second ramp for bicycles"]
    assert _classify(texts, ["paragraph", "paragraph", "list_item", "list_item"])[2:] == [None, None]


def test_boilerplate_long_run_of_teaser_headings_is_related_links():
    teasers = [f"Harbour story number {n} of the week" for n in range(6)]
    texts = [PROSE, PROSE2, *[t for pair in zip(teasers, teasers) for t in pair]]
    kinds = ["paragraph", "paragraph"] + ["heading", "paragraph"] * 6
    out = _classify(texts, kinds)
    assert out[:2] == [None, None] and all(o == ("related_links", "trailing_headlines") for o in out[2:])


# --------------------------------------------------------------------------
# metadata and HTML


@pytest.mark.parametrize("name", ["No Author", "admin", "Staff Writer", "Harbour Times Staff", "Web Desk"])
def test_metadata_placeholder_authors_are_dropped(name):
    assert clean_author(name, outlet="Harbour Times") is None


@pytest.mark.parametrize("name", ["Jane Quayside", "Reuters", "Tom Ferris and Ann Bay"])
def test_metadata_real_authors_are_kept(name):
    assert clean_author(name, outlet="Harbour Times") == name


def test_metadata_site_name_cut_from_title():
    assert split_site_name("Quay hours extended | Harbour Times", sitename="Harbour Times") == ("Quay hours extended", "Harbour Times")
    assert split_site_name("Quay hours extended - HarbourTimes", hostname="www.harbourtimes.com") == ("Quay hours extended", "HarbourTimes")
    # a section label is not the site name
    assert split_site_name("Opinion | Quay hours extended", sitename="Harbour Times") == ("Opinion | Quay hours extended", "Harbour Times")


def test_metadata_outlet_and_author_in_article():
    raw = RawDocument(
        source="x.html",
        sha256="",
        text="",
        title="Quay hours extended | Harbour Times",
        author="No Author",
        blocks=(Block("paragraph", PROSE), Block("paragraph", PROSE2)),
        meta={"sitename": "Harbour Times"},
        format="html",
        encoding="utf-8",
    )
    article = normalise(raw)
    assert (article.title, article.outlet, article.author) == ("Quay hours extended", "Harbour Times", None)


def test_html_inline_elements_never_split_a_sentence():
    html = (
        "<html><head><title>Quay</title></head><body><article><h1>Quay</h1>"
        "<p>Call the <code>open_quay()</code> helper with <a href='/x'>a pass</a> and <em>never</em> a <span>ticket</span> "
        "or <b>coins</b>; the gate then opens for every rider who waits at the north side.</p>"
        f"<p>{PROSE}</p><p>{PROSE2}</p></article></body></html>"
    )
    _meta, blocks = _read_html(html, "x.html")
    assert any(b.text.startswith("Call the open_quay() helper with a pass and never a ticket or coins;") for b in blocks)


def test_headings_label_repeated_by_the_page_is_not_a_heading():
    # "Where to buy: …" under every item is a label of the page; the item names above it are headings
    text = (
        f"Three ferries compared\n{PROSE}\nThe Harbour Queen\nWhere to buy: Quayside\n{PROSE2}\n"
        f"The Northern Star\nWhere to buy: Quayside\n{PROSE}\nThe Bay Runner\nWhere to buy: Town Hall\n{PROSE2}"
    )
    heads = [k[1] for k in _kinds(text) if k[0] == "heading"]
    assert heads == ["The Harbour Queen", "The Northern Star", "The Bay Runner"]


@pytest.mark.parametrize(
    "line",
    [
        "(Updated Tuesday, March 3)",  # an aside in brackets
        "The good news?",  # a lead-in question opening with a determiner
        "That sounds simple enough, doesn't it?",  # a tag question to the reader
        "Opening Hours. (More)",  # two sentences
    ],
)
def test_headings_counter_evidence_between_paragraphs(line):
    kinds = _kinds(f"Quay hours extended\n{PROSE}\n{line}\n{PROSE2}")
    assert all(k[0] != "heading" for k in kinds)


def test_headings_question_heading_is_still_a_heading():
    kinds = _kinds(f"Quay hours extended\n{PROSE}\nWhat happens to the old ferries?\n{PROSE2}")
    assert ("heading", "What happens to the old ferries?", "question") in kinds


def test_headings_title_case_line_inside_a_list_is_not_a_heading():
    text = f"Quay hours extended\n{PROSE}\nNorth Quay Opens Early\nSouth Quay Opens Late\nWest Quay Stays Shut\n{PROSE2}"
    assert all(k[0] != "heading" for k in _kinds(text))


def test_headings_camel_case_word_keeps_title_case():
    kinds = _kinds(f"Quay hours extended\n{PROSE}\nThe New eBike Racks on the Quay\n{PROSE2}")
    assert ("heading", "The New eBike Racks on the Quay", "title_case") in kinds


def test_headings_exclamation_inside_a_heading_is_rhetoric():
    assert heading_shape("Ready? Steady? Sail away") == "sentence_case"
    assert heading_shape("Wait. Then go on") is None  # a full stop inside: two sentences


def test_headings_glued_after_an_upper_case_word():
    line = f"{PROSE[:-1]} with help from the EU.What the grant pays for"
    assert glued_heading(line, frozenset()) == (f"{PROSE[:-1]} with help from the EU.", "What the grant pays for", "glued_sentence_case")
    assert glued_heading(f"{PROSE[:-1]} in the U.S.What next", frozenset()) is None  # an initial is not a sentence end
