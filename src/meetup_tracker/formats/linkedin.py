"""LinkedIn's `Connections.csv` (Settings › Data privacy › Get a copy of your data).

The file opens with a `Notes:` line and a quoted note before the real header, so the header is
found by its content. Rows: First Name, Last Name, URL, Email Address, Company, Position,
Connected On ("07 Dec 2025"); the email is usually empty and blank rows happen.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    ContactRecord,
    Parsed,
    RowReader,
    csv_header_within,
    parse_csv,
)
from meetup_tracker.handles import parse_handle

REQUIRED = ("First Name", "Last Name", "URL")


def looks_like(text: str) -> bool:
    """A Notes: preamble, or the Connections header."""
    return csv_header_within(text, (*REQUIRED, "Connected On"))


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


@lru_cache(maxsize=8192)
def connected_on(value: str) -> date:
    """`07 Dec 2025` (LinkedIn's form), or any date form people type."""
    parts = value.split()
    if (
        len(parts) == 3
        and parts[1][:3].lower() in _MONTHS
        and parts[0].isdigit()
        and parts[2].isdigit()
    ):
        try:
            return date(int(parts[2]), _MONTHS[parts[1][:3].lower()], int(parts[0]))
        except ValueError:
            pass
    from meetup_tracker.dates import parse_date

    return parse_date(value)


def parse(text: str) -> Parsed:
    """Connections as contacts with a linkedin handle, email, company, position and since."""
    return parse_csv(
        text,
        "linkedin",
        is_header=lambda index: all(name in index for name in REQUIRED),
        reader=_reader,
        not_this="this is not LinkedIn's Connections.csv:"
        " no header with First Name, Last Name and URL",
        preamble=True,
    )


COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")


def _reader(index: dict[str, int]) -> RowReader:
    positions = [index.get(name) for name in COLUMNS]  # found once, for every row
    return lambda line, row: _record(line, row, positions)


def _record(line: int, row: list[str], positions: list[int | None]) -> ContactRecord:
    first, last, url, email, company, position, since = (
        row[p].strip() if p is not None and p < len(row) else "" for p in positions
    )
    name = " ".join(f"{first} {last}".split())
    if not name:
        raise InvalidInput("no first or last name")
    record = ContactRecord(line=line, name=name, company=company or None, position=position or None)
    if url:
        handle = parse_handle(url)
        if handle.platform != "linkedin":
            raise InvalidInput(f"URL '{url}' is not a LinkedIn profile")
        record.handles.append(handle)
    if email:
        record.handles.append(parse_handle(email, "email"))
    if since:
        record.since = connected_on(since)
    return record
