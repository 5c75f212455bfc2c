"""What an adversary tried: devices, pipes and links as output files; other programs'
databases; damaged files; hostile command-line values; Ctrl-C; a writer kept waiting."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetup_tracker.errors import from_exception
from meetup_tracker.storage.errors import translate
from tests.conftest import Run, one_line_error

MEETUP = [sys.executable, "-m", "meetup_tracker"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- output files


def test_an_export_into_a_device_writes_into_it_and_leaves_it_a_device(run: Run) -> None:
    run("contact", "add", "Ana")
    run("export", "json", "-o", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    error = one_line_error(run("export", "csv", "-o", "/dev/full", expect=1))
    assert error.startswith("Error: cannot write /dev/full")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_an_export_into_a_fifo_is_read_by_the_other_end(run: Run, tmp_path: Path) -> None:
    run("contact", "add", "Ana")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run("export", "csv", "-o", str(fifo))
    reader.join(timeout=30)
    assert b"Ana" in received[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_link_is_followed_never_replaced(run: Run, tmp_path: Path) -> None:
    run("contact", "add", "Ana")
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    run("export", "json", "-o", str(link))
    assert link.is_symlink()
    assert "Ana" in target.read_text()
    assert mode(target) == 0o600
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "not-yet.json")
    run("export", "json", "-o", str(dangling))
    assert dangling.is_symlink()
    assert "Ana" in (tmp_path / "not-yet.json").read_text()


def test_a_folder_or_a_socket_is_refused(run: Run, tmp_path: Path) -> None:
    import socket

    assert "is a folder" in one_line_error(run("export", "csv", "-o", str(tmp_path), expect=1))
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        error = one_line_error(run("export", "csv", "-o", str(path), expect=1))
        assert "is not a regular file, a device or a pipe" in error
    finally:
        server.close()


def test_four_exports_to_one_path_at_once_all_succeed(run: Run, db_path: Path, tmp_path) -> None:
    run("contact", "add", "Ana")
    target = tmp_path / "out.json"
    env = {**os.environ, "MEETUP_TRACKER_DB": str(db_path)}
    processes = [
        subprocess.Popen(
            [*MEETUP, "export", "json", "-o", str(target)], env=env, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [(p.wait(), p.stderr.read()) for p in processes if p.stderr]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert json.loads(target.read_text())["contacts"][0]["name"] == "Ana"
    assert not list(tmp_path.glob(".out.json.*"))


def test_a_partial_file_left_by_a_killed_export_is_removed(run: Run, tmp_path: Path) -> None:
    run("contact", "add", "Ana")
    stale = tmp_path / ".out.csv.999999.abcdef.partial"  # no process has this id
    stale.write_text("half")
    run("export", "csv", "-o", str(tmp_path / "out.csv"))
    assert not stale.exists()


def test_db_backup_into_a_folder_named_with_a_slash(run: Run, tmp_path: Path) -> None:
    run("contact", "add", "Ana")
    folder = tmp_path / "backups"
    run("db", "backup", f"{folder}/")
    (copy,) = folder.iterdir()
    assert copy.name.startswith("meetup-")
    assert mode(copy) == 0o600
    assert mode(folder) == 0o700


# --- the database file


def test_a_database_through_a_dangling_link_or_in_an_empty_file_is_private(
    run: Run, tmp_path: Path
) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "real.db")
    run("--db", str(link), "contact", "add", "Ana")
    assert link.is_symlink()
    assert mode(tmp_path / "real.db") == 0o600
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o644)
    os.chmod(empty, 0o644)
    run("--db", str(empty), "contact", "add", "Ben")
    assert mode(empty) == 0o600


def test_another_programs_database_is_refused_untouched(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "firefox-places.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.close()
    before = other.read_bytes()
    error = one_line_error(run("--db", str(other), "contact", "list", expect=1))
    assert "is not a meetup-tracker database (it has the tables moz_places)" in error
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firefox-places.sqlite", "home"]
    assert (
        "not a meetup-tracker database" in run("--db", str(other), "db", "check", expect=1).stdout
    )


def damage(path: Path) -> None:
    """Overwrite the middle of the file, where table pages are."""
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, min(len(data), 4096 * 6)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_database_shows_sqlites_diagnosis_and_is_not_backed_up(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    for name in ("Ana", "Ben", "Cara", "Dev"):
        run("contact", "add", name, "--note", "x" * 3000)
    good = tmp_path / "good.db"
    run("db", "backup", str(good))
    run("db", "path")
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damage(db_path)
    check = run("db", "check", expect=1)
    assert "SQLite" in check.stdout or "integrity" in check.stdout
    error = one_line_error(run("db", "backup", str(tmp_path / "new.db"), expect=1))
    assert "fails its integrity check" in error
    assert "--force" in error
    assert not (tmp_path / "new.db").exists()
    before = good.read_bytes()
    error = one_line_error(run("db", "backup", "--force", str(good), expect=1))
    assert "is a good backup; a damaged copy will not replace it" in error
    assert good.read_bytes() == before


def test_a_full_disk_says_disk_full_not_cannot_rollback() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    error = translate(full, shown="/data/meetup.db")
    assert error is not None
    assert str(error) == (
        "the disk holding the database /data/meetup.db is full: nothing was changed;"
        " free some space, then run the command again"
    )
    error = from_exception(OSError(28, "No space left on device", "/data/x.json"))
    assert error is not None
    assert str(error) == "disk full: cannot write /data/x.json"


def test_an_upgrade_that_sqlite_rolled_back_reports_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetup_tracker.errors import MeetupError
    from meetup_tracker.storage import migrations
    from meetup_tracker.storage.sqlite import upgrade

    def disk_full(conn: sqlite3.Connection) -> None:
        conn.execute("ROLLBACK")  # what SQLite does by itself on SQLITE_FULL
        raise sqlite3.OperationalError("database or disk is full")

    broken = (*migrations.MIGRATIONS[:-1], migrations.Migration(migrations.LATEST, "x", disk_full))
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        upgrade(tmp_path / "new.db")
    error = translate(sqlite3.OperationalError("database or disk is full"))
    assert isinstance(error, MeetupError)


# --- the command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["contact", "show", "#99999999999999999999"], "no contact #99999999999999999999"),
        (["stale", "--days", "99999999999999999999"], "is too far"),
        (["upcoming", "--days", "3000000"], "is too far"),
        (["contact", "add", "Bo", "--handle", "http://[::1"], "is not a web address"),
        (["trip", "show", "#99999999999999999999"], "no trip #99999999999999999999"),
        (["met", "Ana", "--on", "0000-01-01"], "there is no year 0"),
    ],
)
def test_edge_values_are_one_line_errors(run: Run, args: list[str], message: str) -> None:
    run("contact", "add", "Ana")
    assert message in one_line_error(run(*args, expect=1))


def test_a_closed_stdout_is_no_crash(db_path: Path) -> None:
    env = {**os.environ, "MEETUP_TRACKER_DB": str(db_path)}
    subprocess.run([*MEETUP, "contact", "add", "Ana"], env=env, check=True, capture_output=True)
    result = subprocess.run(
        [*MEETUP, "contact", "list"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    closed = subprocess.run(
        " ".join([sys.executable, "-m", "meetup_tracker", "contact", "list", ">&-"]),
        shell=True,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert result.returncode == 0
    assert closed.returncode == 0
    assert "Traceback" not in closed.stderr


def test_ctrl_c_says_what_was_kept(run: Run, run_json, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetup_tracker.render import files
    from meetup_tracker.services import contact_import
    from tests.conftest import FIXTURES

    linkedin = str(FIXTURES / "linkedin" / "Connections.csv")

    def interrupt(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(contact_import.ContactImport, "_batch", interrupt)
        result = run("import", linkedin, expect=130)
    assert result.stderr.strip() == "interrupted; nothing was imported"
    assert run_json("contact", "list") == []
    with monkeypatch.context() as patch:
        patch.setattr(files, "import_summary", interrupt)
        result = run("import", linkedin, expect=130)
    assert result.stderr.strip() == "interrupted after the import was saved"
    assert len(run_json("contact", "list")) == 5


def test_a_writer_kept_waiting_says_so(db_path: Path) -> None:
    env = {**os.environ, "MEETUP_TRACKER_DB": str(db_path)}
    subprocess.run([*MEETUP, "contact", "add", "Ana"], env=env, check=True, capture_output=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.readline();"
            " c.execute('COMMIT')",
            str(db_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdin is not None
    assert holder.stdout.readline().strip() == "locked"
    waiting = subprocess.Popen(
        [*MEETUP, "contact", "add", "Ben"], env=env, stderr=subprocess.PIPE, text=True
    )
    assert waiting.stderr is not None
    line = waiting.stderr.readline()  # printed while it waits, before the lock is released
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait()
    rest = waiting.stderr.read()
    assert waiting.wait() == 0
    assert line.strip() == "waiting for another meetup command to finish writing..."
    assert "added Ben" in rest


# --- backups generated with wrong types and values

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
FIELDS = ["id", "name", "city", "lat", "lon", "note", "since", "tags", "handles", "geonameid"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from(FIELDS),
    value=VALUES,
    where=st.sampled_from(["contact", "interaction", "trip", "config"]),
)
def test_a_backup_with_wrong_types_is_refused_or_stored_readably(
    run: Run, tmp_path: Path, field: str, value: object, where: str
) -> None:
    contact = {"id": 1, "name": "Ana", "handles": [], "tags": []}
    interaction = {"id": 1, "kind": "call", "date": "2025-01-01", "attendees": [1]}
    trip = {
        "id": 1,
        "name": "T",
        "start": "2027-01-01",
        "stops": [{"place": "X", "lat": 1, "lon": 2}],
    }
    config: dict[str, object] = {}
    target = {"contact": contact, "interaction": interaction, "trip": trip, "config": config}
    target[where][field if where != "config" else "home"] = value
    document = {
        "format": "meetup-tracker-backup",
        "version": 1,
        "contacts": [contact],
        "interactions": [interaction],
        "trips": [trip],
        "config": config,
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document, allow_nan=True))
    db = str(tmp_path / f"{len(list(tmp_path.iterdir()))}.db")
    result = run("--db", db, "import", "--skip-bad", str(path), expect=None)
    assert result.exit_code in (0, 1)
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1
        return
    for command in (["contact", "list"], ["meetings"], ["trip", "list"], ["config", "show"]):
        assert run("--db", db, *command).exit_code == 0
    for fmt in ("json", "csv", "vcard", "ics", "geojson"):
        assert run("--db", db, "export", fmt).exit_code == 0
