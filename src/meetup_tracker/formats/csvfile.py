"""meetup-tracker's own CSV: one contact per row, the columns `export csv` writes.

    id,name,city,lat,lon,handles,tags,since,note,company,position,met_in_person,last_met,
    interactions,last_interaction

`handles` and `tags` hold several values separated by `|` (handles as `platform:handle`).
Only `name` is required on import; `id` and the columns after `position` are ignored there.
Cells that a spreadsheet would run as a formula (starting with =, +, -, @) are written with a
leading `'`, which import takes off again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.csvrows import (
    cell,
    first_csv_row,
    parse_csv,
)
from meetup_tracker.formats.records import (
    ContactRecord,
    Parsed,
)
from meetup_tracker.handles import format_handle, parse_handle

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView

COLUMNS = (
    "id",
    "name",
    "city",
    "lat",
    "lon",
    "handles",
    "tags",
    "since",
    "note",
    "company",
    "position",
    "met_in_person",
    "last_met",
    "interactions",
    "last_interaction",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^[-+]?\d+(\.\d+)?$")


def looks_like(text: str) -> bool:
    """Our header: name and handles columns."""
    header = {c.strip() for c in first_csv_row(text)}
    return {"name", "handles"} <= header


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    if value.startswith(_FORMULA_START) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def _restore(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def parse(text: str) -> Parsed:
    """Rows as contacts."""
    return parse_csv(
        text,
        "csv",
        is_header=lambda index: "name" in index,
        reader=lambda index: lambda line, row: _record(line, [_restore(c) for c in row], index),
        not_this="this is not a meetup-tracker CSV: no 'name' column",
    )


def _record(line: int, row: list[str], index: dict[str, int]) -> ContactRecord:
    from meetup_tracker.dates import parse_date

    name = cell(row, index, "name")
    if not name:
        raise InvalidInput("no name")
    record = ContactRecord(line=line, name=name)
    handles = cell(row, index, "handles").split("|")
    record.handles = [parse_handle(h.strip()) for h in handles if h.strip()]
    record.tags = [t.strip() for t in cell(row, index, "tags").split("|") if t.strip()]
    record.city = cell(row, index, "city") or None
    lat, lon = cell(row, index, "lat"), cell(row, index, "lon")
    if lat or lon:
        try:
            record.lat, record.lon = float(lat), float(lon)
        except ValueError as exc:
            raise InvalidInput(f"lat/lon '{lat}', '{lon}' are not coordinates") from exc
        record.exact = True
    since = cell(row, index, "since")
    record.since = parse_date(since) if since else None
    record.note = cell(row, index, "note") or None
    record.company = cell(row, index, "company") or None
    record.position = cell(row, index, "position") or None
    return record


def write(contacts: Iterable[ContactView]) -> Iterator[str]:
    """One row per contact, formula-safe, a row at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for v in contacts:
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        values = [
            v.id,
            v.name,
            v.city,
            v.lat,
            v.lon,
            " | ".join(format_handle(h.platform, h.handle) for h in v.handles),
            " | ".join(v.tags),
            v.since,
            v.note,
            v.company,
            v.position,
            "yes" if v.met_in_person else "no",
            v.last_met,
            v.interactions,
            v.last_interaction,
        ]
        writer.writerow(["" if x is None else neutralise(str(x)) for x in values])
    yield out.getvalue()
