"""One resolver for one kind of thing: a place typed on the command line and the same text in
an imported file get the same answer; a file's text that does not decide a place is kept."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, Run


def test_addresses_in_an_address_book_resolve_to_their_city_keeping_the_state(
    run: Run, run_json
) -> None:
    run("import", str(FIXTURES / "vcard" / "address-book-addresses.vcf"))
    people = {c["name"]: c for c in run_json("contact", "list")}
    assert people["Sam Okafor"]["city"] == "Nashville, Tennessee, US"
    assert people["Linh Nguyen"]["city"] == "Sydney, New South Wales, Australia"
    assert people["Luc Tremblay"]["city"] == "Montréal, Quebec, Canada"
    # Durham could be North Carolina or England: kept as text to fix, not guessed.
    assert (people["Jordan Reyes"]["city"], people["Jordan Reyes"]["lat"]) == ("Durham", None)
    assert (people["Aoife Walsh"]["city"], people["Aoife Walsh"]["lat"]) == ("Ireland", None)
    assert {c["name"] for c in run_json("place", "unresolved")} == {"Jordan Reyes", "Aoife Walsh"}


@pytest.mark.parametrize(
    "text", ["Nashville, TN 37203", "Perth, WA", "Montreal, QC", "Greater Boston", "München"]
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
