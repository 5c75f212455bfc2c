"""`meetup sync DIR`: a vdir of vCards and the contacts in step, both ways. The cards other
programs write here are shaped as khard, Apple Contacts and Android (through vdirsyncer) write
them: foreign UIDs, PHOTO, BDAY, typed TEL and EMAIL, item groups, X-SOCIALPROFILE, IMPP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, one_line_error

PHONE_CARD = """BEGIN:VCARD\r
VERSION:3.0\r
PRODID:-//Apple Inc.//iPhone OS 17.4//EN\r
N:Okafor;Sam;;;\r
FN:Sam Okafor\r
ORG:Fieldnotes;\r
TITLE:Editor\r
EMAIL;type=INTERNET;type=HOME;type=pref:sam@okafor.example\r
TEL;type=CELL;type=VOICE;type=pref:+1 (901) 555-0142\r
item1.ADR;type=HOME;type=pref:;;88 Beale St;Memphis;TN;38103;United States\r
item1.X-ABADR:us\r
X-SOCIALPROFILE;type=twitter;x-user=samokafor:http://twitter.com/samokafor\r
IMPP;X-SERVICE-TYPE=Jabber;type=HOME:xmpp:sam@jabber.example\r
BDAY;value=date:1988-04-02\r
NOTE:Met through the newsletter swap\r
CATEGORIES:newsletter,writers\r
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRof\r
 Hh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAA\r
REV:2024-03-01T10:00:00Z\r
UID:4F1E2D3C-AAAA-4BBB-8CCC-123456789ABC\r
END:VCARD\r
"""


def read(path: Path) -> str:
    """A card's text with its line ends as written (CRLF)."""
    return path.read_bytes().decode("utf-8")


def replace_line(path: Path, start: str, new: str | None) -> None:
    """Edit a card as another program would: one property's line changed (or dropped)."""
    lines = read(path).split("\r\n")
    hits = [i for i, line in enumerate(lines) if line.upper().startswith(start.upper())]
    assert hits, f"{start} not in {path.name}"
    if new is None:
        del lines[hits[0]]
    else:
        lines[hits[0]] = new
    path.write_text("\r\n".join(lines))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "contacts"


@pytest.fixture
def synced(run: Run, run_json, folder: Path) -> dict[str, Any]:
    run(
        "contact", "add", "Maya Patel", "--city", "Nashville, TN", "--tag", "devrel",
        "--handle", "x:@mayabuilds", "--handle", "mastodon:@maya@hachyderm.io",
        "--handle", "bluesky:maya.bsky.social", "--handle", "email:maya@example.com",
        "--handle", "https://mayapatel.dev", "--every", "2w", "--company", "Build in Public",
    )  # fmt: skip
    run("contact", "add", "Jordan Reyes", "--city", "Memphis, TN", "--handle", "x:@jreyes")
    run("met", "Maya", "--on", "2026-10-28", "--at", "Nashville", "--yes")
    done: dict[str, Any] = run_json("sync", str(folder))
    return done


def test_the_first_sync_writes_a_card_per_contact_named_by_its_uid(
    synced: dict[str, Any], folder: Path, run: Run, run_json
) -> None:
    assert synced["written"] == 2
    assert synced["added"] == 0
    names = sorted(p.name for p in folder.glob("*.vcf"))
    assert names == ["meetup-tracker-contact-1.vcf", "meetup-tracker-contact-2.vcf"]
    maya = read(folder / names[0])
    assert maya.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert maya.endswith("END:VCARD\r\n")
    for expected in (
        "UID:meetup-tracker-contact-1",
        "FN:Maya Patel",
        "X-SOCIALPROFILE;TYPE=twitter;X-USER=mayabuilds:https://x.com/mayabuilds",
        "URL:https://mayapatel.dev",
        "EMAIL;TYPE=INTERNET:maya@example.com",
        "CATEGORIES:devrel",
        "ADR:;;;Nashville;Tennessee;;",
        "X-MEETUP-MET:2026-10-28",
        "X-MEETUP-EVERY:14d",
        "ORG:Build in Public",
    ):
        assert expected in maya.replace("\r\n ", ""), expected
    assert "GEO:36.1" in maya
    # Nothing changed: nothing is written again, not even a new REV.
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.vcf")}
    again = run_json("sync", str(folder))
    assert (again["written"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert stamps == {p.name: p.stat().st_mtime_ns for p in folder.glob("*.vcf")}
    # The state keeps hashes, never anyone's name or handle.
    state = read(folder / ".meetup-sync.json")
    assert "Maya" not in state
    assert "mayabuilds" not in state


@pytest.mark.usefixtures("synced")
def test_a_card_added_by_a_phone_becomes_a_contact_and_keeps_its_own_lines(
    folder: Path, run: Run, run_json
) -> None:
    (folder / "4F1E2D3C-AAAA-4BBB-8CCC-123456789ABC.vcf").write_text(PHONE_CARD, newline="")
    done = run_json("sync", str(folder))
    assert done["added"] == 1
    sam = run_json("contact", "show", "Sam Okafor")
    assert sam["city"].startswith("Memphis")
    assert sam["lat"] is not None
    assert sam["company"] == "Fieldnotes"
    assert sam["position"] == "Editor"
    assert sam["tags"] == ["newsletter", "writers"]
    assert sam["note"] == "Met through the newsletter swap"
    platforms = {h["platform"]: h["handle"] for h in sam["handles"]}
    assert platforms["twitter"] == "samokafor"
    assert platforms["email"] == "sam@okafor.example"
    assert "phone" in platforms
    # Changed here, the card is rewritten line by line: its photo, birthday, street and
    # Apple's labels stay; its UID and file name too.
    run("contact", "edit", "Sam", "--city", "Nashville, TN", "--remove-tag", "writers")
    run_json("sync", str(folder))
    text = read(folder / "4F1E2D3C-AAAA-4BBB-8CCC-123456789ABC.vcf")
    unfolded = text.replace("\r\n ", "")
    assert "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJ" in unfolded
    assert "BDAY;value=date:1988-04-02" in text
    assert "item1.X-ABADR:us" in text
    # The city changed: the same ADR line (its group, its labels), the old street gone.
    assert "item1.ADR;type=HOME;type=pref:;;;Nashville;Tennessee;;US\r\n" in text
    assert "CATEGORIES:newsletter\r\n" in text
    assert "TEL;type=CELL;type=VOICE;type=pref:+1 (901) 555-0142" in text  # untouched field
    assert "UID:4F1E2D3C-AAAA-4BBB-8CCC-123456789ABC" in text
    assert run_json("sync", str(folder))["written"] == 0


def test_a_card_edited_elsewhere_changes_the_contact_field_by_field(
    synced: dict[str, Any], folder: Path, run: Run, run_json
) -> None:
    maya = folder / "meetup-tracker-contact-1.vcf"
    replace_line(maya, "CATEGORIES:", "CATEGORIES:devrel,podcast")
    replace_line(maya, "X-MEETUP-EVERY", "X-MEETUP-EVERY:1mo")
    replace_line(maya, "EMAIL", "EMAIL;TYPE=work:maya@buildinpublic.fm")
    text = read(maya).replace("END:VCARD", "NOTE:Runs the podcast\r\nEND:VCARD")
    maya.write_text(text, newline="")
    # Meanwhile, here: Jordan's city changes; Maya's handles are untouched.
    run("contact", "edit", "Jordan", "--city", "Knoxville, TN")
    done = run_json("sync", str(folder))
    assert (done["updated"], done["written"]) == (1, 1), done
    shown = run_json("contact", "show", "Maya")
    assert shown["tags"] == ["devrel", "podcast"]
    assert shown["note"] == "Runs the podcast"
    assert shown["keep_in_touch"]["every_days"] == 30
    emails = [h["handle"] for h in shown["handles"] if h["platform"] == "email"]
    assert emails == ["maya@buildinpublic.fm"]
    jordan = read(folder / "meetup-tracker-contact-2.vcf")
    assert ";Knoxville;Tennessee;" in jordan
    assert run_json("sync", str(folder))["written"] == 0


@pytest.mark.usefixtures("synced")
def test_both_sides_changing_one_field_keeps_ours_and_notes_theirs(
    folder: Path, run: Run, run_json
) -> None:
    replace_line(folder / "meetup-tracker-contact-1.vcf", "ORG", "ORG:Fieldnotes Media")
    run("contact", "edit", "Maya", "--company", "Acme")
    done = run_json("sync", str(folder))
    assert [c["name"] for c in done["conflicts"]] == ["Maya Patel"]
    assert "company" in done["conflicts"][0]["detail"]
    shown = run_json("contact", "show", "Maya")
    assert shown["company"] == "Acme"
    assert "a different company: Fieldnotes Media" in shown["note"]
    card = read(folder / "meetup-tracker-contact-1.vcf")
    assert "ORG:Acme" in card
    assert "Fieldnotes Media" in card.replace("\r\n ", "")
    assert run_json("sync", str(folder))["conflicts"] == []


@pytest.mark.usefixtures("synced")
def test_handles_added_on_both_sides_are_all_kept(folder: Path, run: Run, run_json) -> None:
    maya = folder / "meetup-tracker-contact-1.vcf"
    maya.write_text(
        read(maya).replace("END:VCARD", "IMPP:xmpp:maya@jabber.example\r\nEND:VCARD"),
        newline="",
    )
    run("contact", "edit", "Maya", "--handle", "github:mayap", "--remove-handle", "x:@mayabuilds")
    run_json("sync", str(folder))
    platforms = {h["platform"] for h in run_json("contact", "show", "Maya")["handles"]}
    assert {"xmpp", "github", "mastodon", "bluesky"} <= platforms
    assert "twitter" not in platforms
    card = read(maya)
    assert "mayabuilds" not in card
    assert "github.com/mayap" in card
    assert "IMPP:xmpp:" in card


@pytest.mark.usefixtures("synced")
def test_deletions_travel_only_for_what_the_sync_has_seen(folder: Path, run: Run, run_json) -> None:
    (folder / "meetup-tracker-contact-2.vcf").unlink()
    run("contact", "add", "Priya Shah", "--handle", "x:@priya")
    done = run_json("sync", str(folder))
    assert [c["name"] for c in done["changes"] if c["action"] == "removed contact"] == [
        "Jordan Reyes"
    ]
    assert (folder / "meetup-tracker-contact-3.vcf").exists()  # never seen: written, not removed
    run("contact", "rm", "Priya", "--yes")
    done = run_json("sync", str(folder))
    assert done["removed_cards"] == 1
    assert not (folder / "meetup-tracker-contact-3.vcf").exists()
    # A card changed after its contact was removed here comes back.
    run("contact", "rm", "Maya", "--yes")
    replace_line(folder / "meetup-tracker-contact-1.vcf", "ORG", "ORG:Build in Public Inc.")
    done = run_json("sync", str(folder))
    assert done["added"] == 1
    assert run_json("contact", "show", "Maya")["company"] == "Build in Public Inc."


@pytest.mark.usefixtures("synced")
def test_an_emptied_folder_is_refused_not_taken_as_removing_everyone(
    folder: Path, run: Run, run_json
) -> None:
    for card in folder.glob("*.vcf"):
        card.unlink()
    error = one_line_error(run("sync", str(folder), expect=1))
    assert "has no cards left" in error
    assert "--force-delete" in error
    assert len(run_json("contact", "list")) == 2
    run("sync", str(folder), "--force-delete")
    assert run_json("contact", "list") == []


def test_a_first_sync_with_a_phone_folder_pairs_people_you_already_have(
    folder: Path, run: Run, run_json
) -> None:
    run("contact", "add", "Sam Okafor", "--handle", "email:sam@okafor.example", "--tag", "met")
    folder.mkdir()
    (folder / "sam.vcf").write_text(PHONE_CARD, newline="")
    done = run_json("sync", str(folder))
    assert done["added"] == 0
    assert len(run_json("contact", "list")) == 1
    sam = run_json("contact", "show", "Sam")
    assert sam["tags"] == ["met", "newsletter", "writers"]  # joined
    assert {h["platform"] for h in sam["handles"]} >= {"email", "twitter", "phone"}
    assert sorted(p.name for p in folder.glob("*.vcf")) == ["sam.vcf"]  # no second card
    # Still Memphis: the street and postal code stay, the region and country as resolved.
    assert "item1.ADR;type=HOME;type=pref:;;88 Beale St;Memphis;Tennessee;38103;US" in read(
        folder / "sam.vcf"
    )
    assert "CATEGORIES:met,newsletter,writers" in read(folder / "sam.vcf")


@pytest.mark.usefixtures("synced")
def test_a_dry_run_writes_nothing(folder: Path, run: Run, run_json) -> None:
    (folder / "new.vcf").write_text(PHONE_CARD, newline="")
    run("contact", "edit", "Jordan", "--company", "Acme")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    done = run_json("sync", str(folder), "--dry-run")
    assert done["dry_run"]
    assert done["added"] == 1
    assert done["written"] == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert len(run_json("contact", "list")) == 2


@pytest.mark.usefixtures("synced")
def test_cards_that_cannot_be_taken_are_listed_and_the_rest_synced(
    folder: Path, run: Run, run_json
) -> None:
    (folder / "broken.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no end\r\n")
    (folder / "noname.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x1\r\nEND:VCARD\r\n")
    taken = PHONE_CARD.replace("samokafor", "jreyes").replace("sam@okafor", "sam2@okafor")
    (folder / "taken.vcf").write_text(taken, newline="")
    done = run_json("sync", str(folder))
    skipped = {c["file"]: c["detail"] for c in done["skipped"]}
    assert "no card in it" in skipped["broken.vcf"]
    assert "no name" in skipped["noname.vcf"]
    # @jreyes is Jordan's: the card's contact is added without it, and says so.
    assert any("Jordan Reyes" in d for d in skipped.values())
    assert done["added"] == 1


def test_a_sync_that_cannot_start_is_one_line(run: Run, folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "file.vcf"
    file.write_text("x")
    assert "is a file" in one_line_error(run("sync", str(file), expect=1))
    folder.mkdir()
    (folder / ".meetup-sync.json").write_text("{not json")
    assert "cannot be read" in one_line_error(run("sync", str(folder), expect=1))
    (folder / ".meetup-sync.json").write_text(json.dumps({"cards": []}))
    assert "not one meetup wrote" in one_line_error(run("sync", str(folder), expect=1))


# --- `export ics --vdir`: one way, one file per UID


def test_export_ics_vdir_writes_one_file_per_uid_and_only_what_changed(
    tmp_path: Path, run: Run
) -> None:
    run("contact", "add", "Ana Ortiz", "--city", "Chicago, IL")
    run(
        "trip", "add", "Midwest loop", "--start", "2027-01-11", "--end", "2027-01-15",
        "--stop", "Chicago, IL @ 2027-01-12",
    )  # fmt: skip
    run("met", "Ana", "--on", "2027-01-12", "--at", "Chicago, IL", "--repeat", "monthly", "--yes")
    run("todo", "add", "Ana", "send the guest post", "--due", "2027-01-08")
    calendar = tmp_path / "calendar"
    (tmp_path / "calendar").mkdir()
    (calendar / "someone-elses.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    first = run("export", "ics", "--vdir", str(calendar))
    assert "4 files written, 0 removed, 0 unchanged" in first.stderr
    files = {p.name: read(p) for p in calendar.glob("*.ics")}
    ours = sorted(n for n in files if n != "someone-elses.ics")
    assert all(n.endswith("@meetup-tracker.ics") for n in ours)
    assert len(ours) == 4
    for name in ours:  # each file is one calendar with one component, named by its UID
        text = files[name]
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        assert text.count("BEGIN:V") == 2
        assert f"\r\nUID:{name[: -len('.ics')]}\r\n" in text
    todo = next(files[n] for n in ours if "BEGIN:VTODO" in files[n])
    assert "SUMMARY:send the guest post (Ana Ortiz)\r\n" in todo
    assert "DUE;VALUE=DATE:20270108\r\n" in todo
    assert "STATUS:NEEDS-ACTION\r\n" in todo
    assert any("RRULE:FREQ=MONTHLY" in files[n] for n in ours)

    again = run("export", "ics", "--vdir", str(calendar))
    assert "0 files written, 0 removed, 4 unchanged" in again.stderr
    run("todo", "done", "1")
    run("trip", "rm", "Midwest loop", "--yes")
    last = run("export", "ics", "--vdir", str(calendar))
    assert "1 file written, 2 removed, 1 unchanged" in last.stderr
    todo_file = next(p for p in calendar.glob("*.ics") if "VTODO" in read(p))
    assert "STATUS:COMPLETED\r\n" in read(todo_file)
    assert (calendar / "someone-elses.ics").exists()  # another program's file stays


def test_export_ics_vdir_refuses_what_it_cannot_do(tmp_path: Path, run: Run) -> None:
    assert "use it with ics" in one_line_error(
        run("export", "vcard", "--vdir", str(tmp_path / "c"), expect=1)
    )
    assert "not both" in one_line_error(
        run("export", "ics", "--vdir", str(tmp_path / "c"), "-o", "x.ics", expect=1)
    )
    (tmp_path / "file").write_text("x")
    assert "is a file" in one_line_error(
        run("export", "ics", "--vdir", str(tmp_path / "file"), expect=1)
    )


@pytest.mark.usefixtures("synced")
def test_hostile_cards_are_skipped_one_by_one_and_nothing_outside_is_touched(
    folder: Path, tmp_path: Path, run: Run, run_json
) -> None:
    outside = tmp_path / "outside.vcf"
    outside.write_text(PHONE_CARD.replace("Sam", "Linked"), newline="")
    (folder / "linked.vcf").symlink_to(outside)
    (folder / "dir.vcf").mkdir()
    (folder / "binary.vcf").write_bytes(b"\x00\xff\xfe" * 1000)
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\n{extra}END:VCARD\r\n"
    (folder / "offglobe.vcf").write_text(
        card.format(uid="g1", name="Far Away", extra="GEO:123.0;500.0\r\n"), newline=""
    )
    (folder / "nul.vcf").write_text(card.format(uid="n1", name="Nul\x00Name", extra=""))
    (folder / "twin.vcf").write_text(
        card.format(uid="meetup-tracker-contact-1", name="Maya Twin", extra=""), newline=""
    )
    (folder / "long.vcf").write_text(
        card.format(uid="l1", name="Long Note", extra="NOTE:" + "x" * 200_000 + "\r\n"),
        newline="",
    )
    done = run_json("sync", str(folder))
    skipped = {c["file"]: c["detail"] for c in done["skipped"]}
    assert set(skipped) >= {"dir.vcf", "binary.vcf", "twin.vcf", "long.vcf"}
    assert "same UID" in skipped["twin.vcf"]
    names = {c["name"] for c in run_json("contact", "list")}
    assert "Maya Twin" not in names
    assert "Long Note" not in names
    assert not any("\x00" in n for n in names)
    # Off the globe is no place: the contact comes without coordinates, or not at all.
    far = [c for c in run_json("contact", "list") if c["name"] == "Far Away"]
    assert all(c["lat"] is None for c in far)
    # A link is another file's: not read, never written through.
    assert "a link" in skipped["linked.vcf"]
    assert "Linked Okafor" not in names
    assert outside.read_text() == PHONE_CARD.replace("Sam", "Linked").replace("\r\n", "\n")
    again = run_json("sync", str(folder))
    assert again["added"] == 0
    assert again["written"] == 0


def test_a_card_from_another_meetup_database_does_not_take_a_contacts_uid(
    folder: Path, run: Run, run_json
) -> None:
    folder.mkdir()
    # Synced from a colleague's database, where this was contact #2.
    (folder / "meetup-tracker-contact-2.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:meetup-tracker-contact-2\r\nFN:Priya Shah\r\n"
        "EMAIL:priya@shah.example\r\nEND:VCARD\r\n",
        newline="",
    )
    assert run_json("sync", str(folder))["added"] == 1  # Priya is #1 here
    run("contact", "add", "Omar Haddad", "--handle", "email:omar@haddad.example")  # #2
    run_json("sync", str(folder))
    cards = {p.name: read(p) for p in folder.glob("*.vcf")}
    assert len(cards) == 2
    omar = next(text for text in cards.values() if "Omar Haddad" in text)
    assert "UID:meetup-tracker-contact-2\r\n" not in omar
    done = run_json("sync", str(folder))
    assert done["skipped"] == []
    assert done["unchanged"] == 2


@pytest.mark.usefixtures("synced")
def test_a_conflict_that_would_overfill_the_note_is_skipped_and_kept_for_later(
    folder: Path, run: Run, run_json
) -> None:
    run("contact", "edit", "Maya", "--note", "n" * 99_990)
    run("sync", str(folder))
    replace_line(folder / "meetup-tracker-contact-1.vcf", "ORG", "ORG:Fieldnotes Media")
    run("contact", "edit", "Maya", "--company", "Acme")
    done = run_json("sync", str(folder))
    assert done["conflicts"] == []
    assert [c["name"] for c in done["skipped"]] == ["Maya Patel"]
    assert "note is" in done["skipped"][0]["detail"]
    assert run_json("contact", "show", "Maya")["company"] == "Acme"
    assert "ORG:Fieldnotes Media" in read(folder / "meetup-tracker-contact-1.vcf")
    # Once the note has room, the next sync settles it as a conflict.
    run("contact", "edit", "Maya", "--note", "short")
    done = run_json("sync", str(folder))
    assert [c["name"] for c in done["conflicts"]] == ["Maya Patel"]


def test_a_folder_from_another_database_is_not_paired_by_its_numbers(
    folder: Path, run: Run, run_json
) -> None:
    run("contact", "add", "Ana Ortiz", "--handle", "x:@ana_o")  # #1 here
    folder.mkdir()
    (folder / "meetup-tracker-contact-1.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:meetup-tracker-contact-1\r\nFN:Ben Li\r\n"
        "ORG:Li Consulting\r\nEND:VCARD\r\n",
        newline="",
    )  # #1 in a colleague's database, synced from there
    done = run_json("sync", str(folder))
    assert done["added"] == 1
    assert done["updated"] == 0
    assert run_json("contact", "show", "Ana")["company"] is None
    assert run_json("contact", "show", "Ben")["company"] == "Li Consulting"
    assert len(list(folder.glob("*.vcf"))) == 2
    assert run_json("sync", str(folder))["unchanged"] == 2


def test_the_real_and_hostile_card_files_sync_without_harm_and_settle(
    folder: Path, run_json
) -> None:
    """Every card file of the importer's fixtures (phones, Apple, Google, Outlook, khard,
    Nextcloud, in their encodings; and the hostile ones) dropped into the folder: each is
    taken or listed as skipped, and a second sync finds nothing to do."""
    import shutil

    from tests.conftest import FIXTURES

    folder.mkdir()
    sources = sorted([*(FIXTURES / "vcard").glob("*.vcf"), *(FIXTURES / "hostile").glob("*.vcf")])
    for source in sources:
        shutil.copy(source, folder / source.name)
    done = run_json("sync", str(folder))
    added = {c["file"] for c in done["changes"] if c["action"] == "added contact"}
    skipped = {c["file"] for c in done["skipped"] if c["file"]}  # not a handle left out
    assert added | skipped == {s.name for s in sources}
    assert len(added) >= 29
    assert {"utf16-le-bom.vcf", "japanese-phone-2.1-shift-jis.vcf", "khard-4.0.vcf"} <= added
    assert "vcard-no-name-at-all.vcf" in skipped
    again = run_json("sync", str(folder))
    assert again["added"] == 0
    assert again["updated"] == 0
    assert again["written"] == 0
