"""Nothing lost: crashes, two commands at once, upgrades, the database commands, and privacy."""

from __future__ import annotations

import contextlib
import csv
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from meetup_tracker.storage.migrations import LATEST
from tests.conftest import FIXTURES, Run, one_line_error


def connections_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(
            'Notes:\r\n"When exporting your connection data, some emails are missing."\r\n\r\n'
        )
        writer = csv.writer(handle)
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for i in range(rows):
            writer.writerow(
                [
                    f"Person{i}",
                    "Test",
                    f"https://www.linkedin.com/in/person-{i}",
                    "",
                    "Acme",
                    "",
                    "07 Dec 2025",
                ]
            )
    return path


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def count(db: Path, table: str = "contact") -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def python(code: str, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        check=check,
    )


# Children that kill themselves with SIGKILL after `limit` (their last argument, 0: never)
# steps of SQLite's virtual machine, counted by a progress handler: a crash at a known point.
STEP_KILLER = """
    import os, signal, sys

    limit = int(sys.argv[-1])
    steps = 0

    def step():
        global steps
        steps += 1
        if limit and steps >= limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0
"""

KILLED_IMPORT = (
    STEP_KILLER
    + """
    from pathlib import Path
    from meetup_tracker import formats
    from meetup_tracker.formats.records import read_text
    from meetup_tracker.services.importing import run_import
    from meetup_tracker.storage.sqlite import SqliteStore

    db, source = Path(sys.argv[1]), Path(sys.argv[2])
    parsed = formats.parse("linkedin", read_text(source.read_bytes(), str(source)))

    with SqliteStore(db).writing() as conn:
        conn.connection.set_progress_handler(step, 1000)
        run_import(conn=conn, parsed=parsed)
    print(steps)
"""
)


def test_a_killed_import_leaves_none_of_it_and_can_run_again(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    big = connections_csv(tmp_path / "Connections.csv", 30_000)
    run("contact", "add", "Already Here")
    # A dry run in a copy counts the steps of a whole import; the real one dies half-way.
    probe = tmp_path / "probe.db"
    shutil.copy(db_path, probe)
    total = int(python(KILLED_IMPORT, str(probe), str(big), "0", check=True).stdout)
    killed = python(KILLED_IMPORT, str(db_path), str(big), str(total // 2))
    assert killed.returncode == -9
    assert integrity(db_path) == "ok"
    assert count(db_path) == 1  # none of the import
    result = run("import", str(big))
    assert "30000 added" in result.stderr
    assert count(db_path) == 30_001
    assert integrity(db_path) == "ok"


KILLED_UPGRADE = (
    STEP_KILLER
    + """
    from pathlib import Path
    from meetup_tracker.storage import sqlite

    path = Path(sys.argv[1])
    connect = sqlite.connect

    def connect_and_watch(target):
        connection = connect(target)
        connection.set_progress_handler(step, 1000)
        return connection

    sqlite.connect = connect_and_watch
    sqlite.SqliteStore(path).prepare()
    print(steps)
"""
)


def old_database_with(tmp_path: Path, contacts: int) -> Path:
    """The first schema's fixture, grown with contacts whose cities must be resolved on upgrade."""
    path = tmp_path / "meetup.db"
    shutil.copy(FIXTURES / "v1.db", path)
    cities = ["Nashville, TN", "Memphis", "Portland", "Knoxvile", "München", "Paris, TX"]
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT INTO contact (name, name_key, city, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (f"Old {i}", f"old {i}", cities[i % len(cities)], "2025-01-01", "2025-01-01")
                for i in range(contacts)
            ],
        )
    return path


@pytest.mark.sqlite_only
def test_a_killed_upgrade_leaves_the_old_schema_and_can_run_again(run_json, tmp_path: Path) -> None:
    db = old_database_with(tmp_path, 3000)
    probe = tmp_path / "probe" / "meetup.db"
    probe.parent.mkdir()
    shutil.copy(db, probe)
    total = int(python(KILLED_UPGRADE, str(probe), "0", check=True).stdout)
    killed = python(KILLED_UPGRADE, str(db), str(total * 2 // 3))
    assert killed.returncode == -9
    assert integrity(db) == "ok"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert "geonameid" not in {row[1] for row in conn.execute("PRAGMA table_info(contact)")}
    assert count(db) == 3022
    contacts = run_json("contact", "list")  # the upgrade runs again, and completes
    assert len(contacts) == 3022
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    assert integrity(db) == "ok"


# Two processes, each running the CLI 200 times in a loop (the CLI as a function, so the test
# measures the database's locking rather than Python's start-up).
LOG_LOOP = """
    import sys
    from meetup_tracker.cli import app

    db, worker, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
    failures = 0
    for i in range(times):
        args = ["--db", db, "log", "Ana", "--kind", "call", "--note", f"{worker}-{i}"]
        code = app(args, standalone_mode=False)
        failures += bool(code)
    print(failures)
"""


def test_two_processes_writing_at_once_lose_nothing(run: Run, db_path: Path) -> None:
    run("contact", "add", "Ana Ortiz")
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(LOG_LOOP), str(db_path), name, "200"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [w.communicate(timeout=600) for w in workers]
    for worker, (stdout, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stderr
        assert stdout.strip() == "0"
        assert "locked" not in stderr
        assert "busy" not in stderr
    with sqlite3.connect(db_path) as conn:
        notes = {row[0] for row in conn.execute("SELECT note FROM interaction")}
    assert notes == {f"{w}-{i}" for w in "ab" for i in range(200)}
    assert integrity(db_path) == "ok"


MET_LOOP = """
    import sys
    from meetup_tracker.cli import app

    db, times = sys.argv[1], int(sys.argv[2])
    runs = [
        app(["--db", db, "met", "Ana", "--note", str(i)], standalone_mode=False)
        for i in range(times)
    ]
    print(sum(bool(code) for code in runs))
"""


def test_an_import_and_meetings_at_the_same_time(run: Run, db_path: Path, tmp_path: Path) -> None:
    run("contact", "add", "Ana Ortiz")
    big = connections_csv(tmp_path / "Connections.csv", 30_000)
    importer = subprocess.Popen(
        [sys.executable, "-m", "meetup_tracker", "--db", str(db_path), "import", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    meetings = python(MET_LOOP, str(db_path), "40")
    _, import_errors = importer.communicate(timeout=600)
    assert importer.returncode == 0, import_errors
    assert meetings.returncode == 0, meetings.stderr
    assert meetings.stdout.strip() == "0"
    assert count(db_path) == 30_001
    assert count(db_path, "interaction") == 40
    assert integrity(db_path) == "ok"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("v*.db")))
def test_every_released_schema_opens_and_upgrades_in_place(
    run: Run, run_json, tmp_path: Path, fixture: str
) -> None:
    db = tmp_path / "meetup.db"
    shutil.copy(FIXTURES / fixture, db)
    with sqlite3.connect(db) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        before = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    assert len(run_json("contact", "list")) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    if version < LATEST:
        backup = tmp_path / f"meetup.db.bak-{version}"
        assert count(backup) == before
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "passed SQLite's integrity" in run("db", "check").stderr


def test_db_check_reports_a_healthy_database(run: Run, run_json) -> None:
    run("contact", "add", "Ana")
    health = run_json("db", "check")
    assert health["healthy"] is True
    assert health["integrity"] == ["ok"]
    assert (health["schema"], health["latest_schema"], health["contacts"]) == (LATEST, LATEST, 1)


def test_db_check_finds_broken_references(run: Run, db_path: Path) -> None:
    run("contact", "add", "Ana", "--handle", "twitter:ana")
    with sqlite3.connect(db_path) as conn:  # damage made behind the program's back
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM contact")
    result = run("db", "check", expect=1)
    assert "reference\thandle row 1 points at a missing contact" in result.stdout
    assert result.stderr.startswith("Error: ")
    assert "1 problems" in result.stderr


def test_db_backup_is_consistent_private_and_restorable(
    run: Run, run_json, db_path: Path, tmp_path: Path
) -> None:
    run("contact", "add", "Ana", "--city", "Memphis")
    run("met", "Ana")
    backup = tmp_path / "backups" / "copy.db"
    backup.parent.mkdir()
    # Another connection holds an open write transaction: the backup still sees the last commit.
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO config (key, value) VALUES ('uncommitted', 'x')")
    try:
        result = run("db", "backup", str(backup))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert f"to {backup}" in result.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert integrity(backup) == "ok"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM config WHERE key = 'uncommitted'").fetchone() == (
            0,
        )
    assert [c["name"] for c in run_json("--db", str(backup), "contact", "list")] == ["Ana"]
    assert "already exists" in one_line_error(run("db", "backup", str(backup), expect=1))
    run("db", "backup", str(backup), "--force")
    run("db", "backup", str(backup.parent))  # a folder gets a dated name
    assert len(list(backup.parent.glob("meetup-*.db"))) == 1


@pytest.mark.skipif(
    sys.platform == "win32" or __import__("os").geteuid() == 0, reason="root ignores file modes"
)
def test_a_read_only_database_is_a_one_line_error(run: Run, db_path: Path) -> None:
    run("contact", "add", "Ana")
    db_path.chmod(0o400)
    assert "read-only" in one_line_error(run("contact", "add", "Ben", expect=1))


def test_a_read_only_database_error_becomes_a_message(tmp_path: Path) -> None:
    from meetup_tracker.errors import StorageError
    from meetup_tracker.storage.errors import translate

    path = tmp_path / "ro.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as info:
        connection.execute("INSERT INTO t VALUES (1)")
    error = translate(info.value, shown=path)
    assert isinstance(error, StorageError)
    assert str(error) == f"the database {path} is read-only; check its permissions"


def test_no_command_opens_a_network_connection() -> None:
    # The guard every test runs under (tests/nonet/sitecustomize.py and conftest's no_network)
    # really blocks: a child process cannot connect anywhere.
    blocked = python("import socket; socket.create_connection(('127.0.0.1', 9))")
    assert "network access is blocked" in blocked.stderr
    flow = subprocess.run(
        [sys.executable, "-m", "meetup_tracker", "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert flow.returncode == 0, flow.stderr


@pytest.mark.sqlite_only  # a file beside the database: the SQLite file's own promise
def test_nothing_about_contacts_is_written_outside_the_database(
    run: Run, tmp_path: Path, isolated_home: Path
) -> None:
    run("import", str(FIXTURES / "vcard/apple-contacts.vcf"))
    run("contact", "add", "Ana", "--city", "Nashville")
    run("met", "Ana")
    run("export", "json")
    run("route", "Knoxville", "Nashville", "Memphis")
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert set(written) <= {"meetup.db", "meetup.db-wal", "meetup.db-shm"}
    assert "meetup.db" in written
