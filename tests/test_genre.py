"""Genre: one hand-written example per class, with counter-examples."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.chain import pipeline_for
from pipeline.config import Settings
from pipeline.flags import flag_sentences
from pipeline.genre import classify_genre
from pipeline.sentences import split_sentences
from tests.test_summarise import article_from_lines

NEWS = """Harbour Board Approves New Ferry Terminal
The Kestrel Bay Harbour Board approved a second ferry terminal on Tuesday after a two-year planning dispute.
The terminal will cost about $48 million and open in the spring of 2027, the board said.
"I am glad the decision is made," said Priya Natarajan, who chairs the commuters' association.
Two council members voted against the plan.
Work on the foundations is scheduled to begin in January.
"""

OPINION = """The Ferry Plan Is a Costly Mistake
I have taken the Kestrel Bay ferry every working day for eleven years.
I was glad when the board finally promised to act, but this plan is a shameful and absurd waste of money.
That is an astonishing sum for a building that will stand half empty.
Surely a few extra sailings would have done the same job, in my view.
The council should send this terrible plan back.
"""

LIVE = """Storm Kestrel: Latest
10:05 The coastguard has closed the north quay.
10:40 Ferries to the islands are cancelled for the rest of the day.
11:15 Power has been cut to 3,000 homes in the east of the bay.
Update: The council has opened two rest centres.
"""

RELEASE = """Kestrel Ferries Announces New Route
FOR IMMEDIATE RELEASE
Kestrel Ferries today announced a new route between the north quay and Gull Island.
The service will start in May with four sailings a day.
About Kestrel Ferries
Kestrel Ferries operates six routes across the bay.
Media contact: press@example.org
"""

REVIEW = """The Lighthouse Keeper
Rating: 4/5
This is a gripping and beautifully acted drama about a remote lighthouse.
The lead performance is superb and the score is haunting.
The final act is a little too long.
"""


def _genre(nlp, text: str, **article_fields):
    article = article_from_lines(text)
    if article_fields:
        article = dataclasses.replace(article, **article_fields)
    doc = nlp(article.text)
    return classify_genre(article, flag_sentences(doc, split_sentences(article, doc), flagger=pipeline_for(Settings()).resources.flagger))


@pytest.mark.parametrize(
    ("text", "label"),
    [(NEWS, "news"), (OPINION, "opinion"), (LIVE, "live_blog"), (RELEASE, "press_release"), (REVIEW, "review")],
)
def test_genre_each_class_from_the_text(nlp, text, label):
    genre = _genre(nlp, text)
    assert genre.label == label
    assert genre.evidence  # says why


def test_genre_news_with_a_quoted_first_person_is_not_opinion(nlp):
    # the "I" is the source's, inside quotation marks with a reporting verb
    assert _genre(nlp, NEWS).label == "news"


def test_genre_times_in_a_news_story_do_not_make_a_live_blog(nlp):
    text = NEWS + "The meeting began at 10:30 and ended at 12:15.\n"
    assert _genre(nlp, text).label == "news"


def test_genre_a_score_is_not_a_rating(nlp):
    text = NEWS + "The board's motion passed 7/5 after a second vote.\n"
    assert _genre(nlp, text).label == "news"


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://example.org/opinion/2025/11/20/ferry-plan", "opinion"),
        ("https://example.org/commentisfree/ferry-plan", "opinion"),
        ("https://example.org/culture/reviews/lighthouse-keeper", "review"),
        ("https://example.org/press-releases/new-route", "press_release"),
        ("https://example.org/news/live/storm-kestrel", "live_blog"),
    ],
)
def test_genre_url_section_words_decide(nlp, url, label):
    genre = _genre(nlp, NEWS, url=url)
    assert genre.label == label
    assert url in genre.evidence[0]


def test_genre_url_without_a_section_word_leaves_the_text_to_decide(nlp):
    assert _genre(nlp, NEWS, url="https://example.org/news/2025/ferry-terminal-approved").label == "news"
    # "preview" or "reviewed" are not the section word "review"
    assert _genre(nlp, NEWS, url="https://example.org/news/preview-of-the-ferry-vote").label == "news"


def test_genre_metadata_and_title_prefix(nlp):
    assert _genre(nlp, NEWS, meta={"section": "Opinion"}).label == "opinion"
    assert _genre(nlp, NEWS, title="Review: The Lighthouse Keeper").label == "review"
    assert _genre(nlp, NEWS, title="Ferry review delayed again").label == "news"


def test_genre_too_short_is_other(nlp):
    assert _genre(nlp, "Ferry\nThe ferry is late.\n").label == "other"
