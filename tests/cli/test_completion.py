"""Tab completion in a real bash, with the script `meetup --show-completion bash` prints:
commands, contacts' names and handles, trips, and places (your contacts' cities first)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

# About the shell and the editor, not the engine: the SQLite run covers them.
pytestmark = pytest.mark.sqlite_only

MEETUP = shlex.quote(str(Path(sys.executable).parent / "meetup"))  # the console script


def completions(*words: str) -> list[str]:
    """What bash offers for the last word of `meetup WORDS...`."""
    line = " ".join(shlex.quote(w) for w in ("meetup", *words))
    script = (
        f'eval "$({MEETUP} --show-completion bash)"\n'
        f"COMP_WORDS=({line}); COMP_CWORD={len(words)}\n"
        # bash calls the function with the command's name, which it runs to ask.
        f"_meetup_completion {MEETUP}\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def network(run: Run) -> None:
    run("contact", "add", "Maya Patel", "--city", "Nashville, TN", "--handle", "x:@mayabuilds")
    run(
        "contact",
        "add",
        "Marcus Bell",
        "--city",
        "Louisville, KY",
        "--handle",
        "email:m@example.com",
    )
    run("contact", "add", "Ana Ortiz", "--city", "Knoxville, TN")
    run("trip", "add", "Tennessee road trip", "--start", "2031-01-02", "--stop", "Memphis")


def test_bash_completes_commands() -> None:
    assert completions("con") == ["contact", "config"]
    assert completions("contact", "sh") == ["show"]


@pytest.mark.usefixtures("network")
def test_bash_completes_contacts_trips_and_places() -> None:
    assert completions("contact", "show", "Ma") == ["Marcus Bell", "Maya Patel"]
    assert completions("met", "@ma") == ["@mayabuilds"]
    assert completions("todo", "add", "An") == ["Ana Ortiz"]
    assert completions("trip", "show", "Ten") == ["Tennessee road trip"]
    places = completions("near", "Knox")
    assert places[0] == "Knoxville, Tennessee, US"  # your contacts' city first
    assert len(places) > 1
    assert completions("contact", "add", "Zed", "--city", "Louisv")[0] == "Louisville, Kentucky, US"
    assert completions("contact", "show", "Nobody") == []
