"""Home as context (tests/fixtures/places/with-home.tsv): among places of similar size a text
could mean, the one in the home country, and nearer home, is the one meant; a close spelling
of a big place is asked about, whoever asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup_tracker.errors import MeetupError
from meetup_tracker.geo.gazetteer import gazetteer
from meetup_tracker.geo.places import Place
from tests.geo.test_real_locations import Case

CASES = Path(__file__).parent.parent / "fixtures" / "places" / "with-home.tsv"


def _cases() -> list[tuple[str, Case]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            home, text, expected = line.split("\t")
            rows.append((home, Case(text, expected)))
    return rows


def _home(text: str) -> Place:
    place = gazetteer().resolve(text).place
    assert place is not None
    return place


@pytest.mark.parametrize(("home", "case"), _cases(), ids=lambda v: getattr(v, "text", v))
def test_home_decides_between_places_of_similar_size(home: str, case: Case) -> None:
    try:
        found = gazetteer().resolve(case.text, _home(home))
    except MeetupError:
        found = None
    assert case.judge(found) == "right", found


def test_without_a_home_the_likelier_is_taken_with_a_notice() -> None:
    found = gazetteer().resolve("Cambridge")
    assert found.place is not None
    assert found.place.country == "GB"
    assert (found.decided, found.taken, found.reading) == (False, True, "likelier")
    assert "Cambridge, Massachusetts" in found.notice()


def test_home_says_it_decided() -> None:
    found = gazetteer().resolve("Cambridge", _home("Boston, MA"))
    assert (found.reading, found.near_home, found.decided) == ("home", True, True)


def test_a_close_spelling_of_a_far_bigger_city_is_asked_about_first() -> None:
    found = gazetteer().resolve("Indianopolis")
    assert found.confirm
    assert not found.taken
    assert not found.decided
    assert found.place is not None
    assert found.place.display == "Indianapolis, Indiana, US"
    assert [p.country for p in found.alternatives] == ["BR", "BR"]
    assert found.notice().startswith("Indianopolis: did you mean Indianapolis")


def test_home_never_outweighs_a_far_bigger_place() -> None:
    # Paris, Texas is near home, but Paris is Paris, France, eighty times its size.
    found = gazetteer().resolve("Paris", _home("Dallas, Texas"))
    assert found.place is not None
    assert found.place.country == "FR"
    assert found.decided
    assert not found.near_home
