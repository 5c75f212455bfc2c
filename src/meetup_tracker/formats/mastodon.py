"""Mastodon's `following_accounts.csv` (Preferences › Import and export › Data export).

Columns: Account address, Show boosts, Notify on new posts, Languages. The file names accounts
only, so each contact is named by its address until you rename them.
"""

from __future__ import annotations

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    ContactRecord,
    Parsed,
    RowReader,
    cell,
    first_csv_row,
    parse_csv,
)
from meetup_tracker.handles import parse_handle


def looks_like(text: str) -> bool:
    """The export's header names the account address first."""
    return "Account address" in {c.strip() for c in first_csv_row(text)}


def parse(text: str) -> Parsed:
    """Followed accounts as contacts with a mastodon handle."""
    return parse_csv(
        text,
        "mastodon",
        is_header=lambda index: "Account address" in index,
        reader=_reader,
        not_this="this is not Mastodon's following_accounts.csv: no 'Account address' column",
    )


def _reader(index: dict[str, int]) -> RowReader:
    def read(line: int, row: list[str]) -> ContactRecord:
        address = cell(row, index, "Account address")
        if not address:
            raise InvalidInput("no account address")
        handle = parse_handle(address, "mastodon")
        return ContactRecord(line=line, name=handle.handle, handles=[handle])

    return read
