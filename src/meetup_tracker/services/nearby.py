"""Whom you could meet: contacts near a place, or along a route, found through an indexed
bounding box first and exact great-circle distances after."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.geo.geometry import Box, Point, RoutePosition, boxes_around, distance_km
from meetup_tracker.geo.road_route import RoadRoute
from meetup_tracker.services.views import Along, ContactView, iter_contacts_by_id

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

_COORDS_NAME_RE = re.compile(r"^\s*[-+]?\d+(\.\d+)?\s*,\s*[-+]?\d+(\.\d+)?\s*$")
DEFAULT_RADIUS_KM = 50.0


@dataclass(frozen=True)
class Waypoint:
    """A named point on a route: a stop, home, or a place typed on the command line."""

    name: str
    lat: float
    lon: float

    @property
    def point(self) -> Point:
        """(lat, lon)."""
        return (self.lat, self.lon)

    @property
    def short(self) -> str:
        """The name without region and country: `Nashville`."""
        if _COORDS_NAME_RE.match(self.name):
            return self.name
        return self.name.split(",")[0].strip()

    def to_json(self) -> dict[str, Any]:
        """`{"place", "lat", "lon"}`."""
        return {"place": self.name, "lat": self.lat, "lon": self.lon}


def leg_label(a: Waypoint, b: Waypoint) -> str:
    """`Nashville → Memphis`."""
    return f"{a.short} → {b.short}"


# The bounding-box pre-filter: a range on the indexed (lat, lon) before any exact distance.
CANDIDATES_SQL = (
    "SELECT id, lat, lon FROM contact"
    " WHERE lat BETWEEN :lat_min AND :lat_max AND lon BETWEEN :lon_min AND :lon_max"
)


def _candidates(conn: Sql, boxes: Iterable[Box]) -> dict[int, Point]:
    found: dict[int, Point] = {}
    for lat_min, lat_max, lon_min, lon_max in boxes:
        bounds = {"lat_min": lat_min, "lat_max": lat_max, "lon_min": lon_min, "lon_max": lon_max}
        for contact_id, lat, lon in conn.execute(CANDIDATES_SQL, bounds):
            found[contact_id] = (lat, lon)
    return found


def near_distances(
    *, conn: Sql, center: Waypoint, within_km: float = DEFAULT_RADIUS_KM
) -> dict[int, float]:
    """Contact IDs within `within_km` of a place, with their distances in km."""
    distances: dict[int, float] = {}
    for contact_id, point in _candidates(conn, boxes_around([center.point], within_km)).items():
        d = distance_km(center.point, point)
        if d <= within_km:
            distances[contact_id] = d
    return distances


def road_route(
    waypoints: Sequence[Waypoint], *, vias: Sequence[Waypoint] = (), straight: bool = False
) -> RoadRoute:
    """The route on the roads through the waypoints (and the places it must pass), or on great
    circles with `straight`; worked out once per process for the same places."""
    if len(waypoints) < 2:
        raise InvalidInput(
            "a route needs at least two places", hint="e.g. meetup route Knoxville Memphis"
        )
    key = (tuple(w.point for w in waypoints), tuple(v.point for v in vias), straight)
    found = _roads.get(key)
    if found is None:
        found = RoadRoute(key[0], vias=key[1], straight=straight)
        _roads[key] = found
    return found


_roads: dict[tuple[tuple[Point, ...], tuple[Point, ...], bool], RoadRoute] = {}


def straight_legs(waypoints: Sequence[Waypoint], road: RoadRoute) -> list[str]:
    """What to say of the legs that found no road: `no road between New York and London: a
    straight line`."""
    if road.straight:
        return []
    return [
        f"no road between {waypoints[i].short} and {waypoints[i + 1].short}: a straight line"
        for i, leg in enumerate(road.legs)
        if not leg.road
    ]


def route_positions(
    *, conn: Sql, road: RoadRoute, within_km: float = DEFAULT_RADIUS_KM
) -> dict[int, RoutePosition]:
    """Contact IDs within `within_km` of the road, with where each lies along it and the
    detour to reach them."""
    return road.positions(_candidates(conn, road.boxes(within_km)), within_km)


def near(
    *, conn: Sql, center: Waypoint, within_km: float = DEFAULT_RADIUS_KM
) -> Iterator[ContactView]:
    """Contacts within `within_km` of a place, nearest first; rows carry `distance_km`."""
    distances = near_distances(conn=conn, center=center, within_km=within_km)
    order = sorted(distances, key=lambda cid: (distances[cid], cid))
    for view in iter_contacts_by_id(conn=conn, ids=order):
        view.distance_km = round(distances[view.id], 1)
        yield view


def route(
    *,
    conn: Sql,
    waypoints: Sequence[Waypoint],
    road: RoadRoute,
    within_km: float = DEFAULT_RADIUS_KM,
) -> Iterator[ContactView]:
    """Contacts within `within_km` of the road, in the order you pass them.

    Rows carry `distance_km` (from the road), `along_km` and `along_minutes` (driven from the
    start to where you leave the road for them), `detour_km` and `detour_minutes` (there and
    back from the road), `leg`, and `road` (whether that leg follows roads).
    """
    positions = route_positions(conn=conn, road=road, within_km=within_km)
    yield from with_positions(conn=conn, waypoints=waypoints, road=road, positions=positions)


def with_positions(
    *,
    conn: Sql,
    waypoints: Sequence[Waypoint],
    road: RoadRoute,
    positions: dict[int, RoutePosition],
) -> Iterator[ContactView]:
    """Contacts at route positions, in the order you pass them, with their position fields."""
    order = sorted(
        positions, key=lambda cid: (positions[cid].along_km, positions[cid].distance_km, cid)
    )
    for view in iter_contacts_by_id(conn=conn, ids=order):
        pos = positions[view.id]
        view.distance_km = round(pos.distance_km, 1)
        view.along = Along(
            leg_index=pos.leg,
            leg=leg_label(waypoints[pos.leg], waypoints[pos.leg + 1]),
            along_km=round(pos.along_km, 1),
            along_minutes=_minutes(pos.along_minutes),
            detour_km=round(pos.detour_km, 1),
            detour_minutes=_minutes(pos.detour_minutes),
            road=road.legs[pos.leg].road and not road.straight,
        )
        yield view


def _minutes(value: float | None) -> int | None:
    return None if value is None else round(value)


def legs_json(waypoints: Sequence[Waypoint], road: RoadRoute) -> list[dict[str, Any]]:
    """Each leg: `{"from", "to", "km", "minutes", "road"}` (minutes null without a road)."""
    return [
        {
            "from": waypoints[i].name,
            "to": waypoints[i + 1].name,
            "km": round(leg.km, 1),
            "minutes": _minutes(leg.minutes) if not road.straight else None,
            "road": leg.road and not road.straight,
        }
        for i, leg in enumerate(road.legs)
    ]
