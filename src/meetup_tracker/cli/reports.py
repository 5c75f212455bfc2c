"""`meetup unmet`, `meetup stale`, `meetup stats`: the questions the tool is for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from meetup_tracker.cli.common import JsonOption, LimitOption, TagFilterOption, session

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.services.views import ContactView


def unmet(
    ctx: typer.Context,
    tag: TagFilterOption = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """Who you have not met in person yet, the ones you have known longest first."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import unmet as unmet_report
    from meetup_tracker.services.trips import next_chances

    with session(ctx) as s:
        chances = next_chances(session=s)
        render.unmet(
            (_with_chance(v, chances) for v in unmet_report(session=s, tag=tag)),
            json_=json_,
            limit=limit,
            empty=_nobody_left(s, tag),
        )


def _nobody_left(s: Session, tag: str | None) -> str:
    from meetup_tracker.services.reports import has_contacts

    if not has_contacts(session=s, tag=tag):
        return "no contacts" + (f" tagged {tag}" if tag else "") + " yet"
    return "you have met everyone" + (f" tagged {tag}" if tag else "") + " in person"


def _with_chance(view: ContactView, chances: dict[int, dict[str, Any]]) -> ContactView:
    view.extra["next_chance"] = chances.get(view.id)
    return view


def stale(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option(help="How long a silence counts as stale.", metavar="DAYS")
    ] = 180,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """People you have met or talked to, but not lately; the longest silence first."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import stale as stale_report

    with session(ctx) as s:
        render.stale(stale_report(session=s, days=days), days=days, json_=json_, limit=limit)


def stats(ctx: typer.Context, json_: JsonOption = False) -> None:
    """How many contacts are online only, talked to, or met; meetings per month for a year."""
    from meetup_tracker import render
    from meetup_tracker.services.reports import stats as stats_report

    with session(ctx) as s:
        result = stats_report(session=s)
    render.stats(result, json_=json_)
