"""Looking after the database file: checking it, and copying it safely while it is in use."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from meetup_tracker.pg import PgDatabase


@dataclass
class Health:
    """What `db check` found."""

    path: Path | str
    schema: int
    latest: int
    contacts: int
    integrity: list[str] = field(default_factory=list)  # "ok", or SQLite's list of problems
    broken_references: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """Whether SQLite found nothing wrong."""
        return self.integrity == ["ok"] and not self.broken_references

    def to_json(self) -> dict[str, Any]:
        """The public object of `db check --json`."""
        return {
            "path": str(self.path),
            "healthy": self.healthy,
            "schema": self.schema,
            "latest_schema": self.latest,
            "contacts": self.contacts,
            "integrity": self.integrity,
            "broken_references": self.broken_references,
        }


def check(path: Path) -> Health:
    """SQLite's integrity check and foreign-key check, with the schema version and size. A file
    too damaged to read, or not a meetup-tracker database, is a problem reported in SQLite's
    own words, never an error before the report; nothing is written to the file."""
    from meetup_tracker.db import check_ours, connect
    from meetup_tracker.errors import StorageError
    from meetup_tracker.migrations import LATEST

    health = Health(path, 0, LATEST, 0)
    connection = connect(path)
    try:
        try:
            health.schema = check_ours(connection, path)
        except StorageError as exc:
            health.integrity = [str(exc)]
            return health
        except sqlite3.DatabaseError as exc:
            health.integrity = [f"SQLite: {exc}"]
            return health
        try:
            health.integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            health.broken_references = [
                f"{table} row {rowid} points at a missing {parent}"
                for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check")
            ]
            health.contacts = int(connection.execute("SELECT count(*) FROM contact").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            health.integrity = [*(p for p in health.integrity if p != "ok"), f"SQLite: {exc}"]
    finally:
        connection.close()
    return health


# On a team database: rows that point at nothing (the foreign keys forbid them; a restore by
# hand with them turned off would not) and settings of the schema's version.
_ORPHANS = {
    "handle": "SELECT count(*) FROM handle h WHERE NOT EXISTS"
    " (SELECT 1 FROM contact c WHERE c.id = h.contact_id)",
    "tag": "SELECT count(*) FROM tag t WHERE NOT EXISTS"
    " (SELECT 1 FROM contact c WHERE c.id = t.contact_id)",
    "attendee": "SELECT count(*) FROM attendee a WHERE NOT EXISTS"
    " (SELECT 1 FROM contact c WHERE c.id = a.contact_id) OR NOT EXISTS"
    " (SELECT 1 FROM interaction i WHERE i.id = a.interaction_id)",
    "stop": "SELECT count(*) FROM stop s WHERE NOT EXISTS"
    " (SELECT 1 FROM trip t WHERE t.id = s.trip_id)",
}


def check_team(database: PgDatabase) -> Health:
    """A team database's schema version, rows that point at nothing, and its size."""
    from meetup_tracker.migrations import LATEST
    from meetup_tracker.pg import schema_version

    health = Health(database.path, 0, LATEST, 0, integrity=["ok"])
    with database.reading() as conn:
        health.schema = schema_version(conn) or 0
        for table, sql in _ORPHANS.items():
            count = int(conn.execute(sql).fetchone()[0])
            if count:
                health.broken_references.append(f"{count} {table} rows point at nothing")
        health.contacts = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
    if health.schema != LATEST:
        health.integrity = [f"schema {health.schema}, expected {LATEST}"]
    return health


def backup_team(database: PgDatabase, target: Path) -> None:
    """A team database as the lossless JSON export (`meetup import` restores it), written
    whole or not at all, readable by its owner only."""
    from meetup_tracker.files import private_output
    from meetup_tracker.services.exporter import export_chunks

    with database.reading() as conn, private_output(target) as file:
        for chunk in export_chunks(conn=conn, name="json"):
            file.write(chunk.encode("utf-8"))


def backup_target(target: Path, *, force: bool, folder: bool = False, suffix: str = ".db") -> Path:
    """Where a backup goes: a folder (or a path written with a trailing slash, made if need
    be) gets a dated file name; an existing file needs --force."""
    if folder and not target.exists():
        try:
            target.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise InvalidInput(f"cannot make the folder {target}: {exc.strerror}") from exc
    if target.is_dir():
        target = target / f"meetup-{date.today().isoformat()}{suffix}"
    if target.exists() and not force:
        raise InvalidInput(
            f"{target} already exists", hint="give another name, or --force to replace it"
        )
    if not target.parent.exists():
        raise InvalidInput(f"no folder {target.parent}")
    return target


def backup(source: Path, target: Path, *, force: bool = False) -> None:
    """A consistent copy of the database, even while another command writes to it (SQLite's
    backup API), readable by its owner only, and never left half-written. A database that
    fails its integrity check is copied only with `force`, and never over a good backup."""
    from meetup_tracker.db import backup_file
    from meetup_tracker.errors import StorageError

    health = check(source)
    if not health.healthy:
        problem = next((p for p in health.integrity if p != "ok"), None) or (
            health.broken_references[0] if health.broken_references else "damaged"
        )
        if not force:
            raise StorageError(
                f"{source} fails its integrity check ({problem}); nothing was copied",
                hint="--force copies it anyway; meetup db check shows every problem",
            )
        if target.is_file() and target.stat().st_size and check(target).healthy:
            raise StorageError(
                f"{target} is a good backup; a damaged copy will not replace it",
                hint="give another name",
            )
    backup_file(source, target)
