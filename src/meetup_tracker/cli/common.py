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

    from meetup_tracker.db import Database, Sql
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.places import Located

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
        metavar="N",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="When: 2026-05-12, '12 May 2026', 'yesterday', '3 days ago', 'last friday'."
        " Default: today.",
        show_default=False,
        metavar="DATE",
    ),
]


YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")]
TagFilterOption = Annotated[
    str | None,
    typer.Option("--tag", help="Only contacts with this tag.", show_default=False, metavar="TAG"),
]


def confirmed(question: str, *, yes: bool) -> bool:
    """Ask before a removal (unless --yes); say so on stderr when the answer is no."""
    if yes or typer.confirm(question, err=True):
        return True
    from meetup_tracker import output

    output.message("nothing removed")
    return False


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
    """A session on the chosen database, in one transaction (all or nothing): for the
    commands that write."""
    with state(ctx).database.session(write=write) as s:
        yield s


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Sql]:
    """A plain connection in one read transaction: for the commands that only read (no ORM
    is imported to answer them)."""
    with state(ctx).database.reading() as conn:
        yield conn


def parse_date_option(value: str | None) -> date:
    """A --on/--since value as a date, or today when not given."""
    from meetup_tracker.dates import parse_date, today

    return today() if value is None else parse_date(value)


LatOption = Annotated[
    float | None,
    typer.Option(
        "--lat",
        help="Latitude, for a place the gazetteer lacks (with --lon).",
        show_default=False,
        metavar="DEGREES",
    ),
]
LonOption = Annotated[
    float | None,
    typer.Option(
        "--lon",
        help="Longitude, for a place the gazetteer lacks (with --lat).",
        show_default=False,
        metavar="DEGREES",
    ),
]
WithinOption = Annotated[
    str | None,
    typer.Option(
        "--within",
        metavar="DIST",
        help="How far: 50, 50km or 30mi (a bare number is in your units). Default: 50 km.",
        show_default=False,
    ),
]


def locate(text: str | None, lat: float | None = None, lon: float | None = None) -> Located | None:
    """Resolve a place option, telling the user on stderr which place an ambiguous name meant
    (once the command has accepted the rest of its input)."""
    from meetup_tracker import output
    from meetup_tracker.services import places

    location = places.locate(text, lat, lon)
    if location is not None and location.notice:
        output.hold(location.notice)
    return location


def waypoint(text: str) -> Waypoint:
    """A place typed on the command line as a route waypoint, home or stop (it must resolve)."""
    from meetup_tracker import output
    from meetup_tracker.services import places

    found, notice = places.waypoint(text)
    if notice:
        output.hold(notice)
    return found


def radius_km(conn: Sql, within: str | None) -> float:
    """The --within option in km (a bare number is in the configured unit)."""
    from meetup_tracker.geo.units import parse_distance
    from meetup_tracker.services import config
    from meetup_tracker.services.nearby import DEFAULT_RADIUS_KM

    if within is None:
        return DEFAULT_RADIUS_KM
    return parse_distance(within, unit=config.units(conn=conn))
