"""Services tested directly: each test gets a copy of one migrated database (on the engine the
suite runs on), and small factories that make what a test needs in a line."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from meetup_tracker.storage import Store, open_store
from meetup_tracker.storage.sql import Sql
from tests.conftest import ON_POSTGRES


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the whole schema and nothing in it, made once."""
    from meetup_tracker.storage.sqlite import SqliteStore

    path = tmp_path_factory.mktemp("template") / "meetup.db"
    SqliteStore(path).prepare()
    return path


@pytest.fixture
def store(template_db: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    """This test's own database: a copy of the template (on PostgreSQL, a database made from
    the server's migrated template)."""
    if ON_POSTGRES:
        return open_store(request.getfixturevalue("pg_template")())
    path = tmp_path / "meetup.db"
    shutil.copy(template_db, path)
    return open_store(path)


@pytest.fixture
def conn(store: Store) -> Iterator[Sql]:
    """A connection in a write transaction, committed when the test ends."""
    with store.writing() as connection:
        yield connection


def a_contact(conn: Sql, name: str = "Ana Ortiz", **fields: Any) -> int:
    """A contact (see services.contacts.add_contact for the fields)."""
    from meetup_tracker.services.contacts import add_contact

    if "city" in fields:
        from meetup_tracker.services.places import locate

        fields["location"] = locate(fields.pop("city"))
    return add_contact(conn=conn, name=name, **fields)


def a_meeting(
    conn: Sql, *people: int, on: date = date(2026, 5, 12), kind: str = "in-person", **fields: Any
) -> int:
    """A meeting (or call, with `kind`) with these contacts."""
    from meetup_tracker.services.interactions import record_interaction

    return record_interaction(conn=conn, contact_ids=list(people), kind=kind, on=on, **fields)


def a_trip(conn: Sql, name: str, start: date, *places: str) -> int:
    """A trip from nowhere in particular through these places."""
    from meetup_tracker.services.places import waypoint
    from meetup_tracker.services.trips import StopSpec, add_trip

    stops = [(waypoint(place)[0], StopSpec(place)) for place in places]
    return add_trip(conn=conn, name=name, start=start, end=None, origin=None, stops=stops)
