"""`meetup db ...`: where the database is, and looking after it."""

from __future__ import annotations

import typer

from meetup_tracker.cli.common import state

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Where your data lives, and looking after it.",
    no_args_is_help=True,
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the database file this command would use (--db, $MEETUP_TRACKER_DB or the default)."""
    import sys

    sys.stdout.write(f"{state(ctx).db_path}\n")
