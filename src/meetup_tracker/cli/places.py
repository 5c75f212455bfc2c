"""`meetup place ...`: look places up in the offline gazetteer, and find cities left unresolved."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.common import JsonOption, LimitOption, session

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Look up places offline, and fix cities that did not resolve.",
    no_args_is_help=True,
)


@app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="A place: 'Portland', 'Paris, TX', 'München'.")],
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List the places a text could mean, with country, region, population and coordinates."""
    from meetup_tracker import render
    from meetup_tracker.services.places import search as search_places

    render.places(search_places(text), json_=json_, limit=limit)


@app.command("unresolved")
def unresolved(ctx: typer.Context, json_: JsonOption = False, limit: LimitOption = None) -> None:
    """Contacts whose city has no coordinates: unknown or ambiguous names to fix with
    `meetup contact edit REF --city 'Portland, OR'` (or --lat/--lon)."""
    from meetup_tracker import render
    from meetup_tracker.services.places import unresolved as unresolved_contacts

    with session(ctx) as s:
        render.contacts(
            unresolved_contacts(session=s),
            json_=json_,
            limit=limit,
            title="Cities without coordinates",
            empty="every city has its coordinates",
        )
