"""Along the real road, as a user asks for it: `route`, `trip show`, `upcoming`, `unmet`'s next
chance, `--via`, `--straight`, a sea crossing, and the exports, all on the roads people drive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Run

PEOPLE = {
    "Cleo Cleveland": "Cleveland, TN",
    "Dana Dalton": "Dalton, GA",
    "Chip Chattanooga": "Chattanooga, TN",
    "Bea Blue Ridge": "Blue Ridge, GA",
    "Ann Atlanta": "Atlanta, GA",
    "Ed Evansville": "Evansville, IN",
    "Effie Effingham": "Effingham, IL",
}


@pytest.fixture
def people(run: Run) -> None:
    for name, city in PEOPLE.items():
        run("contact", "add", name, "--city", city)


@pytest.mark.usefixtures("people")
def test_knoxville_to_atlanta_passes_the_friends_on_i75_and_not_blue_ridge(run_json) -> None:
    rows = run_json("route", "Knoxville, TN", "Atlanta, GA", "--within", "25km")
    names = [r["name"] for r in rows]
    # in the order you pass them on I-75
    assert names == ["Cleo Cleveland", "Chip Chattanooga", "Dana Dalton", "Ann Atlanta"]
    assert "Bea Blue Ridge" not in names  # by the straight line, 65 km from the highway
    for row in rows:
        assert row["road"] is True
        assert row["detour_minutes"] is not None
        assert row["along_minutes"] is not None
        assert row["detour_km"] >= row["distance_km"]  # there and back, by road
    along = [r["along_km"] for r in rows]
    assert along == sorted(along)
    assert 320 < along[-1] < 360  # I-75 is about 345 km, the great circle 250


@pytest.mark.usefixtures("people")
def test_a_terminal_shows_each_legs_length_and_driving_time(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetup_tracker import output

    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    shown = run("route", "Knoxville, TN", "Atlanta, GA").stdout
    assert re.search(r"Knoxville → Atlanta · 3[2-6]\d km · 3 h( \d+ min)?", shown), shown
    assert re.search(r"\+\d+(\.\d)? km · \d+ min", shown) or "on the way" in shown


@pytest.mark.usefixtures("people")
def test_straight_gives_the_great_circle_legs(run_json) -> None:
    rows = run_json("route", "Knoxville, TN", "Atlanta, GA", "--straight", "--within", "25km")
    names = [r["name"] for r in rows]
    assert "Bea Blue Ridge" in names  # near the straight line
    assert all(r["road"] is False and r["detour_minutes"] is None for r in rows)
    atlanta = next(r for r in rows if r["name"] == "Ann Atlanta")
    assert atlanta["along_km"] == pytest.approx(250, abs=5)


@pytest.mark.usefixtures("people")
def test_via_forces_the_road_through_a_place_that_is_not_a_stop(run_json) -> None:
    plain = {r["name"] for r in run_json("route", "Memphis, TN", "Indianapolis", "--within", "20")}
    assert "Effie Effingham" in plain  # I-57 and I-70
    assert "Ed Evansville" not in plain
    rows = run_json("route", "Memphis, TN", "Indianapolis", "--via", "Evansville", "--within", "20")
    names = {r["name"] for r in rows}
    assert "Ed Evansville" in names
    assert "Effie Effingham" not in names
    assert {r["leg"] for r in rows} == {"Memphis → Indianapolis"}  # still one leg


@pytest.mark.usefixtures("people")
def test_a_sea_crossing_is_a_straight_leg_said_once(run: Run) -> None:
    run("contact", "add", "Liz London", "--city", "London, UK")
    result = run("route", "New York", "London, UK", "--json")
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == ["Liz London"]
    assert rows[0]["road"] is False
    assert rows[0]["detour_minutes"] is None
    lines = [line for line in result.stderr.splitlines() if "no road" in line]
    assert lines == ["no road between New York City and London: a straight line"]


@pytest.mark.usefixtures("people")
def test_trip_show_and_upcoming_follow_the_road(run: Run, run_json) -> None:
    run("config", "set", "home", "Knoxville, TN")
    run("trip", "add", "Atlanta visit", "--start", "in 3 days", "--stop", "Atlanta, GA")
    trip = run_json("trip", "show", "Atlanta visit", "--within", "25km")
    [leg] = trip["legs"]
    assert leg["road"] is True
    assert 320 < leg["km"] < 360
    assert 180 < leg["minutes"] < 240
    along = [v["name"] for v in trip["along"]]
    assert along == ["Cleo Cleveland", "Chip Chattanooga", "Dana Dalton"]
    assert all("detour_minutes" in v for v in trip["along"])
    [coming] = run_json("upcoming", "--within", "25km")
    assert [v["name"] for v in coming["along"]] == along
    assert coming["legs"] == trip["legs"]
    straight = run_json("trip", "show", "Atlanta visit", "--straight", "--within", "25km")
    assert "Bea Blue Ridge" in [v["name"] for v in straight["along"]]
    assert straight["legs"][0]["road"] is False


@pytest.mark.usefixtures("people")
def test_unmet_next_chance_is_on_the_road(run: Run, run_json) -> None:
    run("config", "set", "home", "Knoxville, TN")
    run("trip", "add", "Atlanta visit", "--start", "in 3 days", "--stop", "Atlanta, GA")
    chances = {r["name"]: r["next_chance"] for r in run_json("unmet")}
    assert chances["Dana Dalton"]["leg"] == "Knoxville → Atlanta"
    assert chances["Ann Atlanta"]["stop"] == "Atlanta, Georgia, US"
    assert chances["Bea Blue Ridge"] is None  # 62 km from I-75: not on this trip


@pytest.mark.usefixtures("people")
def test_geojson_and_ics_exports_follow_the_road(run: Run, tmp_path: Path) -> None:
    run("config", "set", "home", "Knoxville, TN")
    run("trip", "add", "Atlanta visit", "--start", "in 3 days", "--stop", "Atlanta, GA")
    data = json.loads(run("export", "geojson").stdout)
    [trip] = [f for f in data["features"] if f["properties"]["kind"] == "trip"]
    line = trip["geometry"]["coordinates"]
    assert len(line) > 20  # the road's bends, not two points
    assert line[0] == pytest.approx([-83.92, 35.96], abs=0.05)
    # I-75 passes Chattanooga's east side: a point of the line within 15 km of it
    assert min(abs(lat - 35.05) + abs(lon + 85.3) for lon, lat in line) < 0.2
    assert trip["properties"]["legs"][0]["road"] is True
    calendar = run("export", "ics").stdout
    assert re.search(r"Knoxville → Atlanta · 3[2-6]\d km · 3 h", calendar.replace("\r\n ", ""))


@pytest.mark.usefixtures("people")
def test_the_html_map_draws_the_road_and_credits_openstreetmap(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "route.html"
    run("map", "--route", "Knoxville, TN", "Atlanta, GA", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert "© OpenStreetMap contributors" in page
    found = re.search(
        r'<script type="application/json" id="meetup-data">(.*?)</script>', page, re.S
    )
    assert found is not None
    route = json.loads(found.group(1))["route"]
    assert len(route["line"]) > 20
    svg = tmp_path / "route.svg"
    run("map", "--route", "Knoxville, TN", "Atlanta, GA", "-o", str(svg))
    assert "© OpenStreetMap contributors" in svg.read_text(encoding="utf-8")
