"""What a map shows, read from the database once and drawn by every renderer (HTML, SVG and
the terminal): the contacts a filter lets through, and a route or trip with the people along it
numbered in the order you pass them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.geo.geometry import Point, corridor, distance_km, path
from meetup_tracker.geo.road_route import simplified

if TYPE_CHECKING:
    from meetup_tracker.geo.geometry import RoutePosition
    from meetup_tracker.geo.road_route import RoadRoute
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactFilter, ContactView
    from meetup_tracker.storage.sql import Sql

Bounds = tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max


@dataclass
class Marker:
    """A contact on the map."""

    id: int
    name: str
    lat: float
    lon: float
    city: str | None
    met: bool
    last_met: str | None
    chance: str
    handles: list[str]
    number: int | None = None  # along the route, in the order you pass them
    leg: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Short keys: 10,000 of these are inlined into one HTML file."""
        data: dict[str, Any] = {
            "id": self.id,
            "n": self.name,
            "y": round(self.lat, 5),  # a metre: enough for a map, and a smaller page
            "x": round(self.lon, 5),
        }
        optional = {
            "c": self.city,
            "m": 1 if self.met else None,
            "l": self.last_met,
            "ch": self.chance or None,
            "h": self.handles or None,
            "k": self.number,
            "g": self.leg,
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        return data


@dataclass
class Stop:
    """A labelled point of the route: where it starts, then each stop."""

    label: str  # "Start: Knoxville", "1 Nashville"
    place: str
    lat: float
    lon: float
    when: str | None = None


@dataclass
class RouteLayer:
    """The road, its stops and the corridor within reach."""

    stops: list[Stop]
    line: list[Point]
    within_km: float
    corridor: list[list[Point]]


@dataclass
class MapData:
    """Everything one map draws."""

    title: str
    made_on: date
    markers: list[Marker]
    route: RouteLayer | None = None
    unplaced: int = 0  # contacts let through that have no coordinates
    focus: Bounds | None = None  # what the view fits: the route, the --near circle
    notes: list[str] = field(default_factory=list)

    @property
    def along(self) -> list[Marker]:
        """The numbered markers, in the order you pass them."""
        return sorted((m for m in self.markers if m.number), key=lambda m: m.number or 0)

    @property
    def bounds(self) -> Bounds:
        """The area to show: the focus, or every marker, or the world."""
        if self.focus is not None:
            return self.focus
        if not self.markers:
            return (-58.0, 78.0, -180.0, 180.0)
        return padded(bounds_of([(m.lat, m.lon) for m in self.markers]))

    def counts(self) -> tuple[int, int]:
        """(met, not met) among the markers."""
        met = sum(1 for m in self.markers if m.met)
        return met, len(self.markers) - met


def bounds_of(points: Sequence[Point]) -> Bounds:
    """The smallest box around the points."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats), max(lats), min(lons), max(lons))


def circle_bounds(center: Point, km: float) -> Bounds:
    """The box around a circle on the globe: its ring and its centre, reaching a pole (with
    every longitude) where the circle covers it."""
    from meetup_tracker.geo.geometry import circle

    south, north, west, east = bounds_of([*circle(center, km), center])
    covers_north = distance_km(center, (90.0, 0.0)) <= km
    covers_south = distance_km(center, (-90.0, 0.0)) <= km
    if covers_north or covers_south:
        return (-90.0 if covers_south else south, 90.0 if covers_north else north, -180.0, 180.0)
    return (south, north, west, east)


def padded(bounds: Bounds, fraction: float = 0.08, least: float = 0.5) -> Bounds:
    """A box grown by a fraction of its size on each side (at least `least` degrees)."""
    lat_pad = max((bounds[1] - bounds[0]) * fraction, least)
    lon_pad = max((bounds[3] - bounds[2]) * fraction, least)
    return (
        max(bounds[0] - lat_pad, -85.0),
        min(bounds[1] + lat_pad, 85.0),
        bounds[2] - lon_pad,
        bounds[3] + lon_pad,
    )


def wrapped(lon: float, west: float) -> float:
    """A longitude moved by whole turns to lie east of `west`, within one turn of it: where a
    map whose view crosses the antimeridian draws it."""
    return west + (lon - west) % 360.0


def _marker(view: ContactView, chance: str) -> Marker:
    assert view.lat is not None
    assert view.lon is not None
    return Marker(
        id=view.id,
        name=view.name,
        lat=view.lat,
        lon=view.lon,
        city=view.city,
        met=view.met_in_person,
        last_met=view.last_met,
        chance=chance,
        handles=[str(h) for h in view.handles],
    )


@dataclass
class Journey:
    """A route to draw: its waypoints (with labels and dates) and how wide its corridor is.
    `skip_near` is where a trip starts (home): people living there are not met on the road."""

    name: str
    waypoints: list[Waypoint]
    labels: list[str]
    dates: list[str | None]
    within_km: float
    skip_near: Waypoint | None = None
    road: RoadRoute | None = None  # the road between the waypoints, when there are two


def journey_of_route(
    waypoints: Sequence[Waypoint],
    within_km: float,
    *,
    vias: Sequence[Waypoint] = (),
    straight: bool = False,
) -> Journey:
    """A route typed as places: the start, then stops numbered from 1."""
    from meetup_tracker.services.nearby import road_route

    labels = [f"Start: {waypoints[0].short}"]
    labels += [f"{i} {w.short}" for i, w in enumerate(waypoints[1:], 1)]
    name = "Route: " + " → ".join(w.short for w in waypoints)
    road = road_route(waypoints, vias=vias, straight=straight) if len(waypoints) >= 2 else None
    return Journey(name, list(waypoints), labels, [None] * len(waypoints), within_km, road=road)


def journey_of_trip(
    view: TripView, within_km: float, *, vias: Sequence[Waypoint] = (), straight: bool = False
) -> Journey:
    """A trip: home (or where it starts), then its stops that have a place, numbered."""
    waypoints, labels, dates = [], [], list[str | None]()
    if view.origin is not None:
        waypoints.append(view.origin)
        labels.append(f"Start: {view.origin.short}")
        dates.append(view.start)
    for number, stop in enumerate(view.stops, 1):
        if stop.waypoint is None:
            continue
        waypoints.append(stop.waypoint)
        labels.append(f"{number} {stop.waypoint.short}")
        dates.append(stop.arrive)
    road = view.road or view.road_route(vias=vias, straight=straight)
    return Journey(view.name, waypoints, labels, dates, within_km, skip_near=view.origin, road=road)


def build(
    *,
    conn: Sql,
    title: str,
    chosen: ContactFilter,
    journey: Journey | None = None,
    clip: bool = False,
) -> MapData:
    """Read what the map shows: the contacts `chosen` lets through (with their next chance),
    and the journey with the people within reach of it numbered in the order you pass them.
    `clip` reads only the contacts inside the area shown (a picture, not a page to pan)."""
    from meetup_tracker.dates import today

    data = MapData(title=title, made_on=today(), markers=[])
    if chosen.near is not None:
        lat, lon, km = chosen.near
        data.focus = padded(circle_bounds((lat, lon), km), least=0.05)
    if journey is not None and journey.waypoints:
        data.route = _route_layer(journey)
        rings = data.route.corridor
        data.focus = padded(bounds_of([p for r in rings for p in r]), fraction=0.05, least=0.1)
    # The area shown holds every contact a --near circle chooses: a picture is clipped to it
    # only around a journey (the same filter as `contact list` chooses who is drawn).
    box = data.focus if clip and chosen.near is None else None
    _add_markers(conn, data, chosen, journey, box)
    if journey is not None and journey.road is not None:
        _number_along(conn, data, journey)
    return data


def _add_markers(
    conn: Sql,
    data: MapData,
    chosen: ContactFilter,
    journey: Journey | None,
    box: Bounds | None,
) -> None:
    from meetup_tracker.render.reports import chance_text
    from meetup_tracker.services.interactions import next_meetings
    from meetup_tracker.services.planning import NextChance
    from meetup_tracker.services.views import Chances, iter_contacts

    where, params = chosen.sql()
    if box is not None and box[2] >= -180.0 and box[3] <= 180.0:
        where += " AND c.lat BETWEEN :box_s AND :box_n AND c.lon BETWEEN :box_w AND :box_e"
        params.update(box_s=box[0], box_n=box[1], box_w=box[2], box_e=box[3])
    keeps = chosen.keeps if chosen.near is not None else None
    chances = NextChance(conn=conn, within_km=journey.within_km if journey else 50.0)
    planned = next_meetings(conn=conn)
    # A view across the antimeridian draws everyone on its side of it.
    crosses = data.focus is not None and (data.focus[2] < -180.0 or data.focus[3] > 180.0)
    for view in iter_contacts(conn=conn, where=where, params=params, keeps=keeps):
        if view.lat is None or view.lon is None:
            data.unplaced += 1
            continue
        chance = Chances(chances(view.lat, view.lon), planned.get(view.id))
        marker = _marker(view, chance_text(chance))
        if crosses and data.focus is not None:
            marker.lon = wrapped(marker.lon, data.focus[2])
        data.markers.append(marker)


def _route_layer(journey: Journey) -> RouteLayer:
    points = [w.point for w in journey.waypoints]
    if journey.road is None:
        line = path(points)
        outline = points
    else:
        line = journey.road.drawn()
        # The corridor around the road as drawn, its bends within a tenth of its width.
        outline = simplified(line, journey.within_km / 10)
    stops = [
        Stop(label, w.name, lat, lon, when)
        for (lat, lon), w, label, when in zip(
            _stop_points(line, points),
            journey.waypoints,
            journey.labels,
            journey.dates,
            strict=True,
        )
    ]
    return RouteLayer(stops, line, journey.within_km, corridor(outline, journey.within_km))


def _stop_points(line: list[Point], waypoints: list[Point]) -> list[Point]:
    """Each waypoint where the (unwrapped) line passes it."""
    found = []
    for lat, lon in waypoints:
        nearest = min(line, key=lambda p: abs(p[0] - lat) + abs((p[1] - lon + 180) % 360 - 180))
        found.append((lat, nearest[1] + ((lon - nearest[1] + 180) % 360 - 180)))
    return found


def _number_along(conn: Sql, data: MapData, journey: Journey) -> None:
    """Number the markers within reach, in the order you pass them (as `route` lists them)."""
    from meetup_tracker.services.nearby import leg_label, route_positions

    assert journey.road is not None
    positions: dict[int, RoutePosition] = route_positions(
        conn=conn, road=journey.road, within_km=journey.within_km
    )
    home = journey.skip_near
    by_id = {m.id: m for m in data.markers}
    reached = []
    for cid, pos in positions.items():
        marker = by_id.get(cid)
        if marker is None:
            continue
        if home is not None and distance_km(home.point, (marker.lat, marker.lon)) <= (
            journey.within_km
        ):
            continue
        reached.append((pos.along_km, pos.distance_km, cid, pos.leg))
    waypoints = journey.waypoints
    for number, (_, _, cid, leg) in enumerate(sorted(reached), 1):
        by_id[cid].number = number
        by_id[cid].leg = leg_label(waypoints[leg], waypoints[leg + 1])
