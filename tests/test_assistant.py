"""`meetup mcp`, driven by the Model Context Protocol SDK's own client over stdio, as an
assistant would: it lists the tools and calls them; each answers the JSON the command's
--json gives; a bad argument is an error result and the server goes on; the writing tools
exist only with --allow-writes. The server runs under the tests' no-network guard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.conftest import Run

MEETUP = [sys.executable, "-m", "meetup_tracker"]
READ_TOOLS = {
    "search", "contact", "unmet", "near", "route",
    "trip", "upcoming", "agenda", "due", "follow_ups",
}  # fmt: skip
WRITE_TOOLS = {"add_contact", "log_interaction", "add_follow_up"}


def session(location: str, *extra: str) -> Callable[[Callable[[Any], Awaitable[Any]]], Any]:
    """Run `work(client_session)` against `meetup --db LOCATION mcp EXTRA...`."""
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "meetup_tracker", "--db", location, "mcp", *extra],
        env=dict(os.environ),  # with the no-network guard on PYTHONPATH
    )

    def run(work: Callable[[Any], Awaitable[Any]]) -> Any:
        async def main() -> Any:
            async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
                await s.initialize()
                return await work(s)

        return anyio.run(main)

    return run


def text(result: Any) -> str:
    return "".join(c.text for c in result.content if getattr(c, "text", None))


@pytest.fixture
def network(run: Run) -> str:
    from meetup_tracker.paths import db_location

    run("contact", "add", "Ana Ortiz", "--city", "Nashville, TN", "--handle", "x:@ana_o")
    run("contact", "add", "Ben Li", "--city", "Memphis, TN")
    run("met", "Ben", "--on", "2024-05-01")
    run("todo", "add", "Ana", "send the guest post", "--due", "2030-01-01")
    return str(db_location())


def test_an_assistant_lists_the_tools_and_gets_the_commands_json(run: Run, network: str) -> None:
    async def work(s: Any) -> dict[str, Any]:
        tools = (await s.list_tools()).tools
        near = await s.call_tool("near", {"place": "Nashville"})
        unmet = await s.call_tool("unmet", {})
        owed = await s.call_tool("follow_ups", {})
        return {"tools": tools, "near": near, "unmet": unmet, "owed": owed}

    found = session(network)(work)
    assert {t.name for t in found["tools"]} == READ_TOOLS
    assert all(t.annotations.read_only_hint for t in found["tools"])
    assert json.loads(text(found["near"])) == json.loads(run("near", "Nashville", "--json").stdout)
    assert [c["name"] for c in json.loads(text(found["unmet"]))] == ["Ana Ortiz"]
    assert json.loads(text(found["owed"]))[0]["text"] == "send the guest post"


def test_a_bad_argument_is_an_error_result_and_the_server_goes_on(network: str) -> None:
    async def work(s: Any) -> list[Any]:
        return [
            await s.call_tool("contact", {"ref": "Nobody Here"}),
            await s.call_tool("route", {"places": []}),
            await s.call_tool("near", {"place": "Nashville", "within": "banana"}),
            await s.call_tool("agenda", {"days": -5}),
            await s.call_tool("contact", {"ref": "Ana"}),
        ]

    *bad, good = session(network)(work)
    assert all(r.is_error for r in bad)
    assert "no contact 'Nobody Here'" in text(bad[0])
    assert all("Traceback" not in text(r) for r in bad)
    assert not good.is_error
    assert json.loads(text(good))["name"] == "Ana Ortiz"


def test_writing_tools_only_when_allowed(run: Run, run_json, network: str) -> None:
    async def work(s: Any) -> dict[str, Any]:
        tools = {t.name: t for t in (await s.list_tools()).tools}
        added = await s.call_tool("add_contact", {"name": "Cy Park", "city": "Atlanta, GA"})
        owed = await s.call_tool("add_follow_up", {"ref": "Cy", "text": "intro to Dana"})
        logged = await s.call_tool("log_interaction", {"people": ["Cy"], "kind": "call"})
        return {"tools": tools, "results": [added, owed, logged]}

    found = session(network, "--allow-writes")(work)
    assert set(found["tools"]) == READ_TOOLS | WRITE_TOOLS
    assert all(found["tools"][n].annotations.read_only_hint is False for n in WRITE_TOOLS)
    assert not any(r.is_error for r in found["results"])
    cy = run_json("contact", "show", "Cy")
    assert cy["city"].startswith("Atlanta")
    assert cy["followups"][0]["text"] == "intro to Dana"
    assert cy["interactions"] == 1


def test_without_the_sdk_the_error_names_the_extra(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow" / "mcp"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('no mcp here')\n")
    env = {**os.environ, "PYTHONPATH": f"{shadow.parent}{os.pathsep}{os.environ['PYTHONPATH']}"}
    result = subprocess.run([*MEETUP, "mcp"], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: meetup mcp needs the Model Context Protocol SDK; pip install 'meetup-tracker[mcp]'"
    ]
