"""Files as people really have them, quirks included (tests/fixtures, each named after the
quirk it carries): imported through the real CLI into a real database."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Run, one_line_error

# fixture, format it is detected as, contacts added, trips added, rows skipped (not errors)
EXPECTED = [
    ("linkedin/Connections.csv", "linkedin", 5, 0, 0),
    ("linkedin/Connections-hidden-members.csv", "linkedin", 2, 0, 3),
    ("linkedin/Connections-2017-no-url-column.csv", "linkedin", 3, 0, 0),
    ("linkedin/Connections-no-notes-preamble.csv", "linkedin", 2, 0, 0),
    ("linkedin/Connections-latin1.csv", "linkedin", 1, 0, 0),
    ("google/contacts.csv", "google", 3, 0, 0),
    ("google/legacy-contacts.csv", "google", 1, 0, 0),
    ("google/legacy-name-prefix-suffix.csv", "google", 2, 0, 0),
    ("google/same-first-name-two-people.csv", "google", 3, 0, 0),
    ("google/email-only-and-phone-only-rows.csv", "google", 2, 0, 1),
    ("google/outlook-csv-from-google.csv", "google", 2, 0, 0),
    ("google/outlook-2016-export-windows-1252.csv", "google", 2, 0, 0),
    ("vcard/apple-contacts.vcf", "vcard", 2, 0, 0),
    ("vcard/google-contacts.vcf", "vcard", 2, 0, 0),
    ("vcard/khard-4.0.vcf", "vcard", 2, 0, 0),
    ("vcard/address-book-addresses.vcf", "vcard", 5, 0, 0),
    ("vcard/fn-with-comma-and-long-note.vcf", "vcard", 2, 0, 0),
    ("vcard/apple-escaped-url-colon.vcf", "vcard", 1, 0, 0),
    ("vcard/profile-vcard-3.0.vcf", "vcard", 1, 0, 0),
    ("vcard/android-2.1-quoted-printable.vcf", "vcard", 2, 0, 0),
    ("vcard/outlook-2.1-windows-1252.vcf", "vcard", 1, 0, 0),
    ("vcard/utf8-bom.vcf", "vcard", 1, 0, 0),
    ("vcard/utf16-le-bom.vcf", "vcard", 1, 0, 0),
    ("vcard/utf16-le-no-bom.vcf", "vcard", 1, 0, 0),
    ("vcard/folded-inside-utf8-character.vcf", "vcard", 1, 0, 0),
    ("vcard/iphone-cr-cr-lf.vcf", "vcard", 1, 0, 0),
    ("vcard/lf-line-ends.vcf", "vcard", 1, 0, 0),
    ("vcard/same-phone-different-names.vcf", "vcard", 2, 0, 0),
    ("vcard/photo-base64.vcf", "vcard", 1, 0, 0),
    ("vcard/japanese-phone-2.1-shift-jis.vcf", "vcard", 2, 0, 0),
    ("vcard/japanese-iso-2022-jp.vcf", "vcard", 1, 0, 0),
    ("vcard/japanese-euc-jp.vcf", "vcard", 1, 0, 0),
    ("vcard/chinese-phone-2.1-gb2312.vcf", "vcard", 1, 0, 0),
    ("vcard/taiwan-phone-2.1-big5.vcf", "vcard", 1, 0, 0),
    ("vcard/russian-phone-2.1-koi8-r.vcf", "vcard", 1, 0, 0),
    ("vcard/nextcloud-impp-type-skype.vcf", "vcard", 2, 0, 0),
    ("vcard/apple-group-card.vcf", "vcard", 2, 0, 1),
    ("vcard/vcard4-kind-group.vcf", "vcard", 2, 0, 1),
    ("vcard/shared-company-website.vcf", "vcard", 2, 0, 0),
    ("linkedin/Connections-member-urn-in-email.csv", "linkedin", 3, 0, 0),
    ("linkedin/messages.csv", "linkedin", 5, 0, 1),
    ("linkedin/messages-2021-no-recipient-urls.csv", "linkedin", 1, 0, 2),
    ("linkedin/Invitations.csv", "linkedin", 2, 0, 2),
    ("linkedin/Connections-resaved-excel-us.csv", "linkedin", 3, 0, 0),
    ("linkedin/Connections-resaved-excel-semicolons.csv", "linkedin", 3, 0, 0),
    ("google/thunderbird-address-book.csv", "google", 3, 0, 0),
    ("google/thunderbird-uk-organisation.csv", "google", 1, 0, 0),
    ("google/google-contacts-im-and-department.csv", "google", 1, 0, 0),
    ("ics/tripit.ics", "ics", 0, 2, 0),
    ("ics/unplaceable.ics", "ics", 0, 1, 0),
    ("ics/same-summary-two-years.ics", "ics", 0, 2, 0),
    ("ics/timed-event-inside-all-day.ics", "ics", 0, 1, 0),
    ("ics/broken-geo-and-alarm.ics", "ics", 0, 2, 0),
    ("ics/ambiguous-location-durham.ics", "ics", 0, 1, 0),
    ("ics/recurring-with-recurrence-id.ics", "ics", 0, 0, 0),
    ("ics/google-calendar-export.ics", "ics", 0, 1, 0),
    ("ics/concerts-songkick.ics", "ics", 0, 0, 0),
    ("ics/conference-schedule-pretalx-rooms-only.ics", "ics", 0, 0, 0),
    ("ics/conference-schedule-sched-atlanta.ics", "ics", 0, 1, 0),
    ("ics/conference-schedule-shared-uids.ics", "ics", 0, 1, 0),
    ("ics/eventbrite-ticket.ics", "ics", 0, 0, 0),
    ("ics/gmail-flight-and-hotel-confirmations.ics", "ics", 0, 1, 0),
    ("ics/lastfm-events-geo-longitude-first.ics", "ics", 0, 0, 0),
    ("ics/luma-event.ics", "ics", 0, 0, 0),
    ("ics/meetup-group-calendar.ics", "ics", 0, 0, 1),
    ("ics/online-meetings-zoom-meet-teams.ics", "ics", 0, 0, 4),
    ("ics/tbc-rooms-and-stations.ics", "ics", 0, 0, 3),
    ("ics/tripit-utc-checkout-day-after.ics", "ics", 0, 1, 0),
    ("mastodon/following_accounts.csv", "mastodon", 4, 0, 0),
    ("mastodon/following_accounts-headerless.csv", "mastodon", 3, 0, 0),
    ("mastodon/lists.csv", "mastodon", 3, 0, 0),
    ("csv/meetup.csv", "csv", 3, 0, 0),
    ("twitter/archive-2023", "twitter", 2, 0, 3),
    ("twitter/archive-2019-tweet-js", "twitter", 2, 0, 0),
    ("twitter/archive-split-parts", "twitter", 2, 0, 0),
    ("twitter/archive-2024-reply-to-deleted-account", "twitter", 2, 0, 0),
    ("twitter/archive-2021-manifest-only-owner", "twitter", 2, 0, 0),
    ("twitter/archive-classic-2014", "twitter", 2, 0, 0),
    ("twitter/archive-classic-2014.zip", "twitter", 2, 0, 0),
    ("twitter/archive-classic-csv-only", "twitter", 2, 0, 0),
    ("bluesky/repo.car", "bluesky", 3, 0, 1),
    ("bluesky/repo-after-a-rename.car", "bluesky", 3, 0, 1),
]
# Events at a place a calendar gives (planned meetings with nobody yet), by file.
EVENTS = {
    "ics/broken-geo-and-alarm.ics": 1,
    "ics/recurring-with-recurrence-id.ics": 2,
    "ics/concerts-songkick.ics": 6,
    "ics/conference-schedule-pretalx-rooms-only.ics": 1,
    "ics/eventbrite-ticket.ics": 1,
    "ics/lastfm-events-geo-longitude-first.ics": 2,
    "ics/luma-event.ics": 1,
    "ics/meetup-group-calendar.ics": 2,
    "ics/online-meetings-zoom-meet-teams.ics": 1,
    "ics/tbc-rooms-and-stations.ics": 3,
}
VCARDS = sorted(p.name for p in (FIXTURES / "vcard").glob("*.vcf") if p.name != "truncated.vcf")


def test_there_are_real_files_for_every_format() -> None:
    assert len(EXPECTED) >= 40
    assert {fmt for _, fmt, *_ in EXPECTED} == {
        "linkedin",
        "google",
        "vcard",
        "ics",
        "mastodon",
        "csv",
        "twitter",
        "bluesky",
    }


@pytest.mark.parametrize(
    ("fixture", "fmt", "contacts", "trips", "skipped"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_each_real_file_imports_once_and_again_adds_nothing(
    run_json, fixture: str, fmt: str, contacts: int, trips: int, skipped: int
) -> None:
    path = str(FIXTURES / fixture)
    first = run_json("import", path)
    assert (first["format"], first["contacts"]["added"], first["trips"]["added"]) == (
        fmt,
        contacts,
        trips,
    )
    assert first["skipped"] == skipped
    assert first["interactions"]["added"] == EVENTS.get(fixture, 0)
    assert first["errors"] == []
    again = run_json("import", path)
    assert (again["added"], again["updated"]) == (0, 0)


def people(run_json) -> dict[str, Any]:
    return {c["name"]: c for c in run_json("contact", "list")}


def keys(contact: dict[str, Any]) -> set[tuple[str, str]]:
    return {(h["platform"], h["handle"].lower().lstrip("@")) for h in contact["handles"]}


# --- LinkedIn


def test_hidden_linkedin_members_are_counted_not_errors(run: Run, run_json) -> None:
    result = run("import", str(FIXTURES / "linkedin/Connections-hidden-members.csv"))
    assert result.stderr.splitlines()[0] == (
        "imported linkedin: 2 added, 0 updated, 0 unchanged, 3 skipped (3 hidden LinkedIn member)"
    )
    summary = run_json("import", str(FIXTURES / "linkedin/Connections-hidden-members.csv"))
    assert summary["skipped_reasons"] == {"hidden LinkedIn member": 3}


def test_an_old_linkedin_export_matches_people_typed_by_name_and_email(run: Run, run_json) -> None:
    run("contact", "add", "Hannah Kim", "--city", "Atlanta, GA")
    run("contact", "add", "Grace Liu", "--handle", "email:grace.liu@example.org")
    summary = run_json("import", str(FIXTURES / "linkedin/Connections-2017-no-url-column.csv"))
    assert (summary["contacts"]["added"], summary["contacts"]["updated"]) == (1, 2)
    found = people(run_json)
    assert found["Hannah Kim"]["city"] == "Atlanta, Georgia, US"
    assert ("email", "hannah.kim@example.com") in keys(found["Hannah Kim"])
    assert found["Chris Novak"]["since"] == "2018-06-02"  # 6/2/2018: month first
    assert found["Grace Liu"]["company"] == "Liu, Marketing & PR"


def test_two_linkedin_profiles_of_one_name_are_two_people(run: Run, run_json, tmp_path) -> None:
    run("contact", "add", "Ana Ortiz", "--handle", "linkedin:ana-ortiz-99")
    run("import", str(FIXTURES / "linkedin/Connections.csv"))
    anas = [c for c in run_json("contact", "list") if c["name"] == "Ana Ortiz"]
    assert len(anas) == 2


# --- Google and Outlook


def test_google_names_are_the_persons_never_prefix_and_suffix(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "google/legacy-name-prefix-suffix.csv"))
    assert sorted(people(run_json)) == ["Dr. Amara Okafor Jr.", "Tom Becker Sr."]


def test_two_people_who_share_a_first_name_stay_two(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "google/same-first-name-two-people.csv"))
    assert sorted(people(run_json)) == ["Ana", "Ana Lopez", "Ana Ortiz"]


def test_an_email_alone_names_a_contact_and_a_phone_alone_is_counted(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "google/email-only-and-phone-only-rows.csv"))
    assert summary["skipped_reasons"] == {"only a phone number, no name": 1}
    assert "newsletter-friend@example.org" in people(run_json)


def test_outlook_csv_brings_emails_web_pages_and_cities(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "google/outlook-2016-export-windows-1252.csv"))
    run("import", "outlook", str(FIXTURES / "google/outlook-csv-from-google.csv"))
    found = people(run_json)
    sophie = found["Sophie Müller"]
    assert (sophie["city"], sophie["company"], sophie["position"]) == (
        "Munich, Germany",
        "Müller GmbH",
        "Geschäftsführerin",
    )
    assert ("website", "www.mueller.example.de") in keys(sophie)
    assert found["Noah Brooks"]["city"] == "Evansville, Indiana, US"
    assert found["Noah Brooks"]["tags"] == ["conference", "devrel"]


def test_a_csv_that_is_not_googles_is_refused(run: Run, run_json) -> None:
    skills = str(FIXTURES / "google/linkedin-skills-is-not-google.csv")
    assert "not a Google Contacts or Outlook CSV" in one_line_error(
        run("import", "google", skills, expect=1)
    )
    assert "cannot tell the format" in one_line_error(run("import", skills, expect=1))
    assert run_json("contact", "list") == []


# --- vCard


def test_vcard_values_are_never_cut_at_a_comma(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "vcard/fn-with-comma-and-long-note.vcf"))
    found = people(run_json)
    heiko = found["Mustermann, Heiko"]
    assert heiko["note"] == "Met at FOSDEM, Brussels, 2019. Likes Rust, Go, and coffee."
    assert (heiko["position"], heiko["company"]) == ("CEO, founder", "Muster AG, Berlin Vertrieb")
    assert found["Cara Diaz"]["tags"] == ["marketing, growth", "podcast"]


def test_escaped_colons_profile_lines_and_version_2_1(run: Run, run_json) -> None:
    for name in (
        "apple-escaped-url-colon.vcf",
        "profile-vcard-3.0.vcf",
        "android-2.1-quoted-printable.vcf",
        "outlook-2.1-windows-1252.vcf",
    ):
        run("import", str(FIXTURES / "vcard" / name))
    found = people(run_json)
    assert ("twitter", "luciagomez_mkt") in keys(found["Lucia Gomez"])
    assert ("website", "https://lucia.example.com/blog") in keys(found["Lucia Gomez"])
    assert ("mastodon", "ben@hachyderm.io") in keys(found["Ben Li"])
    juergen = found["Jürgen Müller"]
    assert (
        juergen["note"]
        == "Kennengelernt auf der re:publica, über Open Source gesprochen, sehr nett."
    )
    assert {h["handle"] for h in juergen["handles"] if h["platform"] == "phone"} == {
        "+49 170 1234567",
        "+49 30 7654321",
    }
    assert juergen["city"] == "Berlin, Germany"
    assert found["Sophie Müller"]["note"] == "Treffen in München\nnächstes Jahr wieder"


@pytest.mark.parametrize(
    "name",
    [
        "utf8-bom.vcf",
        "utf16-le-bom.vcf",
        "utf16-le-no-bom.vcf",
    ],
)
def test_text_encodings_are_detected(run: Run, run_json, name: str) -> None:
    run("import", str(FIXTURES / "vcard" / name))
    assert people(run_json)["Zoë Ångström"]["city"] == "Gothenburg, Sweden"


def test_line_ends_folds_and_the_encoding_option(run: Run, run_json) -> None:
    for name in ("iphone-cr-cr-lf.vcf", "lf-line-ends.vcf", "folded-inside-utf8-character.vcf"):
        run("import", str(FIXTURES / "vcard" / name))
    found = people(run_json)
    assert {"Tomás Ruiz", "Ines Costa", "Jürg Zwählen"} <= set(found)
    assert "über das Treffen in Zürich" in found["Jürg Zwählen"]["note"]
    latin = str(FIXTURES / "linkedin/Connections-latin1.csv")
    assert "'utf-16'" not in run("import", "--encoding", "latin-1", latin).stderr
    assert "José Núñez" in people(run_json)
    error = one_line_error(run("import", "--encoding", "klingon", latin, expect=1))
    assert error == "Error: 'klingon' is not a text encoding; try utf-8 or cp1252"


def test_a_phone_alone_never_merges_two_people(run: Run, run_json) -> None:
    run("contact", "add", "Maria Silva", "--handle", "phone:+55 11 3333-4444")
    summary = run_json("import", str(FIXTURES / "vcard/same-phone-different-names.vcf"))
    assert (summary["contacts"]["added"], summary["contacts"]["unchanged"]) == (1, 1)
    assert sorted(people(run_json)) == ["João Silva", "Maria Silva"]


@pytest.mark.parametrize("name", VCARDS)
def test_each_vcard_round_trips(run: Run, run_json, tmp_path: Path, name: str) -> None:
    run("import", str(FIXTURES / "vcard" / name))
    before = run_json("contact", "list")
    exported = tmp_path / "out.vcf"
    run("export", "vcard", "-o", str(exported))
    run("--db", str(tmp_path / "again.db"), "import", str(exported))
    after = run_json("--db", str(tmp_path / "again.db"), "contact", "list")
    fields = ("name", "city", "lat", "lon", "note", "tags", "company", "position")
    assert [{f: c[f] for f in fields} for c in after] == [{f: c[f] for f in fields} for c in before]
    assert [keys(c) for c in after] == [keys(c) for c in before]


# --- iCalendar


def test_events_are_known_by_their_uid(run: Run, run_json) -> None:
    path = str(FIXTURES / "ics/same-summary-two-years.ics")
    run("import", path)
    assert [t["name"] for t in run_json("trip", "list")] == ["PyCon US", "PyCon US (2027)"]
    again = run_json("import", path)
    assert (again["trips"]["updated"], again["trips"]["unchanged"]) == (0, 2)
    # A monthly meetup's occurrences are events, each known by its UID and RECURRENCE-ID.
    recurring = run_json("import", str(FIXTURES / "ics/recurring-with-recurrence-id.ics"))
    assert (recurring["trips"]["added"], recurring["interactions"]["added"]) == (0, 2)
    planned = {m["place"] for m in run_json("meetings", "--planned")}
    assert planned == {"Knoxville, Tennessee, US", "Chattanooga, Tennessee, US"}


def test_a_timed_event_inside_an_all_day_one_adds_a_stop(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "ics/timed-event-inside-all-day.ics"))
    trip = run_json("trip", "show", "Marketing Summit")
    assert [s["place"] for s in trip["stops"]] == [
        "Nashville, Tennessee, US",
        "Memphis, Tennessee, US",
    ]


def test_broken_geo_is_read_around_with_a_note(run: Run, run_json) -> None:
    result = run("import", str(FIXTURES / "ics/broken-geo-and-alarm.ics"))
    assert "imported ics: 3 added" in result.stderr  # two trips and an event
    assert "GEO was written longitude first" in result.stderr
    assert "note: line 28: GEO 'abc\\;def' is not coordinates: ignored" in result.stderr
    denver = run_json("trip", "show", "GEO written longitude first")["stops"][0]
    assert (round(denver["lat"]), round(denver["lon"])) == (40, -105)
    louisville = run_json("trip", "show", "Empty GEO")["stops"][0]
    assert louisville["place"] == "Louisville, Kentucky, US"


def test_an_ambiguous_location_is_read_as_typed_with_a_note(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "ics/ambiguous-location-durham.ics"))
    assert (summary["guessed_cities"], summary["unresolved_cities"]) == (1, 0)
    assert any("Durham → Durham, North Carolina, US" in n["reason"] for n in summary["notes"])
    (stop,) = run_json("trip", "show", "Visit the Durham office")["stops"]
    assert stop["place"] == "Durham, North Carolina, US"


def test_a_location_that_is_a_guess_to_confirm_is_kept_as_text(
    run: Run, run_json, tmp_path: Path
) -> None:
    ics = (FIXTURES / "ics/ambiguous-location-durham.ics").read_text(encoding="utf-8")
    path = tmp_path / "typo.ics"
    path.write_text(ics.replace("LOCATION:Durham", "LOCATION:Indianopolis"), encoding="utf-8")
    summary = run_json("import", str(path))
    assert (summary["guessed_cities"], summary["unresolved_cities"]) == (0, 1)
    (stop,) = run_json("trip", "show", "Visit the Durham office")["stops"]
    assert (stop["place"], stop["lat"]) == ("Indianopolis", None)


def test_a_google_calendar_export_with_time_zones(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "ics/google-calendar-export.ics"))
    trip = run_json("trip", "show", "All Things Open")
    assert [s["place"] for s in trip["stops"]] == [
        "Raleigh, North Carolina, US",
        "Durham, North Carolina, US",
    ]


# --- Mastodon


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("muted_accounts.csv", "muted_accounts.csv"),
        ("blocked_accounts.csv", "blocked_accounts.csv"),
        ("bookmarks.csv", "bookmarks.csv"),
    ],
)
def test_other_mastodon_exports_are_refused(run: Run, name: str, what: str) -> None:
    error = one_line_error(run("import", str(FIXTURES / "mastodon" / name), expect=1))
    assert error == f"Error: this is Mastodon's {what}, not a list of people you follow"


def test_mastodon_lists_become_tags(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "mastodon/lists.csv"))
    assert people(run_json)["jordan@mastodon.social"]["tags"] == ["Met in person"]


# --- Twitter/X archive


def test_a_twitter_archive_brings_the_people_you_talked_with(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "twitter/archive-2023"))
    assert summary["skipped_reasons"] == {"followed account you never talked with": 3}
    found = people(run_json)
    assert sorted(found) == ["Ana Ortiz 👩\u200d💻", "Dev Patel"]
    ana = found["Ana Ortiz 👩\u200d💻"]
    assert ana["handles"][0]["handle"] == "AnaOrtiz"
    assert ana["since"] == "2022-03-01"
    assert (ana["online_exchanges"], ana["last_online"]) == (3, "2023-01-09")
    assert run_json("meetings") == []  # the conversation is a summary, not a meeting log
    dev = found["Dev Patel"]
    assert (dev["online_exchanges"], dev["last_online"]) == (3, "2023-03-05")  # and messages
    unmet = {c["name"]: c for c in run_json("unmet")}
    assert unmet["Dev Patel"]["last_online"] == "2023-03-05"
    stale = [c["name"] for c in run_json("stale", "--days", "30")]
    assert stale == ["Ana Ortiz 👩\u200d💻", "Dev Patel"]


def test_a_zip_archive_and_min_exchanges(run: Run, run_json, tmp_path: Path) -> None:
    folder = FIXTURES / "twitter/archive-2023"
    archive = tmp_path / "twitter-2023-11-27-abc123.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in folder.rglob("*"):
            if path.is_file():
                zipped.write(path, path.relative_to(folder).as_posix())
    summary = run_json("import", str(archive), "--min-exchanges", "3")
    assert summary["contacts"]["added"] == 2
    fewer = run_json(
        "--db", str(tmp_path / "b.db"), "import", "x", str(archive), "--min-exchanges", "4"
    )
    assert fewer["contacts"]["added"] == 0


def test_a_renamed_account_still_matches(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "twitter/archive-2019-tweet-js"))
    run("import", str(FIXTURES / "twitter/archive-split-parts"))
    ana = [c for c in run_json("contact", "list") if c["name"].startswith("Ana")]
    assert len(ana) == 1
    assert {h["handle"] for h in ana[0]["handles"]} == {"AnaOrtiz", "ana_builds"}
    assert ana[0]["online_exchanges"] == 4


def test_a_folder_that_is_not_an_archive_is_refused(run: Run, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    error = one_line_error(run("import", str(tmp_path / "photos"), expect=1))
    assert "is not a Twitter/X archive" in error
