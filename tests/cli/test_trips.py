"""Trips: stops in order, who lives near them and along the road, and what is coming up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import Run, one_line_error


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


@pytest.fixture
def network(run: Run) -> None:
    run("config", "set", "home", "Knoxville, TN")
    for name, city in {
        "Nadia": "Nashville, TN",
        "Nate": "Nashville, TN",
        "Fran": "Franklin, TN",
        "Jack": "Jackson, TN",
        "Mona": "Memphis, TN",
        "Kim": "Knoxville, TN",
        "Ivy": "Indianapolis",
        "Ava": "Atlanta",
    }.items():
        run("contact", "add", name, "--city", city)
    run("met", "Nadia")


def add_trip(run: Run) -> None:
    run(
        "trip", "add", "Tennessee road trip",
        "--start", day(10), "--end", day(16),
        "--stop", f"Nashville, TN @ {day(11)}..{day(12)}",
        "--stop", f"Memphis @ {day(13)}",
        "--stop", "Indianapolis",
    )  # fmt: skip


@pytest.mark.usefixtures("network")
def test_trip_show_lists_stops_near_and_along_not_met_first(run: Run, run_json) -> None:
    add_trip(run)
    trip = run_json("trip", "show", "tenn")
    assert trip["name"] == "Tennessee road trip"
    assert (trip["start"], trip["end"]) == (day(10), day(16))
    assert trip["from"]["place"] == "Knoxville, Tennessee, US"
    stops = trip["stops"]
    assert [s["place"] for s in stops] == [
        "Nashville, Tennessee, US",
        "Memphis, Tennessee, US",
        "Indianapolis, Indiana, US",
    ]
    assert (stops[0]["arrive"], stops[0]["depart"]) == (day(11), day(12))
    assert (stops[1]["arrive"], stops[1]["depart"]) == (day(13), day(13))
    assert stops[2]["arrive"] is None
    assert [c["name"] for c in stops[0]["near"]] == ["Nate", "Fran", "Nadia"]  # not met first
    assert all("distance_km" in c for c in stops[0]["near"])
    assert [c["name"] for c in stops[2]["near"]] == ["Ivy"]
    # Along the road: people not already near a stop or near home.
    along = trip["along"]
    assert [(c["name"], c["leg"]) for c in along] == [("Jack", "Nashville → Memphis")]
    assert {"distance_km", "along_km", "detour_km", "leg"} <= set(along[0])


@pytest.mark.usefixtures("network")
def test_trip_list_edit_and_rm(run: Run, run_json) -> None:
    add_trip(run)
    (listed,) = run_json("trip", "list")
    assert [s["place"].split(",")[0] for s in listed["stops"]] == [
        "Nashville",
        "Memphis",
        "Indianapolis",
    ]
    run(
        "trip",
        "edit",
        "Tennessee",
        "--remove-stop",
        "3",
        "--add-stop",
        "Atlanta",
        "--name",
        "South loop",
    )
    trip = run_json("trip", "show", "South loop")
    assert [s["place"].split(",")[0] for s in trip["stops"]] == ["Nashville", "Memphis", "Atlanta"]
    run("trip", "edit", "South", "--stop", "Jackson, TN", "--from", "Memphis", "--end", "")
    trip = run_json("trip", "show", "South")
    assert [s["place"] for s in trip["stops"]] == ["Jackson, Tennessee, US"]
    assert trip["from"]["place"].startswith("Memphis")
    assert trip["end"] is None
    run("trip", "rm", "South", "--yes")
    assert run_json("trip", "list") == []


@pytest.mark.usefixtures("network")
def test_trip_errors(run: Run) -> None:
    add_trip(run)
    assert "already a trip named" in one_line_error(
        run("trip", "add", "tennessee ROAD trip", "--start", day(1), "--stop", "Memphis", expect=1)
    )
    assert "ends (" in one_line_error(
        run(
            "trip", "add", "Back", "--start", day(5), "--end", day(1), "--stop", "Memphis", expect=1
        )
    )
    assert "before the trip starts" in one_line_error(
        run("trip", "add", "Early", "--start", day(5), "--stop", f"Memphis @ {day(1)}", expect=1)
    )
    assert "no place 'Memphs'" in one_line_error(
        run("trip", "add", "Typo", "--start", day(5), "--stop", "Memphs", expect=1)
    )
    assert "no trip 'Europe'" in one_line_error(run("trip", "show", "Europe", expect=1))
    assert "'someday' is not a date" in one_line_error(
        run("trip", "add", "Vague", "--start", "someday", "--stop", "Memphis", expect=1)
    )
    assert "no stop 9" in one_line_error(
        run("trip", "edit", "Tenn", "--remove-stop", "9", expect=1)
    )


def test_a_trip_without_home_starts_at_its_first_stop(run: Run, run_json) -> None:
    run("contact", "add", "Jack", "--city", "Jackson, TN")
    result = run(
        "trip", "add", "West", "--start", day(3), "--stop", "Nashville", "--stop", "Memphis"
    )
    assert "no home set" in result.stderr
    trip = run_json("trip", "show", "West")
    assert trip["from"] is None
    assert [c["name"] for c in trip["along"]] == ["Jack"]


@pytest.mark.usefixtures("network")
def test_upcoming_shows_trips_in_the_window(run: Run, run_json) -> None:
    add_trip(run)
    run("trip", "add", "Later", "--start", day(200), "--stop", "Atlanta")
    run("trip", "add", "Past", "--start", day(-30), "--end", day(-25), "--stop", "Atlanta")
    assert [t["name"] for t in run_json("upcoming")] == ["Tennessee road trip"]
    assert [t["name"] for t in run_json("upcoming", "--days", "365")] == [
        "Tennessee road trip",
        "Later",
    ]
    assert run_json("upcoming", "--days", "5") == []


@pytest.mark.usefixtures("network")
def test_unmet_shows_the_next_chance_to_meet(run: Run, run_json) -> None:
    add_trip(run)
    rows = {r["name"]: r for r in run_json("unmet")}
    assert rows["Ava"]["next_chance"] is None
    assert rows["Kim"]["next_chance"] is None  # home is not a trip
    nate = rows["Nate"]["next_chance"]
    assert nate["trip"] == "Tennessee road trip"
    assert nate["stop"] == "Nashville, Tennessee, US"
    assert nate["date"] == day(11)
    assert nate["leg"] is None
    jack = rows["Jack"]["next_chance"]
    assert (jack["stop"], jack["leg"], jack["date"]) == (None, "Nashville → Memphis", day(12))
    assert rows["Ivy"]["next_chance"]["date"] == day(13)  # the last date known before Indianapolis


@pytest.mark.usefixtures("network")
def test_the_next_chance_agrees_with_the_trip_plan(run: Run, run_json) -> None:
    """unmet finds each chance one contact at a time; trip show, for the whole trip at once:
    both must place each person at the same stop or on the same leg, or nowhere."""
    add_trip(run)
    for name, city in {
        "Lou": "Lebanon, TN",
        "Cy": "Clarksville, TN",
        "Bo": "Cookeville, TN",
    }.items():
        run("contact", "add", name, "--city", city)
    trip = run_json("trip", "show", "Tennessee road trip")
    planned: dict[str, tuple[str | None, str | None]] = {}
    for stop in trip["stops"]:
        for person in stop["near"]:
            planned.setdefault(person["name"], (stop["place"], None))
    for person in trip["along"]:
        planned.setdefault(person["name"], (None, person["leg"]))
    unmet = run_json("unmet")
    assert len(unmet) == 10
    for row in unmet:
        chance = row["next_chance"]
        found = None if chance is None else (chance["stop"], chance["leg"])
        assert found == planned.get(row["name"]), row["name"]
    assert {r["name"] for r in unmet if r["next_chance"]} >= {"Nate", "Jack", "Ivy"}


def test_config_set_show_and_unset(run: Run, run_json) -> None:
    shown = run_json("config", "show")
    assert {k: shown[k] for k in ("home", "units")} == {"home": None, "units": "km"}
    assert shown["user"]  # whom changes are recorded as: the system user, or your role
    run("config", "set", "home", "Knoxville, TN")
    run("config", "set", "units", "miles")
    settings = run_json("config", "show")
    assert settings["home"]["name"] == "Knoxville, Tennessee, US"
    assert settings["units"] == "mi"
    run("config", "unset", "units")
    assert run_json("config", "show")["units"] == "km"
    assert "no setting 'colour'" in one_line_error(run("config", "set", "colour", "red", expect=1))
    assert "'furlongs' is not a unit" in one_line_error(
        run("config", "set", "units", "furlongs", expect=1)
    )
    assert "no place 'Qwertyville'" in one_line_error(
        run("config", "set", "home", "Qwertyville", expect=1)
    )
