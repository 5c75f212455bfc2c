"""A connection as every service uses it, on either engine: SQL text with `:name` parameters
(bulk statements may use `?`), rows as tuples, dates and times read as ISO text.

A connection also answers the questions team features ask, as capabilities rather than as
an engine's name: whether several people share the database (`shared`), who is writing
(`author`), and whose settings are read (`owner`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

PARAMS = 500  # values per IN list: well under every engine's limit
# A writer waits this long for another's write to finish (on either engine), saying so once
# the wait passes WAIT_NOTICE_MS.
BUSY_TIMEOUT_MS = 30_000
WAIT_NOTICE_MS = 1000


class Sql:
    """One connection, in one transaction opened by its store."""

    # Several people share this database (a team's): each has their own settings, and who has
    # met whom is worth showing. A personal file is not shared.
    shared = False

    def __init__(self) -> None:
        self._author: str | None = None

    def execute(self, sql: str, parameters: Any = None, /) -> Any:
        """Run a statement; the result iterates rows and has fetchone/fetchall/fetchmany."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any:
        """Run a statement once for each row of parameters (bulk work)."""
        raise NotImplementedError

    def stream(self, sql: str, parameters: Any = None, /) -> Any:
        """A query whose rows are read as they are wanted: a first page of a long list costs a
        page."""
        return self.execute(sql, parameters)

    def columns(self, table: str) -> dict[str, str]:
        """A table's columns as the database has them, in order, each with its kind: `int`,
        `real`, `text`, `bool`, `date` or `timestamp`."""
        raise NotImplementedError

    def role(self) -> str | None:
        """The name the server knows the connected person by (a team database's role), or
        None where there is no server to ask (a file)."""
        return None

    def after_bulk_insert(self, tables: Sequence[str]) -> None:
        """What an engine needs after rows were written with chosen ids (a restore): by
        default nothing."""

    @property
    def owner(self) -> str:
        """Whose settings this connection reads and writes: on a shared database the connected
        person's own; on a file its one user's ('')."""
        return self.role() or ""

    @property
    def author(self) -> str:
        """Who is making a change: the connected role where the server knows it; on a file
        `meetup config set user NAME`, else the system user."""
        if self._author is None:
            self._author = self.role() or self._configured_user() or _system_user()
        return self._author

    def _configured_user(self) -> str | None:
        row = self.execute("SELECT value FROM config WHERE owner = '' AND key = 'user'").fetchone()
        return str(row[0]) if row is not None and str(row[0]).strip() else None


def _system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def in_list(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`(:id0, :id1, ...)` and its parameters, for `WHERE x IN ...` with any engine; an empty
    list matches nothing."""
    if not values:
        return "(NULL)", {}
    names = [f"{prefix}{i}" for i in range(len(values))]
    return "(" + ", ".join(f":{n}" for n in names) + ")", dict(zip(names, values, strict=True))


def chunks(values: Sequence[Any], size: int = PARAMS) -> Iterable[Sequence[Any]]:
    """A long list of values in pieces small enough for one IN (...) list."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def marks(values: Sequence[Any]) -> str:
    """`?, ?, ?` for an IN list of these values."""
    return ", ".join("?" for _ in values)


def day(value: Any) -> str | None:
    """A date or time column as the ISO text every read model carries."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def stamp_text(value: Any) -> str:
    """A time as it is stored and backed up: UTC, to the second (`2026-05-12 09:30:00`),
    from a datetime or from the text either engine gives back."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    # isoformat, not strftime: it writes the year with its four digits (0001) on every system.
    return str(when.replace(microsecond=0, tzinfo=None).isoformat(sep=" "))
