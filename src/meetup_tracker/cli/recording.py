"""`meetup met` and `meetup log`: recording a meeting, a call or a message (and what it
leaves you owing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli import complete
from meetup_tracker.cli.ask import another_confirmed, far_ahead_confirmed
from meetup_tracker.cli.options import AheadOption, DateOption, LatOption, LonOption
from meetup_tracker.cli.state import reading, writing
from meetup_tracker.cli.where import locate

if TYPE_CHECKING:
    from meetup_tracker.services.places import Located

RefsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Who: names or their starts, handles (@ana) or #IDs. None yet is fine with --event.",
        show_default=False,
        metavar="[REF]...",
        autocompletion=complete.contacts,
    ),
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
LogRefsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Who you talked with: names or their starts, handles (@ana) or #IDs.",
        show_default=False,
        metavar="[REF]...",
        autocompletion=complete.contacts,
    ),
]
LogEventOption = Annotated[
    str | None,
    typer.Option(
        "--event",
        help="What it belonged to, if anything: a podcast recording, a panel call (a"
        " meeting at an event is `meetup met --event`).",
        show_default=False,
        metavar="NAME",
    ),
]
RecordJsonOption = Annotated[
    bool,
    typer.Option("--json", help="Also print what was recorded as JSON on stdout (for scripts)."),
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


RepeatOption = Annotated[
    str | None,
    typer.Option(
        "--repeat",
        help="A plan that repeats: weekly, monthly, yearly or 'every 2 weeks', from --on.",
        show_default=False,
        metavar="HOW",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="The last day a --repeat plan may fall on.", metavar="DATE"),
]
FollowUpOption = Annotated[
    str | None,
    typer.Option(
        "--follow-up",
        help="Something you owe them after it, e.g. 'send the guest post' (see meetup todo).",
        show_default=False,
        metavar="TEXT",
    ),
]
DueOption = Annotated[
    str | None,
    typer.Option("--due", help="When the --follow-up is due.", show_default=False, metavar="DATE"),
]


@dataclass
class After:
    """What a record sets going: a repeat, and a follow-up owed."""

    repeat: str | None = None
    until: str | None = None
    follow_up: str | None = None
    due: str | None = None

    def read(self, start: date) -> tuple[str | None, date | None, date | None]:
        """The rule, its last day and the follow-up's day, read (one line when wrong)."""
        from meetup_tracker.dates import parse_date
        from meetup_tracker.errors import InvalidInput
        from meetup_tracker.services.series import parse_repeat

        if self.until is not None and self.repeat is None:
            raise InvalidInput("--until needs --repeat")
        if self.due is not None and self.follow_up is None:
            raise InvalidInput("--due needs --follow-up TEXT")
        rule = parse_repeat(self.repeat) if self.repeat is not None else None
        until = parse_date(self.until) if self.until is not None else None
        if until is not None and until < start:
            raise InvalidInput(f"--until {until.isoformat()} is before --on {start.isoformat()}")
        due = parse_date(self.due) if self.due is not None else None
        return rule, until, due


def met(
    ctx: typer.Context,
    refs: RefsArgument = None,
    on: DateOption = None,
    at: AtOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    event: EventOption = None,
    note: NoteOption = None,
    yes: AheadOption = False,
    json_: RecordJsonOption = False,
    repeat: RepeatOption = None,
    until: UntilOption = None,
    follow_up: FollowUpOption = None,
    due: DueOption = None,
) -> None:
    """Record an in-person meeting with one or more people.

    An event is one meeting with everyone you met there: a second `met` at the same event on
    the same day adds its people to it (saying if nobody was new); with --event and nobody
    yet, add the people later (meetings edit ID --add-person REF). The same people on the
    same day, without an event or a different note, asks first (a script is told, and
    nothing is added without --yes). A date ahead of today records a plan: it shows as
    planned, and counts as meeting them once its day has passed (or after 'meetup meetings
    done ID')."""
    where = locate(ctx, at, lat, lon)
    _record(
        ctx,
        refs or [],
        kind="in-person",
        on=on,
        where=where,
        event=event,
        note=note,
        yes=yes,
        json_=json_,
        after=After(repeat, until, follow_up, due),
    )


def log(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="call (or phone), video, message or in-person.",
            show_default=False,
            metavar="KIND",
        ),
    ],
    refs: LogRefsArgument = None,
    on: DateOption = None,
    at: AtOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    event: LogEventOption = None,
    note: NoteOption = None,
    yes: AheadOption = False,
    json_: RecordJsonOption = False,
    repeat: RepeatOption = None,
    until: UntilOption = None,
    follow_up: FollowUpOption = None,
    due: DueOption = None,
) -> None:
    """Record a call, video call or message.

    --kind says which: call (or phone), video, message, or in-person for a meeting. One
    call may have several people; two calls the same day are two records."""
    where = locate(ctx, at, lat, lon)
    _record(
        ctx,
        refs or [],
        kind=kind,
        on=on,
        where=where,
        event=event,
        note=note,
        yes=yes,
        json_=json_,
        after=After(repeat, until, follow_up, due),
    )


def _record(
    ctx: typer.Context,
    refs: list[str],
    *,
    kind: str,
    on: str | None,
    where: Located | None,
    event: str | None,
    note: str | None,
    yes: bool,
    json_: bool,
    after: After,
) -> None:
    from meetup_tracker import output
    from meetup_tracker.dates import day_or_today
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.render import meetings as render_meetings
    from meetup_tracker.services.followups import add_followup
    from meetup_tracker.services.interactions import interaction_view, record_interaction
    from meetup_tracker.services.joining import join, same_interaction
    from meetup_tracker.services.refs import find_contacts
    from meetup_tracker.services.validators import check_kind

    kind = check_kind(kind)
    day = day_or_today(on)
    repeat, until, due = after.read(day)
    if not repeat and not far_ahead_confirmed(day, yes=yes):
        return
    with reading(ctx) as conn:
        people = [c.id for c in find_contacts(conn=conn, refs=refs)] if refs else []
        again = same_interaction(
            conn=conn, contact_ids=people, kind=kind, on=day, event=event, note=note
        )
        if again is not None and not event and not repeat:
            # The same people, the same day, no event: a second `met` by mistake, most often.
            earlier = render_meetings.interaction_summary(
                interaction_view(conn=conn, interaction_id=again), "already recorded:"
            )
            if not another_confirmed(earlier, yes=yes):
                return
    joined: list[int] | None = None
    with writing(ctx) as conn:
        people = [c.id for c in find_contacts(conn=conn, refs=refs)] if refs else []
        again = same_interaction(
            conn=conn, contact_ids=people, kind=kind, on=day, event=event, note=note
        )
        if again is not None and event and not repeat:
            # One event, one meeting: the people join the one already recorded.
            interaction_id, joined = (
                again,
                join(conn=conn, interaction_id=again, contact_ids=people),
            )
        else:
            interaction_id = record_interaction(
                conn=conn,
                contact_ids=people,
                kind=kind,
                on=day,
                location=where,
                event=event,
                note=note,
                repeat=repeat,
                repeat_until=until,
            )
        owed = []
        if after.follow_up is not None:
            if not people:
                raise InvalidInput("a follow-up is owed to someone: name the people too")
            owed = add_followup(
                conn=conn,
                contact_ids=people,
                text=after.follow_up,
                due=due,
                interaction_id=interaction_id,
            )
        view = interaction_view(conn=conn, interaction_id=interaction_id)
    if joined is None:
        output.message(render_meetings.interaction_summary(view, "recorded"))
    elif joined:
        names = ", ".join(a.name for a in view.attendees if a.id in joined)
        output.message(f"{names} joined " + render_meetings.interaction_summary(view, ""))
    else:
        output.message(
            render_meetings.interaction_summary(view, "already recorded:")
            + "; nobody new joined it"
        )
    if view.repeats:
        output.message(f"repeats {view.repeats}; next on {view.date}")
    if owed:
        numbers = ", ".join(f"#{n}" for n in owed)
        output.message(f"follow-up {numbers}: {after.follow_up}" + (f", due {due}" if due else ""))
    if not view.attendees:
        output.message(f"add the people with: meetup meetings edit {view.id} --add-person REF")
    if json_:
        output.print_json(view.to_json())
