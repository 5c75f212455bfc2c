"""`meetup near` and `meetup route`: whom you could meet around a place or along the road."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.common import (
    JsonOption,
    LimitOption,
    WithinOption,
    radius_km,
    reading,
    waypoint,
)


def near(
    ctx: typer.Context,
    place: Annotated[
        str, typer.Argument(help="A place: 'Nashville', 'Paris, TX', '35.15, -90.05'.")
    ],
    within: WithinOption = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Contacts within a distance of a place (default 50 km), nearest first."""
    from meetup_tracker import render
    from meetup_tracker.services import config
    from meetup_tracker.services.nearby import near as near_report

    center = waypoint(place)
    with reading(ctx) as conn:
        km = radius_km(conn, within)
        units = config.units(conn=conn)
        rows = near_report(conn=conn, center=center, within_km=km)
        render.near(rows, center=center, within_km=km, units=units, json_=json_, limit=limit)


def route(
    ctx: typer.Context,
    places: Annotated[
        list[str],
        typer.Argument(help="Two or more places, in the order you travel.", show_default=False),
    ],
    within: WithinOption = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Contacts within a distance (default 50 km) of the road through these places, in the
    order you pass them, with how far out of your way each is."""
    from meetup_tracker import render
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.services import config
    from meetup_tracker.services.nearby import route as route_report

    if len(places) < 2:
        raise InvalidInput(
            "a route needs at least two places",
            hint="e.g. meetup route Knoxville Nashville Memphis",
        )
    waypoints = [waypoint(p) for p in places]
    with reading(ctx) as conn:
        km = radius_km(conn, within)
        units = config.units(conn=conn)
        rows = route_report(conn=conn, waypoints=waypoints, within_km=km)
        render.route(rows, waypoints=waypoints, within_km=km, units=units, json_=json_, limit=limit)
