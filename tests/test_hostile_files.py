"""Hostile files (tests/fixtures/hostile, each named after what it carries; expected.tsv says
what an import must do): refused with one line and nothing written, or imported so that every
later command can still read and export what was stored. Never a traceback, never an internal
error, never an escape sequence sent to a terminal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import FIXTURES, Run

HOSTILE = FIXTURES / "hostile"
EXPECTED = [
    tuple(line.split("\t"))
    for line in (HOSTILE / "expected.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
# Bytes that would act on a terminal: escape, bell, backspace, the C1 CSI.
ACTIVE = ("\x1b", "\x07", "\x08", "\x9b")
READERS = [
    ["contact", "list"],
    ["contact", "list", "--json"],
    ["unmet"],
    ["stale", "--days", "0"],
    ["stats"],
    ["meetings"],
    ["trip", "list"],
    ["upcoming", "--days", "36500"],
    ["place", "unresolved"],
    ["config", "show"],
    ["export", "json"],
    ["export", "csv"],
    ["export", "vcard"],
    ["export", "ics"],
    ["export", "geojson"],
]


def test_the_hostile_corpus_is_large_and_every_file_is_listed() -> None:
    listed = {name for name, _ in EXPECTED}
    present = {p.name for p in HOSTILE.iterdir()} - {"expected.tsv", "make_hostile.py"}
    assert len(EXPECTED) >= 80
    assert listed == present


def counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contact", "handle", "tag", "interaction", "attendee", "trip", "stop")
        )


def clean(result: Result, *, data: bool = False) -> None:
    """Nothing in front of a user but results and one-line errors. An export's data in a pipe
    keeps the exact text (a file written with -o would); its messages do not."""
    everything = result.stderr if data else result.stdout + result.stderr
    assert "Traceback" not in everything
    assert "internal error" not in everything, result.stderr[:300]
    for char in ACTIVE:
        assert char not in everything, f"{char!r} reached the terminal: {everything[:300]!r}"
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def seed(run: Run) -> None:
    run("contact", "add", "Ana Ortiz", "--city", "Nashville, TN", "--handle", "twitter:@ana")
    run("contact", "add", "Ben Li", "--handle", "email:ben@example.com")
    run("met", "Ana", "--on", "2025-05-01", "--at", "Memphis")
    run("trip", "add", "Spring", "--start", "2027-04-10", "--stop", "Louisville, KY")


@pytest.mark.parametrize(("name", "outcome"), EXPECTED, ids=[n for n, _ in EXPECTED])
def test_a_hostile_file_is_refused_cleanly_or_stored_readably(
    run: Run, db_path: Path, tmp_path: Path, name: str, outcome: str
) -> None:
    path = str(HOSTILE / name)
    seed(run)
    before = counts(db_path)
    strict = run("import", path, expect=None)
    clean(strict)
    assert strict.exit_code == (0 if outcome == "ok" else 1), strict.stderr
    if strict.exit_code:
        assert counts(db_path) == before  # nothing half-written
    lenient = run("--db", str(tmp_path / "empty.db"), "import", "--skip-bad", path, expect=None)
    clean(lenient)
    assert lenient.exit_code == (1 if outcome == "file" else 0), lenient.stderr
    for database in (tmp_path / "empty.db", db_path):
        if not database.exists():
            continue
        for command in READERS:
            clean(run("--db", str(database), *command), data=command[0] == "export")


def test_an_export_to_a_terminal_is_inert(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetup_tracker import output

    run("import", str(HOSTILE / "csv-escape-sequence-in-note.csv"))
    assert "\x1b" in run("export", "csv").stdout  # a pipe or a file gets the exact text
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    shown = run("export", "csv").stdout
    assert "\x1b" not in shown
    assert "\\x1b[2J" in shown
    assert shown.count("\n") == 2  # the file's own lines are kept
