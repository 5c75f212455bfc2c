"""A route on the roads: its legs between stops (through any places it must pass), the road as
one line with the distance and time driven to each of its points, and where a person lies
relative to it: how far off the road, where you would leave it, and the detour, in km and
minutes. Pure, over the network of `geo.roads`.

The corridor is the band within a distance of the road as drawn (the straight distance from a
person's town to the nearest point of the road). The detour is driven: one search outward
from every node of the road (`RoadNetwork.reach`) gives each person's drive from the road to
their town, and the detour is that drive there and back.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from meetup_tracker.geo.geometry import (
    KM_PER_DEGREE,
    Box,
    Point,
    Route,
    RoutePosition,
    boxes_around,
    distance_km,
    unwrapped,
)
from meetup_tracker.geo.roads import (
    OTHER_KMH,
    Drive,
    RoadNetwork,
    network,
    off_road,
    straight_drive,
)

_GRID_DEGREES = 0.25


@dataclass(frozen=True)
class Leg:
    """The drive from one stop to the next, through any places it is forced through."""

    drives: tuple[Drive, ...]

    @property
    def km(self) -> float:
        """Its length: on the road, or along the great circle where there is none."""
        return sum(d.km for d in self.drives)

    @property
    def minutes(self) -> float | None:
        """The driving time; None where part of it has no road."""
        return sum(d.minutes for d in self.drives) if self.road else None

    @property
    def road(self) -> bool:
        """Whether the whole leg follows roads."""
        return all(d.road for d in self.drives)


_drives: dict[tuple[Point, Point, bool], Drive] = {}


def drive(a: Point, b: Point, *, straight: bool = False) -> Drive:
    """The drive from a to b, worked out once per process."""
    key = (a, b, straight)
    found = _drives.get(key)
    if found is None:
        found = straight_drive(a, b) if straight else network().drive(a, b)
        _drives[key] = found
    return found


def assign_vias(waypoints: Sequence[Point], vias: Sequence[Point]) -> list[list[Point]]:
    """The places a route must pass, each on the leg it lies nearest to, in the order you
    reach them along it."""
    per_leg: list[list[tuple[float, Point]]] = [[] for _ in range(len(waypoints) - 1)]
    route = Route(waypoints)
    for via in vias:
        pos = route.position(via)
        per_leg[pos.leg].append((pos.along_km, via))
    return [[p for _, p in sorted(leg)] for leg in per_leg]


class RoadRoute:
    """A route through waypoints (two or more) on the roads, or on great circles (`straight`)."""

    def __init__(
        self, waypoints: Sequence[Point], *, vias: Sequence[Point] = (), straight: bool = False
    ) -> None:
        if len(waypoints) < 2:
            raise ValueError("a route needs at least two waypoints")
        self.waypoints = list(waypoints)
        self.straight = straight
        legs = []
        for (a, b), forced in zip(
            itertools.pairwise(waypoints), assign_vias(waypoints, vias), strict=True
        ):
            ends = [a, *forced, b]
            legs.append(
                Leg(tuple(drive(x, y, straight=straight) for x, y in itertools.pairwise(ends)))
            )
        self.legs = legs
        self._build_line()
        self._grid: dict[tuple[int, int], list[int]] | None = None

    def _build_line(self) -> None:
        points: list[Point] = []
        km: list[float] = []
        minutes: list[float | None] = []
        leg_of: list[int] = []
        nodes: list[int] = []
        node_km: list[float] = []
        node_minutes: list[float] = []
        node_leg: list[int] = []
        total_km, total_minutes = 0.0, 0.0
        for index, leg in enumerate(self.legs):
            for d in leg.drives:
                start_km, start_minutes = total_km, total_minutes
                step = _line_steps(d)
                for i, (p, k) in enumerate(zip(d.points, step, strict=True)):
                    if points and i == 0:
                        continue  # the joint is the last point already
                    points.append(p)
                    km.append(start_km + k)
                    share = k / d.km if d.km else 0.0
                    minutes.append(start_minutes + d.minutes * share if d.road else None)
                    leg_of.append(index)
                for node, k, m in zip(d.nodes, d.node_km, d.node_minutes, strict=True):
                    nodes.append(node)
                    node_km.append(start_km + k)
                    node_minutes.append(start_minutes + m)
                    node_leg.append(index)
                total_km += d.km
                total_minutes += d.minutes if d.road else 0.0
        self.line = points
        self.line_km = km
        self.line_minutes = minutes
        self.line_leg = leg_of
        self.nodes, self.node_km, self.node_minutes, self.node_leg = (
            nodes,
            node_km,
            node_minutes,
            node_leg,
        )

    @property
    def km(self) -> float:
        """The whole route's length."""
        return sum(leg.km for leg in self.legs)

    def drawn(self) -> list[Point]:
        """The road as a line to draw: longitudes continuous across the antimeridian."""
        return unwrapped(self.line)

    def boxes(self, within_km: float) -> list[Box]:
        """Latitude/longitude boxes holding every point within `within_km` of the road: one
        around each stretch of about 50 km."""
        boxes: list[Box] = []
        chunk: list[Point] = []
        chunk_start = 0.0
        for p, k in zip(self.line, self.line_km, strict=True):
            chunk.append(p)
            if k - chunk_start >= 50.0:
                boxes.extend(boxes_around(chunk, within_km))
                chunk, chunk_start = [p], k
        if chunk:
            boxes.extend(boxes_around(chunk, within_km))
        return boxes

    def _segments(self) -> dict[tuple[int, int], list[int]]:
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}
            for i, (a, b) in enumerate(itertools.pairwise(self.line)):
                south, north = min(a[0], b[0]), max(a[0], b[0])
                west, east = a[1], a[1] + ((b[1] - a[1] + 180.0) % 360.0 - 180.0)
                west, east = min(west, east), max(west, east)
                for r in range(
                    math.floor(south / _GRID_DEGREES), math.floor(north / _GRID_DEGREES) + 1
                ):
                    for c in range(
                        math.floor(west / _GRID_DEGREES), math.floor(east / _GRID_DEGREES) + 1
                    ):
                        grid.setdefault((r, _wrap_column(c)), []).append(i)
            self._grid = grid
        return self._grid

    def locate(self, p: Point, within_km: float) -> RoutePosition | None:
        """Where a point lies relative to the road, if within `within_km` of it: the distance
        to its nearest point, how far along the route that is (km and minutes), and its leg."""
        grid = self._segments()
        lat, lon = p
        cos_lat = max(0.01, math.cos(math.radians(lat)))
        margin_lat = within_km / KM_PER_DEGREE
        margin_lon = min(180.0, margin_lat / cos_lat)
        # The cells around the point, nearest first: once a cell is farther than the best
        # segment found, no segment in it or beyond can be nearer.
        cells: list[tuple[float, list[int]]] = []
        for r in range(
            math.floor((lat - margin_lat) / _GRID_DEGREES),
            math.floor((lat + margin_lat) / _GRID_DEGREES) + 1,
        ):
            south = r * _GRID_DEGREES
            dy = max(0.0, south - lat, lat - south - _GRID_DEGREES)
            for c in range(
                math.floor((lon - margin_lon) / _GRID_DEGREES),
                math.floor((lon + margin_lon) / _GRID_DEGREES) + 1,
            ):
                found = grid.get((r, _wrap_column(c)))
                if found is None:
                    continue
                west = c * _GRID_DEGREES
                dx = max(0.0, west - lon, lon - west - _GRID_DEGREES) * cos_lat
                cells.append((math.hypot(dx, dy) * KM_PER_DEGREE, found))
        cells.sort(key=lambda cell: cell[0])
        best: tuple[float, int, float] | None = None
        line = self.line
        for distance, segments in cells:
            if best is not None and distance > best[0] + 1e-9:
                break
            for i in segments:
                d, fraction = _to_segment(p, line[i], line[i + 1], cos_lat)
                if best is None or d < best[0] - 1e-9 or (abs(d - best[0]) <= 1e-9 and i < best[1]):
                    best = (d, i, fraction)
        if best is None or best[0] > within_km:
            return None
        d, i, fraction = best
        along = self.line_km[i] + (self.line_km[i + 1] - self.line_km[i]) * fraction
        m0, m1 = self.line_minutes[i], self.line_minutes[i + 1]
        along_minutes = None if m0 is None or m1 is None else m0 + (m1 - m0) * fraction
        return RoutePosition(
            self.line_leg[i], d, along, 0.0, along_minutes=along_minutes, detour_minutes=None
        )

    def positions(
        self, points: Mapping[int, Point], within_km: float, *, roads: RoadNetwork | None = None
    ) -> dict[int, RoutePosition]:
        """Everyone within `within_km` of the road, with their detours: one search outward
        from the road's nodes reaches every town at once."""
        located: dict[Point, RoutePosition | None] = {}
        found: dict[int, RoutePosition] = {}
        for cid, p in points.items():
            if p not in located:
                located[p] = self.locate(p, within_km)
            pos = located[p]
            if pos is not None:
                found[cid] = pos
        if self.straight or not self.nodes:
            return {cid: self._straight_detour(pos, points[cid]) for cid, pos in found.items()}
        net = roads or network()
        road_components = {net.component[n] for n in self.nodes}
        snapped: dict[Point, tuple[int, float] | None] = {}
        for cid in found:
            p = points[cid]
            if p not in snapped:
                near = net.nearest(p)
                snapped[p] = (
                    near if near is not None and net.component[near[0]] in road_components else None
                )
        goals = {s[0] for s in snapped.values() if s is not None}
        limit = max(60.0, within_km * 2.5 / OTHER_KMH * 60.0)
        reached = net.reach(self.nodes, goals, limit_minutes=limit)
        result = {}
        for cid, pos in found.items():
            p = points[cid]
            snap = snapped.get(p)
            hit = reached.get(snap[0]) if snap is not None else None
            if hit is None or not self.legs[self.node_leg[hit.source]].road:
                result[cid] = self._straight_detour(pos, p)
                continue
            off_km, off_minutes = off_road(snap[1]) if snap is not None else (0.0, 0.0)
            result[cid] = RoutePosition(
                self.node_leg[hit.source],
                pos.distance_km,
                self.node_km[hit.source],
                2 * (hit.km + off_km),
                along_minutes=self.node_minutes[hit.source],
                detour_minutes=2 * (hit.minutes + off_minutes),
            )
        return result

    def _straight_detour(self, pos: RoutePosition, p: Point) -> RoutePosition:
        """A detour without a road search: along a leg with no road, the great circle's
        A -> P -> B; on a road that did not reach the town, there and back off the road."""
        if self.straight or not self.legs[pos.leg].road:
            a, b = self.waypoints[pos.leg], self.waypoints[pos.leg + 1]
            detour = max(0.0, distance_km(a, p) + distance_km(p, b) - distance_km(a, b))
            return RoutePosition(pos.leg, pos.distance_km, pos.along_km, detour)
        km, minutes = off_road(pos.distance_km)
        return RoutePosition(
            pos.leg,
            pos.distance_km,
            pos.along_km,
            2 * km,
            along_minutes=pos.along_minutes,
            detour_minutes=2 * minutes,
        )


def _wrap_column(column: int) -> int:
    turn = round(360 / _GRID_DEGREES)
    return column % turn


def _line_steps(d: Drive) -> list[float]:
    """How far along a drive each of its points lies (km); the road's own lengths where
    known, else the straight steps between points."""
    if d.road and len(d.node_km) == len(d.points) - 2:
        return [0.0, *d.node_km, d.km]
    steps = [0.0]
    for a, b in itertools.pairwise(d.points):
        steps.append(steps[-1] + distance_km(a, b))
    scale = d.km / steps[-1] if steps[-1] else 0.0
    return [s * scale for s in steps]


def _to_segment(p: Point, a: Point, b: Point, cos_lat: float) -> tuple[float, float]:
    """The distance (km) from p to the segment a-b in a local flat projection around p, and
    the fraction of the way along it of the nearest point."""
    ax = ((a[1] - p[1] + 180.0) % 360.0 - 180.0) * cos_lat
    ay = a[0] - p[0]
    bx = ((b[1] - p[1] + 180.0) % 360.0 - 180.0) * cos_lat
    by = b[0] - p[0]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0.0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    x, y = ax + t * dx, ay + t * dy
    return math.hypot(x, y) * KM_PER_DEGREE, t


def simplified(points: Sequence[Point], tolerance_km: float) -> list[Point]:
    """The line with the points that change it by less than `tolerance_km` left out
    (Douglas-Peucker, in a flat projection): for a corridor or an export, not for routing."""
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        a, b = points[first], points[last]
        cos_lat = max(0.01, math.cos(math.radians((a[0] + b[0]) / 2)))
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            d, _ = _to_segment(points[i], a, b, cos_lat)
            if d > worst:
                worst, at = d, i
        if at >= 0 and worst > tolerance_km:
            keep[at] = True
            stack.extend([(first, at), (at, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]
