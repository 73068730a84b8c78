"""Dates: named holidays, the year picked by last/next/this or by the tense of the sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import extract_dates, normalise_date
from pipeline.dates.holidays import easter
from pipeline.sentences import SentenceIndex, split_sentences
from tests.helpers import article_by_lines


@pytest.mark.parametrize(
    ("text", "reference", "tense", "value"),
    [
        ("Thanksgiving Day", dt.date(2000, 1, 6), -1, "1999-11-25"),  # the fourth Thursday of November, the last one
        ("Thanksgiving", dt.date(2000, 1, 6), 1, "2000-11-23"),  # the next one in a future sentence
        ("last Christmas", dt.date(1998, 12, 25), 0, "1997-12-25"),  # on the day itself, "last" is a year back
        ("Christmas Eve", dt.date(1998, 12, 20), 0, "1998-12-24"),  # the nearer one
        ("Election Day", dt.date(1998, 10, 26), 1, "1998-11-03"),  # the Tuesday after the first Monday
        ("Memorial Day", dt.date(2024, 1, 2), 1, "2024-05-27"),  # the last Monday of May
        ("Easter week", dt.date(2000, 4, 17), 0, "2000-W16"),
        ("Good Friday", dt.date(2024, 3, 1), 0, "2024-03-29"),
        ("Black Friday", dt.date(2019, 11, 19), 0, "2019-11-29"),  # the day after Thanksgiving
        ("Cyber Monday", dt.date(2019, 11, 19), -1, "2018-11-26"),  # the Monday after it, the last one
        # counter-example: not a holiday
        ("Holiday Inn", dt.date(2024, 3, 1), 0, None),
    ],
)
def test_dates_holiday_values(text, reference, tense, value):
    assert normalise_date(text, reference=reference, tense=tense).timeml == value


def test_dates_easter_dates():
    assert [easter(y) for y in (1998, 2000, 2024)] == [dt.date(1998, 4, 12), dt.date(2000, 4, 23), dt.date(2024, 3, 31)]


def test_dates_holiday_found_in_text(nlp):
    text = "The boy was found at sea on Thanksgiving Day, weeks before he flew from Christmas Island.\n"
    article = article_by_lines(text)
    doc = nlp(article.text)
    got = {
        d.text: d.value
        for d in extract_dates(doc, SentenceIndex(split_sentences(article, doc)), text=article.text, reference=dt.date(2000, 1, 6))
    }
    assert got.get("Thanksgiving Day") == "1999-11-25"
    # counter-example: a holiday word inside a place name is not a date
    assert not any("Christmas" in t for t in got)


def test_dates_holiday_replaces_its_weekday(nlp):
    text = "Good Friday, Easter Saturday and Easter Monday are public holidays.\nThe show airs Wednesdays at 9 p.m.\n"
    article = article_by_lines(text)
    doc = nlp(article.text)
    got = {
        d.text: d.value
        for d in extract_dates(doc, SentenceIndex(split_sentences(article, doc)), text=article.text, reference=dt.date(2015, 4, 2))
    }
    assert got["Good Friday"] == "2015-04-03" and got["Easter Monday"] == "2015-04-06"
    # counter-examples: no bare weekday inside a holiday, and a plural weekday is not one day
    assert "Friday" not in got and "Wednesday" not in got


def test_dates_black_friday_is_the_holiday_not_a_weekday(nlp):
    # "Black Friday coverage": the holiday, not the set of Fridays a weekday before a bare noun would be
    article = article_by_lines("See our Black Friday coverage for the best deals.\nThe shop opened on Friday.\n")
    doc = nlp(article.text)
    got = {
        d.text: d.value
        for d in extract_dates(doc, SentenceIndex(split_sentences(article, doc)), text=article.text, reference=dt.date(2019, 11, 19))
    }
    assert got == {"Black Friday": "2019-11-29", "Friday": "2019-11-15"}
