"""`meetup todo`: what you owe whom (a guest post after a lunch, a lead after a call)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli.ask import remove_after_asking
from meetup_tracker.cli.options import JsonOption, LimitOption, RefArgument, YesOption
from meetup_tracker.cli.state import reading, writing

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

FollowupArgument = Annotated[
    str, typer.Argument(help="The follow-up's number, as 'meetup todo' shows it.", metavar="ID")
]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due", help="The day it is due (any date form).", show_default=False, metavar="DATE"
    ),
]

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    invoke_without_command=True,
    help="What you owe whom: follow-ups, overdue first.\n\nWith no command, the open ones are"
    " listed; the commands add, tick off, correct or remove one.",
)


@app.callback()
def todo(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Done ones too.")] = False,
    all_team: Annotated[
        bool, typer.Option("--all-team", help="On a team database, everyone's, not only yours.")
    ] = False,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List what you owe: the open follow-ups, overdue first, then by the day they are due."""
    if ctx.invoked_subcommand is not None:
        return
    from meetup_tracker.render import acting
    from meetup_tracker.services.followups import list_followups

    with reading(ctx) as conn:
        found = list_followups(conn=conn, include_done=all_, everyone=all_team)
        acting.followups(found, json_=json_, limit=limit, everyone=all_team and conn.shared)


app.command("list", help="List what you owe (as 'meetup todo').")(todo)


@app.command("add")
def add(
    ctx: typer.Context,
    ref: RefArgument,
    text: Annotated[str, typer.Argument(help="What you owe them, e.g. 'send the guest post'.")],
    due: DueOption = None,
    json_: JsonOption = False,
) -> None:
    """Note something you owe someone, perhaps by a day."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.followups import add_followup, followup_view
    from meetup_tracker.services.refs import find_contact

    when = parse_date(due) if due is not None else None
    with writing(ctx) as conn:
        contact = find_contact(conn=conn, ref=ref)
        (made,) = add_followup(conn=conn, contact_ids=[contact.id], text=text, due=when)
        view = followup_view(conn=conn, followup_id=made)
    output.message(
        f"noted #{view.id} for {view.contact}" + (f", due {view.due}" if view.due else "")
    )
    if json_:
        output.print_json(view.to_json())


@app.command("done")
def done(
    ctx: typer.Context,
    ref: FollowupArgument,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When it was done. Default: today.", metavar="DATE"),
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Open it again.")] = False,
    json_: JsonOption = False,
) -> None:
    """Tick off a follow-up (or, with --undo, open it again)."""
    from meetup_tracker import output
    from meetup_tracker.dates import day_or_today
    from meetup_tracker.services.followups import edit_followup, find_followup_id, followup_view

    when = day_or_today(on)
    with writing(ctx) as conn:
        followup_id = find_followup_id(conn=conn, ref=ref)
        edit_followup(conn=conn, followup_id=followup_id, done_on="" if undo else when)
        view = followup_view(conn=conn, followup_id=followup_id)
    output.message(f"{'opened again' if undo else 'done'}: #{view.id} {view.text} ({view.contact})")
    if json_:
        output.print_json(view.to_json())


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: FollowupArgument,
    text: Annotated[
        str | None, typer.Option("--text", help="New words.", show_default=False, metavar="TEXT")
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="A new day ('' clears it).", show_default=False, metavar="DATE"),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Correct a follow-up: its words, or the day it is due."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.services.followups import edit_followup, find_followup_id, followup_view

    if text is None and due is None:
        raise InvalidInput("nothing to change", hint="give --text or --due")
    when = None if due is None else ("" if not due.strip() else parse_date(due))
    with writing(ctx) as conn:
        followup_id = find_followup_id(conn=conn, ref=ref)
        edit_followup(conn=conn, followup_id=followup_id, text=text, due=when)
        view = followup_view(conn=conn, followup_id=followup_id)
    output.message(f"updated #{view.id} {view.text} ({view.contact})")
    if json_:
        output.print_json(view.to_json())


@app.command("rm")
def rm(ctx: typer.Context, ref: FollowupArgument, yes: YesOption = False) -> None:
    """Remove a follow-up (asks first unless --yes)."""
    from meetup_tracker import output
    from meetup_tracker.services.followups import find_followup_id, followup_view, remove_followup

    def look(conn: Sql) -> tuple[str, int]:
        view = followup_view(conn=conn, followup_id=find_followup_id(conn=conn, ref=ref))
        return f"follow-up #{view.id} '{view.text}' for {view.contact}", view.id

    def remove(conn: Sql, followup_id: int) -> None:
        remove_followup(conn=conn, followup_id=followup_id)

    what = remove_after_asking(ctx, look, remove, yes=yes)
    if what is not None:
        output.message(f"removed {what}")
