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
    from meetup_tracker.geo.road_route import RoadRoute
    from meetup_tracker.maps.model import Journey
    from meetup_tracker.pg import PgDatabase
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.places import Located
    from meetup_tracker.services.views import ContactFilter

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


ViaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--via",
        help="A place the road must pass that is not a stop (repeatable).",
        show_default=False,
        metavar="PLACE",
    ),
]
StraightOption = Annotated[
    bool,
    typer.Option("--straight", help="Straight great-circle legs instead of the roads."),
]
MapOption = Annotated[
    bool,
    typer.Option("--map", help="Draw a map too (in braille; only on a terminal)."),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")]
AheadOption = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Accept a date more than two years ahead without asking."),
]
TagFilterOption = Annotated[
    str | None,
    typer.Option("--tag", help="Only contacts with this tag.", show_default=False, metavar="TAG"),
]


MetOption = Annotated[bool, typer.Option("--met", help="Only people you have met in person.")]
NotMetOption = Annotated[
    bool, typer.Option("--not-met", help="Only people you have not met in person yet.")
]
PlatformOption = Annotated[
    str | None,
    typer.Option(
        "--platform",
        help="Only people with a handle there: twitter (or x), mastodon, bluesky, linkedin...",
        show_default=False,
        metavar="NAME",
    ),
]
NearOption = Annotated[
    str | None,
    typer.Option(
        "--near",
        help="Only people living near this place (see --within).",
        show_default=False,
        metavar="PLACE",
    ),
]
SinceBeforeOption = Annotated[
    str | None,
    typer.Option(
        "--since-before",
        help="Only people you have known since before this date.",
        show_default=False,
        metavar="DATE",
    ),
]


@dataclass
class Who:
    """The contact filters typed on a command line, before the database is open."""

    met: bool = False
    not_met: bool = False
    tag: str | None = None
    platform: str | None = None
    near: str | None = None
    within: str | None = None
    since_before: str | None = None

    def resolve(self, conn: Sql) -> ContactFilter:
        """The filter, with dates read, the place found and the distance in km."""
        from meetup_tracker.dates import parse_date
        from meetup_tracker.errors import InvalidInput
        from meetup_tracker.services.views import ContactFilter

        if self.met and self.not_met:
            raise InvalidInput("--met and --not-met exclude each other; give one")
        if self.within is not None and self.near is None:
            raise InvalidInput("--within needs --near PLACE")
        chosen = ContactFilter(
            met=True if self.met else (False if self.not_met else None),
            tag=self.tag,
            platform=self.platform,
            since_before=parse_date(self.since_before) if self.since_before else None,
        )
        if self.near is not None:
            center = waypoint(self.near)
            chosen.near = (center.lat, center.lon, radius_km(conn, self.within))
        return chosen


def far_ahead_confirmed(day: date, *, yes: bool) -> bool:
    """Whether a date more than two years ahead is meant (a plan) rather than a typo (2062
    for 2026, which would hide someone from `unmet` for decades). A person is asked; a
    script gets an error unless it passed --yes."""
    from meetup_tracker.dates import today
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.output import message, stdin_is_terminal
    from meetup_tracker.services.interactions import FAR_AHEAD_DAYS

    ahead = (day - today()).days
    if yes or ahead <= FAR_AHEAD_DAYS:
        return True
    years = ahead // 365
    if not stdin_is_terminal():
        raise InvalidInput(
            f"{day.isoformat()} is {years} years ahead (is the year a typo?)",
            hint="add --yes to record a plan that far ahead",
        )
    if typer.confirm(f"{day.isoformat()} is {years} years ahead. Record it as planned?", err=True):
        return True
    message("nothing recorded")
    return False


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

    db_option: Path | str | None = None
    _database: Database | PgDatabase | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path | str:
        """The database file (or team database URL) this invocation uses."""
        from meetup_tracker.paths import resolve_db_path

        return resolve_db_path(self.db_option)

    @property
    def shown_db(self) -> Path | str:
        """The database as it may be printed: a URL without its password."""
        found = self.db_path
        if isinstance(found, str):
            from meetup_tracker.pg import redact

            return redact(found)
        return found

    @property
    def database(self) -> Database | PgDatabase:
        """The database, opened (and upgraded) on first use."""
        if self._database is None:
            found = self.db_path
            if isinstance(found, str):
                from meetup_tracker.pg import PgDatabase

                self._database = PgDatabase(found)
            else:
                from meetup_tracker.db import Database

                self._database = Database(found)
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


def road(conn: Sql, waypoints: list[Waypoint], *, from_home: bool) -> list[Waypoint]:
    """The places of a route, from home when asked or when only one is given."""
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.services import config

    if not (from_home or len(waypoints) == 1):
        return waypoints
    home = config.home(conn=conn)
    if home is None:
        raise InvalidInput(
            "a route needs at least two places, or a home to start from",
            hint="meetup config set home PLACE, or name where you start",
        )
    return [home, *waypoints]


def vias(texts: list[str] | None) -> list[Waypoint]:
    """The --via places, resolved like any waypoint."""
    return [waypoint(text) for text in texts or ()]


def say_straight_legs(waypoints: list[Waypoint], road: RoadRoute | None) -> None:
    """Once, on stderr: the legs that found no road and are drawn straight."""
    from meetup_tracker import output
    from meetup_tracker.services.nearby import straight_legs

    if road is not None:
        for note in straight_legs(waypoints, road):
            output.hold(note)


def terminal_map(conn: Sql, journey: Journey) -> None:
    """A braille map of a journey and the people around it, on a terminal only."""
    from meetup_tracker.maps import terminal
    from meetup_tracker.maps.model import build
    from meetup_tracker.output import stdout_is_terminal
    from meetup_tracker.services.views import ContactFilter

    if stdout_is_terminal():
        data = build(
            conn=conn, title=journey.name, chosen=ContactFilter(), journey=journey, clip=True
        )
        terminal.show(data)


def radius_km(conn: Sql, within: str | None) -> float:
    """The --within option in km (a bare number is in the configured unit)."""
    from meetup_tracker.geo.units import parse_distance
    from meetup_tracker.services import config
    from meetup_tracker.services.nearby import DEFAULT_RADIUS_KM

    if within is None:
        return DEFAULT_RADIUS_KM
    return parse_distance(within, unit=config.units(conn=conn))
