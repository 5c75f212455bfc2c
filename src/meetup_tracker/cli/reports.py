"""`meetup unmet`, `meetup stale`, `meetup stats`: the questions the tool is for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli.common import JsonOption, LimitOption, TagFilterOption, reading

if TYPE_CHECKING:
    from collections.abc import Iterator

    from meetup_tracker.db import Sql
    from meetup_tracker.services.trips import NextChance
    from meetup_tracker.services.views import ContactView


def unmet(
    ctx: typer.Context,
    tag: TagFilterOption = None,
    team: Annotated[
        bool,
        typer.Option("--team", help="On a team database: not met by anyone on the team."),
    ] = False,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Who you have not met in person yet, longest known first.

    With how often you have talked, when last, and your next chance: a meeting you have
    planned, or a trip that passes near them. On a team database, the people you have not
    met yourself; --team, those nobody on the team has met."""
    from meetup_tracker import render
    from meetup_tracker.db import is_team, whoami
    from meetup_tracker.services.interactions import next_meetings
    from meetup_tracker.services.reports import unmet as unmet_report
    from meetup_tracker.services.trips import NextChance

    with reading(ctx) as conn:
        chances = NextChance(conn=conn)
        planned = next_meetings(conn=conn)
        by = whoami(conn) if is_team(conn) and not team else None
        found = unmet_report(conn=conn, tag=tag, by=by)
        if by is not None:  # whom you have not met: say which of them a colleague has
            found = _with_met_by(conn, found)
        render.unmet(
            (_with_chance(v, chances, planned) for v in found),
            met_by=by is not None,
            json_=json_,
            limit=limit,
            empty=_nobody_left(conn, tag),
        )


def _nobody_left(conn: Sql, tag: str | None) -> str:
    from meetup_tracker.services.reports import has_contacts

    if not has_contacts(conn=conn, tag=tag):
        return "no contacts" + (f" tagged {tag}" if tag else "") + " yet"
    return "you have met everyone" + (f" tagged {tag}" if tag else "") + " in person"


def _with_met_by(conn: Sql, views: Iterator[ContactView]) -> Iterator[ContactView]:
    """The views, a hundred at a time marked with who on the team has met each."""
    from itertools import islice

    from meetup_tracker.services.team import mark_met_by

    while batch := list(islice(views, 100)):
        mark_met_by(conn=conn, views=batch)
        yield from batch


def _with_chance(view: ContactView, chances: NextChance, planned: dict[int, str]) -> ContactView:
    view.extra["next_chance"] = chances(view.lat, view.lon)
    view.extra["next_meeting"] = planned.get(view.id)  # a meeting you have planned with them
    return view


def stale(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option(help="How long a silence counts as stale.", metavar="DAYS")
    ] = 180,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """People you have not been in touch with lately.

    People you have met or talked to, but not in --days days; the longest silence first."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import stale as stale_report

    with reading(ctx) as conn:
        render.stale(stale_report(conn=conn, days=days), days=days, json_=json_, limit=limit)


def stats(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Counts of your network, and meetings per month.

    How many contacts are online only, talked to, or met; meetings per month for a year."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import stats as stats_report

    with reading(ctx) as conn:
        result = stats_report(conn=conn)
    render.stats(result, json_=json_)


def search(
    ctx: typer.Context,
    text: Annotated[
        list[str],
        typer.Argument(
            help="What to look for: a name, @handle, company, city, tag, event or a word.",
            show_default=False,
            metavar="TEXT...",
        ),
    ],
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Search everything you wrote down, best match first.

    Names, handles, companies, places, tags, notes and events, ignoring case and accents;
    each hit says where it was found."""
    from meetup_tracker import render
    from meetup_tracker.services.search import search as find

    query = " ".join(text)
    with reading(ctx) as conn:
        hits = find(conn=conn, query=query)
    render.search(hits, query=query, json_=json_, limit=limit)
