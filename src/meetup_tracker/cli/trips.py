"""`meetup trip ...` and `meetup upcoming`: trips, their stops, and whom you could meet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli import complete
from meetup_tracker.cli.ask import remove_after_asking
from meetup_tracker.cli.options import (
    JsonOption,
    LimitOption,
    MapOption,
    StraightOption,
    ViaOption,
    WithinOption,
    YesOption,
)
from meetup_tracker.cli.state import reading, writing
from meetup_tracker.cli.where import radius_km, say_straight_legs, terminal_map, vias, waypoint

if TYPE_CHECKING:
    from meetup_tracker.services.trips import PlannedStop
    from meetup_tracker.storage.sql import Sql

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Plan trips, and see whom you could meet on each.",
    no_args_is_help=True,
)

TripArgument = Annotated[
    str,
    typer.Argument(
        help="The trip: its name, the start of it, or #ID.", autocompletion=complete.trips
    ),
]
StopHelp = (
    "A stop, in order: PLACE, 'PLACE @ DATE' (one day) or 'PLACE @ DATE..DATE' (arrive..leave)."
)


def _stops(ctx: typer.Context, specs: list[str]) -> list[PlannedStop]:
    from meetup_tracker.services.trips import parse_stop

    planned = []
    for text in specs:
        spec = parse_stop(text)
        planned.append((waypoint(ctx, spec.place), spec))
    return planned


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name for the trip, e.g. 'Tennessee road trip'.")],
    start: Annotated[
        str, typer.Option("--start", help="The day you leave (any date form).", metavar="DATE")
    ],
    stop: Annotated[
        list[str], typer.Option("--stop", help=StopHelp + " Repeat for more.", metavar="STOP")
    ],
    end: Annotated[
        str | None,
        typer.Option("--end", help="The day you are back.", show_default=False, metavar="DATE"),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Where the trip starts. Default: your home.",
            show_default=False,
            metavar="PLACE",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option(help="Anything to remember.", show_default=False, metavar="TEXT")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Plan a trip: its dates, start and stops.

    Its dates, where it starts (home by default) and its stops, in order."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services import config
    from meetup_tracker.services.trips import add_trip, trip_view
    from meetup_tracker.text import plural

    starts, ends = parse_date(start), parse_date(end) if end else None
    origin = waypoint(ctx, from_) if from_ else None
    planned = _stops(ctx, stop)
    with writing(ctx) as conn:
        if origin is None:
            origin = config.home(conn=conn)
            if origin is None:
                output.hold(
                    "no home set, so the trip starts at its first stop"
                    " (meetup config set home PLACE)"
                )
        trip_id = add_trip(
            conn=conn, name=name, start=starts, end=ends, origin=origin, stops=planned, note=note
        )
        view = trip_view(conn=conn, trip_id=trip_id)
    output.message(f"added trip {view.name} (#{view.id}) with {plural(len(view.stops), 'stop')}")
    if json_:
        output.print_json(view.to_json())


@app.command("list")
def list_(ctx: typer.Context, json_: JsonOption = False, limit: LimitOption = None) -> None:
    """List your trips, soonest first."""
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services.trips import list_trips

    with reading(ctx) as conn:
        views = list_trips(conn=conn)
    render_travel.trips(views, json_=json_, limit=limit)


@app.command("show")
def show(
    ctx: typer.Context,
    trip: TripArgument,
    within: WithinOption = None,
    via: ViaOption = None,
    straight: StraightOption = False,
    json_: JsonOption = False,
    map_: MapOption = False,
) -> None:
    """Show a trip, and whom you could meet on it.

    Its stops, who lives near each, and who lives along the road you drive between them
    (each leg's length and driving time, each person's detour in km and minutes), the
    people you have not met yet first. --via makes the road pass a place; --straight uses
    straight lines instead of roads."""
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services import config
    from meetup_tracker.services.planning import plan
    from meetup_tracker.services.team import mark_met_by
    from meetup_tracker.services.trips import find_trip_id, trip_view

    forced = vias(ctx, via)
    with reading(ctx) as conn:
        km = radius_km(conn, within)
        units = config.units(conn=conn)
        found = find_trip_id(conn=conn, ref=trip)
        view = trip_view(conn=conn, trip_id=found)
        view = plan(conn=conn, view=view, within_km=km, vias=forced, straight=straight)
        say_straight_legs(view.waypoints, view.road)
        mark_met_by(conn=conn, views=[v for s in view.stops for v in s.near] + view.along)
        render_travel.trip_plan(view, units=units, json_=json_, team=conn.shared)
        if map_ and not json_:
            from meetup_tracker.maps.model import journey_of_trip

            terminal_map(conn, journey_of_trip(view, km))


@app.command("edit")
def edit(
    ctx: typer.Context,
    trip: TripArgument,
    name: Annotated[
        str | None, typer.Option(help="A new name.", show_default=False, metavar="NAME")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="A new start date.", show_default=False, metavar="DATE")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(help="A new end date ('' clears it).", show_default=False, metavar="DATE"),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="A new starting place ('' starts at the first stop).",
            show_default=False,
            metavar="PLACE",
        ),
    ] = None,
    stop: Annotated[
        list[str] | None,
        typer.Option(
            "--stop",
            help="Replace all stops with these. " + StopHelp,
            show_default=False,
            metavar="STOP",
        ),
    ] = None,
    add_stop: Annotated[
        list[str] | None,
        typer.Option(
            "--add-stop", help="Add a stop at the end.", show_default=False, metavar="STOP"
        ),
    ] = None,
    remove_stop: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-stop",
            help="Remove a stop, by its number or place.",
            show_default=False,
            metavar="STOP",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option(help="A new note.", show_default=False, metavar="TEXT")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Change a trip's name, dates, start or stops.

    Rename it, give new dates or a new start, replace, add or remove stops."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.trips import TripChanges, edit_trip, find_trip_id, trip_view

    changes = TripChanges(
        name=name,
        start=parse_date(start) if start else None,
        end=parse_date(end) if end else None,
        clear_end=end is not None and not end.strip(),
        origin=waypoint(ctx, from_) if from_ else None,
        clear_origin=from_ is not None and not from_.strip(),
        stops=_stops(ctx, stop) if stop else None,
        add_stops=_stops(ctx, add_stop or []),
        remove_stops=remove_stop or [],
        note=note,
    )
    with writing(ctx) as conn:
        found = find_trip_id(conn=conn, ref=trip)
        edit_trip(conn=conn, trip_id=found, changes=changes)
        view = trip_view(conn=conn, trip_id=found)
    output.message(f"updated trip {view.name} (#{view.id})")
    if json_:
        output.print_json(view.to_json())


@app.command("announce")
def announce(
    ctx: typer.Context,
    trip: TripArgument,
    platform: Annotated[
        str,
        typer.Option(
            "--platform",
            help="Where you will post it: x, mastodon, bluesky or linkedin.",
            metavar="PLATFORM",
        ),
    ] = "x",
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="How far from the road: 50, 50km or 30mi. Default: 50 km.",
            show_default=False,
            metavar="DIST",
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Print a ready post inviting the people along a trip's road.

    Where and when ("On the road Knoxville → Nashville → Memphis, 8–10 Dec"), then the people
    along the way by their handle on that platform, not met yet first, within its length (X
    280, Bluesky 300, Mastodon 500, LinkedIn 3,000), as a numbered thread when it does not fit.
    People without a handle there are left out (counted on stderr). Nothing is sent: the
    text goes to stdout."""
    import sys

    from meetup_tracker import output
    from meetup_tracker.services.announce import announce as make_posts
    from meetup_tracker.services.announce import platform_of
    from meetup_tracker.services.planning import plan
    from meetup_tracker.services.trips import find_trip_id, trip_view

    where = platform_of(platform)
    with reading(ctx) as conn:
        km = radius_km(conn, within)
        view = plan(
            conn=conn,
            view=trip_view(conn=conn, trip_id=find_trip_id(conn=conn, ref=trip)),
            within_km=km,
        )
    found = make_posts(view, where)
    if found.left_out:
        output.message(f"{found.left_out} along the way have no {platform} handle and are left out")
    if json_:
        output.print_json(found.to_json())
        return
    sys.stdout.write("\n\n".join(found.posts) + "\n")


@app.command("rm")
def rm(
    ctx: typer.Context,
    trip: TripArgument,
    yes: YesOption = False,
) -> None:
    """Remove a trip and its stops (asks first unless --yes)."""
    from meetup_tracker import output
    from meetup_tracker.services.trips import find_trip_id, remove_trip, trip_view

    def look(conn: Sql) -> tuple[str, int]:
        found = trip_view(conn=conn, trip_id=find_trip_id(conn=conn, ref=trip))
        return f"trip {found.name} (#{found.id})", found.id

    def remove(conn: Sql, trip_id: int) -> None:
        remove_trip(conn=conn, trip_id=trip_id)

    what = remove_after_asking(ctx, look, remove, yes=yes)
    if what is not None:
        output.message(f"removed {what}")


def upcoming(
    ctx: typer.Context,
    days: Annotated[int, typer.Option(help="How far ahead to look, in days.", metavar="DAYS")] = 90,
    within: WithinOption = None,
    straight: StraightOption = False,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Planned meetings, and trips in the next days.

    Meetings and calls planned in the next --days days, then the trips under way or
    starting then, with whom you could meet on each."""
    from datetime import timedelta

    from meetup_tracker.dates import today
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services import config
    from meetup_tracker.services.interactions import InteractionFilter, list_planned
    from meetup_tracker.services.planning import upcoming as upcoming_trips
    from meetup_tracker.services.validators import check_days

    check_days(days)
    with reading(ctx) as conn:
        km = radius_km(conn, within)
        units = config.units(conn=conn)
        views = upcoming_trips(conn=conn, days=days, within_km=km, straight=straight)
        for view in views:
            say_straight_legs(view.waypoints, view.road)
        window = InteractionFilter(planned=True, until=today() + timedelta(days=days))
        planned = list_planned(conn=conn, where=window)
    render_travel.upcoming(views, planned, days=days, units=units, json_=json_, limit=limit)
