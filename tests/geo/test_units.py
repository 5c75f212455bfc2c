"""Distances as typed: 50, 50km, 30mi."""

from __future__ import annotations

import pytest

from meetup_tracker.errors import InvalidInput
from meetup_tracker.geo.units import format_distance, parse_distance


@pytest.mark.parametrize(
    ("typed", "unit", "km"),
    [
        ("50", "km", 50.0),
        ("50km", "km", 50.0),
        ("50 km", "mi", 50.0),
        ("30mi", "km", 48.28032),
        ("30", "mi", 48.28032),
        ("2.5 miles", "km", 4.02336),
        (".5km", "km", 0.5),
    ],
)
def test_distances_people_type(typed: str, unit: str, km: float) -> None:
    assert parse_distance(typed, unit=unit) == pytest.approx(km)


@pytest.mark.parametrize("typed", ["-5km", "0", "far", "", "5 parsecs", "nan", "1e400"])
def test_what_is_not_a_distance(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_distance(typed)


def test_shown_in_the_users_unit() -> None:
    assert format_distance(48.28032, "mi") == "30 mi"
    assert format_distance(7.04, "km") == "7.0 km"
    assert format_distance(258.4, "km") == "258 km"
