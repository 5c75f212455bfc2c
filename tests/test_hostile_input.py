"""Whatever text or file a user throws at the CLI, it answers with exit 0, exit 1 and one line,
or (for text where a number belongs) typer's usage error, exit 2; never a traceback, and the
database stays sound."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from meetup_tracker.cli import app
from tests.conftest import FIXTURES

NASTY = [
    "'; DROP TABLE contact; --",
    'Robert"); DELETE FROM handle; --',
    "\u202eevil\u202c",  # right-to-left override
    "שלום עולם",
    "💥🎉👩‍👩‍👧",
    "\x00",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "line\nbreak\r\n",
    "%s%n%x",
    "../../etc/passwd",
    "\udcff",  # a byte that is not UTF-8, as Python sees it in argv
    " ",
    "-",
    "#0",
    "@",
    "twitter:",
    "http://",
    "1e999",
    "NaN",
    "-5km",
    "9999-99-99",
    "0",
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
MEGABYTE = "x" * 1_000_000


def check(result: Result) -> None:
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything
    assert "internal error" not in everything, result.stderr[:300]
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[:300], result.exception)
    if result.exit_code == 2:  # a usage error, such as text for a number: typer's message
        assert "Usage:" in result.stderr
        assert "Error:" in result.stderr
    elif result.exit_code == 1 and result.stderr.strip() not in ("Aborted!", "Aborted."):
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr[:300]
        assert lines[0].startswith("Error: ")


def sound(db: Path) -> None:
    if db.exists():
        with contextlib.closing(sqlite3.connect(db)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, db_path: Path):
    # Unexpected errors must surface as one line here, as they would for a user.
    monkeypatch.delenv("MEETUP_TRACKER_DEBUG")
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        result = runner.invoke(app, list(args), input=input)
        check(result)
        return result

    yield invoke
    sound(db_path)


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(name=text, note=text, handle=text, tag=text)
@example(name=MEGABYTE, note=MEGABYTE, handle=MEGABYTE, tag=MEGABYTE)
def test_contacts_from_hostile_text(
    cli, db_path: Path, name: str, note: str, handle: str, tag: str
) -> None:
    cli("contact", "add", name, "--note", note, "--tag", tag)
    cli("contact", "add", "Someone", "--handle", handle)
    cli("contact", "show", name)
    cli("contact", "edit", name, "--name", note, "--remove-tag", tag)
    cli("contact", "list", "--tag", tag, "--json")
    cli("contact", "rm", handle, "--yes")
    sound(db_path)


@SETTINGS
@given(place=text, day=text, distance=text, ref=text)
@example(place=MEGABYTE, day=MEGABYTE, distance=MEGABYTE, ref=MEGABYTE)
@example(place="AS", day=NASTY[0], distance=NASTY[0], ref=NASTY[0])  # an ambiguous place
def test_places_dates_and_distances_from_hostile_text(
    cli, db_path: Path, place: str, day: str, distance: str, ref: str
) -> None:
    cli("contact", "add", "Ana", "--city", place)
    cli("met", "Ana", ref, "--on", day, "--at", place, "--event", ref)
    cli("log", ref, "--kind", day)
    cli("near", place, "--within", distance)
    cli("route", "Memphis", place, "--within", distance)
    cli("trip", "add", ref, "--start", day, "--stop", place, "--stop", f"Memphis @ {day}")
    cli("meetings", "--since", day, "--contact", ref)
    cli("stale", "--days", distance)
    cli("config", "set", "units", distance)
    cli("place", "search", place)
    sound(db_path)


def cut_fixtures() -> list[Path]:
    return sorted(
        p
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.suffix in (".csv", ".vcf", ".ics", ".json")
    )


@SETTINGS
@given(
    source=st.sampled_from(cut_fixtures()),
    cut=st.floats(min_value=0.0, max_value=1.0),
    junk=st.binary(max_size=200),
    fmt=st.sampled_from(["", "linkedin", "mastodon", "vcard", "google", "csv", "json", "ics"]),
)
def test_files_cut_short_or_mangled(
    cli, tmp_path: Path, source: Path, cut: float, junk: bytes, fmt: str
) -> None:
    data = source.read_bytes()
    mangled = tmp_path / f"mangled{source.suffix}"
    mangled.write_bytes(data[: int(len(data) * cut)] + junk)
    cli("import", *([fmt] if fmt else []), str(mangled))
    cli("import", "--skip-bad", "--json", str(mangled))


@SETTINGS
@given(content=st.binary(max_size=3000))
def test_random_bytes_as_a_file(cli, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(content)
    cli("import", str(path))


def test_hostile_paths(cli, tmp_path: Path) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    cli("--db", str(folder), "contact", "list")
    cli("--db", str(tmp_path / "new" / "folders" / "meetup.db"), "contact", "list")
    (tmp_path / "a-file").write_text("")
    cli("--db", str(tmp_path / "a-file" / "sub.db"), "contact", "list")
    cli("export", "json", "-o", str(folder))
    cli("import", str(folder))
