"""Every test gets its own database file and home folder, so none touches a real one."""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from meetup_tracker.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
NO_NETWORK = Path(__file__).parent / "nonet"


def _refuse_network(*_args: object, **_kwargs: object) -> None:
    raise OSError("network access is blocked in meetup-tracker's tests")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may open a network connection, in this process or any it starts."""
    monkeypatch.setattr(socket.socket, "connect", _refuse_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse_network)
    monkeypatch.setattr(socket, "create_connection", _refuse_network)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse_network)
    paths = [str(NO_NETWORK), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))


@pytest.fixture(scope="session")
def place_cache(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One place index and road network for the whole run, made by whichever test process
    comes first while the others wait: in $MEETUP_TEST_CACHE (`make test` gives its two runs
    one), else beside the test processes' own folders."""
    import fcntl

    given = os.environ.get("MEETUP_TEST_CACHE")
    base = tmp_path_factory.getbasetemp()
    folder = Path(given) if given else (base.parent if worker_id != "master" else base) / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    before = os.environ.get("MEETUP_TRACKER_CACHE_DIR")
    os.environ["MEETUP_TRACKER_CACHE_DIR"] = str(folder)
    try:
        with (folder / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            from meetup_tracker.geo import gazetteer
            from meetup_tracker.geo.roads import network

            gazetteer.gazetteer()
            network()
            gazetteer._open.clear()  # each test opens it again, from its own cache setting
    finally:
        if before is None:
            del os.environ["MEETUP_TRACKER_CACHE_DIR"]
        else:
            os.environ["MEETUP_TRACKER_CACHE_DIR"] = before
    return folder


# `MEETUP_TEST_ENGINE=postgres pytest` runs the tests on PostgreSQL: each test gets its own
# database, made from a migrated template on a throw-away server (tests/pgserver.py), or on
# the server MEETUP_TEST_PG_URL names. Tests about the SQLite file itself (they use `db_path`,
# or are marked sqlite_only) are skipped there: the SQLite run covers them.
ENGINE = os.environ.get("MEETUP_TEST_ENGINE", "sqlite")
ON_POSTGRES = ENGINE == "postgres"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="about the SQLite file itself; the SQLite run covers it")
    for item in items:
        if "db_path" in getattr(item, "fixturenames", ()) or item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A PostgreSQL server with a migrated template database; yields a maker of databases."""
    import itertools

    import psycopg

    from meetup_tracker.storage.postgres import PostgresStore
    from tests import pgserver

    given = os.environ.get("MEETUP_TEST_PG_URL")
    server = None
    if given:
        admin_url = given
    else:
        if pgserver.find_bin_dir() is None:
            reason = "no PostgreSQL server: install Debian's postgresql, or set MEETUP_TEST_PG_URL"
            if os.environ.get("MEETUP_REQUIRE_POSTGRES"):
                pytest.fail(reason)
            pytest.skip(reason)
        # Outside pytest's temporary root: another pytest on the machine prunes old folders
        # there, and would cut a running server off from its data.
        base = Path(tempfile.mkdtemp(prefix="meetup-test-pg-"))
        server = pgserver.start(base)
        admin_url = server.url("postgres")
    template = f"meetup_template_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {template}")
    PostgresStore(pgserver.create_database(admin_url, template)).prepare()
    counter = itertools.count()

    def make() -> str:
        name = f"meetup_test_{os.getpid()}_{next(counter)}"
        return pgserver.create_database(admin_url, name, f"TEMPLATE {template}")

    yield make
    if server is not None:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    place_cache: Path,
    request: pytest.FixtureRequest,
) -> Path:
    """Point the database, the user folders and HOME at a temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    if ON_POSTGRES:
        make = request.getfixturevalue("pg_template")
        monkeypatch.setenv("MEETUP_TRACKER_DB", make())
    else:
        monkeypatch.setenv("MEETUP_TRACKER_DB", str(tmp_path / "meetup.db"))
    monkeypatch.setenv("MEETUP_TRACKER_CACHE_DIR", str(place_cache))
    # An unexpected exception fails the test with its traceback instead of a one-line message.
    monkeypatch.setenv("MEETUP_TRACKER_DEBUG", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The database file the CLI uses in this test."""
    return tmp_path / "meetup.db"


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the CLI as a user would: `run("contact", "add", "Ana")`; stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, expect: int | None = 0) -> Result:
        result = runner.invoke(app, list(args), input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code}, expected {expect}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}"
            )
        return result

    return invoke


@pytest.fixture
def run_json(run: Run) -> Callable[..., Any]:
    """Run a command with --json and return the parsed stdout."""

    def invoke(*args: str) -> Any:
        return json.loads(run(*args, "--json").stdout)

    return invoke


def one_line_error(result: Result) -> str:
    """The error message of a failed command, checked to be one line on stderr with no stdout."""
    assert result.exit_code == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def another_database(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """A maker of new, empty databases on the engine the suite runs on (a file, or a database
    on the throw-away PostgreSQL server)."""
    import itertools

    numbers = itertools.count()

    def make() -> str:
        if ON_POSTGRES:
            maker: Callable[[], str] = request.getfixturevalue("pg_template")
            return maker()
        return str(tmp_path / f"another-{next(numbers)}.db")

    return make


def every_row(location: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the registry backs up, each table in a stable order, values
    as either engine gives them back (a flag as 0 or 1): what a lossless backup restores. The
    id of a row that nothing refers to and that sits inside another (a handle) is left out:
    its place among its parent's rows is what is kept."""
    from meetup_tracker.storage import open_store
    from meetup_tracker.storage.registry import TABLES, referring_to

    found = {}
    with open_store(location).reading() as conn:
        for table in TABLES:
            if not table.backed_up:
                continue
            columns = list(conn.columns(table.name))
            if table.parent is not None and not referring_to(table.name):
                columns = [c for c in columns if c != "id"]
            order = ", ".join(str(i + 1) for i in range(len(columns)))
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {order}")
            found[table.name] = [
                tuple(int(v) if isinstance(v, bool) else v for v in row) for row in rows
            ]
    return found
