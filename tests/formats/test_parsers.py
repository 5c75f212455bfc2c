"""Each format reads files as the platforms really produce them (no database here)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from meetup_tracker import formats
from meetup_tracker.formats.records import FormatError, read_text
from tests.conftest import FIXTURES


def load(name: str) -> str:
    return read_text((FIXTURES / name).read_bytes(), name)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("linkedin/Connections.csv", "linkedin"),
        ("mastodon/following_accounts.csv", "mastodon"),
        ("vcard/apple-contacts.vcf", "vcard"),
        ("vcard/khard-4.0.vcf", "vcard"),
        ("google/contacts.csv", "google"),
        ("google/legacy-contacts.csv", "google"),
        ("csv/meetup.csv", "csv"),
        ("ics/tripit.ics", "ics"),
    ],
)
def test_the_format_is_detected_from_the_content(name: str, fmt: str) -> None:
    assert formats.detect(load(name)) == fmt


def test_linkedin_connections_with_preamble_crlf_and_blank_rows() -> None:
    assert b"\r\n" in (FIXTURES / "linkedin/Connections.csv").read_bytes()
    parsed = formats.parse("linkedin", load("linkedin/Connections.csv"))
    assert [c.name for c in parsed.contacts] == [
        "Ana Ortiz",
        "José Núñez",
        "雷 李",
        "Priya Shah",
        "Ben Carter",
    ]
    ana, jose, _, priya, ben = parsed.contacts
    assert [(h.platform, h.handle) for h in ana.handles] == [("linkedin", "ana-ortiz-12")]
    assert ana.since == date(2025, 12, 7)
    assert (ana.company, ana.position) == ("Acme", "Head of Community")
    assert [(h.platform, h.key) for h in jose.handles] == [
        ("linkedin", "josé-núñez-4b1a2c"),
        ("email", "jose.nunez@example.com"),
    ]
    assert jose.company == "Núñez & Hijos, S.A."
    assert priya.position == 'Consultant, "growth" & brand'
    assert ben.company is None
    assert ana.line == 5
    assert parsed.bad == []


def test_linkedin_bad_rows_carry_their_line_numbers() -> None:
    parsed = formats.parse("linkedin", load("linkedin/Connections-bad-row.csv"))
    assert [c.name for c in parsed.contacts] == ["Ana Ortiz", "Ben Carter"]
    assert [(b.line, b.reason.split(";")[0]) for b in parsed.bad] == [
        (6, "URL 'https://www.linkedin.com/company/acme' is not a LinkedIn profile"),
        (8, "no first or last name"),
        (9, "'someday' is not a date"),
    ]


def test_mastodon_following_accounts() -> None:
    parsed = formats.parse("mastodon", load("mastodon/following_accounts.csv"))
    assert [h.key for c in parsed.contacts for h in c.handles] == [
        "ana@hachyderm.io",
        "lena@fosstodon.org",
        "jordan@mastodon.social",
        "noah@fosstodon.org",
    ]


def test_apple_vcard_with_social_profiles_folded_note_and_address() -> None:
    jose, lucia = formats.parse("vcard", load("vcard/apple-contacts.vcf")).contacts
    assert jose.name == "José Núñez"
    assert {(h.platform, h.key) for h in jose.handles} == {
        ("email", "jose.nunez@example.com"),
        ("phone", "+16155550100"),
        ("twitter", "josenunez"),
        ("linkedin", "josé-núñez-4b1a2c"),
        ("website", "jose.example.com/blog"),
        ("skype", "jose.nunez"),
    }
    assert (jose.city, jose.region, jose.country) == ("Nashville", "TN", "United States")
    assert (
        jose.note == "Met at the Nashville meetup, talked about open source."
        "\nWants to visit Memphis in the spring."
    )
    assert jose.tags == ["conference", "devrel"]
    assert (jose.company, jose.position) == ("Núñez & Hijos", "Developer Advocate")
    assert [(h.platform, h.key) for h in lucia.handles][1] == ("bluesky", "luciagomez.bsky.social")


def test_vcard_4_geo_and_socialprofile() -> None:
    lilei, hollow = formats.parse("vcard", load("vcard/khard-4.0.vcf")).contacts
    assert (lilei.lat, lilei.lon) == (39.9075, 116.39723)
    assert ("mastodon", "lilei@mastodon.social") in {(h.platform, h.key) for h in lilei.handles}
    assert lilei.note == (
        "A long note written in khard, folded the way vCard folds lines longer than"
        " seventy-five octets, so the reader must unfold it."
    )
    assert (hollow.lat, hollow.lon, hollow.city) == (36.1, -85.2, "Tiny Hollow")
    assert hollow.handles[0].platform == "phone"


def test_google_vcard_drops_system_groups() -> None:
    priya, tom = formats.parse("vcard", load("vcard/google-contacts.vcf")).contacts
    assert priya.tags == ["marketing"]
    assert ("twitter", "priyashah") in {(h.platform, h.key) for h in priya.handles}
    assert ("mastodon", "tom@mastodon.social") in {(h.platform, h.key) for h in tom.handles}


def test_a_card_cut_short_is_a_bad_record_with_its_line() -> None:
    parsed = formats.parse("vcard", load("vcard/truncated.vcf"))
    assert [c.name for c in parsed.contacts] == ["Whole Card"]
    assert [(b.line, b.reason) for b in parsed.bad] == [
        (6, "the card has no END:VCARD (is the file cut short?)")
    ]


def test_google_csv_with_bom_multiple_values_and_quoted_newlines() -> None:
    assert (FIXTURES / "google/contacts.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    maya, jose, sam = formats.parse("google", load("google/contacts.csv")).contacts
    assert maya.name == "Maya Patel"
    assert [(h.platform, h.key) for h in maya.handles] == [
        ("email", "maya@example.com"),
        ("email", "maya.patel@work.example"),
        ("phone", "+16155550111"),
        ("twitter", "mayabuilds"),
    ]
    assert maya.tags == ["Podcast", "DevRel"]
    assert (
        maya.note == "Runs the podcast.\r\nMet online in 2021, in person at the meetup."
    )  # as written
    assert (maya.city, maya.region, maya.country) == ("Nashville", "TN", "US")
    assert (maya.company, maya.position) == ("Build in Public", "Host")
    assert (jose.city, jose.country) == ("München", "Germany")
    assert sam.tags == []
    assert [(h.platform, h.key) for h in sam.handles] == [("website", "samokafor.example.org")]


def test_google_legacy_columns() -> None:
    (elena,) = formats.parse("google", load("google/legacy-contacts.csv")).contacts
    assert elena.name == "Elena Rossi"
    assert elena.tags == ["Podcast"]
    assert {h.platform for h in elena.handles} == {"email", "twitter"}


def test_our_csv_takes_off_formula_guards() -> None:
    ana, mallory, ben = formats.parse("csv", load("csv/meetup.csv")).contacts
    assert mallory.name == '=HYPERLINK("http://evil.example","click")'
    assert mallory.tags == ["@risky"]
    assert mallory.note == "-2+3 is not a formula here"
    assert (ana.lat, ana.lon, ana.exact) == (36.16589, -86.78444, True)
    assert [h.key for h in ana.handles] == ["anaortiz", "ana-ortiz-12"]
    assert ben.city == "Memphis"
    assert not ben.exact


def test_tripit_feed_becomes_trips_with_stops_in_time_order() -> None:
    trips = formats.parse("ics", load("ics/tripit.ics")).trips
    assert [t.name for t in trips] == ["Tennessee road trip", "Indianapolis, IN, April 2027"]
    road = trips[0]
    assert (road.start, road.end) == (date(2026, 12, 8), date(2026, 12, 14))
    assert [s.place for s in road.stops] == [
        "Nashville, TN",  # the trip's own place, then the timed events inside it
        "Nashville (BNA)",
        "231 6th Ave N, Nashville, TN 37219",
        "Beale Street, Memphis, TN 38103",
    ]
    indy = trips[1]
    assert [s.place for s in indy.stops] == ["Indianapolis, IN"]


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("broken/empty.csv", None, "is empty"),
        ("broken/garbage.bin", None, "is not a text file"),
        ("broken/truncated.json", "json", "is it cut short?"),
        ("broken/newer-backup.json", "json", "version 99"),
        ("broken/truncated-linkedin.csv", "linkedin", "is the file cut short?"),
        ("mastodon/following_accounts.csv", "linkedin", "not LinkedIn's Connections.csv"),
        ("linkedin/Connections.csv", "mastodon", "not Mastodon's following_accounts.csv"),
        ("broken/unknown.csv", "vcard", "not a vCard file"),
        ("broken/unknown.csv", "ics", "not a readable iCalendar file"),
    ],
)
def test_broken_and_wrong_files_are_format_errors(name: str, fmt: str | None, message: str) -> None:
    def read_and_parse() -> None:
        # A CSV's rows are read as they are imported: reading them all finds a cut-off quote.
        parsed = formats.parse(fmt or "csv", read_text((FIXTURES / name).read_bytes(), name))
        assert parsed.contacts is not None

    with pytest.raises(FormatError, match=re.escape(message)):
        read_and_parse()


def test_unknown_content_is_not_detected() -> None:
    assert formats.detect(load("broken/unknown.csv")) is None


def test_fixture_files_keep_their_quirks() -> None:
    raw = (FIXTURES / "vcard/apple-contacts.vcf").read_bytes()
    assert b"\r\n it Memphis" in raw  # a folded line
    assert "李雷".encode() in (FIXTURES / "vcard/khard-4.0.vcf").read_bytes()
    assert Path(FIXTURES / "broken/garbage.bin").stat().st_size == 4096
