"""The one way to write: every value checked against its model's limits, dates as ISO text,
who and when stamped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from meetup_tracker.errors import InvalidInput
from meetup_tracker.models import Contact, Handle, Interaction, Trip
from meetup_tracker.storage import rows
from meetup_tracker.storage.sql import Sql
from tests.services.conftest import a_contact


@pytest.mark.parametrize(
    ("model", "values", "says"),
    [
        (Contact, {"name": "Ana", "note": "x" * 100_001}, "note is 100,001 characters long"),
        (Contact, {"name": "Ana\x1b[2J"}, "name holds control characters"),
        (Contact, {"name": "   "}, "name is empty"),
        (Contact, {"name": "Ana", "lat": 91.0, "lon": 0.0}, "lat 91.0 is not between -90 and 90"),
        (Contact, {"name": "Ana", "since": date(9999, 1, 1)}, "outside the years 1 to 9998"),
        (Contact, {"name": "Ana", "geonameid": 3_000_000_000}, "geonameid 3000000000 is not"),
        (Handle, {"exchanges": 3_000_000_000}, "exchanges 3000000000 is not between 0 and"),
        (Handle, {"account_id": "9" * 9000}, "account id is 9,000 characters long"),
        (Interaction, {"kind": "telepathy"}, "kind 'telepathy' is not one of"),
        (Trip, {"starts_on": "2026-13-40"}, "starts on '2026-13-40' is not a date"),
    ],
)
def test_a_value_past_its_limit_is_refused_naming_it(model, values, says) -> None:
    with pytest.raises(InvalidInput, match=says):
        rows.check(model, values)


def test_dates_go_in_as_iso_text_and_authors_and_times_are_stamped(conn: Sql) -> None:
    ana = a_contact(conn, "Ana Ortiz", since=date(2024, 2, 3))
    since, created, updated, by, changed_by = conn.execute(
        "SELECT since, created_at, updated_at, created_by, updated_by FROM contact"
    ).fetchone()
    assert str(since) == "2024-02-03"
    assert created == updated
    assert str(created)[:4] == str(datetime.now(UTC).year)
    assert by == changed_by == conn.author
    rows.update(conn, Contact, {"note": "hello"}, id=ana)
    assert conn.execute("SELECT note, created_by FROM contact").fetchone() == ("hello", by)


def test_a_restore_keeps_the_authors_and_times_it_gives(conn: Sql) -> None:
    rows.insert(
        conn,
        Contact,
        {
            "id": 40,
            "name": "Ana",
            "name_key": "ana",
            "created_at": "2024-01-02 03:04:05",
            "updated_at": "2025-01-02 03:04:05",
            "created_by": "alice" if not conn.shared else conn.author,
            "updated_by": "bob" if not conn.shared else conn.author,
        },
    )
    found = conn.execute(
        "SELECT id, created_at, updated_at, created_by, updated_by FROM contact"
    ).fetchone()
    assert (found[0], str(found[1]), str(found[2])) == (
        40,
        "2024-01-02 03:04:05",
        "2025-01-02 03:04:05",
    )
    if not conn.shared:
        assert found[3:] == ("alice", "bob")


def test_a_change_needs_a_condition(conn: Sql) -> None:
    with pytest.raises(ValueError, match="every row"):
        rows.update(conn, Contact, {"note": "x"})
    with pytest.raises(ValueError, match="every row"):
        rows.delete(conn, Contact)
