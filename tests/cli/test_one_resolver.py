"""One resolver for one kind of thing: a place typed on the command line and the same text in
an imported file get the same answer (the likelier of places of the name, with a note, as a
command takes it with a notice); a file's text that is a guess to confirm, or an area, is
kept as text."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, Run


def test_addresses_in_an_address_book_resolve_to_their_city_keeping_the_state(
    run: Run, run_json
) -> None:
    summary = run_json("import", str(FIXTURES / "vcard" / "address-book-addresses.vcf"))
    people = {c["name"]: c for c in run_json("contact", "list")}
    assert people["Sam Okafor"]["city"] == "Nashville, Tennessee, US"
    assert people["Linh Nguyen"]["city"] == "Sydney, New South Wales, Australia"
    assert people["Luc Tremblay"]["city"] == "Montréal, Quebec, Canada"
    # Durham could be North Carolina or England: the likelier, as typed, with a note.
    assert people["Jordan Reyes"]["city"] == "Durham, North Carolina, US"
    assert summary["guessed_cities"] == 1
    assert any("Durham →" in n["reason"] for n in summary["notes"])
    assert (people["Aoife Walsh"]["city"], people["Aoife Walsh"]["lat"]) == ("Ireland", None)
    assert {c["name"] for c in run_json("place", "unresolved")} == {"Aoife Walsh"}


@pytest.mark.parametrize(
    "text",
    [
        "Nashville, TN 37203",
        "Perth, WA",
        "Montreal, QC",
        "Greater Boston",
        "München",
        "Paradise, CA",
        "Irvine",
        "Cambridge",
        "Cork, Ire",
        "Joplin, Missouri United States",
        "Kansas City",
        "Aarhus C",
        "Berlin Hbf",
        "1200 Oak St Oviedo, FL 32765",
        "東京都中野区中野4-1-1",
        "서울특별시 강남구 테헤란로 152",
        "Новосибирск, Новосибирская область, Россия",
        "Milano, MI, Italia",
        "Truro, Cornwall, UK",
        "40°26′46″N 79°58′56″W",
    ],
)
def test_typed_and_imported_places_agree(run: Run, run_json, tmp_path, text: str) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(f'name,handles,city\nFrom File,,"{text}"\n', encoding="utf-8")
    run("import", "csv", str(csv))
    run("contact", "add", "Typed", "--city", text)
    people = {c["name"]: c for c in run_json("contact", "list")}
    typed, imported = people["Typed"], people["From File"]
    assert imported["lat"] is not None
    assert (imported["city"], imported["lat"], imported["lon"]) == (
        typed["city"],
        typed["lat"],
        typed["lon"],
    )
