"""`meetup db ...`: where the database is, checking it, and backing it up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meetup_tracker.cli.common import JsonOption, state

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
    from meetup_tracker.pg import PgDatabase
    from meetup_tracker.services.maintenance import check as check_database
    from meetup_tracker.services.maintenance import check_team

    database = state(ctx).database
    if isinstance(database, PgDatabase):
        health = check_team(database)
    else:
        if not database.path.exists():
            database.prepare()
        health = check_database(database.path)
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
        problems = len([p for p in health.integrity if p != "ok"]) + len(health.broken_references)
        raise StorageError(
            f"{health.path} has {problems} problems (listed above)",
            hint="restore a backup: see 'Your data' in the README",
        )
    if isinstance(database, PgDatabase):
        output.message(f"ok: {health.path} has the current schema and no broken references")
    else:
        output.message(f"ok: {health.path} passed SQLite's integrity and reference checks")


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
    only."""
    from meetup_tracker import output
    from meetup_tracker.pg import PgDatabase
    from meetup_tracker.services.maintenance import backup as copy_database
    from meetup_tracker.services.maintenance import backup_target, backup_team

    database = state(ctx).database
    folder = target.endswith(("/", "\\"))
    if isinstance(database, PgDatabase):
        where = backup_target(Path(target).expanduser(), force=force, folder=folder, suffix=".json")
        backup_team(database, where)
        output.message(
            f"wrote the lossless JSON export of {database.path} to {where} (meetup import"
            " restores it); for the server itself, use pg_dump"
        )
        return
    if not database.path.exists():
        database.prepare()
    destination = backup_target(Path(target).expanduser(), force=force, folder=folder)
    copy_database(database.path, destination, force=force)
    output.message(f"backed up {database.path} to {destination}")
