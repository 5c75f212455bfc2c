"""Places typed for contacts and meetings resolve offline; `place search` and `place unresolved`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

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
        "Portland → Portland, Oregon, US; also Portland, Maine; Portland, Texas;"
        " Portland, United Kingdom",
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


def test_a_country_or_region_is_kept_without_coordinates_never_a_namesake_town(
    run: Run, run_json
) -> None:
    result = run("contact", "add", "Aoife", "--city", "Ireland")
    assert "Ireland names a country (Ireland), not a city" in result.stderr
    assert "kept without coordinates" in result.stderr
    aoife = run_json("contact", "show", "Aoife")
    assert (aoife["city"], aoife["lat"]) == ("Ireland", None)
    run("contact", "add", "Tex", "--city", "Texas")
    assert run_json("contact", "show", "Tex")["city"] == "Texas, US"
    error = one_line_error(run("near", "Texas", expect=1))
    assert error.startswith("Error: 'Texas' names a region (Texas, US), not a place on the map")
    assert "e.g. 'Houston, Texas, US'" in error


def test_coordinates_south_and_west_are_places_not_options(run: Run, run_json) -> None:
    run("contact", "add", "Mere", "--city", "Auckland, New Zealand")
    run("contact", "add", "Sam", "--lat", "-33.87", "--lon", "151.2")
    assert [c["name"] for c in run_json("near", "-36.84,174.76")] == ["Mere"]
    assert [c["name"] for c in run_json("near", "-33.87,151.21")] == ["Sam"]
    legs = run_json("route", "-36.84,174.76", "Wellington, New Zealand", "--within", "20")
    assert [c["name"] for c in legs] == ["Mere"]


def test_place_search_puts_what_people_mean_first(run_json) -> None:
    assert run_json("place", "search", "DC")[0]["display"] == (
        "Washington, District of Columbia, US"
    )
    assert run_json("place", "search", "LA")[0]["display"] == "Los Angeles, California, US"
    rows = run_json("place", "search", "Texas")
    assert rows[0]["display"] == "Houston, Texas, US"  # a region: its largest places


def _kept_as_text(db_path: Path, name: str, city: str) -> None:
    with sqlite3.connect(db_path) as conn:  # a city an import kept as text
        conn.execute(
            "UPDATE contact SET city = ?, lat = NULL, lon = NULL, geonameid = NULL WHERE name = ?",
            (city, name),
        )


def test_place_unresolved_shows_what_each_kept_city_could_be(
    run: Run, run_json, db_path: Path
) -> None:
    run("contact", "add", "Ana")
    run("contact", "add", "Ben")
    _kept_as_text(db_path, "Ana", "Portland")
    _kept_as_text(db_path, "Ben", "Nashvile")
    rows = {r["name"]: r for r in run_json("place", "unresolved")}
    assert [c["display"] for c in rows["Ana"]["candidates"]][:2] == [
        "Portland, Oregon, US",
        "Portland, Maine, US",
    ]
    assert [c["display"] for c in rows["Ben"]["candidates"]] == ["Nashville, Tennessee, US"]
    table = run("place", "unresolved").stdout
    assert "Portland, Oregon, US; Portland, Maine, US" in table


def test_place_fix_moves_everyone_at_a_text_to_the_place_chosen(
    run: Run, run_json, db_path: Path
) -> None:
    for name in ("Ana", "Ben", "Cy"):
        run("contact", "add", name)
    _kept_as_text(db_path, "Ana", "Portland")
    _kept_as_text(db_path, "Ben", "portland")
    _kept_as_text(db_path, "Cy", "Springfeld")
    result = run("place", "fix", "Portland", "Portland, ME")
    assert result.stderr.strip() == "Portland → Portland, Maine, US: 2 contacts"
    assert run_json("contact", "show", "Ben")["city"] == "Portland, Maine, US"
    assert [c["name"] for c in run_json("place", "unresolved")] == ["Cy"]
    error = one_line_error(run("place", "fix", "Nowhere Town", "Memphis", expect=1))
    assert error.startswith("Error: nothing is kept at 'Nowhere Town'")
    assert "not a place on the map" in one_line_error(
        run("place", "fix", "Springfeld", "Texas", expect=1)
    )


def test_place_fix_auto_takes_what_an_import_would(run: Run, run_json, db_path: Path) -> None:
    for name in ("Ana", "Ben", "Cy"):
        run("contact", "add", name)
    _kept_as_text(db_path, "Ana", "Nashville, TN 37203")
    _kept_as_text(db_path, "Ben", "Durham")  # the likelier Durham, as typed
    _kept_as_text(db_path, "Cy", "Indianopolis")  # a guess to confirm: left
    result = run("place", "fix", "--auto")
    assert "Nashville, TN 37203 → Nashville, Tennessee, US: 1 contact" in result.stderr
    assert "Durham → Durham, North Carolina, US: 1 contact" in result.stderr
    assert "placed 2 cities; 1 left" in result.stderr
    assert [c["name"] for c in run_json("place", "unresolved")] == ["Cy"]


def test_place_fix_asks_about_each_kept_city_on_a_terminal(
    run: Run, run_json, db_path: Path, monkeypatch
) -> None:
    from meetup_tracker import output

    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    for name in ("Ana", "Ben"):
        run("contact", "add", name)
    _kept_as_text(db_path, "Ana", "Portland")
    _kept_as_text(db_path, "Ben", "Durham")
    result = run("place", "fix", input="\n2\n")  # Durham comes first: skipped
    assert "  1. Portland, Oregon, US" in result.stderr
    assert "  → Portland, Maine, US: 1 contact" in result.stderr
    assert run_json("contact", "show", "Ana")["city"] == "Portland, Maine, US"
    assert run_json("contact", "show", "Ben")["lat"] is None
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: False)
    assert "give TEXT and PLACE" in one_line_error(run("place", "fix", expect=1))


def test_the_place_cache_folder_is_private(place_cache: Path) -> None:
    assert place_cache.stat().st_mode & 0o777 == 0o700


def test_a_relative_cache_folder_is_taken_from_where_you_are(
    run: Run, run_json, place_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(place_cache.parent)
    monkeypatch.setenv("MEETUP_TRACKER_CACHE_DIR", place_cache.name)
    assert run_json("place", "search", "Nashville")[0]["display"].startswith("Nashville")
    run("contact", "add", "Nadia", "--city", "Nashville, TN")
    assert run_json("near", "Nashville, TN")[0]["name"] == "Nadia"
