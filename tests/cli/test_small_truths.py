"""Small truths a newcomer checks: a meeting recorded twice is one meeting, someone unknown
gets the command that adds them, an event with nobody at it met nobody, a quiet contact with
a plan says so, help says what each command does, the legend appears with its ★ only, and a
map's labels stay inside the picture."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error
from tests.terminal import on_terminal


def test_a_second_met_at_the_same_event_joins_it(run: Run, run_json) -> None:
    for name in ("Ana", "Bo", "Cy"):
        run("contact", "add", name)
    run("met", "Ana", "Bo", "--on", "2024-05-01", "--event", "DevOps Days")
    again = run("met", "Ana", "Bo", "--on", "2024-05-01", "--event", "devops days")
    assert "nobody new joined it" in again.stderr
    joined = run("met", "Cy", "--on", "2024-05-01", "--event", "DevOps  Days")
    assert "Cy joined" in joined.stderr
    (meeting,) = run_json("meetings")
    assert sorted(a["name"] for a in meeting["attendees"]) == ["Ana", "Bo", "Cy"]


def test_the_same_people_on_the_same_day_is_not_recorded_twice_without_yes(
    run: Run, run_json
) -> None:
    run("contact", "add", "Ana")
    run("met", "Ana", "--on", "2024-05-01")
    again = run("met", "Ana", "--on", "2024-05-01")
    assert "already recorded" in again.stderr
    assert "--yes" in again.stderr
    assert len(run_json("meetings")) == 1
    run("met", "Ana", "--on", "2024-05-01", "--yes")
    assert len(run_json("meetings")) == 2
    run("met", "Ana", "--on", "2024-05-01", "--note", "dinner too")  # told apart by its note
    run("log", "--kind", "call", "Ana", "--on", "2024-05-01")  # two calls a day happen
    run("log", "--kind", "call", "Ana", "--on", "2024-05-01")
    assert len(run_json("meetings")) == 5


def test_someone_unknown_gets_the_command_that_adds_them(run: Run) -> None:
    error = one_line_error(run("met", "New Person", expect=1))
    assert "meetup contact add 'New Person'" in error


def test_stats_counts_no_meeting_with_nobody_at_it(run: Run, run_json) -> None:
    run("contact", "add", "Ana")
    run("met", "--event", "Concert at the Ryman", "--on", "2024-05-01")
    stats = run_json("stats")
    assert stats["meetings"] == 0
    assert sum(m["meetings"] for m in stats["meetings_per_month"]) == 0
    run("met", "Ana", "--on", "2024-06-01")
    assert run_json("stats")["meetings"] == 1


def test_stale_says_when_a_plan_is_already_made(run: Run, run_json) -> None:
    run("contact", "add", "Ana")
    run("contact", "add", "Bo")
    run("met", "Ana", "Bo", "--on", "2020-05-01")
    run("log", "--kind", "call", "Ana", "--on", "2090-01-05", "--yes")
    rows = {r["name"]: r for r in run_json("stale")}
    assert rows["Ana"]["planned"] == "2090-01-05"
    assert rows["Bo"]["planned"] is None
    assert "planned" in run("stale").stdout.splitlines()[0].split("\t")


def test_help_says_what_each_command_does(run: Run) -> None:
    log_help = run("log", "--help").stdout
    assert "None yet is fine with --event" not in log_help
    assert "meetup met --event" in " ".join(log_help.split())
    met_help = " ".join(run("met", "--help").stdout.split())
    assert "instead of a table" not in met_help
    assert "what was recorded as JSON" in met_help


@pytest.mark.sqlite_only  # what a terminal shows: the SQLite run covers it
def test_the_legend_appears_only_with_a_star(run: Run, tmp_path: Path) -> None:
    run("contact", "add", "Ana", "--city", "Nashville")
    run("met", "Ana", "--on", "2024-05-01")
    shown = on_terminal("route", "Knoxville", "Memphis", columns=100)
    assert "Ana" in shown
    assert "★" not in shown
    run("contact", "add", "Bo", "--city", "Jackson, Tennessee")
    assert "★ not met in person yet" in on_terminal("route", "Knoxville", "Memphis", columns=100)


@pytest.mark.sqlite_only  # the picture's geometry: the SQLite run covers it
def test_map_labels_stay_inside_the_picture(run: Run, tmp_path: Path) -> None:
    run("contact", "add", "Ana", "--city", "Memphis")
    title = "A very long title for a trip that would never fit beside the legend " * 3
    out = tmp_path / "map.svg"
    run(
        "map",
        "--route",
        "Nashville",
        "Memphis",
        "Little Rock, Arkansas",
        "--title",
        title,
        "-o",
        str(out),
    )
    from meetup_tracker.maps.svg import text_width

    svg = ET.parse(out).getroot()
    width = float(svg.get("width") or 0)
    ns = "{http://www.w3.org/2000/svg}"
    for text in svg.iter(f"{ns}text"):
        content = text.text or ""
        x = float(text.get("x") or 0)
        size = 18 if "title" in (text.get("class") or "") else 13
        anchor = text.get("text-anchor") or (
            "middle" if "number" in (text.get("class") or "") else "start"
        )
        if anchor == "start":
            assert x + text_width(content, size) <= width + 1, (content, x, width)
        elif anchor == "end":
            assert x - text_width(content, size) >= -1, (content, x)
    assert re.search(r"<title>A very long title", out.read_text())
