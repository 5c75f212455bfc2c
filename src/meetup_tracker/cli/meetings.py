"""`meetup met`, `meetup log` and `meetup meetings`: recording and listing interactions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from meetup_tracker.cli.ask import far_ahead_confirmed, remove_after_asking
from meetup_tracker.cli.options import (
    AheadOption,
    JsonOption,
    LatOption,
    LimitOption,
    LonOption,
    YesOption,
)
from meetup_tracker.cli.state import reading, writing
from meetup_tracker.cli.where import locate, radius_km, waypoint

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

OccurrenceOption = Annotated[
    str | None,
    typer.Option(
        "--occurrence",
        help="For a series: only this day of it.",
        show_default=False,
        metavar="DATE",
    ),
]
SeriesOption = Annotated[bool, typer.Option("--series", help="For a series: all of it.")]


def _series_day(
    ctx: typer.Context, ref: str, occurrence: str | None, series: bool, doing: str
) -> date | None:
    """For a series, which is meant: one day (returned) or all of it (None). A person is
    asked; a script must say --occurrence DATE or --series. Asked before any transaction."""
    from meetup_tracker.dates import parse_date
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.output import stdin_is_terminal
    from meetup_tracker.services.interactions import find_interaction_id, interaction_view

    with reading(ctx) as conn:
        view = interaction_view(conn=conn, interaction_id=find_interaction_id(conn=conn, ref=ref))
    if not view.repeats:
        if occurrence is not None or series:
            raise InvalidInput(
                f"#{view.id} does not repeat: --occurrence and --series are for a series"
            )
        return None
    if occurrence is not None and series:
        raise InvalidInput("give --occurrence DATE or --series, not both")
    if occurrence is not None:
        return parse_date(occurrence)
    if series:
        return None
    question = f"#{view.id} repeats {view.repeats} (next on {view.date})"
    if not stdin_is_terminal():
        raise InvalidInput(
            f"{question}: {doing} one day or the series?",
            hint="say --occurrence DATE or --series",
        )
    answer: str = typer.prompt(
        f"{question}. {doing.capitalize()} which? (a date for one day, or 'series')",
        default="series",
        err=True,
    ).strip()
    return None if answer.lower() in ("series", "s", "all") else parse_date(answer)


MeetingArgument = Annotated[
    str, typer.Argument(help="The meeting's number, as 'meetup meetings' shows it.", metavar="ID")
]

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    invoke_without_command=True,
    help="List meetings, calls and messages, newest first.\n\nWith no command, the options"
    " choose what is listed; the commands show, correct or remove one.",
)


@app.callback()
def meetings(
    ctx: typer.Context,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "--contact",
            help="Only those with this person.",
            show_default=False,
            metavar="REF",
        ),
    ] = None,
    event: Annotated[
        str | None,
        typer.Option(
            "--event", help="Only events whose name holds this.", show_default=False, metavar="TEXT"
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="Only those at or near this place (see --within).",
            show_default=False,
            metavar="PLACE",
        ),
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="How far from --at: 25, 25km or 15mi. Default: 25 km.",
            show_default=False,
            metavar="DIST",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only this kind: in-person, call, video, message.",
            show_default=False,
            metavar="KIND",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--from", "--since", help="Only from this date on.", show_default=False, metavar="DATE"
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--to", help="Only up to this date.", show_default=False, metavar="DATE"),
    ] = None,
    planned: Annotated[
        bool, typer.Option("--planned", help="Only plans: meetings and calls still ahead.")
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Only those recorded by this person (on a team database, their role).",
            show_default=False,
            metavar="USER",
        ),
    ] = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List meetings, calls and messages, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from meetup_tracker.dates import parse_date
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.render import meetings as render_meetings
    from meetup_tracker.services.interactions import InteractionFilter, iter_interactions
    from meetup_tracker.services.refs import find_contact

    where = InteractionFilter(
        since=parse_date(since) if since is not None else None,
        until=parse_date(until) if until is not None else None,
        kind=kind,
        event=event,
        planned=True if planned else None,
        by=by.strip() if by is not None else None,
    )
    if where.since and where.until and where.since > where.until:
        raise InvalidInput(f"--from {where.since} is after --to {where.until}")
    if within is not None and at is None:
        raise InvalidInput("--within needs --at PLACE")
    center = waypoint(ctx, at) if at is not None else None
    with reading(ctx) as conn:
        if with_ is not None:
            where.contact_id = find_contact(conn=conn, ref=with_).id
        if center is not None:
            km = radius_km(conn, within) if within is not None else MEETING_RADIUS_KM
            where.near = (center.lat, center.lon, km)
        render_meetings.interactions(
            iter_interactions(conn=conn, where=where), json_=json_, limit=limit
        )


MEETING_RADIUS_KM = 25.0
app.command("list", help="List meetings, calls and messages (as 'meetup meetings').")(meetings)


@app.command("show")
def show(ctx: typer.Context, ref: MeetingArgument, json_: JsonOption = False) -> None:
    """Show one meeting or call in full.

    When, where, the event, who was there, the note, and whether it is still planned."""
    from meetup_tracker.render import meetings as render_meetings
    from meetup_tracker.services.interactions import find_interaction_id, interaction_view

    with reading(ctx) as conn:
        view = interaction_view(conn=conn, interaction_id=find_interaction_id(conn=conn, ref=ref))
    render_meetings.interaction(view, json_=json_)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: MeetingArgument,
    on: Annotated[
        str | None, typer.Option("--on", help="A new date.", show_default=False, metavar="DATE")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="call, video, message or in-person.", show_default=False, metavar="KIND"
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="A new place ('' clears it).", show_default=False, metavar="PLACE"
        ),
    ] = None,
    lat: LatOption = None,
    lon: LonOption = None,
    event: Annotated[
        str | None,
        typer.Option(
            "--event", help="A new event ('' clears it).", show_default=False, metavar="NAME"
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="A new note ('' clears it).", show_default=False, metavar="TEXT"
        ),
    ] = None,
    add_person: Annotated[
        list[str] | None,
        typer.Option(
            "--add-person",
            help="Someone who was there too (a late arrival). Repeat for more.",
            show_default=False,
            metavar="REF",
        ),
    ] = None,
    remove_person: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-person",
            help="Someone who was not there after all. Repeat for more.",
            show_default=False,
            metavar="REF",
        ),
    ] = None,
    yes: AheadOption = False,
    occurrence: OccurrenceOption = None,
    series: SeriesOption = False,
    editor: Annotated[
        bool, typer.Option("--editor", help="Edit it as text in $VISUAL or $EDITOR instead.")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Correct a meeting or call, or who was there.

    Change its date, kind, place, event or note; add a late arrival with --add-person, or
    take someone off with --remove-person."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.render import meetings as render_meetings
    from meetup_tracker.services.interactions import (
        InteractionChanges,
        edit_interaction,
        find_interaction_id,
        interaction_view,
    )
    from meetup_tracker.services.refs import find_contacts
    from meetup_tracker.services.series import record_occurrence

    if editor:
        from meetup_tracker.errors import InvalidInput

        given = (on, kind, at, lat, lon, event, note, add_person, remove_person)
        if any(v is not None for v in given):
            raise InvalidInput("--editor takes no other change: make them in the editor")
        changes, additions, removals = _edited(ctx, ref)
        if changes is None:
            return
    day = parse_date(on) if on is not None else None
    if day is not None and not far_ahead_confirmed(day, yes=yes):
        return
    if not editor:
        clear_place = at is not None and not at.strip() and lat is None and lon is None
        changes = InteractionChanges(
            on=day,
            kind=kind,
            location=None if clear_place else locate(ctx, at, lat, lon),
            clear_place=clear_place,
            event=event,
            note=note,
        )
        additions, removals = add_person or [], list[int | str](remove_person or [])
    one_day = _series_day(ctx, ref, occurrence, series, "change")
    with writing(ctx) as conn:
        interaction_id = find_interaction_id(conn=conn, ref=ref)
        if one_day is not None:  # that day becomes a plan of its own, changed alone
            interaction_id = record_occurrence(
                conn=conn, series_id=interaction_id, on=one_day, detach=True
            )
        changes.add = find_contacts(conn=conn, refs=additions) if additions else []
        changes.remove = (
            find_contacts(conn=conn, refs=[f"#{r}" if isinstance(r, int) else r for r in removals])
            if removals
            else []
        )
        edit_interaction(conn=conn, interaction_id=interaction_id, changes=changes)
        view = interaction_view(conn=conn, interaction_id=interaction_id)
    output.message(render_meetings.interaction_summary(view, "updated"))
    if json_:
        output.print_json(view.to_json())


def _edited(ctx: typer.Context, ref: str) -> tuple[Any, list[str], list[int | str]]:
    """A meeting edited as text: its changes, who to add and who to take off (None for the
    changes when the text came back as it was)."""
    from meetup_tracker import output
    from meetup_tracker.cli.editing import edit_until_read
    from meetup_tracker.cli.record_text import meeting_changes, meeting_text
    from meetup_tracker.services.interactions import find_interaction_id, interaction_view

    with reading(ctx) as conn:
        view = interaction_view(conn=conn, interaction_id=find_interaction_id(conn=conn, ref=ref))
    found = edit_until_read(meeting_text(view), lambda values: meeting_changes(ctx, view, values))
    if found is None:
        output.message(f"nothing changed for #{view.id}")
        return None, [], []
    changes, additions, removals = found
    return changes, additions, list(removals)


@app.command("done")
def done(
    ctx: typer.Context,
    ref: MeetingArgument,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="When it happened. Default: today.", show_default=False, metavar="DATE"
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Mark a planned meeting or call as done.

    It happened today (or --on DATE): from now on it counts as having met them. For a
    series, that day (by default its latest so far) is recorded as its own meeting, with the
    series' people, and the series goes on."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.render import meetings as render_meetings
    from meetup_tracker.services.interactions import (
        find_interaction_id,
        interaction_view,
        mark_done,
    )

    day = parse_date(on) if on is not None else None
    with writing(ctx) as conn:
        interaction_id = find_interaction_id(conn=conn, ref=ref)
        interaction_id = mark_done(conn=conn, interaction_id=interaction_id, on=day)
        view = interaction_view(conn=conn, interaction_id=interaction_id)
    output.message(render_meetings.interaction_summary(view, "done:"))
    if json_:
        output.print_json(view.to_json())


@app.command("rm")
def rm(
    ctx: typer.Context,
    ref: MeetingArgument,
    yes: YesOption = False,
    occurrence: OccurrenceOption = None,
    series: SeriesOption = False,
) -> None:
    """Remove a meeting or call (asks first unless --yes).

    The people who were there stay. For a series, one day of it (--occurrence DATE: it is
    left out) or all of it (--series: the days already recorded as met stay)."""
    from meetup_tracker import output
    from meetup_tracker.render import meetings as render_meetings
    from meetup_tracker.services.interactions import (
        find_interaction_id,
        interaction_view,
        remove_interaction,
    )
    from meetup_tracker.services.series import skip_occurrence

    one_day = _series_day(ctx, ref, occurrence, series, "remove")

    def look(conn: Sql) -> tuple[str, int]:
        interaction_id = find_interaction_id(conn=conn, ref=ref)
        view = interaction_view(conn=conn, interaction_id=interaction_id)
        what = render_meetings.interaction_summary(view, "")
        if one_day is not None:
            what = f"{one_day.isoformat()} from the series {what}"
        return what, interaction_id

    def remove(conn: Sql, interaction_id: int) -> None:
        if one_day is not None:
            skip_occurrence(conn=conn, series_id=interaction_id, on=one_day)
        else:
            remove_interaction(conn=conn, interaction_id=interaction_id)

    what = remove_after_asking(ctx, look, remove, yes=yes)
    if what is not None:
        output.message(f"removed {what}")
