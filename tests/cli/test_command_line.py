"""The command line a person lives in (issue 12, items 5 to 7): help that reads at 80
columns, suggestions for typos, --limit and --json on every listing, plurals, the same pipe
columns everywhere, tables that keep their dates whole, and routes that start at home."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command

from tests.conftest import Run, one_line_error
from tests.terminal import on_terminal


def help_screens() -> list[list[str]]:
    from meetup_tracker.cli import COMMANDS, app

    root = get_command(app)
    paths: list[list[str]] = [[]]
    with root.make_context("meetup", ["--help"], resilient_parsing=True) as ctx:
        for name in COMMANDS:
            paths.append([name])
            command = root.get_command(ctx, name)  # type: ignore[attr-defined]
            paths.extend([name, sub] for sub in getattr(command, "commands", {}))
    return paths


@pytest.mark.parametrize("path", help_screens(), ids=lambda p: " ".join(p) or "meetup")
def test_help_reads_at_80_columns(
    run: Run, monkeypatch: pytest.MonkeyPatch, path: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = run(*path, "--help").stdout
    assert "Usage:" in text
    for line in text.splitlines():
        assert len(line) <= 80, line
        assert not re.search(r"\{\w+\}|<\w+(\[\w+\])?>|\[x[<>]=", line), line
    # In a list of commands, each one's first sentence fits: no "..." cut.
    listed = re.findall(r"^  [a-z]+ {2,}(.*)$", text, flags=re.M)
    for first in listed:
        assert not first.endswith("..."), first


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("contacts", "contact"),
        ("unmte", "unmet"),
        ("meeting", "meetings"),
        ("serach", "search"),
        ("trips", "trip"),
    ],
)
def test_a_mistyped_command_gets_a_suggestion(run: Run, typed: str, meant: str) -> None:
    result = run(typed, expect=2)
    assert f"No such command '{typed}'. Did you mean '{meant}'?" in result.stderr


@pytest.fixture
def trips(run: Run) -> None:
    run("config", "set", "home", "Knoxville, TN")
    run("contact", "add", "Nadia", "--city", "Nashville, TN")
    run("contact", "add", "Mo", "--city", "Memphis, TN")
    run("contact", "add", "Jack", "--city", "Jackson, TN")
    run("met", "Nadia", "--on", "2025-01-01")
    for n in range(3):
        run(
            "trip",
            "add",
            f"Trip {n}",
            "--start",
            f"in {n + 2} days",
            "--stop",
            "Nashville, TN",
            "--stop",
            "Memphis, TN",
        )


@pytest.mark.usefixtures("trips")
def test_trip_list_and_upcoming_take_limit_and_json(run: Run, run_json) -> None:
    assert [t["name"] for t in run_json("trip", "list", "--limit", "2")] == ["Trip 0", "Trip 1"]
    assert len(run("trip", "list", "--limit", "1").stdout.splitlines()) == 2  # header and one
    assert [t["name"] for t in run_json("upcoming", "--limit", "1")] == ["Trip 0"]
    assert len(run_json("upcoming")) == 3
    assert (
        "showing the first 1 trip; use --limit 0 for all" in run("upcoming", "--limit", "1").stderr
    )


def test_one_stop_is_one_stop(run: Run) -> None:
    result = run("trip", "add", "Quick", "--start", "tomorrow", "--stop", "Memphis, TN")
    assert "with 1 stop" in result.stderr
    result = run(
        "trip", "add", "Long", "--start", "tomorrow", "--stop", "Memphis", "--stop", "Nashville"
    )
    assert "with 2 stops" in result.stderr


@pytest.mark.usefixtures("trips")
@pytest.mark.parametrize(
    "args",
    [
        ["contact", "list"],
        ["near", "Nashville, TN"],
        ["route", "Knoxville, TN", "Nashville, TN", "Memphis, TN"],
        ["stale", "--days", "1"],
        ["trip", "show", "Trip 0"],
    ],
)
def test_pipes_show_met_the_same_way_everywhere(run: Run, args: list[str]) -> None:
    lines = run(*args).stdout.splitlines()
    header = lines[0].split("\t")
    assert "met" in header, header
    assert "" not in header  # no bare mark column in a pipe
    assert "last_met" not in header
    column = header.index("met")
    by_name = {
        line.split("\t")[header.index("name")]: line.split("\t")[column] for line in lines[1:]
    }
    assert by_name.get("Nadia") == "2025-01-01"
    assert all(v == "" for name, v in by_name.items() if name != "Nadia")


@pytest.mark.usefixtures("trips")
def test_route_starts_at_home_for_one_place_or_from_home(run: Run, run_json) -> None:
    one = run_json("route", "Memphis, TN")
    assert [r["leg"] for r in one] == ["Knoxville → Memphis"] * len(one)
    # the road from Knoxville to Memphis is I-40, through Nashville (90 km off the straight line)
    assert {r["name"] for r in one} == {"Mo", "Jack", "Nadia"}
    both = run_json("route", "--from-home", "Nashville, TN", "Memphis, TN")
    assert {r["leg"] for r in both} == {"Knoxville → Nashville", "Nashville → Memphis"}


def test_route_from_home_without_a_home_says_how(run: Run) -> None:
    error = one_line_error(run("route", "Memphis, TN", expect=1))
    assert "a route needs at least two places, or a home to start from" in error
    assert "meetup config set home PLACE" in error


def test_tables_keep_their_dates_whole_at_80_columns(run: Run) -> None:
    handles = ["twitter:@long_name", "mastodon:@a_rather_long_name@hachyderm.io"]
    for n in range(3):
        args = [
            "contact",
            "add",
            f"Anastasia Konstantinopoulou {n}",
            "--city",
            "Thessaloniki, Greece",
        ]
        for handle in handles:
            args += ["--handle", handle.replace("name", f"name{n}")]
        run(*args, "--tag", "conference-speaker", "--tag", "open-source", "--since", "2024-09-01")
        run("met", f"#{n + 1}", "--on", "2025-10-15")
    shown = on_terminal("contact", "list")
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert shown.count("2025-10-15") == 3, shown  # the Met dates, whole
    assert "2025-10…" not in shown
    assert "Konstantinopoulou" in shown
    meetings = on_terminal("meetings")
    assert meetings.count("2025-10-15") == 3, meetings


def test_names_with_emoji_are_welcome_and_controls_are_not(run: Run, run_json) -> None:
    for name in ("Ana Ortiz 👩‍💻", "Ben 🇧🇷 Li", "Cara 👋🏽 Diaz"):
        run("contact", "add", name)
    assert [c["name"] for c in run_json("contact", "list")] == [
        "Ana Ortiz 👩‍💻",
        "Ben 🇧🇷 Li",
        "Cara 👋🏽 Diaz",
    ]
    assert "control characters" in one_line_error(run("contact", "add", "Eve\x1b[31m", expect=1))


def test_a_namesake_warns_on_add_and_on_rename(run: Run) -> None:
    run("contact", "add", "Ana Ortiz")
    added = run("contact", "add", "ana  ORTIZ")
    assert "note: you already had a contact named Ana Ortiz (#1)" in added.stderr
    run("contact", "add", "Ben Li")
    renamed = run("contact", "edit", "Ben", "--name", "Ana Ortiz")
    assert "updated Ana Ortiz (#3)" in renamed.stderr
    assert "you already had a contact named Ana Ortiz (#1), ana ORTIZ (#2)" in renamed.stderr
    same = run("contact", "edit", "#1", "--name", "ANA ORTIZ")  # a new case of one's own name
    assert "Ana Ortiz (#1)," not in same.stderr
