"""The full backup: `export json` writes it, `import json` reads it back.

Lossless and versioned: contacts with their handles and tags, interactions with their
attendees, trips with their stops, and settings. Written in a stable order with no timestamp of
its own, so exporting, importing into an empty database and exporting again gives the same bytes.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    InteractionRecord,
    Parsed,
    StopRecord,
    TripRecord,
)
from meetup_tracker.handles import parse_handle

FORMAT = "meetup-tracker-backup"
VERSION = 1


def looks_like(text: str) -> bool:
    """A JSON object that names our format near its start."""
    head = text.lstrip()[:500]
    return head.startswith("{") and FORMAT in head


def write(backup: dict[str, Any]) -> str:
    """The backup as JSON text."""
    document = {"format": FORMAT, "version": VERSION, **backup}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse(text: str) -> Parsed:
    """A backup's contacts, interactions, trips and settings, ids and timestamps kept."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"this is not a readable meetup-tracker backup: line {exc.lineno} column {exc.colno}:"
            f" {exc.msg.lower()} (is it cut short?)"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError(f'this JSON is not a meetup-tracker backup (no "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise FormatError(
            f"this backup is version {version}; this meetup-tracker reads version {VERSION}",
            hint="upgrade meetup-tracker to import it",
        )
    parsed = Parsed("json")
    for number, item in enumerate(_list(document, "contacts"), start=1):
        try:
            parsed.contacts.append(_contact(number, item))
        except (InvalidInput, KeyError, TypeError, ValueError) as exc:
            parsed.bad.append(BadRecord(number, f"contact {number}: {_why(exc)}"))
    for number, item in enumerate(_list(document, "interactions"), start=1):
        try:
            parsed.interactions.append(_interaction(number, item))
        except (InvalidInput, KeyError, TypeError, ValueError) as exc:
            parsed.bad.append(BadRecord(number, f"interaction {number}: {_why(exc)}"))
    for number, item in enumerate(_list(document, "trips"), start=1):
        try:
            parsed.trips.append(_trip(number, item))
        except (InvalidInput, KeyError, TypeError, ValueError) as exc:
            parsed.bad.append(BadRecord(number, f"trip {number}: {_why(exc)}"))
    config = document.get("config") or {}
    if not isinstance(config, dict):
        raise FormatError("the backup's config is not an object")
    parsed.config = config
    return parsed


def _why(exc: Exception) -> str:
    return f"missing {exc}" if isinstance(exc, KeyError) else str(exc)


def _list(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key) or []
    if not isinstance(value, list):
        raise FormatError(f"the backup's {key} is not a list")
    return value


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _required_day(value: Any) -> date:
    if not value:
        raise ValueError("no date")
    return date.fromisoformat(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _contact(number: int, item: dict[str, Any]) -> ContactRecord:
    return ContactRecord(
        line=number,
        name=str(item["name"]),
        handles=[
            parse_handle(str(h["handle"]), str(h["platform"])) for h in item.get("handles", [])
        ],
        city=item.get("city"),
        lat=_float(item.get("lat")),
        lon=_float(item.get("lon")),
        tags=[str(t) for t in item.get("tags", [])],
        note=item.get("note"),
        since=_day(item.get("since")),
        company=item.get("company"),
        position=item.get("position"),
        exact=True,
        source_id=int(item["id"]),
        geonameid=item.get("geonameid"),
        created_at=item.get("created_at"),
        updated_at=item.get("updated_at"),
    )


def _interaction(number: int, item: dict[str, Any]) -> InteractionRecord:
    return InteractionRecord(
        line=number,
        kind=str(item["kind"]),
        date=_required_day(item["date"]),
        attendees=[int(a) for a in item["attendees"]],
        place=item.get("place"),
        lat=_float(item.get("lat")),
        lon=_float(item.get("lon")),
        event=item.get("event"),
        note=item.get("note"),
        source_id=int(item["id"]),
        created_at=item.get("created_at"),
    )


def _stop(item: dict[str, Any]) -> StopRecord:
    return StopRecord(
        place=str(item["place"]),
        lat=_float(item["lat"]),
        lon=_float(item["lon"]),
        arrive=_day(item.get("arrive")),
        depart=_day(item.get("depart")),
    )


def _trip(number: int, item: dict[str, Any]) -> TripRecord:
    origin = item.get("from")
    return TripRecord(
        line=number,
        name=str(item["name"]),
        start=_required_day(item["start"]),
        end=_day(item.get("end")),
        stops=[_stop(s) for s in item.get("stops", [])],
        origin=_stop(origin) if origin else None,
        note=item.get("note"),
        source_id=int(item["id"]),
        created_at=item.get("created_at"),
    )
