"""A table never shows a wrong number: every listing, on a real terminal 40, 60, 80 and 120
columns wide, shows each ID, date and distance whole (other columns are dropped or wrapped
first, or the rows become records), and keeps the ★ of people not met yet."""

from __future__ import annotations

import functools
import re

import pytest

from tests.conftest import Run
from tests.terminal import on_terminal

LISTINGS = [
    ["contact", "list"],
    ["unmet"],
    ["stale", "--days", "0"],
    ["near", "Nashville"],
    ["route", "Knoxville", "Nashville", "Memphis"],
    ["trip", "show", "Tennessee road trip"],
    ["trip", "list"],
    ["meetings"],
    ["upcoming", "--days", "3650"],
    ["search", "a"],
]
# The columns of a pipe's rows whose values a terminal must show whole. (A detour under a
# kilometre shows as "on the way"; route marks the met with no ★ rather than their date.)
WHOLE = re.compile(r"^(id|since|met|start|end|date|last_contact|last|off_route|along|distance)$")


def _values(piped: str) -> tuple[set[str], set[str]]:
    """The IDs, and the dates and distances, a pipe gives for a listing."""
    ids: set[str] = set()
    others: set[str] = set()
    header: list[str] | None = None
    for line in piped.splitlines():
        cells = line.split("\t")
        if header is None or cells[0] in ("id", "where"):
            header = cells
            continue
        for name, value in zip(header, cells, strict=False):
            if WHOLE.match(name) and value and not (name == "met" and "leg" in header):
                (ids if name == "id" else others).add(value)
    return ids, others


@functools.cache
def _starred(demo_db: str, command: tuple[str, ...]) -> bool:
    """Whether a wide terminal shows a ★ for this listing (asked once per listing)."""
    return "★" in on_terminal("--db", demo_db, *command, columns=200)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("narrow") / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "meetup_tracker", "--db", str(path), "demo"],
        check=True,
        capture_output=True,
    )
    return str(path)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("columns", [40, 60, 80, 120])
@pytest.mark.parametrize("command", LISTINGS, ids=[" ".join(c) for c in LISTINGS])
def test_a_listing_never_cuts_an_id_a_date_or_a_distance(
    run: Run, demo_db: str, command: list[str], columns: int
) -> None:
    piped = run("--db", demo_db, *command).stdout
    ids, others = _values(piped)
    shown = on_terminal("--db", demo_db, *command, columns=columns)
    assert max(len(line) for line in shown.splitlines()) <= columns
    for value in ids:
        assert re.search(rf"(?<![\d#]){value}(?!\d)|#{value}\b", shown), (value, shown)
    flat = " ".join(shown.split())
    for value in others:
        assert value.split(" ")[0] in flat, (value, shown)
    if _starred(demo_db, tuple(command)):
        assert "★" in shown
