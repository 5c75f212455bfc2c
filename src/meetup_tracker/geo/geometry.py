"""Great-circle geometry on a spherical Earth. Pure functions, no I/O.

Points are (lat, lon) in degrees; distances are kilometres.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius

Point = tuple[float, float]


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points (haversine formula)."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bearing(a: Point, b: Point) -> float:
    """Initial bearing from a to b, in radians clockwise from north."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    y = math.sin(dlon) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return math.atan2(y, x)


@dataclass(frozen=True)
class LegPosition:
    """Where a point lies relative to one leg A→B."""

    distance_km: float  # from the point to the nearest point of the leg
    along_km: float  # from A to that nearest point
    detour_km: float  # d(A,P) + d(P,B) - d(A,B)


def leg_position(a: Point, b: Point, p: Point) -> LegPosition:
    """The point's distance to the leg A→B (cross-track, clamped to the ends), how far along
    the leg its nearest point lies, and the detour of going A→P→B instead of A→B."""
    return _on_leg(
        distance_km(a, b), bearing(a, b), distance_km(a, p), distance_km(b, p), bearing(a, p)
    )


@dataclass(frozen=True)
class RoutePosition:
    """Where a point lies relative to a whole route."""

    leg: int  # index of the nearest leg (0 = first to second waypoint)
    distance_km: float
    along_km: float  # from the start of the route
    detour_km: float
    along_minutes: float | None = None  # driving time from the start (None: no road)
    detour_minutes: float | None = None


class Route:
    """A route's legs with what every position on it needs worked out once (radians, sines,
    lengths, bearings), so placing thousands of points costs a few sines each."""

    def __init__(self, waypoints: Sequence[Point]) -> None:
        if len(waypoints) < 2:
            raise ValueError("a route needs at least two waypoints")
        self.points = [_Ends(p) for p in waypoints]
        self.legs = []
        start = 0.0
        for a, b in itertools.pairwise(waypoints):
            length = distance_km(a, b)
            self.legs.append((length, bearing(a, b), start))
            start += length

    def position(self, p: Point) -> RoutePosition:
        """The nearest leg to a point (the earliest if tied), and the point's position; the
        same as `leg_position` on each leg, with the constant parts computed once."""
        here = _Ends(p)
        to_point = [_distance(end, here) for end in self.points]
        best: RoutePosition | None = None
        for index, (leg, leg_bearing, start) in enumerate(self.legs):
            a = self.points[index]
            ap, bp = to_point[index], to_point[index + 1]
            pos = _on_leg(leg, leg_bearing, ap, bp, _bearing(a, here))
            if best is None or pos.distance_km < best.distance_km - 1e-9:
                best = RoutePosition(index, pos.distance_km, start + pos.along_km, pos.detour_km)
        assert best is not None
        return best


class _Ends:
    """A point in radians, with its latitude's sine and cosine."""

    __slots__ = ("cos_lat", "lat", "lon", "sin_lat")

    def __init__(self, p: Point) -> None:
        self.lat, self.lon = math.radians(p[0]), math.radians(p[1])
        self.sin_lat, self.cos_lat = math.sin(self.lat), math.cos(self.lat)


def _distance(a: _Ends, b: _Ends) -> float:
    h = (
        math.sin((b.lat - a.lat) / 2) ** 2
        + a.cos_lat * b.cos_lat * math.sin((b.lon - a.lon) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _bearing(a: _Ends, b: _Ends) -> float:
    dlon = b.lon - a.lon
    y = math.sin(dlon) * b.cos_lat
    x = a.cos_lat * b.sin_lat - a.sin_lat * b.cos_lat * math.cos(dlon)
    return math.atan2(y, x)


def _on_leg(leg: float, leg_bearing: float, ap: float, bp: float, ap_bearing: float) -> LegPosition:
    """leg_position's arithmetic, from the distances and bearings it needs."""
    detour = max(0.0, ap + bp - leg)
    if leg == 0.0:
        return LegPosition(ap, 0.0, detour)
    d13 = ap / EARTH_RADIUS_KM
    delta = ap_bearing - leg_bearing
    cross = math.asin(max(-1.0, min(1.0, math.sin(d13) * math.sin(delta))))
    # Signed along-track angle from A: tan(along) = tan(d13) * cos(delta).
    along = math.atan2(math.sin(d13) * math.cos(delta), math.cos(d13)) * EARTH_RADIUS_KM
    if along <= 0.0 or along >= leg:
        # The perpendicular foot is off the leg: the nearest point is the nearer end.
        return LegPosition(ap, 0.0, detour) if ap <= bp else LegPosition(bp, leg, detour)
    # The perpendicular foot is never farther than either end.
    return LegPosition(min(abs(cross) * EARTH_RADIUS_KM, ap, bp), along, detour)


def route_position(waypoints: Sequence[Point], p: Point) -> RoutePosition:
    """The nearest leg of a route to a point (the earliest if tied), and the point's position."""
    return Route(waypoints).position(p)


def interpolate(a: Point, b: Point, fraction: float) -> Point:
    """The point a fraction of the way along the great circle from a to b."""
    d = distance_km(a, b) / EARTH_RADIUS_KM
    if d == 0.0:
        return a
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    s1 = math.sin((1 - fraction) * d) / math.sin(d)
    s2 = math.sin(fraction * d) / math.sin(d)
    x = s1 * math.cos(lat1) * math.cos(lon1) + s2 * math.cos(lat2) * math.cos(lon2)
    y = s1 * math.cos(lat1) * math.sin(lon1) + s2 * math.cos(lat2) * math.sin(lon2)
    z = s1 * math.sin(lat1) + s2 * math.sin(lat2)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


Box = tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def boxes_around(points: Sequence[Point], radius_km: float) -> list[Box]:
    """Latitude/longitude boxes that hold every point within radius_km of the given points.

    Longitude margins widen by 1/cos(latitude); a box that crosses the antimeridian is split in
    two, and one that reaches a pole spans every longitude.
    """
    margin = radius_km / KM_PER_DEGREE
    lat_min = min(p[0] for p in points) - margin
    lat_max = max(p[0] for p in points) + margin
    if lat_min <= -90.0 or lat_max >= 90.0:
        return [(max(lat_min, -90.0), min(lat_max, 90.0), -180.0, 180.0)]
    # Unwrap longitudes so a run across the antimeridian stays continuous.
    lons = [points[0][1]]
    for p in points[1:]:
        step = (p[1] - lons[-1] + 180.0) % 360.0 - 180.0
        lons.append(lons[-1] + step)
    widest = max(abs(lat_min), abs(lat_max))
    lon_margin = margin / math.cos(math.radians(widest))
    lon_min, lon_max = min(lons) - lon_margin, max(lons) + lon_margin
    if lon_max - lon_min >= 360.0:
        return [(lat_min, lat_max, -180.0, 180.0)]
    shift = 360.0 * math.floor((lon_min + 180.0) / 360.0)
    lon_min, lon_max = lon_min - shift, lon_max - shift
    if lon_max <= 180.0:
        return [(lat_min, lat_max, lon_min, lon_max)]
    return [(lat_min, lat_max, lon_min, 180.0), (lat_min, lat_max, -180.0, lon_max - 360.0)]


def leg_boxes(a: Point, b: Point, radius_km: float) -> list[Box]:
    """Boxes holding every point within radius_km of the great-circle leg a→b: one around
    each stretch of about 50 km, so a long diagonal leg is not one box the size of a state."""
    length = distance_km(a, b)
    steps = max(1, math.ceil(length / 50.0))
    samples = [interpolate(a, b, i / steps) for i in range(steps + 1)]
    # Between samples the arc strays from their chord by far less than the sample spacing.
    margin = radius_km + length / steps
    return [box for pair in itertools.pairwise(samples) for box in boxes_around(pair, margin)]


def destination(p: Point, heading: float, km: float) -> Point:
    """The point `km` from p on the initial bearing `heading` (radians clockwise from north)."""
    d = km / EARTH_RADIUS_KM
    lat1, lon1 = math.radians(p[0]), math.radians(p[1])
    lat2 = math.asin(
        math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(heading)
    )
    lon2 = lon1 + math.atan2(
        math.sin(heading) * math.sin(d) * math.cos(lat1),
        math.cos(d) - math.sin(lat1) * math.sin(lat2),
    )
    return math.degrees(lat2), (math.degrees(lon2) + 540.0) % 360.0 - 180.0


def unwrapped(points: Sequence[Point]) -> list[Point]:
    """Points with longitudes made continuous (past ±180 where a line crosses the antimeridian),
    so a line from Tokyo to Honolulu goes across the Pacific, not around the world."""
    if not points:
        return []
    out = [points[0]]
    for lat, lon in points[1:]:
        step = (lon - out[-1][1] + 180.0) % 360.0 - 180.0
        out.append((lat, out[-1][1] + step))
    return out


def path(waypoints: Sequence[Point], step_km: float = 25.0) -> list[Point]:
    """The great-circle road through the waypoints as points about `step_km` apart, for
    drawing; longitudes continuous across the antimeridian."""
    points = list(waypoints[:1])
    for a, b in itertools.pairwise(waypoints):
        steps = max(1, math.ceil(distance_km(a, b) / step_km))
        points.extend(interpolate(a, b, i / steps) for i in range(1, steps + 1))
    return unwrapped(points)


def circle(center: Point, km: float, sides: int = 36) -> list[Point]:
    """A ring of points `km` around a point, clockwise from north."""
    ring = [destination(center, 2 * math.pi * i / sides, km) for i in range(sides)]
    return unwrapped([*ring, ring[0]])


def _beside(ring: list[Point], lon: float) -> list[Point]:
    """A ring moved by whole turns of longitude to lie beside `lon`, where the line it
    belongs to is drawn."""
    turns = round((lon - ring[0][1]) / 360.0)
    return [(lat, x + 360.0 * turns) for lat, x in ring] if turns else ring


def corridor(waypoints: Sequence[Point], km: float) -> list[list[Point]]:
    """The area within `km` of the road through the waypoints, as rings to fill together with
    the nonzero rule (all wound the same way): a band along each leg, a circle at each stop."""
    waypoints = unwrapped(waypoints)
    rings = [_beside(circle(w, km), w[1]) for w in waypoints]
    for a, b in itertools.pairwise(waypoints):
        steps = max(1, math.ceil(distance_km(a, b) / 25.0))
        middle = [interpolate(a, b, i / steps) for i in range(steps + 1)]
        left, right = [], []
        for i, point in enumerate(middle):
            ahead = middle[min(i + 1, steps)] if i < steps else point
            heading = bearing(point, ahead) if i < steps else bearing(middle[i - 1], point)
            left.append(destination(point, heading - math.pi / 2, km))
            right.append(destination(point, heading + math.pi / 2, km))
        band = [*left, *reversed(right), left[0]]  # clockwise, as the circles are
        rings.append(_beside(unwrapped(band), a[1]))
    return rings
