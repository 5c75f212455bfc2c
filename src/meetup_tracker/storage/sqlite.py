"""The personal database: one SQLite file, created private (0600) and upgraded on first use.

Every connection turns foreign keys on and waits for a busy database instead of failing.
Writes take the write lock at BEGIN (BEGIN IMMEDIATE), so two commands writing at once queue
up rather than fail half-way; any error rolls the whole command back.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from meetup_tracker.errors import StorageError
from meetup_tracker.paths import make_dirs
from meetup_tracker.storage.health import Health
from meetup_tracker.storage.sql import BUSY_TIMEOUT_MS, WAIT_NOTICE_MS, Sql


class SqliteSql(Sql):
    """A sqlite3 connection as the services use one."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        super().__init__()
        self.connection = connection

    def execute(self, sql: str, parameters: Any = None, /) -> Any:
        return self.connection.execute(sql, parameters or ())

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any:
        return self.connection.executemany(sql, rows)

    def columns(self, table: str) -> dict[str, str]:
        return {
            name: KINDS[declared.upper()]
            for _, name, declared, *_ in self.connection.execute(f"PRAGMA table_info({table})")
        }


# The types the migrations declare, by the kind of value each holds (a boolean is 0 or 1).
KINDS = {
    "INTEGER": "int",
    "REAL": "real",
    "TEXT": "text",
    "DATE": "date",
    "DATETIME": "timestamp",
    "BOOLEAN": "bool",
}


def read_only(path: Path) -> bool:
    """Whether a database file sits where nothing can be written (a read-only mount, or a
    folder its user may not write in): it is read as it is, without the write-ahead log's
    side files SQLite would otherwise make."""
    if not path.is_file():
        return False
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(folder, os.W_OK) or not os.access(path, os.W_OK)


def disk_full(folder: Path) -> bool:
    """Whether the disk holding a folder has no room left for anything (its user's share)."""
    try:
        room = os.statvfs(folder)
    except OSError:
        return False
    return room.f_bavail * room.f_frsize < 64 * 1024


def _wal_empty(path: Path) -> bool:
    """Whether the write-ahead log holds nothing a reader must see (absent or empty)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size == 0
    except OSError:
        return True


def starved(path: Path) -> bool:
    """A database on a full disk, with nothing in its log: read as it is (SQLite would
    first make its side files, which a full disk refuses)."""
    return path.is_file() and disk_full(path.parent) and _wal_empty(path)


def untouchable(path: Path) -> bool:
    """A database to read as it is, never to write: on read-only media, or starved."""
    return read_only(path) or starved(path)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes: to a file on read-only media, taken as it is."""
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None
    )
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def connect(path: Path) -> sqlite3.Connection:
    """A sqlite3 connection set up like every other: foreign keys on, a busy timeout, and
    transactions begun by us (never by the driver)."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


class SqliteStore:
    """A meetup-tracker database file."""

    backup_suffix = ".db"

    def __init__(self, path: Path, *, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.shown = str(path)
        self.changed = False  # a write transaction of this command has been committed
        self._ready = False
        self._on_wait = on_wait or (lambda _text: None)

    def prepare(self) -> None:
        """Create the file (mode 0600), check that it is ours, and bring its schema up to
        date, once per process."""
        if not self._ready:
            _ensure_file(self.path)
            upgrade(self.path)
            self._ready = True

    def _read_only_error(self) -> StorageError:
        return StorageError(
            f"the database {self.path} is on a read-only disk or in a folder you cannot write"
            " to: it can be read, not changed",
            hint="copy it somewhere writable, or give --db another file",
        )

    def _full_error(self) -> StorageError:
        return StorageError(
            f"the disk holding {self.path} is full: the database can be read, not changed",
            hint="free some space, then run the command again",
        )

    def _connect(self, *, write: bool = False) -> sqlite3.Connection:
        """A connection to a database whose schema is current: checked with one look at it,
        upgraded first only when it must be. On read-only media, a reading connection that
        never writes (a write, or an upgrade, is refused in one line)."""
        if untouchable(self.path):
            if write:
                raise self._read_only_error() if read_only(self.path) else self._full_error()
            from meetup_tracker.storage.migrations import LATEST

            connection = connect_read_only(self.path)
            try:
                if check_ours(connection, self.path) != LATEST:
                    raise StorageError(
                        f"the database {self.path} is from an earlier release and on a"
                        " read-only disk: it cannot be upgraded there",
                        hint="copy it somewhere writable first",
                    )
            except BaseException:
                connection.close()
                raise
            return connection
        if not self._ready and self.path.is_file() and self.path.stat().st_size:
            from meetup_tracker.storage.migrations import LATEST

            connection = connect(self.path)
            try:
                self._ready = check_ours(connection, self.path) == LATEST
            except BaseException:
                connection.close()
                raise
            if self._ready:
                return connection
            connection.close()
        self.prepare()
        return connect(self.path)

    @contextmanager
    def reading(self) -> Iterator[Sql]:
        """One read transaction: what every reading command uses."""
        connection = self._connect()
        try:
            connection.execute("BEGIN")
            yield SqliteSql(connection)
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()

    @contextmanager
    def writing(self, *, dry_run: bool = False) -> Iterator[Sql]:
        """One write transaction, committed when the block ends (rolled back on error, or
        when it is a dry run)."""
        connection = self._connect(write=True)
        try:
            self._begin_write(connection)
            try:
                yield SqliteSql(connection)
                if connection.in_transaction:
                    connection.execute("ROLLBACK" if dry_run else "COMMIT")
                    self.changed = self.changed or not dry_run
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()

    def _begin_write(self, connection: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE: wait for another writer, saying so when the wait passes a second."""
        connection.execute(f"PRAGMA busy_timeout = {WAIT_NOTICE_MS}")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            self._on_wait("waiting for another meetup command to finish writing...")
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS - WAIT_NOTICE_MS}")
            connection.execute("BEGIN IMMEDIATE")
        finally:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def check(self) -> Health:
        """SQLite's integrity and foreign-key checks, the registry's references, the schema
        version and size. A file too damaged to read, or another program's, is a problem
        reported in SQLite's own words, never an error before the report."""
        from meetup_tracker.storage.health import orphans
        from meetup_tracker.storage.migrations import LATEST

        if not self.path.exists():
            self.prepare()
        health = Health(self.shown, 0, LATEST, 0, engine_checks="SQLite's integrity and references")
        untouched = untouchable(self.path)
        connection = connect_read_only(self.path) if untouched else connect(self.path)
        try:
            try:
                health.schema = check_ours(connection, self.path)
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
                if not health.broken_references:
                    health.broken_references = orphans(SqliteSql(connection))
                health.contacts = int(
                    connection.execute("SELECT count(*) FROM contact").fetchone()[0]
                )
            except sqlite3.DatabaseError as exc:
                health.integrity = [*(p for p in health.integrity if p != "ok"), f"SQLite: {exc}"]
        finally:
            connection.close()
        return health

    def backup(self, target: Path, *, force: bool, export: Callable[[Sql], Iterable[str]]) -> str:
        """A consistent copy of the file, even while another command writes to it (SQLite's
        backup API), readable by its owner only, never left half-written. A database that
        fails its checks is copied only with `force`, and never over a good backup. Returns
        what was written."""
        if not self.path.exists():
            self.prepare()
        health = self.check()
        if not health.healthy:
            if not force:
                raise StorageError(
                    f"{self.path} fails its integrity check ({health.first_problem});"
                    " nothing was copied",
                    hint="--force copies it anyway; meetup db check shows every problem",
                )
            if target.is_file() and target.stat().st_size and SqliteStore(target).check().healthy:
                raise StorageError(
                    f"{target} is a good backup; a damaged copy will not replace it",
                    hint="give another name",
                )
        backup_file(self.path, target)
        return "copy"

    def close(self) -> None:
        """Nothing stays open between transactions."""


def _ensure_file(path: Path) -> None:
    """The database file exists and only its owner can read it: a symbolic link is followed
    (a dangling one too: the file is made where it points), and an empty file is made
    private before SQLite writes into it."""
    if path.is_dir():
        raise StorageError(f"database path {path} is a directory", hint="give a file name")
    real = Path(os.path.realpath(path))
    try:
        make_dirs(real.parent)
    except OSError as exc:
        raise StorageError(f"cannot create folder {real.parent}: {exc.strerror}") from exc
    if not real.exists():
        _create_private_file(real)
        return
    mode = real.stat().st_mode
    if not stat.S_ISREG(mode):
        raise StorageError(f"database path {path} is not a regular file")
    if real.stat().st_size == 0 and mode & 0o077:
        try:
            os.chmod(real, 0o600)
        except OSError as exc:
            raise StorageError(f"cannot make {path} private: {exc.strerror}") from exc


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


def check_ours(connection: sqlite3.Connection, path: Path) -> int:
    """The schema version of a meetup-tracker database; StorageError, before anything is
    written, for another program's database or one from a newer meetup-tracker."""
    from meetup_tracker.storage.migrations import refuse_foreign, refuse_newer

    current = schema_version(connection)
    tables = sorted(
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    if (current == 0 and tables) or (current > 0 and "schema_migrations" not in tables):
        refuse_foreign(str(path), tables, "give another file with --db")
    refuse_newer(str(path), current)
    return current


def upgrade(path: Path) -> None:
    """Bring the schema up to date in one transaction, after copying an older file aside.

    Foreign keys are off while the migrations run (a table rebuilt is dropped and made again;
    with them on, dropping a table would take the rows that point at it along), and checked
    before the commit."""
    from meetup_tracker.storage.migrations import LATEST, MIGRATIONS

    connection = connect(path)
    try:
        current = check_ours(connection, path)
        if current == LATEST:
            return
        if current == 0:
            # Journal mode cannot change inside a transaction; WAL persists in the file once set.
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(connection)  # another process may have upgraded meanwhile
            if 0 < current < LATEST:
                backup_file(path, path.with_name(f"{path.name}.bak-{current}"))
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                migration.sqlite(connection)
                connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (
                        migration.version,
                        migration.name,
                        datetime.now(UTC).isoformat(timespec="seconds"),
                    ),
                )
                connection.execute(f"PRAGMA user_version = {migration.version}")
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StorageError(f"the upgrade of {path} would leave {len(broken)} broken rows")
            connection.execute("COMMIT")
        except BaseException:
            # SQLite rolls back by itself on a full disk; a second ROLLBACK would hide why.
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()


def backup_file(source: Path, target: Path) -> None:
    """A consistent copy of a database through SQLite's backup API, readable by its owner only,
    never left half-made (see `files.private_path`)."""
    from meetup_tracker.files import private_path

    with private_path(target) as partial:
        src = connect_read_only(source) if untouchable(source) else sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            except sqlite3.OperationalError as exc:
                if disk_full(partial.parent):
                    raise StorageError(
                        f"the disk holding {target} is full: no backup was written",
                        hint="free some space, or give a folder on another disk",
                    ) from exc
                raise
            finally:
                dst.close()
        finally:
            src.close()
