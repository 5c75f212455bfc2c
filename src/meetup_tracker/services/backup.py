"""The backup's contents, table by table as the registry lists them: gathered for `export json`
(and a team's `db backup`), and put back by `import`.

Restoring into an empty database keeps every id, author and time. Into a database that has
data of its own, a backup is merged: its contacts are matched as any import's are (by handle,
then by name), and every other row is added unless the same row is there already (the same
values and the same rows inside it), so importing a backup twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import BadRecord, ContactRecord, OnlineRecord
from meetup_tracker.storage.sql import chunks, day, in_list

if TYPE_CHECKING:
    from meetup_tracker.formats.records import Backup, TableRow
    from meetup_tracker.services.import_job import ImportJob
    from meetup_tracker.storage.registry import Table
    from meetup_tracker.storage.sql import Sql

# Who and when a row was written: kept by a backup, but no part of what a row is.
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "created_by", "updated_by"})


def backup_chunks(*, conn: Sql) -> Iterator[str]:
    """The lossless backup as text (see formats/backup.py)."""
    from meetup_tracker.formats.backup import write

    yield write(document(conn=conn))


def document(*, conn: Sql) -> dict[str, Any]:
    """Every row the backup carries, table by table, in a stable order; and your settings."""
    from meetup_tracker.storage.migrations import LATEST
    from meetup_tracker.storage.registry import TABLES

    found: dict[str, Any] = {"schema": LATEST}
    for table in TABLES:
        if not table.backed_up or table.parent is not None or table.section is None:
            continue
        if table.mapping is not None:
            found[table.section] = _mapping(conn, table)
        else:
            found[table.section] = _rows(conn, table)
    return found


def _shown_columns(conn: Sql, table: Table) -> list[str]:
    """The columns a backup writes, all the database has but those recomputed on restore, the
    row's parent, and an id that nothing refers to (a handle's: its place in the list keeps
    its order)."""
    from meetup_tracker.storage.registry import referring_to

    parent = [c for c, to in table.references.items() if to == table.parent]
    unreferenced = table.parent is not None and not referring_to(table.name)
    return [
        c
        for c in conn.columns(table.name)
        if c not in table.derived
        and c not in parent
        and c != table.per_person
        and not (c == "id" and unreferenced)
    ]


def _readers(conn: Sql, table: Table) -> dict[str, Callable[[Any], Any]]:
    """How each column's value reads in JSON: dates as ISO text, times to the second, flags as
    true or false (SQLite keeps them as 0 and 1)."""
    from meetup_tracker.storage.sql import stamp_text

    by_kind: dict[str, Callable[[Any], Any]] = {"bool": bool, "timestamp": stamp_text, "date": day}
    return {c: by_kind[k] for c, k in conn.columns(table.name).items() if k in by_kind}


def _select(conn: Sql, table: Table, columns: list[str]) -> list[dict[str, Any]]:
    readers = _readers(conn, table)
    rows = []
    for values in conn.execute(
        f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {table.order}"
    ):
        row = {}
        for column, value in zip(columns, values, strict=True):
            read = readers.get(column)
            row[column] = read(value) if read is not None and value is not None else value
        rows.append(row)
    return rows


def _rows(conn: Sql, table: Table) -> list[dict[str, Any]]:
    """A table's rows, each with the rows that belong to it."""
    shown = _shown_columns(conn, table)
    rows = _select(conn, table, shown if "id" in shown else ["id", *shown])
    by_id = {row["id"]: row for row in rows}
    for child in table.children:
        assert child.section is not None
        link = next(c for c, to in child.references.items() if to == table.name)
        columns = _shown_columns(conn, child)
        for row in rows:
            row[child.section] = []
        for found in _select(conn, child, [link, *columns]):
            parent = by_id.get(found.pop(link))
            if parent is not None:
                value = found[child.values] if child.values is not None else found
                parent[child.section].append(value)
    if "id" not in shown:
        for row in rows:
            del row["id"]
    return rows


def _mapping(conn: Sql, table: Table) -> dict[str, Any]:
    """A table of settings as an object, only the connected person's (on a team database,
    a colleague's home is theirs)."""
    assert table.mapping is not None
    assert table.per_person is not None
    key, value = table.mapping
    found = conn.execute(
        f"SELECT {key}, {value} FROM {table.name} WHERE {table.per_person} = :me"
        f" ORDER BY {table.order}",
        {"me": conn.owner},
    )
    return dict(found)


# --- restoring


def contact_records(rows: list[TableRow]) -> Iterator[ContactRecord | BadRecord]:
    """A backup's contacts as the contacts stage of an import reads them: every column kept
    as stored, handles with what an archive showed of each account (a handle that is none is
    a bad record)."""
    from meetup_tracker.handles import parse_handle

    named = {"id", "name", "city", "lat", "lon", "geonameid", "note", "since", "company",
             "position", "created_at", "updated_at"}  # fmt: skip
    for row in rows:
        values = row.values
        record = ContactRecord(line=row.line, name=values["name"], exact=True)
        record.source_id = values["id"]
        record.city, record.lat, record.lon = values["city"], values["lat"], values["lon"]
        record.geonameid, record.note = values["geonameid"], values["note"]
        record.since = date.fromisoformat(values["since"]) if values["since"] else None
        record.company, record.position = values["company"], values["position"]
        record.created_at, record.updated_at = values["created_at"], values["updated_at"]
        record.extra = {k: v for k, v in values.items() if k not in named}
        record.tags = [tag["tag"] for tag in row.children.get("tag", [])]
        try:
            handles = [parse_handle(h["handle"], h["platform"]) for h in row.children["handle"]]
        except InvalidInput as exc:
            yield BadRecord(row.line, f"contact {row.line}: {exc}")
            continue
        for item, handle in zip(row.children["handle"], handles, strict=True):
            record.handles.append(handle)
            if (
                item.get("account_id")
                or item.get("exchanges")
                or item.get("following")
                or (item.get("follower"))
            ):
                record.online.append(
                    OnlineRecord(
                        platform=handle.platform,
                        key=handle.key,
                        account_id=item.get("account_id"),
                        exchanges=item.get("exchanges") or 0,
                        first=_date(item.get("first_exchange")),
                        last=_date(item.get("last_exchange")),
                        following=bool(item.get("following")),
                        follower=bool(item.get("follower")),
                    )
                )
        yield record


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def restore(job: ImportJob, backup: Backup, contacts: dict[int, int]) -> None:
    """Put back every table after the contacts (`contacts`: the backup's contact ids and
    theirs here), then your settings where you have none."""
    from meetup_tracker.storage.registry import TABLES

    mappings: dict[str, dict[int, int]] = {"contact": contacts}
    _restore_contacts_rows(job, backup.tables.get("contact", []), contacts)
    for table in TABLES:
        if table.name == "contact" or table.name not in backup.tables:
            continue
        mappings[table.name] = _restore_table(job, table, backup.tables[table.name], mappings)
    _restore_settings(job.conn, backup.settings)


# The rows inside a contact that the contacts' import itself writes (as it matches people).
_WITH_THE_CONTACT = ("handle", "tag")


def _restore_contacts_rows(job: ImportJob, rows: list[TableRow], contacts: dict[int, int]) -> None:
    """The other rows a backup keeps inside each contact (their visits), onto the contact
    they became here; a row already there (all its values alike) is not written twice."""
    from meetup_tracker.storage import rows as writes
    from meetup_tracker.storage.registry import table

    for child in table("contact").children:
        if child.name in _WITH_THE_CONTACT:
            continue
        link = next(c for c, to in child.references.items() if to == "contact")
        compared = [c for c in child.columns if c not in _BOOKKEEPING]
        existing = {
            tuple(_same(v) for v in found)
            for found in job.conn.execute(f"SELECT {', '.join(compared)} FROM {child.name}")
        }
        for row in rows:
            contact_id = contacts.get(row.values.get("id"))  # type: ignore[arg-type]
            if contact_id is None:
                continue
            for entry in row.children.get(child.name, []):
                values = {**entry, link: contact_id}
                identity = tuple(_same(values.get(c)) for c in compared)
                if identity in existing:
                    continue
                existing.add(identity)
                writes.insert(job.conn, child.model, values)


def _restore_table(
    job: ImportJob, table: Table, rows: list[TableRow], mappings: dict[str, dict[int, int]]
) -> dict[int, int]:
    """One top-level table's rows, each with the rows inside it: the backup's ids and theirs
    here."""
    from meetup_tracker.storage import rows as writes

    conn, counts = job.conn, job.summary.counts(table.name)
    existing = _identities(conn, table)
    taken = set(existing.values())
    names = _names(conn, table)
    next_id = max([*taken, *(r.values.get("id") or 0 for r in rows)], default=0) + 1
    found: dict[int, int] = {}
    mappings[table.name] = found  # a row may name one restored before it (a series' day)
    for row in rows:
        job.tick(1)
        try:
            values, children = _linked(table, row, mappings)
        except InvalidInput as exc:
            job.bad(row.line, f"{table.section.removesuffix('s') if table.section else ''}"
                    f" {row.line}: {exc}", counts)  # fmt: skip
            continue
        identity = _identity(table, values, children)
        if identity in existing:
            found[row.values["id"]] = existing[identity]
            counts.unchanged += 1
            continue
        new_id = job.kept_id(row.values["id"], taken)
        if new_id is None:
            new_id, next_id = next_id, next_id + 1
        taken.add(new_id)
        values["id"] = new_id
        _derive(table, values, names)
        writes.insert(conn, table.model, values)
        for child in table.children:
            link = next(c for c, to in child.references.items() if to == table.name)
            entries = children.get(child.name, [])
            for entry in entries:
                entry[link] = new_id
                _derive(child, entry, set())
            writes.insert_many(conn, child.model, entries)
        existing[identity] = new_id
        found[row.values["id"]] = new_id
        counts.added += 1
    return found


def _linked(
    table: Table, row: TableRow, mappings: dict[str, dict[int, int]]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """A row and the rows inside it, their references turned from the backup's ids to those
    here."""

    def relink(entry: dict[str, Any], owner: Table) -> dict[str, Any]:
        linked = dict(entry)
        for column, to in owner.references.items():
            if to == owner.parent or linked.get(column) is None or to not in mappings:
                continue
            here = mappings[to].get(linked[column])
            if here is None:
                raise InvalidInput(f"its {column.replace('_', ' ')} {linked[column]} was not"
                                   " restored")  # fmt: skip
            linked[column] = here
        return linked

    children = {
        child.name: [relink(entry, child) for entry in row.children.get(child.name, [])]
        for child in table.children
    }
    return relink(row.values, table), children


def _identity(
    table: Table, values: dict[str, Any], children: dict[str, list[dict[str, Any]]]
) -> tuple[Any, ...]:
    """What makes a row the same as another: its values (not its id, name-to-be-freed, times
    or authors) and the rows inside it."""
    ignored = _BOOKKEEPING | set(table.derived) | {table.free_name or ""}
    own = tuple(sorted((k, _same(v)) for k, v in values.items() if k not in ignored))
    inside = tuple(
        (name, tuple(sorted((_values_of(entry) for entry in entries), key=repr)))
        for name, entries in sorted(children.items())
    )
    return (own, inside)


def _values_of(entry: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, _same(v)) for k, v in entry.items() if k not in _BOOKKEEPING))


def _same(value: Any) -> Any:
    """A value as compared: a flag and its 0/1 alike, a date and its text alike."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date | datetime):
        return day(value)
    return value


def _identities(conn: Sql, table: Table) -> dict[tuple[Any, ...], int]:
    """The rows a table holds, by identity."""
    kinds = conn.columns(table.name)
    columns = [c for c in table.columns if c not in table.derived]
    found: dict[tuple[Any, ...], int] = {}
    rows = {
        values[0]: dict(zip(columns, values, strict=True))
        for values in conn.execute(f"SELECT {', '.join(columns)} FROM {table.name}")
    }
    children: dict[int, dict[str, list[dict[str, Any]]]] = {i: {} for i in rows}
    for child in table.children:
        link = next(c for c, to in child.references.items() if to == table.name)
        child_columns = [c for c in child.columns if c not in child.derived and c != "id"]
        for part in chunks(list(rows)):
            listed, params = in_list("p", part)
            for values in conn.execute(
                f"SELECT {', '.join(child_columns)} FROM {child.name} WHERE {link} IN {listed}",
                params,
            ):
                entry = dict(zip(child_columns, values, strict=True))
                owner = entry.pop(link)
                children[owner].setdefault(child.name, []).append(entry)
    for row_id, values in rows.items():
        for column, kind in kinds.items():
            if kind == "bool" and values.get(column) is not None:
                values[column] = bool(values[column])
        for child in table.children:
            children[row_id].setdefault(child.name, [])
        found[_identity(table, values, children[row_id])] = row_id
    return found


def _names(conn: Sql, table: Table) -> set[str]:
    """The names taken, where a table's names are unique (their folded keys)."""
    if table.free_name is None:
        return set()
    return {key for (key,) in conn.execute(f"SELECT name_key FROM {table.name}")}


def _derive(table: Table, values: dict[str, Any], names: set[str]) -> None:
    """The columns a backup leaves out, worked out again from the others (a name already
    taken by another row gets a free one first)."""
    from meetup_tracker.text import trip_key

    if table.free_name is not None:
        from meetup_tracker.services.trip_import import free_name

        start = values.get("starts_on")
        when = date.fromisoformat(start) if isinstance(start, str) else date.today()
        values[table.free_name] = free_name(names, values[table.free_name], when)
        names.add(trip_key(values[table.free_name]))
    for column in table.derived:
        values[column] = DERIVED[(table.name, column)](values)


def _name_key(values: dict[str, Any]) -> str:
    from meetup_tracker.handles import fold

    return fold(values["name"])


def _handle_key(values: dict[str, Any]) -> str:
    from meetup_tracker.handles import parse_handle

    return parse_handle(values["handle"], values["platform"]).key


def _tag_key(values: dict[str, Any]) -> str:
    from meetup_tracker.text import tag_key

    return tag_key(values["tag"])


def _trip_key(values: dict[str, Any]) -> str:
    from meetup_tracker.text import trip_key

    return trip_key(values["name"])


# How each column the backup leaves out (registry: `derived`) is worked out again.
DERIVED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("contact", "name_key"): _name_key,
    ("handle", "key"): _handle_key,
    ("tag", "key"): _tag_key,
    ("trip", "name_key"): _trip_key,
    ("cadence", "key"): _tag_key,
}


def _restore_settings(conn: Sql, settings: dict[str, Any]) -> None:
    """Settings from a backup, where you have none of your own (they become yours)."""
    from meetup_tracker.services import config

    for key, value in settings.items():
        config.restore(conn=conn, key=key, value=value)
