"""LinkedIn's `Connections.csv` (Settings › Data privacy › Get a copy of your data); the
export's `messages.csv` and `Invitations.csv` are `linkedin_messages.py`'s.

The file opens with a `Notes:` line and a quoted note before the real header, so the header is
found by its content. Rows: First Name, Last Name, URL, Email Address, Company, Position,
Connected On ("07 Dec 2025"); the email is usually empty and blank rows happen. A member who
hides their profile comes as a row with only the date (`,,,,,,02 Jun 2022`): skipped and
counted, not an error. Exports of 2016-2018 have no URL column and write dates as `02/06/18`
or `6/2/2018` (month first, as LinkedIn's US site did). Some exports put a member id
(`urn:li:member:123`) where the email goes: left out, the row kept.

A file re-saved by a spreadsheet keeps its columns but not its forms: dates become `9-Sep-22`
or `09/09/2022` (day first wherever one of them says so, or where the separator is a
semicolon, as European spreadsheets write it; month first otherwise).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.csvrows import (
    RowReader,
    cell,
    csv_header_within,
    delimiter,
    first_csv_row,
    parse_csv,
)
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    Parsed,
)
from meetup_tracker.handles import parse_handle

REQUIRED = ("First Name", "Last Name", "Connected On")
HIDDEN = "hidden LinkedIn member"
MEMBER_IDS = "the Email Address column held LinkedIn member ids (urn:li:member:...): left out"
_NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


def looks_like(text: str) -> bool:
    """The Connections header, after its Notes: preamble or without one (or without its name
    columns, to be refused saying so); or the export's messages.csv or Invitations.csv."""
    from meetup_tracker.formats.linkedin_messages import kind

    return (
        csv_header_within(text, REQUIRED)
        or csv_header_within(text, ("URL", "Connected On"))
        or kind({c.strip() for c in first_csv_row(text)}) is not None
    )


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


@lru_cache(maxsize=8192)
def connected_on(value: str, day_first: bool = False) -> date:
    """`07 Dec 2025` (LinkedIn's form) or `9-Sep-22` (a spreadsheet's), read quickly; `09/09/
    2022` day first when `day_first`; else any date form people type, by the same rules as
    the command line: `02/06/18` and `6/2/2018`, LinkedIn's older form, are month first, and a
    two-digit year is read as `dates.full_year` reads it."""
    from meetup_tracker.dates import full_year, parse_date

    parts = value.replace("-", " ").split()
    if (
        len(parts) == 3
        and parts[1][:3].lower() in _MONTHS
        and parts[0].isdigit()
        and parts[2].isdigit()
    ):
        year = int(parts[2]) if len(parts[2]) == 4 else full_year(int(parts[2]))
        try:
            return date(year, _MONTHS[parts[1][:3].lower()], int(parts[0]))
        except ValueError:
            pass
    m = _NUMERIC_DATE_RE.match(value.strip())
    if m and day_first:
        day, month, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
        year = int(year_text) if len(year_text) == 4 else full_year(int(year_text))
        try:
            return date(year, month, day)
        except ValueError:
            pass
    return parse_date(value)


def _day_first(text: str) -> bool:
    """Whether a file's numeric dates put the day first: one of them says so (`13/09/2022`,
    or any with dots), or none says otherwise and the file is a European spreadsheet's (its
    separator a semicolon)."""
    sample = text[:5_000_000]
    if re.search(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])", sample):
        return True
    pairs = re.findall(r"(?<![\d/])(\d{1,2})/(\d{1,2})/\d{2,4}(?![\d/])", sample)
    if any(int(first) > 12 for first, _ in pairs):
        return True
    if any(int(second) > 12 for _, second in pairs):
        return False
    return delimiter(text) == ";"


def parse(text: str) -> Parsed:
    """Connections as contacts with a linkedin handle, email, company, position and since;
    messages.csv and Invitations.csv as what they say of your connections."""
    from meetup_tracker.formats import linkedin_messages

    found = linkedin_messages.kind({c.strip() for c in first_csv_row(text)})
    if found == "messages":
        return linkedin_messages.parse_messages(text)
    if found == "invitations":
        return linkedin_messages.parse_invitations(text)
    if csv_header_within(text, ("URL", "Connected On")) and not csv_header_within(text, REQUIRED):
        raise FormatError(
            "this LinkedIn Connections.csv has no First Name and Last Name columns",
            hint="export it again from LinkedIn, or put the name columns back",
        )
    day_first = _day_first(text)
    notes: list[BadRecord] = []  # the parsed file's, said while its rows are read
    parsed = parse_csv(
        text,
        "linkedin",
        is_header=lambda index: all(name in index for name in REQUIRED),
        reader=lambda index: _reader(index, day_first, notes),
        not_this="this is not LinkedIn's Connections.csv:"
        " no header with First Name, Last Name and Connected On",
        preamble=True,
        hidden=_hidden,
    )
    parsed.notes = notes
    return parsed


def _hidden(row: list[str], index: dict[str, int]) -> str | None:
    """A member who hides their profile: no name, no URL, no email, only the date."""
    for column in ("First Name", "Last Name", "URL", "Email Address"):
        if cell(row, index, column):
            return None
    return HIDDEN if cell(row, index, "Connected On") else None


COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")


def _reader(index: dict[str, int], day_first: bool, notes: list[BadRecord]) -> RowReader:
    positions = [index.get(name) for name in COLUMNS]  # found once, for every row
    return lambda line, row: _record(line, row, positions, day_first, notes)


def _record(
    line: int,
    row: list[str],
    positions: list[int | None],
    day_first: bool,
    notes: list[BadRecord],
) -> ContactRecord:
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
    if email.lower().startswith("urn:li:"):
        if all(n.reason != MEMBER_IDS for n in notes):
            notes.append(BadRecord(0, MEMBER_IDS))
    elif email:
        record.handles.append(parse_handle(email, "email"))
    if since:
        record.since = connected_on(since, day_first)
    return record
