"""A throw-away PostgreSQL server for the tests: Debian's binaries (.ci/run installs the
`postgresql` package), a data folder and a Unix socket in a temporary folder, no TCP port.

As root the server runs as `nobody` (PostgreSQL refuses to run as root). Its superuser is
called `meetup` and the socket trusts local connections: nothing leaves the machine.
MEETUP_TEST_PG_URL, when set, names a server to use instead (the tests create and drop their
own databases on it).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

SUPERUSER = "meetup"


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or $MEETUP_TEST_PG_BIN."""
    given = os.environ.get("MEETUP_TEST_PG_BIN")
    if given:
        return Path(given)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("postgres")
    return Path(on_path).parent if on_path else None


@dataclass
class Server:
    """A running server: where its socket is, and how to stop it."""

    base: Path
    bin_dir: Path
    user_prefix: list[str]

    @property
    def socket_dir(self) -> Path:
        return self.base / "socket"

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={quote(str(self.socket_dir), safe='')}"

    def stop(self) -> None:
        subprocess.run(
            [*self.user_prefix, str(self.bin_dir / "pg_ctl"), "-D", str(self.base / "data"),
             "-m", "immediate", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip


def start(base: Path) -> Server:
    """initdb, then start the server on a socket in `base`; wait until it accepts."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (install Debian's postgresql)")
    user_prefix: list[str] = []
    if os.geteuid() == 0:
        user_prefix = ["runuser", "-u", "nobody", "--"]
        os.chmod(base, 0o755)
        for parent in base.parents:  # nobody must reach the folder
            if parent == Path("/"):
                break
            mode = parent.stat().st_mode
            if not mode & 0o001:
                os.chmod(parent, mode | 0o001)
        shutil.chown(base, "nobody")
    data, socket = base / "data", base / "socket"
    socket.mkdir()
    if user_prefix:
        shutil.chown(socket, "nobody")
    subprocess.run(
        [*user_prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER,
         "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
        capture_output=True, check=True,
    )  # fmt: skip
    subprocess.run(
        [*user_prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"),
         "-w", "-t", "60", "-o",
         f"-c listen_addresses='' -k {socket} -c fsync=off -c synchronous_commit=off"
         " -c full_page_writes=off -c max_connections=60", "start"],
        capture_output=True, check=True,
    )  # fmt: skip
    server = Server(base, bin_dir, user_prefix)
    deadline = time.monotonic() + 30
    while not list(socket.glob(".s.PGSQL.*")):
        if time.monotonic() > deadline:
            raise TimeoutError((base / "server.log").read_text())
        time.sleep(0.05)
    return server


def with_database(url: str, name: str) -> str:
    """The same server's URL, naming another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def create_database(url: str, name: str, options: str = "") -> str:
    """Create a database on the server `url` reaches (`options`: TEMPLATE, LOCALE...); its
    URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} {options}".strip())
    return with_database(url, name)
