"""The root command: global options, the command groups, and the one place where errors become
exit codes. Nothing heavy is imported here, so `meetup --help` stays instant."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from meetup_tracker import __version__
from meetup_tracker.cli import (
    config,
    contacts,
    database,
    demo,
    meetings,
    nearby,
    places,
    reports,
    transfer,
    trips,
)
from meetup_tracker.cli.common import AppState, state
from meetup_tracker.errors import MeetupError, from_exception

DEBUG_ENV = "MEETUP_TRACKER_DEBUG"


class MeetupGroup(TyperGroup):
    """The root group: turns the domain's errors into one line on stderr and an exit code."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except MeetupError as exc:
            _fail(exc)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, BrokenPipeError):
            # Typer's own: usage errors (exit 2), --help, --version, an answered prompt.
            raise
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == 32:  # EPIPE: the reader went away
                raise
            error = from_exception(exc, db_path=_db_path(ctx))
            if error is not None:
                _fail(error)
            if os.environ.get(DEBUG_ENV):
                raise
            _fail(
                MeetupError(
                    f"internal error: {type(exc).__name__}: {exc}",
                    hint=f"please report it; {DEBUG_ENV}=1 shows the traceback",
                )
            )
        finally:
            obj = ctx.obj
            if isinstance(obj, AppState):
                obj.close()


def _db_path(ctx: typer.Context) -> Path | None:
    obj = ctx.obj
    return obj.db_path if isinstance(obj, AppState) else None


def _fail(error: MeetupError) -> None:
    text = " ".join(str(error).split())
    sys.stderr.write(f"Error: {text}\n")
    raise typer.Exit(error.exit_code)


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"meetup-tracker {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=MeetupGroup,
    name="meetup",
    help="Remember the people you know online, and meet them offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["--help", "-h"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The database file. Default: $MEETUP_TRACKER_DB, else your user data folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Remember the people you know online, and meet them offline."""
    state(ctx).db_option = db


app.add_typer(contacts.app, name="contact")
meetings.register(app)
reports.register(app)
nearby.register(app)
app.add_typer(trips.app, name="trip")
trips.register(app)
transfer.register(app)
app.add_typer(places.app, name="place")
app.add_typer(config.app, name="config")
app.add_typer(database.app, name="db")
demo.register(app)


def main() -> None:
    """The console script `meetup`."""
    app()
