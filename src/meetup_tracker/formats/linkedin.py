"""LinkedIn's `Connections.csv` (Settings › Data privacy › Get a copy of your data).

The file opens with a `Notes:` line and a quoted note before the real header, so the header is
found by its content. Rows: First Name, Last Name, URL, Email Address, Company, Position,
Connected On ("07 Dec 2025"); the email is usually empty and blank rows happen. A member who
hides their profile comes as a row with only the date (`,,,,,,02 Jun 2022`): skipped and
counted, not an error. Exports of 2016-2018 have no URL column and write dates as `02/06/18`
or `6/2/2018` (month first, as LinkedIn's US site did).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    ContactRecord,
    Parsed,
    RowReader,
    cell,
    csv_header_within,
    parse_csv,
)
from meetup_tracker.handles import parse_handle

REQUIRED = ("First Name", "Last Name", "Connected On")
HIDDEN = "hidden LinkedIn member"


def looks_like(text: str) -> bool:
    """The Connections header, after its Notes: preamble or without one."""
    return csv_header_within(text, REQUIRED)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


@lru_cache(maxsize=8192)
def connected_on(value: str) -> date:
    """`07 Dec 2025` (LinkedIn's form), read quickly; else any date form people type, by the
    same rules as the command line: `02/06/18` and `6/2/2018`, LinkedIn's older form, are
    month first, and a two-digit year is read as `dates.full_year` reads it."""
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
        " no header with First Name, Last Name and Connected On",
        preamble=True,
        hidden=_hidden,
    )


def _hidden(row: list[str], index: dict[str, int]) -> str | None:
    """A member who hides their profile: no name, no URL, no email, only the date."""
    for column in ("First Name", "Last Name", "URL", "Email Address"):
        if cell(row, index, column):
            return None
    return HIDDEN if cell(row, index, "Connected On") else None


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
