"""The hot queries stay indexed: the SQL each command really runs (traced as it runs, with its
values) is explained by SQLite, not timed, so the test is steady."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from meetup_tracker.storage import sqlite as sqlite_storage
from tests.conftest import Run

pytestmark = pytest.mark.sqlite_only
Traced = Callable[..., dict[str, str]]


@pytest.fixture
def traced(run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Traced:
    """Run a command on the demo network and return each SELECT it ran, with its plan."""
    run("--db", str(db_path), "demo")
    connect = sqlite_storage.connect

    def explain(*args: str) -> dict[str, str]:
        statements: list[str] = []

        def watched(path: Path) -> sqlite3.Connection:
            connection = connect(path)
            connection.set_trace_callback(statements.append)
            return connection

        with monkeypatch.context() as patch:
            patch.setattr(sqlite_storage, "connect", watched)
            run("--db", str(db_path), *args)
        plans = {}
        with sqlite3.connect(db_path) as conn:
            for sql in statements:
                if sql.lstrip().upper().startswith("SELECT") and "sqlite_master" not in sql:
                    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
                    plans[sql] = "\n".join(row[-1] for row in rows)
        assert plans, "the command ran no query"
        return plans

    return explain


def _one(plans: dict[str, str], *words: str) -> str:
    """The plan of the one statement that holds all these words."""
    found = [plan for sql, plan in plans.items() if all(w in sql for w in words)]
    assert len(found) >= 1, f"no statement with {words}: {list(plans)}"
    return found[0]


def test_near_and_route_narrow_by_the_lat_lon_index(traced: Traced) -> None:
    for command in (["near", "Nashville"], ["route", "Knoxville", "Memphis"]):
        explained = _one(traced(*command), "FROM contact WHERE lat BETWEEN")
        assert "USING COVERING INDEX ix_contact_lat_lon (lat>? AND lat<?)" in explained


def test_unmet_reads_in_index_order_without_sorting(traced: Traced) -> None:
    explained = _one(traced("unmet", "--limit", "100"), "FROM contact c WHERE NOT EXISTS")
    assert "ix_contact_known" in explained
    assert "TEMP B-TREE" not in explained
    assert "SEARCH a USING COVERING INDEX ix_attendee_contact (contact_id=?)" in explained


def test_contact_list_reads_in_name_order_without_sorting(traced: Traced) -> None:
    explained = _one(traced("contact", "list"), "FROM contact c", "ORDER BY c.name_key")
    assert "ix_contact_name_key" in explained
    assert "TEMP B-TREE" not in explained


def test_looking_a_contact_up_by_name_or_handle_is_a_search(traced: Traced) -> None:
    by_name = traced("contact", "show", "Maya Patel")
    assert "INDEX ix_contact_name_key (name_key=?)" in _one(by_name, "WHERE c.name_key =")
    by_handle = traced("contact", "show", "twitter:@mayabuilds")
    assert "(platform=? AND key=?)" in _one(by_handle, "h.key =", "h.platform =")
    anywhere = traced("contact", "show", "mayabuilds")
    assert "INDEX ix_handle_key (key=?)" in _one(anywhere, "FROM contact c JOIN handle h")


def test_details_of_a_chunk_are_searched_by_contact(traced: Traced) -> None:
    plans = traced("unmet", "--limit", "100")
    for table, index in (("handle h", "ix_handle_contact"), ("attendee a", "ix_attendee_contact")):
        explained = _one(plans, f"FROM {table}", "contact_id IN (")
        assert f"INDEX {index} (contact_id=?)" in explained


def test_no_page_of_a_listing_reads_a_whole_table(traced: Traced) -> None:
    """A first page, a profile, a place: every table of people, handles, tags and meetings is
    searched or read in an index's order, never scanned whole."""
    commands = [
        ["unmet", "--limit", "100"],
        ["contact", "show", "#1"],
        ["near", "Nashville"],
        ["meetings", "--limit", "100"],
        ["trip", "show", "#1"],
    ]
    big = ("contact", "handle", "tag", "attendee", "interaction", " c", " h", " t", " a", " i")
    for command in commands:
        for sql, explained in traced(*command).items():
            for line in explained.splitlines():
                whole = line.startswith("SCAN") and "USING" not in line
                assert not (whole and line.removeprefix("SCAN").startswith(big)), (command, sql)
