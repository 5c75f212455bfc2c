"""Place names as a person types them and as files carry them: read the same way on both
paths, with home as context, and a guess asked about (on a terminal) or refused with its
candidates (in a script) rather than taken."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error


@pytest.mark.parametrize(
    ("text", "reading", "place"),
    [
        ("Berlin Hbf", "decided", "Berlin, Germany"),
        ("Cambridge", "likelier", "Cambridge, United Kingdom"),
        ("Indianopolis", "confirm", "Indianapolis, Indiana, US"),
        ("Quebec, Canada", "area", None),
        ("東京都中野区中野4-1-1", "decided", "Nakano, Tokyo, Japan"),
    ],
)
def test_place_show_says_how_a_text_is_read(
    run_json, text: str, reading: str, place: str | None
) -> None:
    shown = run_json("place", "show", text)
    assert shown["reading"] == reading
    assert (shown["place"] or {}).get("display") == place
    assert shown["decided"] is (reading == "decided")
    assert (shown["notice"] is None) is (reading == "decided")
    if place is None:
        assert shown["area"]["kind"] == "region"


def test_a_guess_in_a_script_is_an_error_naming_the_candidates(run: Run, run_json) -> None:
    error = one_line_error(run("contact", "add", "Ana", "--city", "Indianopolis", expect=1))
    assert "'Indianopolis' could be Indianapolis, Indiana, US" in error
    assert "Indianópolis, Minas Gerais, Brazil" in error
    assert run_json("contact", "list") == []


def test_a_guess_on_a_terminal_is_asked_about(run: Run, run_json, monkeypatch) -> None:
    from meetup_tracker import output

    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    result = run("contact", "add", "Ana", "--city", "Indianopolis", input="1\n")
    assert "  1. Indianapolis, Indiana, US" in result.stderr
    assert run_json("contact", "show", "Ana")["city"] == "Indianapolis, Indiana, US"
    run("contact", "add", "Ben", "--city", "Indianopolis", input="Indianópolis, Paraná\n")
    assert run_json("contact", "show", "Ben")["city"] == "Indianópolis, Paraná, Brazil"
    refused = run("contact", "add", "Cy", "--city", "Indianopolis", input="\n", expect=1)
    assert "no place chosen" in refused.stderr
    assert [c["name"] for c in run_json("contact", "list")] == ["Ana", "Ben"]


def test_home_decides_for_typed_names_and_searches(run: Run, run_json) -> None:
    run("config", "set", "home", "Boston, MA")
    added = run("contact", "add", "Ana", "--city", "Cambridge")
    assert "also" not in added.stderr  # home decided: nothing to say
    assert run_json("contact", "show", "Ana")["city"] == "Cambridge, Massachusetts, US"
    assert run_json("place", "search", "Springfield")[0]["admin1"] == "MA"
    assert run_json("place", "show", "Cambridge")["reading"] == "home"


def test_home_decides_for_imported_names(run: Run, run_json, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,handles,city\nAna,,Cambridge\nBen,,Birmingam\n", encoding="utf-8")
    run("config", "set", "home", "Knoxville, Tennessee")
    summary = run_json("import", "csv", str(csv))
    assert (summary["guessed_cities"], summary["unresolved_cities"]) == (0, 0)
    people = {c["name"]: c["city"] for c in run_json("contact", "list")}
    assert people == {
        "Ana": "Cambridge, Massachusetts, US",
        "Ben": "Birmingham, Alabama, US",
    }


def test_reading_a_name_never_creates_the_database(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "not-yet.db"
    run("--db", str(missing), "place", "show", "Cambridge")
    run("--db", str(missing), "place", "search", "Cambridge")
    assert not missing.exists()
