"""Everything in the database, gathered for the export formats."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from meetup_tracker.db import day

if TYPE_CHECKING:
    from meetup_tracker.db import Sql
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactFilter


def backup(*, conn: Sql) -> dict[str, Any]:
    """The lossless backup: every row that matters, in a stable order (by id)."""
    from meetup_tracker.migrations import LATEST

    def rows(sql: str) -> list[Any]:
        return [
            tuple(day(v) if isinstance(v, date | datetime) else v for v in row)
            for row in conn.execute(sql).fetchall()
        ]

    handles: dict[int, list[dict[str, Any]]] = {}
    for contact_id, platform, handle, *online in rows(
        "SELECT contact_id, platform, handle, account_id, exchanges, first_exchange,"
        " last_exchange, following, follower FROM handle ORDER BY id"
    ):
        item: dict[str, Any] = {"platform": platform, "handle": handle}
        account_id, exchanges, first, last, following, follower = online
        if account_id or exchanges or following or follower:
            # What an archive showed of the account: kept only where there is something.
            item.update(
                {
                    "account_id": account_id,
                    "exchanges": exchanges,
                    "first_exchange": first,
                    "last_exchange": last,
                    "following": bool(following),
                    "follower": bool(follower),
                }
            )
        handles.setdefault(contact_id, []).append(item)
    tags: dict[int, list[str]] = {}
    for contact_id, tag in rows("SELECT contact_id, tag FROM tag ORDER BY contact_id, key, tag"):
        tags.setdefault(contact_id, []).append(tag)
    columns = (
        "id, name, city, lat, lon, geonameid, since, note, company, position,"
        " created_at, updated_at"
    )
    contacts = []
    for row in rows(f"SELECT {columns} FROM contact ORDER BY id"):
        contact = dict(zip([c.strip() for c in columns.split(",")], row, strict=True))
        contact["handles"] = handles.get(row[0], [])
        contact["tags"] = tags.get(row[0], [])
        contacts.append(contact)
    attendees: dict[int, list[int]] = {}
    for interaction_id, contact_id in rows(
        "SELECT interaction_id, contact_id FROM attendee ORDER BY interaction_id, contact_id"
    ):
        attendees.setdefault(interaction_id, []).append(contact_id)
    interactions = [
        {
            "id": iid,
            "kind": kind,
            "date": day,
            "place": place,
            "lat": lat,
            "lon": lon,
            "event": event,
            "note": note,
            "created_at": created_at,
            "attendees": attendees.get(iid, []),
        }
        for iid, kind, day, place, lat, lon, event, note, created_at in rows(
            "SELECT id, kind, happened_on, place, lat, lon, event, note, created_at"
            " FROM interaction ORDER BY id"
        )
    ]
    stops: dict[int, list[dict[str, Any]]] = {}
    for trip_id, place, lat, lon, arrive, depart in rows(
        "SELECT trip_id, place, lat, lon, arrive, depart FROM stop ORDER BY trip_id, position"
    ):
        stops.setdefault(trip_id, []).append(
            {"place": place, "lat": lat, "lon": lon, "arrive": arrive, "depart": depart}
        )
    trips = [
        {
            "id": tid,
            "name": name,
            "start": start,
            "end": end,
            "from": {"place": origin, "lat": lat, "lon": lon} if lat is not None else None,
            "note": note,
            "created_at": created_at,
            "stops": stops.get(tid, []),
            **({"uid": uid} if uid else {}),
        }
        for tid, name, start, end, origin, lat, lon, note, created_at, uid in rows(
            "SELECT id, name, starts_on, ends_on, origin, origin_lat, origin_lon, note,"
            " created_at, uid FROM trip ORDER BY id"
        )
    ]
    config: dict[str, Any] = {}
    for key, value in rows("SELECT key, value FROM config ORDER BY key"):
        config[key] = json.loads(value) if key == "home" else value
    return {
        "schema": LATEST,
        "contacts": contacts,
        "interactions": interactions,
        "trips": trips,
        "config": config,
    }


def planned_meetings(*, conn: Sql) -> list[InteractionView]:
    """In-person meetings dated after today, soonest first."""
    from meetup_tracker.services.interactions import InteractionFilter, list_planned

    return list_planned(conn=conn, where=InteractionFilter(kind="in-person"))


@dataclass
class ExportOptions:
    """How an export is narrowed: which contacts, which platform, the title of a list."""

    who: ContactFilter | None = None
    platform: str | None = None
    title: str = "Met in person"


def export_chunks(*, conn: Sql, name: str, options: ExportOptions | None = None) -> Iterator[str]:
    """The database (or the chosen contacts) in an export format, as pieces of text to write
    one after another (a large export is never held whole)."""
    from meetup_tracker.formats import backup as backup_file
    from meetup_tracker.formats import csvfile, geojson, ics, lists, vcard
    from meetup_tracker.services.trips import list_trips
    from meetup_tracker.services.views import ContactFilter, filtered_contacts

    chosen = options or ExportOptions()

    def contacts() -> Any:
        return filtered_contacts(conn=conn, chosen=chosen.who or ContactFilter(), order_by="c.id")

    if name == "json":
        yield backup_file.write(backup(conn=conn))
    elif name == "csv":
        yield from csvfile.write(contacts())
    elif name == "vcard":
        yield from vcard.write(contacts())
    elif name == "ics":
        yield from ics.write(_on_the_road(list_trips(conn=conn)), planned_meetings(conn=conn))
    elif name == "handles":
        yield from lists.write_handles(contacts(), chosen.platform)
    elif name == "mastodon-list":
        yield from lists.write_mastodon_list(contacts(), chosen.title)
    else:
        yield from geojson.write(contacts(), _on_the_road(list_trips(conn=conn)))


def _on_the_road(trips: Iterable[TripView]) -> Iterator[TripView]:
    """Trips with their roads (worked out once for the same places), one at a time."""
    for trip in trips:
        trip.road = trip.road_route()
        yield trip
