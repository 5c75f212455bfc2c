"""Place texts taken apart before any look-up (pure functions)."""

from __future__ import annotations

import pytest

from meetup_tracker.geo.phrases import clean, is_street, metro_core, place_key, split


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("US (Austin, TX)", ["US", "Austin", "TX"]),
        ("Berlin (Germany)", ["Berlin (Germany)"]),  # whole, or in pieces: the index says
        ("12 Broadway, Nashville, TN 37203", ["12 Broadway", "Nashville", "TN"]),
        ("Toronto, ON M4Y 1Z3", ["Toronto", "ON"]),
        ("Aeschengraben 21, 4002 Basel, Switzerland", ["Aeschengraben 21", "Basel", "Switzerland"]),
        ("London SW1A 1AA", ["London"]),
        ("Melbourne VIC 3000", ["Melbourne VIC"]),
        ("São Paulo - SP, 01310-100", ["São Paulo", "SP"]),
        ("Based in London, UK | Remote", ["London", "UK"]),
        ("Seattle, WA ☔️", ["Seattle", "WA"]),
    ],
)
def test_a_text_becomes_its_parts(text: str, parts: list[str]) -> None:
    assert split(text).parts == parts


def test_slashes_give_alternatives_and_time_zones_a_city() -> None:
    assert split("Potsdam/Berlin").alternatives == [["Potsdam"], ["Berlin"]]
    zone = split("America/New_York")
    assert (zone.parts, zone.timezone) == (["New York"], "America/New_York")


def test_pronouns_and_not_places_leave_nothing() -> None:
    assert split("she/her").parts == []
    assert split("Remote").parts == []


def test_a_flag_names_the_country_and_emoji_go() -> None:
    assert clean("Berlin 🇩🇪") == ("Berlin", "DE")
    assert clean("Ana 👩‍💻 lives in Lisbon ☀️") == ("Ana lives in Lisbon", None)


@pytest.mark.parametrize(
    ("phrase", "city"),
    [
        ("Greater Nashville Area", "Nashville"),
        ("Nashville Metropolitan Area", "Nashville"),
        ("San Francisco Bay Area", "San Francisco"),
        ("Dallas-Fort Worth Metroplex", "Dallas-Fort Worth"),
        ("Charlotte Metro", "Charlotte"),
        ("Greater Paris Metropolitan Region", "Paris"),
        ("Sumida City", "Sumida"),
    ],
)
def test_metro_phrases_name_their_city(phrase: str, city: str) -> None:
    assert metro_core(phrase) == city


def test_street_lines_are_told_from_places() -> None:
    assert is_street("12 Broadway")
    assert is_street("Main Street")
    assert is_street("Suite 400")
    assert not is_street("St Albans")
    assert not is_street("Broadway")


def test_place_keys_ignore_case_accents_dots_and_dashes() -> None:
    assert place_key("Washington, D.C.") == place_key("washington dc")
    assert place_key("Winston-Salem") == "winston salem"
    assert place_key("MÜNCHEN") == "munchen"
