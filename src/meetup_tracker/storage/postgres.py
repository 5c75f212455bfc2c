"""A team's database on a PostgreSQL server: the same SQL text as on SQLite, through an
adapter, with what only PostgreSQL needs kept here.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from meetup_tracker.errors import StorageError
from meetup_tracker.storage.health import Health
from meetup_tracker.storage.sql import BUSY_TIMEOUT_MS, WAIT_NOTICE_MS, Sql

if TYPE_CHECKING:
    import psycopg

SCHEMES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x6D656574  # "meet": the advisory lock every write transaction holds
SCHEMA_LOCK = 0x73636865  # "sche": held while the schema is created or upgraded
EXTRA = "meetup-tracker[postgres]"


def is_url(value: object) -> bool:
    """Whether a --db value names a PostgreSQL database rather than a file."""
    return isinstance(value, str) and value.startswith(SCHEMES)


_SECRET_PARAMETER = re.compile(r"(?i)\b((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)")
# The secrets of the URLs this process has opened: every message from the driver is scrubbed
# of them, whatever libpq chose to quote.
_secrets: set[str] = set()


def redact(url: str) -> str:
    """The URL with any password taken out, whatever it holds (`/`, `#`, `?`, `[`, `@`,
    spaces, `%xx`): read by hand, never by a URL parser that a stray character can derail.
    The user part runs to the last `@` (libpq reads it so, and a password may hold `@`); a
    password is whatever follows its first `:`; `password=` and `sslpassword=` anywhere after
    are starred too."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return _SECRET_PARAMETER.sub(r"\1***", url)
    userinfo, at, host = rest.rpartition("@")
    if at:
        user, colon, _password = userinfo.partition(":")
        rest = f"{user}{':***' if colon else ''}@{host}"
    return scheme + "://" + _SECRET_PARAMETER.sub(r"\1***", rest)


def remember_secrets(url: str) -> None:
    """Keep the URL's password (as typed and as decoded) for `scrub`."""
    from urllib.parse import unquote

    _, separator, rest = url.partition("://")
    userinfo, at, _host = rest.rpartition("@")
    found = [userinfo.partition(":")[2]] if separator and at else []
    found += [m.group(2).strip("'") for m in _SECRET_PARAMETER.finditer(rest)]
    for secret in found:
        for form in (secret, unquote(secret)):
            if len(form) >= 1:
                _secrets.add(form)


def scrub(text: str) -> str:
    """A driver's message without any password this process knows, nor any it quotes."""
    text = _SECRET_PARAMETER.sub(r"\1***", text)
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


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
    text = scrub(text.replace(url, redact(url)))
    text = re.sub(r"^connection failed: ", "", text)
    return StorageError(
        f"team database {redact(url)}: {text}", hint="nothing was saved; check the server and URL"
    )


class PgSql(Sql):
    """A psycopg connection as the services use one."""

    shared = True

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        super().__init__()
        self.connection = connection
        self._role: str | None = None

    def role(self) -> str:
        """The connected role (`current_user`), asked once per connection."""
        if self._role is None:
            self._role = str(self.execute("SELECT current_user").fetchone()[0])
        return self._role

    def execute(self, sql: str, parameters: Any = None, /) -> Any:
        cursor = _dates_as_text(self.connection.cursor())
        cursor.execute(pyformat(sql), parameters or None)
        return cursor

    def stream(self, sql: str, parameters: Any = None, /) -> Any:
        """A query read through a server-side cursor, a batch at a time."""
        cursor = _dates_as_text(self.connection.cursor(name=f"meetup_{next(_CURSOR_NAMES)}"))
        cursor.itersize = 2000
        cursor.execute(pyformat(sql), parameters or None)
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any:
        """Run a statement once per row of parameters, in one round of the protocol."""
        cursor = _dates_as_text(self.connection.cursor())
        cursor.executemany(pyformat(sql), list(rows))
        return cursor

    def columns(self, table: str) -> dict[str, str]:
        found = self.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position",
            {"t": table},
        )
        return {str(name): KINDS[str(kind)] for name, kind in found}

    def after_bulk_insert(self, tables: Sequence[str]) -> None:
        """The next new id must come after the ids rows were written with (a restored
        backup), and the planner must know the tables' new sizes: until autovacuum gets to
        them, a first query could pick a plan made for an empty table."""
        from meetup_tracker.storage.registry import TABLES

        with_ids = {t.name for t in TABLES if t.has_id}
        for table in tables:
            if table in with_ids:
                self.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
        for table in tables:
            self.execute(f"ANALYZE {table}")


_CURSOR_NAMES = itertools.count()
KINDS = {
    "bigint": "int",
    "integer": "int",
    "double precision": "real",
    "text": "text",
    "date": "date",
    "timestamp without time zone": "timestamp",
    "boolean": "bool",
}


Cursor = TypeVar("Cursor", "psycopg.Cursor[Any]", "psycopg.ServerCursor[Any]")


def _dates_as_text(cursor: Cursor) -> Cursor:
    """The cursor, reading dates and times as the ISO text SQLite gives."""
    from psycopg.types.string import TextLoader

    for name in ("date", "timestamp", "timestamptz"):
        cursor.adapters.register_loader(name, TextLoader)
    return cursor


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection in UTC, with dates read as text; one line and exit 1 if it fails."""
    psycopg = _import_psycopg()
    remember_secrets(url)
    _quiet_driver_log()
    try:
        connection = psycopg.connect(url, options=_options(url), connect_timeout=15)
    except psycopg.Error as exc:
        raise connection_error(exc, url) from None
    return connection  # type: ignore[no-any-return]


def _options(url: str) -> str:
    """The server options the URL gives (`options=-c default_transaction_read_only=on`,
    `-csearch_path=...`), with ours after them: the session must be in UTC."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = str(conninfo_to_dict(url).get("options") or "")
    except Exception:
        given = ""
    return f"{given} -c TimeZone=UTC".strip()


def _quiet_driver_log() -> None:
    """What libpq and psycopg log (a lost server's pipeline warnings, with its addresses)
    never reaches the user's terminal: our one line says what happened."""
    import logging

    log = logging.getLogger("psycopg")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
        log.propagate = False


class PostgresStore:
    """A meetup-tracker database on a PostgreSQL server, created and upgraded on first use."""

    backup_suffix = ".json"

    def __init__(self, url: str, *, on_wait: Callable[[str], None] | None = None) -> None:
        self.url = url
        self.shown = redact(url)
        self.changed = False
        self._ready = False
        self._on_wait = on_wait or (lambda _text: None)

    def prepare(self) -> None:
        """Check that the database is ours and bring its schema up to date, once."""
        self._connect().close()

    def _connect(self) -> psycopg.Connection[Any]:
        """A connection, idle, to a database whose schema has been checked (the first one of
        a process checks it, and upgrades it if need be)."""
        connection = connect(self.url)
        if not self._ready:
            try:
                upgrade(PgSql(connection), self.shown)
            except BaseException:
                connection.close()
                raise
            self._ready = True
        return connection

    @contextmanager
    def reading(self) -> Iterator[Sql]:
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
    def writing(self, *, dry_run: bool = False) -> Iterator[Sql]:
        """One write transaction holding the team's write lock; committed when the block
        ends, rolled back on error or for a dry run."""
        connection = self._connect()
        try:
            self._take_write_lock(connection)
            yield PgSql(connection)
            if dry_run:
                connection.rollback()
            else:
                connection.commit()
                self.changed = True
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()

    def _take_write_lock(self, connection: psycopg.Connection[Any]) -> None:
        """The team's write lock: waited for as SQLite waits for its own (saying so after a
        second, giving up after 30 s in one line), the wait held in a savepoint so that a
        timeout leaves the transaction usable."""
        from psycopg import errors

        take = "SELECT pg_advisory_xact_lock(%s)"
        connection.execute(f"SET LOCAL lock_timeout = {WAIT_NOTICE_MS}")
        connection.execute("SAVEPOINT write_lock")
        try:
            connection.execute(take, (WRITE_LOCK,))
        except errors.LockNotAvailable:
            connection.execute("ROLLBACK TO SAVEPOINT write_lock")
            self._on_wait("waiting for another meetup command to finish writing...")
            connection.execute(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS - WAIT_NOTICE_MS}")
            try:
                connection.execute(take, (WRITE_LOCK,))
            except errors.LockNotAvailable:
                raise StorageError(
                    f"the team database {self.shown} is busy: another meetup command has been"
                    f" writing for {BUSY_TIMEOUT_MS // 1000} s; nothing was saved",
                    hint="run the command again once it has finished",
                ) from None
        connection.execute("RELEASE SAVEPOINT write_lock")
        connection.execute("SET LOCAL lock_timeout = 0")

    def check(self) -> Health:
        """The schema version, rows that point at nothing, and the size."""
        from meetup_tracker.storage.health import orphans
        from meetup_tracker.storage.migrations import LATEST

        health = Health(self.shown, 0, LATEST, 0, engine_checks="the schema and references")
        with self.reading() as conn:
            assert isinstance(conn, PgSql)
            health.schema = schema_version(conn) or 0
            health.broken_references = orphans(conn)
            health.contacts = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
        if health.schema != LATEST:
            health.integrity = [f"schema {health.schema}, expected {LATEST}"]
        return health

    def backup(self, target: Path, *, force: bool, export: Callable[[Sql], Iterable[str]]) -> str:
        """The database as its lossless JSON export (`meetup import` restores it), written
        whole or not at all, readable by its owner only. Returns what was written."""
        from meetup_tracker.files import private_output

        with self.reading() as conn, private_output(target) as file:
            for chunk in export(conn):
                file.write(chunk.encode("utf-8"))
        return "export"

    def close(self) -> None:
        """Nothing stays open between transactions."""


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
    from meetup_tracker.storage.migrations import (
        LATEST,
        MIGRATIONS,
        POSTGRES_VERSION,
        postgres_statements,
        refuse_foreign,
        refuse_newer,
    )

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
                refuse_foreign(shown, tables, "give another database with --db")
            for statement in postgres_statements():
                conn.execute(statement)
            _record(conn, POSTGRES_VERSION, "the schema, created on PostgreSQL")
            version = POSTGRES_VERSION
        refuse_newer(shown, version)
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
