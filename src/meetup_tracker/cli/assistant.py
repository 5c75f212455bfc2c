"""`meetup mcp`: the Model Context Protocol on stdin/stdout, so that an AI assistant can ask
about your network ("who could I see in Chicago next week?") without anything leaving the
machine. Each tool runs the command a person would, with `--json`, and returns that JSON; a
bad argument is the command's own one-line error, as an MCP error result. Writing tools (add
a contact, log an interaction, add a follow-up) exist only with `--allow-writes`, and say so
in their annotations. The SDK is an optional extra: `pip install 'meetup-tracker[mcp]'`."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from typing import Annotated, Any

import typer

EXTRA = "meetup-tracker[mcp]"


def mcp(
    ctx: typer.Context,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Also offer the tools that write: add a contact, log an interaction, add a"
            " follow-up.",
        ),
    ] = False,
) -> None:
    """Let an AI assistant ask, over the Model Context Protocol.

    It is served on stdin/stdout. Tools for search, a contact's profile, unmet, near, route,
    a trip, upcoming, the agenda, who is due and the follow-ups, each returning what the
    command's --json gives; with --allow-writes, tools to add a contact, log an interaction
    and add a follow-up. No socket is opened: the assistant starts `meetup mcp` and talks to
    it over its standard streams."""
    from meetup_tracker.cli.state import state
    from meetup_tracker.errors import InvalidInput

    try:
        from mcp.server.mcpserver import MCPServer  # noqa: F401
    except ImportError:
        raise InvalidInput(
            "meetup mcp needs the Model Context Protocol SDK", hint=f"pip install '{EXTRA}'"
        ) from None
    server = build(str(state(ctx).location), allow_writes=allow_writes)
    server.run("stdio")


def run_json(location: str, args: list[str]) -> str:
    """Run a meetup command in this process with --json; its JSON, or a ToolError with the
    command's one-line error."""
    from mcp.server.mcpserver.exceptions import ToolError

    from meetup_tracker.cli import app

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = app(["--db", location, *args, "--json"], standalone_mode=False)
        except typer.Exit as exc:
            code = exc.exit_code
        except Exception as exc:
            raise ToolError(" ".join(str(exc).split()) or type(exc).__name__) from None
    if code:
        said = [line for line in err.getvalue().splitlines() if line.strip()]
        raise ToolError(said[-1].removeprefix("Error: ") if said else f"exit {code}")
    text = out.getvalue().strip()
    # The command's JSON as it printed it: the same text a script gets from --json.
    return text if text else json.dumps({"done": err.getvalue().strip()})


def _options(**given: Any) -> list[str]:
    """Options for the values given (None left out; True a flag; a list repeated)."""
    args: list[str] = []
    for name, value in given.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif isinstance(value, list):
            for item in value:
                args += [flag, str(item)]
        else:
            args += [flag, str(value)]
    return args


def build(location: str, *, allow_writes: bool) -> Any:
    """The server with its tools."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    server = MCPServer(
        "meetup-tracker",
        log_level="WARNING",
        instructions="The user's network of online contacts and their travel, kept offline:"
        " who they have not met yet, whom they could meet on a trip, what they owe whom.",
    )
    read = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    def call(*args: str) -> str:
        return run_json(location, list(args))

    @server.tool(annotations=read)
    def search(text: str, limit: int = 20) -> str:
        """Contacts, meetings and trips whose names, handles, places, tags or notes hold text."""
        return call("search", text, *_options(limit=limit))

    @server.tool(annotations=read)
    def contact(ref: str) -> str:
        """One contact's profile: handles, city, tags, timeline, follow-ups, visits; `ref` is a
        name (or its start), a handle or #ID."""
        return call("contact", "show", ref)

    @server.tool(annotations=read)
    def unmet(limit: int = 50, tag: str | None = None) -> str:
        """Contacts never met in person, known longest first, with their next chance."""
        return call("unmet", *_options(limit=limit, tag=tag))

    @server.tool(annotations=read)
    def near(place: str, within: str | None = None) -> str:
        """Contacts near a place (within: 50km, 30mi; default 50 km), nearest first."""
        return call("near", place, *_options(within=within))

    @server.tool(annotations=read)
    def route(places: list[str], within: str | None = None) -> str:
        """Contacts along the road through places, in order, with their detours."""
        if not places:
            from mcp.server.mcpserver.exceptions import ToolError

            raise ToolError("give the places of the route, in order")
        return call("route", *places, *_options(within=within))

    @server.tool(annotations=read)
    def trip(name: str) -> str:
        """One of the user's trips: its stops, who is near each and along the road."""
        return call("trip", "show", name)

    @server.tool(annotations=read)
    def upcoming(days: int = 90) -> str:
        """Trips under way or starting in the next days, with whom the user could meet."""
        return call("upcoming", *_options(days=days))

    @server.tool(annotations=read)
    def agenda(days: int = 14) -> str:
        """What is coming, day by day: follow-ups, people due, plans, trips, overlaps."""
        return call("agenda", *_options(days=days))

    @server.tool(annotations=read)
    def due(days: int = 0) -> str:
        """People whose keep-in-touch cadence has passed (or will, within days)."""
        return call("due", *_options(days=days))

    @server.tool(annotations=read)
    def follow_ups(include_done: bool = False) -> str:
        """What the user owes whom, overdue first."""
        return call("todo", *_options(all=include_done))

    if not allow_writes:
        return server
    write = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

    @server.tool(annotations=write)
    def add_contact(
        name: str,
        city: str | None = None,
        handles: list[str] | None = None,
        tags: list[str] | None = None,
        note: str | None = None,
    ) -> str:
        """Add a contact (writes): handles as platform:handle or profile URLs."""
        return call(
            "contact", "add", name, *_options(city=city, handle=handles, tag=tags, note=note)
        )

    @server.tool(annotations=write)
    def log_interaction(
        people: list[str],
        kind: str = "call",
        on: str | None = None,
        note: str | None = None,
    ) -> str:
        """Record a meeting, call, video call or message with people (writes)."""
        return call("log", *people, *_options(kind=kind, on=on, note=note))

    @server.tool(annotations=write)
    def add_follow_up(ref: str, text: str, due: str | None = None) -> str:
        """Note something the user owes someone, perhaps by a day (writes)."""
        return call("todo", "add", ref, text, *_options(due=due))

    return server
