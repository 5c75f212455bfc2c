"""Contact records saved in batches: each batch's look-ups are a few set-wise queries, its
rows inserted in bulk, so an import costs the same per row at 30 or 400,000 rows, never a query
per row, and memory stays that of one batch (plus the file being read).

Matching, in order: a handle (a phone only where the names agree, as families and offices
share one); an account id (a renamed account); then a name, where exactly one contact that was
there before this import has it, in no other city, with no other account on a platform where
people have one. A match gains the record's new handles and tags and fills its blank fields;
nothing already there is overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import BadRecord, ContactRecord, OnlineRecord
from meetup_tracker.handles import fold
from meetup_tracker.text import tag_key

if TYPE_CHECKING:
    from meetup_tracker.db import Sql
    from meetup_tracker.services.importer import _Job

BATCH = 2000
PARAMS = 500  # values per IN list: well under every engine's limit
# A phone is shared by families and offices: it matches a contact only if the names agree.
WEAK_PLATFORMS = frozenset({"phone"})
# Platforms where a person has one account: another one there means another person.
ONE_PER_PERSON = frozenset({"linkedin", "twitter", "github", "mastodon", "bluesky", "instagram"})
FIELDS = "city, lat, lon, note, since, company, position"
NO_ONLINE = (None, 0, None, None, False, False)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def chunks(values: Sequence[Any], size: int = PARAMS) -> Iterator[Sequence[Any]]:
    """A long list of values in pieces small enough for one IN (...) list."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def marks(values: Sequence[Any]) -> str:
    """`?, ?, ?` for an IN list of these values."""
    return ", ".join("?" for _ in values)


@dataclass
class Row:
    """A contact record, cleaned; `fields` in the order of FIELDS."""

    name: str
    name_key: str
    tags: list[str]
    geonameid: int | None
    fields: list[Any]


@dataclass
class _Known:
    """What the database holds about one batch's records."""

    by_handle: dict[tuple[str, str], int] = field(default_factory=dict)
    by_account: dict[tuple[str, str], int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    name_keys: dict[int, str] = field(default_factory=dict)
    fields: dict[int, list[Any]] = field(default_factory=dict)
    accounts: dict[int, dict[str, set[str]]] = field(default_factory=dict)
    tags: dict[int, set[str]] = field(default_factory=dict)
    online: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)


class ContactImport:
    """Matches and saves contact records, a batch at a time."""

    def __init__(self, job: _Job, locate: Any) -> None:
        raw = job.raw
        self.job = job
        self.locate = locate  # (city, region, country) -> (name, lat, lon, geonameid)
        self.counts = job.summary.contacts
        self.mapping: dict[int, int] = {}  # a backup's contact id -> the id here
        # Names match only contacts that were here before: two rows of one file with the
        # same name may be two people.
        self.before = raw.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]
        self.next_id = self.before + 1
        self.taken: set[int] = set()  # ids given in this import
        self.stamp = job.stamp

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
        from meetup_tracker.services.contacts import clean_name, clean_tags, clean_text
        from meetup_tracker.services.importer import check_day, check_point

        name = clean_name(record.name)
        city, lat, lon, geonameid = self._where(record)
        check_point(lat, lon)
        check_day(record.since, "since")
        for online in record.online:
            check_day(online.first, "first exchange")
            check_day(online.last, "last exchange")
        return Row(
            name=name,
            name_key=fold(name),
            tags=clean_tags(record.tags),
            geonameid=geonameid,
            fields=[
                city,
                lat,
                lon,
                clean_text(record.note, "note"),
                record.since.isoformat() if record.since else None,
                clean_text(record.company, "company"),
                clean_text(record.position, "position"),
            ],
        )

    def _where(
        self, record: ContactRecord
    ) -> tuple[str | None, float | None, float | None, int | None]:
        if record.exact:
            return record.city, record.lat, record.lon, record.geonameid
        if record.lat is not None and record.lon is not None:
            text = ", ".join(p for p in (record.city, record.region, record.country) if p)
            return (text or None), record.lat, record.lon, None
        city, lat, lon, geonameid = self.locate(record.city, record.region, record.country)
        if city and lat is None:
            self.job.summary.unresolved += 1
        return city, lat, lon, geonameid

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
        pending.flush(self.job.raw, self.stamp, self.job.by)

    def _load(self, batch: list[tuple[ContactRecord, Row]]) -> _Known:
        """Everything the batch's records could match, in a few queries."""
        raw = self.job.raw
        known = _Known()
        keys = sorted({h.key for record, _ in batch for h in record.handles})
        accounts = sorted({o.account_id for r, _ in batch for o in r.online if o.account_id})
        names = sorted({row.name_key for _, row in batch})
        for part in chunks(keys):
            for platform, key, cid in raw.execute(
                f"SELECT platform, key, contact_id FROM handle WHERE key IN ({marks(part)})", part
            ):
                known.by_handle[(platform, key)] = cid
        for part in chunks(accounts):
            for platform, account, cid in raw.execute(
                "SELECT platform, account_id, contact_id FROM handle"
                f" WHERE account_id IN ({marks(part)})",
                part,
            ):
                known.by_account[(platform, account)] = cid
        for part in chunks(names):
            for cid, name_key in raw.execute(
                f"SELECT id, name_key FROM contact WHERE name_key IN ({marks(part)}) AND id <= ?",
                [*part, self.before],
            ):
                known.by_name.setdefault(name_key, []).append(cid)
                known.name_keys[cid] = name_key
        ids = sorted({*known.by_handle.values(), *known.by_account.values(), *known.name_keys})
        for part in chunks(ids):
            for cid, name_key, *values in raw.execute(
                f"SELECT id, name_key, {FIELDS} FROM contact WHERE id IN ({marks(part)})", part
            ):
                known.fields[cid] = list(values)
                known.name_keys[cid] = name_key
            for cid, platform, key, *online in raw.execute(
                "SELECT contact_id, platform, key, account_id, exchanges, first_exchange,"
                " last_exchange, following, follower FROM handle"
                f" WHERE contact_id IN ({marks(part)})",
                part,
            ):
                known.accounts.setdefault(cid, {}).setdefault(platform, set()).add(key)
                known.online[(platform, key)] = tuple(
                    str(v) if isinstance(v, date) else v for v in online
                )
                if online[0]:
                    known.by_account.setdefault((platform, online[0]), cid)
            for cid, tag in raw.execute(
                f"SELECT contact_id, tag FROM tag WHERE contact_id IN ({marks(part)})", part
            ):
                known.tags.setdefault(cid, set()).add(tag.casefold())
        return known

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
        city = fold(row.fields[0] or "")
        fitting = [
            cid
            for cid in known.by_name.get(row.name_key, [])
            if (not city or not known.fields[cid][0] or fold(known.fields[cid][0]) == city)
            and not _other_account(known.accounts.get(cid, {}), record)
        ]
        return fitting[0] if len(fitting) == 1 else None

    # --- changes

    def _fill(self, cid: int, row: Row, known: _Known, pending: _Pending) -> bool:
        """Fill a matched contact's blank fields (the place as a whole); never overwrite."""
        current = known.fields[cid]
        fill: list[Any] = [None] * len(current)
        if (
            current[0] is None
            and current[1] is None
            and (row.fields[0] or row.fields[1] is not None)
        ):
            fill[0:3] = row.fields[0:3]
        for i in range(3, len(current)):
            if current[i] is None and row.fields[i] is not None:
                fill[i] = row.fields[i]
        if all(v is None for v in fill):
            return False
        pending.updates.append((*fill, row.geonameid if fill[1] is not None else None, cid))
        known.fields[cid] = [c if f is None else f for c, f in zip(current, fill, strict=True)]
        return True

    def _add_handles(
        self, cid: int, record: ContactRecord, known: _Known, pending: _Pending
    ) -> bool:
        added = False
        for handle in record.handles:
            key = (handle.platform, handle.key)
            if key not in known.by_handle:
                known.by_handle[key] = cid
                known.accounts.setdefault(cid, {}).setdefault(handle.platform, set()).add(
                    handle.key
                )
                pending.handles.append((cid, handle.platform, handle.handle, handle.key))
                added = True
        changed = [self._account(cid, online, known, pending) for online in record.online]
        return any(changed) or added

    def _account(self, cid: int, online: OnlineRecord, known: _Known, pending: _Pending) -> bool:
        """An archive's account: its id, exchanges and follows, on the contact's handle."""
        key = (online.platform, online.key)
        values = (
            online.account_id,
            online.exchanges,
            _iso(online.first),
            _iso(online.last),
            bool(online.following),
            bool(online.follower),
        )
        if known.online.get(key) == values:
            return False
        if online.account_id:
            # A renamed account: what was known under the old name moves to the new one.
            for (platform, old), was in list(known.online.items()):
                if (
                    platform == online.platform
                    and old != online.key
                    and was[0] == online.account_id
                ):
                    known.online[(platform, old)] = NO_ONLINE
                    pending.online.append((*NO_ONLINE, platform, old))
            known.by_account[(online.platform, online.account_id)] = cid
        known.online[key] = values
        pending.online.append((*values, *key))
        return True

    def _add_tags(self, cid: int, tags: list[str], known: _Known, pending: _Pending) -> bool:
        have = known.tags.setdefault(cid, set())
        new = [t for t in tags if t.casefold() not in have]
        have.update(t.casefold() for t in new)
        pending.tags.extend((cid, t, tag_key(t)) for t in new)
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
        self.taken.add(cid)
        self.next_id = max(self.next_id, cid + 1)
        if record.source_id is not None:
            self.mapping[record.source_id] = cid
        city, lat, lon, note, since, company, position = row.fields
        pending.contacts.append(
            (
                cid,
                row.name,
                row.name_key,
                city,
                lat,
                lon,
                row.geonameid,
                note,
                since,
                company,
                position,
                record.created_at or self.stamp,
                record.updated_at or self.stamp,
                self.job.by,
                self.job.by,
            )
        )
        known.fields[cid] = list(row.fields)
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

    contacts: list[tuple[Any, ...]] = field(default_factory=list)
    handles: list[tuple[Any, ...]] = field(default_factory=list)
    tags: list[tuple[int, str, str]] = field(default_factory=list)
    online: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[tuple[Any, ...]] = field(default_factory=list)

    def flush(self, raw: Sql, stamp: str, by: str) -> None:
        raw.executemany(
            "INSERT INTO contact (id, name, name_key, city, lat, lon, geonameid, note, since,"
            " company, position, created_at, updated_at, created_by, updated_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.contacts,
        )
        raw.executemany(
            "INSERT INTO handle (contact_id, platform, handle, key) VALUES (?, ?, ?, ?)",
            self.handles,
        )
        raw.executemany(
            "INSERT INTO tag (contact_id, tag, key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            self.tags,
        )
        raw.executemany(
            "UPDATE handle SET account_id = ?, exchanges = ?, first_exchange = ?,"
            " last_exchange = ?, following = ?, follower = ? WHERE platform = ? AND key = ?",
            self.online,
        )
        raw.executemany(
            "UPDATE contact SET city = coalesce(?, city), lat = coalesce(?, lat),"
            " lon = coalesce(?, lon), note = coalesce(?, note), since = coalesce(?, since),"
            " company = coalesce(?, company), position = coalesce(?, position),"
            " geonameid = coalesce(?, geonameid), updated_at = ?, updated_by = ? WHERE id = ?",
            [(*update[:-1], stamp, by, update[-1]) for update in self.updates],
        )
