"""The questions people ask without jq: filtered lists, search, lists of handles for the
networks, and likely duplicates (issue 12, item 4)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error


@pytest.fixture
def network(run: Run) -> None:
    people = [
        (
            "Ana Ortiz",
            "Nashville, TN",
            ["twitter:@ana_o", "mastodon:@ana@hachyderm.io"],
            "devrel",
            "2019-04-01",
        ),
        ("Ben Li", "Memphis, TN", ["x:@benli"], "founder", "2023-02-01"),
        ("Cara Diaz", "Knoxville, TN", ["mastodon:@cara@fosstodon.org"], "devrel", "2021-06-01"),
        ("Dev Patel", "Berlin, Germany", ["bluesky:@dev.bsky.social"], "speaker", None),
        ("Zoë Núñez", "Franklin, TN", ["https://mastodon.social/@zoe"], "devrel", "2018-01-01"),
    ]
    for name, city, handles, tag, since in people:
        args = ["contact", "add", name, "--city", city, "--tag", tag]
        for handle in handles:
            args += ["--handle", handle]
        if since:
            args += ["--since", since]
        run(*args)
    run("met", "Ana", "--on", "2024-06-01", "--at", "Nashville", "--event", "DevOps Days")
    run("met", "Zoë", "--on", "2025-03-01", "--at", "Franklin, TN")
    run("log", "Ben", "--kind", "call", "--on", "2025-04-01", "--note", "talked about the café")
    run("met", "Cara", "--on", "2025-05-01", "--at", "Berlin", "--event", "JSConf EU")


def names(rows: list[dict[str, object]]) -> list[str]:
    return [str(r["name"]) for r in rows]


@pytest.mark.usefixtures("network")
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--met"], ["Ana Ortiz", "Cara Diaz", "Zoë Núñez"]),
        (["--not-met"], ["Ben Li", "Dev Patel"]),
        (["--platform", "mastodon"], ["Ana Ortiz", "Cara Diaz", "Zoë Núñez"]),
        (["--platform", "x"], ["Ana Ortiz", "Ben Li"]),
        (["--tag", "devrel"], ["Ana Ortiz", "Cara Diaz", "Zoë Núñez"]),
        (["--near", "Nashville"], ["Ana Ortiz", "Zoë Núñez"]),
        (
            ["--near", "Nashville", "--within", "400km"],
            ["Ana Ortiz", "Ben Li", "Cara Diaz", "Zoë Núñez"],
        ),
        (["--since-before", "2020-01-01"], ["Ana Ortiz", "Zoë Núñez"]),
        (["--met", "--platform", "mastodon", "--near", "Nashville"], ["Ana Ortiz", "Zoë Núñez"]),
        (["--not-met", "--tag", "devrel"], []),
    ],
)
def test_contact_list_filters_combine(run_json, options: list[str], expected: list[str]) -> None:
    assert names(run_json("contact", "list", *options)) == expected


@pytest.mark.usefixtures("network")
def test_contact_list_filters_refuse_nonsense(run: Run) -> None:
    assert "exclude each other" in one_line_error(
        run("contact", "list", "--met", "--not-met", expect=1)
    )
    assert "--within needs --near" in one_line_error(
        run("contact", "list", "--within", "5", expect=1)
    )
    assert "no place 'Atlantiz'" in one_line_error(
        run("contact", "list", "--near", "Atlantiz", expect=1)
    )
    assert "nobody matches" in run("contact", "list", "--not-met", "--tag", "devrel").stderr


@pytest.mark.usefixtures("network")
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--with", "Ana"], ["2024-06-01"]),
        (["--contact", "Zoë"], ["2025-03-01"]),
        (["--event", "devops"], ["2024-06-01"]),
        (["--event", "jsconf eu"], ["2025-05-01"]),
        (["--at", "Nashville"], ["2024-06-01"]),
        (["--at", "Nashville", "--within", "40km"], ["2025-03-01", "2024-06-01"]),
        (["--at", "Berlin, Germany"], ["2025-05-01"]),
        (["--kind", "call"], ["2025-04-01"]),
        (["--from", "2025-01-01", "--to", "2025-04-15"], ["2025-04-01", "2025-03-01"]),
        (["--since", "2025-04-02"], ["2025-05-01"]),
        (["--to", "2024-12-31"], ["2024-06-01"]),
    ],
)
def test_meetings_filters(run_json, options: list[str], expected: list[str]) -> None:
    assert [m["date"] for m in run_json("meetings", *options)] == expected


@pytest.mark.usefixtures("network")
def test_meetings_filters_refuse_nonsense(run: Run) -> None:
    assert "is after --to" in one_line_error(
        run("meetings", "--from", "2025-02-01", "--to", "2025-01-01", expect=1)
    )
    assert "--within needs --at" in one_line_error(run("meetings", "--within", "5", expect=1))
    assert [
        r.split("\t")[1] for r in run("meetings", "list", "--kind", "call").stdout.splitlines()[1:]
    ] == ["2025-04-01"]


@pytest.mark.usefixtures("network")
def test_search_ranks_and_says_where_it_found(run_json) -> None:
    hits = run_json("search", "ana")
    assert (hits[0]["type"], hits[0]["name"], hits[0]["field"]) == ("contact", "Ana Ortiz", "name")
    assert {"type", "id", "name", "field", "text", "score"} <= set(hits[0])
    assert [(h["name"], h["field"]) for h in run_json("search", "@benli")] == [("Ben Li", "handle")]
    cafe = run_json("search", "cafe")  # accents do not matter: the call's note says café
    assert [(h["type"], h["field"], h["text"]) for h in cafe] == [
        ("meeting", "note", "talked about the café")
    ]
    zoe = run_json("search", "zoe nunez")
    assert zoe[0]["name"] == "Zoë Núñez"
    events = run_json("search", "jsconf")
    assert [(h["type"], h["field"]) for h in events] == [("meeting", "event")]
    assert run_json("search", "knoxville")[0] == {
        "type": "contact",
        "id": 3,
        "name": "Cara Diaz",
        "field": "city",
        "text": "Knoxville, Tennessee, US",
        "score": 45,
    }
    assert [h["name"] for h in run_json("search", "devrel")][:3] == [
        "Ana Ortiz",
        "Cara Diaz",
        "Zoë Núñez",
    ]


@pytest.mark.usefixtures("network")
def test_search_of_nothing_is_an_error_and_no_match_a_message(run: Run) -> None:
    assert "search for something" in one_line_error(run("search", "  ", expect=1))
    result = run("search", "qwertyuiop")
    assert result.stdout == ""
    assert "nothing matches 'qwertyuiop'" in result.stderr


@pytest.mark.usefixtures("network")
def test_export_handles_to_paste_into_a_list(run: Run) -> None:
    assert run("export", "handles", "--platform", "x", "--met").stdout == "@ana_o\n"
    assert run("export", "handles", "--platform", "mastodon", "--met").stdout == (
        "@ana@hachyderm.io\n@cara@fosstodon.org\n@zoe@mastodon.social\n"
    )
    everyone = run("export", "handles").stdout.splitlines()
    assert "twitter:@benli" in everyone
    assert "bluesky:@dev.bsky.social" in everyone


@pytest.mark.usefixtures("network")
def test_export_mastodon_list_is_what_mastodon_imports(run: Run, tmp_path: Path, run_json) -> None:
    text = run("export", "mastodon-list", "--met", "--list", "Met in person").stdout
    assert text == (
        "Met in person,ana@hachyderm.io\nMet in person,cara@fosstodon.org\n"
        "Met in person,zoe@mastodon.social\n"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(r) == 2 for r in rows)  # no header: title, then the account
    # Mastodon's own lists export has this shape; our importer reads it back as tags.
    listed = tmp_path / "lists.csv"
    run("export", "mastodon-list", "--met", "--list", "Met, in person", "-o", str(listed))
    assert listed.read_text().startswith('"Met, in person",ana@hachyderm.io\n')
    run("import", "mastodon", str(listed))
    tagged = run_json("contact", "list", "--tag", "Met, in person")
    assert names(tagged) == ["Ana Ortiz", "Cara Diaz", "Zoë Núñez"]


@pytest.mark.usefixtures("network")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "json", "--met"], "json exports everything"),
        (["export", "ics", "--tag", "devrel"], "ics exports everything"),
        (["export", "csv", "--list", "x"], "--list names a Mastodon list"),
        (["export", "mastodon-list", "--list", " "], "--list needs a title"),
    ],
)
def test_export_options_that_do_not_apply_are_refused(
    run: Run, args: list[str], message: str
) -> None:
    assert message in one_line_error(run(*args, expect=1))


@pytest.mark.usefixtures("network")
def test_export_csv_and_vcard_take_the_filters(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "csv", "--not-met").stdout)))
    assert [r["name"] for r in rows] == ["Ben Li", "Dev Patel"]
    cards = run("export", "vcard", "--near", "Berlin").stdout
    assert cards.count("BEGIN:VCARD") == 1
    assert "FN:Dev Patel" in cards


def test_dupes_finds_one_person_written_twice(run: Run, run_json) -> None:
    run("contact", "add", "Ana Ortiz", "--handle", "email:ana.ortiz@gmail.com")
    run("contact", "add", "Ortiz, Ana", "--handle", "email:AnaOrtiz+news@googlemail.com")
    run("contact", "add", "Ben Li", "--handle", "website:https://benli.dev/")
    run("contact", "add", "Benjamin Li", "--handle", "bluesky:@benli.dev")
    run("contact", "add", "Cara Diaz, PhD", "--handle", "github:caradiaz")
    run("contact", "add", "Cara Díaz", "--handle", "twitter:@caradiaz")
    run("contact", "add", "Sam Stone", "--handle", "twitter:@samstone1")
    run("contact", "add", "Pat Rivers", "--handle", "github:samstone1")  # a shared user name only
    pairs = run_json("contact", "dupes")
    found = {(p["keep"]["name"], p["other"]["name"]): p for p in pairs}
    assert set(found) == {
        ("Ana Ortiz", "Ortiz, Ana"),
        ("Ben Li", "Benjamin Li"),
        ("Cara Diaz, PhD", "Cara Díaz"),
    }
    ana = found[("Ana Ortiz", "Ortiz, Ana")]
    assert ana["reasons"] == ["same name", "same mailbox: anaortiz@gmail.com"]
    assert ana["command"] == "meetup contact merge #1 #2"
    assert found[("Ben Li", "Benjamin Li")]["reasons"] == ["same web address: benli.dev"]
    assert set(found[("Cara Diaz, PhD", "Cara Díaz")]["reasons"]) == {
        "same name",
        "same user name: caradiaz",
    }
    assert pairs[0]["keep"]["name"] == "Ana Ortiz"  # the surest first
    run(*ana["command"].split()[1:])
    assert ("Ana Ortiz", "Ortiz, Ana") not in {
        (p["keep"]["name"], p["other"]["name"]) for p in run_json("contact", "dupes")
    }
    table = run("contact", "dupes").stdout.splitlines()
    assert table[0] == "keep\tduplicate\twhy\tto_merge"


LINKEDIN = (
    'Notes:\r\n"When exporting your connection data, you may notice that some of the email'
    ' addresses are missing."\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Ben,"Li, PhD",https://www.linkedin.com/in/ben-li-phd,,Acme,CTO,12 Mar 2021\r\n'
    "Maya,Chen,https://www.linkedin.com/in/maya-chen,,Initech,CEO,02 Feb 2022\r\n"
    "Zed,Novak,https://www.linkedin.com/in/zed-novak,,Globex,Founder,03 Mar 2023\r\n"
)


def test_a_linkedin_import_after_typing_by_hand_points_at_the_duplicates(
    run: Run, run_json, tmp_path: Path
) -> None:
    run("contact", "add", "Ben Li", "--city", "Memphis")
    run("contact", "add", "Maya Chen")
    connections = tmp_path / "Connections.csv"
    connections.write_bytes(LINKEDIN.encode("utf-8"))
    result = run("import", str(connections))
    # Maya matched by her exact name; "Ben Li, PhD" is new, and looks like Ben Li.
    assert "imported linkedin: 2 added, 1 updated" in result.stderr
    assert "1 new contact looks like one you had: meetup contact dupes" in result.stderr
    pairs = run_json("contact", "dupes")
    assert [(p["keep"]["name"], p["other"]["name"], p["reasons"]) for p in pairs] == [
        ("Ben Li", "Ben Li, PhD", ["same name"])  # a degree is not part of a name
    ]
    again = run_json("import", str(connections))
    assert again["likely_duplicates"] == 0  # nothing new this time


def test_no_dupes_is_a_message(run: Run) -> None:
    run("contact", "add", "Ana Ortiz")
    result = run("contact", "dupes")
    assert result.stdout == ""
    assert "no likely duplicates" in result.stderr
