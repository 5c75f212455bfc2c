"""`meetup agenda`: what is coming, day by day."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption
from meetup_tracker.cli.state import reading


def agenda(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", help="How many days, today included.", metavar="DAYS")
    ] = 14,
    json_: JsonOption = False,
) -> None:
    """What is coming, day by day, today first.

    Follow-ups due (overdue ones on today), people due to hear from you, planned meetings
    (each coming day of a series), trips under way or starting with who is along the road
    not met yet, and where contacts' travel meets yours. --json gives one object with each
    list, and the days."""
    from meetup_tracker.render.agenda import agenda as render_agenda
    from meetup_tracker.services.agenda import agenda as find_agenda

    with reading(ctx) as conn:
        found = find_agenda(conn=conn, days=days)
    render_agenda(found, json_=json_)
