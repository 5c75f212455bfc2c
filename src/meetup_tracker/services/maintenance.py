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


def check(connection: sqlite3.Connection, path: Path) -> Health:
    """SQLite's integrity check and foreign-key check, with the schema version and size."""
    from meetup_tracker.migrations import LATEST

    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    broken = [
        f"{table} row {rowid} points at a missing {parent}"
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check")
    ]
    schema = int(connection.execute("PRAGMA user_version").fetchone()[0])
    contacts = int(connection.execute("SELECT count(*) FROM contact").fetchone()[0])
    return Health(path, schema, LATEST, contacts, integrity, broken)


def backup_target(target: Path, *, force: bool) -> Path:
    """Where a backup goes: a folder gets a dated file name; an existing file needs --force."""
    if target.is_dir():
        target = target / f"meetup-{date.today().isoformat()}.db"
    if target.exists() and not force:
        raise InvalidInput(
            f"{target} already exists", hint="give another name, or --force to replace it"
        )
    if not target.parent.exists():
        raise InvalidInput(f"no folder {target.parent}")
    return target


def backup(source: Path, target: Path) -> None:
    """A consistent copy of the database, even while another command writes to it (SQLite's
    backup API), readable by its owner only, and never left half-written."""
    from meetup_tracker.db import backup_file

    backup_file(source, target)
