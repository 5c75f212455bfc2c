"""`meetup map`: your network, a trip or a route, drawn offline as HTML or SVG."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli.options import (
    MetOption,
    NearOption,
    NotMetOption,
    PlatformOption,
    SinceBeforeOption,
    StraightOption,
    TagFilterOption,
    ViaOption,
    WithinOption,
)
from meetup_tracker.cli.state import reading
from meetup_tracker.cli.where import Who, radius_km, road, say_straight_legs, vias, waypoint
from meetup_tracker.paths import expand

if TYPE_CHECKING:
    from meetup_tracker.maps.model import Journey
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.storage.sql import Sql


def map_(
    ctx: typer.Context,
    places: Annotated[
        list[str] | None,
        typer.Argument(
            help="With --route: the places, in the order you travel.",
            show_default=False,
            metavar="[PLACE...]",
        ),
    ] = None,
    output_path: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write (readable by you only); '-' for stdout.",
            show_default=False,
        ),
    ] = None,
    svg: Annotated[
        bool, typer.Option("--svg", help="A static SVG picture instead of an HTML page.")
    ] = False,
    trip: Annotated[
        str | None,
        typer.Option(
            "--trip",
            help="Draw a trip: its road, stops and whom you pass.",
            show_default=False,
            metavar="TRIP",
        ),
    ] = None,
    route: Annotated[
        bool,
        typer.Option("--route", help="Draw the road through the PLACEs given (one: from home)."),
    ] = False,
    from_home: Annotated[
        bool, typer.Option("--from-home", help="The route starts at home.")
    ] = False,
    via: ViaOption = None,
    straight: StraightOption = False,
    within: WithinOption = None,
    met: MetOption = False,
    not_met: NotMetOption = False,
    platform: PlatformOption = None,
    tag: TagFilterOption = None,
    near: NearOption = None,
    since_before: SinceBeforeOption = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The map's title.", show_default=False, metavar="TEXT"),
    ] = None,
) -> None:
    """Draw your contacts on a map, with a trip or route.

    An HTML page that works offline (no tiles, nothing fetched), or with --svg a picture.
    Met people are filled dots, people not met yet are rings. With --trip or --route the
    road, its stops and its corridor (--within) are drawn, and the people along it are
    numbered in the order you pass them. The filters of 'contact list' choose who is shown."""
    from pathlib import Path

    from meetup_tracker import output
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.files import private_output
    from meetup_tracker.maps import html as html_map
    from meetup_tracker.maps import svg as svg_map
    from meetup_tracker.maps.model import build
    from meetup_tracker.services import config

    suffix = Path(output_path or "").suffix.lower()
    if suffix not in ("", ".html", ".htm", ".svg"):
        raise InvalidInput(
            f"a map is HTML or SVG, not {suffix}", hint="name the file .html, or .svg for a picture"
        )
    if svg and suffix in (".html", ".htm"):
        raise InvalidInput(f"--svg writes SVG, but {output_path} is named as HTML")
    as_svg = svg or suffix == ".svg"
    if output_path is None and output.stdout_is_terminal():
        example = "network.svg" if as_svg else "network.html"
        raise InvalidInput("a map is a file", hint=f"add -o {example} (or pipe it somewhere)")
    route = route or from_home or bool(places)
    if trip is not None and route:
        raise InvalidInput("give --trip or a route (--route PLACE...), not both")
    if route and not places:
        raise InvalidInput(
            "a route needs its places, in order",
            hint="e.g. --route Knoxville Memphis, or --from-home Memphis",
        )
    who = Who(met, not_met, tag, platform, near, within if near else None, since_before)
    if via and not (trip or route):
        raise InvalidInput("--via needs --trip or --route")
    stops = [waypoint(ctx, p) for p in places or []]
    forced = vias(ctx, via)
    with reading(ctx) as conn:
        units = config.units(conn=conn)
        km = radius_km(conn, within)
        journey = _journey(
            conn, trip, stops, from_home=from_home, within_km=km, vias=forced, straight=straight
        )
        if journey is not None:
            say_straight_legs(journey.waypoints, journey.road)
        heading = title or (journey.name if journey else "My network")
        # A picture shows only its area; a page can be panned to everyone.
        chosen = who.resolve(ctx, conn)
        data = build(conn=conn, title=heading, chosen=chosen, journey=journey, clip=as_svg)
    if data.unplaced:
        data.notes.append(f"{data.unplaced:,} without a known place are not shown")
    text = svg_map.render(data, units=units) if as_svg else html_map.render(data, units=units)
    if output_path is None or output_path == "-":
        import sys

        sys.stdout.write(text)
        return
    with private_output(expand(output_path)) as file:
        file.write(text.encode("utf-8"))
    output.message(f"wrote {output_path} ({html_map.summary(data)})")


def _journey(
    conn: Sql,
    trip: str | None,
    stops: list[Waypoint],
    *,
    from_home: bool,
    within_km: float,
    vias: list[Waypoint],
    straight: bool,
) -> Journey | None:
    from meetup_tracker.maps.model import journey_of_route, journey_of_trip
    from meetup_tracker.services.trips import find_trip_id, trip_view

    if trip is not None:
        view = trip_view(conn=conn, trip_id=find_trip_id(conn=conn, ref=trip))
        return journey_of_trip(view, within_km, vias=vias, straight=straight)
    if stops:
        return journey_of_route(
            road(conn, stops, from_home=from_home), within_km, vias=vias, straight=straight
        )
    return None
