"""The team's PostgreSQL database: the same services and SQL text as on SQLite, through an
adapter, with what only PostgreSQL needs kept here (with db.py, the storage seam).

- A URL (`postgresql://user@host/db?sslmode=require`) names the database; libpq finds the
  password as usual (`~/.pgpass`, `PGPASSWORD`, the URL). It is never printed: `redact`.
- The services write `:name` (and the bulk paths `?`) parameters; `pyformat` turns them
  into psycopg's `%(name)s` and `%s`. Dates and times are read back as the ISO text SQLite
  gives, so every read model sees the same types on both engines.
- Every write transaction first takes one transaction-level advisory lock: writers queue up
  as SQLite's BEGIN IMMEDIATE makes them, so a read-modify-write (a merge, an edit) never
  races another and loses it under READ COMMITTED.
- The schema is created from `migrations.POSTGRES_SCHEMA` (the schema at its version) and
  upgraded by the migrations after it, under an advisory lock, in one transaction.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from meetup_tracker.errors import StorageError

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import Engine
    from sqlmodel import Session

SCHEMES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x6D656574  # "meet": the advisory lock every write transaction holds
SCHEMA_LOCK = 0x73636865  # "sche": held while the schema is created or upgraded
EXTRA = "meetup-tracker[postgres]"


def is_url(value: object) -> bool:
    """Whether a --db value names a PostgreSQL database rather than a file."""
    return isinstance(value, str) and value.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL with any password taken out (from the user part and the query)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = urlencode(
        [(k, "***" if k.lower() == "password" else v) for k, v in parse_qsl(parts.query)],
        safe="/%",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


_TOKEN = re.compile(r"'(?:[^']|'')*'|::|:([A-Za-z_]\w*)|\?|%")


@lru_cache(maxsize=512)
def pyformat(sql: str) -> str:
    """SQL with `:name` and `?` parameters, as psycopg writes them (`%(name)s`, `%s`); a `%`
    of the text itself doubled, string literals and `::` casts left alone."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.replace("%", "%%")
        if token == "::":
            return token
        if match.group(1):
            return f"%({match.group(1)})s"
        return "%s" if token == "?" else "%%"

    return _TOKEN.sub(replace, sql)


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StorageError(
            "a postgresql:// database needs the PostgreSQL driver",
            hint=f"pip install '{EXTRA}'",
        ) from None
    return psycopg


def connection_error(exc: BaseException, url: str) -> StorageError:
    """One line for a connection that failed or was lost: what libpq said, password-free."""
    text = " ".join(str(exc).split())
    text = text.replace(url, redact(url))
    text = re.sub(r"password=\S+", "password=***", text)
    text = re.sub(r"^connection failed: ", "", text)
    return StorageError(
        f"team database {redact(url)}: {text}", hint="nothing was saved; check the server and URL"
    )


class PgSql:
    """A psycopg connection as the services use one (see db.Sql)."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection
        self._role: str | None = None

    @property
    def role(self) -> str:
        """The connected role (`current_user`), asked once per connection."""
        if self._role is None:
            self._role = str(self.execute("SELECT current_user").fetchone()[0])
        return self._role

    def execute(self, sql: str, parameters: Any = None, /) -> Any:
        """Run a statement; the cursor iterates tuples and has fetchone/fetchall/fetchmany."""
        cursor = _dates_as_text(self.connection.cursor())
        cursor.execute(pyformat(sql), parameters or None)
        return cursor

    def stream(self, sql: str, parameters: Any = None, /) -> Any:
        """A query read through a server-side cursor, a batch at a time (db.stream)."""
        cursor = _dates_as_text(self.connection.cursor(name=f"meetup_{next(_CURSOR_NAMES)}"))
        cursor.itersize = 2000
        cursor.execute(pyformat(sql), parameters or None)
        return cursor

    def executemany(self, sql: str, rows: Iterable[Any], /) -> Any:
        """Run a statement once per row of parameters, in one round of the protocol."""
        cursor = _dates_as_text(self.connection.cursor())
        cursor.executemany(pyformat(sql), list(rows))
        return cursor

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        from psycopg.pq import TransactionStatus

        return self.connection.info.transaction_status != TransactionStatus.IDLE


_CURSOR_NAMES = itertools.count()


Cursor = TypeVar("Cursor", "psycopg.Cursor[Any]", "psycopg.ServerCursor[Any]")


def _dates_as_text(cursor: Cursor) -> Cursor:
    """The cursor, reading dates and times as the ISO text SQLite gives (the ORM's own
    cursors, on the same connection, keep reading them as Python dates)."""
    from psycopg.types.string import TextLoader

    for name in ("date", "timestamp", "timestamptz"):
        cursor.adapters.register_loader(name, TextLoader)
    return cursor


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection in UTC, with dates read as text; one line and exit 1 if it fails."""
    psycopg = _import_psycopg()
    try:
        connection = psycopg.connect(url, options="-c TimeZone=UTC", connect_timeout=15)
    except psycopg.Error as exc:
        raise connection_error(exc, url) from None
    return connection  # type: ignore[no-any-return]


class PgDatabase:
    """A meetup-tracker database on a PostgreSQL server, created and upgraded on first use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = redact(url)  # how it is shown
        self._engine: Engine | None = None
        self._ready = False
        self.changed = False

    def prepare(self) -> None:
        """Check that the database is ours and bring its schema up to date, once."""
        self._connect().close()

    def _connect(self) -> psycopg.Connection[Any]:
        """A connection, idle, to a database whose schema has been checked (the first one of
        a process checks it, and upgrades it if need be)."""
        connection = connect(self.url)
        if not self._ready:
            try:
                upgrade(PgSql(connection), self.path)
            except BaseException:
                connection.close()
                raise
            self._ready = True
        return connection

    @contextmanager
    def reading(self) -> Iterator[PgSql]:
        """One read-only transaction that sees one snapshot of the data."""
        connection = self._connect()  # first: it says so when the driver is missing
        from psycopg import IsolationLevel

        try:
            connection.isolation_level = IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            yield PgSql(connection)
        finally:
            connection.rollback()
            connection.close()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[PgSql]:
        """A plain connection in one transaction, for bulk work; a write holds the lock."""
        connection = self._connect()
        try:
            with connection.transaction():
                if write:
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield PgSql(connection)
            self.changed = self.changed or write
        finally:
            connection.close()

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine for the ORM sessions."""
        if self._engine is None:
            self.prepare()
            self._engine = _engine(self.url)
        return self._engine

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction; a write first takes the write lock."""
        from meetup_tracker.db import orm_transaction

        lock = ("SELECT pg_advisory_xact_lock(:k)", {"k": WRITE_LOCK}) if write else None
        with orm_transaction(self.engine, first=lock) as session:
            yield session
        self.changed = self.changed or write

    def close(self) -> None:
        """Release every connection."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _engine(url: str) -> Engine:
    from sqlalchemy import create_engine

    _import_psycopg()
    _, _, rest = url.partition("://")
    return create_engine(
        f"postgresql+psycopg://{rest}",
        connect_args={"options": "-c TimeZone=UTC", "connect_timeout": 15},
    )


def schema_version(conn: PgSql) -> int | None:
    """The schema version; None for a database without our tables."""
    found = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not found[0]:
        return None
    found = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(found[0])


def _tables(conn: PgSql) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in rows]


def upgrade(conn: PgSql, shown: str) -> None:
    """Create the schema in an empty database, or apply the migrations it lacks: one
    transaction under an advisory lock, so two first commands never both create it."""
    from meetup_tracker.migrations import LATEST, MIGRATIONS, POSTGRES_VERSION, postgres_statements

    version = schema_version(conn)
    conn.connection.rollback()  # end the implicit transaction of that look
    if version == LATEST:
        return
    with conn.connection.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(:k)", {"k": SCHEMA_LOCK})
        version = schema_version(conn)  # another process may have done it meanwhile
        if version is None:
            tables = _tables(conn)
            if tables:
                listed = ", ".join(tables[:3]) + (", ..." if len(tables) > 3 else "")
                raise StorageError(
                    f"{shown} is not a meetup-tracker database (it has the tables {listed})",
                    hint="give another database with --db",
                )
            for statement in postgres_statements():
                conn.execute(statement)
            _record(conn, POSTGRES_VERSION, "the schema, created on PostgreSQL")
            version = POSTGRES_VERSION
        if version > LATEST:
            raise StorageError(
                f"{shown} was made by a newer meetup-tracker"
                f" (schema {version}; this one knows {LATEST})",
                hint="upgrade meetup-tracker to open it",
            )
        for migration in MIGRATIONS:
            if migration.version > version:
                if migration.postgres is None:
                    raise StorageError(f"migration {migration.version} has no PostgreSQL body")
                migration.postgres(conn)
                _record(conn, migration.version, migration.name)


def _record(conn: PgSql, version: int, name: str) -> None:
    conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :at)",
        {"v": version, "n": name, "at": datetime.now(UTC).isoformat(timespec="seconds")},
    )
