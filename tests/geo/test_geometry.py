"""Great-circle geometry, checked on real cities and by its properties."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from meetup_tracker.geo.geometry import (
    boxes_around,
    distance_km,
    interpolate,
    leg_boxes,
    leg_position,
    route_position,
)

KNOXVILLE = (35.96064, -83.92074)
NASHVILLE = (36.16589, -86.78444)
MEMPHIS = (35.14953, -90.04898)
INDIANAPOLIS = (39.76838, -86.15804)
JACKSON_TN = (35.61452, -88.81395)
ATLANTA = (33.749, -84.38798)
LOUISVILLE = (38.25424, -85.75941)
TOKYO = (35.6895, 139.69171)
HONOLULU = (21.30694, -157.85833)


def test_nashville_lies_on_the_route_258_km_along() -> None:
    pos = route_position([KNOXVILLE, NASHVILLE, MEMPHIS], NASHVILLE)
    assert pos.distance_km == pytest.approx(0.0, abs=1e-6)
    assert pos.along_km == pytest.approx(258, abs=2)
    assert pos.detour_km == pytest.approx(0.0, abs=1e-6)


def test_jackson_is_7_km_from_nashville_to_memphis() -> None:
    assert leg_position(NASHVILLE, MEMPHIS, JACKSON_TN).distance_km == pytest.approx(7, abs=1)


def test_atlanta_is_250_km_from_the_route() -> None:
    assert route_position([KNOXVILLE, NASHVILLE, MEMPHIS], ATLANTA).distance_km == pytest.approx(
        250, abs=5
    )


def test_louisville_is_125_km_from_memphis_to_indianapolis() -> None:
    assert leg_position(MEMPHIS, INDIANAPOLIS, LOUISVILLE).distance_km == pytest.approx(125, abs=3)


def test_a_route_of_one_repeated_place_is_a_point() -> None:
    pos = route_position([MEMPHIS, MEMPHIS], JACKSON_TN)
    assert pos.distance_km == pytest.approx(distance_km(MEMPHIS, JACKSON_TN))
    assert pos.along_km == 0.0


def test_across_the_antimeridian() -> None:
    midway = interpolate(TOKYO, HONOLULU, 0.5)
    assert leg_position(TOKYO, HONOLULU, midway).distance_km == pytest.approx(0, abs=0.01)
    assert distance_km(TOKYO, HONOLULU) == pytest.approx(6206, abs=10)
    boxes = leg_boxes(TOKYO, HONOLULU, 50)
    assert any(b[3] == 180.0 for b in boxes)  # split at ±180°
    assert any(b[2] == -180.0 for b in boxes)
    assert all(-180 <= b[2] <= b[3] <= 180 for b in boxes)
    assert any(b[2] <= midway[1] <= b[3] and b[0] <= midway[0] <= b[1] for b in boxes)


def test_near_a_pole_the_box_spans_every_longitude() -> None:
    (box,) = boxes_around([(89.7, 10.0)], 50)
    assert (box[2], box[3]) == (-180.0, 180.0)
    assert box[1] <= 90.0


latitudes = st.floats(min_value=-89.0, max_value=89.0)
longitudes = st.floats(min_value=-180.0, max_value=180.0)
points = st.tuples(latitudes, longitudes)


@given(points, points)
def test_distance_is_symmetric_and_not_negative(a, b) -> None:
    assert distance_km(a, b) == pytest.approx(distance_km(b, a), abs=1e-6)
    assert distance_km(a, b) >= 0


@given(points, points, points)
def test_triangle_inequality(a, b, c) -> None:
    # Floating point near half the globe's circumference (20,015 km) errs by about 1e-6 km,
    # so the slack is relative to the distances, not a fixed millimetre.
    ab, bc = distance_km(a, b), distance_km(b, c)
    assert distance_km(a, c) <= ab + bc + 1e-9 * max(1.0, ab + bc)


@given(points, points, points)
def test_detour_is_never_negative_and_a_leg_never_farther_than_its_ends(a, b, p) -> None:
    pos = leg_position(a, b, p)
    assert pos.detour_km >= 0
    assert pos.distance_km <= min(distance_km(a, p), distance_km(b, p)) + 1e-6
    assert 0 <= pos.along_km <= distance_km(a, b) + 1e-6


@given(points, points, st.floats(min_value=0.0, max_value=1.0))
def test_a_point_on_a_leg_is_at_distance_zero(a, b, fraction) -> None:
    assume(distance_km(a, b) < 15000)  # nearly antipodal legs have no single great circle
    p = interpolate(a, b, fraction)
    pos = leg_position(a, b, p)
    assert pos.distance_km == pytest.approx(0, abs=0.5)
    assert pos.along_km == pytest.approx(fraction * distance_km(a, b), abs=0.5)


@given(points, points)
def test_a_leg_of_zero_length(a, p) -> None:
    pos = leg_position(a, a, p)
    assert pos.distance_km == pytest.approx(distance_km(a, p))
    assert pos.along_km == 0.0


@given(points, st.floats(min_value=1, max_value=500), st.floats(min_value=0, max_value=359))
def test_every_point_within_the_radius_is_inside_a_box(center, radius, heading) -> None:
    import math

    # Walk `radius * 0.99` km from the center on a heading, and check the boxes hold the point.
    d = radius * 0.99 / 6371.0088
    lat1, lon1, h = math.radians(center[0]), math.radians(center[1]), math.radians(heading)
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(h))
    lon2 = lon1 + math.atan2(
        math.sin(h) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2)
    )
    lat, lon = math.degrees(lat2), (math.degrees(lon2) + 540) % 360 - 180
    boxes = boxes_around([center], radius)
    assert any(b[0] <= lat <= b[1] and b[2] <= lon <= b[3] for b in boxes)
