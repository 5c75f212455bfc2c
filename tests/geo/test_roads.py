"""The roads: drives measured against the distances route planners and road atlases publish for
the main road between two cities, the towns a highway passes (and those near the straight line
that it does not), and the properties any road must have."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetup_tracker.geo.geometry import distance_km
from meetup_tracker.geo.road_route import RoadRoute, simplified
from meetup_tracker.geo.roads import network

Point = tuple[float, float]

# City centres (GeoNames) and the usual drive between them on the main road, in km, as
# published by route planners (Google Maps' and ViaMichelin's fastest route) and road atlases;
# the road named is the one that drive takes.
CITY: dict[str, Point] = {
    "Knoxville": (35.9606, -83.9207),
    "Atlanta": (33.7490, -84.3880),
    "Nashville": (36.1659, -86.7844),
    "Memphis": (35.1495, -90.0490),
    "Indianapolis": (39.7684, -86.1580),
    "Chicago": (41.8500, -87.6500),
    "Los Angeles": (34.0522, -118.2437),
    "San Francisco": (37.7749, -122.4194),
    "New York": (40.7143, -74.0060),
    "Boston": (42.3584, -71.0598),
    "Dallas": (32.7831, -96.8067),
    "Houston": (29.7633, -95.3633),
    "Denver": (39.7392, -104.9847),
    "Salt Lake City": (40.7608, -111.8911),
    "Seattle": (47.6062, -122.3321),
    "Portland": (45.5234, -122.6762),
    "Charlotte": (35.2271, -80.8431),
    "Washington": (38.8951, -77.0364),
    "Philadelphia": (39.9524, -75.1636),
    "Phoenix": (33.4484, -112.0740),
    "Las Vegas": (36.1750, -115.1372),
    "Minneapolis": (44.9800, -93.2638),
    "Paris": (48.8534, 2.3488),
    "Lyon": (45.7485, 4.8467),
    "Berlin": (52.5244, 13.4105),
    "Munich": (48.1374, 11.5755),
    "Madrid": (40.4165, -3.7026),
    "Barcelona": (41.3888, 2.1590),
    "Rome": (41.8919, 12.5113),
    "Milan": (45.4643, 9.1895),
    "Amsterdam": (52.3740, 4.8897),
    "Brussels": (50.8505, 4.3488),
    "Hamburg": (53.5753, 10.0153),
    "Toronto": (43.7001, -79.4163),
    "Montreal": (45.5088, -73.5878),
    "Sydney": (-33.8679, 151.2073),
    "Melbourne": (-37.8140, 144.9633),
    "Johannesburg": (-26.2023, 28.0436),
    "Durban": (-29.8579, 31.0292),
    "Warsaw": (52.2298, 21.0118),
    "Krakow": (50.0614, 19.9366),
    "Stockholm": (59.3326, 18.0649),
    "Gothenburg": (57.7072, 11.9668),
    "Sao Paulo": (-23.5475, -46.6361),
    "Rio de Janeiro": (-22.9028, -43.2075),
    "Lisbon": (38.7167, -9.1333),
    "Porto": (41.1496, -8.6110),
}

# (from, to, published km, the road)
US_DRIVES = [
    ("Knoxville", "Atlanta", 345, "I-75"),
    ("Knoxville", "Nashville", 290, "I-40"),
    ("Nashville", "Memphis", 341, "I-40"),
    ("Memphis", "Indianapolis", 747, "I-55, I-57, I-70"),
    ("Chicago", "Indianapolis", 293, "I-65"),
    ("Los Angeles", "San Francisco", 615, "I-5"),
    ("New York", "Boston", 346, "I-95, I-84, I-90"),
    ("Dallas", "Houston", 385, "I-45"),
    ("Denver", "Salt Lake City", 837, "I-25, I-80"),
    ("Seattle", "Portland", 280, "I-5"),
    ("Atlanta", "Charlotte", 393, "I-85"),
    ("Washington", "Philadelphia", 225, "I-95"),
    ("Phoenix", "Las Vegas", 477, "US-93"),
    ("Minneapolis", "Chicago", 655, "I-94, I-90"),
]
ELSEWHERE_DRIVES = [
    ("Paris", "Lyon", 465, "A6"),
    ("Berlin", "Munich", 585, "A9"),
    ("Madrid", "Barcelona", 620, "A-2"),
    ("Rome", "Milan", 575, "A1"),
    ("Amsterdam", "Brussels", 210, "A27, A16, E19"),
    ("Hamburg", "Berlin", 289, "A24"),
    ("Toronto", "Montreal", 541, "Highway 401, A-20"),
    ("Sydney", "Melbourne", 878, "Hume Highway"),
    ("Johannesburg", "Durban", 568, "N3"),
    ("Warsaw", "Krakow", 295, "S7"),
    ("Stockholm", "Gothenburg", 470, "E20"),
    ("Sao Paulo", "Rio de Janeiro", 430, "BR-116"),
    ("Lisbon", "Porto", 313, "A1"),
]


def _drive_km(a: str, b: str) -> float:
    route = RoadRoute([CITY[a], CITY[b]])
    assert route.legs[0].road, f"{a} -> {b} found no road"
    return route.legs[0].km


@pytest.mark.parametrize(("a", "b", "published", "road"), US_DRIVES)
def test_us_drives_are_within_ten_percent_of_the_published_distance(
    a: str, b: str, published: int, road: str
) -> None:
    km = _drive_km(a, b)
    assert abs(km / published - 1) <= 0.10, f"{a} -> {b} on {road}: {km:.0f} km, {published}"


@pytest.mark.parametrize(("a", "b", "published", "road"), ELSEWHERE_DRIVES)
def test_drives_elsewhere_are_within_fifteen_percent(
    a: str, b: str, published: int, road: str
) -> None:
    km = _drive_km(a, b)
    assert abs(km / published - 1) <= 0.15, f"{a} -> {b} on {road}: {km:.0f} km, {published}"


def test_there_are_twenty_reference_drives_or_more() -> None:
    assert len(US_DRIVES) + len(ELSEWHERE_DRIVES) >= 20


def test_knoxville_to_atlanta_takes_i75_in_about_three_and_a_half_hours() -> None:
    """The shortest path through the graph is US-411 through the Cherokee National Forest;
    the road people drive, and the one a navigation app gives, is I-75 (3 h 25 min)."""
    leg = RoadRoute([CITY["Knoxville"], CITY["Atlanta"]]).legs[0]
    assert leg.minutes is not None
    assert 180 <= leg.minutes <= 240


# Towns the highway passes (within a 25 km corridor of the road), and towns near the straight
# line between the cities that the road leaves far away.
ON_AND_OFF = [
    (
        "Knoxville",
        "Atlanta",
        {
            "Cleveland, TN": (35.1595, -84.8766),
            "Dalton": (34.7698, -84.9702),
            "Chattanooga": (35.0456, -85.3097),
            "Calhoun, GA": (34.5026, -84.9511),
        },
        {"Blue Ridge, GA": (34.8639, -84.3241), "Ellijay": (34.6948, -84.4822)},
    ),
    (
        "Memphis",
        "Indianapolis",
        {
            "Effingham": (39.1200, -88.5434),
            "Terre Haute": (39.4667, -87.4139),
            "Blytheville": (35.9273, -89.9190),
            "Mount Vernon, IL": (38.3173, -88.9031),
        },
        {"Evansville": (37.9748, -87.5558), "Jackson, TN": (35.6145, -88.8139)},
    ),
    (
        "Berlin",
        "Munich",
        {
            "Dessau": (51.8333, 12.2333),
            "Leipzig": (51.3396, 12.3713),
            "Hof": (50.3127, 11.9124),
            "Bayreuth": (49.9481, 11.5783),
            "Nuremberg": (49.4478, 11.0683),
            "Ingolstadt": (48.7665, 11.4258),
        },
        {"Zwickau": (50.7272, 12.4884), "Weiden": (49.6768, 12.1561)},
    ),
]


@pytest.mark.parametrize(("a", "b", "on", "off"), ON_AND_OFF)
def test_towns_on_the_highway_are_in_its_corridor_and_towns_near_the_line_are_not(
    a: str, b: str, on: dict[str, Point], off: dict[str, Point]
) -> None:
    route = RoadRoute([CITY[a], CITY[b]])
    for name, point in on.items():
        assert route.locate(point, 25.0) is not None, f"{name} should be on the road {a} -> {b}"
    for name, point in off.items():
        assert route.locate(point, 25.0) is None, f"{name} should be off the road {a} -> {b}"
    straight = RoadRoute([CITY[a], CITY[b]], straight=True)
    assert any(straight.locate(p, 25.0) is not None for p in off.values()), (
        "an 'off' town should be near the straight line, or the case shows nothing"
    )


def test_forcing_the_road_through_evansville_takes_i69() -> None:
    plain = RoadRoute([CITY["Memphis"], CITY["Indianapolis"]])
    via = RoadRoute([CITY["Memphis"], CITY["Indianapolis"]], vias=[(37.9748, -87.5558)])
    assert via.locate((37.9748, -87.5558), 5.0) is not None
    assert plain.locate((37.9748, -87.5558), 25.0) is None
    assert len(via.legs) == 1  # a via is not a stop: still one leg
    assert via.legs[0].km >= plain.legs[0].km * 0.95


def test_a_sea_crossing_is_a_straight_leg_without_a_time() -> None:
    route = RoadRoute([CITY["New York"], (51.5085, -0.1257)])
    leg = route.legs[0]
    assert leg.road is False
    assert leg.minutes is None
    assert leg.km == pytest.approx(distance_km(CITY["New York"], (51.5085, -0.1257)), rel=1e-6)


def test_a_place_far_from_every_road_has_none() -> None:
    # the middle of the Pacific, and the middle of the Sahara's empty quarter
    assert network().nearest((0.0, -150.0)) is None
    route = RoadRoute([(0.0, -150.0), CITY["Los Angeles"]])
    assert route.legs[0].road is False


def test_the_network_loads_from_the_cache_in_a_few_milliseconds() -> None:
    net = network()
    assert net.header["nodes"] > 500_000
    assert net.header["freeway_edges"] > 50_000


_land = st.sampled_from(list(CITY))


@settings(max_examples=40, deadline=None)
@given(_land, _land)
def test_a_road_is_never_shorter_than_the_great_circle(a: str, b: str) -> None:
    route = RoadRoute([CITY[a], CITY[b]])
    assert route.legs[0].km >= distance_km(CITY[a], CITY[b]) * 0.995


US = [name for name, (lat, lon) in CITY.items() if lon < -60 and lat > 25]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(US), st.sampled_from(US))
def test_there_and_back_are_within_five_percent(a: str, b: str) -> None:
    there = RoadRoute([CITY[a], CITY[b]]).legs[0].km
    back = RoadRoute([CITY[b], CITY[a]]).legs[0].km
    assert math.isclose(there, back, rel_tol=0.05, abs_tol=1.0)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_a_contact_at_a_road_node_has_a_detour_near_zero(index: int) -> None:
    route = RoadRoute([CITY["Knoxville"], CITY["Nashville"], CITY["Memphis"]])
    node = route.nodes[index % len(route.nodes)]
    point = network().point(node)
    pos = route.positions({1: point}, 10.0)[1]
    assert pos.distance_km < 0.5
    assert pos.detour_km < 1.0
    assert pos.detour_minutes is not None
    assert pos.detour_minutes < 1.0


def test_a_detour_is_driven_there_and_back() -> None:
    """Murfreesboro is some 38 km off I-40 as the crow flies: there and back is about twice
    the drive down US-231 / I-840, never less than twice the straight line."""
    route = RoadRoute([CITY["Knoxville"], CITY["Nashville"]])
    pos = route.positions({1: (35.8456, -86.3903)}, 50.0)[1]
    assert 30 < pos.distance_km < 45
    assert pos.detour_km >= 2 * pos.distance_km
    assert pos.detour_minutes is not None
    assert 30 < pos.detour_minutes < 120


def test_a_simplified_line_keeps_its_ends_and_stays_close() -> None:
    line = RoadRoute([CITY["Knoxville"], CITY["Atlanta"]]).line
    short = simplified(line, 2.0)
    assert short[0] == line[0]
    assert short[-1] == line[-1]
    assert len(short) < len(line)
    route = RoadRoute([CITY["Knoxville"], CITY["Atlanta"]])
    for point in line[::5]:
        assert route.locate(point, 0.5) is not None


def test_the_shipped_road_data_is_what_sources_roads_md_says() -> None:
    import hashlib
    from pathlib import Path

    data = Path(__file__).parents[2] / "src" / "meetup_tracker" / "geo" / "data"
    sources = (data / "SOURCES-roads.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((data / "roads.bin").read_bytes()).hexdigest()
    assert f"sha256 `{digest}`" in sources
    assert "© OpenStreetMap contributors" in sources
    assert "ODbL" in sources
    assert "scgraph-data==2.0.0" in sources
    assert "scgraph==2.15.0" in sources


def test_a_cache_that_cannot_be_written_still_routes(tmp_path, monkeypatch) -> None:
    """A read-only or missing cache folder: the network is inflated in memory instead."""
    from meetup_tracker.geo import roads

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("MEETUP_TRACKER_CACHE_DIR", str(blocked / "cache"))
    roads.network.cache_clear()
    try:
        net = roads.network()
        drive = net.drive(CITY["Knoxville"], CITY["Nashville"])
        assert drive.road
        assert 270 < drive.km < 300
    finally:
        roads.network.cache_clear()
