"""`meetup near` and `meetup route`: whom you could meet around a place or along the road."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli import complete
from meetup_tracker.cli.options import (
    JsonOption,
    LimitOption,
    MapOption,
    StraightOption,
    ViaOption,
    WithinOption,
)
from meetup_tracker.cli.state import reading
from meetup_tracker.cli.where import (
    radius_km,
    road,
    say_straight_legs,
    terminal_map,
    vias,
    waypoint,
)


def near(
    ctx: typer.Context,
    place: Annotated[
        str,
        typer.Argument(
            help="A place: 'Nashville', 'Paris, TX', '35.15, -90.05'.",
            autocompletion=complete.places,
        ),
    ],
    within: WithinOption = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Contacts near a place, nearest first.

    Everyone within --within (default 50 km) of a place, nearest first."""
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services import config
    from meetup_tracker.services.nearby import near as near_report

    center = waypoint(ctx, place)
    with reading(ctx) as conn:
        km = radius_km(conn, within)
        units = config.units(conn=conn)
        rows = near_report(conn=conn, center=center, within_km=km)
        render_travel.near(rows, center=center, within_km=km, units=units, json_=json_, limit=limit)


def route(
    ctx: typer.Context,
    places: Annotated[
        list[str],
        typer.Argument(
            help="The places, in the order you travel; one place goes from home to it.",
            autocompletion=complete.places,
            show_default=False,
            metavar="PLACE...",
        ),
    ],
    from_home: Annotated[
        bool, typer.Option("--from-home", help="Start at home (meetup config set home PLACE).")
    ] = False,
    via: ViaOption = None,
    straight: StraightOption = False,
    within: WithinOption = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
    map_: MapOption = False,
) -> None:
    """Contacts along the road through some places.

    Everyone within --within (default 50 km) of the road you would drive through the
    places, in the order you pass them, with how far off the road each lives and the detour
    to see them, in km and minutes. One place, or --from-home, starts at home; --via makes
    the road pass a place; --straight uses straight lines instead of roads."""
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services import config
    from meetup_tracker.services.nearby import road_route
    from meetup_tracker.services.nearby import route as route_report
    from meetup_tracker.services.team import mark_met_by

    waypoints = [waypoint(ctx, p) for p in places]
    forced = vias(ctx, via)
    with reading(ctx) as conn:
        waypoints = road(conn, waypoints, from_home=from_home)
        km = radius_km(conn, within)
        units = config.units(conn=conn)
        drive = road_route(waypoints, vias=forced, straight=straight)
        say_straight_legs(waypoints, drive)
        rows = list(route_report(conn=conn, waypoints=waypoints, road=drive, within_km=km))
        mark_met_by(conn=conn, views=rows)
        render_travel.route(
            rows,
            waypoints=waypoints,
            road=drive,
            within_km=km,
            units=units,
            json_=json_,
            limit=limit,
            team=conn.shared,
        )
        if map_ and not json_:
            from meetup_tracker.maps.model import journey_of_route

            terminal_map(conn, journey_of_route(waypoints, km, vias=forced, straight=straight))
