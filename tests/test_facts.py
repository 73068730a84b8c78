"""Figures, quotes and attributions on the sample article and on small hand-written texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.entities import extract_entities, load_aliases
from pipeline.facts import extract_attributions, extract_figures, extract_quotes, parse_amount
from pipeline.models import Article
from pipeline.sentences import SentenceIndex, split_sentences
from tests.helpers import article_by_lines

ROOT = Path(__file__).resolve().parent.parent


_article = article_by_lines


def _analyse(nlp, text, blocks=True):
    article = _article(text) if blocks else Article(id="x", source="x", sha256="", text=text)
    doc = nlp(article.text)
    index = SentenceIndex(split_sentences(article, doc))
    entities = extract_entities(doc, index, text=article.text, aliases=load_aliases(ROOT / "aliases.example.toml"))
    return article, doc, index, entities


@pytest.fixture(scope="module")
def sample(nlp, sample_text):
    return _analyse(nlp, sample_text)


def test_facts_sample_money_figure(sample):
    _, doc, index, _ = sample
    figures = extract_figures(doc, index, text=doc.text)
    money = [f for f in figures if f.unit == "USD" and f.amount == 100_000_000]
    assert money, figures
    f = money[0]
    assert f.qualifier == "about"
    assert f.text.startswith("about $100 million")
    assert f.sentence_id in {s.id for s in index.sentences}


def test_facts_sample_quote_speaker(sample):
    article, doc, index, entities = sample
    quotes = extract_quotes(doc, index, entities, text=doc.text)
    finer = [q for q in quotes if q.text.startswith("What we can be quite clear")]
    assert len(finer) == 1
    q = finer[0]
    assert q.speaker == "Robert Finer"
    assert article.text[q.start : q.end] == q.text
    # scare-quoted terms are not speech
    assert not any(q.text.startswith("Axis of Resistance") for q in quotes)


def test_facts_sample_attributions(sample):
    _, doc, index, entities = sample
    attributions = extract_attributions(doc, index, entities, text=doc.text)
    named = {a.source for a in attributions if a.named}
    assert "US Department of State" in named
    assert "Robert Finer" in named
    vague = [a for a in attributions if not a.named]
    assert any(a.source and a.source.lower() == "an expert" for a in vague)
    assert any(a.source and a.source.lower().startswith("experts") for a in vague)


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("about $100 million", "MONEY", (100_000_000.0, "USD", "about")),
        ("$2.5bn", "MONEY", (2_500_000_000.0, "USD", None)),
        ("more than 40%", "PERCENT", (40.0, "%", "more than")),
        ("twelve percent", "PERCENT", (12.0, "%", None)),
        ("€3 million", "MONEY", (3_000_000.0, "EUR", None)),
        ("seventy million dollars", "MONEY", (70_000_000.0, "USD", None)),
        ("5 kilometres", "QUANTITY", (5.0, "kilometres", None)),
        ("only 50 cents", "MONEY", (0.5, "USD", "only")),
        ("nonsense", "MONEY", (None, None, None)),
    ],
)
def test_facts_parse_amount(text, label, expected):
    assert parse_amount(text, label) == expected


def test_facts_counted_nouns_and_rates(nlp):
    text = "The school sent 1,000 students abroad. Prices rose 3% while the city spent $4 million a year on roads."
    _, doc, index, _ = _analyse(nlp, text, blocks=False)
    figures = extract_figures(doc, index, text=doc.text)
    by_unit = {f.unit: f for f in figures}
    assert by_unit["student"].amount == 1000
    assert by_unit["%"].amount == 3
    assert by_unit["USD"].text == "$4 million a year"
    for f in figures:
        assert text[f.start : f.end] == f.text


def test_facts_quotes_straight_and_pronoun_speaker(nlp):
    text = (
        'Maria Lopez, the mayor, said: "We will rebuild the bridge before winter arrives." '
        'Later she added, "Nobody will be left without a road home this year." '
        '"The plan is far too expensive for a town this size," a resident said.'
    )
    _, doc, index, entities = _analyse(nlp, text, blocks=False)
    quotes = extract_quotes(doc, index, entities, text=doc.text)
    assert [q.speaker for q in quotes] == ["Maria Lopez", "Maria Lopez", None]
    for q in quotes:
        assert text[q.start : q.end] == q.text


def test_facts_quotes_single_marks_nested_and_unclosed(nlp):
    # the quotes the flags stage treats as quoted: single marks, a quote inside a quote, a quote going on in the next paragraph
    text = (
        "Maria Lopez, the mayor, said: 'We will rebuild the bridge, and we will do it \"before winter\" as promised.'\n"
        "\u201cNobody will be left without a road home this year, she told reporters.\n"
        "The council met on Monday."
    )
    _, doc, index, entities = _analyse(nlp, text, blocks=False)
    quotes = extract_quotes(doc, index, entities, text=doc.text)
    assert [q.text for q in quotes] == [
        'We will rebuild the bridge, and we will do it "before winter" as promised.',
        "Nobody will be left without a road home this year, she told reporters.",
    ]
    assert quotes[0].speaker == "Maria Lopez"
    for q in quotes:
        assert text[q.start : q.end] == q.text


def test_facts_attributions_vague_and_named(nlp):
    text = (
        "According to the World Health Organization, cases fell sharply. "
        "Critics say the numbers are incomplete. "
        "According to some analysts, the decline will continue. "
        "The evidence suggests that the trend is real."
    )
    _, doc, index, entities = _analyse(nlp, text, blocks=False)
    attributions = extract_attributions(doc, index, entities, text=doc.text)
    got = [(a.source, a.named) for a in attributions]
    assert ("World Health Organization", True) in got
    assert any(not named and src and "Critics" in src for src, named in got)
    assert any(not named and src and "analysts" in src for src, named in got)
    assert not any(src and "evidence" in src for src, _ in got)


def _quotes(nlp, text):
    article, doc, index, entities = _analyse(nlp, text)
    quotes = extract_quotes(doc, index, entities, text=article.text)
    for q in quotes:
        assert article.text[q.start : q.end] == q.text
    return quotes


def test_facts_quote_over_three_paragraphs_has_one_speaker(nlp):
    text = (
        "Harbour master Peter Marsh described the night of the storm.\n"
        "\u201cThe first wave came over the wall just after midnight and took two boats with it.\n"
        "\u201cBy two o'clock the water was in the offices and we were carrying the records upstairs.\n"
        "\u201cNobody slept, and by morning the whole quay was under a metre of sand,\u201d Marsh said.\n"
    )
    quotes = _quotes(nlp, text)
    assert len(quotes) == 3
    assert [q.speaker for q in quotes] == ["Peter Marsh"] * 3
    assert [q.found_by for q in quotes] == ["continued", "continued", "verb"]


def test_facts_quotes_two_speakers_alternating(nlp):
    text = (
        "\u201cWe will win the vote on Friday,\u201d said Anna Berg, the party leader.\n"
        "\u201cThe numbers are on our side and the members know it very well.\u201d\n"
        "Tom Hale, her rival, disagreed. \u201cShe is counting votes that she does not have,\u201d he said.\n"
        "\u201cNobody in this party trusts those numbers any more, not even her own staff.\u201d\n"
        "\u201cWe will see on Friday who was right about the members,\u201d Berg said.\n"
    )
    quotes = _quotes(nlp, text)
    assert [q.speaker for q in quotes] == ["Anna Berg", "Anna Berg", "Tom Hale", "Tom Hale", "Anna Berg"]
    assert [q.found_by for q in quotes] == ["verb", "carried", "pronoun", "carried", "verb"]


def test_facts_film_title_in_quotes_is_not_a_quote(nlp):
    text = (
        "The director said his new film \u201cThe Long Road Home\u201d would open in March.\n"
        "Critics praised the novel \u201cA Winter in the North Country\u201d when it appeared.\n"
    )
    assert _quotes(nlp, text) == ()


def test_facts_post_posed_quipped(nlp):
    text = "\u201cI never read the reviews, because my mother reads them for me,\u201d quipped Joaquin Phoenix.\n"
    quotes = _quotes(nlp, text)
    assert [(q.speaker, q.found_by) for q in quotes] == [("Joaquin Phoenix", "verb")]


def test_facts_quote_after_colon_and_role_noun(nlp):
    text = (
        "Finance Minister Ana Ruiz presented the budget on Tuesday.\n"
        "The minister was blunt: \u201cWe will not pay for the mistakes of the last government.\u201d\n"
    )
    quotes = _quotes(nlp, text)
    assert [(q.speaker, q.found_by) for q in quotes] == [("Ana Ruiz", "role")]


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [(210_000_000.0, "USD", "210,000,000 USD"), (3.5, "%", "3.5 %"), (0.5, "USD", "0.5 USD"), (6000.0, "mask", None), (None, "USD", None)],
)
def test_facts_format_amount_in_full(amount, unit, expected):
    from pipeline.facts.figures import format_amount

    assert format_amount(amount, unit) == expected


def test_facts_counted_things_and_currencies(nlp):
    text = (
        "The city handed out 6,000 surgical masks and 300 blankets.\n"
        "The council imposed 3 restrictions on traffic.\n"
        "The bank lent \u00a55 billion to the port.\n"
        "The fund added \u20ac20 million for the quay.\n"
    )
    article, doc, index, _ = _analyse(nlp, text)
    figures = extract_figures(doc, index, text=article.text)
    by_unit = {f.unit: f for f in figures}
    assert by_unit["mask"].amount == 6000
    assert by_unit["blanket"].amount == 300
    assert "restriction" not in by_unit
    assert by_unit["JPY"].amount == 5_000_000_000
    assert by_unit["EUR"].amount == 20_000_000


# A possessor in the source phrase says whose the source is, not who speaks.
_POSSESSED = (
    "Talks on the new canal stalled on Monday.\n"
    "Norway's ambassador to Brazil, Ingrid Vatne, said the two sides would meet again in May.\n"
    "\u201cWe are not leaving the table,\u201d Vatne's deputy Tomas Brekke said.\n"
    "\u201cThe money is there and the work will start,\u201d Peru's biggest builder said.\n"
    "Officials at Norway's foreign ministry said the talks would go on.\n"
    "\u201cWe expect a deal by the summer,\u201d Ingrid Vatne said.\n"
)


@pytest.fixture(scope="module")
def possessed(nlp):
    return _analyse(nlp, _POSSESSED)


def test_facts_possessor_is_not_the_speaker(possessed):
    _, doc, index, entities = possessed
    quotes = {q.text[:12]: q for q in extract_quotes(doc, index, entities, text=doc.text)}
    # the head of the subject names the speaker, not the possessor before it
    assert quotes["We are not l"].speaker == "Tomas Brekke"
    # a described source ("Peru's biggest builder") is not Peru
    assert quotes["The money is"].speaker is None
    # counter-example: a plain named subject still speaks
    assert quotes["We expect a "].speaker == "Ingrid Vatne"


def test_facts_possessor_is_not_the_attributed_source(possessed):
    _, doc, index, entities = possessed
    by_sentence = {}
    for a in extract_attributions(doc, index, entities, text=doc.text):
        by_sentence.setdefault(a.sentence_id, []).append(a)
    sources = {(a.source, a.named) for attrs in by_sentence.values() for a in attrs}
    # "Norway's ambassador to Brazil, Ingrid Vatne, said": the person in apposition
    assert ("Ingrid Vatne", True) in sources
    assert ("Norway", True) not in sources
    # the builder is a source the text identifies by its phrase, not Peru
    assert ("Peru's biggest builder", True) in sources
    assert ("Peru", True) not in sources


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # a weight is not money; money says so by its label or its symbol (counter-examples)
        ("243 pounds", "QUANTITY", (243.0, "pounds", None)),
        ("2 million pounds", "MONEY", (2_000_000.0, "GBP", None)),
        ("£243", "MONEY", (243.0, "GBP", None)),
        # a range has no single amount; a lone amount keeps its own (counter-example)
        ("40 to 80 percent", "PERCENT", (None, "%", None)),
        ("3-4%", "PERCENT", (None, "%", None)),
        ("between $5 million and $6 million", "MONEY", (None, "USD", None)),
        ("about $5 million", "MONEY", (5_000_000.0, "USD", "about")),
        ("16-inch", "QUANTITY", (16.0, "inch", None)),
    ],
)
def test_facts_parse_amount_weights_and_ranges(text, label, expected):
    assert parse_amount(text, label) == expected


def test_facts_figures_weight_and_range_in_text(nlp):
    text = "The parcel weighed 243 pounds on Monday.\nWind supplies 40 to 80 percent of the town's power, the mayor said.\n"
    _, doc, index, _ = _analyse(nlp, text)
    figures = {f.text: f for f in extract_figures(doc, index, text=doc.text)}
    assert figures["243 pounds"].unit != "GBP"
    assert figures["40 to 80 percent"].amount is None


def test_facts_attributions_only_reported_claims(nlp):
    text = (
        "The mayor's visit to the hospital on Saturday was a surprise: it was not on her public schedule and was not announced.\n"
        '"We will not discuss security, but as my statements said she is in good health," the spokeswoman, Lena Ortiz, said.\n'
        "Most clinics have new rules, and nine out of ten companies in the region are writing visitor apps.\n"
        "It was announced on Monday that the ward would close.\n"
        "Officials said the ward had lost money for years.\n"
        "The company also reported a loss of two million dollars.\n"
    )
    _, doc, index, entities = _analyse(nlp, text)
    found = [(a.source, a.named, a.sentence_id) for a in extract_attributions(doc, index, entities, text=doc.text)]
    by_sentence = {sid: src for src, _, sid in found}
    # a negated passive with no clause said, the speaker's own "my statements", a thing made: no source
    assert "s0001" not in by_sentence
    assert "my statements" not in by_sentence.values()
    assert "s0003" not in by_sentence
    # counter-examples: an agentless "it was announced that", the named speaker, officials saying a clause
    assert by_sentence["s0004"] is None
    assert by_sentence["s0002"] == "Lena Ortiz"
    assert by_sentence["s0005"] == "Officials"
    assert by_sentence["s0006"] == "The company"


def test_facts_attribution_span_starts_at_the_source(nlp):
    text = "\u201cThe river is back to its usual level,\u201d Tomas Brekke, a hydrologist at the Kestrel Institute, told reporters.\n"
    _, doc, index, entities = _analyse(nlp, text)
    attributions = extract_attributions(doc, index, entities, text=doc.text)
    assert attributions and attributions[0].source == "Tomas Brekke"
    # the closing quotation mark before the name is not part of the cue
    assert doc.text[attributions[0].start : attributions[0].end].startswith("Tomas Brekke")


def test_facts_parse_amount_as_low_as():
    assert parse_amount("as low as $29", "MONEY") == (29.0, "USD", "as low as")


def test_facts_pronoun_speaker_is_the_last_subject_not_the_last_name(nlp):
    text = (
        "Maria Lopez told David Brekke on Monday that the port would reopen.\n"
        "\u201cWe took that challenge to heart,\u201d she said.\n"
        "The harbour master met Lena Ortiz on Tuesday.\n"
        "\u201cThe cranes are ready,\u201d she said.\n"
    )
    _, doc, index, entities = _analyse(nlp, text)
    quotes = {q.text[:10]: q for q in extract_quotes(doc, index, entities, text=doc.text)}
    # the subject of the last clause, not the person named last (the object)
    assert quotes["We took th"].speaker == "Maria Lopez"
    assert quotes["We took th"].found_by == "pronoun"
    # counter-example: with no person as a subject before it, the person named last
    assert quotes["The cranes"].speaker == "Lena Ortiz"


def test_facts_nationality_modifier_is_not_the_speaker(nlp):
    text = (
        "\u201cThe probe is spinning slowly and we are trying to control it,\u201d the American space agency said.\n"
        "\u201cWe will not sign this treaty in its present form,\u201d the Americans said.\n"
    )
    _, doc, index, entities = _analyse(nlp, text)
    quotes = {q.text[:10]: q for q in extract_quotes(doc, index, entities, text=doc.text)}
    assert quotes["The probe "].speaker is None
    # counter-example: the nationality as the head of the subject speaks
    assert quotes["We will no"].speaker is not None
