"""A calendar's events at a place (a concert, a meetup, a conference's schedule) saved as
planned meetings with nobody yet, known by their UID: importing the calendar again adds and
changes nothing. A schedule over several days away from home is a trip instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetup_tracker.formats.records import EventRecord, TripRecord
    from meetup_tracker.services.import_job import ImportJob
    from meetup_tracker.services.places import Located, PlaceCache

AWAY_KM = 50  # a schedule this far from home is a journey
AGREES_KM = 300  # a GEO this close to the place named is its point


def import_events(
    job: ImportJob, records: list[EventRecord], places: PlaceCache
) -> list[TripRecord]:
    """Save the events; return the schedules that are trips (away from home, over days)."""
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.kinds import IN_PERSON
    from meetup_tracker.models import Interaction
    from meetup_tracker.services.series import SERIES_DAY
    from meetup_tracker.storage import rows
    from meetup_tracker.text import has_control

    trips: list[TripRecord] = []
    if not records:
        return trips
    conn, counts = job.conn, job.summary.interactions
    for record in records:
        job.tick(1)
        if has_control(record.name):
            job.bad(record.line, "the event's name holds control characters", counts)
            continue
        where = _where(job, record, places)
        if record.last is not None and _away(where, places):
            trips.append(_as_trip(record, where))
            continue
        values: dict[str, Any] = {
            "kind": IN_PERSON,
            "happened_on": SERIES_DAY if record.repeat else record.on,
            "repeat": record.repeat,
            "repeat_from": record.on if record.repeat else None,
            "repeat_until": record.repeat_until if record.repeat else None,
            "event": record.name,
            "place": where.name if where else None,
            "lat": where.lat if where else None,
            "lon": where.lon if where else None,
            "source_uid": record.uid,
        }
        try:
            checked = rows.check(Interaction, values)
        except InvalidInput as exc:
            job.bad(record.line, f"event '{record.name}': {exc}", counts)
            continue
        found = conn.execute(
            "SELECT id, happened_on, event, place, lat, lon FROM interaction"
            " WHERE source_uid = :uid",
            {"uid": record.uid},
        ).fetchone()
        if found is None:
            rows.insert(conn, Interaction, checked)
            counts.added += 1
            continue
        now = (str(found[1]), found[2], found[3], found[4], found[5])
        when = SERIES_DAY if record.repeat else record.on
        wanted = (when.isoformat(), record.name, values["place"], values["lat"], values["lon"])
        if now == wanted:
            counts.unchanged += 1
            continue
        changed = {k: v for k, v in checked.items() if k not in ("kind", "source_uid")}
        rows.update(conn, Interaction, changed, id=found[0])
        counts.updated += 1
    return trips


def _where(job: ImportJob, record: EventRecord, places: PlaceCache) -> Located | None:
    """Where an event is: the first of its texts that names a place (its GEO, when it gives
    one, is the point: read the right way round when written longitude first, as Last.fm
    does; a GEO far from the place named gives way to it), else its first text kept as it
    is, else its GEO alone."""
    from meetup_tracker.geo.geometry import distance_km
    from meetup_tracker.services.places import Located

    found = None
    for text in record.places:
        found = places.locate(text, None, None)
        if found.lat is not None:
            break
    else:
        found = places.locate(record.places[0], None, None) if record.places else None
        if found is not None and found.name:
            job.summary.unresolved += 1
    if record.lat is None or record.lon is None:
        return found
    point = (record.lat, record.lon)
    if found is not None and found.lat is not None and found.lon is not None:
        named = (found.lat, found.lon)
        turned = (record.lon, record.lat)
        if distance_km(named, point) > AGREES_KM:
            if -90 <= turned[0] <= 90 and distance_km(named, turned) <= AGREES_KM:
                job.note(f"'{record.name}': GEO was written longitude first; read the right way")
                point = turned
            else:
                job.note(f"'{record.name}': GEO is far from the place named; took the place")
                return found
    name = found.name if found is not None and found.name else None
    return Located(name or f"{point[0]:.4f}, {point[1]:.4f}", point[0], point[1])


def _away(where: Located | None, places: PlaceCache) -> bool:
    """Whether an event's place is far from home (no home set: away, as a trip)."""
    from meetup_tracker.geo.geometry import distance_km

    home = places.home
    if where is None or where.lat is None or where.lon is None:
        return False
    if home is None:
        return True
    return distance_km((home.lat, home.lon), (where.lat, where.lon)) > AWAY_KM


def _as_trip(record: EventRecord, where: Located | None) -> TripRecord:
    from meetup_tracker.formats.records import StopRecord, TripRecord

    assert where is not None
    assert where.name is not None
    stop = StopRecord(where.name, where.lat, where.lon, record.on, record.last)
    return TripRecord(
        line=record.line,
        name=record.name,
        start=record.on,
        end=record.last,
        stops=[stop],
        uid=record.uid,
    )
