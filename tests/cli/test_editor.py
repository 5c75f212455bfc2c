"""`contact edit --editor` and `meetings edit --editor`: the record as text in $EDITOR (here
small shell scripts standing in for a person at an editor), the changes applied with the same
checks as the options; nothing written for an unchanged text or a failed editor; a broken text
refused with its line, and, on a terminal, offered for another edit."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error

# About the shell and the editor, not the engine: the SQLite run covers them.
pytestmark = pytest.mark.sqlite_only


def editor(tmp_path: Path, name: str, script: str) -> str:
    """An editor: a shell script run on the file, as `$EDITOR FILE` would be."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def ana(run: Run) -> None:
    run("contact", "add", "Ana Ortiz", "--city", "Nashville, TN", "--handle", "x:@ana_o")
    run("contact", "add", "Ben Li")
    run("met", "Ana", "--on", "2024-05-01", "--at", "Memphis")


@pytest.mark.usefixtures("ana")
def test_a_contact_edited_as_text_changes_what_the_text_changes(
    run: Run, run_json, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (
        'sed -i \'s/^company = ""/company = "Acme"/; s/^every = ""/every = "2w"/;'
        ' s/^tags = \\[\\]/tags = ["devrel", "podcast"]/;'
        ' s/^handles = \\[\\(.*\\)\\]/handles = [\\1, "bluesky:ana.bsky.social"]/\' "$1"'
    )
    monkeypatch.setenv("EDITOR", editor(tmp_path, "ed", script))
    monkeypatch.delenv("VISUAL", raising=False)
    run("contact", "edit", "Ana", "--editor")
    shown = run_json("contact", "show", "Ana")
    assert shown["company"] == "Acme"
    assert shown["tags"] == ["devrel", "podcast"]
    assert {h["platform"] for h in shown["handles"]} == {"twitter", "bluesky"}
    assert shown["keep_in_touch"]["every_days"] == 14
    assert shown["city"].startswith("Nashville")


@pytest.mark.usefixtures("ana")
@pytest.mark.parametrize(
    ("script", "says"),
    [
        ("exit 3", "exited with 3; nothing changed"),
        ("echo 'name = [1' >> \"$1\"", "cannot be read"),
        ('sed -i \'s/^tags = .*/tags = "devrel"/\' "$1"', "'tags' must be a list"),
        ('echo \'birthday = "May 12"\' >> "$1"', "'birthday', which is not a field"),
        ('sed -i \'s/^since = .*/since = "someday"/\' "$1"', "someday"),
        ('sed -i \'s/^every = .*/every = "banana"/\' "$1"', "not a period"),
        ('sed -i \'s/^handles = .*/handles = ["x:@ben_li_the_longest_handle"]/\' "$1"', "handle"),
    ],
    ids=[
        "editor-fails",
        "broken-toml",
        "wrong-type",
        "unknown-field",
        "bad-date",
        "bad-period",
        "bad-handle",
    ],
)
def test_an_edit_that_cannot_apply_is_one_line_and_changes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, says: str
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, "ed", script))
    before = run("export", "json").stdout
    error = one_line_error(run("contact", "edit", "Ana", "--editor", expect=1))
    assert says in error, error
    assert run("export", "json").stdout == before


@pytest.mark.usefixtures("ana")
def test_an_unchanged_text_writes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "true")
    before = run("export", "json").stdout
    assert "nothing changed" in run("contact", "edit", "Ana", "--editor").stderr
    assert "nothing changed" in run("meetings", "edit", "1", "--editor").stderr
    assert run("export", "json").stdout == before
    error = one_line_error(run("contact", "edit", "Ana", "--editor", "--note", "x", expect=1))
    assert "--editor takes no other change" in error


@pytest.mark.usefixtures("ana")
def test_a_meeting_edited_as_text(
    run: Run, run_json, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (
        'sed -i \'s/^note = ""/note = "brought the zine"/;'
        ' s/^people = \\[\\(.*\\)\\]/people = [\\1, "Ben"]/\' "$1"'
    )
    monkeypatch.setenv("EDITOR", editor(tmp_path, "ed", script))
    run("meetings", "edit", "1", "--editor")
    meeting = run_json("meetings", "show", "1")
    assert meeting["note"] == "brought the zine"
    assert sorted(a["name"] for a in meeting["attendees"]) == ["Ana Ortiz", "Ben Li"]
    monkeypatch.setenv(
        "EDITOR", editor(tmp_path, "ed2", 'sed -i \'s/^people = .*/people = ["#2 Ben Li"]/\' "$1"')
    )
    run("meetings", "edit", "1", "--editor")
    assert [a["name"] for a in run_json("meetings", "show", "1")["attendees"]] == ["Ben Li"]


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("ana")
def test_on_a_terminal_a_broken_text_is_offered_for_another_edit(tmp_path: Path, run_json) -> None:
    count = tmp_path / "count"
    script = (
        f"n=$(cat {count} 2>/dev/null || echo 0); echo $((n+1)) > {count}\n"
        f'if [ "$n" = 0 ]; then echo "name = [" >> "$1"; '
        'else sed -i \'s/^name = \\[$//; s/^company = ""/company = "Fixed"/\' "$1"; fi'
    )
    env = {**os.environ, "EDITOR": editor(tmp_path, "ed", script), "MEETUP_TRACKER_DEBUG": ""}
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "meetup_tracker", "contact", "edit", "Ana", "--editor"],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    while b"Edit it again?" not in seen and time.monotonic() < deadline:
        seen += os.read(master, 4096)
    os.write(master, b"y\n")
    while process.poll() is None and time.monotonic() < deadline:
        try:
            seen += os.read(master, 4096)
        except OSError:
            break
    assert process.wait(timeout=60) == 0, seen.decode(errors="replace")
    os.close(master)
    assert b"cannot be read" in seen
    assert run_json("contact", "show", "Ana")["company"] == "Fixed"
