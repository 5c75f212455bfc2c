"""What a parsed file holds: contacts, interactions and trips as plain records, and the rows
that could not be read (with their line numbers)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from meetup_tracker.errors import InvalidInput
from meetup_tracker.handles import Handle, parse_handle


class FormatError(InvalidInput):
    """The file as a whole is not in the format (wrong format, empty, cut short, not text)."""


# What an archive can say of an account, by the handle columns that keep it.
ARCHIVE = ("account_id", "exchanges", "first_exchange", "last_exchange", "following", "follower")
CONVERSATION = ("exchanges", "first_exchange", "last_exchange")
INVITATION = ("invitation", "invited_on")


@dataclass
class OnlineRecord:
    """What a file shows of one account you talked with: its id (a rename keeps it), how
    many exchanges, the first and the last, who follows whom, and who invited whom (LinkedIn).
    `speaks_for` names the handle columns the file knows (a messages file says nothing of
    invitations, and leaves them as they were)."""

    platform: str
    key: str  # the handle's key, as the contact record's handle has it ("": its only one)
    account_id: str | None = None
    exchanges: int = 0
    first: date | None = None
    last: date | None = None
    following: bool = False
    follower: bool = False
    invitation: str | None = None  # incoming (they invited you) or outgoing
    invited_on: date | None = None
    speaks_for: tuple[str, ...] = ARCHIVE

    def values(self) -> dict[str, object]:
        """The handle columns it gives, as stored (dates as ISO text)."""
        every: dict[str, object] = {
            "account_id": self.account_id,
            "exchanges": self.exchanges,
            "first_exchange": self.first.isoformat() if self.first else None,
            "last_exchange": self.last.isoformat() if self.last else None,
            "following": bool(self.following),
            "follower": bool(self.follower),
            "invitation": self.invitation,
            "invited_on": self.invited_on.isoformat() if self.invited_on else None,
        }
        return {column: every[column] for column in self.speaks_for}


@dataclass
class ContactRecord:
    """A contact as a file gives it. Places are text to resolve, or coordinates."""

    line: int
    name: str
    handles: list[Handle] = field(default_factory=list)
    city: str | None = None
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    since: date | None = None
    company: str | None = None
    position: str | None = None
    # Only a backup carries these: the place is taken as stored, and the ids and stamps kept.
    exact: bool = False
    source_id: int | None = None
    geonameid: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    online: list[OnlineRecord] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # a backup's other columns, as stored
    match_only: str | None = None  # why to skip it unless it matches a contact you have


@dataclass
class StopRecord:
    """A stop of a trip."""

    place: str
    lat: float | None = None
    lon: float | None = None
    arrive: date | None = None
    depart: date | None = None


@dataclass
class TripRecord:
    """A trip as a file gives it."""

    line: int
    name: str
    start: date
    end: date | None = None
    stops: list[StopRecord] = field(default_factory=list)
    origin: StopRecord | None = None
    note: str | None = None
    source_id: int | None = None
    created_at: str | None = None
    uid: str | None = None  # a calendar event's UID (and RECURRENCE-ID): the same trip again


@dataclass
class EventRecord:
    """An event at a place that a calendar gives (a concert, a meetup, a conference): a
    planned meeting with nobody yet. `last` is the last day of one that spans days (a
    conference's schedule), a trip rather than an event when it is away from home; `places`
    are the texts that may name where it is, the likeliest first."""

    line: int
    name: str
    on: date
    uid: str
    places: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    last: date | None = None
    repeat: str | None = None  # an event that repeats (RRULE words: FREQ=WEEKLY;INTERVAL=1)
    repeat_until: date | None = None


@dataclass
class TableRow:
    """A row a backup holds, its values checked as they would be stored, with the rows that
    belong to it (by table name; each without the column naming this row)."""

    line: int  # its place in its list, counted from 1, to name it in errors
    values: dict[str, Any]
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Backup:
    """What a backup holds: the rows of each top-level table, and settings."""

    tables: dict[str, list[TableRow]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class BadRecord:
    """A row that could not be read: where, and why."""

    line: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        """`{"line", "reason"}`."""
        return {"line": self.line, "reason": self.reason}


class Parsed:
    """Everything read from one file. A large file's contacts may come as a stream, read while
    they are imported (`records`), so the file's rows never sit in memory at once; `contacts`
    and `bad` read the whole stream when asked."""

    def __init__(
        self,
        format: str,
        *,
        stream: Iterator[ContactRecord | BadRecord] | None = None,
        estimate: int = 0,
    ) -> None:
        self.format = format
        self._contacts: list[ContactRecord] = []
        self._bad: list[BadRecord] = []
        self._stream = stream
        self.estimate = estimate  # rows a stream holds, about: for the progress bar
        self.trips: list[TripRecord] = []
        self.events: list[EventRecord] = []  # a calendar's events at a place
        self.backup: Backup | None = None  # what a backup holds, table by table
        self.notes: list[BadRecord] = []  # what was read around (a broken GEO)
        self.skipped: list[BadRecord] = []  # rows that are nobody to import
        self.unnamed_accounts = 0  # accounts talked with that the file never names

    def _drain(self) -> None:
        stream, self._stream = self._stream, None
        for item in stream or ():
            if isinstance(item, BadRecord):
                self._bad.append(item)
            else:
                self._contacts.append(item)

    @property
    def streaming(self) -> bool:
        """Whether the contacts are still to be read (bad rows come among them)."""
        return self._stream is not None

    @property
    def contacts(self) -> list[ContactRecord]:
        """Every contact record (the whole stream, read now)."""
        self._drain()
        return self._contacts

    @contacts.setter
    def contacts(self, value: list[ContactRecord]) -> None:
        self._drain()
        self._contacts = list(value)

    @property
    def bad(self) -> list[BadRecord]:
        """Rows that could not be read, with their lines (the whole stream, read now)."""
        self._drain()
        return self._bad

    def records(self) -> Iterator[ContactRecord | BadRecord]:
        """The contacts, and for a stream the bad rows among them, in the file's order, each
        read once."""
        if self._stream is None:
            yield from self._contacts
            return
        stream, self._stream = self._stream, None
        yield from stream

    @property
    def size(self) -> int:
        """How many records there are to save (about, for a stream)."""
        contacts = self.estimate if self._stream is not None else len(self._contacts)
        rows = sum(len(t) for t in self.backup.tables.values()) if self.backup else 0
        return contacts + rows + len(self.trips) + len(self.events)


def lenient_handles(values: Iterable[tuple[str | None, str]]) -> list[Handle]:
    """Handles from an address book, each once: a value that cannot be one is left out, since
    phones and URLs there are often notes rather than accounts."""
    handles: list[Handle] = []
    for platform, value in values:
        try:
            handle = parse_handle(value, platform) if platform else _web_handle(value)
        except InvalidInput:
            continue
        if all((h.platform, h.key) != (handle.platform, handle.key) for h in handles):
            handles.append(handle)
    return handles


# Address books' own groups, not the user's labels.
SYSTEM_LABELS = frozenset(
    {"mycontacts", "my contacts", "starred", "other contacts", "friends & family"}
)


def user_tags(labels: Iterable[str]) -> list[str]:
    """Labels as tags, without the address book's system groups (`* myContacts`, `starred`)."""
    return [
        t for t in labels if t.strip().lstrip("* ").casefold() not in SYSTEM_LABELS and t.strip()
    ]


def _web_handle(value: str) -> Handle:
    """A web address from a URL field: a profile URL names its platform; `example.org`,
    written without https://, is a website."""
    try:
        return parse_handle(value)
    except InvalidInput:
        return parse_handle(value, "website")


MAX_FILE_BYTES = 256 * 1024 * 1024  # the largest file an import reads (documented)
MAX_LINE_BYTES = 1024 * 1024  # the longest line: a file with longer ones has no line ends
# vCard and iCalendar fold long lines at 75 octets, sometimes inside a UTF-8 character: they
# are unfolded before decoding, so the character is whole again.
_FOLD_RE = re.compile(rb"\r?\n[ \t]")
_FOLDED_START_RE = re.compile(rb"^\s*BEGIN:(?:VCARD|VCALENDAR)", re.IGNORECASE)


def read_limited(stream: BinaryIO, source: str) -> bytes:
    """A file's bytes, up to MAX_FILE_BYTES: a larger file, or input without an end
    (`/dev/zero`), is refused once it passes the limit, or at once if it is not text."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            return b"".join(chunks)
        binary = b"\x00" * 8 in chunk[:65536] and not _utf16_without_bom(chunk[:4096])
        if not chunks and binary and not chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FormatError(
                f"{source} is not a text file", hint="give a CSV, vCard, iCalendar or JSON file"
            )
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FormatError(
                f"{source} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
                hint="split it, or export less at a time",
            )
        chunks.append(chunk)


def read_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """A file's bytes as text, its encoding detected: UTF-8 with or without a BOM, UTF-16 with
    or without a BOM, else Windows-1252 (which reads Latin-1 too); `encoding` overrides.
    Line ends come out as written, but for the CR CR LF some iPhone exports write."""
    if not data.strip(b" \t\r\n\x00"):
        raise FormatError(f"{source} is empty")
    if _has_long_line(data):
        raise FormatError(
            f"{source} has a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB",
            hint="this is not a contacts, calendar or backup file",
        )
    if encoding is not None:
        return _decoded(data, encoding, source)
    if data.startswith(b"\xef\xbb\xbf"):
        return _decoded(data[3:], "utf-8", source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decoded(data, "utf-16", source)
    sixteen = _utf16_without_bom(data[:4096])
    if sixteen:
        return _decoded(data, sixteen, source)
    if b"\x00" in data[:4096]:
        raise FormatError(
            f"{source} is not a text file", hint="give a CSV, vCard, iCalendar or JSON file"
        )
    if _FOLDED_START_RE.match(data[:200]):
        data = _FOLD_RE.sub(b"", data.replace(b"\r\r\n", b"\r\n"))
    try:
        return _decoded(data, "utf-8", source, strict=True)
    except UnicodeDecodeError:
        pass
    try:
        return _decoded(data, "cp1252", source, strict=True)
    except UnicodeDecodeError:
        return _decoded(data, "latin-1", source)


def _has_long_line(data: bytes, limit: int = MAX_LINE_BYTES) -> bool:
    """Whether some line is longer than the limit: each line end is looked for only within
    the limit after the last (a regular expression would try every byte)."""
    end_of_line = b"\n" if b"\n" in data[:65536] or b"\r" not in data[:65536] else b"\r"
    start, size = 0, len(data)
    while size - start > limit:
        found = data.find(end_of_line, start, start + limit + 1)
        if found < 0:
            return True
        start = found + 1
    return False


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 written without a BOM: text in Latin letters has a NUL in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decoded(data: bytes, encoding: str, source: str, *, strict: bool = False) -> str:
    try:
        text = data.decode(encoding)
    except LookupError as exc:
        raise FormatError(
            f"'{encoding}' is not a text encoding", hint="try utf-8 or cp1252"
        ) from exc
    except UnicodeDecodeError as exc:
        if strict:
            raise
        raise FormatError(
            f"{source} is not {encoding} text (byte {exc.start} is not)",
            hint="name its encoding with --encoding, e.g. --encoding cp1252",
        ) from exc
    text = text.removeprefix("\ufeff")
    return text.replace("\r\r\n", "\r\n") if "\r\r\n" in text else text
