"""Saving what a file held: contacts matched to the ones you have, trips, and (from a backup)
interactions and settings. One transaction, set-wise: look-ups are loaded once, rows are
inserted in bulk, never a query per row.

Matching: by any handle (a profile URL or email is a handle), then by exact name and place.
A match gains the record's new handles and tags, and fills its blank fields; nothing the user
already has is overwritten. Importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from meetup_tracker.db import Sql, after_import, insert, whoami
from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    InteractionRecord,
    Parsed,
    StopRecord,
    TripRecord,
)
from meetup_tracker.services.contact_import import ContactImport
from meetup_tracker.text import trip_key

Progress = Callable[[int], None]


@dataclass
class Counts:
    """What happened to the records of one kind."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def to_json(self) -> dict[str, int]:
        """`{"added", "updated", "unchanged", "skipped"}`."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }


@dataclass
class ImportSummary:
    """The result of an import."""

    format: str
    contacts: Counts = field(default_factory=Counts)
    interactions: Counts = field(default_factory=Counts)
    trips: Counts = field(default_factory=Counts)
    errors: list[BadRecord] = field(default_factory=list)
    notes: list[BadRecord] = field(default_factory=list)
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0
    dry_run: bool = False
    likely_duplicates: int = 0  # new contacts that look like ones you had (contact dupes)

    @property
    def total(self) -> Counts:
        """Counts over contacts, interactions and trips together."""
        parts = (self.contacts, self.interactions, self.trips)
        return Counts(
            added=sum(p.added for p in parts),
            updated=sum(p.updated for p in parts),
            unchanged=sum(p.unchanged for p in parts),
            skipped=sum(p.skipped for p in parts),
        )

    def to_json(self) -> dict[str, Any]:
        """The public summary object of `import --json`."""
        return {
            "format": self.format,
            **self.total.to_json(),
            "dry_run": self.dry_run,
            "contacts": self.contacts.to_json(),
            "interactions": self.interactions.to_json(),
            "trips": self.trips.to_json(),
            "unresolved_cities": self.unresolved,
            "errors": [e.to_json() for e in self.errors],
            "skipped_reasons": dict(self.skipped_reasons),
            "notes": [n.to_json() for n in self.notes],
            "likely_duplicates": self.likely_duplicates,
        }


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S.%f")


def run_import(
    *,
    connection: Sql,
    parsed: Parsed,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Save a parsed file in the connection's transaction. A bad record stops everything
    (InvalidInput naming its line) unless `skip_bad`, which saves the rest and lists the bad."""
    summary = ImportSummary(parsed.format)
    restoring = connection.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    job = _Job(connection, summary, skip_bad, progress or (lambda _: None), restoring)
    job.by = whoami(connection)
    if not parsed.streaming:  # a stream's bad rows come among its records
        for bad in parsed.bad:
            job.bad(bad.line, bad.reason, summary.trips if parsed.trips else summary.contacts)
    counted = len(parsed.skipped)
    for skipped in parsed.skipped:  # rows that are nobody to import, not errors
        summary.contacts.skipped += 1
        reasons = summary.skipped_reasons
        reasons[skipped.reason] = reasons.get(skipped.reason, 0) + 1
    summary.notes.extend(parsed.notes)
    contacts = ContactImport(job, _Places().locate)
    contacts.run(parsed.records())
    summary.notes.extend(n for n in parsed.notes if n not in summary.notes)
    for skipped in parsed.skipped[counted:]:  # rows the file's reader skipped as it went
        summary.contacts.skipped += 1
        reasons = summary.skipped_reasons
        reasons[skipped.reason] = reasons.get(skipped.reason, 0) + 1
    _import_interactions(job, parsed.interactions, contacts.mapping)
    _import_trips(job, parsed.trips, from_backup=parsed.format == "json")
    _import_config(connection, parsed.config)
    after_import(connection, ["contact", "interaction", "trip"])
    return summary


@dataclass
class _Job:
    """What every step of one import shares."""

    raw: Sql
    summary: ImportSummary
    skip_bad: bool
    tick: Progress
    restoring: bool  # the database had no contacts: a backup keeps its ids
    by: str = ""  # who is importing (see db.whoami)
    stamp: str = field(default_factory=lambda: _now())

    def bad(self, line: int, reason: str, counts: Counts) -> None:
        """A record that cannot be saved: stop everything, or (--skip-bad) list it and go on."""
        if not self.skip_bad:
            raise InvalidInput(
                f"line {line}: {reason}",
                hint="nothing was imported; --skip-bad imports the other rows and lists the bad",
            )
        self.summary.errors.append(BadRecord(line, reason))
        counts.skipped += 1

    def note(self, text: str, line: int = 0) -> None:
        """Something read around rather than refused (a GEO turned round)."""
        self.summary.notes.append(BadRecord(line, text))

    def kept_id(self, source_id: int | None, taken: Container[int]) -> int | None:
        """The id a backup gave a record, kept when restoring into an empty database and free."""
        if self.restoring and source_id is not None and source_id not in taken:
            return source_id
        return None


class _Places:
    """Place text from files, resolved once per distinct text, by the same resolver as a
    place typed on the command line (`places.for_import`)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str | None, float | None, float | None, int | None]] = {}

    def locate(
        self, city: str | None, region: str | None, country: str | None
    ) -> tuple[str | None, float | None, float | None, int | None]:
        """The place a file's city, region and country name: resolved when the text decides
        it, else the text kept as it was (no coordinates)."""
        from meetup_tracker.services.places import for_import

        text = ", ".join(p.strip() for p in (city, region, country) if p and p.strip())
        if not text:
            return None, None, None, None
        if text not in self._cache:
            found = for_import(text)
            self._cache[text] = (found.name, found.lat, found.lon, found.geonameid)
        return self._cache[text]


def check_point(lat: float | None, lon: float | None) -> None:
    """Coordinates a file gives: both or neither, and on the globe (InvalidInput otherwise)."""
    from meetup_tracker.geo.gazetteer import coordinates_place

    if (lat is None) != (lon is None):
        raise InvalidInput("it has a latitude without a longitude, or the other way round")
    if lat is not None and lon is not None:
        coordinates_place(lat, lon)


def check_day(day: date | None, what: str) -> None:
    """A date every export can write again: years 1 to 9998."""
    if day is not None and not 1 <= day.year <= 9998:
        raise InvalidInput(f"its {what} {day} is outside the years 1 to 9998")


def _import_interactions(
    job: _Job, records: list[InteractionRecord], mapping: dict[int, int]
) -> None:
    from meetup_tracker.services.interactions import check_kind

    if not records:
        return
    raw, counts = job.raw, job.summary.interactions
    found: dict[int, tuple[Any, ...]] = {}
    together: dict[int, set[int]] = {}
    for iid, kind, day, place, event, note, person in raw.execute(
        "SELECT i.id, i.kind, i.happened_on, i.place, i.event, i.note, a.contact_id"
        " FROM interaction i JOIN attendee a ON a.interaction_id = i.id"
    ):
        found[iid] = (kind, str(day), place, event, note)
        together.setdefault(iid, set()).add(int(person))
    existing = {(*found[iid], frozenset(people)) for iid, people in together.items()}
    taken = {row[0] for row in raw.execute("SELECT id FROM interaction")}
    # New ids come after every id already there and every id the file may keep.
    next_id = max([*taken, *(r.source_id or 0 for r in records)], default=0) + 1
    rows: list[tuple[Any, ...]] = []
    attendees: list[tuple[int, int]] = []
    for record in records:
        job.tick(1)
        try:
            kind = check_kind(record.kind)
            check_point(record.lat, record.lon)
            check_day(record.date, "date")
            missing = [a for a in record.attendees if a not in mapping]
            if missing or not record.attendees:
                raise InvalidInput(
                    f"its attendees ({missing or 'none'}) are not contacts in the backup"
                )
        except InvalidInput as exc:
            job.bad(record.line, str(exc), counts)
            continue
        people = frozenset(mapping[a] for a in record.attendees)
        day = record.date.isoformat()
        key = (kind, day, record.place, record.event, record.note, people)
        if key in existing:
            counts.unchanged += 1
            continue
        existing.add(key)
        new_id = job.kept_id(record.source_id, taken)
        if new_id is None:
            new_id, next_id = next_id, next_id + 1
        taken.add(new_id)
        rows.append(
            (new_id, kind, day, record.place, record.lat, record.lon, record.event, record.note,
             record.created_at or _now(), job.by, job.by)
        )  # fmt: skip
        attendees.extend((new_id, c) for c in sorted(people))
        counts.added += 1
    # Written together, ids chosen here (the write lock is held): no query per meeting.
    raw.executemany(
        "INSERT INTO interaction (id, kind, happened_on, place, lat, lon, event, note,"
        " created_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    raw.executemany("INSERT INTO attendee (interaction_id, contact_id) VALUES (?, ?)", attendees)


_GEO_AGREES_KM = 300
_SAME_STOP_KM = 25  # the airport and the hotel of one city are one stop
Where = tuple[str, float | None, float | None]  # a stop's place: name, lat, lon


def _stop_row(job: _Job, stop: StopRecord, places: _Places) -> Where:
    """Where a stop is: its coordinates with its text as the name, or the place its text
    decides; an undecided text is kept without coordinates, to fix later. Coordinates that
    disagree with a text that decides a place are checked: written longitude first, they are
    turned round; otherwise the text wins (both with a note)."""
    from meetup_tracker.geo.geometry import distance_km

    name, lat, lon, _ = places.locate(stop.place, None, None)
    if stop.lat is None or stop.lon is None:
        if lat is None:
            job.summary.unresolved += 1
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
    job: _Job, stops: list[StopRecord], places: _Places
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

    def __init__(self, raw: Sql) -> None:
        self.by_uid: dict[str, _KnownTrip] = {}
        self.by_name: dict[str, _KnownTrip] = {}
        for tid, name, start, end, uid in raw.execute(
            "SELECT id, name, starts_on, ends_on, uid FROM trip"
        ):
            self.add(_KnownTrip(tid, name, str(start), str(end) if end else None, uid))

    def add(self, trip: _KnownTrip) -> None:
        self.by_name[trip.name.casefold()] = trip
        if trip.uid:
            self.by_uid[trip.uid] = trip

    def find(self, record: TripRecord, name: str) -> _KnownTrip | None:
        """The trip a record is: the one with its UID; else the one of its name, unless that
        one came from another event (two "PyCon" events in two years are two trips)."""
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid]
        same = self.by_name.get(name.casefold())
        if same is not None and (not record.uid or not same.uid):
            return same
        return None

    def free_name(self, name: str, start: date) -> str:
        """A name no other trip has: `PyCon`, else `PyCon (2027)`, else with the day."""
        for candidate in (name, f"{name} ({start.year})", f"{name} ({start.isoformat()})"):
            if candidate.casefold() not in self.by_name:
                return candidate
        number = 2
        while f"{name} ({start.isoformat()}, {number})".casefold() in self.by_name:
            number += 1
        return f"{name} ({start.isoformat()}, {number})"


def _trip_name(record: TripRecord) -> str:
    from meetup_tracker.services.trips import clean_trip_name

    return clean_trip_name(record.name)


def _import_trips(job: _Job, records: list[TripRecord], *, from_backup: bool) -> None:
    if not records:
        return
    raw, counts = job.raw, job.summary.trips
    places = _Places()
    home = None
    if not from_backup:
        from meetup_tracker.services import config

        here = config.home(conn=raw)
        home = (here.name, here.lat, here.lon) if here else None
    known = _Trips(raw)
    taken = {t.id for t in known.by_name.values()}
    for record in records:
        job.tick(1)
        try:
            name = _trip_name(record)
            stops = _placed_stops(job, record.stops, places)
            if not stops:
                raise InvalidInput("the trip has no stops")
            check_day(record.start, "start")
            check_day(record.end, "end")
            for (_, lat, lon), stop in stops:
                check_point(lat, lon)
                check_day(stop.arrive, "arrival")
                check_day(stop.depart, "departure")
                if stop.arrive and stop.depart and stop.depart < stop.arrive:
                    raise InvalidInput(
                        f"stop '{stop.place}' leaves ({stop.depart}) before it arrives"
                        f" ({stop.arrive})"
                    )
            if record.end is not None and record.end < record.start:
                raise InvalidInput(
                    f"the trip ends ({record.end}) before it starts ({record.start})"
                )
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
            old = raw.execute(
                "SELECT position, place, lat, lon, arrive, depart FROM stop"
                " WHERE trip_id = ? ORDER BY position",
                (tid,),
            ).fetchall()
            same_uid = (found.uid or None) == (record.uid or None) or not record.uid
            if (found.start, found.end) == (start, end) and old == stop_rows and same_uid:
                counts.unchanged += 1
                continue
            raw.execute(
                "UPDATE trip SET starts_on = ?, ends_on = ?, uid = coalesce(?, uid),"
                " updated_by = ? WHERE id = ?",
                (start, end, record.uid, job.by, tid),
            )
            raw.execute("DELETE FROM stop WHERE trip_id = ?", (tid,))
            found.start, found.end, found.uid = start, end, record.uid or found.uid
            known.add(found)
            counts.updated += 1
        else:
            name = known.free_name(name, record.start)
            where = origin or (None, None, None)
            tid = insert(
                raw,
                "trip",
                {
                    "id": job.kept_id(record.source_id, taken),
                    "name": name,
                    "name_key": trip_key(name),
                    "starts_on": start,
                    "ends_on": end,
                    "origin": where[0],
                    "origin_lat": where[1],
                    "origin_lon": where[2],
                    "note": record.note,
                    "created_at": record.created_at or _now(),
                    "uid": record.uid,
                    "created_by": job.by,
                    "updated_by": job.by,
                },
            )
            taken.add(tid)
            known.add(_KnownTrip(tid, name, start, end, record.uid))
            counts.added += 1
        raw.executemany(
            "INSERT INTO stop (trip_id, position, place, lat, lon, arrive, depart)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(tid, *row) for row in stop_rows],
        )


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _import_config(raw: Sql, config: dict[str, Any]) -> None:
    """Settings from a backup, where this database has none of its own (yours, on a team's)."""
    from meetup_tracker.db import owner

    mine = owner(raw)
    for key, value in config.items():
        if key not in ("home", "units") or value is None:
            continue
        stored = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)
        raw.execute(
            "INSERT INTO config (owner, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (mine, key, stored),
        )
