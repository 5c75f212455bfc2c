"""The database: where it is opened, how every connection is set up, and its schema upgrade.

Every connection turns foreign keys on and waits for a busy database instead of failing.
Write transactions take the write lock at BEGIN (BEGIN IMMEDIATE), so two commands writing at
once queue up rather than fail half-way; any error rolls the whole command back.

Most commands work through SQLModel sessions. Bulk work (imports) and the schema upgrade use
the sqlite3 connection directly: same file, same pragmas, same transactions, no ORM per row.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 30_000


def connect(path: Path) -> sqlite3.Connection:
    """A sqlite3 connection set up like every other: foreign keys on, a busy timeout, and
    transactions begun by us (never by the driver)."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


class Database:
    """A meetup-tracker database file, created and upgraded on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engine: Engine | None = None
        self._ready = False

    def prepare(self) -> None:
        """Create the file (mode 0600) and bring its schema up to date, once per process."""
        if not self._ready:
            _ensure_file(self.path)
            upgrade(self.path)
            self._ready = True

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine; the first call creates the file and upgrades the schema."""
        if self._engine is None:
            self.prepare()
            self._engine = _engine(self.path)
        return self._engine

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        from sqlmodel import Session

        engine = self.engine.execution_options(meetup_write=True) if write else self.engine
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection in one transaction, for bulk work."""
        self.prepare()
        connection = connect(self.path)
        try:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield connection
                if connection.in_transaction:
                    connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()

    def close(self) -> None:
        """Release every connection (tests and the demo open many databases)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _engine(path: Path) -> Engine:
    from sqlalchemy import URL, create_engine, event

    engine = create_engine(URL.create("sqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        write = conn.get_execution_options().get("meetup_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _ensure_file(path: Path) -> None:
    if path.is_dir():
        raise StorageError(f"database path {path} is a directory", hint="give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create folder {path.parent}: {exc.strerror}") from exc
    if not path.exists():
        _create_private_file(path)


def _create_private_file(path: Path) -> None:
    """Create an empty file that only its owner can read and write."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {exc.strerror}") from exc
    os.close(fd)


def schema_version(connection: sqlite3.Connection) -> int:
    """How many migrations this database has had."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def upgrade(path: Path) -> None:
    """Bring the schema up to date in one transaction, after copying an older file aside."""
    from meetup_tracker.migrations import LATEST, MIGRATIONS

    connection = connect(path)
    try:
        current = schema_version(connection)
        if current == LATEST:
            return
        if current > LATEST:
            raise StorageError(
                f"{path} was made by a newer meetup-tracker"
                f" (schema {current}; this one knows {LATEST})",
                hint="upgrade meetup-tracker to open it",
            )
        if current == 0:
            # Journal mode cannot change inside a transaction; WAL persists in the file once set.
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(connection)  # another process may have upgraded meanwhile
            if 0 < current < LATEST:
                backup_file(path, path.with_name(f"{path.name}.bak-{current}"))
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                migration.apply(connection)
                connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (
                        migration.version,
                        migration.name,
                        datetime.now(UTC).isoformat(timespec="seconds"),
                    ),
                )
                connection.execute(f"PRAGMA user_version = {migration.version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()


def backup_file(source: Path, target: Path) -> None:
    """A consistent copy of a database through SQLite's backup API, readable by its owner only.

    Written to a temporary name first, so a crash never leaves a half-made backup in place.
    """
    with private_replacement(target) as partial:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()


@contextmanager
def private_replacement(target: Path) -> Iterator[Path]:
    """A new file beside `target`, readable by its owner only, to write in the block: it then
    replaces `target` whole, or is removed if the block fails, so a crash or a full disk never
    leaves half a file in its place. Errors name `target`, the file the user asked for."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield partial
        os.replace(partial, target)
    except BaseException as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
