"""What every command shares: the options for output, and the database chosen by --db."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.db import Database

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print JSON on stdout (for scripts and jq) instead of a table."),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help="Show at most this many rows (0: all). A terminal shows 100 unless told otherwise.",
        show_default=False,
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="When: 2026-05-12, '12 May 2026', 'yesterday', '3 days ago', 'last friday'."
        " Default: today.",
        show_default=False,
    ),
]


@dataclass
class AppState:
    """Per-invocation state: the --db option, and the database opened when first needed."""

    db_option: Path | None = None
    _database: Database | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        """The database file this invocation uses."""
        from meetup_tracker.paths import resolve_db_path

        return resolve_db_path(self.db_option)

    @property
    def database(self) -> Database:
        """The database, opened (and upgraded) on first use."""
        if self._database is None:
            from meetup_tracker.db import Database

            self._database = Database(self.db_path)
        return self._database

    def close(self) -> None:
        """Release the database's connections."""
        if self._database is not None:
            self._database.close()


def state(ctx: typer.Context) -> AppState:
    """The AppState of the root command."""
    obj = ctx.find_root().obj
    if not isinstance(obj, AppState):
        obj = AppState()
        ctx.find_root().obj = obj
    return obj


@contextmanager
def session(ctx: typer.Context, *, write: bool = False) -> Iterator[Session]:
    """A session on the chosen database, in one transaction (all or nothing)."""
    with state(ctx).database.session(write=write) as s:
        yield s


def parse_date_option(value: str | None) -> date:
    """A --on/--since value as a date, or today when not given."""
    from meetup_tracker.dates import parse_date, today

    return today() if value is None else parse_date(value)
