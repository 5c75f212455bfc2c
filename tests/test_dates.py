"""Dates as people type them; anything else is an error."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetup_tracker.dates import parse_date
from meetup_tracker.errors import InvalidInput

THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2010-05-12", date(2010, 5, 12)),
        ("12 May 2010", date(2010, 5, 12)),
        ("May 12, 2010", date(2010, 5, 12)),
        ("12.05.2010", date(2010, 5, 12)),
        ("05/12/2010", date(2010, 5, 12)),
        ("today", THURSDAY),
        ("Yesterday", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 27)),
        ("3 days ago", date(2026, 11, 23)),
        ("a week ago", date(2026, 11, 19)),
        ("2 months ago", date(2026, 9, 26)),
        ("in 2 weeks", date(2026, 12, 10)),
        ("last friday", date(2026, 11, 20)),
        ("last thursday", date(2026, 11, 19)),
        ("friday", date(2026, 11, 20)),
        ("next monday", date(2026, 11, 30)),
        ("May 12", date(2026, 5, 12)),
        ("12th of May 2010", date(2010, 5, 12)),
        ("Friday 13 March 2026", date(2026, 3, 13)),
        ("Tue, 12 May 2026", date(2026, 5, 12)),
        ("last week", date(2026, 11, 19)),
        ("next month", date(2026, 12, 26)),
        ("tues", date(2026, 11, 24)),
        ("monday 3pm", date(2026, 11, 23)),  # the time is left out
        ("2026-05-12 15:00", date(2026, 5, 12)),
        ("5/12/26", date(2026, 5, 12)),  # two digits: the latest such year not after this one
        ("5/12/27", date(1927, 5, 12)),
        ("12.05.99", date(1999, 5, 12)),
    ],
)
def test_forms_people_type(typed: str, expected: date) -> None:
    assert parse_date(typed, reference=THURSDAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "2010-13-45",
        "someday",
        "",
        "12",
        "2010",
        "May 45 2010",
        "May 45",
        "99999999999 days ago",
    ],
)
def test_what_is_not_a_date_is_an_error_naming_it(typed: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(typed, reference=THURSDAY)
    assert "date" in str(info.value)


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(days)
def test_iso_and_month_name_forms_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d %B %Y")) == day
    assert parse_date(day.strftime("%B %d, %Y")) == day
    assert parse_date(day.strftime("%d %b %Y")) == day


@given(st.integers(min_value=0, max_value=20_000), days)
def test_days_ago_counts_back_from_the_reference(n: int, reference: date) -> None:
    assert parse_date(f"{n} days ago", reference=reference) == reference - timedelta(days=n)


@given(st.sampled_from(["last", "next"]), st.sampled_from(["monday", "fri", "Sunday"]), days)
def test_last_and_next_weekdays_are_within_a_week(which: str, name: str, reference: date) -> None:
    found = parse_date(f"{which} {name}", reference=reference)
    gap = (reference - found).days if which == "last" else (found - reference).days
    assert 1 <= gap <= 7
    assert found.strftime("%A").lower().startswith(name.lower()[:3])


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_clear_error(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        assert isinstance(parse_date(text, reference=THURSDAY), date)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3pm", "'3pm' is a time, not a date"),
        ("at 15:30", "'at 15:30' is a time, not a date"),
        ("May", "a month alone is not a day; write e.g. '12 May 2026'"),
        ("May 2026", "a month alone is not a day"),
        ("5th", "a day alone is not a date"),
        ("Friday 13", "which month? write e.g. 'Friday 13 March 2026'"),
        ("Friday 12 March 2026", "2026-03-12 is a Thursday, not a Friday"),
        ("31/12/2026", "with slashes the month comes first; write 12/31/2026"),
        ("12-05-2010", "could be day or month first"),
        ("0000-01-01", "there is no year 0"),
        ("9999-01-01", "outside the years 1 to 9998"),
    ],
)
def test_dates_never_stored_wrong_in_silence(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(typed, reference=THURSDAY)
    assert message in str(info.value)
