"""Exit codes, one-line errors, and data on stdout apart from messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from meetup_tracker import __version__, output
from tests.conftest import Run, one_line_error


def test_version(run: Run) -> None:
    assert run("--version").stdout.strip() == f"meetup-tracker {__version__}"


def test_python_dash_m_works_like_the_console_script(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "meetup_tracker",
            "--db",
            str(tmp_path / "m.db"),
            "contact",
            "add",
            "Ana",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Ana"
    assert result.stderr.strip() == "added Ana (#1)"


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["contact", "add"],
        ["contact", "add", "Ana", "--no-such-option"],
        ["stale", "--days", "soon"],
        ["contact", "list", "--limit", "-3"],
    ],
)
def test_usage_errors_exit_2(run: Run, args: list[str]) -> None:
    result = run(*args, expect=2)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_unexpected_error_is_one_line_without_debug(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetup_tracker.services import reports

    def explode(**_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("MEETUP_TRACKER_DEBUG")
    monkeypatch.setattr(reports, "stats", explode)
    error = one_line_error(run("stats", expect=1))
    assert error.startswith("Error: internal error: ZeroDivisionError: division by zero")
    assert "MEETUP_TRACKER_DEBUG=1" in error


def test_json_is_alone_on_stdout(run: Run) -> None:
    result = run("contact", "add", "Ana", "--json")
    assert json.loads(result.stdout)["name"] == "Ana"
    assert "added Ana" in result.stderr
    met = run("met", "Ana", "--json")
    assert json.loads(met.stdout)["kind"] == "in-person"
    for args in (
        ["contact", "list"],
        ["contact", "show", "Ana"],
        ["meetings"],
        ["unmet"],
        ["stale"],
        ["stats"],
    ):
        json.loads(run(*args, "--json").stdout)


def test_a_pipe_gets_every_row_as_plain_text(run: Run) -> None:
    for i in range(150):
        run("contact", "add", f"Person {i:03}", "--handle", f"twitter:p{i}", "--tag", "bulk")
    lines = run("contact", "list").stdout.splitlines()
    assert lines[0] == "id\tname\tcity\thandles\ttags\tmet\tsince"
    assert len(lines) == 151
    assert lines[1].split("\t")[:5] == ["1", "Person 000", "", "twitter:@p0", "bulk"]
    assert len(run("contact", "list", "--limit", "10").stdout.splitlines()) == 11


def test_a_terminal_gets_a_table_cut_short_with_a_hint(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(120):
        run("contact", "add", f"Person {i:03}")
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    result = run("contact", "list")
    assert "┃ Name" in result.stdout
    assert "Person 099" in result.stdout
    assert "Person 100" not in result.stdout
    assert "showing the first 100; use --limit 0 for all, or --json" in result.stderr
    everything = run("contact", "list", "--limit", "0")
    assert "Person 119" in everything.stdout


def test_markup_in_names_is_shown_not_interpreted(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("contact", "add", "[bold]Mallory[/bold]", "--note", "[red]x")
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    assert "[bold]Mallory[/bold]" in run("contact", "list").stdout
    assert "[bold]Mallory[/bold]" in run("contact", "show", "#1").stdout


def test_every_command_has_help(run: Run) -> None:
    from tests.test_startup import help_paths

    paths = help_paths()
    assert len(paths) > 30
    for path in paths:
        result = run(*path, "--help")
        assert "Usage" in result.stdout
        description = result.stdout.split("\n\n")[1].strip()
        assert description, f"`meetup {' '.join(path)}` has no help text"
