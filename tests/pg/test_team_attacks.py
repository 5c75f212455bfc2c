"""Attacks on the team server: passwords of every shape in URLs and in the driver's own
messages, what the URL asks of the session (read-only, a search path), a role the
administrator made read-only, a prompt left unanswered while colleagues write, a writer kept
waiting for the lock, a server that goes away."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from meetup_tracker.storage.postgres import WRITE_LOCK, redact
from tests.conftest import Run, one_line_error
from tests.pg.test_team import as_role, sql

MakeDb = Callable[[], str]
MEETUP = [sys.executable, "-m", "meetup_tracker"]

# Each password carries what broke a URL parser or leaked through libpq's messages.
PASSWORDS = {
    "slash": "s3/cr3t-slash",
    "hash": "s3#cr3t-hash",
    "question": "s3?cr3t-question",
    "bracket": "s3[cr3t-bracket",
    "space": "s3 cr3t-space",
    "percent-encoded": "s3%41cr3t-pct",
    "at-sign": "s3@cr3t-at",
    "colon": "s3:cr3t:colon",
}


def _urls(password: str, host: str) -> list[str]:
    return [
        f"postgresql://ana:{password}@/team?host={host}",
        f"postgresql://ana@/team?host={host}&password={password}",
        f"postgresql://ana@/team?password={quote(password)}&host={host}",
    ]


@pytest.mark.parametrize("password", PASSWORDS.values(), ids=PASSWORDS.keys())
def test_a_password_is_never_printed_whatever_it_holds(
    run: Run, tmp_path: Path, password: str
) -> None:
    from urllib.parse import unquote

    secrets = {password, unquote(password), quote(password)} - {""}
    for url in _urls(password, str(tmp_path / "no-server")):
        assert not any(secret in redact(url) for secret in secrets), redact(url)
        shown = run("--db", url, "db", "path").stdout
        assert not any(secret in shown for secret in secrets), shown
        result = run("--db", url, "contact", "list", expect=1)
        error = one_line_error(result)
        assert not any(secret in error for secret in secrets), error
        assert "try again" not in error or "server" in error


def test_a_driver_message_quoting_the_password_is_scrubbed() -> None:
    from meetup_tracker.storage.errors import translate

    url = "postgresql://ana:Hunter2#x@/team?host=/nowhere"
    from meetup_tracker.storage.postgres import remember_secrets

    remember_secrets(url)
    error = translate(
        psycopg.OperationalError('invalid URI query parameter: "password=Hunter2#x"'),
        shown=redact(url),
    )
    assert error is not None
    assert "Hunter2" not in str(error)


def test_the_urls_options_are_honoured_read_only_session(run: Run, team_db: str) -> None:
    run("--db", team_db, "contact", "add", "Ana")
    read_only = team_db + "&options=" + quote("-c default_transaction_read_only=on")
    assert "Ana" in run("--db", read_only, "contact", "list").stdout
    error = one_line_error(run("--db", read_only, "contact", "add", "Bo", expect=1))
    assert "this role can only read" in error
    assert "INSERT" not in error
    assert "try again" not in error
    assert sql(team_db, "SELECT name FROM contact") == [("Ana",)]


def test_the_urls_search_path_is_honoured(run: Run, pg_template: MakeDb) -> None:
    url = pg_template()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("CREATE SCHEMA crm")
    in_crm = url + "&options=" + quote("-csearch_path=crm")
    run("--db", in_crm, "contact", "add", "Ana")
    assert sql(url, "SELECT name FROM crm.contact") == [("Ana",)]


def test_a_role_made_read_only_gets_one_line(run: Run, team_db: str) -> None:
    run("--db", team_db, "contact", "add", "Ana")
    with psycopg.connect(team_db, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = 'reader'").fetchone()
        if exists is None:
            admin.execute("CREATE ROLE reader LOGIN")
        admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
        admin.execute("ALTER ROLE reader SET default_transaction_read_only = on")
    reader = as_role(team_db, "reader")
    assert "Ana" in run("--db", reader, "unmet").stdout
    for command in (("contact", "add", "Bo"), ("met", "Ana"), ("config", "set", "units", "mi")):
        error = one_line_error(run("--db", reader, *command, expect=1))
        assert "can only read" in error or "refused" in error, error
        assert "try again" not in error


def _writer(url: str, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*MEETUP, "--db", url, *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MEETUP_TRACKER_DEBUG": ""},
    )


def test_an_unanswered_prompt_never_holds_the_teams_lock(run: Run, team_db: str) -> None:
    run("--db", team_db, "contact", "add", "Ana")
    asking = _writer(team_db, "contact", "rm", "Ana", stdin=subprocess.PIPE)
    assert asking.stderr is not None
    prompt = ""
    while "Remove" not in prompt:  # the question is on the screen, unanswered
        prompt += asking.stderr.read(1)
    started = time.monotonic()
    run("--db", team_db, "contact", "add", "Bo")  # a colleague writes meanwhile
    assert time.monotonic() - started < 10
    _out, err = asking.communicate("y\n", timeout=60)
    assert asking.returncode == 0, err
    assert sql(team_db, "SELECT name FROM contact") == [("Bo",)]


def test_a_prompt_answered_after_a_change_re_checks(run: Run, team_db: str) -> None:
    run("--db", team_db, "contact", "add", "Ana")
    asking = _writer(team_db, "contact", "rm", "Ana", stdin=subprocess.PIPE)
    assert asking.stderr is not None
    prompt = ""
    while "Remove" not in prompt:
        prompt += asking.stderr.read(1)
    run("--db", team_db, "met", "Ana", "--on", "2024-03-01")  # what rm would take changed
    _out, err = asking.communicate("y\n", timeout=60)
    assert asking.returncode == 1
    assert "changed while you were asked" in err
    assert sql(team_db, "SELECT name FROM contact") == [("Ana",)]


def _hold_lock(url: str, seconds: float, held: threading.Event) -> None:
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        held.set()
        time.sleep(seconds)


def test_a_writer_kept_waiting_says_so_then_writes(run: Run, team_db: str) -> None:
    held = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(team_db, 3.0, held))
    holder.start()
    held.wait(30)
    writer = _writer(team_db, "contact", "add", "Ana")
    _out, err = writer.communicate(timeout=60)
    holder.join()
    assert writer.returncode == 0, err
    assert "waiting for another meetup command to finish writing" in err
    assert sql(team_db, "SELECT name FROM contact") == [("Ana",)]


def test_a_writer_gives_up_in_one_line_after_the_wait(
    run: Run, team_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same wait as SQLite's (BUSY_TIMEOUT_MS, 30 s), here shortened to 3 s to be quick."""
    from meetup_tracker.storage import postgres

    monkeypatch.setattr(postgres, "BUSY_TIMEOUT_MS", 3000)
    held = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(team_db, 4.5, held))
    holder.start()
    held.wait(30)
    started = time.monotonic()
    result = run("--db", team_db, "contact", "add", "Ana", expect=1)
    waited = time.monotonic() - started
    holder.join()
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("waiting for another meetup command")
    assert len(lines) == 2
    assert "busy" in lines[1]
    assert "3 s" in lines[1]
    assert 2.5 < waited < 4.5
    assert sql(team_db, "SELECT count(*) FROM contact") == [(0,)]
