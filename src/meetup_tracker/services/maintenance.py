"""Looking after the database file: checking it, and copying it safely while it is in use."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from meetup_tracker.errors import InvalidInput


@dataclass
class Health:
    """What `db check` found."""

    path: Path
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


def backup_target(target: Path, *, force: bool, folder: bool = False) -> Path:
    """Where a backup goes: a folder (or a path written with a trailing slash, made if need
    be) gets a dated file name; an existing file needs --force."""
    if folder and not target.exists():
        try:
            target.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise InvalidInput(f"cannot make the folder {target}: {exc.strerror}") from exc
    if target.is_dir():
        target = target / f"meetup-{date.today().isoformat()}.db"
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
