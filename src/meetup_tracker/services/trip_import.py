"""The trips stage of an import: a calendar's trips, each found again by its event's UID or by
its name, its stops placed by the resolver (a GEO checked against the text it comes with)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import StopRecord, TripRecord
from meetup_tracker.services.validators import check_day, check_order, check_point, clean_trip_name
from meetup_tracker.text import trip_key

if TYPE_CHECKING:
    from meetup_tracker.services.import_job import ImportJob
    from meetup_tracker.services.places import PlaceCache
    from meetup_tracker.storage.sql import Sql

_GEO_AGREES_KM = 300
_SAME_STOP_KM = 25  # the airport and the hotel of one city are one stop
Where = tuple[str, float | None, float | None]  # a stop's place: name, lat, lon


def _stop_row(job: ImportJob, stop: StopRecord, places: PlaceCache) -> Where:
    """Where a stop is: its coordinates with its text as the name, or the place its text
    names (as it would be typed); a guess to confirm is kept without coordinates, to fix
    later. Coordinates that disagree with a text that names a place are checked: written
    longitude first, they are turned round; otherwise the text wins (both with a note)."""
    from meetup_tracker.geo.geometry import distance_km

    found = places.locate(stop.place, None, None)
    name, lat, lon = found.name, found.lat, found.lon
    if stop.lat is None or stop.lon is None:
        if lat is None:
            job.summary.unresolved += 1
        elif found.notice:
            job.summary.guessed += 1
        return name or stop.place, lat, lon
    if lat is None or lon is None or name is None:
        return stop.place, stop.lat, stop.lon
    here = (lat, lon)
    if distance_km(here, (stop.lat, stop.lon)) <= _GEO_AGREES_KM:
        return name, stop.lat, stop.lon
    turned = (stop.lon, stop.lat)
    if -90 <= turned[0] <= 90 and distance_km(here, turned) <= _GEO_AGREES_KM:
        job.note(f"'{stop.place}': GEO was written longitude first; read the right way round")
        return stop.place, turned[0], turned[1]
    job.note(f"'{stop.place}': GEO is far from the place named; took the place ({name})")
    return name, lat, lon


def _placed_stops(
    job: ImportJob, stops: list[StopRecord], places: PlaceCache
) -> list[tuple[Where, StopRecord]]:
    """Stops with their places resolved; consecutive ones at one place (a flight landing,
    then the hotel) become one stop that lasts from the first arrival to the last departure."""
    from meetup_tracker.geo.geometry import distance_km

    placed: list[tuple[Where, StopRecord]] = []
    for stop in stops:
        where = _stop_row(job, stop, places)
        last_where = placed[-1][0] if placed else None
        same = last_where is not None and (
            last_where[0] == where[0]
            or (
                None not in (last_where[1], last_where[2], where[1], where[2])
                and distance_km((last_where[1], last_where[2]), (where[1], where[2]))  # type: ignore[arg-type]
                <= _SAME_STOP_KM
            )
        )
        if same:
            last = placed[-1][1]
            last.depart = stop.depart or last.depart
            continue
        placed.append((where, stop))
    return placed


@dataclass
class _KnownTrip:
    id: int
    name: str
    start: str
    end: str | None
    uid: str | None


class _Trips:
    """The trips already there, found by a calendar event's UID or by name."""

    def __init__(self, conn: Sql) -> None:
        self.by_uid: dict[str, _KnownTrip] = {}
        self.by_name: dict[str, _KnownTrip] = {}
        for tid, name, start, end, uid in conn.execute(
            "SELECT id, name, starts_on, ends_on, uid FROM trip"
        ):
            self.add(_KnownTrip(tid, name, str(start), str(end) if end else None, uid))

    def add(self, trip: _KnownTrip) -> None:
        self.by_name[trip_key(trip.name)] = trip
        if trip.uid:
            self.by_uid[trip.uid] = trip

    def find(self, record: TripRecord, name: str) -> _KnownTrip | None:
        """The trip a record is: the one with its UID; else the one of its name, unless that
        one came from another event (two "PyCon" events in two years are two trips)."""
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid]
        same = self.by_name.get(trip_key(name))
        if same is not None and (not record.uid or not same.uid):
            return same
        return None


def free_name(taken: set[str], name: str, start: date) -> str:
    """A name no other trip has (`taken`: their folded keys): `PyCon`, else `PyCon (2027)`,
    else with the day, else numbered."""
    for candidate in (name, f"{name} ({start.year})", f"{name} ({start.isoformat()})"):
        if trip_key(candidate) not in taken:
            return candidate
    number = 2
    while trip_key(f"{name} ({start.isoformat()}, {number})") in taken:
        number += 1
    return f"{name} ({start.isoformat()}, {number})"


def import_trips(job: ImportJob, records: list[TripRecord], places: PlaceCache) -> None:
    """Save a calendar's trips: new ones added, known ones (by UID or name) brought up to
    date, unchanged ones counted."""
    from meetup_tracker.models import Stop, Trip
    from meetup_tracker.services import config
    from meetup_tracker.storage import rows

    if not records:
        return
    conn, counts = job.conn, job.summary.trips
    here = config.home(conn=conn)
    home = (here.name, here.lat, here.lon) if here else None
    known = _Trips(conn)
    for record in records:
        job.tick(1)
        try:
            name = clean_trip_name(record.name)
            stops = _placed_stops(job, record.stops, places)
            if not stops:
                raise InvalidInput("the trip has no stops")
            check_day(record.start, "start")
            check_day(record.end, "end")
            for (_, lat, lon), stop in stops:
                check_point(lat, lon)
                check_day(stop.arrive, "arrival")
                check_day(stop.depart, "departure")
                check_order(stop.arrive, stop.depart, f"stop '{stop.place}' leaves ({{then}})"
                            " before it arrives ({first})")  # fmt: skip
            check_order(record.start, record.end, "the trip ends ({then}) before it starts"
                        " ({first})")  # fmt: skip
            rows.check(Trip, {"uid": record.uid, "note": record.note})
        except InvalidInput as exc:
            job.bad(record.line, str(exc), counts)
            continue
        origin = (
            (record.origin.place, record.origin.lat, record.origin.lon) if record.origin else home
        )
        stop_rows = [
            (i, place, lat, lon, _iso(s.arrive), _iso(s.depart))
            for i, ((place, lat, lon), s) in enumerate(stops, start=1)
        ]
        start, end = record.start.isoformat(), _iso(record.end)
        found = known.find(record, name)
        if found is not None:
            tid = found.id
            old = [
                tuple(str(v) if isinstance(v, date) else v for v in row)
                for row in conn.execute(
                    "SELECT position, place, lat, lon, arrive, depart FROM stop"
                    " WHERE trip_id = :id ORDER BY position",
                    {"id": tid},
                )
            ]
            same_uid = (found.uid or None) == (record.uid or None) or not record.uid
            if (found.start, found.end) == (start, end) and old == stop_rows and same_uid:
                counts.unchanged += 1
                continue
            rows.update(
                conn,
                Trip,
                {"starts_on": start, "ends_on": end, "uid": record.uid or found.uid},
                id=tid,
            )
            found.start, found.end, found.uid = start, end, record.uid or found.uid
            known.add(found)
            counts.updated += 1
        else:
            name = free_name(set(known.by_name), name, record.start)
            where = origin or (None, None, None)
            tid_found = rows.insert(
                conn,
                Trip,
                {
                    "name": name,
                    "name_key": trip_key(name),
                    "starts_on": start,
                    "ends_on": end,
                    "origin": where[0],
                    "origin_lat": where[1],
                    "origin_lon": where[2],
                    "note": record.note,
                    "uid": record.uid,
                },
            )
            assert tid_found is not None
            tid = tid_found
            known.add(_KnownTrip(tid, name, start, end, record.uid))
            counts.added += 1
        rows.delete(conn, Stop, trip_id=tid)
        columns = ("position", "place", "lat", "lon", "arrive", "depart")
        rows.insert_many(
            conn,
            Stop,
            (dict(zip(columns, row, strict=True), trip_id=tid) for row in stop_rows),
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
