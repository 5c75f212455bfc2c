"""Whom you could meet on a trip: near each stop and along the road between them, the people
not met yet first; which trips are coming up; and, for anyone, the first chance a trip gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import today
from meetup_tracker.geo.geometry import Box, RoutePosition, boxes_around, distance_km
from meetup_tracker.geo.road_route import RoadRoute
from meetup_tracker.services.nearby import (
    DEFAULT_RADIUS_KM,
    Waypoint,
    leg_label,
    near_distances,
    route_positions,
    with_positions,
)
from meetup_tracker.services.trips import TripView, list_trips
from meetup_tracker.services.validators import check_days
from meetup_tracker.services.views import ContactView, iter_contacts_by_id

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


def _unmet_first(view: ContactView) -> tuple[bool, float]:
    return (view.met_in_person, view.distance_km or 0.0)


def _leg(view: ContactView) -> int:
    return view.along.leg_index if view.along else 0


@dataclass
class _Reach:
    """Who a trip passes: distances near each stop, and positions along the road for the rest."""

    near: list[dict[int, float]]
    along: dict[int, RoutePosition]


def _reach(conn: Sql, view: TripView, within_km: float) -> _Reach:
    """`along` leaves out people near a stop, and those near where the trip starts (home), so
    each person counts once, where you would meet them."""
    near_stops = [
        near_distances(conn=conn, center=stop.waypoint, within_km=within_km)
        if stop.waypoint is not None
        else {}
        for stop in view.stops
    ]
    listed = set().union(*near_stops)
    if view.origin is not None:
        listed.update(near_distances(conn=conn, center=view.origin, within_km=within_km))
    along: dict[int, RoutePosition] = {}
    if view.road is not None:
        positions = route_positions(conn=conn, road=view.road, within_km=within_km)
        along = {cid: pos for cid, pos in positions.items() if cid not in listed}
    return _Reach(near_stops, along)


def plan(
    *,
    conn: Sql,
    view: TripView,
    within_km: float = DEFAULT_RADIUS_KM,
    vias: Sequence[Waypoint] = (),
    straight: bool = False,
) -> TripView:
    """Fill in whom you could meet: near each stop, and along the road between them (through
    `vias`, or on great circles with `straight`), the people not met yet first in each group."""
    view.within_km = within_km
    view.road = view.road_route(vias=vias, straight=straight)
    reach = _reach(conn, view, within_km)
    for stop, distances in zip(view.stops, reach.near, strict=True):
        order = sorted(distances, key=lambda cid: (distances[cid], cid))
        nearby = list(iter_contacts_by_id(conn=conn, ids=order))
        for contact in nearby:
            contact.distance_km = round(distances[contact.id], 1)
        stop.near = sorted(nearby, key=_unmet_first)
    along = (
        with_positions(conn=conn, waypoints=view.waypoints, road=view.road, positions=reach.along)
        if view.road is not None
        else iter(())
    )
    view.along = sorted(
        along, key=lambda v: (_leg(v), v.met_in_person, v.along.along_km if v.along else 0.0)
    )
    return view


def upcoming(
    *, conn: Sql, days: int = 90, within_km: float = DEFAULT_RADIUS_KM, straight: bool = False
) -> list[TripView]:
    """Trips under way or starting in the next `days` days, with whom you could meet on each."""
    check_days(days)
    return [
        plan(conn=conn, view=v, within_km=within_km, straight=straight)
        for v in _current_trips(conn, days)
    ]


def _current_trips(conn: Sql, days: int | None) -> list[TripView]:
    now = today()
    horizon = now + timedelta(days=days) if days is not None else None
    trips = []
    for view in list_trips(conn=conn):
        if (view.end or view.start) < now.isoformat():
            continue
        if horizon is not None and view.start > horizon.isoformat():
            continue
        trips.append(view)
    return trips


class NextChance:
    """The first chance a current trip gives to meet someone: the trip, the date, and the stop
    they live near or the leg of road they live along.

    Found one contact at a time, from the trips alone (a few legs and stops): a page of
    `unmet` costs a page, however large the network. A person near a stop is met there;
    near where the trip starts (home), not on the road; else along a leg, if close enough.
    """

    def __init__(self, *, conn: Sql, within_km: float = DEFAULT_RADIUS_KM) -> None:
        self.trips = _current_trips(conn, None)
        self.within_km = within_km
        self._routes = [view.road_route() for view in self.trips]
        # Boxes around each trip's stops and legs: most people are outside all of them, and a
        # box costs four comparisons where a distance to every leg costs trigonometry.
        self._boxes = [
            _trip_boxes(view, route, within_km)
            for view, route in zip(self.trips, self._routes, strict=True)
        ]

    def __call__(self, lat: float | None, lon: float | None) -> dict[str, Any] | None:
        if lat is None or lon is None:
            return None
        point = (lat, lon)
        for view, route, boxes in zip(self.trips, self._routes, self._boxes, strict=True):
            if not boxes or not boxes[0][0] <= lat <= boxes[0][1]:
                continue  # the first box holds all the others' latitudes: most people stop here
            if not any(s <= lat <= n and w <= lon <= e for s, n, w, e in boxes[1:]):
                continue
            for index, stop in enumerate(view.stops):
                if stop.waypoint is None:
                    continue
                distance = distance_km(stop.waypoint.point, point)
                if distance <= self.within_km:
                    date = stop.arrive or _known_by(view, index)
                    return self._chance(view, date, stop.place, None, distance)
            if view.origin is not None and distance_km(view.origin.point, point) <= self.within_km:
                continue  # at home: not a chance on the road
            if route is not None:
                pos = route.locate(point, self.within_km)
                if pos is not None:
                    waypoints = view.waypoints
                    leg = leg_label(waypoints[pos.leg], waypoints[pos.leg + 1])
                    return self._chance(view, _leg_date(view, pos.leg), None, leg, pos.distance_km)
        return None

    @staticmethod
    def _chance(
        view: TripView, date: str, stop: str | None, leg: str | None, distance: float
    ) -> dict[str, Any]:
        return {
            "trip": view.name,
            "trip_id": view.id,
            "date": date,
            "stop": stop,
            "leg": leg,
            "distance_km": round(distance, 1),
        }


def _trip_boxes(view: TripView, route: RoadRoute | None, within_km: float) -> list[Box]:
    """Boxes holding every point within `within_km` of a trip's stops and of its road, after
    a first band of latitude that holds them all."""
    points = [w.point for w in view.waypoints]
    boxes = [box for p in points for box in boxes_around([p], within_km)]
    if route is not None:
        boxes += route.boxes(within_km)
    if not boxes:
        return []
    outer = (min(b[0] for b in boxes), max(b[1] for b in boxes), -180.0, 180.0)
    return [outer, *boxes]


def _leg_date(view: TripView, leg_index: int) -> str:
    """The day you set out on a leg: the last date known at its first end."""
    return _known_by(view, leg_index - (1 if view.origin else 0))


def _known_by(view: TripView, stop_index: int) -> str:
    """The latest date known at a stop: its own, an earlier stop's, or the trip's start."""
    for stop in reversed(view.stops[: stop_index + 1]):
        if stop.depart or stop.arrive:
            return stop.depart or stop.arrive or view.start
    return view.start
