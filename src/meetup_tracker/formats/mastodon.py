"""Mastodon's exports (Preferences › Import and export › Data export).

`following_accounts.csv`: `Account address,Show boosts,Notify on new posts,Languages`, or, as
older Mastodon versions and other servers write it, one address a line with no header. Each
followed account becomes a contact named by its address until you rename them.

`lists.csv` (a list's title, then an address, no header) is imported too: each list is a tag on
the accounts in it. The other exports name accounts that are not people you follow:
`muted_accounts.csv` (`Account address,Hide notifications`), `blocked_accounts.csv` (one address
a line: told from an old following list by its file name only) and `bookmarks.csv` (one post's
address a line); they are refused.
"""

from __future__ import annotations

import re

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.csvrows import (
    RowReader,
    cell,
    csv_rows,
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

_ADDRESS_RE = re.compile(r"^@?[A-Za-z0-9_.-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_POST_URL_RE = re.compile(r"^https?://[^/\s]+/(?:@[^/\s]+|users/[^/\s]+/statuses)/\d+/?$")
NOT_FOLLOWING = "this is Mastodon's {what}, not a list of people you follow"


def _kind(text: str, source: str = "") -> str | None:
    """Which Mastodon export a text is: following, lists, muted, blocked, bookmarks; None if
    it is none of them."""
    name = source.rsplit("/", 1)[-1].lower()
    for what in ("muted", "blocked", "bookmarks"):
        if name.startswith(what):
            return what
    header = [c.strip() for c in first_csv_row(text)]
    if "Account address" in header:
        return "muted" if "Hide notifications" in header else "following"
    if len(header) == 1 and _ADDRESS_RE.match(header[0]):
        return "following"
    if len(header) == 2 and _ADDRESS_RE.match(header[1]) and not _ADDRESS_RE.match(header[0]):
        return "lists"
    if len(header) == 1 and _POST_URL_RE.match(header[0]):
        return "bookmarks"
    return None


def looks_like(text: str) -> bool:
    """Any of Mastodon's account exports (refused later if it is not about people you follow)."""
    return _kind(text) is not None


def parse(text: str, source: str = "") -> Parsed:
    """Followed accounts (or a list's members, tagged with the list) as contacts with a
    mastodon handle."""
    kind = _kind(text, source)
    files = {
        "muted": "muted_accounts.csv",
        "blocked": "blocked_accounts.csv",
        "bookmarks": "bookmarks.csv",
    }
    if kind in files:
        raise FormatError(NOT_FOLLOWING.format(what=files[kind]))
    if kind == "lists":
        return _lists(text)
    header = [c.strip() for c in first_csv_row(text)]
    if header and _ADDRESS_RE.match(header[0]):
        return _headerless(text)
    return parse_csv(
        text,
        "mastodon",
        is_header=lambda index: "Account address" in index,
        reader=_reader,
        not_this="this is not Mastodon's following_accounts.csv: no 'Account address' column",
    )


def _account(line: int, address: str, tags: list[str] | None = None) -> ContactRecord:
    if not address:
        raise InvalidInput("no account address")
    handle = parse_handle(address, "mastodon")
    return ContactRecord(line=line, name=handle.handle, handles=[handle], tags=tags or [])


def _reader(index: dict[str, int]) -> RowReader:
    return lambda line, row: _account(line, cell(row, index, "Account address"))


def _rows(text: str, fmt: str, read: RowReader) -> Parsed:
    parsed = Parsed(fmt)
    for line, row in csv_rows(text):
        if not any(c.strip() for c in row):
            continue
        try:
            parsed.contacts.append(read(line, [c.strip() for c in row]))
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(line, str(exc)))
    return parsed


def _headerless(text: str) -> Parsed:
    """One address a line, as older servers write following_accounts.csv."""
    return _rows(text, "mastodon", lambda line, row: _account(line, row[0]))


def _lists(text: str) -> Parsed:
    """lists.csv: `List title,user@host` a line; the list's title becomes a tag."""

    def read(line: int, row: list[str]) -> ContactRecord:
        if len(row) < 2:
            raise InvalidInput("a list row needs a title and an account address")
        return _account(line, row[1], [row[0]] if row[0] else [])

    return _rows(text, "mastodon", read)
