"""`near` and `route`: whom you could meet around a place, and along the road."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Run, one_line_error

NETWORK = {
    "Nadia Nashville": "Nashville, TN",
    "Jack Jackson": "Jackson, TN",
    "Mona Memphis": "Memphis, TN",
    "Lou Louisville": "Louisville, KY",
    "Ava Atlanta": "Atlanta, GA",
    "Fran Franklin": "Franklin, TN",
    "Kim Knoxville": "Knoxville, TN",
    "Tim Tokyo": "Tokyo",
    "Hana Honolulu": "Honolulu",
}


@pytest.fixture
def network(run: Run) -> None:
    for name, city in NETWORK.items():
        run("contact", "add", name, "--city", city)
    run("met", "Nadia")


def test_near_lists_contacts_within_the_radius_nearest_first(run: Run, run_json, network) -> None:
    rows = run_json("near", "Nashville")
    assert [r["name"] for r in rows] == ["Nadia Nashville", "Fran Franklin"]
    assert rows[0]["distance_km"] == 0.0
    assert 25 < rows[1]["distance_km"] < 35
    assert rows[1]["met_in_person"] is False
    assert [r["name"] for r in run_json("near", "Nashville", "--within", "10")] == [
        "Nadia Nashville"
    ]
    assert len(run_json("near", "Nashville", "--within", "300mi")) == 7  # Atlanta too


def test_route_orders_contacts_as_you_pass_them(run: Run, run_json, network) -> None:
    rows = run_json("route", "Knoxville", "Nashville", "Memphis", "--within", "40km")
    assert [r["name"] for r in rows] == [
        "Kim Knoxville",
        "Nadia Nashville",
        "Fran Franklin",
        "Jack Jackson",
        "Mona Memphis",
    ]
    nadia = next(r for r in rows if r["name"] == "Nadia Nashville")
    # I-40 from Knoxville to Nashville is about 290 km (the great circle 258)
    assert nadia["along_km"] == pytest.approx(285, abs=15)
    assert 140 < nadia["along_minutes"] < 190
    jack = next(r for r in rows if r["name"] == "Jack Jackson")
    assert jack["distance_km"] == pytest.approx(7, abs=1.5)
    assert jack["leg"] == "Nashville → Memphis"
    # Jackson lies just off I-40: into town and back is a short drive
    assert jack["detour_km"] < 25
    assert jack["detour_minutes"] < 20
    assert all(r["road"] is True for r in rows)
    for row in rows:
        assert {
            "id",
            "name",
            "handles",
            "met_in_person",
            "distance_km",
            "along_km",
            "detour_km",
            "detour_minutes",
            "along_minutes",
            "leg",
        } <= set(row)


def test_route_on_a_terminal_is_grouped_by_leg(
    run: Run, network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetup_tracker import output

    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    result = run("route", "Knoxville", "Nashville", "Memphis", "Indianapolis", "--within", "40km")
    assert re.search(r"Knoxville → Nashville · 2[89]\d km · [23] h( \d+ min)?", result.stdout)
    assert "Nashville → Memphis" in result.stdout
    assert "on the way" in result.stdout
    assert "Memphis → Indianapolis" in result.stdout
    assert "nobody within 40 km" in result.stdout
    assert "★ not met in person yet" in result.stderr


def test_far_contacts_are_not_on_the_route(run: Run, run_json, network) -> None:
    names = {
        r["name"] for r in run_json("route", "Knoxville", "Nashville", "Memphis", "--within", "200")
    }
    assert "Ava Atlanta" not in names  # about 235 km from I-40 west of Knoxville
    # Memphis -> Indianapolis is I-55 and I-57 through Illinois, far west of Louisville (the
    # great circle passes 125 km from it); forced through Louisville, the road meets Lou there
    names = {r["name"] for r in run_json("route", "Memphis", "Indianapolis", "--within", "130km")}
    assert "Lou Louisville" not in names
    rows = run_json("route", "Memphis", "Indianapolis", "--via", "Louisville, KY")
    lou = next(r for r in rows if r["name"] == "Lou Louisville")
    assert lou["leg"] == "Memphis → Indianapolis"
    assert lou["distance_km"] < 5


def test_a_route_across_the_antimeridian(run: Run, run_json, network) -> None:
    rows = run_json("route", "Tokyo", "Honolulu")
    assert [r["name"] for r in rows] == ["Tim Tokyo", "Hana Honolulu"]
    assert rows[1]["along_km"] == pytest.approx(6206, abs=10)


def test_a_route_of_one_repeated_place(run: Run, run_json, network) -> None:
    assert [r["name"] for r in run_json("route", "Memphis", "Memphis")] == ["Mona Memphis"]


def test_distances_in_miles_when_configured(run: Run, network) -> None:
    run("config", "set", "units", "mi")
    plain = run("near", "Nashville", "--within", "20").stdout.splitlines()
    assert plain[2].split("\t")[3].endswith(" mi")
    assert len(plain) == 3  # a bare 20 means 20 miles: Franklin is about 18 mi away


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["near", "Nashvile"], "no place 'Nashvile'; did you mean Nashville"),
        (["near", "Nashville", "--within", "-5km"], "must be more than zero"),
        (["near", "Nashville", "--within", "far"], "'far' is not a distance"),
        (["route", "Memphis"], "a route needs at least two places"),
        (["route", "Memphis", "Qwertyville"], "no place 'Qwertyville'"),
    ],
)
def test_bad_input_is_a_one_line_error(run: Run, network, args: list[str], message: str) -> None:
    assert message in one_line_error(run(*args, expect=1))
