"""Google Contacts CSV (contacts.google.com › Export › Google CSV).

UTF-8 with a BOM. Names in First/Middle/Last Name (older exports: Name, Given Name, Family
Name); `E-mail 1 - Value`, `Phone 1 - Value`, `Website 1 - Value`, `Address 1 - City`,
`Labels` (older: `Group Membership`), with several values in one cell joined by ` ::: `.
"""

from __future__ import annotations

import re

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    ContactRecord,
    Parsed,
    cell,
    first_csv_row,
    lenient_handles,
    parse_csv,
    user_tags,
)

SEPARATOR = " ::: "
_NUMBERED = re.compile(r"^(E-mail|Phone|Website|Address|Relation|Event|IM) (\d+) - (.+)$")


def looks_like(text: str) -> bool:
    """Google's numbered value columns."""
    header = {c.strip() for c in first_csv_row(text)}
    return (
        "E-mail 1 - Value" in header
        or ("Labels" in header and "First Name" in header)
        or ("Given Name" in header and "Group Membership" in header)
    )


def parse(text: str) -> Parsed:
    """Every row with a name as a contact."""
    return parse_csv(
        text,
        "google",
        is_header=lambda index: bool({"First Name", "Name", "Given Name"} & set(index)),
        reader=lambda index: lambda line, row: _record(line, row, index),
        not_this="this is not a Google Contacts CSV: no First Name or Name column",
    )


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(SEPARATOR) if v.strip()]


def _numbered(index: dict[str, int], kind: str, field: str) -> list[str]:
    """Columns such as `E-mail 1 - Value`, `E-mail 2 - Value`, in order."""
    found = []
    for name in index:
        m = _NUMBERED.match(name)
        if m and m.group(1) == kind and m.group(3) == field:
            found.append((int(m.group(2)), name))
    return [name for _, name in sorted(found)]


def _record(line: int, row: list[str], index: dict[str, int]) -> ContactRecord:
    parts = [
        cell(row, index, c)
        for c in ("Name Prefix", "First Name", "Middle Name", "Last Name", "Name Suffix")
    ]
    name = " ".join(" ".join(parts).split()) or cell(row, index, "Name")
    if not name:
        given = [cell(row, index, c) for c in ("Given Name", "Additional Name", "Family Name")]
        name = " ".join(" ".join(given).split())
    name = name or cell(row, index, "Nickname") or cell(row, index, "Organization Name")
    name = name or cell(row, index, "Organization 1 - Name")
    if not name:
        raise InvalidInput("no name")
    record = ContactRecord(line=line, name=name)
    values: list[tuple[str | None, str]] = []
    for column in _numbered(index, "E-mail", "Value"):
        values += [("email", v) for v in _split(cell(row, index, column))]
    for column in _numbered(index, "Phone", "Value"):
        values += [("phone", v) for v in _split(cell(row, index, column))]
    for column in _numbered(index, "Website", "Value"):
        values += [(None, v) for v in _split(cell(row, index, column))]
    record.handles = lenient_handles(values)
    cities = _numbered(index, "Address", "City")
    if cities:
        number = cities[0].split(" ")[1]
        record.city = (
            _split(cell(row, index, cities[0]))[:1][0] if cell(row, index, cities[0]) else None
        )
        record.region = cell(row, index, f"Address {number} - Region").split(SEPARATOR)[0] or None
        record.country = cell(row, index, f"Address {number} - Country").split(SEPARATOR)[0] or None
    labels = cell(row, index, "Labels") or cell(row, index, "Group Membership")
    record.tags = user_tags(_split(labels))
    record.note = cell(row, index, "Notes") or None
    company = cell(row, index, "Organization Name") or cell(row, index, "Organization 1 - Name")
    title = cell(row, index, "Organization Title") or cell(row, index, "Organization 1 - Title")
    record.company = _split(company)[0] if _split(company) else None
    record.position = _split(title)[0] if _split(title) else None
    return record
