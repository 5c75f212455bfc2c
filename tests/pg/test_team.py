"""A team on one PostgreSQL database: URLs and their secrets, the schema, who did what,
personal settings, backups, indexes, and many writers at once losing nothing.

These run against the throw-away server of tests/pgserver.py (or MEETUP_TEST_PG_URL) in every
run; the rest of the suite also runs on PostgreSQL with MEETUP_TEST_ENGINE=postgres.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.conftest import Run, every_row, one_line_error
from tests.pgserver import create_database, with_database

MakeDb = Callable[[], str]


def as_role(url: str, role: str, password: str | None = None) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    user = f"{role}:{password}" if password else role
    return urlunsplit((parts.scheme, f"{user}@{host}", parts.path, parts.query, ""))


def sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return list(conn.execute(query, params or None).fetchall())


def test_db_path_shows_the_url_without_its_password(run: Run) -> None:
    url = "postgresql://ana:s3cr%40t@db.example.org:5433/team?sslmode=require&password=other"
    shown = run("--db", url, "db", "path").stdout.strip()
    assert "s3cr" not in shown
    assert "other" not in shown
    assert shown.startswith("postgresql://ana:***@db.example.org:5433/team?")
    assert "sslmode=require" in shown


def test_a_server_that_is_not_there_is_one_line_without_the_password(
    run: Run, tmp_path: Path
) -> None:
    url = f"postgresql://ana:s3cret@/team?host={tmp_path}"
    error = one_line_error(run("--db", url, "contact", "list", expect=1))
    assert error.startswith("Error: team database postgresql://ana:***@/team")
    assert "s3cret" not in error
    assert "nothing was saved" in error


def test_a_missing_database_is_one_line(run: Run, team_db: str) -> None:
    missing = with_database(team_db, "no_such_db")
    error = one_line_error(run("--db", missing, "unmet", expect=1))
    assert 'database "no_such_db" does not exist' in error
    stranger = as_role(team_db, "stranger", "pw123")  # a failed login, as a refused password is
    error = one_line_error(run("--db", stranger, "contact", "add", "Ana", expect=1))
    assert 'role "stranger" does not exist' in error
    assert "pw123" not in error


def test_without_the_driver_the_error_names_the_extra(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow" / "psycopg"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('no psycopg here')\n")
    env = {**os.environ, "PYTHONPATH": f"{shadow.parent}{os.pathsep}{os.environ['PYTHONPATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "meetup_tracker", "--db", "postgresql://ana@/team", "unmet"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: a postgresql:// database needs the PostgreSQL driver;"
        " pip install 'meetup-tracker[postgres]'"
    ]


def test_a_new_database_gets_the_current_schema_and_another_programs_is_refused(
    run: Run, pg_template: MakeDb
) -> None:
    from meetup_tracker.storage.migrations import LATEST

    url = pg_template()
    check = json.loads(run("--db", url, "db", "check", "--json").stdout)
    assert check["schema"] == LATEST
    assert check["healthy"] is True
    other = pg_template()
    with psycopg.connect(other) as conn:
        conn.execute("DROP TABLE visit, followup, cadence CASCADE")
        conn.execute("DROP TABLE stop, trip, attendee, interaction, tag, handle, config CASCADE")
        conn.execute("DROP TABLE contact, schema_migrations CASCADE")
        conn.execute("CREATE TABLE invoices (id integer)")
    error = one_line_error(run("--db", other, "contact", "list", expect=1))
    assert "is not a meetup-tracker database (it has the tables invoices)" in error
    newer = pg_template()
    with psycopg.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'x')")
    error = one_line_error(run("--db", newer, "contact", "add", "Ana", expect=1))
    assert f"was made by a newer meetup-tracker (schema 99; this one knows {LATEST})" in error
    assert sql(newer, "SELECT count(*) FROM contact") == [(0,)]


def test_who_created_and_changed_what_is_the_connected_role(run: Run, team_db: str) -> None:
    ana, bob = as_role(team_db, "ana"), as_role(team_db, "bob")
    run("--db", ana, "contact", "add", "Laura Click", "--city", "Nashville, TN")
    run("--db", bob, "contact", "edit", "Laura", "--note", "met at a meetup")
    run("--db", bob, "met", "Laura", "--on", "2026-10-01")
    run("--db", ana, "trip", "add", "Spring", "--start", "2027-04-10", "--stop", "Memphis")
    assert sql(team_db, "SELECT created_by, updated_by FROM contact") == [("ana", "bob")]
    assert sql(team_db, "SELECT created_by FROM interaction") == [("bob",)]
    assert sql(team_db, "SELECT created_by FROM trip") == [("ana",)]
    # A client cannot write another name: the server's trigger has the last word.
    with psycopg.connect(ana) as conn:
        conn.execute("UPDATE contact SET created_by = 'mallory', updated_by = 'mallory'")
    assert sql(team_db, "SELECT created_by, updated_by FROM contact") == [("ana", "ana")]
    # An import, with the grants the README gives a team member, records its author too.
    linkedin = (
        Path(__file__).parents[1] / "fixtures" / "linkedin" / "Connections-hidden-members.csv"
    )
    run("--db", bob, "import", str(linkedin))
    authors = sql(team_db, "SELECT DISTINCT created_by FROM contact WHERE name <> 'Laura Click'")
    assert authors == [("bob",)]


def test_the_team_sees_who_has_met_whom(run: Run, run_json, team_db: str) -> None:
    ana, bob = as_role(team_db, "ana"), as_role(team_db, "bob")
    for name, city in (("Laura Click", "Nashville, TN"), ("Jack Jones", "Jackson, TN")):
        run("--db", ana, "contact", "add", name, "--city", city)
    run("--db", bob, "met", "Laura", "--on", "2026-10-01")
    run("--db", ana, "log", "Jack", "--kind", "call")
    shown = run("--db", ana, "contact", "show", "Laura").stdout
    assert "met by\tbob (2026-10-01)" in shown
    profile = run_json("--db", ana, "contact", "show", "Laura")
    assert profile["met_by"] == [{"user": "bob", "last_met": "2026-10-01"}]
    # ana has met nobody yet; the team has met Laura.
    assert {r["name"] for r in run_json("--db", ana, "unmet")} == {"Laura Click", "Jack Jones"}
    assert {r["name"] for r in run_json("--db", ana, "unmet", "--team")} == {"Jack Jones"}
    assert {r["name"] for r in run_json("--db", bob, "unmet")} == {"Jack Jones"}
    mine = run("--db", ana, "unmet").stdout.splitlines()  # who of them a colleague has met
    assert mine[0].endswith("\tmet_by")
    assert any(row.startswith("1\tLaura Click") and row.endswith("\tbob") for row in mine)
    laura = next(r for r in run_json("--db", ana, "unmet") if r["name"] == "Laura Click")
    assert laura["met_by"] == [{"user": "bob", "last_met": "2026-10-01"}]
    assert [m["by"] for m in run_json("--db", ana, "meetings", "--by", "bob")] == ["bob"]
    assert [m["kind"] for m in run_json("--db", bob, "meetings", "--by", "ana")] == ["call"]
    route = run_json("--db", ana, "route", "Knoxville, TN", "Nashville, TN", "Memphis, TN")
    laura = next(r for r in route if r["name"] == "Laura Click")
    assert laura["met_by"] == [{"user": "bob", "last_met": "2026-10-01"}]
    table = run("--db", ana, "route", "Knoxville, TN", "Nashville, TN", "Memphis, TN").stdout
    assert table.splitlines()[0].endswith("met_by")
    assert any(
        line.startswith("1\tLaura Click") and line.endswith("\tbob") for line in table.splitlines()
    )


def test_home_and_units_are_each_persons_own(run: Run, run_json, team_db: str) -> None:
    ana, bob = as_role(team_db, "ana"), as_role(team_db, "bob")
    run("--db", ana, "config", "set", "home", "Knoxville, TN")
    run("--db", ana, "config", "set", "units", "mi")
    assert run_json("--db", ana, "config", "show")["home"]["name"].startswith("Knoxville")
    bobs = run_json("--db", bob, "config", "show")
    assert bobs["home"] is None
    assert bobs["units"] == "km"
    assert bobs["user"] == "bob"
    error = one_line_error(run("--db", bob, "config", "set", "user", "ana", expect=1))
    assert "you are your PostgreSQL role" in error


def test_backup_writes_the_json_export_that_restores_with_its_ids(
    run: Run, run_json, team_db: str, pg_template: MakeDb, tmp_path: Path
) -> None:
    ana, bob = as_role(team_db, "ana"), as_role(team_db, "bob")
    for name in ("Ana", "Ben", "Cara"):
        run("--db", ana, "contact", "add", name, "--city", "Memphis", "--tag", "DevRel")
    run("--db", team_db, "contact", "rm", "Ben", "--yes")
    run("--db", bob, "met", "Cara", "--on", "2026-01-02")
    run("--db", bob, "contact", "edit", "Ana", "--note", "bob was here")
    run("--db", ana, "config", "set", "home", "Nashville, TN")  # ana's own: not in the backup
    run("--db", team_db, "config", "set", "units", "mi")
    result = run("--db", team_db, "db", "backup", f"{tmp_path}/")
    assert "lossless JSON export" in result.stderr
    assert "pg_dump" in result.stderr
    (written,) = tmp_path.glob("meetup-*.json")
    fresh = pg_template()
    run("--db", fresh, "import", str(written))
    restored = run_json("--db", fresh, "contact", "list")
    assert [(c["id"], c["name"], c["tags"]) for c in restored] == [
        (1, "Ana", ["DevRel"]),
        (3, "Cara", ["DevRel"]),
    ]
    # Everything comes back as it was, who recorded each row included; settings are the
    # restorer's own (the owner made this backup, so ana's home was never in it).
    before, after = every_row(team_db), every_row(fresh)
    mine = [row for row in before.pop("config") if row[0] == "meetup"]
    assert after.pop("config") == mine == [("meetup", "units", "mi")]
    assert after == before
    assert sql(fresh, "SELECT name, created_by, updated_by FROM contact ORDER BY id") == [
        ("Ana", "ana", "bob"),
        ("Cara", "ana", "ana"),
    ]
    assert sql(fresh, "SELECT created_by FROM interaction") == [("bob",)]
    # The identity sequence moved past the kept ids: a new contact takes the next one.
    assert "(#4)" in run("--db", fresh, "contact", "add", "Dee").stderr
    assert [c["name"] for c in run_json("--db", fresh, "contact", "list", "--tag", "devrel")] == [
        "Ana",
        "Cara",
    ]


def test_queries_can_use_their_indexes(run: Run, team_db: str) -> None:
    from meetup_tracker.services.nearby import CANDIDATES_SQL
    from meetup_tracker.storage.postgres import pyformat

    run("--db", team_db, "contact", "add", "Ana", "--city", "Memphis")
    with psycopg.connect(team_db) as conn:
        conn.execute("SET enable_seqscan = off")
        bounds = {"lat_min": 34.0, "lat_max": 36.0, "lon_min": -91.0, "lon_max": -89.0}
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + pyformat(CANDIDATES_SQL), bounds))
        assert "ix_contact_lat_lon" in plan
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT id FROM contact ORDER BY since IS NULL, since, name_key LIMIT 100"
            )
        )
        assert "ix_contact_known" in plan
        plan = "\n".join(
            r[0] for r in conn.execute("EXPLAIN SELECT contact_id FROM tag WHERE key = 'x'")
        )
        assert "ix_tag_key" in plan or "tag_pkey" in plan


WORKER = textwrap.dedent(
    """
    import sys
    from typer.testing import CliRunner
    from meetup_tracker.cli import app

    url, worker = sys.argv[1], int(sys.argv[2])
    runner = CliRunner()
    failures = []

    def run(*args):
        result = runner.invoke(app, ["--db", url, *args])
        if result.exit_code != 0:
            failures.append((args, result.stderr or str(result.exception)))

    for n in range(25):
        run("log", "#1", "--kind", "call", "--on", "2026-01-01", "--note", f"w{worker} n{n}")
        run("met", "#2", "--on", "2026-02-01", "--note", f"w{worker} n{n}")
        run("contact", "edit", "#1", "--tag", f"w{worker}-{n}")
        run("contact", "merge", "#3", f"#{10 + worker * 25 + n}")
    print(len(failures))
    for failure in failures[:3]:
        print(failure)
    """
)


def test_eight_writers_at_once_lose_nothing(run: Run, team_db: str, tmp_path: Path) -> None:
    """8 processes × 100 writes (log, met, contact edit, merge) on one database: every write
    is there afterwards, and none failed."""
    for name in ("Caller", "Meeter", "Keeper"):
        run("--db", team_db, "contact", "add", name)
    with psycopg.connect(team_db) as conn:  # contacts #10.. to merge, one handle each
        for n in range(200):
            conn.execute(
                "INSERT INTO contact (id, name, name_key, created_at, updated_at)"
                " VALUES (%s, %s, %s, now(), now())",
                (10 + n, f"Dupe {n}", f"dupe {n}"),
            )
            conn.execute(
                "INSERT INTO handle (contact_id, platform, handle, key) VALUES (%s, 'x', %s, %s)",
                (10 + n, f"@dupe{n}", f"dupe{n}"),
            )
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), team_db, str(w)], stdout=subprocess.PIPE, text=True
        )
        for w in range(8)
    ]
    outputs = [w.communicate(timeout=600)[0] for w in workers]
    assert [o.splitlines()[0] for o in outputs] == ["0"] * 8, outputs
    counts = dict(
        sql(team_db, "SELECT kind, count(*) FROM interaction GROUP BY kind ORDER BY kind")
    )
    assert counts == {"call": 200, "in-person": 200}
    assert sql(team_db, "SELECT count(*) FROM tag WHERE contact_id = 1") == [(200,)]
    assert sql(team_db, "SELECT count(*) FROM handle WHERE contact_id = 3") == [(200,)]
    assert sql(team_db, "SELECT count(*) FROM contact") == [(3,)]


def test_a_server_gone_mid_command_is_one_line_and_nothing_is_half_written(
    run: Run, team_db: str
) -> None:
    """A writer waits for the write lock; the server ends its session while it waits."""
    from meetup_tracker.storage.postgres import WRITE_LOCK

    run("--db", team_db, "contact", "add", "Ana")
    with psycopg.connect(team_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        writer = subprocess.Popen(
            [sys.executable, "-m", "meetup_tracker", "--db", team_db, "contact", "add", "Zed"],
            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "MEETUP_TRACKER_DEBUG": ""},
        )  # fmt: skip
        waiting = None
        for _ in range(600):  # until its session is seen waiting for the lock (at most a minute)
            waiting = holder.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
            ).fetchone()
            if waiting is not None or writer.poll() is not None:
                break
            time.sleep(0.1)
        assert waiting is not None, writer.communicate()
        holder.execute("SELECT pg_terminate_backend(%s)", (waiting[0],))
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 1
    assert out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("Error: lost the team database postgresql://meetup@/")
    assert "nothing was saved" in line
    assert sql(team_db, "SELECT name FROM contact ORDER BY id") == [("Ana",)]


def test_the_demo_on_a_team_database_never_prints_the_password(
    run: Run, run_json, pg_template: MakeDb
) -> None:
    parts = urlsplit(pg_template())  # the test server trusts the socket: any password works
    url = urlunsplit(
        (parts.scheme, parts.netloc.replace("@", ":s3cret@"), parts.path, parts.query, "")
    )
    result = run("--db", url, "demo")
    assert "s3cret" not in result.stdout + result.stderr
    assert ":***@" in result.stderr
    assert len(run_json("--db", url, "contact", "list")) > 10


def test_lists_come_in_the_same_order_on_both_engines(
    run: Run, run_json, pg_template: MakeDb, tmp_path: Path
) -> None:
    """Sorted by folded keys compared byte by byte on both, whatever the server's locale:
    here a database whose default collation is English (ICU), which sorts `é` near `e`."""
    made = pg_template()
    team_db = create_database(
        made,
        urlsplit(made).path.strip("/") + "_en",
        "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
        " LOCALE 'C.UTF-8'",
    )
    with psycopg.connect(team_db) as conn:
        ordered = [
            r[0] for r in conn.execute("SELECT x FROM (VALUES ('f'), ('é')) v(x) ORDER BY x")
        ]
        assert ordered == ["é", "f"]  # the locale at work: bytes alone would put é last
    names = ["zoë Zed", "Émile Roux", "ana Ortiz", "Ana ortiz", "Øystein", "björk", "Bob", "雷 Li"]
    tags = ["Rust", "émigré", "DevRel", "zine", "ÄÖ", "ao"]
    for db in (team_db, str(tmp_path / "same.db")):
        for name in names:
            run("--db", db, "contact", "add", name, *(a for t in tags for a in ("--tag", t)))
    on_pg = run_json("--db", team_db, "contact", "list")
    on_file = run_json("--db", str(tmp_path / "same.db"), "contact", "list")
    assert [c["name"] for c in on_pg] == [c["name"] for c in on_file]
    assert [c["tags"] for c in on_pg] == [c["tags"] for c in on_file]
    assert (
        run("--db", team_db, "export", "csv").stdout
        == run("--db", str(tmp_path / "same.db"), "export", "csv").stdout
    )


def test_on_a_file_changes_are_recorded_under_the_configured_user(
    run: Run, run_json, tmp_path: Path
) -> None:
    db = str(tmp_path / "mine.db")
    run("--db", db, "config", "set", "user", "Ana Ortiz")
    assert run_json("--db", db, "config", "show")["user"] == "Ana Ortiz"
    run("--db", db, "contact", "add", "Laura", "--city", "Memphis")
    run("--db", db, "met", "Laura", "--on", "2026-03-04")
    assert [m["by"] for m in run_json("--db", db, "meetings", "--by", "Ana Ortiz")] == ["Ana Ortiz"]
    assert run_json("--db", db, "meetings", "--by", "someone else") == []
    shown = run_json("--db", db, "contact", "show", "Laura")
    assert shown["met_by"] == [{"user": "Ana Ortiz", "last_met": "2026-03-04"}]
    # One person's file: unmet and unmet --team are the same question.
    assert run_json("--db", db, "unmet") == run_json("--db", db, "unmet", "--team") == []


def test_a_backup_carries_only_your_own_settings(
    run: Run, run_json, team_db: str, pg_template: MakeDb, tmp_path: Path
) -> None:
    ana, bob = as_role(team_db, "ana"), as_role(team_db, "bob")
    run("--db", ana, "config", "set", "home", "Nashville, TN")
    run("--db", ana, "config", "set", "units", "mi")
    run("--db", bob, "config", "set", "home", "Memphis, TN")
    backup = json.loads(run("--db", bob, "export", "json").stdout)
    assert set(backup["config"]) == {"home"}
    assert "Memphis" in backup["config"]["home"]
    assert "Nashville" not in json.dumps(backup)
    # Restored by ana into a new team database: bob's home becomes hers, nobody else's.
    fresh = pg_template()
    with psycopg.connect(fresh, autocommit=True) as admin:
        admin.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ana")
        admin.execute("GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ana")
    source = tmp_path / "bob.json"
    source.write_text(json.dumps(backup))
    run("--db", as_role(fresh, "ana"), "import", str(source))
    assert sql(fresh, "SELECT owner, key FROM config") == [("ana", "home")]


def test_a_follow_up_belongs_to_the_one_who_owes_it(run: Run, run_json, team_db: str) -> None:
    ana, bob = as_role(team_db, "ana"), as_role(team_db, "bob")
    run("--db", ana, "contact", "add", "Cy Park")
    run("--db", ana, "todo", "add", "Cy", "send the guest post")
    run("--db", bob, "todo", "add", "Cy", "intro to Acme")
    assert [t["text"] for t in run_json("--db", ana, "todo")] == ["send the guest post"]
    assert [t["text"] for t in run_json("--db", bob, "todo")] == ["intro to Acme"]
    everyone = run_json("--db", bob, "todo", "--all-team")
    assert {(t["owner"], t["text"]) for t in everyone} == {
        ("ana", "send the guest post"),
        ("bob", "intro to Acme"),
    }
    assert run("--db", bob, "todo", "--all-team").stdout.splitlines()[0].endswith("\towner")
    shown = run_json("--db", bob, "contact", "show", "Cy")
    assert len(shown["followups"]) == 2  # what the team owes them
