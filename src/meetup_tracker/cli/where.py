"""Places typed on the command line: a city for a contact or a meeting, the waypoints of a
route, the radius around them, and the filters of who lives where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from meetup_tracker.geo.places import Place
    from meetup_tracker.geo.road_route import RoadRoute
    from meetup_tracker.maps.model import Journey
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.places import Located
    from meetup_tracker.services.views import ContactFilter
    from meetup_tracker.storage.sql import Sql


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

    def resolve(self, ctx: typer.Context, conn: Sql) -> ContactFilter:
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
            center = waypoint(ctx, self.near)
            chosen.near = (center.lat, center.lon, radius_km(conn, self.within))
        return chosen


def home(ctx: typer.Context) -> Place | None:
    """This invocation's home, as context for the place names typed (`AppState.home_place`):
    among places of similar size, the one near home is meant."""
    from meetup_tracker.cli.state import state

    return state(ctx).home_place()


def locate(
    ctx: typer.Context, text: str | None, lat: float | None = None, lon: float | None = None
) -> Located | None:
    """Resolve a place option, telling the user on stderr which place an ambiguous name meant
    (once the command has accepted the rest of its input); a guess to confirm is asked about
    on a terminal, and an error naming the candidates in a script."""
    from meetup_tracker import output
    from meetup_tracker.cli.ask import which_place
    from meetup_tracker.services import places

    try:
        location = places.locate(text, lat, lon, home=home(ctx))
    except places.UnsurePlace as unsure:
        location = places.locate(which_place(unsure), home=home(ctx))
    if location is not None and location.notice:
        output.hold(location.notice)
    return location


def waypoint(ctx: typer.Context, text: str) -> Waypoint:
    """A place typed on the command line as a route waypoint, home or stop (it must resolve;
    a guess to confirm is asked about, as for `locate`)."""
    from meetup_tracker import output
    from meetup_tracker.cli.ask import which_place
    from meetup_tracker.services import places

    try:
        found, notice = places.waypoint(text, home=home(ctx))
    except places.UnsurePlace as unsure:
        found, notice = places.waypoint(which_place(unsure), home=home(ctx))
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


def vias(ctx: typer.Context, texts: list[str] | None) -> list[Waypoint]:
    """The --via places, resolved like any waypoint."""
    return [waypoint(ctx, text) for text in texts or ()]


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
