"""Matching a file's people to yours where many share a name: by handle first; by name only
where one namesake, in the record's city or with none, could be them."""

from __future__ import annotations

from meetup_tracker.formats.records import ContactRecord, Parsed
from meetup_tracker.handles import parse_handle
from meetup_tracker.services.importing import run_import
from meetup_tracker.storage.sql import Sql
from tests.services.conftest import a_contact

CITIES = ["Memphis, TN", "Nashville, TN", "Knoxville, TN", "Austin, TX", "Denver, CO"]


def _file(records: list[ContactRecord]) -> Parsed:
    parsed = Parsed("linkedin")
    parsed.contacts = records
    return parsed


def _record(line: int, name: str, city: str | None = None, url: str | None = None) -> ContactRecord:
    record = ContactRecord(line=line, name=name, city=city)
    if url:
        record.handles.append(parse_handle(url))
    return record


def test_many_namesakes_match_by_handle_then_by_city(conn: Sql) -> None:
    for n in range(200):
        a_contact(conn, "Ana Ortiz", city=CITIES[n % 5],
                  handles=[f"https://www.linkedin.com/in/ana-ortiz-{n}"])  # fmt: skip
    again = [
        _record(n, "Ana Ortiz", CITIES[n % 5], f"https://www.linkedin.com/in/ana-ortiz-{n}")
        for n in range(200)
    ]
    summary = run_import(conn=conn, parsed=_file(again))
    assert (summary.contacts.unchanged, summary.contacts.added) == (200, 0)
    # A new Ana in a city forty others live in: not one of them for sure, so a new contact.
    summary = run_import(conn=conn, parsed=_file([_record(1, "Ana Ortiz", "Memphis, TN")]))
    assert summary.contacts.added == 1


def test_a_name_matches_the_one_namesake_in_its_city(conn: Sql) -> None:
    ana = a_contact(conn, "Ana Ortiz", city="Memphis, TN")
    for city in CITIES[1:]:
        a_contact(conn, "Ana Ortiz", city=city)
    summary = run_import(conn=conn, parsed=_file([_record(1, "Ana Ortiz", "Memphis, TN",
                                                          "https://x.com/anaortiz")]))  # fmt: skip
    assert (summary.contacts.updated, summary.contacts.added) == (1, 0)
    owner = conn.execute("SELECT contact_id FROM handle WHERE key = 'anaortiz'").fetchone()[0]
    assert owner == ana
