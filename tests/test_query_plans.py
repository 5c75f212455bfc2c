"""The hot queries stay indexed: EXPLAIN QUERY PLAN, not timings, so the test is steady."""

from __future__ import annotations

import pytest

from meetup_tracker.services.nearby import CANDIDATES_SQL
from meetup_tracker.services.reports import NOT_MET, UNMET_ORDER
from meetup_tracker.services.views import NAME_ORDER, contacts_sql
from meetup_tracker.storage.sqlite import SqliteStore


@pytest.fixture
def plan(run, db_path):
    run("--db", str(db_path), "demo")
    store = SqliteStore(db_path)

    def explain(sql: str) -> str:
        with store.reading() as conn:
            rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", _params(sql)).fetchall()
        return "\n".join(row[-1] for row in rows)

    return explain


def _params(sql: str) -> dict[str, object]:
    names = ("lat_min", "lat_max", "lon_min", "lon_max", "today", "key", "ids", "platform")
    return {name: "1" for name in names if f":{name}" in sql}


def test_near_and_route_narrow_by_the_lat_lon_index(plan) -> None:
    assert "USING COVERING INDEX ix_contact_lat_lon (lat>? AND lat<?)" in plan(CANDIDATES_SQL)


def test_unmet_reads_in_index_order_without_sorting(plan) -> None:
    explained = plan(contacts_sql(NOT_MET, UNMET_ORDER) + " LIMIT 101")
    assert "ix_contact_known" in explained
    assert "TEMP B-TREE" not in explained
    assert "SEARCH a USING COVERING INDEX ix_attendee_contact (contact_id=?)" in explained


def test_contact_list_reads_in_name_order_without_sorting(plan) -> None:
    explained = plan(contacts_sql("1", NAME_ORDER))
    assert "ix_contact_name_key" in explained
    assert "TEMP B-TREE" not in explained


def test_looking_a_contact_up_by_name_or_handle_is_a_search(plan) -> None:
    assert "INDEX ix_contact_name_key (name_key=?)" in plan(
        "SELECT id FROM contact WHERE name_key = :key"
    )
    assert "(platform=? AND key=?)" in plan(
        "SELECT contact_id FROM handle WHERE platform = :platform AND key = :key"
    )
    assert "INDEX ix_handle_key (key=?)" in plan("SELECT contact_id FROM handle WHERE key = :key")


def test_details_of_a_chunk_are_searched_by_contact(plan) -> None:
    explained = plan(
        "SELECT contact_id, platform, handle FROM handle h"
        " WHERE h.contact_id IN (SELECT value FROM json_each(:ids))"
    )
    assert "SEARCH h USING INDEX ix_handle_contact (contact_id=?)" in explained
