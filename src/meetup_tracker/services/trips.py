"""Trips: where you are going, in order: adding, changing, finding and listing them. Whom
you could meet on one is `planning`'s."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import parse_date
from meetup_tracker.errors import Ambiguous, Conflict, InvalidInput, NotFound
from meetup_tracker.geo.road_route import RoadRoute
from meetup_tracker.services.nearby import Waypoint, legs_json, road_route
from meetup_tracker.services.validators import clean_trip_name
from meetup_tracker.services.views import ContactView
from meetup_tracker.storage.sql import day, in_list
from meetup_tracker.text import trip_key

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


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


def add_trip(
    *,
    conn: Sql,
    name: str,
    start: date,
    end: date | None,
    origin: Waypoint | None,
    stops: Sequence[PlannedStop],
    note: str | None = None,
) -> int:
    """Create a trip with its stops in order; returns its id."""
    from meetup_tracker.models import Trip
    from meetup_tracker.storage import rows

    clean = clean_trip_name(name)
    if not stops:
        raise InvalidInput("a trip needs at least one stop", hint="add --stop PLACE")
    _check_dates(start, end, stops)
    _name_is_free(conn, clean, None)
    trip_id = rows.insert(
        conn,
        Trip,
        {
            "name": clean,
            "name_key": trip_key(clean),
            "starts_on": start,
            "ends_on": end,
            "origin": origin.name if origin else None,
            "origin_lat": origin.lat if origin else None,
            "origin_lon": origin.lon if origin else None,
            "note": note.strip() if note and note.strip() else None,
        },
    )
    assert trip_id is not None
    _replace_stops(conn, trip_id, stops)
    return trip_id


def _name_is_free(conn: Sql, name: str, trip_id: int | None) -> None:
    found = conn.execute(
        "SELECT id FROM trip WHERE name_key = :key", {"key": trip_key(name)}
    ).fetchone()
    if found is not None and found[0] != trip_id:
        raise Conflict(
            f"there is already a trip named '{name}'",
            hint="choose another name, or use 'meetup trip edit'",
        )


def _replace_stops(conn: Sql, trip_id: int, stops: Sequence[PlannedStop]) -> None:
    from meetup_tracker.models import Stop
    from meetup_tracker.storage import rows

    rows.delete(conn, Stop, trip_id=trip_id)
    rows.insert_many(
        conn,
        Stop,
        (
            {
                "trip_id": trip_id,
                "position": position,
                "place": waypoint.name,
                "lat": waypoint.lat,
                "lon": waypoint.lon,
                "arrive": spec.arrive,
                "depart": spec.depart,
            }
            for position, (waypoint, spec) in enumerate(stops, start=1)
        ),
    )


def find_trip_id(*, conn: Sql, ref: str) -> int:
    """The trip a name (any case), a unique start of a name, or `#ID` means."""
    from meetup_tracker.services.refs import MAX_ID, numbered

    value = " ".join(ref.split())
    if not value:
        raise InvalidInput("empty trip name")
    number = numbered(value)
    if number is not None:
        found = None
        if number <= MAX_ID:
            found = conn.execute("SELECT id FROM trip WHERE id = :id", {"id": number}).fetchone()
        if found is None:
            raise NotFound(f"no trip {value.replace(' ', '')}")
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


def edit_trip(*, conn: Sql, trip_id: int, changes: TripChanges) -> None:
    """Change a trip, all or nothing."""
    from meetup_tracker.models import Trip
    from meetup_tracker.storage import rows

    view = trip_view(conn=conn, trip_id=trip_id)
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
    values: dict[str, Any] = {}
    if changes.name is not None:
        clean = clean_trip_name(changes.name)
        _name_is_free(conn, clean, trip_id)
        values.update(name=clean, name_key=trip_key(clean))
    start = changes.start or date.fromisoformat(view.start)
    end = _day(view.end)
    if changes.end is not None or changes.clear_end:
        end = changes.end
    values.update(starts_on=start, ends_on=end)
    if changes.origin is not None:
        values.update(
            origin=changes.origin.name,
            origin_lat=changes.origin.lat,
            origin_lon=changes.origin.lon,
        )
    if changes.clear_origin:
        values.update(origin=None, origin_lat=None, origin_lon=None)
    if changes.note is not None:
        values["note"] = changes.note.strip() or None
    _check_dates(start, end, stops)
    rows.update(conn, Trip, values, id=trip_id)
    _replace_stops(conn, trip_id, stops)


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


def remove_trip(*, conn: Sql, trip_id: int) -> None:
    """Delete a trip and its stops."""
    from meetup_tracker.models import Trip
    from meetup_tracker.storage import rows

    rows.delete(conn, Trip, id=trip_id)


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
