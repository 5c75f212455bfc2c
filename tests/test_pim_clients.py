"""The programs our files must satisfy, run for real (installed by the test extras): khard
lists and shows the cards `meetup sync` keeps and writes a card that comes back; khal lists
the trip and the planned series `meetup export ics --vdir` writes; todoman lists the
follow-ups; vdirsyncer carries the vdir to a Radicale server started here on the loopback
address, and a card put on that server comes back into meetup.

meetup itself runs in this process under the tests' no-network guard; the server, vdirsyncer
and the one HTTP PUT run without it (they are the network side, on 127.0.0.1 only)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NO_NETWORK, Run

pytestmark = pytest.mark.sqlite_only  # about files and programs; the engine does not matter

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: `make test` installs it with the test extras")
    return found


def outside(**extra: str) -> dict[str, str]:
    """The environment for the network side: the no-network guard left off PYTHONPATH."""
    env = dict(os.environ, **extra)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(NO_NETWORK)]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def call(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    done = subprocess.run(
        args, input=stdin, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, f"{args[0]} exited {done.returncode}\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture
def network(run: Run, tmp_path: Path) -> Path:
    run("config", "set", "home", "Nashville, TN")
    run(
        "contact", "add", "Ana Ortiz", "--city", "Memphis, TN", "--handle", "x:@ana_o",
        "--handle", "email:ana@ortiz.example", "--tag", "writers", "--company", "Ortiz Media",
    )  # fmt: skip
    run("contact", "add", "Ben Li", "--city", "Chicago, IL", "--handle", "linkedin:ben-li")
    run("met", "Ana", "--on", "2026-03-14", "--at", "Memphis, TN")
    folder = tmp_path / "contacts"
    run("sync", str(folder))
    return folder


def khard_config(tmp_path: Path, folder: Path) -> Path:
    config = tmp_path / "khard.conf"
    config.write_text(
        f"""[addressbooks]
[[meetup]]
path = {folder}

[general]
default_action = list
editor = true
merge_editor = true

[contact table]
display = formatted_name
show_uids = yes
sort = last_name
preferred_email_address_type = pref, home, work

[vcard]
private_objects = Meetup-Met, Meetup-Every
preferred_version = 3.0
search_in_source_files = no
skip_unparsable = no
"""
    )
    return config


def test_khard_lists_and_shows_the_synced_cards_and_its_own_card_comes_back(
    network: Path, tmp_path: Path, run: Run, run_json
) -> None:
    config = str(khard_config(tmp_path, network))
    khard = tool("khard")
    listed = call(khard, "-c", config, "list", "--parsable")
    names = sorted(line.split("\t")[1] for line in listed.splitlines())
    assert names == ["Ana Ortiz", "Ben Li"]
    shown = call(khard, "-c", config, "show", "Ana Ortiz")
    assert "ana@ortiz.example" in shown
    assert "Ortiz Media" in shown
    assert "Memphis" in shown
    assert "writers" in shown
    assert "Meetup-Met" in shown
    assert "2026-03-14" in shown

    # A card made in khard (as a user would: its YAML template) comes back as a contact.
    template = """First name : Dana
Last name : Reyes
Email :
    home : dana@reyes.example
Address :
    home :
        Street : 12 Peachtree St
        City : Atlanta
        Region : Georgia
        Country : United States
Categories : conference
"""
    call(khard, "-c", config, "new", "-a", "meetup", "-i", "-", stdin=template)
    done = run_json("sync", str(network))
    assert done["added"] == 1
    dana = run_json("contact", "show", "Dana")
    assert dana["city"].startswith("Atlanta")
    assert dana["tags"] == ["conference"]
    assert any(h["handle"] == "dana@reyes.example" for h in dana["handles"])
    assert any("12 Peachtree St" in p.read_text() for p in network.glob("*.vcf"))

    # An edit in meetup reaches khard.
    run("contact", "edit", "Ben", "--company", "Li Consulting")
    run("sync", str(network))
    assert "Li Consulting" in call(khard, "-c", config, "show", "Ben Li")


def test_khal_lists_the_trip_and_the_series_and_todoman_the_follow_ups(
    network: Path, tmp_path: Path, run: Run
) -> None:
    run(
        "trip", "add", "Midwest loop", "--start", "2027-01-11", "--end", "2027-01-15",
        "--stop", "Chicago, IL @ 2027-01-12..2027-01-13",
    )  # fmt: skip
    run("met", "Ben", "--on", "2027-01-12", "--at", "Chicago, IL", "--repeat", "monthly",
        "--until", "2027-06-30", "--yes")  # fmt: skip
    run("todo", "add", "Ana", "send the guest post", "--due", "2027-01-08")
    calendars = tmp_path / "calendars"
    run("export", "ics", "--vdir", str(calendars / "meetup"))
    data = tmp_path / "data"

    khal_conf = tmp_path / "khal.conf"
    khal_conf.write_text(
        f"""[calendars]
[[meetup]]
path = {calendars / "meetup"}
type = calendar

[sqlite]
path = {data / "khal.db"}

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
"""
    )
    listed = call(
        tool("khal"), "-c", str(khal_conf), "list", "--format", "{start-date} {title}",
        "2027-01-01", "2027-03-01",
    )  # fmt: skip
    events = {line for line in listed.splitlines() if not line.endswith(tuple("0123456789"))}
    # The trip spans its days, its stop is its own event, the series is expanded by khal.
    assert events == {
        "2027-01-11 Midwest loop",
        "2027-01-12 Midwest loop: Chicago",
        "2027-01-12 Meet Ben Li",
        "2027-02-12 Meet Ben Li",
    }
    assert "Friday, 2027-01-15" in listed  # the trip's last day is in it

    todo_conf = tmp_path / "todoman.py"
    todo_conf.write_text(
        f'path = "{calendars}/*"\n'
        'date_format = "%Y-%m-%d"\n'
        'time_format = "%H:%M"\n'
        'default_list = "meetup"\n'
        f'cache_path = "{data / "todoman.sqlite3"}"\n'
    )
    todos = json.loads(call(tool("todo"), "--config", str(todo_conf), "--porcelain", "list"))
    assert [(t["summary"], t["due"] is not None) for t in todos] == [
        ("send the guest post (Ana Ortiz)", True)
    ]
    # Done in meetup: todoman no longer lists it as open.
    run("todo", "done", "1")
    run("export", "ics", "--vdir", str(calendars / "meetup"))
    assert json.loads(call(tool("todo"), "--config", str(todo_conf), "--porcelain", "list")) == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale server on the loopback address, with one address book; yields its URL."""
    storage = tmp_path / "radicale"
    book = storage / "collection-root" / "ana" / "contacts"
    book.mkdir(parents=True)
    (book / ".Radicale.props").write_text('{"tag": "VADDRESSBOOK"}')
    port = free_port()
    log = tmp_path / "radicale.log"
    with log.open("w") as out:
        command = [
            sys.executable, "-m", "radicale", "--config", "",
            f"--storage-filesystem-folder={storage}",
            f"--server-hosts=127.0.0.1:{port}", "--auth-type=none",
            "--rights-type=authenticated", "--logging-level=info",
        ]  # fmt: skip
        server = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=outside(),
        )
    try:
        deadline = time.monotonic() + 30
        while "Listening" not in log.read_text():
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/ana/contacts/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_vdirsyncer_carries_cards_to_radicale_and_back(
    network: Path, tmp_path: Path, radicale: str, run: Run, run_json
) -> None:
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        f"""[general]
status_path = "{tmp_path / "vdirsyncer-status"}/"

[pair contacts]
a = "phone_book"
b = "server"
collections = null

[storage phone_book]
type = "filesystem"
path = "{network}/"
fileext = ".vcf"

[storage server]
type = "carddav"
url = "{radicale}"
"""
    )
    env = outside(VDIRSYNCER_CONFIG=str(config))
    vdirsyncer = tool("vdirsyncer")
    call(vdirsyncer, "discover", env=env)
    call(vdirsyncer, "sync", env=env)
    on_server = list((tmp_path / "radicale/collection-root/ana/contacts").glob("*.vcf"))
    assert sorted("Ana Ortiz" in p.read_text() for p in on_server) == [False, True]

    # A card put on the server (as a phone would) comes back into meetup.
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-7f3a\r\nFN:Chidi Okeke\r\nN:Okeke;Chidi;;;\r\n"
        "EMAIL;TYPE=HOME:chidi@okeke.example\r\nADR;TYPE=HOME:;;;Atlanta;GA;;USA\r\n"
        "REV:20261201T100000Z\r\nEND:VCARD\r\n"
    )
    put = (
        "import sys, urllib.request\n"
        "request = urllib.request.Request(sys.argv[1], data=sys.stdin.buffer.read(),"
        " method='PUT', headers={'Content-Type': 'text/vcard; charset=utf-8'})\n"
        "urllib.request.urlopen(request, timeout=10)\n"
    )
    call(sys.executable, "-c", put, radicale + "phone-7f3a.vcf", env=outside(), stdin=card)
    call(vdirsyncer, "sync", env=env)
    done = run_json("sync", str(network))
    assert done["added"] == 1
    chidi = run_json("contact", "show", "Chidi")
    assert chidi["city"].startswith("Atlanta")
    assert any(h["handle"] == "chidi@okeke.example" for h in chidi["handles"])

    # An edit in meetup reaches the server on the next round.
    run("contact", "edit", "Chidi", "--company", "Okeke Labs")
    run("sync", str(network))
    call(vdirsyncer, "sync", env=env)
    stored = (tmp_path / "radicale/collection-root/ana/contacts/phone-7f3a.vcf").read_text()
    assert "ORG:Okeke Labs" in stored
