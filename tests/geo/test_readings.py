"""Other readings of a place text (pure functions)."""

from __future__ import annotations

import pytest

from meetup_tracker.geo.readings import (
    after_street,
    area_words,
    degrees,
    is_district,
    name_variants,
    several,
    spelled_out,
)


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("40°26′46″N 79°58′56″W", (40.4461, -79.9822)),
        ("40°26'46\"N 79°58'56\"W", (40.4461, -79.9822)),
        ("40° 26' 46\" N, 79° 58' 56\" W", (40.4461, -79.9822)),
        ("N 40° 26.767' W 079° 58.933'", (40.4461, -79.9822)),
        ("33°52′S 151°12′E", (-33.8667, 151.2)),
        ("51.5074° N, 0.1278° W", (51.5074, -0.1278)),
        ("48°51′24″N 2°21′03″E", (48.8567, 2.3508)),
    ],
)
def test_degrees_minutes_and_seconds(text: str, point: tuple[float, float]) -> None:
    found = degrees(text)
    assert found is not None
    assert found == pytest.approx(point, abs=1e-4)


@pytest.mark.parametrize("text", ["Berlin", "35.1, -90.0", "40°26′46″", "N 40° W"])
def test_not_degrees(text: str) -> None:
    assert degrees(text) is None


@pytest.mark.parametrize(
    ("name", "readings"),
    [
        ("Mt. Clemens", ["Mount Clemens"]),
        ("Ft Worth", ["Fort Worth"]),
        ("Freiburg i.Br.", ["Freiburg im Breisgau", "Freiburg im Br.", "Freiburg"]),
        ("Frankfurt a.M.", ["Frankfurt am Main", "Frankfurt"]),
        ("Ludwigshafen a. Rhein", ["Ludwigshafen am Rhein", "Ludwigshafen"]),
        ("Weiden i.d.OPf.", ["Weiden in der OPf.", "Weiden"]),
        ("Berlin", []),
    ],
)
def test_abbreviations_spelled_out(name: str, readings: list[str]) -> None:
    assert spelled_out(name) == readings


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("Aarhus C", "Aarhus"),
        ("Kristiansand S", "Kristiansand"),
        ("Shibuya-ku", "Shibuya"),
        ("Sapporo-shi", "Sapporo"),
        ("Berlin Hbf", "Berlin"),
        ("Zürich HB", "Zürich"),
        ("Messe Berlin", "Berlin"),
        ("Roma Termini", "Roma"),
        ("Paris 15ème", "Paris"),
        ("South Jakarta", "Jakarta"),
        ("Jakarta Selatan", "Jakarta"),
        ("Old City of Jerusalem", "Jerusalem"),
    ],
)
def test_a_name_without_its_affix(name: str, reading: str) -> None:
    assert reading in name_variants(name)


@pytest.mark.parametrize(
    ("part", "tail"),
    [
        ("1200 Oak St Oviedo", "Oviedo"),
        ("221B Baker St London", "London"),
        ("1600 Pennsylvania Ave NW Washington", "Washington"),
        ("Friedrichstraße 43 Berlin", "Berlin"),
        ("Carrera 7 # 32-16 Bogotá", "Bogotá"),
        ("Unit 4", None),
    ],
)
def test_what_follows_the_street(part: str, tail: str | None) -> None:
    assert after_street(part) == tail


def test_a_street_word_first_is_a_name_not_a_street() -> None:
    assert after_street("St Louis", inner=True) is None
    assert after_street("Oak St Oviedo", inner=True) == "Oviedo"


@pytest.mark.parametrize(
    ("part", "name"),
    [
        ("Provincia di Treviso", "Treviso"),
        ("Co. Galway", "Galway"),
        ("County Antrim", "Antrim"),
        ("Washington State", "Washington"),
        ("Comunidad de Madrid", "Madrid"),
        ("Republic of Lithuania", "Lithuania"),
        ("Commonwealth of Australia", "Australia"),
        ("Berlin", None),
        ("Kansas City", None),
    ],
)
def test_a_part_that_says_it_is_an_area(part: str, name: str | None) -> None:
    assert area_words(part) == name


def test_several_places_in_one_text() -> None:
    assert several("Berlin & Lisbon") == ["Berlin", "Lisbon"]
    assert several("Austin ↔ NYC") == ["Austin", "NYC"]
    assert several("Between London and Berlin") == ["London", "Berlin"]
    assert several("Toronto -> Berlin") == ["Toronto", "Berlin"]
    assert several("Trinidad and Tobago") == []


@pytest.mark.parametrize(
    ("part", "district"),
    [
        ("XI. ker.", True),
        ("3. Bezirk", True),
        ("District 7", True),
        ("15e arrondissement", True),
        ("Altstadt", True),
        ("Downtown", True),
        ("IL", False),
        ("Lille", False),
        ("MI", False),
        ("Dublin 2", False),
    ],
)
def test_a_district_of_a_city(part: str, district: bool) -> None:
    assert is_district(part) is district
