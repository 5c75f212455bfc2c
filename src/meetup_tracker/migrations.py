"""The schema, as an append-only list of migrations.

Each migration runs once, in order, inside the same transaction as the record of it, so a crash
leaves the database at the version it had before. `PRAGMA user_version` holds how many have
run; the `schema_migrations` table records when. Never edit a migration that has shipped:
append a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version number, a name for people, and the change."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _run(conn: Connection, statements: str) -> None:
    for statement in statements.split(";"):
        if statement.strip():
            conn.exec_driver_sql(statement)


def _m001_core(conn: Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL,
            city TEXT,
            lat REAL,
            lon REAL,
            note TEXT,
            since DATE,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL
        );
        CREATE INDEX ix_contact_name_key ON contact (name_key);
        CREATE INDEX ix_contact_since ON contact (since);
        CREATE TABLE handle (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,
            key TEXT NOT NULL,
            UNIQUE (platform, key)
        );
        CREATE INDEX ix_handle_contact ON handle (contact_id);
        CREATE INDEX ix_handle_key ON handle (key);
        CREATE TABLE tag (
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (contact_id, tag)
        );
        CREATE INDEX ix_tag_tag ON tag (tag);
        CREATE TABLE interaction (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('in-person', 'call', 'video', 'message')),
            happened_on DATE NOT NULL,
            place TEXT,
            event TEXT,
            note TEXT,
            created_at DATETIME NOT NULL
        );
        CREATE INDEX ix_interaction_happened_on ON interaction (happened_on);
        CREATE TABLE attendee (
            interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            PRIMARY KEY (interaction_id, contact_id)
        );
        CREATE INDEX ix_attendee_contact ON attendee (contact_id, interaction_id);
        CREATE TABLE config (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core: contacts, handles, tags, interactions", _m001_core),
)

LATEST = MIGRATIONS[-1].version
