"""Dates: the direction of bare weekdays and weekends from the grammar of the sentence (tense, modals, infinitives)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import extract_dates, normalise_date, timeml_value
from pipeline.dates.extract import extract_date_values
from pipeline.sentences import SentenceIndex, split_sentences
from tests.helpers import article_by_lines

MONDAY = dt.date(2024, 5, 6)  # ISO week 19


def _values(nlp, text, reference=MONDAY):
    article = article_by_lines(text)
    doc = nlp(article.text)
    return {
        d.text: d.value for d in extract_dates(doc, SentenceIndex(split_sentences(article, doc)), text=article.text, reference=reference)
    }


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # an infinitive under a present-tense verb looks ahead ...
        ("The talks are set to resume on Thursday in Geneva.\n", "Thursday", "2024-05-09"),
        ("The minister plans to visit the border on Friday.\n", "Friday", "2024-05-10"),
        # ... a past verb looks back (counter-example)
        ("The talks resumed on Thursday in Geneva.\n", "Thursday", "2024-05-02"),
        # "would": the future of a reported past
        ("The company said it would announce the results on Thursday.\n", "Thursday", "2024-05-09"),
        ("The company announced the results on Thursday.\n", "Thursday", "2024-05-02"),
        # what is planned lies ahead, even when the planning is told in the past ...
        ("The rebels planned to cross the river on Thursday.\n", "Thursday", "2024-05-09"),
        ("The prosecutor has scheduled a news conference Thursday.\n", "Thursday", "2024-05-09"),
        # ... but a past verb that is not one of planning looks back (counter-examples)
        ("The rebels tried to cross the river on Thursday.\n", "Thursday", "2024-05-02"),
        ("The index set a record on Thursday.\n", "Thursday", "2024-05-02"),
        # a clock time before the weekday follows the tense too
        ("The deadline will expire at 9 a.m. Wednesday.\n", "9 a.m. Wednesday", "2024-05-08"),
        ("The deadline expired at 9 a.m. Wednesday.\n", "9 a.m. Wednesday", "2024-05-01"),
    ],
)
def test_dates_tense_weekday_direction(nlp, text, expression, value):
    assert _values(nlp, text)[expression] == value


def test_dates_tense_weekend_just_gone(nlp):
    # on a Monday, a past-tense "over the weekend" is the weekend of the previous ISO week
    got = _values(nlp, "Rescue teams searched the hills over the weekend.\n")
    assert got["the weekend"] == "2024-W18"
    # counter-examples: the coming weekend in a future sentence, and on a Saturday the weekend is this one
    assert _values(nlp, "Rescue teams will search the hills over the weekend.\n")["the weekend"] == "2024-W19"
    saturday = dt.date(2024, 5, 11)
    assert _values(nlp, "Rescue teams searched the hills over the weekend.\n", saturday)["the weekend"] == "2024-W19"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("later this afternoon", "2024-05-06TAF"),
        ("early this morning", "2024-05-06TMO"),
        ("mid-afternoon yesterday", "2024-05-05TAF"),
        ("mid afternoon", "2024-05-06TAF"),
        ("late last night", "2024-05-05TNI"),
        ("later in the day", "2024-05-06"),
        # counter-examples: a part of the day alone is not a date
        ("afternoon", None),
        ("the afternoon", None),
    ],
)
def test_dates_parts_of_the_day(text, value):
    assert timeml_value(text, reference=MONDAY) == value


def test_dates_later_in_the_day_follows_the_story(nlp):
    got = _values(nlp, "The ship docked on March 3, 1998.\nLater in the day, the crew went ashore.\n")
    assert got["Later in the day"] == "1998-03-03"


def test_dates_period_ended_is_two_expressions(nlp):
    text = "Acme earned $5 million in the quarter ended Sept. 30, and $9 million in the fourth quarter ended Aug. 26, 1988.\n"
    got = _values(nlp, text, dt.date(1989, 10, 30))
    assert got["the quarter"] == "1989-07/1989-09"  # the calendar quarter of its end date
    assert got["Sept. 30"] == "1989-09-30"
    assert got["the fourth quarter"] == "1988-06/1988-08"  # a fiscal quarter: the three months to its end
    assert got["Aug. 26, 1988"] == "1988-08-26"
    assert timeml_value("the fourth quarter ended Aug. 26, 1988", reference=dt.date(1989, 10, 30)) == "1988-Q4"


def test_dates_period_ended_without_a_date_stays_whole(nlp):
    # counter-example: "ended" followed by something that is not a date
    got = _values(nlp, "The year ended in disappointment for the club, after the 1988 season.\n", dt.date(1989, 10, 30))
    assert "Sept. 30" not in got and all("ended" not in t or "disappointment" in t for t in got)


def test_dates_range_of_days_is_two_expressions(nlp):
    text = "The fund bought 100,000 shares from Aug. 26 to Oct. 20.\nThe offer runs from today through Nov. 17.\n"
    got = _values(nlp, text, dt.date(1989, 10, 27))
    assert got["Aug. 26"] == "1989-08-26" and got["Oct. 20"] == "1989-10-20"
    assert got["today"] == "1989-10-27" and got["Nov. 17"] == "1989-11-17"
    # counter-example: an amount of days between two numbers stays one expression
    assert not any(t in ("10", "20 days") for t in _values(nlp, "Repairs take between 10 and 20 days.\n", dt.date(1989, 10, 27)))


def test_dates_first_months_of_a_year_is_two_expressions(nlp):
    got = _values(
        nlp, "Sales fell 4% in the first nine months of 1988, and rose in the first six months of the year.\n", dt.date(1989, 10, 30)
    )
    assert got["the first nine months"] == "P9M" and got["1988"] == "1988"
    assert got["the year"] == "1989"  # "of the year": the year of the reference, not the duration P1Y


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a quantified vague period is an amount of time, as with a number ...
        ("the next few days", "PXD"),
        ("the past few weeks", "PXW"),
        ("the next three days", "P3D"),
        # ... without a quantifier it points to the past or the future (counter-examples)
        ("recent years", "PAST_REF"),
        ("the coming months", "FUTURE_REF"),
        # "a couple of" is two
        ("a couple of years", "P2Y"),
    ],
)
def test_dates_vague_amounts_of_time(text, value):
    assert timeml_value(text, reference=MONDAY) == value


def test_dates_named_days_spacy_misses(nlp):
    got = _values(nlp, "Late Monday, officials said the talks had failed.\n", dt.date(2000, 4, 10))
    assert got["Late Monday"] == "2000-04-10"
    # counter-example: a weekday that starts a name is not a date
    assert not any("Monday" in t for t in _values(nlp, "He watched Monday Night Football with friends.\n", dt.date(2000, 4, 10)))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 1/2 years", "P2Y6M"),
        ("a year and a half", "P1Y6M"),
        ("three and a half days", "P3DT12H"),
        ("an hour and a half", "PT1H30M"),
        # counter-example: no half
        ("two years", "P2Y"),
    ],
)
def test_dates_halves_in_durations(text, value):
    assert timeml_value(text) == value


def test_dates_amount_then_day_is_two_expressions(nlp):
    got = _values(nlp, "She took the stand for more than four hours Friday in the magistrate's court.\n", dt.date(1998, 2, 27))
    assert got.get("four hours") == "PT4H" and got.get("Friday") == "1998-02-27"
    # counter-example: "the day Friday" is one day, not an amount and a day
    assert "the day" not in _values(nlp, "During the day Friday, the boy played in the yard.\n", dt.date(2000, 1, 7))


def test_dates_article_before_an_ordinal_quarter(nlp):
    got = _values(nlp, "The insurer will take a fourth-quarter charge of $10 million.\n", dt.date(1989, 11, 2))
    assert got["fourth-quarter"] == "1989-10/1989-12"


def test_dates_year_ago_quarter_after_period_ended(nlp):
    text = "Profit rose to $9 million in the quarter ended Sept. 30, from $5 million in the year-ago quarter.\n"
    article = article_by_lines(text)
    doc = nlp(article.text)
    got = {
        m.text: dv.timeml
        for m, dv in extract_date_values(
            doc, SentenceIndex(split_sentences(article, doc)), text=article.text, reference=dt.date(1989, 10, 30)
        )
    }
    # the period compared is the quarter, not its end date
    assert got["the year-ago quarter"] == "1988-Q3"


@pytest.mark.parametrize(
    ("text", "reference", "tense", "resolved"),
    [
        # a past sentence never looks into the next year, a future one never into the last
        ("January", dt.date(1989, 12, 15), -1, "1989-01"),
        ("December", dt.date(1989, 1, 15), 1, "1989-12"),
        ("December", dt.date(1989, 6, 15), -1, "1988-12"),
        ("February", dt.date(1989, 6, 15), 1, "1990-02"),
        # counter-examples: with no tense, a month far behind is next year's, one far ahead last year's
        ("January", dt.date(1989, 12, 15), 0, "1990-01"),
        ("December", dt.date(1989, 1, 15), 0, "1988-12"),
    ],
)
def test_dates_month_year_from_tense(text, reference, tense, resolved):
    assert normalise_date(text, reference=reference, tense=tense).resolved == resolved


def test_dates_month_of_a_spelled_year_and_article_before_a_date(nlp):
    assert timeml_value("January nineteen ninety-seven") == "1997-01"
    got = _values(nlp, "The shares were bought under an Aug. 10, 1988, purchase agreement.\n", dt.date(1989, 10, 30))
    assert got["Aug. 10, 1988"] == "1988-08-10"


WEDNESDAY = dt.date(2019, 11, 20)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # a modal of prediction or obligation with a bare infinitive looks ahead ...
        ("Forecasters say the winds should ease by Thursday.\n", "Thursday", "2019-11-21"),
        ("The council may vote on the plan Friday.\n", "Friday", "2019-11-22"),
        # ... a perfect infinitive after it looks back, and so does a past verb (counter-examples)
        ("The winds should have eased by Thursday.\n", "Thursday", "2019-11-14"),
        ("The winds eased by Thursday.\n", "Thursday", "2019-11-14"),
        # a deadline in a clause that is not past lies ahead; in a past clause it does not
        ("Send the forms by Friday.\n", "Friday", "2019-11-22"),
        ("The forms arrived by Friday.\n", "Friday", "2019-11-15"),
    ],
)
def test_dates_tense_modal_and_deadline(nlp, text, expression, value):
    assert _values(nlp, text, WEDNESDAY)[expression] == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a participle clause tells what was done: its month is the last one, not the next ...
        ("His most recent physical \u2014 conducted in February \u2014 found him healthy.\n", "2019-02"),
        ("The survey, published in February, found little change.\n", "2019-02"),
        # ... but a planned one lies ahead, and a present passive keeps the nearest month (counter-examples)
        ("The next physical, scheduled for February, will be his last.\n", "2020-02"),
        ("The physical is conducted in February.\n", "2020-02"),
    ],
)
def test_dates_tense_participle_month(nlp, text, value):
    assert _values(nlp, text, WEDNESDAY)["February"] == value
