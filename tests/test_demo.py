"""`meetup demo`: a newcomer sees the point of the tool at once."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error


def test_demo_uses_a_throwaway_database_and_shows_the_reports(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = run("demo")
    assert not db_path.exists(), "the demo must not touch the user's database"
    assert "demo network: 18 contacts, 8 interactions, 1 trip in a throwaway database" in (
        result.stderr
    )
    assert list(scratch.iterdir()) == [], "the throwaway database is removed when done"
    assert "the throwaway database is gone" in result.stderr
    assert "id\tname\tcity\thandles\tsince\ttalks\tlast_contact\tnext_chance" in result.stdout
    assert "Priya Shah" in result.stdout  # a call, never met: the point of `unmet`
    assert "online only\t9" in result.stdout
    # The trip: Lucia lives on the road from Knoxville to Nashville, and has not been met.
    assert "Knoxville → Nashville\t16\tLucia Gomez" in result.stdout


def test_a_kept_demo_holds_its_group_meetings(run: Run, tmp_path: Path) -> None:
    demo_db = tmp_path / "kept.db"
    result = run("--db", str(demo_db), "demo")
    assert f"explore it: meetup --db {demo_db}" in result.stderr
    with sqlite3.connect(demo_db) as conn:
        event = conn.execute(
            "SELECT count(*) FROM attendee JOIN interaction ON id = interaction_id"
            " WHERE event IS NOT NULL"
        ).fetchone()
    assert event == (4,)  # one group meeting with three people, one conference


def test_demo_fills_an_empty_db_and_refuses_a_used_one(run: Run, run_json, tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    run("--db", str(target), "demo")
    assert len(run_json("--db", str(target), "contact", "list")) == 18
    assert "the demo needs an empty database" in one_line_error(
        run("--db", str(target), "demo", expect=1)
    )
