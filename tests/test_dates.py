"""Partial and approximate dates: bounds, qualifiers, and errors."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relgraph import PartialDate, QueryError
from relgraph.dates import parse_day, parse_period

QUALIFIERS = st.sampled_from(["", "~", "?", "%"])


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["year", "month", "day"]), QUALIFIERS)
def test_bounds_cover_exactly_the_named_period(day: dt.date, precision: str, q: str) -> None:
    text = {
        "year": f"{day.year:04d}",
        "month": f"{day.year:04d}-{day.month:02d}",
        "day": day.isoformat(),
    }[precision] + q
    date = PartialDate.parse(text)
    assert str(date) == text
    assert date.precision == precision
    assert date.first <= day <= date.last
    assert (date.approximate, date.uncertain) == (q in "~%" and q != "", q in "?%" and q != "")
    if precision == "year":
        assert (date.first, date.last) == (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    elif precision == "month":
        days = calendar.monthrange(day.year, day.month)[1]
        assert (date.first.day, date.last.day) == (1, days)
    else:
        assert date.first == date.last == day


@given(st.text(max_size=20))
def test_anything_else_is_a_value_error_or_a_valid_date(text: str) -> None:
    try:
        date = PartialDate.parse(text)
    except ValueError:
        return
    assert date.first <= date.last


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-13", "2024-13: month must be 01 to 12 (got 13)"),
        ("2023-02-29", "2023-02-29 is not a day of the calendar (February 2023 has 28 days)"),
        ("2024/05/14", "'2024/05/14' is not a date"),
        ("24-05-14", "'24-05-14' is not a date"),
        ("2024-05-14~?", "'2024-05-14~?' is not a date"),
        ("0000", "0000: year 0000 is not supported"),
    ],
)
def test_invalid_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + __import__("re").escape(message)):
        PartialDate.parse(text)


def test_leap_day_and_qualifiers() -> None:
    assert PartialDate.parse("2024-02-29%").last == dt.date(2024, 2, 29)
    assert PartialDate.parse("2024-02").last == dt.date(2024, 2, 29)


def test_parse_day_refuses_periods_with_a_pointer_to_window() -> None:
    assert parse_day(dt.date(2024, 5, 14)) == dt.date(2024, 5, 14)
    with pytest.raises(QueryError, match=r"whole year, not a day: .*window\('2024', '2024'\)"):
        parse_day("2024")
    with pytest.raises(QueryError, match="is not a date"):
        parse_day("14/05/2024")


def test_parse_period_of_a_month() -> None:
    assert parse_period("2023-12~") == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
