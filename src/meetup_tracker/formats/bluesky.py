"""Bluesky's repository export (Settings › Account › Export my data): `repo.car`, a CAR v1 file
of DAG-CBOR blocks, read block by block (cbor2 decodes each), never whole.

A CAR file is a header (a varint length, then a DAG-CBOR map of `version` and `roots`) and
blocks, each a varint length, a CID and the block's bytes. The blocks are the repository's
commit (its owner's `did`), the nodes of its Merkle search tree, and the records, each a map
with its `$type`: `app.bsky.feed.post` (its `text`, `createdAt`, `facets` whose mention
features name a `did` at a byte range of the text, and a `reply` whose parent's `at://` URI
names the DID replied to), `app.bsky.graph.follow` (a `subject` DID), and others (likes,
reposts, the profile) that are no conversation.

The people you mentioned or replied to become contacts with a `bluesky` handle, their DID kept
as the account id (a later rename still matches): the handle is the text of your own post at
the mention's byte range. Someone you only replied to, never mentioned, has no handle in the
export: counted, not imported. `since` is the first exchange; follows are counted like
Twitter's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    OnlineRecord,
    Parsed,
)
from meetup_tracker.handles import parse_handle

MAX_BLOCK = 2 * 1024 * 1024  # a repository's blocks are records and tree nodes: kilobytes
NEVER_TALKED = "followed account you never talked with"
POST = "app.bsky.feed.post"
FOLLOW = "app.bsky.graph.follow"
MENTION = "app.bsky.richtext.facet#mention"


def looks_like(head: bytes) -> bool:
    """Whether bytes begin a CAR file: a varint, then a DAG-CBOR map holding `roots`."""
    try:
        length, start = _varint(head, 0)
    except FormatError:
        return False
    return 0 < length < 4096 and b"roots" in head[start : start + length]


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """An unsigned LEB128 integer at a position, and the position after it."""
    value = shift = 0
    while True:
        if position >= len(data):
            raise FormatError("the CAR file is cut short (in a length)")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
        if shift > 63:
            raise FormatError("this is not a CAR file (a length that never ends)")


def _read_varint(file: IO[bytes]) -> int | None:
    """The next varint of a stream; None at its clean end."""
    value = shift = 0
    first = True
    while True:
        byte = file.read(1)
        if not byte:
            if first:
                return None
            raise FormatError("the CAR file is cut short (in a block's length)")
        first = False
        value |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return value
        shift += 7
        if shift > 63:
            raise FormatError("this is not a CAR file (a length that never ends)")


def _cid_length(block: bytes) -> int:
    """How many bytes of a block are its CID (v0: a bare sha2-256 multihash; v1: version,
    codec, then the multihash)."""
    if block[:2] == b"\x12\x20":
        return 34
    position = 0
    for _ in range(3):  # version, codec, hash function
        _, position = _varint(block, position)
    digest, position = _varint(block, position)
    return position + digest


def _blocks(file: IO[bytes]) -> Iterator[bytes]:
    """Each block's data (without its CID), after the header is checked."""
    import cbor2

    header_length = _read_varint(file)
    if header_length is None or not 0 < header_length < 4096:
        raise FormatError("this is not a CAR file (no header)")
    try:
        header = cbor2.loads(file.read(header_length))
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise FormatError(f"this is not a CAR file: {exc}") from exc
    if not isinstance(header, dict) or header.get("version") != 1 or "roots" not in header:
        raise FormatError("this is not a CAR v1 file (its header has no version 1 and roots)")
    while True:
        length = _read_varint(file)
        if length is None:
            return
        if not 0 < length <= MAX_BLOCK:
            raise FormatError(f"the CAR file has a block of {length:,} bytes: not a repository")
        data = file.read(length)
        if len(data) < length:
            raise FormatError("the CAR file is cut short (in a block)")
        try:
            yield data[_cid_length(data) :]
        except FormatError as exc:
            raise FormatError("the CAR file has a block without a readable CID") from exc


@dataclass
class _Talk:
    did: str
    handle: str | None = None
    exchanges: int = 0
    first: date | None = None
    last: date | None = None
    named_on: date | None = None

    def seen(self, day: date, handle: str | None) -> None:
        self.exchanges += 1
        self.first = min(self.first or day, day)
        self.last = max(self.last or day, day)
        if handle and (self.named_on is None or day >= self.named_on):
            self.handle, self.named_on = handle, day


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def _dict_get(data: dict[str, Any], key: str, default: Any) -> Any:
    """A value of a record, when it has the default's type (records are other people's)."""
    value = data.get(key)
    return value if isinstance(value, type(default)) else default


def _did_of(uri: Any) -> str | None:
    """The DID in an `at://did:plc:.../app.bsky.feed.post/...` URI."""
    if isinstance(uri, str) and uri.startswith("at://did:"):
        return uri[5:].split("/", 1)[0]
    return None


def _mentions(post: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(DID, handle) of each account a post mentions: the handle is the post's own text at the
    mention's byte range, without its @."""
    raw = _dict_get(post, "text", "").encode("utf-8")
    found = []
    for facet in post.get("facets") or []:
        if not isinstance(facet, dict):
            continue
        index = _dict_get(facet, "index", {})
        start, end = index.get("byteStart"), index.get("byteEnd")
        for feature in facet.get("features") or []:
            if not isinstance(feature, dict) or feature.get("$type") != MENTION:
                continue
            did = feature.get("did")
            if not isinstance(did, str):
                continue
            handle = None
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw):
                handle = raw[start:end].decode("utf-8", "replace").lstrip("@").strip() or None
            found.append((did, handle))
    return found


def parse_repo(path: Path) -> Parsed:
    """The people you talked with, from a Bluesky repository export."""
    try:
        with path.open("rb") as file:
            return _parse(file)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc


def _parse(file: IO[bytes]) -> Parsed:
    import cbor2

    owner: str | None = None
    talks: dict[str, _Talk] = {}
    follows: set[str] = set()
    for data in _blocks(file):
        try:
            record = cbor2.loads(data)
        except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise FormatError(f"the CAR file has a block that is not DAG-CBOR: {exc}") from exc
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("did"), str) and "sig" in record and "data" in record:
            owner = record["did"]  # the commit
            continue
        kind = record.get("$type")
        if kind == FOLLOW and isinstance(record.get("subject"), str):
            follows.add(record["subject"])
        elif kind == POST:
            _post(record, talks)
    parsed = Parsed("bluesky")
    for line, talk in enumerate(sorted(talks.values(), key=lambda t: t.handle or ""), 1):
        if talk.did == owner or talk.first is None:
            continue  # a thread of your own
        if not talk.handle:
            parsed.unnamed_accounts += 1  # replied to, never mentioned: no handle here
            continue
        try:
            handle = parse_handle(talk.handle, "bluesky")
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(0, f"repo.car, {talk.did}: @{talk.handle}: {exc}"))
            continue
        parsed.contacts.append(
            ContactRecord(
                line=line,
                name=handle.handle,
                handles=[handle],
                since=talk.first,
                online=[
                    OnlineRecord(
                        platform="bluesky",
                        key=handle.key,
                        account_id=talk.did,
                        exchanges=talk.exchanges,
                        first=talk.first,
                        last=talk.last,
                        following=talk.did in follows,
                    )
                ],
            )
        )
    talked = {t.did for t in talks.values() if t.exchanges}
    for _ in follows - talked - {owner}:
        parsed.skipped.append(BadRecord(0, NEVER_TALKED))
    return parsed


def _post(post: dict[str, Any], talks: dict[str, _Talk]) -> None:
    day = _day(post.get("createdAt"))
    if day is None:
        return
    people: dict[str, str | None] = {}
    for did, handle in _mentions(post):
        people[did] = people.get(did) or handle
    parent = _dict_get(_dict_get(post, "reply", {}), "parent", {})
    replied = _did_of(parent.get("uri"))
    if replied:
        people.setdefault(replied, None)
    for did, handle in people.items():
        talks.setdefault(did, _Talk(did)).seen(day, handle)
