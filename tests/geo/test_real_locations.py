"""Location strings as people write them (tests/fixtures/places/locations.tsv): the share that
resolves to the place meant, and not one silently wrong answer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from meetup_tracker.errors import MeetupError
from meetup_tracker.geo.gazetteer import gazetteer
from meetup_tracker.geo.phrases import place_key
from meetup_tracker.geo.places import Resolution
from meetup_tracker.geo.resolver import script_countries

CORPUS = Path(__file__).parent.parent / "fixtures" / "places" / "locations.tsv"


@dataclass(frozen=True)
class Case:
    text: str
    expected: str  # see the file's header

    def judge(self, found: Resolution | None) -> str:
        """`right` (the place meant, taken: decided, or the likelier of places of similar size
        with a notice), `wrong` (a decided answer that is not the one meant), `guessed` (a
        likelier place taken with a notice, not the one meant) or `missed` (nothing taken)."""
        verdict = self._judge(found)
        taken = found is not None and found.taken
        if verdict == "missed" and taken and self.expected not in ("?", "-"):
            return "guessed"
        return verdict

    def _judge(self, found: Resolution | None) -> str:
        decided = found is not None and found.place is not None and found.decided
        taken = found is not None and found.taken
        if self.expected == "-":
            return "right" if found is None else "wrong" if decided else "missed"
        if self.expected == "?":
            return "wrong" if decided else "right"
        if self.expected.startswith("@"):
            lat, lon = (float(v) for v in self.expected[1:].split(","))
            point = found.place if found is not None else None
            meant = (
                point is not None and abs(point.lat - lat) < 0.01 and abs(point.lon - lon) < 0.01
            )
            return "right" if meant and taken else "wrong" if decided else "missed"
        if self.expected.startswith("area:"):
            country, _, region = self.expected.removeprefix("area:").partition("|")
            areas = found.areas if found is not None and found.place is None else []
            hit = any(
                a.country == country and (not region or place_key(a.name) == place_key(region))
                for a in areas
            )
            return "right" if hit else "wrong" if decided else "missed"
        name, country, *regions = self.expected.split("|")
        place = found.place if found is not None else None
        meant = (
            place is not None
            and place_key(place.name) == place_key(name)
            and place.country == country
            and (not regions or place_key(place.region or "") == place_key(regions[0]))
        )
        if decided:
            return "right" if meant else "wrong"
        return "right" if meant and taken else "missed"


def cases() -> list[Case]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, expected = line.split("\t")
            rows.append(Case(text, expected))
    return rows


def resolve(text: str) -> Resolution | None:
    try:
        return gazetteer().resolve(text)
    except MeetupError:
        return None


def test_the_corpus_is_real_sized_and_worldwide() -> None:
    every = cases()
    countries = {
        c.expected.removeprefix("area:").split("|")[0]
        if c.expected.startswith("area:")
        else c.expected.split("|")[1]
        for c in every
        if c.expected not in ("?", "-") and not c.expected.startswith("@")
    }
    no_single_place = [c for c in every if c.expected in ("?", "-") or c.expected[:5] == "area:"]
    scripts = {script_countries(c.text).__len__() > 0 for c in every}
    assert len(every) >= 800
    assert len(no_single_place) >= 100
    assert len(countries) >= 60
    assert scripts == {True, False}  # Cyrillic, Greek, Hebrew, Arabic, Hangul, ... and Latin


def test_real_location_strings_resolve_and_none_is_silently_wrong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    verdicts = {case: case.judge(resolve(case.text)) for case in cases()}
    wrong = [c for c, v in verdicts.items() if v == "wrong"]
    missed = [c for c, v in verdicts.items() if v == "missed"]
    rate = sum(v == "right" for v in verdicts.values()) / len(verdicts)
    with capsys.disabled():
        print(f"\nlocation corpus: {rate:.1%} of {len(verdicts)} right, {len(missed)} missed")
    assert wrong == [], "silently wrong: " + "; ".join(
        f"{c.text} (meant {c.expected})" for c in wrong
    )
    assert rate >= 0.95, "missed: " + "; ".join(c.text for c in missed)


def test_every_city_of_100000_people_resolves_from_its_own_display_name() -> None:
    """Each place's display name gives it back, or (where GeoNames has two places of the same
    name in one region) says it cannot decide and names it among the candidates."""
    index = gazetteer()
    # The index itself is the list of places to try.
    places = [p for p in index.index.places_larger_than(100_000) if "," not in p.name]
    assert len(places) > 5000
    failures = []
    for place in places:
        found = index.resolve(place.display)
        if found.place is not None and found.place.geonameid == place.geonameid:
            continue
        same_display = found.place is not None and place_key(found.place.display) == place_key(
            place.display
        )
        listed = any(c.geonameid == place.geonameid for c in found.candidates)
        if same_display or (listed and not found.decided):
            continue
        failures.append(f"{place.display} -> {found.place.display if found.place else found}")
    assert failures == []
