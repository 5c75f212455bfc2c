"""Attacks through the environment a command runs in: standard input closed or at its end, a
terminal that is not UTF-8, stderr that cannot be written, a reader that goes away, a umask
that opens everything, odd --db values, a disk that is full or read-only, an export aimed at
the live database. Each case is a real process (the shell's redirections are the attack), on
the suite's engine; each is named after what it carries."""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ON_POSTGRES

MEETUP = f"{shlex.quote(sys.executable)} -m meetup_tracker"


def shell(
    script: str, *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A shell line with `meetup` in it, as an attacker would type it."""
    return subprocess.run(
        ["bash", "-c", "set -o pipefail; " + script.replace("meetup ", MEETUP + " ")],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "nothing said"
    return lines[-1]


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """A database with Ana, Bo and a name no latin-1 terminal can show."""
    for name in ("Ana", "Bo", "Emo 😀 Ça"):
        result = shell(f"meetup contact add {shlex.quote(name)} --city Paris", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    return tmp_path


# --- standard input closed, or at its end, where a command would ask


@pytest.mark.parametrize(
    "command",
    [
        "contact rm Ana",
        "meetings rm 1",
        "trip rm Lisbon",
        "met Ana --on 2090-01-01",
        "import csv -",
    ],
    ids=["contact-rm", "meetings-rm", "trip-rm", "date-far-ahead", "import-stdin"],
)
def test_standard_input_closed_is_one_line_naming_yes_or_a_file(people: Path, command: str) -> None:
    shell(
        "meetup met Bo --on 2024-05-01 && meetup trip add Lisbon --start 2031-01-01 --stop Lisbon",
        cwd=people,
    )
    error = one_line(shell(f"meetup {command} <&-", cwd=people))
    assert "standard input is closed" in error or "--yes" in error, error
    assert "--yes" in error or "give a file" in error, error
    assert "Ana" in shell("meetup contact list", cwd=people).stdout


def test_standard_input_at_its_end_removes_nothing(people: Path) -> None:
    error = one_line(shell("meetup contact rm Ana </dev/null", cwd=people))
    assert "no answer" in error
    assert "--yes" in error
    assert "Ana" in shell("meetup contact list", cwd=people).stdout


def test_an_answer_piped_in_still_works(people: Path) -> None:
    kept = shell("echo n | meetup contact rm Ana", cwd=people)
    assert kept.returncode == 0
    assert "nothing removed" in kept.stderr
    removed = shell("echo y | meetup contact rm Ana", cwd=people)
    assert removed.returncode == 0
    assert "removed Ana" in removed.stderr
    assert "Ana" not in shell("meetup contact list", cwd=people).stdout


# --- terminals and streams


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
def test_a_terminal_that_is_not_utf8_gets_escapes_not_an_error(people: Path, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding}
    listed = shell("meetup contact list", cwd=people, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "\\U0001f600" in listed.stdout
    shown = shell("meetup contact show Emo", cwd=people, env=env)
    assert shown.returncode == 0, shown.stderr
    shell("meetup export csv -o out.csv", cwd=people, env=env)
    assert "Emo 😀 Ça" in (people / "out.csv").read_text(encoding="utf-8")


def test_stderr_that_cannot_be_written_never_turns_success_into_failure(people: Path) -> None:
    result = shell("meetup contact add Cy 2>/dev/full", cwd=people)
    assert result.returncode == 0
    assert "Cy" in shell("meetup contact list", cwd=people).stdout


def test_a_reader_that_goes_away_ends_quietly_with_the_closed_pipe_status(people: Path) -> None:
    names = "\n".join(f"Person {i},Paris" for i in range(3000))
    (people / "many.csv").write_text("name,city\n" + names + "\n")
    assert shell("meetup import csv many.csv", cwd=people).returncode == 0
    for command in ("unmet", "contact list --json", "export csv"):
        result = shell(
            f"meetup {command} | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}", cwd=people
        )
        assert result.stdout.strip() == "141", (command, result.stdout, result.stderr)
        assert result.stderr == "", result.stderr


@pytest.mark.skipif(ON_POSTGRES, reason="folders for a database file")
def test_folders_made_for_a_database_are_private_at_any_umask(tmp_path: Path) -> None:
    target = tmp_path / "open" / "deeper" / "m.db"
    result = shell(f"umask 000; meetup --db {target} contact add Ana", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for path in (target.parent.parent, target.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    backups = shell(f"umask 000; meetup --db {target} db backup {tmp_path}/b/c/", cwd=tmp_path)
    assert backups.returncode == 0, backups.stderr
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == 0o700


# --- odd --db values


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("~nosuchuser-x9/m.db", "no user 'nosuchuser-x9'"),
        (":memory:", "in-memory"),
        (".", "is a directory"),
        ("/", "is a directory"),
    ],
    ids=["tilde-unknown-user", "memory", "dot-folder", "root-folder"],
)
def test_an_odd_db_value_says_what_is_wrong(tmp_path: Path, value: str, says: str) -> None:
    error = one_line(shell(f"meetup --db {shlex.quote(value)} contact list", cwd=tmp_path))
    assert says in error, error
    assert not (tmp_path / ":memory:").exists()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB disk of its own (tmpfs), unmounted after."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)]).returncode:
        pytest.skip("this machine cannot mount a tmpfs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _healthy(where: Path) -> Path:
    database = where / "m.db"
    made = shell(
        f"meetup --db {database} contact add Ana && meetup --db {database} contact add Bo",
        cwd=where,
    )
    assert made.returncode == 0, made.stderr
    return database


def _fill(disk: Path) -> None:
    subprocess.run(["dd", "if=/dev/zero", f"of={disk}/filler", "bs=4k"], capture_output=True)


@pytest.mark.skipif(ON_POSTGRES, reason="a database file's disk")
def test_a_full_disk_still_reads_and_refuses_writes_naming_the_disk(small_disk: Path) -> None:
    database = _healthy(small_disk)
    _fill(small_disk)
    for command in ("contact list", "unmet", "db check", "stats"):
        result = shell(f"meetup --db {database} {command}", cwd=small_disk)
        assert result.returncode == 0, (command, result.stderr)
        assert "cannot write" not in result.stderr
        assert "problem" not in result.stderr
    error = one_line(shell(f"meetup --db {database} contact add Cy", cwd=small_disk))
    assert "full" in error
    assert str(database) in error


@pytest.mark.skipif(ON_POSTGRES, reason="a backup file's disk")
def test_a_backup_onto_a_full_disk_blames_the_disk_not_the_database(
    small_disk: Path, tmp_path: Path
) -> None:
    database = _healthy(tmp_path)
    _fill(small_disk)
    error = one_line(shell(f"meetup --db {database} db backup {small_disk}/b.db", cwd=tmp_path))
    assert f"{small_disk}/b.db is full" in error, error
    assert not (small_disk / "b.db").exists()
    check = shell(f"meetup --db {database} db check", cwd=tmp_path)
    assert check.returncode == 0


@pytest.mark.skipif(ON_POSTGRES, reason="a database file on read-only media")
def test_a_read_only_mount_reads_and_checks_healthy_and_refuses_writes(small_disk: Path) -> None:
    database = _healthy(small_disk)
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode == 0
    check = shell(f"meetup --db {database} db check", cwd=small_disk)
    assert check.returncode == 0, check.stderr
    assert "ok:" in check.stderr
    assert "Bo" in shell(f"meetup --db {database} contact list", cwd=small_disk).stdout
    error = one_line(shell(f"meetup --db {database} contact add Cy", cwd=small_disk))
    assert "read-only" in error


# --- an export aimed at the live database


SPELLINGS = {
    "same-name": "m.db",
    "dot-slash": "./m.db",
    "dotdot": "sub/../m.db",
    "symlink": "link.db",
    "wal": "m.db-wal",
    "shm": "m.db-shm",
    "bak": "m.db.bak",
    "proc-self": "/proc/self/cwd/m.db",
}
AIMED = [("export json -o", spelling) for spelling in SPELLINGS.values()] + [
    (command, spelling)
    for command in ("export csv -o", "export vcard -o", "db backup --force")
    for spelling in ("m.db", "link.db", "m.db-wal")
]


@pytest.mark.skipif(ON_POSTGRES, reason="the live database is a file")
@pytest.mark.parametrize(("command", "spelling"), AIMED, ids=[f"{c}-{s}" for c, s in AIMED])
def test_an_export_never_overwrites_the_live_database(
    tmp_path: Path, command: str, spelling: str
) -> None:
    database = _healthy(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.db").symlink_to(database)
    (tmp_path / "m.db.bak").write_bytes(b"an earlier backup")
    before = database.read_bytes()
    error = one_line(shell(f"meetup --db m.db {command} {spelling}", cwd=tmp_path))
    assert "database" in error, error
    assert database.read_bytes() == before
    assert (tmp_path / "m.db.bak").read_bytes() == b"an earlier backup"
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (2,)
