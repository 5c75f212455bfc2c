"""`meetup visit`: a contact's own travel ("I'll be in Atlanta in March"); `meetup overlaps`:
where it meets yours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli.ask import remove_after_asking
from meetup_tracker.cli.options import JsonOption, LimitOption, RefArgument, YesOption
from meetup_tracker.cli.state import reading, writing

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    invoke_without_command=True,
    help="Your contacts' own travel: where they will be, and when.\n\nWith no command, the"
    " visits not over yet are listed; see also 'meetup overlaps'.",
)


@app.callback()
def visit(
    ctx: typer.Context,
    past: Annotated[bool, typer.Option("--past", help="Those over, too.")] = False,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List contacts' visits that are not over yet, soonest first."""
    if ctx.invoked_subcommand is not None:
        return
    from meetup_tracker.render import acting
    from meetup_tracker.services.visits import list_visits

    with reading(ctx) as conn:
        acting.visits(list_visits(conn=conn, past=past), json_=json_, limit=limit)


app.command("list", help="List contacts' visits (as 'meetup visit').")(visit)


@app.command("add")
def add(
    ctx: typer.Context,
    ref: RefArgument,
    at: Annotated[str, typer.Option("--at", help="Where they will be: a city.", metavar="PLACE")],
    start: Annotated[
        str, typer.Option("--from", help="The day they arrive (any date form).", metavar="DATE")
    ],
    end: Annotated[
        str | None,
        typer.Option("--to", help="The day they leave. Default: --from.", metavar="DATE"),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="What brings them.", show_default=False, metavar="TEXT"),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Record a contact's announced trip ("I'll be in Atlanta in March")."""
    from meetup_tracker import output
    from meetup_tracker.cli.where import locate
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.refs import find_contact
    from meetup_tracker.services.visits import add_visit, visit_view

    first = parse_date(start)
    last = parse_date(end) if end is not None else None
    where = locate(ctx, at, None, None)
    assert where is not None
    with writing(ctx) as conn:
        contact = find_contact(conn=conn, ref=ref)
        visit_id = add_visit(
            conn=conn, contact_id=contact.id, where=where, start=first, end=last, note=note
        )
        assert visit_id is not None
        view = visit_view(conn=conn, visit_id=visit_id)
    days = view.start if view.start == view.end else f"{view.start}..{view.end}"
    output.message(f"{view.contact} in {view.place} {days} (#{view.id})")
    if json_:
        output.print_json(view.to_json())


@app.command("rm")
def rm(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The visit's number.", metavar="ID")],
    yes: YesOption = False,
) -> None:
    """Remove a visit (asks first unless --yes)."""
    from meetup_tracker import output
    from meetup_tracker.services.visits import find_visit_id, remove_visit, visit_view

    def look(conn: Sql) -> tuple[str, int]:
        view = visit_view(conn=conn, visit_id=find_visit_id(conn=conn, ref=ref))
        return f"{view.contact}'s visit to {view.place} from {view.start} (#{view.id})", view.id

    def remove(conn: Sql, visit_id: int) -> None:
        remove_visit(conn=conn, visit_id=visit_id)

    what = remove_after_asking(ctx, look, remove, yes=yes)
    if what is not None:
        output.message(f"removed {what}")


def overlaps(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", help="How far ahead to look.", metavar="DAYS")
    ] = 90,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="How near counts as the same place: 50, 50km or 30mi. Default: 50 km.",
            show_default=False,
            metavar="DIST",
        ),
    ] = None,
    slack: Annotated[
        int,
        typer.Option("--slack", help="Days apart that still count as a near miss.", min=0),
    ] = 2,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Where your paths cross: contacts' visits meeting your travel.

    For the next --days: a contact in the area of one of your stops while you are there; a
    contact visiting your home town while you are home; and near misses, the same place
    within --slack days ("misses you by 2 days in Memphis")."""
    from meetup_tracker.cli.where import radius_km
    from meetup_tracker.render import acting
    from meetup_tracker.services.visits import overlaps as find_overlaps

    with reading(ctx) as conn:
        km = radius_km(conn, within)
        found = find_overlaps(conn=conn, days=days, within_km=km, slack=slack)
    acting.overlaps(found, json_=json_, limit=limit)
