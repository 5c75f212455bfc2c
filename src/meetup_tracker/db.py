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
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from meetup_tracker.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 30_000


class Sql(Protocol):
    """A database connection as the services use it: SQL text with `:name` parameters,
    rows as tuples. A sqlite3 connection is one; the team's PostgreSQL gets an adapter."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any:
        """Run a statement; the result iterates rows and has fetchone/fetchall/fetchmany."""

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        """Run a statement once for each set of parameters (bulk work)."""


def in_list(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`(:id0, :id1, ...)` and its parameters, for `WHERE x IN ...` with any engine; an empty
    list matches nothing."""
    if not values:
        return "(NULL)", {}
    names = [f"{prefix}{i}" for i in range(len(values))]
    return "(" + ", ".join(f":{n}" for n in names) + ")", dict(zip(names, values, strict=True))


def insert(conn: Sql, table: str, values: dict[str, Any]) -> int:
    """Insert one row and return its id (RETURNING, on both engines); an `id` of None lets
    the database choose."""
    columns = [name for name, value in values.items() if name != "id" or value is not None]
    listed = ", ".join(columns)
    marks = ", ".join(f":{name}" for name in columns)
    sql = f"INSERT INTO {table} ({listed}) VALUES ({marks}) RETURNING id"
    return int(conn.execute(sql, {name: values[name] for name in columns}).fetchone()[0])


def stream(conn: Sql, sql: str, params: dict[str, Any]) -> Any:
    """A query whose rows are read as they are wanted: a first page of a long list costs a
    page. SQLite's cursor does that by itself; PostgreSQL's needs a server-side cursor."""
    streaming = getattr(conn, "stream", None)
    return streaming(sql, params) if streaming is not None else conn.execute(sql, params)


def day(value: Any) -> str | None:
    """A date column as the ISO text every read model carries (SQLite gives text)."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


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
        self.changed = False  # a write transaction of this command has been committed

    def prepare(self) -> None:
        """Create the file (mode 0600), check that it is ours, and bring its schema up to
        date, once per process."""
        if not self._ready:
            _ensure_file(self.path)
            upgrade(self.path)
            self._ready = True

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A plain connection in one read transaction: what every reading command uses, with
        no ORM in the way (SQLite's answer takes milliseconds; importing SQLModel does not).
        The schema is checked with one look at it, and upgraded first only when it must be."""
        connection = self._current()
        try:
            connection.execute("BEGIN")
            yield connection
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()

    def _current(self) -> sqlite3.Connection:
        if not self._ready and self.path.is_file() and self.path.stat().st_size:
            from meetup_tracker.migrations import LATEST

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
        engine = self.engine.execution_options(meetup_write=True) if write else self.engine
        with orm_transaction(engine) as session:
            yield session
        self.changed = self.changed or write

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection in one transaction, for bulk work."""
        self.prepare()
        connection = connect(self.path)
        try:
            begin(connection, write=write)
            try:
                yield connection
                if connection.in_transaction:
                    connection.execute("COMMIT")
                    self.changed = self.changed or write
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


@contextmanager
def orm_transaction(
    engine: Engine, first: tuple[str, dict[str, Any]] | None = None
) -> Iterator[Session]:
    """An ORM session in one transaction, on either engine: committed when the block ends,
    rolled back on error; `first` runs before anything else (a team database's write lock).
    Every session records the authors of what it writes (record_authors)."""
    from sqlmodel import Session

    record_authors()
    with Session(engine, expire_on_commit=False) as session:
        try:
            if first is not None:
                from sqlalchemy import text

                session.execute(text(first[0]), first[1])
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def raw(session: Session) -> Sql:
    """The plain connection under a write session, in its transaction: the read services
    (which take a `Sql`) work inside a write command too."""
    connection: Any = session.connection().connection.driver_connection
    if isinstance(connection, sqlite3.Connection):
        return connection
    from meetup_tracker.pg import PgSql

    return PgSql(connection)


def record_authors() -> None:
    """Every ORM session stamps who created and changed the contacts, meetings and trips it
    writes (whoami); on a team database the server's trigger has the last word."""
    from sqlmodel import Session

    global _AUTHORS_LISTENING
    if _AUTHORS_LISTENING:
        return
    from sqlalchemy import event

    event.listen(Session, "before_flush", _stamp_authors)
    _AUTHORS_LISTENING = True


_AUTHORS_LISTENING = False


def _stamp_authors(session: Session, _context: Any, _instances: Any) -> None:
    from meetup_tracker.models import Contact, Interaction, Trip

    kinds = (Contact, Interaction, Trip)
    new = [o for o in session.new if isinstance(o, kinds)]
    changed = [o for o in session.dirty if isinstance(o, kinds) and session.is_modified(o)]
    if not new and not changed:
        return
    by = session.info.get("by") or whoami(raw(session))
    session.info["by"] = by
    for item in new:
        item.created_by = item.created_by or by
        item.updated_by = by
    for item in changed:
        item.updated_by = by


def is_team(conn: Sql) -> bool:
    """Whether a connection is to a team's PostgreSQL database."""
    return not isinstance(conn, sqlite3.Connection)


def owner(conn: Sql) -> str:
    """Whose settings a connection reads and writes: on a team database the connected role
    (home and units are each person's own), on a file its one user ('')."""
    if not is_team(conn):
        return ""
    from meetup_tracker.pg import PgSql

    assert isinstance(conn, PgSql)
    return conn.role


def whoami(conn: Sql) -> str:
    """Who is making a change: on a team database the connected role (the server says so, and
    its triggers write it); on a file `meetup config set user NAME`, else the system user."""
    if is_team(conn):
        return owner(conn)
    row = conn.execute("SELECT value FROM config WHERE owner = '' AND key = 'user'").fetchone()
    if row is not None and str(row[0]).strip():
        return str(row[0])
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def after_import(conn: Sql, tables: Sequence[str]) -> None:
    """After a bulk import: the next new id must come after the ids rows were written with (a
    restored backup), and the planner must know the tables' new sizes. SQLite does both by
    itself; on PostgreSQL the identity sequences are moved and the tables analyzed (until
    autovacuum gets to them, a first query could pick a plan made for an empty table)."""
    if not is_team(conn):
        return
    for table in tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )
    for table in (*tables, "handle", "tag", "attendee", "stop"):
        conn.execute(f"ANALYZE {table}")


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
        begin(conn.connection.driver_connection, write=write)

    return engine


WAIT_NOTICE_MS = 1000  # a writer waiting longer than this says so


def begin(connection: sqlite3.Connection, *, write: bool) -> None:
    """Begin a transaction; a write takes the write lock now (BEGIN IMMEDIATE), waiting for
    another writer, and saying so on stderr when the wait passes a second."""
    if not write:
        connection.execute("BEGIN")
        return
    connection.execute(f"PRAGMA busy_timeout = {WAIT_NOTICE_MS}")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        from meetup_tracker import output

        output.message("waiting for another meetup command to finish writing...")
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS - WAIT_NOTICE_MS}")
        connection.execute("BEGIN IMMEDIATE")
    finally:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _ensure_file(path: Path) -> None:
    """The database file exists and only its owner can read it: a symbolic link is followed
    (a dangling one too: the file is made where it points), and an empty file is made
    private before SQLite writes into it."""
    if path.is_dir():
        raise StorageError(f"database path {path} is a directory", hint="give a file name")
    real = Path(os.path.realpath(path))
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
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
    from meetup_tracker.migrations import LATEST

    current = schema_version(connection)
    tables = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if (current == 0 and tables) or (current > 0 and "schema_migrations" not in tables):
        shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise StorageError(
            f"{path} is not a meetup-tracker database (it has the tables {shown})",
            hint="give another file with --db",
        )
    if current > LATEST:
        raise StorageError(
            f"{path} was made by a newer meetup-tracker"
            f" (schema {current}; this one knows {LATEST})",
            hint="upgrade meetup-tracker to open it",
        )
    return current


def upgrade(path: Path) -> None:
    """Bring the schema up to date in one transaction, after copying an older file aside."""
    from meetup_tracker.migrations import LATEST, MIGRATIONS

    connection = connect(path)
    try:
        current = check_ours(connection, path)
        if current == LATEST:
            return
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
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
