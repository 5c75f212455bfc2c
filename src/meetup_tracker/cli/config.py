"""`meetup config ...`: home, and the unit distances are shown in."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption
from meetup_tracker.cli.state import reading, writing
from meetup_tracker.cli.where import waypoint

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Your settings: home (where trips start) and units.",
    no_args_is_help=True,
)


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="home, units or user.")],
    value: Annotated[
        str, typer.Argument(help="A place for home; km or mi for units; a name for user.")
    ],
) -> None:
    """Set home (a place), units (km or mi) or user (your name).

    user is the name your changes are recorded under (default: your system user name); on a
    team database it is your PostgreSQL role."""
    from meetup_tracker import output
    from meetup_tracker.services import config

    name = config.check_key(key)
    if name == "home":
        place = waypoint(ctx, value)
        with writing(ctx) as conn:
            config.set_home(conn=conn, place=place)
        output.message(f"home is {place.name}")
    elif name == "user":
        with writing(ctx) as conn:
            user = config.set_user(conn=conn, name=value)
        output.message(f"your changes are recorded as {user}")
    else:
        with writing(ctx) as conn:
            unit = config.set_units(conn=conn, unit=value)
        output.message(f"distances are shown in {unit}")


@app.command("unset")
def unset(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="home, units or user.")]
) -> None:
    """Forget a setting (units go back to km)."""
    from meetup_tracker import output
    from meetup_tracker.services import config

    with writing(ctx) as conn:
        config.unset(conn=conn, key=key)
    output.message(f"{key.strip().lower()} is unset")


@app.command("show")
def show(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Show every setting."""
    from meetup_tracker.render import settings as render_settings
    from meetup_tracker.services import config

    with reading(ctx) as conn:
        settings = config.show(conn=conn)
    render_settings.settings(settings, json_=json_)
