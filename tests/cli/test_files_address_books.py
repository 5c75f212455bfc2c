"""Address books and CSVs as phones, Nextcloud, Apple, Thunderbird and spreadsheets write
them: per-property charsets, IMPP services named in TYPE, group cards, shared web addresses,
LinkedIn files re-saved by a spreadsheet, and no column dropped in silence."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURES, Run, one_line_error


def _people(run_json) -> dict[str, Any]:
    return {c["name"]: c for c in run_json("contact", "list")}


def _handles(contact: dict[str, Any]) -> set[str]:
    return {f"{h['platform']}:{h['handle']}" for h in contact["handles"]}


@pytest.mark.parametrize(
    ("fixture", "name", "city"),
    [
        ("japanese-phone-2.1-shift-jis.vcf", "山田太郎", "Nakano, Tokyo, Japan"),
        ("japanese-iso-2022-jp.vcf", "鈴木一郎", "Osaka, Japan"),
        ("japanese-euc-jp.vcf", "高橋美咲", None),
        ("chinese-phone-2.1-gb2312.vcf", "王伟", "Shenzhen, Guangdong, China"),
        ("taiwan-phone-2.1-big5.vcf", "陳美玲", "Taipei, Taiwan"),
        ("russian-phone-2.1-koi8-r.vcf", "Анна Иванова", "Novosibirsk, Russia"),
    ],
)
def test_a_phones_charset_is_read_property_by_property(
    run: Run, run_json, fixture: str, name: str, city: str | None
) -> None:
    summary = run_json("import", str(FIXTURES / "vcard" / fixture))
    assert summary["errors"] == []
    people = _people(run_json)
    assert people[name]["city"] == city


def test_a_shift_jis_note_is_text_too(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "vcard" / "japanese-phone-2.1-shift-jis.vcf"))
    assert run_json("contact", "show", "佐藤花子")["note"] == "勉強会で知り合った"


def test_impp_names_its_service_in_type(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "vcard" / "nextcloud-impp-type-skype.vcf"))
    people = _people(run_json)
    assert "skype:john.smith.42" in _handles(people["John Smith"])
    assert "skype:maria.garcia.dev" in _handles(people["Maria Garcia"])


@pytest.mark.parametrize(
    ("fixture", "group", "members"),
    [
        ("apple-group-card.vcf", "Meetup friends", {"Chidi Okafor", "Eva Lindqvist"}),
        ("vcard4-kind-group.vcf", "Book club", {"Priya Raman", "Tom Becker"}),
    ],
)
def test_a_group_card_tags_its_members_and_is_nobody(
    run: Run, run_json, fixture: str, group: str, members: set[str]
) -> None:
    summary = run_json("import", str(FIXTURES / "vcard" / fixture))
    assert summary["contacts"]["added"] == 2
    assert summary["skipped_reasons"] == {"a group card (its members are tagged with its name)": 1}
    people = _people(run_json)
    assert set(people) == members
    assert all(people[m]["tags"] == [group] for m in members)


def test_people_who_share_a_web_address_stay_two(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "vcard" / "shared-company-website.vcf"))
    assert summary["contacts"]["added"] == 2
    assert set(_people(run_json)) == {"Lena Hoffmann", "Jonas Weber"}


def test_a_web_address_matches_when_the_names_agree(run: Run, run_json, tmp_path) -> None:
    run("contact", "add", "Lena Hoffmann", "--handle", "https://www.blumen-hoffmann.de")
    run("contact", "add", "Jonas Weber")
    summary = run_json("import", str(FIXTURES / "vcard" / "shared-company-website.vcf"))
    assert (summary["contacts"]["added"], summary["contacts"]["updated"]) == (0, 2)


def test_a_member_id_in_the_email_column_is_left_out(run: Run, run_json) -> None:
    path = FIXTURES / "linkedin" / "Connections-member-urn-in-email.csv"
    summary = run_json("import", str(path))
    assert (summary["added"], summary["errors"]) == (3, [])
    assert any("urn:li:member" in n["reason"] for n in summary["notes"])
    assert _handles(_people(run_json)["Aisha Khan"]) == {"linkedin:aishakhan"}


@pytest.mark.parametrize(
    ("fixture", "since"),
    [
        (
            "Connections-resaved-excel-us.csv",
            {"Dana Reyes": "2022-09-09", "Eli Novak": "2021-12-25", "Fatima Zahra": "2020-03-04"},
        ),
        (
            "Connections-resaved-excel-semicolons.csv",
            {
                "Günter Maier": "2022-10-09",
                "Hélène Dubois": "2021-04-03",
                "Ingrid Berg": "2019-12-25",
            },
        ),
    ],
)
def test_a_linkedin_file_resaved_by_a_spreadsheet(
    run: Run, run_json, fixture: str, since: dict[str, str]
) -> None:
    summary = run_json("import", str(FIXTURES / "linkedin" / fixture))
    assert (summary["format"], summary["added"]) == ("linkedin", 3)
    assert {n: c["since"] for n, c in _people(run_json).items()} == since
    assert _people(run_json).get("Hélène Dubois", {}).get("position") in (None, "Analyste, Marchés")


def test_a_linkedin_file_without_its_name_columns_is_refused(run: Run, run_json) -> None:
    path = FIXTURES / "linkedin" / "Connections-no-name-columns.csv"
    error = one_line_error(run("import", str(path), expect=1))
    assert "no First Name and Last Name columns" in error
    assert run_json("contact", "list") == []


def test_a_thunderbird_address_book_keeps_emails_companies_and_web_pages(
    run: Run, run_json
) -> None:
    summary = run_json(
        "import", "thunderbird", str(FIXTURES / "google" / "thunderbird-address-book.csv")
    )
    assert summary["added"] == 3
    assert any("Screen Name (1 rows)" in n["reason"] for n in summary["notes"])
    kofi = _people(run_json)["Kofi Mensah"]
    assert {"email:kofi.mensah@example.com", "email:kofi@personal.example"} <= _handles(kofi)
    assert "website:https://kofimensah.dev" in _handles(kofi)
    assert (kofi["company"], kofi["position"]) == ("Acme Cloud", "Developer Relations · Platform")
    assert kofi["city"] == "Nashville, Tennessee, US"
    uk = run_json("import", str(FIXTURES / "google" / "thunderbird-uk-organisation.csv"))
    assert uk["added"] == 1
    assert _people(run_json)["Rory Williams"]["company"] == "Royal Hope Hospital"


def test_google_contacts_messengers_and_departments(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "google" / "google-contacts-im-and-department.csv"))
    assert summary["notes"] == []
    mateo = _people(run_json)["Mateo Silva"]
    assert "skype:mateo.silva.br" in _handles(mateo)
    assert mateo["position"] == "Engineer · Platform"
