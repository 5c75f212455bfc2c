"""The outlines behind every map: the shipped TopoJSON decoded into the right shapes, and the
drawing geometry (the road, its corridor) where it belongs on the globe."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetup_tracker.geo.geometry import (
    bearing,
    circle,
    corridor,
    destination,
    distance_km,
    path,
)
from meetup_tracker.maps.atlas import Line, atlas, data_text, decode_arcs, ring


def inside(point: tuple[float, float], rings: list[Line]) -> bool:
    """Even-odd rule over every ring of a shape (holes included)."""
    lon, lat = point
    hit = False
    for r in rings:
        for (x1, y1), (x2, y2) in itertools.pairwise(r):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def shape_named(layer: str, name: str) -> list[Line]:
    (found,) = [s for s in atlas(layer).shapes if s.name == name]
    return found.rings


@pytest.mark.parametrize(
    ("layer", "name", "lon_lat", "elsewhere"),
    [
        ("countries", "France", (2.35, 48.86), (13.4, 52.52)),  # Paris, not Berlin
        ("countries", "Japan", (139.69, 35.69), (126.98, 37.57)),  # Tokyo, not Seoul
        ("countries", "Brazil", (-47.93, -15.78), (-58.38, -34.6)),  # Brasília, not B. Aires
        ("countries", "Australia", (149.13, -35.28), (174.78, -41.29)),  # not Wellington
        ("states", "Tennessee", (-86.78, 36.16), (-84.39, 33.75)),  # Nashville, not Atlanta
        ("states", "Hawaii", (-157.86, 21.31), (-122.42, 37.77)),  # Honolulu, not SF
        ("states", "Michigan", (-83.05, 42.33), (-87.63, 41.88)),  # Detroit, not Chicago
    ],
)
def test_decoded_shapes_hold_their_capitals(
    layer: str, name: str, lon_lat: tuple[float, float], elsewhere: tuple[float, float]
) -> None:
    rings = shape_named(layer, name)
    assert inside(lon_lat, rings)
    assert not inside(elsewhere, rings)


@pytest.mark.parametrize(("layer", "filename"), [("countries", "countries-110m.json"),
                                                  ("states", "states-10m.json")])  # fmt: skip
def test_every_ring_closes_and_every_arc_stays_in_the_topology_bbox(
    layer: str, filename: str
) -> None:
    topology = json.loads(data_text(filename))
    west, south, east, north = topology["bbox"]
    quantum = max(topology["transform"]["scale"])
    for arc in atlas(layer).arcs:
        for lon, lat in arc:
            assert west - quantum <= lon <= east + quantum
            assert south - quantum <= lat <= north + quantum
    for shape in atlas(layer).shapes:
        for r in shape.rings:
            assert r[0] == pytest.approx(r[-1])
    names = {s.name for s in atlas(layer).shapes}
    assert len(names) > (170 if layer == "countries" else 50)


def test_a_reversed_arc_index_walks_the_arc_backwards() -> None:
    topology = {"arcs": [[[0, 0], [1, 0]], [[1, 0], [0, 1]]], "transform": None}
    arcs = decode_arcs({"arcs": [[[0, 0], [1, 0]], [[1, 0], [1, 1]]]})
    assert arcs[1] == [(1.0, 0.0), (1.0, 1.0)]
    assert ring(arcs, [0, 1]) == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]
    assert ring(arcs, [~1, ~0]) == [(1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]
    assert topology["transform"] is None


def test_delta_encoded_arcs_are_summed_and_scaled() -> None:
    topology = {
        "arcs": [[[10, 20], [5, -5], [-15, 0]]],
        "transform": {"scale": [0.5, 0.25], "translate": [-100.0, 30.0]},
    }
    assert decode_arcs(topology) == [[(-95.0, 35.0), (-92.5, 33.75), (-100.0, 33.75)]]


@given(
    st.floats(-60, 60), st.floats(-179, 179), st.floats(0, 6.28), st.floats(1, 500)
)  # fmt: skip
def test_destination_is_that_far_away(lat: float, lon: float, heading: float, km: float) -> None:
    assert distance_km((lat, lon), destination((lat, lon), heading, km)) == pytest.approx(
        km, rel=1e-6, abs=1e-6
    )


def test_the_corridor_is_everything_within_the_radius_of_the_road() -> None:
    nashville, memphis = (36.16, -86.78), (35.15, -90.05)
    road = path([nashville, memphis], step_km=5)
    rings = [[(lon, lat) for lat, lon in r] for r in corridor([nashville, memphis], 50)]
    for r in rings:  # no edge strays beyond the radius
        for lon, lat in r:
            assert min(distance_km((lat, lon), p) for p in road) < 50.5

    def covered(point: tuple[float, float]) -> bool:
        return any(inside((point[1], point[0]), [r]) for r in rings)

    heading = bearing(nashville, memphis)
    for point in road[1:-1]:  # beside the road, on both sides: in at 45 km, out at 56 km
        for side in (-1, 1):
            assert covered(destination(point, heading + side * math.pi / 2, 45))
            assert not covered(destination(point, heading + side * math.pi / 2, 56))
    for end in (nashville, memphis):  # round ends: 45 km ahead of a stop is in, 56 km is not
        for degrees in range(0, 360, 30):
            assert covered(destination(end, math.radians(degrees), 45))
    assert not covered(destination(memphis, heading, 56))
    for point in circle(nashville, 30):
        assert distance_km(point, nashville) == pytest.approx(30, rel=1e-6)


def test_a_road_across_the_pacific_keeps_going_east() -> None:
    line = path([(35.68, 139.69), (21.31, -157.86)])
    lons = [p[1] for p in line]
    assert lons == sorted(lons)
    assert lons[-1] == pytest.approx(202.14, abs=0.01)
    for r in corridor([(35.68, 139.69), (21.31, -157.86)], 50):
        assert all(130 < lon < 215 for _, lon in r)
