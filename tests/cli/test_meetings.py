"""Recording meetings, calls and messages, and listing them."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error


@pytest.fixture
def three(run: Run) -> None:
    for name in ("Ana Ortiz", "Ben Li", "Cara Diaz"):
        run("contact", "add", name)


@pytest.mark.usefixtures("three")
def test_a_community_event_is_one_meeting_with_many_people(run: Run, run_json) -> None:
    result = run(
        "met",
        "Ana",
        "Ben",
        "Cara",
        "--on",
        "12 May 2025",
        "--at",
        "Nashville",
        "--event",
        "Marketing Meetup",
        "--note",
        "first time in person",
    )
    assert "recorded meeting with Ana Ortiz, Ben Li, Cara Diaz on 2025-05-12" in result.stderr
    (meeting,) = run_json("meetings")
    assert meeting["kind"] == "in-person"
    assert meeting["date"] == "2025-05-12"
    assert meeting["place"] == "Nashville, Tennessee, US"
    assert round(meeting["lat"], 1) == 36.2
    assert meeting["event"] == "Marketing Meetup"
    assert [a["name"] for a in meeting["attendees"]] == ["Ana Ortiz", "Ben Li", "Cara Diaz"]
    for ref in ("Ana", "Ben", "Cara"):
        contact = run_json("contact", "show", ref)
        assert contact["met_in_person"] is True
        assert contact["last_met"] == "2025-05-12"


@pytest.mark.usefixtures("three")
def test_met_defaults_to_today_and_names_each_person_once(run: Run, run_json) -> None:
    meeting = run_json("met", "Ana", "#1", "ana ortiz")
    assert meeting["date"] == date.today().isoformat()
    assert [a["name"] for a in meeting["attendees"]] == ["Ana Ortiz"]


@pytest.mark.usefixtures("three")
def test_log_other_kinds_of_interaction(run: Run, run_json) -> None:
    run("log", "Ana", "--kind", "call", "--on", "yesterday", "--note", "webinar plans")
    run("log", "Ben", "Cara", "--kind", "video", "--on", "3 days ago")
    run("log", "Cara", "--kind", "message", "--on", "last friday")
    run("log", "Ben", "--kind", "In-Person", "--on", "2024-02-29")
    kinds = [m["kind"] for m in run_json("meetings")]
    assert sorted(kinds) == ["call", "in-person", "message", "video"]
    assert run_json("contact", "show", "Ben")["last_met"] == "2024-02-29"
    assert run_json("contact", "show", "Ana")["met_in_person"] is False


@pytest.mark.usefixtures("three")
def test_meetings_newest_first_and_filtered(run: Run, run_json) -> None:
    run("met", "Ana", "--on", "2024-01-01")
    run("log", "Ben", "--kind", "call", "--on", "2025-01-01")
    run("met", "Ana", "Ben", "--on", "2023-06-01")
    assert [m["date"] for m in run_json("meetings")] == ["2025-01-01", "2024-01-01", "2023-06-01"]
    assert [m["date"] for m in run_json("meetings", "--contact", "Ana")] == [
        "2024-01-01",
        "2023-06-01",
    ]
    assert [m["date"] for m in run_json("meetings", "--since", "2024-01-01")] == [
        "2025-01-01",
        "2024-01-01",
    ]
    assert [m["date"] for m in run_json("meetings", "--kind", "call")] == ["2025-01-01"]
    plain = run("meetings").stdout.splitlines()
    assert plain[0] == "id\tdate\tkind\twith\twhere\tnote\tstatus"  # status: planned or not
    assert plain[1].split("\t")[1:4] == ["2025-01-01", "call", "Ben Li"]


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize("bad", ["2010-13-45", "someday", "May 45"])
def test_an_invalid_date_writes_nothing(run: Run, db_path: Path, bad: str) -> None:
    error = one_line_error(run("met", "Ana", "Ben", "--on", bad, expect=1))
    assert f"'{bad}'" in error
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM interaction").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM attendee").fetchone() == (0,)


@pytest.mark.usefixtures("three")
def test_one_unknown_person_records_nothing_for_the_others(run: Run, db_path: Path) -> None:
    error = one_line_error(run("met", "Ana", "Ben", "Zed", expect=1))
    assert error == "Error: no contact 'Zed'; add them first: meetup contact add Zed"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM interaction").fetchone() == (0,)


@pytest.mark.usefixtures("three")
def test_unknown_kind_names_the_kinds(run: Run) -> None:
    error = one_line_error(run("log", "Ana", "--kind", "telepathy", expect=1))
    assert "in-person, call, video, message" in error


def test_log_needs_a_kind_and_met_needs_someone(run: Run) -> None:
    assert run("log", "Ana", expect=2).exit_code == 2
    # Nobody and no event: one line saying what would do (an event may come without people).
    assert "name at least one person" in one_line_error(run("met", expect=1))


@pytest.mark.usefixtures("three")
def test_a_planned_meeting_is_listed_but_not_counted_as_met(run: Run, run_json) -> None:
    next_week = (date.today() + timedelta(days=7)).isoformat()
    run("met", "Cara", "--on", next_week)
    assert run_json("meetings")[0]["date"] == next_week
    assert "Cara Diaz" in [c["name"] for c in run_json("unmet")]
