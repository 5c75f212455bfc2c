"""Storage: where the database lives, how it is opened, and how its schema grows."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from meetup_tracker.storage import migrations
from meetup_tracker.storage.migrations import LATEST, MIGRATIONS, Migration
from meetup_tracker.storage.sqlite import SqliteStore
from tests.conftest import FIXTURES, Run, one_line_error

# The database file, its pragmas and its upgrades: SQLite's own (the team engine has tests/pg).
pytestmark = pytest.mark.sqlite_only


def test_db_option_beats_environment_beats_user_data_dir(
    run: Run, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "chosen.db"
    assert run("--db", str(chosen), "db", "path").stdout.strip() == str(chosen)
    assert run("db", "path").stdout.strip() == str(tmp_path / "meetup.db")
    monkeypatch.delenv("MEETUP_TRACKER_DB")
    default = isolated_home / "data" / "meetup-tracker" / "meetup.db"
    assert run("db", "path").stdout.strip() == str(default)
    run("contact", "add", "Ana")
    assert default.exists()


def test_parent_folders_are_created_and_the_file_is_private(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "meetup.db"
    run("--db", str(path), "contact", "add", "Ana")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_connection_has_foreign_keys_wal_and_a_busy_timeout(db_path: Path) -> None:
    store = SqliteStore(db_path)
    for _ in range(2):
        for opened in (store.reading(), store.writing()):
            with opened as conn:
                assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert (conn.execute("PRAGMA busy_timeout").fetchone()[0] or 0) >= 5000


def test_a_blank_database_gets_every_migration(db_path: Path) -> None:
    SqliteStore(db_path).prepare()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
        recorded = [
            row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")
        ]
    assert recorded == [m.version for m in MIGRATIONS]


def test_the_models_match_the_migrated_schema(db_path: Path) -> None:
    from meetup_tracker.storage.registry import TABLES

    SqliteStore(db_path).prepare()
    with sqlite3.connect(db_path) as conn:
        for table in TABLES:
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")}
            assert columns == set(table.model.model_fields), table.name


def test_migration_versions_are_consecutive() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "meetup.db"
    shutil.copy(FIXTURES / name, target)
    return target


def test_a_database_from_the_first_version_opens_with_its_data(
    run: Run, run_json, tmp_path: Path
) -> None:
    copy_fixture("v1.db", tmp_path)
    contacts = run_json("contact", "list")
    assert len(contacts) == 22
    jose = run_json("contact", "show", "José")
    assert jose["handles"][0]["handle"] == "josé-núñez"
    assert jose["last_met"] == "2024-09-14"
    assert run_json("contact", "show", "李雷")["met_in_person"] is True
    assert len(run_json("meetings")) == 10


def test_cities_typed_before_places_existed_are_resolved_where_unambiguous(
    run: Run, run_json, tmp_path: Path
) -> None:
    copy_fixture("v1.db", tmp_path)
    maya = run_json("contact", "show", "Maya")
    assert maya["city"] == "Nashville, Tennessee, US"
    assert (round(maya["lat"], 2), round(maya["lon"], 2)) == (36.17, -86.78)
    assert run_json("contact", "show", "José")["city"] == "Munich, Germany"
    assert run_json("contact", "show", "Ruth")["city"] == "Paris, Texas, US"
    jsconf = run_json("meetings", "--contact", "José")[0]
    assert jsconf["place"] == "Berlin, Germany"
    # A typo and a bare ambiguous name stay as typed, listed for the user to fix.
    unresolved = {c["name"]: c["city"] for c in run_json("place", "unresolved")}
    assert unresolved == {"Pat Typo": "Nashvile", "Casey Portland": "Portland"}
    assert run_json("contact", "show", "Casey")["lat"] is None


def test_a_database_from_schema_2_opens_with_its_places_and_trips(run_json, tmp_path: Path) -> None:
    copy_fixture("v2.db", tmp_path)
    assert len(run_json("contact", "list")) == 21
    hollow = run_json("contact", "show", "Hollow")
    assert (hollow["city"], hollow["lat"], hollow["lon"]) == ("Tiny Hollow", 36.1, -85.2)
    europe = run_json("trip", "show", "Europe")
    assert europe["from"]["place"] == "Berlin, Germany"
    assert [s["place"] for s in europe["stops"]] == ["Munich, Germany", "Paris, France"]
    assert [c["name"] for c in europe["stops"][0]["near"]] == ["José Núñez"]
    assert run_json("config", "show")["home"]["name"] == "Knoxville, Tennessee, US"


def test_an_upgrade_keeps_a_copy_of_the_old_file_first(
    run: Run, run_json, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_fixture("v1.db", tmp_path)
    with sqlite3.connect(db) as conn:
        old_version = conn.execute("PRAGMA user_version").fetchone()[0]

    def add_birthday(conn) -> None:
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")

    upgraded = (*MIGRATIONS, Migration(LATEST + 1, "test: birthdays", add_birthday))
    monkeypatch.setattr(migrations, "MIGRATIONS", upgraded)
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    assert len(run_json("contact", "list")) == 22
    backup = tmp_path / f"meetup.db.bak-{old_version}"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (old_version,)
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (22,)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST + 1,)
        assert "birthday" in {row[1] for row in conn.execute("PRAGMA table_info(contact)")}


def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_fixture("v1.db", tmp_path)

    def broken(conn) -> None:
        conn.execute("ALTER TABLE contact ADD COLUMN half_done TEXT")
        raise RuntimeError("power cut")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", (*MIGRATIONS, Migration(LATEST + 1, "broken", broken))
    )
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with sqlite3.connect(db) as conn:
        before = conn.execute("PRAGMA user_version").fetchone()
    with pytest.raises(RuntimeError, match="power cut"):
        SqliteStore(db).prepare()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == before
        assert "half_done" not in {row[1] for row in conn.execute("PRAGMA table_info(contact)")}


def test_a_database_from_a_newer_version_is_refused_and_untouched(run: Run, db_path: Path) -> None:
    run("contact", "add", "Ana")
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    before = db_path.read_bytes()
    error = one_line_error(run("contact", "list", expect=1))
    assert f"made by a newer meetup-tracker (schema {LATEST + 5}; this one knows {LATEST})" in error
    assert db_path.read_bytes() == before


def test_unusable_database_paths_are_one_line_errors(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert "is a directory" in one_line_error(run("--db", str(folder), "contact", "list", expect=1))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00\xff not sqlite at all " * 100)
    error = one_line_error(run("--db", str(garbage), "contact", "list", expect=1))
    assert "not a meetup-tracker database" in error
    blocker = tmp_path / "file"
    blocker.write_text("")
    error = one_line_error(
        run("--db", str(blocker / "sub" / "meetup.db"), "contact", "list", expect=1)
    )
    assert "cannot create folder" in error


def test_a_second_writer_waits_instead_of_failing(run: Run, run_json, db_path: Path) -> None:
    run("contact", "add", "Ana")
    holder = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO config (key, value) VALUES ('held', 'yes')")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        run("contact", "add", "Ben")
    finally:
        release.join()
        holder.close()
    assert [c["name"] for c in run_json("contact", "list")] == ["Ana", "Ben"]


def test_old_mastodon_rows_of_other_sites_become_their_own_handles(
    run: Run, run_json, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before schema 6, any https://HOST/@user was stored as a Mastodon handle."""
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:5])
    monkeypatch.setattr(migrations, "LATEST", 5)
    run("db", "check")  # a database at schema 5; the rows of that time written as it wrote them
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO contact (id, name, name_key, created_at, updated_at)"
            " VALUES (?, ?, ?, '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
            [(1, "Ana Ortiz", "ana ortiz"), (2, "Ben Li", "ben li")],
        )
        conn.execute(
            "INSERT INTO handle (contact_id, platform, handle, key)"
            " VALUES (1, 'mastodon', 'ana@hachyderm.io', 'ana@hachyderm.io')"
        )
        rows = [
            (1, "mastodon", "ana.writes@medium.com", "ana.writes@medium.com"),
            (2, "mastodon", "BenLi@youtube.com", "benli@youtube.com"),
            (2, "mastodon", "ben@producthunt.com", "ben@producthunt.com"),
        ]
        conn.executemany(
            "INSERT INTO handle (contact_id, platform, handle, key) VALUES (?, ?, ?, ?)", rows
        )
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    monkeypatch.setattr(migrations, "LATEST", LATEST)
    handles = {
        c["name"]: sorted(f"{h['platform']}:{h['handle']}" for h in c["handles"])
        for c in run_json("contact", "list")
    }
    assert handles == {
        "Ana Ortiz": ["mastodon:ana@hachyderm.io", "medium:ana.writes"],
        "Ben Li": ["website:https://producthunt.com/@ben", "youtube:BenLi"],
    }
