"""Mastodon's `following_accounts.csv` (Preferences › Import and export › Data export).

Columns: Account address, Show boosts, Notify on new posts, Languages. The file names accounts
only, so each contact is named by its address until you rename them.
"""

from __future__ import annotations

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    Parsed,
    cell,
    csv_rows,
    first_csv_row,
    header_index,
)
from meetup_tracker.handles import parse_handle


def looks_like(text: str) -> bool:
    """The export's header names the account address first."""
    return "Account address" in {c.strip() for c in first_csv_row(text)}


def parse(text: str) -> Parsed:
    """Followed accounts as contacts with a mastodon handle."""
    parsed = Parsed("mastodon")
    index: dict[str, int] | None = None
    for line, row in csv_rows(text):
        if index is None:
            index = header_index(row)
            if "Account address" not in index:
                raise FormatError(
                    "this is not Mastodon's following_accounts.csv: no 'Account address' column"
                )
            continue
        address = cell(row, index, "Account address")
        if not address and not any(c.strip() for c in row):
            continue
        try:
            if not address:
                raise InvalidInput("no account address")
            handle = parse_handle(address, "mastodon")
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(line, str(exc)))
            continue
        parsed.contacts.append(ContactRecord(line=line, name=handle.handle, handles=[handle]))
    if index is None:
        raise FormatError("this is not Mastodon's following_accounts.csv: it has no rows")
    return parsed
