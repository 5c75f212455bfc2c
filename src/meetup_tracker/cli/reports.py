"""`meetup unmet`, `meetup stale`, `meetup stats`: the questions the tool is for."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.common import JsonOption, LimitOption, session


def register(app: typer.Typer) -> None:
    """Add these commands to the root app."""
    app.command("unmet")(unmet)
    app.command("stale")(stale)
    app.command("stats")(stats)


def unmet(
    ctx: typer.Context,
    tag: Annotated[
        str | None, typer.Option(help="Only contacts with this tag.", show_default=False)
    ] = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Who you have not met in person yet, the ones you have known longest first."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import unmet as unmet_report
    from meetup_tracker.services.trips import next_chances

    with session(ctx) as s:
        views = unmet_report(session=s, tag=tag)
        chances = next_chances(session=s)
    for view in views:
        view.extra["next_chance"] = chances.get(view.id)
    render.unmet(views, json_=json_, limit=limit)


def stale(
    ctx: typer.Context,
    days: Annotated[int, typer.Option(help="How long a silence counts as stale.")] = 180,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """People you have met or talked to, but not lately; the longest silence first."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import stale as stale_report

    with session(ctx) as s:
        views = stale_report(session=s, days=days)
    render.stale(views, days=days, json_=json_, limit=limit)


def stats(ctx: typer.Context, json_: JsonOption = False) -> None:
    """How many contacts are online only, talked to, or met; meetings per month for a year."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import stats as stats_report

    with session(ctx) as s:
        result = stats_report(session=s)
    render.stats(result, json_=json_)
