"""Places typed for contacts and meetings resolve offline; `place search` and `place unresolved`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Run, one_line_error


def test_contact_city_is_resolved_to_a_canonical_place(run: Run, run_json) -> None:
    result = run("contact", "add", "Ana", "--city", "münchen", "--json")
    assert result.stderr.strip() == "added Ana (#1)"
    ana = run_json("contact", "show", "Ana")
    assert ana["city"] == "Munich, Germany"
    assert (round(ana["lat"], 2), round(ana["lon"], 2)) == (48.14, 11.58)
    assert ana["geonameid"] == 2867714


def test_an_ambiguous_city_takes_the_largest_and_says_which(run: Run, run_json) -> None:
    result = run("contact", "add", "Ben", "--city", "Portland")
    assert "Portland → Portland, Oregon, US; also Portland, Maine" in result.stderr
    assert run_json("contact", "show", "Ben")["city"] == "Portland, Oregon, US"
    run("contact", "edit", "Ben", "--city", "Portland, ME")
    assert run_json("contact", "show", "Ben")["city"] == "Portland, Maine, US"


def test_a_failing_command_says_only_what_was_wrong_not_which_place_it_chose(
    run: Run, run_json
) -> None:
    run("contact", "add", "Ben")
    error = one_line_error(run("met", "Ben", "--at", "Portland", "--on", "not a day", expect=1))
    assert error.startswith("Error: 'not a day' is not a date")
    assert run_json("meetings") == []
    shown = run("met", "Ben", "--at", "Portland", "--on", "2026-05-12")
    assert shown.stderr.splitlines() == [
        "Portland → Portland, Oregon, US; also Portland, Maine; Portland, Texas",
        "recorded meeting with Ben on 2026-05-12 at Portland, Oregon, US (#1)",
    ]


def test_an_unknown_city_is_an_error_and_nothing_is_stored(run: Run, run_json) -> None:
    error = one_line_error(run("contact", "add", "Ana", "--city", "Nashvile", expect=1))
    assert error == "Error: no place 'Nashvile'; did you mean Nashville, Tennessee, US?"
    assert run_json("contact", "list") == []


def test_coordinates_by_hand_for_a_place_the_gazetteer_lacks(run: Run, run_json) -> None:
    run("contact", "add", "Cara", "--city", "Tiny Hollow", "--lat", "36.1", "--lon", "-85.2")
    cara = run_json("contact", "show", "Cara")
    assert (cara["city"], cara["lat"], cara["lon"]) == ("Tiny Hollow", 36.1, -85.2)
    run("contact", "add", "Dev", "--city", "36.5, -87.3")
    assert run_json("contact", "show", "Dev")["lat"] == 36.5
    assert "--lat and --lon go together" in one_line_error(
        run("contact", "add", "Eve", "--lat", "36", expect=1)
    )
    assert "latitude 95.0" in one_line_error(
        run("contact", "add", "Eve", "--lat", "95", "--lon", "0", expect=1)
    )


def test_met_at_resolves_the_place(run: Run, run_json) -> None:
    run("contact", "add", "Ana")
    meeting = run_json("met", "Ana", "--at", "Paris, TX")
    assert meeting["place"] == "Paris, Texas, US"
    assert round(meeting["lat"], 1) == 33.7
    assert "no place 'Qwertyvile'" in one_line_error(
        run("met", "Ana", "--at", "Qwertyvile", expect=1)
    )


def test_place_search_lists_candidates(run: Run, run_json) -> None:
    rows = run_json("place", "search", "Paris")
    assert [r["display"] for r in rows[:2]] == ["Paris, France", "Paris, Texas, US"]
    assert {"country", "region", "population", "lat", "lon"} <= set(rows[0])
    plain = run("place", "search", "Jackson, TN").stdout.splitlines()
    assert plain[0] == "place\tcountry\tregion\tpopulation\tlat\tlon"
    assert plain[1].startswith("Jackson, Tennessee, US\tUnited States\tTennessee\t")


def test_place_unresolved_lists_what_to_fix(run: Run, run_json, db_path: Path) -> None:
    run("contact", "add", "Ana", "--city", "Memphis")
    run("contact", "add", "Ben")
    with sqlite3.connect(db_path) as conn:  # a city kept as text, as the upgrade leaves them
        conn.execute(
            "UPDATE contact SET city = 'Springfeld', lat = NULL, lon = NULL WHERE name = 'Ben'"
        )
    assert [c["name"] for c in run_json("place", "unresolved")] == ["Ben"]
    run("contact", "edit", "Ben", "--lat", "37.2", "--lon", "-93.3")
    assert run_json("contact", "show", "Ben")["city"] == "Springfeld"
    assert run_json("place", "unresolved") == []
