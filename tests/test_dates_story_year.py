"""Dates: a month-day named without a year takes the earlier year the story has moved to (narrative anchor)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import date_mentions

PUBLISHED = dt.date(2019, 11, 20)


def _mentions(nlp, text):
    return date_mentions(nlp, text, PUBLISHED)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # an explicit earlier year of the same verb, in the same sentence ...
        ("Trump attended a September 11 commemoration in New York in 2016.\n", "2016-09-11"),
        # ... or the last date of the paragraph before it
        ("In 2016 the candidates toured Ohio. They spoke at a September 11 commemoration in Manhattan.\n", "2016-09-11"),
        # counter-examples: the year is in another paragraph, ...
        ("In 2016 the candidates toured Ohio.\nThey spoke at a September 11 commemoration in Manhattan.\n", "2019-09-11"),
        # ... modifies a noun rather than timing the clause, ...
        ("The 2016 report was read aloud at a September 11 commemoration.\n", "2019-09-11"),
        # ... the clause of the month-day looks ahead, ...
        ("The three states, invited in 2016, will join the alliance on September 11.\n", "2020-09-11"),
        # ... or the story has come back to this year since
        ("In 2016 sales fell. This year they rose, and the firm opened a shop on September 11.\n", "2019-09-11"),
    ],
)
def test_dates_story_year_month_day(nlp, text, value):
    assert _mentions(nlp, text)["September 11"].value == value


def test_dates_story_year_records_the_anchor(nlp):
    mention = _mentions(nlp, "Trump attended a September 11 commemoration in New York in 2016.\n")["September 11"]
    assert (mention.anchor, mention.anchor_value) == ("narrative", "2016")
