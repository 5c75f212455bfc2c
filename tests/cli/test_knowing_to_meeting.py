"""From knowing to meeting: follow-ups you owe, keep-in-touch cadences and snoozes, contacts'
visits and where they meet your travel, repeating plans, the agenda and the invitation to
post; each moving with merge, going with rm, and coming back from the backup. Real CLI, real
database, on both engines; dates are counted from today."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, every_row, one_line_error

TODAY = date.today()


def ahead(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def people(run: Run) -> None:
    run("config", "set", "home", "Knoxville, TN")
    run("contact", "add", "Ana Ortiz", "--city", "Nashville, TN", "--handle", "x:@ana_o",
        "--handle", "bluesky:ana.bsky.social", "--tag", "friends")  # fmt: skip
    run("contact", "add", "Ben Li", "--city", "Memphis, TN", "--handle", "x:@benli")
    run(
        "contact",
        "add",
        "Cy Park",
        "--city",
        "Atlanta, GA",
        "--handle",
        "mastodon:@cy@hachyderm.io",
    )
    run("contact", "add", "Di Moss", "--city", "Jackson, TN")


# --- 1. follow-ups


@pytest.mark.usefixtures("people")
def test_follow_ups_from_a_meeting_and_by_hand_overdue_first(run: Run, run_json) -> None:
    run("met", "Ana", "--on", ahead(-3), "--follow-up", "send the guest post", "--due", ahead(-1))
    run("todo", "add", "Ben", "intro to Acme's CTO", "--due", ahead(5))
    run("todo", "add", "Cy", "share the slides")
    rows = run_json("todo")
    assert [r["text"] for r in rows] == [
        "send the guest post",
        "intro to Acme's CTO",
        "share the slides",
    ]
    first = rows[0]
    assert {"id", "text", "due", "done", "contact_id", "contact", "meeting_id"} <= set(first)
    assert first["contact"] == "Ana Ortiz"
    assert first["meeting_id"] is not None
    assert first["overdue"] is True
    assert first["done"] is False
    run("todo", "done", str(first["id"]))
    assert [r["text"] for r in run_json("todo")] == ["intro to Acme's CTO", "share the slides"]
    assert len(run_json("todo", "--all")) == 3
    run("todo", "edit", str(rows[2]["id"]), "--due", ahead(2), "--text", "share the deck")
    assert run_json("todo")[0]["text"] == "share the deck"
    assert "intro to Acme's CTO" in run("contact", "show", "Ben").stdout
    assert run_json("contact", "show", "Ben")["followups"][0]["text"] == "intro to Acme's CTO"
    run("todo", "rm", str(rows[1]["id"]), "--yes")
    assert [r["text"] for r in run_json("todo")] == ["share the deck"]


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["todo", "add", "Nobody Here", "x"], "no contact"),
        (["todo", "add", "Ana", "  "], "needs its text"),
        (["todo", "done", "999"], "no follow-up #999"),
        (["todo", "edit", "banana", "--text", "x"], "not a follow-up number"),
        (["todo", "add", "Ana", "x", "--due", "someday"], "someday"),
        (["met", "--event", "Dinner", "--follow-up", "thank them"], "owed to someone"),
        (["log", "--kind", "call", "Ben", "--due", "2030-01-01"], "--due needs --follow-up"),
        (["contact", "edit", "Ana", "--every", "banana"], "'banana' is not a period"),
        (["snooze", "Ana"], "give one of"),
        (
            ["visit", "add", "Ana", "--at", "Memphis", "--from", ahead(9), "--to", ahead(3)],
            "before it starts",
        ),
        (["visit", "add", "Ana", "--at", "Qwxzyville Nowhere", "--from", ahead(3)], "place"),
        (["met", "Ana", "--on", ahead(3), "--repeat", "sometimes"], "not a way to repeat"),
        (["met", "Ana", "--until", ahead(9)], "--until needs --repeat"),
        (["trip", "announce", "No Such Trip"], "no trip"),
        (["cadence", "rm", "nosuchtag"], "no cadence"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else v,
)
def test_bad_input_is_one_line_and_stores_nothing(
    run: Run, run_json, command: list[str], says: str
) -> None:
    before = run("export", "json").stdout
    error = one_line_error(run(*command, expect=1))
    assert says in error, error
    assert run("export", "json").stdout == before


# --- 2. keep in touch


def _backup_with_online_exchange(tmp_path: Path, last_exchange: str) -> Path:
    document = {
        "format": "meetup-tracker-backup",
        "version": 2,
        "contacts": [
            {
                "id": 1,
                "name": "Eve Online",
                "handles": [{"platform": "twitter", "handle": "eve", "exchanges": 3,
                             "first_exchange": "2020-01-01", "last_exchange": last_exchange}],
                "tags": ["friends"],
            }
        ],
    }  # fmt: skip
    path = tmp_path / "eve.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.usefixtures("people")
def test_due_by_person_and_tag_reset_by_any_exchange_not_while_planned_or_snoozed(
    run: Run, run_json, tmp_path: Path
) -> None:
    run("contact", "edit", "Ben", "--every", "2w")
    run("log", "--kind", "call", "Ben", "--on", ahead(-20))
    run("cadence", "set", "friends", "30d")
    run("met", "Ana", "--on", ahead(-40))
    run("import", "json", str(_backup_with_online_exchange(tmp_path, ahead(-10))))
    rows = run_json("due")
    assert [r["name"] for r in rows] == ["Ana Ortiz", "Ben Li"]  # Eve talked online 10 days ago
    ana = rows[0]
    assert ana["every_days"] == 30
    assert ana["last_interaction"] == ahead(-40)
    assert ana["due_on"] == ahead(-10)
    assert ana["overdue_days"] == 10
    assert {"id", "name", "every_days", "last_interaction", "due_on", "overdue_days"} <= set(ana)
    run("contact", "edit", "Ana", "--every", "3mo")  # her own wins over the tag's
    assert [r["name"] for r in run_json("due")] == ["Ben Li"]
    run("log", "--kind", "call", "Ben", "--on", ahead(6))  # a plan ahead counts
    assert run_json("due") == []
    run("contact", "edit", "Ana", "--every", "")  # back to the tag's 30 days
    assert [r["name"] for r in run_json("due")] == ["Ana Ortiz"]
    run("snooze", "Ana", "--for", "2w")
    assert run_json("due") == []
    assert "snoozed" in run("contact", "show", "Ana").stdout
    run("snooze", "Ana", "--off")
    assert [r["name"] for r in run_json("due")] == ["Ana Ortiz"]
    assert run_json("cadence") == [{"tag": "friends", "every_days": 30, "people": 2}]
    run("cadence", "rm", "friends")
    assert run_json("due") == []


# --- 3. their travel


@pytest.mark.usefixtures("people")
def test_visits_and_where_they_meet_your_travel(run: Run, run_json, tmp_path: Path) -> None:
    nashville, memphis = f"Nashville @ {ahead(10)}..{ahead(11)}", f"Memphis @ {ahead(12)}"
    run("trip", "add", "West", "--start", ahead(10), "--end", ahead(14),
        "--stop", nashville, "--stop", memphis)  # fmt: skip
    run("visit", "add", "Cy", "--at", "Nashville", "--from", ahead(11), "--to", ahead(13))
    run("visit", "add", "Di", "--at", "Memphis", "--from", ahead(14), "--to", ahead(15))
    run("visit", "add", "Ben", "--at", "Knoxville", "--from", ahead(20), "--note", "a conference")
    run("visit", "add", "Ana", "--at", "Seattle", "--from", ahead(20))
    found = {o["name"]: o for o in run_json("overlaps")}
    assert set(found) == {"Cy Park", "Di Moss", "Ben Li"}
    assert found["Cy Park"]["kind"] == "same-place"
    assert found["Di Moss"]["kind"] == "near-miss"
    assert found["Di Moss"]["days_apart"] == 2
    assert found["Ben Li"]["kind"] == "visiting-home"
    for key in ("name", "contact_id", "place", "from", "to", "kind", "days_apart", "distance_km"):
        assert key in found["Cy Park"]
    assert "misses you by 2 days in Memphis" in run("overlaps").stdout
    assert "Di Moss" not in [o["name"] for o in run_json("overlaps", "--slack", "1")]
    visits = run_json("visit")
    assert len(visits) == 4
    run("visit", "rm", str(visits[-1]["id"]), "--yes")
    assert len(run_json("visit")) == 3
    assert run_json("contact", "show", "Cy")["visits"][0]["place"].startswith("Nashville")


@pytest.mark.usefixtures("people")
def test_a_shared_calendar_becomes_their_visits_once(run: Run, run_json, tmp_path: Path) -> None:
    start = (TODAY + timedelta(days=30)).strftime("%Y%m%d")
    end = (TODAY + timedelta(days=33)).strftime("%Y%m%d")
    feed = tmp_path / "tripit.ics"
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//John Papa//Tripit Feed//EN\r\n"
        "X-WR-CALNAME:TripIt - Cy Park\r\nBEGIN:VEVENT\r\nUID:item-1f2e@tripit.com\r\n"
        f"DTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\n"
        "SUMMARY:Knoxville\\, TN\\, trip\r\nLOCATION:Knoxville\\, TN\r\n"
        "DTSTAMP:20261201T000000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    first = run("import", "ics", str(feed), "--for", "Cy")
    assert "added 1 visits" in first.stderr
    assert "already known" in run("import", "ics", str(feed), "--for", "Cy").stderr
    (visit,) = run_json("visit")
    assert visit["contact"] == "Cy Park"
    assert visit["from"] == ahead(30)
    assert visit["to"] == ahead(32)
    assert run_json("trip", "list") == []  # their trip, not yours


# --- 4. recurring plans


@pytest.mark.usefixtures("people")
def test_a_repeating_dinner_is_one_series_done_day_by_day(
    run: Run, run_json, tmp_path: Path
) -> None:
    first = TODAY - timedelta(days=14)
    run("met", "Ana", "Ben", "--event", "Online friends dinner", "--at", "Knoxville",
        "--on", first.isoformat(), "--repeat", "weekly")  # fmt: skip
    (series,) = run_json("meetings", "--planned")
    assert series["repeat"] == "every week"
    assert series["date"] >= TODAY.isoformat()
    assert series["date"] < ahead(7)
    assert series["planned"] is True
    assert run_json("contact", "show", "Ana")["met_in_person"] is False  # a plan is not a meeting
    done = run_json(
        "meetings", "done", str(series["id"]), "--on", (first + timedelta(days=7)).isoformat()
    )
    assert done["date"] == (first + timedelta(days=7)).isoformat()
    assert sorted(a["name"] for a in done["attendees"]) == ["Ana Ortiz", "Ben Li"]
    assert run_json("contact", "show", "Ana")["last_met"] == done["date"]
    assert len(run_json("meetings", "--planned")) == 1  # the series goes on
    error = one_line_error(run("meetings", "rm", str(series["id"]), expect=1))
    assert "--occurrence DATE or --series" in error
    skipped = series["date"]
    run("meetings", "rm", str(series["id"]), "--occurrence", skipped, "--yes")
    assert run_json("meetings", "--planned")[0]["date"] > skipped
    calendar = run("export", "ics").stdout
    assert "RRULE:FREQ=WEEKLY;INTERVAL=1" in calendar
    assert f"EXDATE;VALUE=DATE:{skipped.replace('-', '')}" in calendar
    assert "agenda" not in calendar
    days = [d["date"] for d in run_json("agenda", "--days", "21")["days"]
            for i in d["items"] if i["kind"] == "planned"]  # fmt: skip
    assert skipped not in days
    assert len(days) >= 2
    run("meetings", "rm", str(series["id"]), "--series", "--yes")
    assert run_json("meetings", "--planned") == []
    assert run_json("contact", "show", "Ana")["last_met"] == done["date"]  # the day met stays


def test_a_calendars_weekly_meetup_stays_a_series(run: Run, run_json, tmp_path: Path) -> None:
    start = (TODAY - timedelta(days=3)).strftime("%Y%m%d")
    feed = tmp_path / "meetup.ics"
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "BEGIN:VEVENT\r\n"
        f"DTSTART;TZID=America/New_York:{start}T183000\r\n"
        f"DTEND;TZID=America/New_York:{start}T210000\r\n"
        "RRULE:FREQ=WEEKLY;INTERVAL=1\r\nDTSTAMP:20261201T120000Z\r\n"
        "UID:7kukuqrfedlm2f9t2l6tbe4p2k@google.com\r\nSUMMARY:Knoxville Tech Dinner\r\n"
        "LOCATION:Sweet P's BBQ\\, 3725 Maryville Pike\\, Knoxville\\, TN 37920\\, USA\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    run("import", str(feed))
    (series,) = run_json("meetings", "--planned")
    assert series["repeat"] == "every week"
    assert series["event"] == "Knoxville Tech Dinner"
    again = run("import", str(feed)).stderr
    assert "0 added, 0 updated, 1 unchanged" in again


# --- 5 and 6. the agenda, the announcement


@pytest.mark.usefixtures("people")
def test_the_agenda_is_one_view_by_day(run: Run, run_json) -> None:
    run("todo", "add", "Ana", "guest post", "--due", ahead(-2))
    run("contact", "edit", "Ben", "--every", "1w")
    run("log", "--kind", "call", "Ben", "--on", ahead(-30))
    run("log", "--kind", "call", "Cy", "--on", ahead(3))
    run("trip", "add", "West", "--start", ahead(5), "--stop", "Memphis")
    agenda = run_json("agenda")
    assert set(agenda) >= {"followups", "due", "planned", "trips", "overlaps", "days"}
    kinds = {d["date"]: [i["kind"] for i in d["items"]] for d in agenda["days"]}
    assert kinds[TODAY.isoformat()][:2] == ["followup", "due"]
    assert kinds[ahead(3)] == ["planned"]
    assert kinds[ahead(5)] == ["trip"]
    assert [d["date"] for d in agenda["days"]] == sorted(kinds)
    piped = run("agenda").stdout.splitlines()
    assert piped[0] == "date\tkind\ttext\tref"
    assert any("followup\tAna Ortiz: guest post (overdue)" in line for line in piped)
    assert run_json("agenda", "--days", "1")["trips"] == []


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(("platform", "limit"), [("x", 280), ("bluesky", 300), ("mastodon", 500)])
def test_trip_announce_fits_the_platform_not_met_first(
    run: Run, run_json, tmp_path: Path, platform: str, limit: int
) -> None:
    run("met", "Ben", "--on", ahead(-100))
    crowd = [  # enough people along the road to need a thread, read in one import
        {
            "id": 100 + i,
            "name": f"Person {i}",
            "city": "Nashville, Tennessee, US",
            "lat": 36.16589,
            "lon": -86.78444,
            "handles": [
                {"platform": "twitter", "handle": f"p{i:02d}_roadfriend"},
                {"platform": "bluesky", "handle": f"p{i:02d}.bsky.social"},
                {"platform": "mastodon", "handle": f"p{i:02d}@mastodon.social"},
            ],
            "tags": [],
        }
        for i in range(30)
    ]
    backup = tmp_path / "crowd.json"
    backup.write_text(
        json.dumps({"format": "meetup-tracker-backup", "version": 2, "contacts": crowd})
    )
    run("import", "json", str(backup))
    run("trip", "add", "West", "--start", ahead(5), "--end", ahead(7),
        "--stop", "Nashville", "--stop", "Memphis")  # fmt: skip
    result = run("trip", "announce", "West", "--platform", platform)
    posts = result.stdout.strip().split("\n\n")
    assert posts[0].startswith("On the road Knoxville → Nashville → Memphis")
    assert "call while I drive" in posts[0]
    assert all(len(p) <= limit for p in posts)
    assert len(posts) > 1
    assert posts[0].endswith(f"(1/{len(posts)})")
    found = run_json("trip", "announce", "West", "--platform", platform)
    met = [p["met"] for p in found["people"]]
    assert met == sorted(met)  # not met yet first
    assert ("Ben Li" in [p["name"] for p in found["people"]]) == (platform == "x")
    # Di has no handle; Ben only an X one; Ana X and Bluesky ones.
    assert found["left_out"] == {"x": 1, "bluesky": 2, "mastodon": 3}[platform]
    if platform != "x":
        assert "left out" in result.stderr  # Ben has only an X handle


# --- 7. what stays true


@pytest.mark.usefixtures("people")
def test_merge_moves_them_rm_says_and_the_backup_brings_them_back(
    run: Run, run_json, tmp_path: Path, another_database: Any
) -> None:
    run("contact", "add", "Ana O.")
    run("todo", "add", "Ana O.", "send the podcast link", "--due", ahead(3))
    run("visit", "add", "Ana O.", "--at", "Atlanta", "--from", ahead(40))
    run("contact", "edit", "Ana O.", "--every", "2w")
    run("contact", "merge", "Ana Ortiz", "Ana O.")
    ana = run_json("contact", "show", "Ana Ortiz")
    assert [f["text"] for f in ana["followups"]] == ["send the podcast link"]
    assert [v["place"][:7] for v in ana["visits"]] == ["Atlanta"]
    assert ana["keep_in_touch"]["every_days"] == 14
    run("met", "Ana", "Ben", "--event", "Dinner", "--on", ahead(-7), "--repeat", "monthly")
    run("cadence", "set", "friends", "1mo")
    backup = tmp_path / "b.json"
    run("export", "json", "-o", str(backup))
    from meetup_tracker.paths import db_location

    copy = another_database()
    run("--db", copy, "import", "json", str(backup))
    assert every_row(copy) == every_row(str(db_location()))
    assert run("--db", copy, "export", "json").stdout == backup.read_text()
    run("--db", copy, "import", "json", str(backup))  # again: nothing is written twice
    assert every_row(copy) == every_row(str(db_location()))
    ask = run("contact", "rm", "Ana Ortiz", input="n\n")
    assert "1 follow-up and 1 visit of theirs go too" in ask.stderr
