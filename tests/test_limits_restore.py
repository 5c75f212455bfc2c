"""What is accepted restores: values at every field's limit, stored by every way in (the
command line and each importer), come back whole from the JSON backup (`export json` ->
`import`), row for row; one character more is refused at the door, naming the record, and
nothing is stored. Hypothesis picks the characters (any script, astral planes, quotes and
separators), the lengths are the limits of models.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetup_tracker.models import MAX_COUNT
from tests.conftest import Run, every_row, one_line_error

NOTE, LINE, NAME, UID = 100_000, 1000, 200, 2000

# Text a file or a command line can carry: letters of any script, digits, punctuation,
# spaces inside, emoji; no control characters (a name refuses them) and no separators a file
# format gives a meaning to (each format escapes its own, tested elsewhere).
CHARACTER = st.characters(
    codec="utf-8",
    categories=["L", "N", "P", "S", "Zs"],
    exclude_characters=",;:\\\"'\r\n\t\u2028\u2029\x85",
)


def exactly(length: int) -> st.SearchStrategy[str]:
    """Text of exactly `length` characters that starts and ends with a letter."""
    return st.tuples(
        st.characters(categories=["L"]), st.text(CHARACTER, min_size=3, max_size=12)
    ).map(lambda pair: pair[0] + (pair[1] * (length // len(pair[1]) + 1))[: length - 2] + "x")


def vcard(name: str, note: str, city: str) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{name}\r\nN:;{name};;;\r\nNOTE:{note}\r\nADR;TYPE=home:;;;{city};;;\r\n"
        "END:VCARD\r\n"
    )


def linkedin(company: str, position: str) -> str:
    return (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        f'Ana,Long,https://www.linkedin.com/in/ana-long,,"{company}","{position}",07 Dec 2025\r\n'
    )


def calendar(uid: str, summary: str, location: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//attack//limits//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20270101T180000Z\r\n"
        f"DTEND:20270101T200000Z\r\nSUMMARY:{summary}\r\nLOCATION:{location}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def restores(run: Run, tmp_path: Path, another_database: Callable[[], str]) -> None:
    """The backup of what is stored restores to the same rows."""
    from meetup_tracker.paths import db_location

    original = str(db_location())
    backup = tmp_path / "backup.json"
    run("export", "json", "-o", str(backup))
    copy = another_database()
    run("--db", copy, "import", "json", str(backup))
    assert every_row(copy) == every_row(original)


SLOW = settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SLOW
@given(name=exactly(NAME), note=exactly(NOTE), company=exactly(LINE))
def test_the_command_line_at_every_limit_restores(
    run: Run,
    tmp_path: Path,
    another_database: Callable[[], str],
    name: str,
    note: str,
    company: str,
) -> None:
    run("contact", "add", name, "--note", note, "--company", company, "--tag", "t" * 64)
    run("met", "#1", "--on", "2024-01-02", "--event", company, "--note", note)
    restores(run, tmp_path, another_database)


@SLOW
@given(note=exactly(NOTE), city=exactly(LINE), name=exactly(NAME))
def test_a_vcard_at_every_limit_restores(
    run: Run, tmp_path: Path, another_database: Callable[[], str], note: str, city: str, name: str
) -> None:
    card = tmp_path / "long.vcf"
    card.write_text(vcard(name, note, city), encoding="utf-8")
    run("import", "vcard", str(card))
    restores(run, tmp_path, another_database)


@SLOW
@given(company=exactly(LINE), position=exactly(LINE))
def test_a_linkedin_file_at_every_limit_restores(
    run: Run, tmp_path: Path, another_database: Callable[[], str], company: str, position: str
) -> None:
    file = tmp_path / "Connections.csv"
    file.write_text(linkedin(company, position), encoding="utf-8")
    run("import", "linkedin", str(file))
    restores(run, tmp_path, another_database)


@SLOW
@given(uid=exactly(UID), summary=exactly(LINE), location=exactly(LINE))
def test_a_calendar_at_every_limit_restores(
    run: Run,
    tmp_path: Path,
    another_database: Callable[[], str],
    uid: str,
    summary: str,
    location: str,
) -> None:
    file = tmp_path / "long.ics"
    file.write_text(calendar(uid, summary, location), encoding="utf-8")
    run("import", "ics", str(file))
    restores(run, tmp_path, another_database)


OVER = [
    ("vcard-note-150k.vcf", vcard("Ana", "n" * 150_000, "Paris"), "note is 150,000 characters"),
    ("vcard-adr-city-3000.vcf", vcard("Ana", "x", "C" * 3000), "city is 3,000 characters"),
    ("linkedin-company-5000.csv", linkedin("Q" * 5000, "Lead"), "company is 5,000 characters"),
    ("ics-location-3000.ics", calendar("u1", "Dinner", "L" * 3000), "place is 3,000 characters"),
    ("ics-uid-3000.ics", calendar("u" * 3000, "Dinner", "Berlin"), "3,000 characters"),
    ("ics-summary-1001.ics", calendar("u2", "S" * 1001, "Berlin"), "1,001 characters long"),
]


@pytest.mark.parametrize(("name", "text", "says"), OVER, ids=[o[0] for o in OVER])
def test_one_character_past_a_limit_is_refused_at_the_door(
    run: Run, tmp_path: Path, name: str, text: str, says: str
) -> None:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    error = one_line_error(run("import", str(file), expect=1))
    assert says in error, error
    assert "nothing was imported" in error
    assert len(error) < 600
    assert run("contact", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("field", "value"),
    [("exchanges", MAX_COUNT + 1), ("geonameid", 3_000_000_000), ("id", 2**63)],
)
def test_a_number_postgresql_cannot_hold_is_refused_on_either_engine(
    run: Run, tmp_path: Path, field: str, value: int
) -> None:
    contact: dict[str, object] = {"id": 1, "name": "Ana", "handles": [], "tags": []}
    handle = {"platform": "twitter", "handle": "ana", "exchanges": 1}
    if field == "exchanges":
        handle["exchanges"] = value
    else:
        contact[field] = value
    contact["handles"] = [handle]
    backup = {"format": "meetup-tracker-backup", "version": 2, "contacts": [contact]}
    file = tmp_path / f"{field}-too-big.json"
    import json

    file.write_text(json.dumps(backup))
    error = one_line_error(run("import", "json", str(file), expect=1))
    assert f"{field} {value}" in error, error
    assert "contact 1" in error
