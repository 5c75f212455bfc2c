"""Keeping in touch: `meetup due` (whose cadence has passed), `meetup snooze`, and
`meetup cadence` (how often, for everyone with a tag)."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption, LimitOption, RefArgument
from meetup_tracker.cli.state import reading, writing

EveryArgument = Annotated[
    str, typer.Argument(help="How often: 30d, 2w, 3mo, 1y or '2 weeks'.", metavar="EVERY")
]


def due(
    ctx: typer.Context,
    ahead: Annotated[
        int,
        typer.Option(
            "--days", help="Also those falling due in the next DAYS days.", metavar="DAYS", min=0
        ),
    ] = 0,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """People to get in touch with: their cadence has passed.

    A cadence is set per person (contact add/edit --every 30d) or per tag (meetup cadence set
    TAG 30d; a person's own wins). It resets on any interaction: a meeting, a call, a
    message, an online exchange an import recorded. Someone you have a plan with is not due,
    nor someone snoozed (meetup snooze REF --for 2w). The most overdue first."""
    from datetime import timedelta

    from meetup_tracker.dates import today
    from meetup_tracker.render import acting
    from meetup_tracker.services.keep_in_touch import due as due_people
    from meetup_tracker.services.validators import check_days

    check_days(ahead)
    with reading(ctx) as conn:
        found = due_people(conn=conn, by=today() + timedelta(days=ahead))
    acting.due(found, json_=json_, limit=limit)


def snooze(
    ctx: typer.Context,
    ref: RefArgument,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Until this day.", show_default=False, metavar="DATE"),
    ] = None,
    for_: Annotated[
        str | None,
        typer.Option("--for", help="For a while: 2w, 1mo.", show_default=False, metavar="PERIOD"),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Wake them now.")] = False,
) -> None:
    """Hide someone from `meetup due` for a while.

    Until a day (--until DATE), or for a period (--for 2w); --off wakes them."""
    from datetime import timedelta

    from meetup_tracker import output
    from meetup_tracker.dates import parse_date, parse_period, today
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.services.keep_in_touch import snooze as snooze_contact
    from meetup_tracker.services.refs import find_contact

    if sum((until is not None, for_ is not None, off)) != 1:
        raise InvalidInput("give one of --until DATE, --for PERIOD or --off")
    day = None
    if until is not None:
        day = parse_date(until)
    elif for_ is not None:
        day = today() + timedelta(days=parse_period(for_))
    with writing(ctx) as conn:
        contact = find_contact(conn=conn, ref=ref)
        snooze_contact(conn=conn, contact_id=contact.id, until=day)
    if day is None:
        output.message(f"{contact.name} is no longer snoozed")
    else:
        output.message(f"{contact.name} is snoozed until {day.isoformat()}")


cadence_app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    invoke_without_command=True,
    help="How often to keep in touch with everyone who has a tag.\n\nA person's own cadence"
    " (contact add/edit --every) wins; with several tags, the shortest. With no command, the"
    " tags' cadences are listed.",
)


@cadence_app.callback()
def cadence(ctx: typer.Context, json_: JsonOption = False) -> None:
    """List each tag's cadence, with how many people have the tag."""
    if ctx.invoked_subcommand is not None:
        return
    from meetup_tracker.render import acting
    from meetup_tracker.services.keep_in_touch import tag_cadences

    with reading(ctx) as conn:
        acting.tag_cadences(tag_cadences(conn=conn), json_=json_)


@cadence_app.command("set")
def cadence_set(
    ctx: typer.Context,
    tag: Annotated[str, typer.Argument(help="The tag, e.g. friends.", metavar="TAG")],
    every: EveryArgument,
) -> None:
    """Keep in touch with everyone tagged TAG at least this often."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_period, period_text
    from meetup_tracker.services.keep_in_touch import set_tag_cadence

    days = parse_period(every)
    with writing(ctx) as conn:
        set_tag_cadence(conn=conn, tag=tag, every_days=days)
    output.message(f"everyone tagged {tag.lstrip('#')}: keep in touch every {period_text(days)}")


@cadence_app.command("rm")
def cadence_rm(
    ctx: typer.Context,
    tag: Annotated[str, typer.Argument(help="The tag.", metavar="TAG")],
) -> None:
    """Stop keeping a tag's cadence (people's own cadences stay)."""
    from meetup_tracker import output
    from meetup_tracker.services.keep_in_touch import remove_tag_cadence

    with writing(ctx) as conn:
        remove_tag_cadence(conn=conn, tag=tag)
    output.message(f"the tag {tag.lstrip('#')} has no cadence now")
