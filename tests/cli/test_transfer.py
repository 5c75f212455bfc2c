"""`meetup import` and `meetup export`: real files in, everything back out."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from meetup_tracker import output
from tests.conftest import FIXTURES, Run, one_line_error

ALL_FORMATS = [
    ("linkedin", "linkedin/Connections.csv"),
    ("mastodon", "mastodon/following_accounts.csv"),
    ("vcard", "vcard/apple-contacts.vcf"),
    ("vcard", "vcard/khard-4.0.vcf"),
    ("google", "google/contacts.csv"),
    ("csv", "csv/meetup.csv"),
    ("ics", "ics/tripit.ics"),
]


def counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contact", "handle", "tag", "interaction", "attendee", "trip", "stop")
        )


def test_linkedin_connections_become_contacts(run: Run, run_json) -> None:
    result = run("import", str(FIXTURES / "linkedin/Connections.csv"))
    assert result.stderr.strip() == "imported linkedin: 5 added, 0 updated, 0 unchanged, 0 skipped"
    jose = run_json("contact", "show", "José")
    assert jose["handles"][0] == {
        "platform": "linkedin",
        "handle": "josé-núñez-4b1a2c",
        "url": "https://www.linkedin.com/in/josé-núñez-4b1a2c/",
    }
    assert jose["handles"][1]["handle"] == "jose.nunez@example.com"
    assert (jose["company"], jose["position"], jose["since"]) == (
        "Núñez & Hijos, S.A.",
        "Developer Advocate",
        "2023-03-14",
    )


@pytest.mark.parametrize(("fmt", "name"), ALL_FORMATS, ids=[n for _, n in ALL_FORMATS])
def test_importing_the_same_file_twice_adds_nothing(
    run: Run, run_json, db_path: Path, fmt: str, name: str
) -> None:
    first = run_json("import", fmt, str(FIXTURES / name))
    assert first["added"] > 0
    before = counts(db_path)
    again = run_json("import", str(FIXTURES / name))  # detected this time
    assert (again["added"], again["updated"]) == (0, 0)
    assert again["unchanged"] == first["added"] + first["updated"] + first["unchanged"]
    assert counts(db_path) == before


def test_a_match_by_email_gains_new_handles_tags_and_blank_fields(run: Run, run_json) -> None:
    run("import", str(FIXTURES / "linkedin/Connections.csv"))
    summary = run_json("import", str(FIXTURES / "vcard/apple-contacts.vcf"))
    assert (summary["added"], summary["updated"]) == (1, 1)  # Lucia is new; José is matched
    jose = run_json("contact", "show", "José")
    platforms = [h["platform"] for h in jose["handles"]]
    assert platforms.count("linkedin") == 1  # the same profile, typed two ways, is one handle
    assert {"twitter", "phone", "skype", "website"} <= set(platforms)
    assert jose["tags"] == ["conference", "devrel"]
    assert jose["city"] == "Nashville, Tennessee, US"
    assert jose["company"] == "Núñez & Hijos, S.A."  # not overwritten by the card's ORG


def test_address_book_places_resolve_or_stay_as_text(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "google/contacts.csv"))
    assert summary["unresolved_cities"] == 0
    people = {c["name"]: c for c in run_json("contact", "list")}
    assert people["José Núñez"]["city"] == "Munich, Germany"  # München, Bayern, Germany
    assert people["Sam Okafor"]["city"] == "Jackson, Tennessee, US"
    assert people["Maya Patel"]["tags"] == ["DevRel", "Podcast"]
    run("import", str(FIXTURES / "vcard/khard-4.0.vcf"))
    hollow = run_json("contact", "show", "Hollow")
    assert (hollow["lat"], hollow["lon"]) == (36.1, -85.2)


def test_a_calendar_becomes_trips(run: Run, run_json) -> None:
    run("config", "set", "home", "Knoxville, TN")
    summary = run_json("import", str(FIXTURES / "ics/tripit.ics"))
    assert summary["trips"]["added"] == 2
    trip = run_json("trip", "show", "Tennessee")
    assert trip["from"]["place"] == "Knoxville, Tennessee, US"
    assert [s["place"] for s in trip["stops"]] == [
        "Nashville, Tennessee, US",
        "Memphis, Tennessee, US",
    ]
    assert (trip["stops"][0]["arrive"], trip["stops"][0]["depart"]) == ("2026-12-08", "2026-12-10")


def test_a_calendar_place_no_gazetteer_knows_is_kept_as_text(run: Run, run_json) -> None:
    summary = run_json("import", str(FIXTURES / "ics/unplaceable.ics"))
    assert (summary["trips"]["added"], summary["unresolved_cities"]) == (1, 1)
    (stop,) = run_json("trip", "show", "Somewhere odd")["stops"]
    assert (stop["place"], stop["lat"]) == ("Qwertyville Zzyzx", None)
    assert "not placed yet" not in run("trip", "show", "Somewhere odd").stderr


def test_the_first_bad_row_stops_the_import_and_nothing_is_written(run: Run, db_path: Path) -> None:
    run("contact", "add", "Someone")
    before = counts(db_path)
    error = one_line_error(
        run("import", str(FIXTURES / "linkedin/Connections-bad-row.csv"), expect=1)
    )
    assert error.startswith(
        "Error: line 6: URL 'https://www.linkedin.com/company/acme' is not a LinkedIn profile"
    )
    assert "--skip-bad" in error
    assert counts(db_path) == before


def test_skip_bad_imports_the_good_rows_and_lists_the_bad(run: Run, run_json) -> None:
    result = run("import", "--skip-bad", str(FIXTURES / "linkedin/Connections-bad-row.csv"))
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "imported linkedin: 2 added, 0 updated, 0 unchanged, 3 skipped"
    assert lines[1].startswith("  line 6: URL")
    assert lines[2] == "  line 8: no first or last name"
    assert lines[3].startswith("  line 9: 'someday' is not a date")
    assert [c["name"] for c in run_json("contact", "list")] == ["Ana Ortiz", "Ben Carter"]
    summary = run_json("import", "--skip-bad", str(FIXTURES / "linkedin/Connections-bad-row.csv"))
    assert summary["skipped"] == 3
    assert [e["line"] for e in summary["errors"]] == [6, 8, 9]


def test_dry_run_shows_the_summary_and_writes_nothing(run: Run, run_json, db_path: Path) -> None:
    run("contact", "add", "Someone")
    before = counts(db_path)
    result = run("import", "--dry-run", str(FIXTURES / "linkedin/Connections.csv"))
    assert "would import linkedin: 5 added" in result.stderr
    assert "dry run: nothing written" in result.stderr
    assert counts(db_path) == before
    assert (
        run_json("import", "--dry-run", str(FIXTURES / "mastodon/following_accounts.csv"))[
            "dry_run"
        ]
        is True
    )


def test_standard_input(run: Run, run_json) -> None:
    text = (FIXTURES / "mastodon/following_accounts.csv").read_text()
    result = run("import", "mastodon", "-", input=text)
    assert "4 added" in result.stderr
    assert len(run_json("contact", "list")) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["broken/empty.csv"], "is empty"),
        (["broken/garbage.bin"], "is not a text file"),
        (["broken/truncated.json"], "is it cut short?"),
        (["broken/unknown.csv"], "cannot tell the format"),
        (["broken/truncated-linkedin.csv"], "is the file cut short?"),
        (["vcard/truncated.vcf"], "line 6: the card has no END:VCARD"),
        (["linkedin", "mastodon/following_accounts.csv"], "not LinkedIn's Connections.csv"),
        (["no/such/file.csv"], "no file"),
        (["vcard"], "which file?"),
        (["parquet", "linkedin/Connections.csv"], "'parquet' is not a format"),
    ],
)
def test_broken_files_are_one_line_errors_and_change_nothing(
    run: Run, db_path: Path, args: list[str], message: str
) -> None:
    run("contact", "add", "Someone")
    before = counts(db_path)
    paths = [a if a in ("vcard", "linkedin", "parquet") else str(FIXTURES / a) for a in args]
    assert message in one_line_error(run("import", *paths, expect=1))
    assert counts(db_path) == before


def test_a_long_import_in_a_pipe_prints_only_the_summary(run: Run, tmp_path: Path) -> None:
    rows = "\n".join(f"user{i}@example.social,true,false," for i in range(800))
    big = tmp_path / "following_accounts.csv"
    big.write_text("Account address,Show boosts,Notify on new posts,Languages\n" + rows + "\n")
    result = run("import", str(big))
    assert result.stderr.splitlines() == [
        "imported mastodon: 800 added, 0 updated, 0 unchanged, 0 skipped"
    ]


def test_a_long_import_on_a_terminal_shows_progress(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "stderr_is_terminal", lambda: True)
    rows = "\n".join(f"user{i}@example.social,true,false," for i in range(800))
    big = tmp_path / "following_accounts.csv"
    big.write_text("Account address,Show boosts,Notify on new posts,Languages\n" + rows + "\n")
    result = run("import", str(big))
    assert "importing" in result.stderr
    assert result.stderr.rstrip().endswith("800 added, 0 updated, 0 unchanged, 0 skipped")


@pytest.fixture
def network(run: Run) -> None:
    run("import", str(FIXTURES / "linkedin/Connections.csv"))
    run("import", str(FIXTURES / "vcard/apple-contacts.vcf"))
    run("import", str(FIXTURES / "google/contacts.csv"))
    run("config", "set", "home", "Knoxville, TN")
    run("import", str(FIXTURES / "ics/tripit.ics"))
    run("met", "Ana", "José", "--on", "2026-10-01", "--at", "Nashville", "--event", "Meetup")
    run("log", "Priya", "--kind", "call", "--on", "2026-09-01", "--note", "webinar")
    run("met", "Lucia", "--on", "in 30 days", "--at", "Cookeville, TN", "--note", "coffee")


@pytest.mark.usefixtures("network")
def test_json_backup_round_trips_byte_for_byte(run: Run, tmp_path: Path) -> None:
    first = run("export", "json").stdout
    backup = json.loads(first)
    assert backup["format"] == "meetup-tracker-backup"
    assert {"contacts", "interactions", "trips", "config"} <= set(backup)
    assert backup["interactions"][0]["attendees"] == [1, 2]
    restored = tmp_path / "restored.db"
    source = tmp_path / "backup.json"
    source.write_text(first)
    run("--db", str(restored), "import", str(source))
    assert run("--db", str(restored), "export", "json").stdout == first
    again = json.loads(run("--db", str(restored), "import", str(source), "--json").stdout)
    assert (again["added"], again["updated"]) == (0, 0)


@pytest.mark.usefixtures("network")
def test_csv_export_neutralises_formulas_and_round_trips(
    run: Run, run_json, tmp_path: Path
) -> None:
    run("contact", "add", "=cmd|' /C calc'!A0", "--note", "+1 evil", "--tag", "@sum")
    text = run("export", "csv").stdout
    lines = text.splitlines()
    assert lines[0].startswith("id,name,city,lat,lon,handles,tags,since,note,company,position")
    evil = next(line for line in lines if "cmd|" in line)
    assert ",'=cmd|' /C calc'!A0," in evil
    assert "'+1 evil" in evil
    assert "'@sum" in evil
    assert ",-86.78444," in text  # numbers stay numbers
    source = tmp_path / "contacts.csv"
    source.write_text(text)
    restored = tmp_path / "restored.db"
    run("--db", str(restored), "import", str(source))
    fields = ("name", "city", "lat", "lon", "tags", "since", "note", "company", "position")

    def contacts(*db: str) -> list[tuple[object, ...]]:
        rows = run_json(*db, "contact", "list")
        return sorted(
            (*tuple(r[f] for f in fields), sorted(h["handle"] for h in r["handles"])) for r in rows
        )

    assert contacts("--db", str(restored)) == contacts()


@pytest.mark.usefixtures("network")
def test_vcard_export_round_trips(run: Run, run_json, tmp_path: Path) -> None:
    raw = run("export", "vcard").stdout_bytes
    assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    text = raw.decode()
    assert "X-SOCIALPROFILE;TYPE=twitter;X-USER=josenunez:https://x.com/josenunez" in text
    assert "CATEGORIES:conference,devrel" in text
    assert "GEO:36.16589;-86.78444" in text
    source = tmp_path / "contacts.vcf"
    source.write_bytes(raw)
    restored = tmp_path / "restored.db"
    run("--db", str(restored), "import", str(source))

    def contacts(*db: str) -> list[tuple[object, ...]]:
        return sorted(
            (
                r["name"],
                r["city"],
                r["lat"],
                r["lon"],
                r["tags"],
                sorted((h["platform"], h["url"] or h["handle"]) for h in r["handles"]),
            )
            for r in run_json(*db, "contact", "list")
        )

    assert contacts("--db", str(restored)) == contacts()


@pytest.mark.usefixtures("network")
def test_ics_export_has_trips_stops_and_planned_meetings(
    run: Run, run_json, tmp_path: Path
) -> None:
    import icalendar

    text = run("export", "ics").stdout
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "Tennessee road trip" in summaries
    assert "Tennessee road trip: Nashville" in summaries
    assert "Meet Lucia Gomez" in summaries
    stop = next(e for e in events if str(e["SUMMARY"]) == "Tennessee road trip: Memphis")
    assert str(stop["LOCATION"]) == "Memphis, Tennessee, US"
    assert round(stop.decoded("GEO")[0], 2) == 35.15
    source = tmp_path / "trips.ics"
    source.write_text(text)
    restored = tmp_path / "restored.db"
    run("--db", str(restored), "import", str(source))
    trips = {t["name"]: t for t in run_json("--db", str(restored), "trip", "list")}
    original = {t["name"]: t for t in run_json("trip", "list")}
    assert set(trips) == set(original)
    for name, trip in trips.items():
        assert [s["place"] for s in trip["stops"]] == [s["place"] for s in original[name]["stops"]]
        assert (trip["start"], trip["end"]) == (original[name]["start"], original[name]["end"])


@pytest.mark.usefixtures("network")
def test_geojson_has_points_and_lines(run: Run) -> None:
    data = json.loads(run("export", "geojson").stdout)
    assert data["type"] == "FeatureCollection"
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    jose = next(p for p in points if p["properties"]["name"] == "José Núñez")
    assert jose["geometry"]["coordinates"] == [-86.78444, 36.16589]
    assert jose["properties"]["met_in_person"] is True
    assert {"name", "city", "met_in_person"} <= set(jose["properties"])
    assert all(p["properties"]["name"] != "Ana Ortiz" for p in points)  # no place, no point
    road = next(line for line in lines if line["properties"]["name"] == "Tennessee road trip")
    assert road["geometry"]["coordinates"][0] == [-83.92074, 35.96064]  # from home


@pytest.mark.usefixtures("network")
def test_export_to_a_file_is_private(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    result = run("export", "json", "-o", str(target))
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["format"] == "meetup-tracker-backup"
    assert "'pdf' is not a format" in one_line_error(run("export", "pdf", expect=1))


@pytest.mark.usefixtures("network")
def test_export_to_a_place_it_cannot_write_names_that_place(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "backup.json"
    error = one_line_error(run("export", "json", "-o", str(missing), expect=1))
    assert error == f"Error: cannot write {missing}: no folder {missing.parent}"
    error = one_line_error(run("export", "csv", "-o", str(tmp_path), expect=1))
    assert error == f"Error: {tmp_path} is a folder; give a file name"
