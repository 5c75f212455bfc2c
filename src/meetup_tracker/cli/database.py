"""`meetup db ...`: where the database is, checking it, and backing it up."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption
from meetup_tracker.cli.state import state
from meetup_tracker.paths import expand

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Where your data lives, checking it, and backing it up.",
    no_args_is_help=True,
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the database file (or team database) this command would use.

    --db, else $MEETUP_TRACKER_DB, else the default in your user data folder. A team's URL is
    shown without its password."""
    import sys

    sys.stdout.write(f"{state(ctx).shown_db}\n")  # a URL without its password


@app.command("check")
def check(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Check the database for damage.

    SQLite's integrity check, broken references, and the schema version."""
    from meetup_tracker import output
    from meetup_tracker.errors import StorageError

    health = state(ctx).store.check()
    if json_:
        output.print_json(health.to_json())
    else:
        import sys

        sys.stdout.write(f"database\t{health.path}\n")
        sys.stdout.write(f"schema\t{health.schema} (this meetup-tracker: {health.latest})\n")
        sys.stdout.write(f"contacts\t{health.contacts}\n")
        for problem in health.integrity if health.integrity != ["ok"] else []:
            sys.stdout.write(f"integrity\t{problem}\n")
        for problem in health.broken_references:
            sys.stdout.write(f"reference\t{problem}\n")
    if not health.healthy:
        raise StorageError(
            f"{health.path} has {health.problems} problems (listed above)",
            hint="restore a backup: see 'Your data' in the README",
        )
    output.message(f"ok: {health.path} passed {health.engine_checks} checks")


@app.command("backup")
def backup(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="The backup file, or a folder (DIR/) to put a dated one in."
        ),
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing file; copy a database that fails its check."
        ),
    ] = False,
) -> None:
    """Copy the database safely, even while in use.

    To PATH (a folder gets a dated file): consistent even while in use, readable by you
    only. A team's database is written as its lossless JSON export."""
    from meetup_tracker import output
    from meetup_tracker.files import backup_target
    from meetup_tracker.services.backup import backup_chunks

    state(ctx).not_the_database(expand(target))
    store = state(ctx).store
    folder = target.endswith(("/", "\\"))
    where = backup_target(expand(target), force=force, folder=folder, suffix=store.backup_suffix)
    written = store.backup(where, force=force, export=lambda conn: backup_chunks(conn=conn))
    if written == "export":
        output.message(
            f"wrote the lossless JSON export of {store.shown} to {where} (meetup import"
            " restores it); for the server itself, use pg_dump"
        )
    else:
        output.message(f"backed up {store.shown} to {where}")
