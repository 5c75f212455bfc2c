"""`meetup place ...`: look places up in the offline gazetteer, and find cities left unresolved."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption, LimitOption
from meetup_tracker.cli.state import reading, writing
from meetup_tracker.cli.where import home, locate

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Look up places offline, and fix cities that did not resolve.",
    no_args_is_help=True,
)


@app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A place: 'Portland', 'Paris, TX', 'München'.")],
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List the places a text could mean.

    The one a command would take first (for you: near home among places of similar size),
    with country, region, population and coordinates, from the gazetteer (offline)."""
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services.places import search as search_places

    render_travel.places(search_places(text, home=home(ctx)), json_=json_, limit=limit)


@app.command("show")
def show(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A place: 'Cambridge', 'Aarhus C', '東京都中野区'.")],
    json_: JsonOption = False,
) -> None:
    """Show what a place text names, as a command would read it.

    The place (or the country or region), whether the text decides it or it is the likelier
    of several (and which others), or a guess a command would ask about first."""
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services.places import resolve

    render_travel.resolution(resolve(text, home(ctx)), json_=json_)


@app.command("unresolved")
def unresolved(ctx: typer.Context, json_: JsonOption = False, limit: LimitOption = None) -> None:
    """List contacts whose city has no coordinates.

    With the places each could be: fix them with
    `meetup place fix` (all at once) or `meetup contact edit REF --city 'Portland, OR'`."""
    from meetup_tracker.render import contacts as render_contacts
    from meetup_tracker.services.places import unresolved as unresolved_contacts

    with reading(ctx) as conn:
        render_contacts.unresolved(unresolved_contacts(conn=conn), json_=json_, limit=limit)


@app.command("fix")
def fix(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]",
            help="A city as it was kept: 'Portland', 'Springfeld'.",
            show_default=False,
        ),
    ] = None,
    place: Annotated[
        str | None,
        typer.Argument(
            metavar="[PLACE]", help="The place it means: 'Portland, OR'.", show_default=False
        ),
    ] = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto", help="Resolve every kept city again, taking what an import would take."
        ),
    ] = False,
) -> None:
    """Place the cities that did not resolve.

    Every contact and meeting at TEXT moves to PLACE;
    with --auto, each is tried again; with nothing, a terminal asks about each in turn."""
    from meetup_tracker import output
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.services import places

    if auto:
        if text is not None:
            raise InvalidInput("give TEXT PLACE, or --auto, not both")
        with writing(ctx) as conn:
            done, left = places.fix_decided(conn=conn)
        for fixed in done:
            output.message(f"{fixed.text} → {fixed.place}: {_fixed_count(fixed)}")
        output.message(f"placed {len(done)} {_plural(len(done), 'city', 'cities')}; {left} left")
        return
    if text is not None and place is not None:
        where = locate(ctx, place)
        assert where is not None
        with writing(ctx) as conn:
            fixed = places.fix(conn=conn, text=text, place=where)
        if not (fixed.contacts or fixed.meetings):
            raise InvalidInput(
                f"nothing is kept at '{text}'", hint="see meetup place unresolved for the texts"
            )
        output.message(f"{fixed.text} → {fixed.place}: {_fixed_count(fixed)}")
        return
    if text is not None or not output.stdin_is_terminal():
        raise InvalidInput(
            "give TEXT and PLACE (meetup place fix Portland 'Portland, OR'), or --auto"
        )
    _ask_each(ctx)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _fixed_count(fixed: object) -> str:
    contacts = getattr(fixed, "contacts", 0)
    meetings = getattr(fixed, "meetings", 0)
    parts = []
    if contacts:
        parts.append(f"{contacts} {_plural(contacts, 'contact', 'contacts')}")
    if meetings:
        parts.append(f"{meetings} {_plural(meetings, 'meeting', 'meetings')}")
    return " and ".join(parts) or "nothing"


def _ask_each(ctx: typer.Context) -> None:
    """Ask, for each kept text, which of its candidates it is (or another place, or skip)."""
    from meetup_tracker import output
    from meetup_tracker.errors import MeetupError
    from meetup_tracker.services import places

    with reading(ctx) as conn:
        texts = places.unresolved_texts(conn=conn)
    if not texts:
        output.message("every city has its coordinates")
        return
    for text, count in texts:
        options = places.candidates(text)
        output.message(f"{text} ({count}):")
        for number, option in enumerate(options, start=1):
            output.message(f"  {number}. {option.display}")
        answer = typer.prompt(
            "  which? (a number, another place, or Enter to skip)",
            default="",
            show_default=False,
            err=True,
        ).strip()
        if not answer:
            continue
        chosen = (
            options[int(answer) - 1].display
            if answer.isdigit() and 0 < int(answer) <= len(options)
            else answer
        )
        try:
            where = locate(ctx, chosen)
            assert where is not None
            with writing(ctx) as conn:
                fixed = places.fix(conn=conn, text=text, place=where)
        except MeetupError as exc:
            output.message(f"  skipped: {exc}")
            continue
        output.release()
        output.message(f"  → {fixed.place}: {_fixed_count(fixed)}")
