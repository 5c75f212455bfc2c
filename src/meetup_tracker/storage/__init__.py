"""The storage seam: the database a command uses, a SQLite file or a team's PostgreSQL, behind
one interface. Nothing outside this package imports a database driver or asks which engine it
has; it asks a store, or a connection, for what it can do.

- `open_store(value)` opens --db (else $MEETUP_TRACKER_DB, else the file in the user data dir);
  nothing is touched until a transaction begins.
- `Store.reading()` / `Store.writing()`: one transaction each, giving a `Sql` connection.
- `Store.check()`, `Store.backup()`: looking after it.
- `rows` is the one way to write; `registry` lists every table, read by merge, backup, restore
  and the checks; `migrations` is the schema, the same on both engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from meetup_tracker.errors import MeetupError

if TYPE_CHECKING:
    from meetup_tracker.storage.health import Health
    from meetup_tracker.storage.sql import Sql

Export = Callable[["Sql"], Iterable[str]]


class Store(Protocol):
    """A meetup-tracker database, created and upgraded on first use."""

    shown: str  # how it is named in messages: a URL without its password
    changed: bool  # a write transaction of this command has been committed
    backup_suffix: str  # what `db backup DIR/` names its file with

    def reading(self) -> AbstractContextManager[Sql]:
        """One read transaction."""

    def writing(self, *, dry_run: bool = False) -> AbstractContextManager[Sql]:
        """One write transaction, committed when the block ends (rolled back on error, or for
        a dry run)."""

    def check(self) -> Health:
        """What is wrong with the database, if anything."""

    def backup(self, target: Path, *, force: bool, export: Export) -> str:
        """Write a backup to `target`; returns "copy" (the database itself) or "export" (its
        JSON export, written by `export`)."""

    def close(self) -> None:
        """Release what is held open."""


def open_store(value: str | Path, *, on_wait: Callable[[str], None] | None = None) -> Store:
    """The store a --db value names (see `paths.db_location`): a `postgresql://` URL, or a
    file. `on_wait` is told when a write waits for another writer."""
    from meetup_tracker.storage.postgres import is_url

    if isinstance(value, str) and is_url(value):
        from meetup_tracker.storage.postgres import PostgresStore

        return PostgresStore(value, on_wait=on_wait)
    from meetup_tracker.storage.sqlite import SqliteStore

    return SqliteStore(database_file(value), on_wait=on_wait)


def database_file(value: str | Path) -> Path:
    """The database file a --db value names; what cannot be one is refused in one line."""
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.paths import expand

    text = str(value)
    if text.strip() in (":memory:", "") or text.startswith("file::memory:"):
        raise InvalidInput(
            f"--db {text!r} is not a file: an in-memory database would be forgotten when"
            " the command ends",
            hint="give a file name, or a postgresql:// URL",
        )
    return expand(value)


def shown(value: str | Path) -> str:
    """A --db value as it may be printed (a URL without its password), without opening it."""
    from meetup_tracker.storage.postgres import is_url, redact

    if isinstance(value, str) and is_url(value):
        return redact(value)
    try:
        return str(database_file(value))
    except MeetupError:
        return str(value)
