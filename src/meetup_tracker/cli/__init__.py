"""The root command: global options, the command groups, and the one place where errors become
exit codes. Nothing heavy is imported here, so `meetup --help` stays instant."""

from __future__ import annotations

import errno
import importlib
import inspect
import os
import re
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from meetup_tracker import __version__, output
from meetup_tracker.cli.params import plain_params
from meetup_tracker.cli.state import AppState, state
from meetup_tracker.errors import InvalidInput, MeetupError, from_exception

DEBUG_ENV = "MEETUP_TRACKER_DEBUG"

# Every command, by section, as "module:attribute". A command's module is imported, and typer
# builds its options, only when that command runs: start-up never pays for thirty commands.
SECTIONS: dict[str, dict[str, str]] = {
    "People": {
        "contact": "meetup_tracker.cli.contacts:app",
        "met": "meetup_tracker.cli.recording:met",
        "log": "meetup_tracker.cli.recording:log",
        "meetings": "meetup_tracker.cli.meetings:app",
        "todo": "meetup_tracker.cli.todo:app",
        "due": "meetup_tracker.cli.keeping:due",
        "snooze": "meetup_tracker.cli.keeping:snooze",
        "cadence": "meetup_tracker.cli.keeping:cadence_app",
    },
    "Questions": {
        "unmet": "meetup_tracker.cli.reports:unmet",
        "stale": "meetup_tracker.cli.reports:stale",
        "stats": "meetup_tracker.cli.reports:stats",
        "near": "meetup_tracker.cli.nearby:near",
        "route": "meetup_tracker.cli.nearby:route",
        "upcoming": "meetup_tracker.cli.trips:upcoming",
        "agenda": "meetup_tracker.cli.agenda:agenda",
        "overlaps": "meetup_tracker.cli.visits:overlaps",
        "search": "meetup_tracker.cli.reports:search",
    },
    "Travel": {
        "trip": "meetup_tracker.cli.trips:app",
        "visit": "meetup_tracker.cli.visits:app",
        "place": "meetup_tracker.cli.places:app",
        "map": "meetup_tracker.cli.maps:map_",
    },
    "Files and settings": {
        "import": "meetup_tracker.cli.transfer:import_",
        "export": "meetup_tracker.cli.transfer:export",
        "sync": "meetup_tracker.cli.syncing:sync",
        "config": "meetup_tracker.cli.config:app",
        "db": "meetup_tracker.cli.database:app",
        "demo": "meetup_tracker.cli.demo:demo",
        "mcp": "meetup_tracker.cli.assistant:mcp",
    },
}
COMMANDS = {name: target for section in SECTIONS.values() for name, target in section.items()}


# Words people type for a command that has another name.
LIKELY = {
    "contacts": "contact",
    "people": "contact",
    "person": "contact",
    "add": "contact",
    "list": "contact",
    "meeting": "meetings",
    "meet": "met",
    "call": "log",
    "trips": "trip",
    "places": "place",
    "settings": "config",
    "database": "db",
    "backup": "db",
    "todos": "todo",
    "followup": "todo",
    "follow-up": "todo",
    "visits": "visit",
    "find": "search",
    "nearby": "near",
}


def _suggestions(typo: str) -> list[str]:
    """The commands a mistyped one most likely meant: `contacts` -> contact, `unmte` -> unmet."""
    import difflib

    word = typo.lower()
    found = [LIKELY[word]] if word in LIKELY else []
    found += difflib.get_close_matches(word, list(COMMANDS), n=2, cutoff=0.6)
    found += [LIKELY[w] for w in difflib.get_close_matches(word, list(LIKELY), n=1, cutoff=0.75)]
    return [name for name in dict.fromkeys(found) if name in COMMANDS][:1]


def _target(name: str) -> Any:
    module, _, attribute = COMMANDS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)


def _short_help(target: Any, limit: int) -> str:
    """A command's first sentence, for the list of commands."""
    text = target.info.help if isinstance(target, typer.Typer) else inspect.getdoc(target)
    first = " ".join((text or "").split("\n\n")[0].split())
    first = re.split(r"(?<=[.!?])\s", first)[0]
    return first if len(first) <= limit else first[: limit - 3].rsplit(" ", 1)[0] + "..."


class MeetupGroup(TyperGroup):
    """The root group: builds a command only when it runs, and turns the domain's errors into
    one line on stderr and an exit code."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in COMMANDS:
            return None
        target = _target(cmd_name)
        if isinstance(target, typer.Typer):
            command: Any = typer.main.get_group(target)  # a group even with one command
        else:
            single = typer.Typer(rich_markup_mode=None, add_completion=False)
            single.command(cmd_name)(target)
            command = typer.main.get_command(single)
        command.name = cmd_name
        plain_params(command, ctx)
        return command

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            guesses = _suggestions(name)
            hint = (
                " Did you mean " + " or ".join(f"'{g}'" for g in guesses) + "?" if guesses else ""
            )
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        for section, commands in SECTIONS.items():
            rows = [(name, _short_help(_target(name), limit)) for name in commands]
            with formatter.section(section):
                formatter.write_dl(rows)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                # Bytes that are not UTF-8 reach Python as lone surrogates; they could be
                # neither stored nor shown, so they are refused before anything runs.
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                _fail(InvalidInput(f"'{shown}' is not valid UTF-8 text"))
        plain_params(self, ctx, recurse=False)
        return super().parse_args(ctx, [_not_an_option(arg) for arg in args])

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            result = super().invoke(ctx)
            output.release()
            sys.stdout.flush()  # a reader that went away is met here, not at exit
            return result
        except MeetupError as exc:
            _fail(exc)
        except typer.Exit as exc:
            if exc.exit_code == 0:
                output.release()
            raise
        except KeyboardInterrupt:
            output.discard()
            sys.stderr.write(f"{_interrupted(ctx)}\n")
            raise typer.Exit(130) from None
        except (typer.Abort, typer.TyperException):
            # Typer's own: usage errors (exit 2), --help, an answered prompt.
            raise
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                _reader_gone()
            from meetup_tracker.storage.errors import translate

            error = translate(exc, shown=_db_path(ctx)) or from_exception(exc)
            if error is not None:
                _fail(error)
            if os.environ.get(DEBUG_ENV):
                raise
            said = str(exc)
            if "psycopg" in sys.modules:  # a driver's text may quote a password
                from meetup_tracker.storage.postgres import scrub

                said = scrub(said)
            _fail(
                MeetupError(
                    f"internal error: {type(exc).__name__}: {said}",
                    hint=f"please report it; {DEBUG_ENV}=1 shows the traceback",
                )
            )
        finally:
            output.discard()  # notes held by a command that failed
            obj = ctx.obj
            if isinstance(obj, AppState):
                obj.close()


_NEGATIVE_NUMBER_RE = re.compile(r"^-\d")


def _not_an_option(arg: str) -> str:
    """A southern or western coordinate (`-36.84,174.76`, `-33.87`) is a value, never an
    option: no option starts with a digit. The leading space keeps the parser from reading it
    as one, and every reader of places, numbers and dates trims it."""
    return f" {arg}" if _NEGATIVE_NUMBER_RE.match(arg) else arg


def _interrupted(ctx: typer.Context) -> str:
    """What Ctrl-C leaves: nothing (a transaction rolled back), or what was already saved."""
    obj = ctx.obj
    saved = isinstance(obj, AppState) and obj.changed
    importing = ctx.invoked_subcommand == "import"
    if saved:
        return (
            "interrupted after the import was saved"
            if importing
            else ("interrupted after the change was saved")
        )
    return "interrupted; nothing was imported" if importing else "interrupted; nothing was changed"


def _db_path(ctx: typer.Context) -> str | None:
    obj = ctx.obj
    return obj.shown_db if isinstance(obj, AppState) else None


# A value quoted whole in an error (an event name of 5,000 characters) is cut: the line stays
# one a person can read.
_LONG_WORD = re.compile(r"\S{201,}")


def _clipped(match: re.Match[str]) -> str:
    word = match.group(0)
    return f"{word[:60]}...({len(word):,} characters)"


def _fail(error: MeetupError) -> None:
    from meetup_tracker.text import inert

    text = _LONG_WORD.sub(_clipped, inert(" ".join(str(error).split())))
    try:
        sys.stderr.write(f"Error: {text}\n")
        sys.stderr.flush()
    except OSError:
        output.quiet_stderr()
    raise typer.Exit(error.exit_code)


def _reader_gone() -> None:
    """The program reading stdout went away (`meetup unmet | head -1`): end quietly, with
    the status a shell gives a program a closed pipe stops (128 + SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere
    except (OSError, ValueError):
        pass
    raise typer.Exit(128 + 13)


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
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["--help", "-h"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="The database file, or a team's postgresql:// URL."
            " Default: $MEETUP_TRACKER_DB, else your user data folder.",
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
    from meetup_tracker.geo import gazetteer

    state(ctx).db_option = db
    gazetteer.report = _report


def _report(text: str, progress: bool) -> None:
    """What a cache (the place index) has to say, on stderr; progress only where someone
    watches."""
    if not progress or output.stderr_is_terminal():
        output.message(text)


def main() -> None:
    """The console script `meetup`."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with the stream closed (`>&-`): nobody reads
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115
        elif hasattr(stream, "reconfigure") and not _is_utf8(stream.encoding):
            # A terminal that is not UTF-8 (latin-1, ASCII): what it cannot show is shown
            # as its escape (\U0001f600), never an error. Files are written as UTF-8.
            stream.reconfigure(errors="backslashreplace")
    app()


def _is_utf8(encoding: str | None) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding or "ascii").name == "utf-8"
    except LookupError:
        return False
