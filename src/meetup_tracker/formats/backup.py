"""The full backup: `export json` writes it, `import json` reads it back.

Lossless and versioned. Version 2 carries every table the registry backs up
(storage/registry.py), every column but those recomputed on restore (folded keys): a table's
rows are a list at the top (`contacts`, `interactions`, `trips`), or inside the row they
belong to (a contact's `handles` and `tags`, an interaction's `attendees`, a trip's `stops`),
and the exporting person's settings are `config`. Who created and last changed each row is
kept. Written in a stable order with no timestamp of its own, so exporting, importing into an
empty database and exporting again gives the same bytes. Version 1 backups are still read.

A backup is untrusted input like any file: every value is checked against the limits of its
column where it is read (the same limits every write applies), and a record that fails is one
error naming it (or, with --skip-bad, skipped). Nothing that a later command could not read
reaches the database.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import Backup, BadRecord, FormatError, Parsed, TableRow

if TYPE_CHECKING:
    from meetup_tracker.storage.registry import Table

FORMAT = "meetup-tracker-backup"
VERSION = 2
MAX_DIGITS = 30  # an integer longer than this is no value a backup holds


def looks_like(text: str) -> bool:
    """A JSON object that names our format near its start."""
    head = text.lstrip()[:500]
    return head.startswith("{") and FORMAT in head


def write(document: dict[str, Any]) -> str:
    """A backup document as JSON text."""
    return json.dumps({"format": FORMAT, "version": VERSION, **document}, ensure_ascii=False,
                      indent=2) + "\n"  # fmt: skip


def _refuse_constant(name: str) -> None:
    raise FormatError(f"this backup holds {name}, which is not a number")


def _whole(text: str) -> int:
    # Python refuses to read integers of more than 4,300 digits; no value here has 30.
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise FormatError(f"this backup holds a number of {len(text):,} digits")
    return int(text)


def parse(text: str) -> Parsed:
    """A backup's rows, table by table, checked; ids and stamps kept."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant, parse_int=_whole)
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
            f"this backup is version {shown}; this meetup-tracker reads versions 1 to {VERSION}",
            hint="upgrade meetup-tracker to import it",
        )
    if version == 1:
        document = _from_version_1(document)
    parsed = Parsed("json")
    parsed.backup = _read(document, parsed.bad)
    return parsed


def _read(document: dict[str, Any], bad: list[BadRecord]) -> Backup:
    """Every table the registry backs up, read and checked row by row."""
    from meetup_tracker.storage.registry import TABLES

    backup = Backup()
    ids: dict[str, set[int]] = {}  # each table's ids in the backup, for references
    for table in TABLES:
        if not table.backed_up or table.parent is not None or table.section is None:
            continue
        if table.mapping is not None:
            backup.settings = _settings(document.get(table.section), table)
            continue
        rows = _rows(document, table.section)
        counted: dict[int, int] = {}
        for row in rows:
            if isinstance(row, dict) and _is_int(row.get("id")):
                counted[row["id"]] = counted.get(row["id"], 0) + 1
        twice = {i for i, n in counted.items() if n > 1}
        found = []
        for number, item in enumerate(rows, start=1):
            what = f"{table.section.removesuffix('s')} {number}"
            try:
                row = _row(table, item, number, ids, twice)
            except (InvalidInput, KeyError) as exc:
                bad.append(BadRecord(number, f"{what}: {_why(exc)}"))
                continue
            found.append(row)
        backup.tables[table.name] = found
        ids[table.name] = {r.values["id"] for r in found if "id" in r.values}
    return backup


def _row(
    table: Table, raw: Any, number: int, ids: dict[str, set[int]], twice: set[int]
) -> TableRow:
    from meetup_tracker.storage.registry import children

    item = _object(raw, f"the {table.section.removesuffix('s') if table.section else 'row'}")
    values = _values(table, item, ids)
    if table.has_id:
        if "id" not in item:
            raise KeyError("id")
        if values["id"] in twice:
            raise InvalidInput(f"id {values['id']} is used twice")
    row = TableRow(number, values)
    for child in children(table.name):
        assert child.section is not None
        given = item.get(child.section) or []
        if not isinstance(given, list):
            raise InvalidInput(f"'{child.section}' is not a list")
        found = []
        for entry in given:
            if child.values is not None:
                entry = {child.values: entry}
            found.append(_values(child, _object(entry, f"one of its {child.section}"), ids))
        row.children[child.name] = found
    problem = table.problem(values, row.children)
    if problem:
        raise InvalidInput(problem)
    return row


def _values(table: Table, item: dict[str, Any], ids: dict[str, set[int]]) -> dict[str, Any]:
    """A row's columns as stored (checked), without those the restore works out itself."""
    from meetup_tracker.storage import rows

    skipped = {*table.derived, *(c for c, t in table.references.items() if t == table.parent)}
    wanted = [c for c in table.columns if c not in skipped and c != table.per_person]
    values = rows.check(table.model, {c: item.get(c) for c in wanted})
    for column, to in table.references.items():
        if column in skipped or values.get(column) is None:
            continue
        if to in ids and values[column] not in ids[to]:
            raise InvalidInput(f"its {column.replace('_', ' ')} {values[column]} is no {to}"
                               " in the backup")  # fmt: skip
    return values


def _settings(raw: Any, table: Table) -> dict[str, Any]:
    """The exporting person's settings: each checked as the model stores it (what each
    means is for the settings to say, on restore)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise FormatError(f"the backup's {table.section} is {_kind(raw)}, not an object")
    assert table.mapping is not None
    from meetup_tracker.storage import rows

    key, value = table.mapping
    settings = {}
    for name, given in raw.items():
        try:
            checked = rows.check(table.model, {key: name, value: given})
        except InvalidInput as exc:
            raise FormatError(f"the backup's setting '{name[:40]}': {exc}") from exc
        settings[checked[key]] = checked[value]
    return settings


def _why(exc: Exception) -> str:
    return f"'{exc.args[0]}' is missing" if isinstance(exc, KeyError) else str(exc)


def _rows(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FormatError(f"the backup's {key} is not a list")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    names: dict[type, str] = {dict: "an object", list: "a list", str: "text"}
    return names.get(type(value), type(value).__name__)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} is {_kind(value)}, not an object")
    return value


# --- version 1: the same data under a few other names


def _from_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """A version 1 backup in version 2's words: an interaction's `date` is `happened_on`, a
    trip's `start`, `end` and `from` are `starts_on`, `ends_on` and `origin` with its
    coordinates, stops are numbered, and home is kept as the text it is stored as."""
    converted = dict(document)
    converted["interactions"] = [
        _renamed(item, {"date": "happened_on"}) for item in _rows(document, "interactions")
    ]
    converted["trips"] = [_trip_v1(item) for item in _rows(document, "trips")]
    config = document.get("config")
    if isinstance(config, dict):
        converted["config"] = _config_v1(config)
    return converted


def _renamed(item: Any, names: dict[str, str]) -> Any:
    if not isinstance(item, dict):
        return item
    return {names.get(k, k): v for k, v in item.items()}


def _trip_v1(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    trip = _renamed(item, {"start": "starts_on", "end": "ends_on"})
    origin = trip.pop("from", None)
    if origin is not None:
        if not isinstance(origin, dict):
            raise FormatError(f"a trip's 'from' is {_kind(origin)}, not a place")
        trip.update(origin=origin.get("place"), origin_lat=origin.get("lat"),
                    origin_lon=origin.get("lon"))  # fmt: skip
    stops = trip.get("stops")
    if isinstance(stops, list):
        trip["stops"] = [
            {**stop, "position": n} if isinstance(stop, dict) else stop
            for n, stop in enumerate(stops, start=1)
        ]
    return trip


def _config_v1(config: dict[str, Any]) -> dict[str, Any]:
    """Version 1 wrote home as an object; it is stored as that object's JSON text."""
    converted = dict(config)
    home = config.get("home")
    if home is not None:
        if not isinstance(home, dict):
            raise FormatError(f"the backup's home is {_kind(home)}, not a place with coordinates")
        converted["home"] = json.dumps(home, ensure_ascii=False)
    return converted
