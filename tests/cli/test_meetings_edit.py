"""Meetings you can correct, events logged before you know who came, and plans that are not
memories (issue 12, items 1 and 2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import ON_POSTGRES, Run, one_line_error


@pytest.fixture
def people(run: Run) -> None:
    for name, city in (
        ("Ana Ortiz", "Nashville"),
        ("Ben Li", "Memphis"),
        ("Cara Diaz", "Knoxville"),
    ):
        run("contact", "add", name, "--city", city)


def ahead(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@pytest.mark.usefixtures("people")
def test_an_event_is_logged_first_and_people_join_it_later(run: Run, run_json) -> None:
    result = run("met", "--event", "APPA conference", "--at", "Indianapolis")
    assert "recorded meeting on" in result.stderr
    assert "meetup meetings edit 1 --add-person REF" in result.stderr
    assert run_json("meetings", "show", "1")["attendees"] == []
    assert "(nobody yet)" in run("meetings").stdout
    run("meetings", "edit", "1", "--add-person", "Ana", "--add-person", "Ben")
    run("meetings", "edit", "#1", "--add-person", "Cara")  # the late arrival joins #1
    shown = run_json("meetings", "show", "1")
    assert [a["name"] for a in shown["attendees"]] == ["Ana Ortiz", "Ben Li", "Cara Diaz"]
    assert shown["event"] == "APPA conference"
    assert len(run_json("meetings")) == 1, "one event, one meeting"
    assert {c["name"] for c in run_json("unmet")} == set()


@pytest.mark.usefixtures("people")
def test_edit_changes_each_field_and_clears_with_empty_text(run: Run, run_json) -> None:
    run("met", "Ana", "--on", "2025-03-01", "--at", "Nashville", "--note", "coffee")
    run(
        "meetings",
        "edit",
        "1",
        "--on",
        "2025-03-02",
        "--kind",
        "video",
        "--event",
        "Hangout",
        "--note",
        "",
    )
    shown = run_json("meetings", "show", "1")
    assert (shown["date"], shown["kind"], shown["event"], shown["note"]) == (
        "2025-03-02",
        "video",
        "Hangout",
        None,
    )
    assert shown["place"].startswith("Nashville")
    run("meetings", "edit", "1", "--at", "")
    assert run_json("meetings", "show", "1")["place"] is None
    run("meetings", "edit", "1", "--at", "Memphis, TN")
    assert run_json("meetings", "show", "1")["lat"] == pytest.approx(35.15, abs=0.1)


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meetings", "edit", "1"], "nothing to change"),
        (["meetings", "edit", "1", "--remove-person", "Ben"], "Ben Li (#2) is not on #1"),
        (["meetings", "edit", "1", "--add-person", "Ana"], "Ana Ortiz (#1) is already on #1"),
        (["meetings", "edit", "1", "--remove-person", "Ana"], "#1 would have nobody and no event"),
        (["meetings", "edit", "9"], "no meeting or call #9"),
        (["meetings", "show", "x9"], "'x9' is not a meeting number"),
        (["meetings", "rm", "99999999999999999999", "--yes"], "is not a meeting number"),
        (["meetings", "done", "1"], "#1 is not planned: it happened on 2025-01-01"),
        (["meetings", "edit", "1", "--kind", "telepathy"], "'telepathy' is not a kind"),
    ],
)
def test_bad_corrections_are_one_line_and_change_nothing(
    run: Run, run_json, args: list[str], message: str
) -> None:
    run("met", "Ana", "--on", "2025-01-01")
    before = run_json("meetings")
    assert message in one_line_error(run(*args, expect=1))
    assert run_json("meetings") == before


@pytest.mark.usefixtures("people")
def test_removing_a_meeting_asks_and_keeps_the_people(run: Run, run_json) -> None:
    run("met", "Ana", "Ben", "--on", "2025-01-01")
    declined = run("meetings", "rm", "1", input="n\n")
    assert "nothing removed" in declined.stderr
    assert len(run_json("meetings")) == 1
    removed = run("meetings", "rm", "1", "--yes")
    assert "removed meeting with Ana Ortiz, Ben Li on 2025-01-01 (#1)" in removed.stderr
    assert run_json("meetings") == []
    assert len(run_json("contact", "list")) == 3


@pytest.mark.usefixtures("people")
def test_contact_rm_says_what_goes_with_them(run: Run, run_json) -> None:
    run("met", "Ana", "--on", "2025-01-01")
    run("log", "Ana", "--kind", "call", "--on", "2025-01-02")
    run("met", "Ana", "Ben", "--on", "2025-01-03")
    run("met", "Ana", "--event", "PyCon", "--on", "2025-01-04")
    result = run("contact", "rm", "Ana", "--yes")
    assert (
        "removed Ana Ortiz (#1) and 2 interactions with only them; 1 shared meeting keeps the"
        " others; 1 meeting at an event stays, with nobody yet"
    ) in result.stderr
    left = run_json("meetings")
    assert [(m["date"], [a["name"] for a in m["attendees"]]) for m in left] == [
        ("2025-01-04", []),
        ("2025-01-03", ["Ben Li"]),
    ]
    assert "a shared one stays with the others" in run("contact", "rm", "--help").stdout


@pytest.mark.usefixtures("people")
def test_contact_rm_of_someone_met_twice_alone(run: Run) -> None:
    run("met", "Cara", "--on", "2025-01-01")
    run("met", "Cara", "--on", "2025-02-01")
    asked = run("contact", "rm", "Cara", input="y\n")
    assert "Remove Cara Diaz (#3) and 2 meetings with only them?" in asked.stderr
    assert "removed Cara Diaz (#3) and 2 meetings with only them" in asked.stderr


@pytest.mark.usefixtures("people")
def test_a_plan_is_shown_as_planned_and_never_makes_someone_met(run: Run, run_json) -> None:
    soon = ahead(10)
    result = run("met", "Ben", "--on", soon, "--at", "Memphis")
    assert f"recorded planned meeting with Ben Li on {soon}" in result.stderr
    listed = run_json("meetings")
    assert listed[0]["planned"] is True
    assert run("meetings").stdout.splitlines()[1].endswith("\tplanned")
    assert "Ben Li" in [c["name"] for c in run_json("unmet")]
    assert run_json("contact", "show", "Ben")["met_in_person"] is False
    assert [m["id"] for m in run_json("meetings", "--planned")] == [1]
    unmet_row = next(r for r in run("unmet").stdout.splitlines() if "Ben Li" in r)
    # (on a team database a last column says who else has met them: nobody here)
    assert unmet_row.removesuffix("\t" if ON_POSTGRES else "").endswith(
        f"\tmeeting planned ({soon})"
    )
    upcoming = run("upcoming").stdout
    assert f"1\t{soon}\tin-person\tBen Li\tMemphis" in upcoming
    done = run("meetings", "done", "1")
    assert f"done: meeting with Ben Li on {date.today().isoformat()}" in done.stderr
    assert run_json("contact", "show", "Ben")["met_in_person"] is True
    assert run_json("meetings", "show", "1")["planned"] is False


@pytest.mark.usefixtures("people")
def test_a_plan_can_be_done_on_a_day_before_today_not_after(run: Run, run_json) -> None:
    run("met", "Cara", "--on", ahead(3))
    assert "is still ahead" in one_line_error(
        run("meetings", "done", "1", "--on", ahead(1), expect=1)
    )
    assert run_json("meetings", "show", "1")["planned"] is True
    run("meetings", "done", "1", "--on", "yesterday")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert run_json("meetings", "show", "1")["date"] == yesterday


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("command", [["met", "Ana"], ["log", "Ana", "--kind", "call"]])
def test_a_date_years_ahead_needs_yes(run: Run, run_json, command: list[str]) -> None:
    far = ahead(3 * 365)
    error = one_line_error(run(*command, "--on", far, expect=1))
    assert f"{far} is 3 years ahead (is the year a typo?)" in error
    assert "--yes" in error
    assert run_json("meetings") == []
    run(*command, "--on", far, "--yes")
    assert run_json("meetings")[0]["date"] == far
    run(*command, "--on", ahead(700))  # within two years: a plan, no question
    assert len(run_json("meetings")) == 2


@pytest.mark.usefixtures("people")
def test_editing_a_date_years_ahead_needs_yes_too(run: Run, run_json) -> None:
    run("met", "Ana", "--on", "2026-01-05")
    assert "years ahead" in one_line_error(
        run("meetings", "edit", "1", "--on", "2062-01-05", expect=1)
    )
    assert run_json("meetings", "show", "1")["date"] == "2026-01-05"


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("phone", "call"),
        ("Phone call", "call"),
        ("zoom", "video"),
        ("email", "message"),
        ("in person", "in-person"),
    ],
)
def test_kinds_people_type_are_understood(run: Run, run_json, typed: str, kind: str) -> None:
    run("log", "Ana", "--kind", typed, "--on", "2025-05-05")
    assert run_json("meetings")[0]["kind"] == kind
    assert run_json("meetings", "--kind", typed)[0]["kind"] == kind
