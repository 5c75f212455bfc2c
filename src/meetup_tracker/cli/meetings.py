"""`meetup met`, `meetup log` and `meetup meetings`: recording and listing interactions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli.common import (
    DateOption,
    JsonOption,
    LatOption,
    LimitOption,
    LonOption,
    locate,
    reading,
    session,
)

if TYPE_CHECKING:
    from meetup_tracker.services.places import Located

RefsArgument = Annotated[
    list[str],
    typer.Argument(help="Who: names or their starts, handles (@ana) or #IDs.", show_default=False),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Where: a city, or coordinates like '35.15, -90.05'.",
        show_default=False,
        metavar="PLACE",
    ),
]
EventOption = Annotated[
    str | None,
    typer.Option(
        "--event",
        help="The event, e.g. 'DevOps Days Nashville'.",
        show_default=False,
        metavar="NAME",
    ),
]
NoteOption = Annotated[
    str | None,
    typer.Option("--note", help="What you talked about.", show_default=False, metavar="TEXT"),
]


def met(
    ctx: typer.Context,
    refs: RefsArgument,
    on: DateOption = None,
    at: AtOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    event: EventOption = None,
    note: NoteOption = None,
    json_: JsonOption = False,
) -> None:
    """Record one in-person meeting with one or several people (an event is one meeting)."""
    where = locate(at, lat, lon)
    _record(ctx, refs, kind="in-person", on=on, where=where, event=event, note=note, json_=json_)


def log(
    ctx: typer.Context,
    refs: RefsArgument,
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="call, video, message or in-person.", show_default=False, metavar="KIND"
        ),
    ],
    on: DateOption = None,
    at: AtOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    event: EventOption = None,
    note: NoteOption = None,
    json_: JsonOption = False,
) -> None:
    """Record a call, video call, message or meeting with one or several people."""
    where = locate(at, lat, lon)
    _record(ctx, refs, kind=kind, on=on, where=where, event=event, note=note, json_=json_)


def _record(
    ctx: typer.Context,
    refs: list[str],
    *,
    kind: str,
    on: str | None,
    where: Located | None,
    event: str | None,
    note: str | None,
    json_: bool,
) -> None:
    from meetup_tracker import output, render
    from meetup_tracker.cli.common import parse_date_option
    from meetup_tracker.db import raw
    from meetup_tracker.services.interactions import (
        check_kind,
        list_interactions,
        record_interaction,
    )
    from meetup_tracker.services.refs import resolve_contacts

    kind = check_kind(kind)
    day = parse_date_option(on)
    with session(ctx, write=True) as s:
        contacts = resolve_contacts(session=s, refs=refs)
        interaction = record_interaction(
            session=s, contacts=contacts, kind=kind, on=day, location=where, event=event, note=note
        )
        (view,) = list_interactions(conn=raw(s), interaction_id=interaction.id)
    output.message(render.interaction_summary(view))
    if json_:
        output.print_json(view.to_json())


def meetings(
    ctx: typer.Context,
    contact: Annotated[
        str | None,
        typer.Option(
            "--contact",
            help="Only interactions with this contact.",
            show_default=False,
            metavar="REF",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only from this date on.", show_default=False, metavar="DATE"),
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
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List meetings, calls and messages, newest first."""
    from meetup_tracker import render
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.interactions import list_interactions
    from meetup_tracker.services.refs import find_contact

    since_day = parse_date(since) if since is not None else None
    with reading(ctx) as conn:
        contact_id = find_contact(conn=conn, ref=contact).id if contact else None
        views = list_interactions(conn=conn, contact_id=contact_id, since=since_day, kind=kind)
    render.interactions(views, json_=json_, limit=limit)
