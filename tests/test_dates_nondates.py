"""Dates: what looks like a date but is not one day (a weekday modifying a bare noun, numbers that are not years)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import date_mentions

PUBLISHED = dt.date(2019, 11, 20)


def _mentions(nlp, text):
    return date_mentions(nlp, text, PUBLISHED)


@pytest.mark.parametrize(
    ("text", "expression", "value", "kind"),
    [
        # a weekday modifying a bare noun is what happens every such day: a set, no day
        ("The paper will end Saturday publication next month.\n", "Saturday", None, "set"),
        ("He never missed Monday night football.\n", "Monday night", None, "set"),
        # counter-examples: with an article or a possessive it is one day's thing, as TimeML annotates it
        ("The Friday explosions killed at least 110 people.\n", "Friday", "2019-11-15", "relative"),
        ("Before his Sunday night address, Castro met the pupils.\n", "Sunday night", "2019-11-17", "relative"),
    ],
)
def test_dates_habitual_weekday(nlp, text, expression, value, kind):
    mention = _mentions(nlp, text)[expression]
    assert (mention.value, mention.kind) == (value, kind)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # four-digit numbers where numbers are amounts: a verb's object, the amount of a bare plural noun ...
        ("The laptop scored 1061 and 1128 in the two tests.\n", set()),
        ("The benchmark gave scores of 1061 and 1128.\n", set()),
        # ... counter-examples: after a preposition of time, as a subject, with an article, of a time word
        ("The album was released in 1998.\n", {"1998"}),
        ("1989 was a good year for the firm.\n", {"1989"}),
        ("The elections of 1992 and 1996 were close.\n", {"1992", "1996"}),
        ("The class of 1998 returned to the campus.\n", {"1998"}),
    ],
)
def test_dates_numbers_that_are_not_years(nlp, text, years):
    assert {m.value for m in _mentions(nlp, text).values() if m.value and len(m.value) == 4} == years


@pytest.mark.parametrize(
    "text",
    [
        "The last time the holiday fell on a Saturday was 2009.\n",
        "The most recent film in the series was 2009's sequel.\n",
    ],
)
def test_dates_year_after_be_is_a_year(nlp, text):
    assert "2009" in {m.value for m in _mentions(nlp, text).values()}
