"""The contacts stage of an import: records saved in batches; each batch's look-ups are a few
set-wise queries, its rows inserted in bulk, so an import costs the same per row at 30 or
400,000 rows, never a query per row, and memory stays that of one batch (plus the file).

Matching, in order: a handle (a phone or a website only where the names agree, as families,
offices and a shop's staff share one); an account id (a renamed account); then a name, where
exactly one contact that was there before this import has it, in no other city, with no other
account on a platform where people have one. A match gains the record's new handles and tags
and fills its blank fields; nothing already there is overwritten.

Names are looked up only for the records no handle or account matched, and namesakes are
first read with their city alone: a network where many people share a name costs a row per
namesake, never their handles and tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    ARCHIVE,
    INVITATION,
    BadRecord,
    ContactRecord,
    OnlineRecord,
)
from meetup_tracker.handles import fold
from meetup_tracker.models import Contact, Handle, Tag
from meetup_tracker.services.validators import (
    check_day,
    check_point,
    clean_name,
    clean_tags,
    clean_text,
)
from meetup_tracker.storage import rows
from meetup_tracker.storage.sql import chunks, marks
from meetup_tracker.text import tag_key

if TYPE_CHECKING:
    from meetup_tracker.services.import_job import ImportJob
    from meetup_tracker.services.places import PlaceCache
    from meetup_tracker.storage.rows import Checked

BATCH = 2000
# A phone is shared by families and offices, a web address by a shop's or a company's people:
# either matches a contact only if the names agree.
WEAK_PLATFORMS = frozenset({"phone", "website"})
# Platforms where a person has one account: another one there means another person.
ONE_PER_PERSON = frozenset({"linkedin", "twitter", "github", "mastodon", "bluesky", "instagram"})
FIELDS = ("city", "lat", "lon", "note", "since", "company", "position")
ONLINE = (*ARCHIVE, *INVITATION)  # a handle's columns of what files say about the account
NO_ONLINE = dict.fromkeys(ARCHIVE) | {"exchanges": 0, "following": False, "follower": False}
_FLAGS = ("following", "follower")
AUTHORS = ("created_by", "updated_by")


def _widened(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """What a file says of a conversation, joined to what was known: an older export read
    after a newer one never takes exchanges away (the most counted, the first of the firsts,
    the last of the lasts)."""
    joined = dict(given)
    if "exchanges" in given and current.get("exchanges"):
        joined["exchanges"] = max(given["exchanges"] or 0, current["exchanges"])
    for column, pick in (("first_exchange", min), ("last_exchange", max)):
        known = [v for v in (given.get(column), current.get(column)) if v]
        if column in given and known:
            joined[column] = pick(known)
    return joined


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Row:
    """A contact record, cleaned and checked; `fields` in the order of FIELDS; `extra`, the
    other columns a backup carries (kept as they are on a new contact, filling blanks on a
    match); `values`, the contact's row as it would be stored."""

    name: str
    name_key: str
    tags: list[str]
    geonameid: int | None
    fields: list[Any]
    extra: dict[str, Any]
    values: Checked


@dataclass
class _Known:
    """What the database holds about one batch's records."""

    by_handle: dict[tuple[str, str], int] = field(default_factory=dict)
    by_account: dict[tuple[str, str], int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    cities: dict[int, str | None] = field(default_factory=dict)  # of namesakes
    name_keys: dict[int, str] = field(default_factory=dict)
    fields: dict[int, list[Any]] = field(default_factory=dict)
    extra: dict[int, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[int, dict[str, set[str]]] = field(default_factory=dict)
    tags: dict[int, set[str]] = field(default_factory=dict)
    online: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


class ContactImport:
    """Matches and saves contact records, a batch at a time."""

    def __init__(self, job: ImportJob, places: PlaceCache) -> None:
        self.job = job
        self.places = places
        self.counts = job.summary.contacts
        self.mapping: dict[int, int] = {}  # a backup's contact id -> the id here
        # Names match only contacts that were here before: two rows of one file with the
        # same name may be two people.
        self.before = job.conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]
        self.next_id = self.before + 1
        self.taken: set[int] = set()  # ids given in this import
        # The columns a backup may carry beyond those every file gives.
        ordinary = {*FIELDS, "id", "name", "name_key", "geonameid", "created_at", "updated_at"}
        self.extra_columns = [c for c in Contact.model_fields if c not in ordinary | set(AUTHORS)]

    def run(self, records: Iterable[ContactRecord | BadRecord]) -> None:
        """Save every record; a bad one stops the import, or (--skip-bad) is listed."""
        batch: list[tuple[ContactRecord, Row]] = []
        for item in records:
            self.job.tick(1)
            if isinstance(item, BadRecord):
                self.job.bad(item.line, item.reason, self.counts)
                continue
            try:
                batch.append((item, self._row(item)))
            except InvalidInput as exc:
                self.job.bad(item.line, str(exc), self.counts)
            if len(batch) >= BATCH:
                self._batch(batch)
                batch = []
        if batch:
            self._batch(batch)

    # --- one record, cleaned

    def _row(self, record: ContactRecord) -> Row:
        """A record's values, checked and cleaned as `contact add` would."""
        name = clean_name(record.name)
        city, lat, lon, geonameid = self._where(record)
        check_point(lat, lon)
        check_day(record.since, "since")
        for online in record.online:
            check_day(online.first, "first exchange")
            check_day(online.last, "last exchange")
            rows.check(Handle, {"account_id": online.account_id, "exchanges": online.exchanges})
        fields = [
            city,
            lat,
            lon,
            clean_text(record.note, "note"),
            _iso(record.since),
            clean_text(record.company, "company"),
            clean_text(record.position, "position"),
        ]
        # Every value within its column's limits before anything is written: one set of
        # limits, the same as `contact add` and the backup apply.
        values = rows.check(
            Contact,
            {
                "name": name,
                "name_key": fold(name),
                **dict(zip(FIELDS, fields, strict=True)),
                "geonameid": geonameid,
                "created_at": record.created_at,
                "updated_at": record.updated_at,
                **record.extra,
            },
        )
        return Row(
            name=name,
            name_key=values["name_key"],
            tags=clean_tags(record.tags),
            geonameid=geonameid,
            fields=fields,
            extra=dict(record.extra),
            values=values,
        )

    def _where(
        self, record: ContactRecord
    ) -> tuple[str | None, float | None, float | None, int | None]:
        if record.exact:
            return record.city, record.lat, record.lon, record.geonameid
        if record.lat is not None and record.lon is not None:
            text = ", ".join(p for p in (record.city, record.region, record.country) if p)
            return (text or None), record.lat, record.lon, None
        found = self.places.locate(record.city, record.region, record.country)
        if found.name and found.lat is None:
            self.job.summary.unresolved += 1
        elif found.notice:
            self.job.summary.guessed += 1
        return found.name, found.lat, found.lon, found.geonameid

    # --- one batch

    def _batch(self, batch: list[tuple[ContactRecord, Row]]) -> None:
        known = self._load(batch)
        pending = _Pending()
        for record, row in batch:
            try:
                cid = self._match(record, row, known)
            except InvalidInput as exc:
                self.job.bad(record.line, str(exc), self.counts)
                continue
            if cid is None and record.match_only:
                self.job.summary.skip(record.match_only)
                continue
            if cid is None:
                self._add(record, row, known, pending)
                continue
            if record.source_id is not None:
                self.mapping[record.source_id] = cid
            changed = self._fill(cid, row, known, pending)
            changed = self._add_handles(cid, record, known, pending) or changed
            changed = self._add_tags(cid, row.tags, known, pending) or changed
            if changed:
                self.counts.updated += 1
            else:
                self.counts.unchanged += 1
        pending.flush(self.job)

    def _load(self, batch: list[tuple[ContactRecord, Row]]) -> _Known:
        """Everything the batch's records could match, in a few queries: their handles and
        accounts; then, for the records those did not match, the namesakes and their cities;
        then the whole of each contact a record may be."""
        conn = self.job.conn
        known = _Known()
        keys = sorted({h.key for record, _ in batch for h in record.handles})
        accounts = sorted({o.account_id for r, _ in batch for o in r.online if o.account_id})
        for part in chunks(keys):
            for platform, key, cid in conn.execute(
                f"SELECT platform, key, contact_id FROM handle WHERE key IN ({marks(part)})", part
            ):
                known.by_handle[(platform, key)] = cid
        for part in chunks(accounts):
            for platform, account, cid in conn.execute(
                "SELECT platform, account_id, contact_id FROM handle"
                f" WHERE account_id IN ({marks(part)})",
                part,
            ):
                known.by_account[(platform, account)] = cid
        # Names match only contacts that were here before this import: none, in an empty one.
        unmatched = (
            [(r, row) for r, row in batch if not self._strong(r, known)] if self.before else []
        )
        names = sorted({row.name_key for _, row in unmatched})
        for part in chunks(names):
            for cid, name_key, city in conn.execute(
                "SELECT id, name_key, city FROM contact"
                f" WHERE name_key IN ({marks(part)}) AND id <= ?",
                [*part, self.before],
            ):
                known.by_name.setdefault(name_key, []).append(cid)
                known.cities[cid] = city
        # Of the namesakes, only those a record could be: in its city, or with none.
        possible = {cid for _, row in unmatched for cid in self._namesakes(row, known)}
        self._details(sorted({*known.by_handle.values(), *known.by_account.values(), *possible}),
                      known)  # fmt: skip
        return known

    def _strong(self, record: ContactRecord, known: _Known) -> bool:
        """Whether a handle (not a weak one) or an account id matches a contact."""
        return any(
            h.platform not in WEAK_PLATFORMS and (h.platform, h.key) in known.by_handle
            for h in record.handles
        ) or any((o.platform, o.account_id or "") in known.by_account for o in record.online)

    def _namesakes(self, row: Row, known: _Known) -> list[int]:
        """The contacts of a record's name it could be by place: in its city, or without one."""
        namesakes = known.by_name.get(row.name_key)
        if not namesakes:
            return []
        city = fold(row.fields[0] or "")
        return [
            cid
            for cid in namesakes
            if not city or not known.cities[cid] or fold(known.cities[cid] or "") == city
        ]

    def _details(self, ids: list[int], known: _Known) -> None:
        """Each contact's fields, handles and tags."""
        conn = self.job.conn
        columns = ", ".join((*FIELDS, *self.extra_columns))
        for part in chunks(ids):
            for cid, name_key, *values in conn.execute(
                f"SELECT id, name_key, {columns} FROM contact WHERE id IN ({marks(part)})", part
            ):
                known.fields[cid] = values[: len(FIELDS)]
                known.extra[cid] = dict(zip(self.extra_columns, values[len(FIELDS) :],
                                            strict=True))  # fmt: skip
                known.name_keys[cid] = name_key
            for cid, platform, key, *online in conn.execute(
                f"SELECT contact_id, platform, key, {', '.join(ONLINE)} FROM handle"
                f" WHERE contact_id IN ({marks(part)})",
                part,
            ):
                known.accounts.setdefault(cid, {}).setdefault(platform, set()).add(key)
                known.online[(platform, key)] = {
                    c: str(v) if isinstance(v, date) else (bool(v) if c in _FLAGS else v)
                    for c, v in zip(ONLINE, online, strict=True)
                }
                if online[0]:
                    known.by_account.setdefault((platform, online[0]), cid)
            for cid, tag in conn.execute(
                f"SELECT contact_id, tag FROM tag WHERE contact_id IN ({marks(part)})", part
            ):
                known.tags.setdefault(cid, set()).add(tag.casefold())

    def _match(self, record: ContactRecord, row: Row, known: _Known) -> int | None:
        """The contact a record is (see the module's docstring), or None for a new one."""
        strong = {
            known.by_handle[(h.platform, h.key)]
            for h in record.handles
            if h.platform not in WEAK_PLATFORMS and (h.platform, h.key) in known.by_handle
        }
        for online in record.online:
            found = known.by_account.get((online.platform, online.account_id or ""))
            if found is not None:
                strong.add(found)
        if len(strong) > 1:
            ids = ", ".join(f"#{cid}" for cid in sorted(strong))
            raise InvalidInput(
                f"its handles belong to different contacts ({ids}); merge them first"
            )
        if strong:
            return strong.pop()
        weak = {
            known.by_handle[(h.platform, h.key)]
            for h in record.handles
            if h.platform in WEAK_PLATFORMS and (h.platform, h.key) in known.by_handle
        }
        weak = {cid for cid in weak if known.name_keys.get(cid) == row.name_key}
        if len(weak) == 1:
            return weak.pop()
        fitting = [
            cid
            for cid in self._namesakes(row, known)
            if not _other_account(known.accounts.get(cid, {}), record)
        ]
        return fitting[0] if len(fitting) == 1 else None

    # --- changes

    def _fill(self, cid: int, row: Row, known: _Known, pending: _Pending) -> bool:
        """Fill a matched contact's blank fields (the place as a whole); never overwrite."""
        current = known.fields[cid]
        fill: dict[str, Any] = {}
        if (
            current[0] is None
            and current[1] is None
            and (row.fields[0] or row.fields[1] is not None)
        ):
            fill.update(zip(FIELDS[:3], row.fields[:3], strict=True))
            if row.fields[1] is not None:
                fill["geonameid"] = row.geonameid
        for i in range(3, len(current)):
            if current[i] is None and row.fields[i] is not None:
                fill[FIELDS[i]] = row.fields[i]
        have = known.extra.get(cid, {})
        for column, value in row.extra.items():
            if column in have and have[column] is None and value is not None:
                fill[column] = value
        if not fill:
            return False
        pending.updates.append((cid, fill))
        known.fields[cid] = [fill.get(f, c) for f, c in zip(FIELDS, current, strict=True)]
        have.update({c: v for c, v in fill.items() if c in have})
        return True

    def _add_handles(
        self, cid: int, record: ContactRecord, known: _Known, pending: _Pending
    ) -> bool:
        added = False
        for handle in record.handles:  # parse_handle kept each within the handle's limits
            key = (handle.platform, handle.key)
            if key not in known.by_handle:
                known.by_handle[key] = cid
                known.accounts.setdefault(cid, {}).setdefault(handle.platform, set()).add(
                    handle.key
                )
                pending.handles.append(
                    {
                        "contact_id": cid,
                        "platform": handle.platform,
                        "handle": handle.handle,
                        "key": handle.key,
                    }
                )
                added = True
        changed = [self._account(cid, online, known, pending) for online in record.online]
        return any(changed) or added

    def _account(self, cid: int, online: OnlineRecord, known: _Known, pending: _Pending) -> bool:
        """What a file says of an account (its id, exchanges, follows, invitation), on the
        contact's handle; the columns it does not speak for are left as they are. A record
        without the handle's key (a LinkedIn message from someone named, not linked) goes to
        the contact's one handle on the platform."""
        handle_key = online.key
        if not handle_key:
            keys = known.accounts.get(cid, {}).get(online.platform, set())
            if len(keys) != 1:
                return False
            handle_key = next(iter(keys))
        key = (online.platform, handle_key)
        current = known.online.get(key, {})
        given = _widened(current, online.values())
        values = {**current, **given}
        if current == values:
            return False
        if online.account_id:
            # A renamed account: what was known under the old name moves to the new one.
            for (platform, old), was in list(known.online.items()):
                if (
                    platform == online.platform
                    and old != handle_key
                    and was.get("account_id") == online.account_id
                ):
                    known.online[(platform, old)] = {**was, **NO_ONLINE}
                    pending.online.append((platform, old, NO_ONLINE))
            known.by_account[(online.platform, online.account_id)] = cid
        known.online[key] = values
        pending.online.append((*key, given))
        return True

    def _add_tags(self, cid: int, tags: list[str], known: _Known, pending: _Pending) -> bool:
        have = known.tags.setdefault(cid, set())
        new = [t for t in tags if t.casefold() not in have]
        have.update(t.casefold() for t in new)
        pending.tags.extend({"contact_id": cid, "tag": t, "key": tag_key(t)} for t in new)
        return bool(new)

    def _new_id(self, record: ContactRecord) -> int:
        """The id a backup gave a contact, kept when restoring into an empty database and
        free; else the next one."""
        kept = record.source_id
        if self.job.restoring and kept is not None and kept not in self.taken:
            return int(kept)
        while self.next_id in self.taken:
            self.next_id += 1
        return int(self.next_id)

    def _add(self, record: ContactRecord, row: Row, known: _Known, pending: _Pending) -> None:
        cid = self._new_id(record)
        if self.job.restoring:  # otherwise every id given is below next_id: none to remember
            self.taken.add(cid)
        self.next_id = max(self.next_id, cid + 1)
        if record.source_id is not None:
            self.mapping[record.source_id] = cid
        pending.contacts.append(rows.extend(Contact, row.values, {"id": cid}))
        known.fields[cid] = list(row.fields)
        known.extra[cid] = {c: row.extra.get(c) for c in self.extra_columns}
        known.name_keys[cid] = row.name_key
        self._add_handles(cid, record, known, pending)
        self._add_tags(cid, row.tags, known, pending)
        self.counts.added += 1


def _other_account(have: dict[str, set[str]], record: ContactRecord) -> bool:
    """Whether a contact has another account than the record's on a one-account platform."""
    return any(
        h.platform in ONE_PER_PERSON and have.get(h.platform) and h.key not in have[h.platform]
        for h in record.handles
    )


@dataclass
class _Pending:
    """One batch's writes, made together."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    handles: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    online: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def flush(self, job: ImportJob) -> None:
        conn = job.conn
        rows.insert_many(conn, Contact, self.contacts)
        rows.insert_many(conn, Handle, self.handles)
        rows.insert_many(conn, Tag, self.tags, ignore=True)
        rows.update_many(
            conn,
            Handle,
            (({"platform": platform, "key": key}, values) for platform, key, values in self.online),
        )
        rows.update_many(conn, Contact, (({"id": cid}, fill) for cid, fill in self.updates))
