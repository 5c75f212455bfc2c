"""`meetup unmet`, `meetup stale`, `meetup stats`: the questions the tool is for."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption, LimitOption, TagFilterOption
from meetup_tracker.cli.state import reading


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
    from meetup_tracker.render import reports as render_reports
    from meetup_tracker.services.reports import nobody_left, not_met_yet

    with reading(ctx) as conn:
        found = not_met_yet(conn=conn, tag=tag, by_anyone=team)
        render_reports.unmet(
            found.rows,
            met_by=found.met_by,
            json_=json_,
            limit=limit,
            empty=nobody_left(conn=conn, tag=tag),
        )


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
    from meetup_tracker.render import reports as render_reports
    from meetup_tracker.services.reports import stale as stale_report

    with reading(ctx) as conn:
        render_reports.stale(
            stale_report(conn=conn, days=days), days=days, json_=json_, limit=limit
        )


def stats(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Counts of your network, and meetings per month.

    How many contacts are online only, talked to, or met; meetings per month for a year."""
    from meetup_tracker.render import reports as render_reports
    from meetup_tracker.services.reports import stats as stats_report

    with reading(ctx) as conn:
        result = stats_report(conn=conn)
    render_reports.stats(result, json_=json_)


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
    from meetup_tracker.render import reports as render_reports
    from meetup_tracker.services.search import search as find

    query = " ".join(text)
    with reading(ctx) as conn:
        hits = find(conn=conn, query=query)
    render_reports.search(hits, query=query, json_=json_, limit=limit)
