"""Trips: where you are going, in order, and whom you could meet on the way."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import parse_date, today
from meetup_tracker.db import day, in_list, raw
from meetup_tracker.errors import Ambiguous, Conflict, InvalidInput, NotFound
from meetup_tracker.geo.geometry import Box, RoutePosition, boxes_around, distance_km
from meetup_tracker.geo.road_route import RoadRoute
from meetup_tracker.services.nearby import (
    DEFAULT_RADIUS_KM,
    Waypoint,
    leg_label,
    legs_json,
    near_distances,
    road_route,
    route_positions,
    with_positions,
)
from meetup_tracker.services.views import ContactView, iter_contacts_by_id
from meetup_tracker.text import has_control, trip_key

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.db import Sql
    from meetup_tracker.models import Trip

_ID_RE = re.compile(r"^#\s*(\d+)$")


@dataclass(frozen=True)
class StopSpec:
    """A stop as typed: `Nashville, TN @ 2026-12-03..2026-12-05`, split into its parts."""

    place: str
    arrive: date | None = None
    depart: date | None = None


def parse_stop(text: str) -> StopSpec:
    """`PLACE`, `PLACE @ DATE` (one day) or `PLACE @ DATE..DATE` (arrive..depart)."""
    place, sep, when = text.partition("@")
    place = place.strip()
    if not place:
        raise InvalidInput(
            f"stop '{text}' names no place", hint="write PLACE, PLACE @ DATE or PLACE @ DATE..DATE"
        )
    if not sep:
        return StopSpec(place)
    first, dots, second = when.partition("..")
    arrive = parse_date(first)
    depart = parse_date(second) if dots else arrive
    if depart < arrive:
        raise InvalidInput(f"stop '{place}' leaves ({depart}) before it arrives ({arrive})")
    return StopSpec(place, arrive, depart)


PlannedStop = tuple[Waypoint, StopSpec]  # a resolved place, and the dates typed with it


@dataclass
class StopView:
    """A stop of a trip. `waypoint` is None for a place kept as text (an ambiguous calendar
    LOCATION): it is listed, but no route passes it until it is fixed."""

    position: int
    place: str
    waypoint: Waypoint | None
    arrive: str | None
    depart: str | None
    near: list[ContactView] = field(default_factory=list)

    @property
    def short(self) -> str:
        """The place without region and country: `Nashville`."""
        return self.waypoint.short if self.waypoint else self.place

    def to_json(self) -> dict[str, Any]:
        """`{"place", "lat", "lon", "arrive", "depart", "near"}`."""
        where = self.waypoint.to_json() if self.waypoint else {"place": self.place}
        return {
            "place": self.place,
            "lat": where.get("lat"),
            "lon": where.get("lon"),
            "arrive": self.arrive,
            "depart": self.depart,
            "near": [v.to_json() for v in self.near],
        }


@dataclass
class TripView:
    """A trip with its stops, and (once planned) whom you could meet."""

    id: int
    name: str
    start: str
    end: str | None
    origin: Waypoint | None
    note: str | None
    stops: list[StopView] = field(default_factory=list)
    along: list[ContactView] = field(default_factory=list)
    within_km: float | None = None
    road: RoadRoute | None = None  # once planned, with two places or more

    def road_route(
        self, *, vias: Sequence[Waypoint] = (), straight: bool = False
    ) -> RoadRoute | None:
        """The trip's route on the roads, if it has two places to go between."""
        if len(self.waypoints) < 2:
            return None
        return road_route(self.waypoints, vias=vias, straight=straight)

    @property
    def waypoints(self) -> list[Waypoint]:
        """Home (or the trip's start) and every stop that has its place, in order."""
        stops = [s.waypoint for s in self.stops if s.waypoint is not None]
        return ([self.origin] if self.origin else []) + stops

    def to_json(self) -> dict[str, Any]:
        """The public trip object of --json output."""
        return {
            "id": self.id,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "from": self.origin.to_json() if self.origin else None,
            "note": self.note,
            "within_km": self.within_km,
            "stops": [s.to_json() for s in self.stops],
            "along": [v.to_json() for v in self.along],
            "legs": self.legs_json(),
        }

    def legs_json(self) -> list[dict[str, Any]]:
        """Each leg on the road, once the road is known: `{"from", "to", "km", "minutes",
        "road"}`."""
        return legs_json(self.waypoints, self.road) if self.road else []

    def leg_lines(self) -> list[str]:
        """Each leg as people read it: `Knoxville → Nashville · 280 km · 2 h 40 min`."""
        from meetup_tracker.geo.units import format_distance, format_minutes

        lines = []
        for leg in self.legs_json():
            text = f"{leg['from'].split(',')[0]} → {leg['to'].split(',')[0]}"
            text += f" · {format_distance(leg['km'])}"
            text += f" · {format_minutes(leg['minutes'])}" if leg["minutes"] is not None else ""
            lines.append(text)
        return lines


def _check_dates(start: date, end: date | None, stops: Sequence[PlannedStop]) -> None:
    if end is not None and end < start:
        raise InvalidInput(f"the trip ends ({end}) before it starts ({start})")
    for waypoint, spec in stops:
        for label, when in (("arrives", spec.arrive), ("leaves", spec.depart)):
            if when is None:
                continue
            if when < start:
                raise InvalidInput(
                    f"stop {waypoint.short} {label} {when}, before the trip starts ({start})"
                )
            if end is not None and when > end:
                raise InvalidInput(
                    f"stop {waypoint.short} {label} {when}, after the trip ends ({end})"
                )


def clean_trip_name(name: str) -> str:
    """A trip's name, one short line; InvalidInput otherwise."""
    value = " ".join(name.split())
    if not value:
        raise InvalidInput("a trip needs a name")
    if len(value) > 200 or has_control(value):
        raise InvalidInput("a trip name is one short line of text")
    return value


def add_trip(
    *,
    session: Session,
    name: str,
    start: date,
    end: date | None,
    origin: Waypoint | None,
    stops: Sequence[PlannedStop],
    note: str | None = None,
) -> Trip:
    """Create a trip with its stops in order."""
    from sqlmodel import select

    from meetup_tracker.models import Trip

    clean = clean_trip_name(name)
    if not stops:
        raise InvalidInput("a trip needs at least one stop", hint="add --stop PLACE")
    _check_dates(start, end, stops)
    if session.exec(select(Trip).where(Trip.name_key == trip_key(clean))).first() is not None:
        raise Conflict(
            f"there is already a trip named '{clean}'",
            hint="choose another name, or use 'meetup trip edit'",
        )
    trip = Trip(
        name=clean,
        name_key=trip_key(clean),
        starts_on=start,
        ends_on=end,
        origin=origin.name if origin else None,
        origin_lat=origin.lat if origin else None,
        origin_lon=origin.lon if origin else None,
        note=note.strip() if note and note.strip() else None,
        created_at=datetime.now(UTC).replace(microsecond=0),
    )
    session.add(trip)
    session.flush()
    _replace_stops(session, trip, stops)
    return trip


def _replace_stops(session: Session, trip: Trip, stops: Sequence[PlannedStop]) -> None:
    from sqlalchemy import text

    from meetup_tracker.models import Stop

    assert trip.id is not None
    session.execute(text("DELETE FROM stop WHERE trip_id = :id"), {"id": trip.id})
    session.flush()
    for position, (waypoint, spec) in enumerate(stops, start=1):
        session.add(
            Stop(
                trip_id=trip.id,
                position=position,
                place=waypoint.name,
                lat=waypoint.lat,
                lon=waypoint.lon,
                arrive=spec.arrive,
                depart=spec.depart,
            )
        )
    session.flush()


def find_trip_id(*, conn: Sql, ref: str) -> int:
    """The trip a name (any case), a unique start of a name, or `#ID` means."""
    value = " ".join(ref.split())
    if not value:
        raise InvalidInput("empty trip name")
    if m := _ID_RE.match(value):
        number = int(m.group(1))
        found = None
        if number <= 2**63 - 1:
            found = conn.execute("SELECT id FROM trip WHERE id = :id", {"id": number}).fetchone()
        if found is None:
            raise NotFound(f"no trip #{m.group(1)}")
        return int(found[0])
    trips = [
        (int(tid), str(name))
        for tid, name in conn.execute("SELECT id, name FROM trip ORDER BY starts_on, id")
    ]
    exact = [t for t in trips if t[1].casefold() == value.casefold()]
    if exact:
        return exact[0][0]
    prefixed = [t for t in trips if t[1].casefold().startswith(value.casefold())]
    if len(prefixed) == 1:
        return prefixed[0][0]
    if prefixed:
        names = ", ".join(f"{name} (#{tid})" for tid, name in prefixed[:5])
        raise Ambiguous(f"'{value}' could be {names}", hint="type more of the name, or use #ID")
    close = difflib.get_close_matches(value, [name for _, name in trips], n=2, cutoff=0.6)
    hint = ("did you mean " + " or ".join(close) + "?") if close else "see 'meetup trip list'"
    raise NotFound(f"no trip '{value}'", hint=hint)


def find_trip(*, session: Session, ref: str) -> Trip:
    """The trip a reference means, to change."""
    from meetup_tracker.models import Trip

    trip = session.get(Trip, find_trip_id(conn=raw(session), ref=ref))
    assert trip is not None
    return trip


@dataclass
class TripChanges:
    """What `trip edit` changes; None leaves a field alone."""

    name: str | None = None
    start: date | None = None
    end: date | None = None
    clear_end: bool = False
    origin: Waypoint | None = None
    clear_origin: bool = False
    stops: Sequence[PlannedStop] | None = None
    add_stops: Sequence[PlannedStop] = ()
    remove_stops: Sequence[str] = ()
    note: str | None = None


def edit_trip(*, session: Session, trip: Trip, changes: TripChanges) -> Trip:
    """Change a trip, all or nothing."""
    from sqlmodel import select

    from meetup_tracker.models import Trip

    assert trip.id is not None
    view = trip_view(conn=raw(session), trip_id=trip.id)
    stops = [
        (s.waypoint, StopSpec(s.place, _day(s.arrive), _day(s.depart)))
        for s in view.stops
        if s.waypoint is not None
    ]
    if changes.stops is not None:
        stops = list(changes.stops)
    for ref in changes.remove_stops:
        stops.pop(_stop_index(stops, ref))
    stops.extend(changes.add_stops)
    if not stops:
        raise InvalidInput("a trip needs at least one stop")
    if changes.name is not None:
        clean = clean_trip_name(changes.name)
        other = session.exec(select(Trip).where(Trip.name_key == trip_key(clean))).first()
        if other is not None and other.id != trip.id:
            raise Conflict(f"there is already a trip named '{clean}'")
        trip.name = clean
        trip.name_key = trip_key(clean)
    if changes.start is not None:
        trip.starts_on = changes.start
    if changes.end is not None:
        trip.ends_on = changes.end
    if changes.clear_end:
        trip.ends_on = None
    if changes.origin is not None:
        trip.origin, trip.origin_lat, trip.origin_lon = (
            changes.origin.name,
            changes.origin.lat,
            changes.origin.lon,
        )
    if changes.clear_origin:
        trip.origin = trip.origin_lat = trip.origin_lon = None
    if changes.note is not None:
        trip.note = changes.note.strip() or None
    _check_dates(trip.starts_on, trip.ends_on, stops)
    session.add(trip)
    session.flush()
    _replace_stops(session, trip, stops)
    return trip


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _stop_index(stops: Sequence[PlannedStop], ref: str) -> int:
    """A stop by its number (1 = first) or by the start of its place name."""
    value = ref.strip()
    if value.isdigit():
        index = int(value) - 1
        if 0 <= index < len(stops):
            return index
        raise NotFound(f"no stop {value}; the trip has {len(stops)}")
    matches = [
        i for i, (w, _) in enumerate(stops) if w.name.casefold().startswith(value.casefold())
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Ambiguous(f"'{value}' names several stops", hint="give the stop's number instead")
    raise NotFound(f"no stop '{value}' on this trip")


def remove_trip(*, session: Session, trip: Trip) -> None:
    """Delete a trip and its stops."""
    session.delete(trip)
    session.flush()


_TRIP_COLUMNS = "id, name, starts_on, ends_on, origin, origin_lat, origin_lon, note"


def trip_view(*, conn: Sql, trip_id: int) -> TripView:
    """A trip with its stops (no contacts yet)."""
    (view,) = _trip_views(conn, "id = :id", {"id": trip_id})
    return view


def list_trips(*, conn: Sql) -> list[TripView]:
    """Every trip, soonest first."""
    return _trip_views(conn, "TRUE", {})


def _trip_views(conn: Sql, where: str, params: dict[str, Any]) -> list[TripView]:
    views = []
    rows = conn.execute(
        f"SELECT {_TRIP_COLUMNS} FROM trip WHERE {where} ORDER BY starts_on, id", params
    ).fetchall()
    for tid, name, start, end, origin, lat, lon, note in rows:
        where_from = (
            Waypoint(origin or "start", lat, lon) if lat is not None and lon is not None else None
        )
        views.append(TripView(tid, name, str(day(start)), day(end), where_from, note))
    by_id = {v.id: v for v in views}
    for start in range(0, len(views), 500):
        listed, ids = in_list("id", [v.id for v in views[start : start + 500]])
        stops = conn.execute(
            "SELECT trip_id, position, place, lat, lon, arrive, depart FROM stop"
            f" WHERE trip_id IN {listed} ORDER BY trip_id, position",
            ids,
        )
        for trip_id, position, place, lat, lon, arrive, depart in stops:
            point = Waypoint(place, lat, lon) if lat is not None and lon is not None else None
            by_id[trip_id].stops.append(StopView(position, place, point, day(arrive), day(depart)))
    return views


def _unmet_first(view: ContactView) -> tuple[bool, float]:
    return (view.met_in_person, float(view.extra.get("distance_km", 0.0)))


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
            contact.extra["distance_km"] = round(distances[contact.id], 1)
        stop.near = sorted(nearby, key=_unmet_first)
    along = (
        with_positions(conn=conn, waypoints=view.waypoints, road=view.road, positions=reach.along)
        if view.road is not None
        else iter(())
    )
    view.along = sorted(
        along, key=lambda v: (v.extra["leg_index"], v.met_in_person, v.extra["along_km"])
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


MAX_DAYS = 36_500  # a century: any more is a typo, and past the calendar's end


def check_days(days: int) -> int:
    """A --days value: 0 to a century."""
    if days < 0:
        raise InvalidInput(f"--days must be 0 or more, not {days}")
    if days > MAX_DAYS:
        raise InvalidInput(f"--days {days} is too far", hint=f"at most {MAX_DAYS:,} (a century)")
    return days


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
