"""The full backup: `export json` writes it, `import json` reads it back.

Lossless and versioned: contacts with their handles (and what an archive showed of each
account), tags, interactions with their attendees, trips with their stops, and settings.
Written in a stable order with no timestamp of its own, so exporting, importing into an empty
database and exporting again gives the same bytes.

A backup is untrusted input like any file: every value is checked for its type and range where
it is read, and a record that fails is one error naming it (or, with --skip-bad, skipped).
Nothing that a later command could not read reaches the database.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    InteractionRecord,
    OnlineRecord,
    Parsed,
    StopRecord,
    TripRecord,
)
from meetup_tracker.handles import parse_handle

FORMAT = "meetup-tracker-backup"
VERSION = 1
MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_TEXT = 100_000  # characters in a note; a name, a place, a handle are shorter still


def looks_like(text: str) -> bool:
    """A JSON object that names our format near its start."""
    head = text.lstrip()[:500]
    return head.startswith("{") and FORMAT in head


def write(backup: dict[str, Any]) -> str:
    """The backup as JSON text."""
    document = {"format": FORMAT, "version": VERSION, **backup}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _refuse_constant(name: str) -> None:
    raise FormatError(f"this backup holds {name}, which is not a number")


def parse(text: str) -> Parsed:
    """A backup's contacts, interactions, trips and settings, ids and timestamps kept."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise FormatError("this JSON nests far deeper than a backup does") from exc
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"this is not a readable meetup-tracker backup: line {exc.lineno} column {exc.colno}:"
            f" {exc.msg.lower()} (is it cut short?)"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError(f'this JSON is not a meetup-tracker backup (no "format": "{FORMAT}")')
    version: Any = document.get("version")
    if not _is_int(version) or not 1 <= version <= VERSION:
        shown = json.dumps(version)[:40]
        raise FormatError(
            f"this backup is version {shown}; this meetup-tracker reads version {VERSION}",
            hint="upgrade meetup-tracker to import it",
        )
    parsed = Parsed("json")
    contact_ids: dict[int, int] = {}  # id -> how many contacts claim it
    for number, item in enumerate(_list(document, "contacts"), start=1):
        try:
            record = _contact(item)
        except (InvalidInput, KeyError) as exc:
            parsed.bad.append(BadRecord(number, f"contact {number}: {_why(exc)}"))
            continue
        assert record.source_id is not None
        contact_ids[record.source_id] = contact_ids.get(record.source_id, 0) + 1
        if contact_ids[record.source_id] > 1:
            parsed.bad.append(
                BadRecord(number, f"contact {number}: id {record.source_id} is used twice")
            )
            continue
        record.line = number
        parsed.contacts.append(record)
    twice = {cid for cid, count in contact_ids.items() if count > 1}
    parsed.contacts = [c for c in parsed.contacts if c.source_id not in twice]
    for number, item in enumerate(_list(document, "interactions"), start=1):
        try:
            interaction = _interaction(item, contact_ids, twice)
        except (InvalidInput, KeyError) as exc:
            parsed.bad.append(BadRecord(number, f"interaction {number}: {_why(exc)}"))
            continue
        interaction.line = number
        parsed.interactions.append(interaction)
    for number, item in enumerate(_list(document, "trips"), start=1):
        try:
            trip = _trip(item)
        except (InvalidInput, KeyError) as exc:
            parsed.bad.append(BadRecord(number, f"trip {number}: {_why(exc)}"))
            continue
        trip.line = number
        parsed.trips.append(trip)
    parsed.config = _config(document.get("config"))
    return parsed


def _why(exc: Exception) -> str:
    return f"'{exc.args[0]}' is missing" if isinstance(exc, KeyError) else str(exc)


def _list(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FormatError(f"the backup's {key} is not a list")
    return value


# --- values, each checked where it is read


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} is {_kind(value)}, not an object")
    return value


def _id(item: dict[str, Any], key: str = "id") -> int:
    value = item[key]
    if not _is_int(value) or not 1 <= value <= MAX_ID:
        raise InvalidInput(f"'{key}' is {json.dumps(value)[:30]}, not a positive whole number")
    return int(value)


def _text(item: dict[str, Any], key: str, *, required: bool = False, most: int = MAX_TEXT) -> Any:
    value = item.get(key) if not required else item[key]
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'{key}' is {_kind(value)}, not text")
    if "\x00" in value:
        raise InvalidInput(f"'{key}' holds a NUL byte")
    if len(value) > most:
        raise InvalidInput(f"'{key}' is {len(value):,} characters long (at most {most:,})")
    return value


def _number(item: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"'{key}' is {_kind(value)}, not a number")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise InvalidInput(f"'{key}' {value} is not between {low:g} and {high:g}")
    return number


def _point(item: dict[str, Any]) -> tuple[float | None, float | None]:
    lat, lon = _number(item, "lat", -90, 90), _number(item, "lon", -180, 180)
    if (lat is None) != (lon is None):
        raise InvalidInput("'lat' and 'lon' go together")
    return lat, lon


def _day(item: dict[str, Any], key: str, *, required: bool = False) -> date | None:
    value = _text(item, key, required=required, most=40)
    if value is None or (not required and value == ""):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"'{key}' {value!r} is not a date like 2026-05-12") from exc
    if not 1 <= day.year <= 9998:
        raise InvalidInput(f"'{key}' {value} is outside the years 1 to 9998")
    return day


def _stamp(item: dict[str, Any], key: str) -> str | None:
    value = _text(item, key, most=40)
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"'{key}' {value!r} is not a time") from exc
    return str(value)


def _strings(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"'{key}' is not a list of text")
    return list(value)


# --- records


def _contact(raw: Any) -> ContactRecord:
    item = _object(raw, "the contact")
    record = ContactRecord(line=0, name=_text(item, "name", required=True, most=1000))
    record.source_id = _id(item)
    handles = item.get("handles") or []
    if not isinstance(handles, list):
        raise InvalidInput("'handles' is not a list")
    for value in handles:
        handle_item = _object(value, "a handle")
        handle = parse_handle(
            _text(handle_item, "handle", required=True, most=2000),
            _text(handle_item, "platform", required=True, most=40),
        )
        record.handles.append(handle)
        online = _online(handle_item, handle.platform, handle.key)
        if online is not None:
            record.online.append(online)
    record.city = _text(item, "city", most=1000)
    record.lat, record.lon = _point(item)
    record.tags = _strings(item, "tags")
    record.note = _text(item, "note")
    record.since = _day(item, "since")
    record.company = _text(item, "company", most=1000)
    record.position = _text(item, "position", most=1000)
    record.exact = True
    geonameid = item.get("geonameid")
    if geonameid is not None and (not _is_int(geonameid) or not 0 < geonameid <= MAX_ID):
        raise InvalidInput(f"'geonameid' is {json.dumps(geonameid)[:30]}, not an id")
    record.geonameid = geonameid
    record.created_at = _stamp(item, "created_at")
    record.updated_at = _stamp(item, "updated_at")
    return record


def _online(item: dict[str, Any], platform: str, key: str) -> OnlineRecord | None:
    """What an archive showed of an account, kept on its handle in the backup."""
    if not any(k in item for k in ("account_id", "exchanges", "following", "follower")):
        return None
    exchanges = item.get("exchanges", 0)
    if not _is_int(exchanges) or not 0 <= exchanges <= MAX_ID:
        raise InvalidInput(f"'exchanges' is {json.dumps(exchanges)[:30]}, not a count")
    flags = [item.get(k, False) for k in ("following", "follower")]
    if not all(isinstance(f, bool) for f in flags):
        raise InvalidInput("'following' and 'follower' are true or false")
    return OnlineRecord(
        platform=platform,
        key=key,
        account_id=_text(item, "account_id", most=64),
        exchanges=int(exchanges),
        first=_day(item, "first_exchange"),
        last=_day(item, "last_exchange"),
        following=flags[0],
        follower=flags[1],
    )


def _interaction(raw: Any, contact_ids: dict[int, int], twice: set[int]) -> InteractionRecord:
    item = _object(raw, "the interaction")
    attendees = item["attendees"]
    if not isinstance(attendees, list) or not attendees:
        raise InvalidInput("'attendees' is not a list of contact ids")
    people = []
    for person in attendees:
        if not _is_int(person) or person not in contact_ids:
            raise InvalidInput(f"attendee {json.dumps(person)[:30]} is no contact in the backup")
        if person in twice:
            raise InvalidInput(f"attendee {person} is an id two contacts claim")
        people.append(int(person))
    lat, lon = _point(item)
    record = InteractionRecord(
        line=0,
        kind=_text(item, "kind", required=True, most=20),
        date=_day(item, "date", required=True),  # type: ignore[arg-type]
        attendees=people,
        place=_text(item, "place", most=1000),
        lat=lat,
        lon=lon,
        event=_text(item, "event", most=1000),
        note=_text(item, "note"),
    )
    record.source_id = _id(item)
    record.created_at = _stamp(item, "created_at")
    return record


def _stop(raw: Any, what: str) -> StopRecord:
    item = _object(raw, what)
    lat, lon = _point(item)
    stop = StopRecord(
        place=_text(item, "place", required=True, most=1000),
        lat=lat,
        lon=lon,
        arrive=_day(item, "arrive"),
        depart=_day(item, "depart"),
    )
    if stop.arrive and stop.depart and stop.depart < stop.arrive:
        raise InvalidInput(f"stop '{stop.place}' leaves ({stop.depart}) before it arrives")
    return stop


def _trip(raw: Any) -> TripRecord:
    item = _object(raw, "the trip")
    start = _day(item, "start", required=True)
    assert start is not None
    end = _day(item, "end")
    if end is not None and end < start:
        raise InvalidInput(f"it ends ({end}) before it starts ({start})")
    stops = item.get("stops") or []
    if not isinstance(stops, list):
        raise InvalidInput("'stops' is not a list")
    origin = item.get("from")
    trip = TripRecord(
        line=0,
        name=_text(item, "name", required=True, most=1000),
        start=start,
        end=end,
        stops=[_stop(s, "a stop") for s in stops],
        origin=_stop(origin, "'from'") if origin is not None else None,
        note=_text(item, "note"),
        uid=_text(item, "uid", most=1000),
    )
    if trip.origin is not None and trip.origin.lat is None:
        raise InvalidInput("'from' has no coordinates")
    trip.source_id = _id(item)
    trip.created_at = _stamp(item, "created_at")
    return trip


def _config(raw: Any) -> dict[str, Any]:
    """Settings: home (a place with coordinates) and units (km or mi)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise FormatError(f"the backup's config is {_kind(raw)}, not an object")
    config: dict[str, Any] = {}
    home = raw.get("home")
    if home is not None:
        if not isinstance(home, dict):
            raise FormatError(f"the backup's home is {_kind(home)}, not a place with coordinates")
        try:
            name = _text(home, "name", required=True, most=1000)
            lat, lon = _point(home)
        except (InvalidInput, KeyError) as exc:
            raise FormatError(f"the backup's home: {_why(exc)}") from exc
        if lat is None:
            raise FormatError("the backup's home has no coordinates")
        config["home"] = {"name": name, "lat": lat, "lon": lon}
    units = raw.get("units")
    if units is not None:
        if units not in ("km", "mi"):
            raise FormatError(f"the backup's units are {json.dumps(units)[:30]}, not km or mi")
        config["units"] = units
    return config
