"""Logging contacts with their handles and tags, and finding them again."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error


def test_add_a_contact_and_see_it_listed(run: Run, run_json) -> None:
    result = run(
        "contact",
        "add",
        "Ana Ortiz",
        "--city",
        "Nashville, TN",
        "--handle",
        "twitter:@AnaOrtiz",
        "--handle",
        "https://www.linkedin.com/in/ana-ortiz-12/",
        "--tag",
        "devrel",
        "--tag",
        "#podcast",
        "--note",
        "Met on a thread about meetups",
        "--since",
        "12 May 2021",
    )
    assert result.stderr.strip() == "added Ana Ortiz (#1)"
    assert result.stdout == ""
    (ana,) = run_json("contact", "list")
    assert ana["id"] == 1
    assert ana["name"] == "Ana Ortiz"
    assert ana["city"] == "Nashville, Tennessee, US"
    assert (round(ana["lat"], 2), round(ana["lon"], 2)) == (36.17, -86.78)
    assert ana["handles"][0] == {
        "platform": "twitter",
        "handle": "AnaOrtiz",
        "url": "https://x.com/AnaOrtiz",
    }
    assert ana["handles"][1]["platform"] == "linkedin"
    assert ana["handles"][1]["handle"] == "ana-ortiz-12"
    assert ana["tags"] == ["devrel", "podcast"]
    assert ana["met_in_person"] is False
    assert ana["last_met"] is None
    assert ana["since"] == "2021-05-12"
    assert ana["note"] == "Met on a thread about meetups"


def test_since_is_unknown_unless_given(run_json) -> None:
    # Today is no good guess for someone you have known for ten years.
    assert run_json("contact", "add", "Ben Li")["since"] is None
    assert run_json("contact", "add", "Ana", "--since", "today")["since"] == (
        date.today().isoformat()
    )


def test_list_filters_by_tag_and_sorts_by_name(run: Run, run_json) -> None:
    run("contact", "add", "Zoe Adams", "--tag", "Conference")
    run("contact", "add", "Ana Ortiz", "--tag", "conference")
    run("contact", "add", "Ben Li")
    assert [c["name"] for c in run_json("contact", "list")] == ["Ana Ortiz", "Ben Li", "Zoe Adams"]
    assert [c["name"] for c in run_json("contact", "list", "--tag", "CONFERENCE")] == [
        "Ana Ortiz",
        "Zoe Adams",
    ]


def test_a_handle_belongs_to_one_contact(run: Run, db_path: Path) -> None:
    run("contact", "add", "Ana Ortiz", "--handle", "twitter:@AnaOrtiz")
    result = run("contact", "add", "Ana O.", "--handle", "https://x.com/anaortiz/", expect=1)
    error = one_line_error(result)
    assert "twitter:@anaortiz already belongs to Ana Ortiz (#1)" in error
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (1,)


def test_references_by_name_prefix_handle_url_and_id(run: Run, run_json) -> None:
    run(
        "contact",
        "add",
        "Ana Ortiz",
        "--handle",
        "twitter:@AnaOrtiz",
        "--handle",
        "mastodon:@ana@hachyderm.io",
    )
    run("contact", "add", "Ben Li", "--handle", "email:Ben@Example.org")
    for ref in [
        "Ana Ortiz",
        "ana ortiz",
        "An",
        "@anaortiz",
        "twitter:anaortiz",
        "https://x.com/AnaOrtiz",
        "@ana@hachyderm.io",
        "https://hachyderm.io/@ana",
        "#1",
        "anaortiz",
    ]:
        assert run_json("contact", "show", ref)["name"] == "Ana Ortiz", ref
    assert run_json("contact", "show", "ben@example.org")["name"] == "Ben Li"


def test_accents_and_case_do_not_matter_in_names(run: Run, run_json) -> None:
    run("contact", "add", "José Núñez")
    assert run_json("contact", "show", "jose nunez")["name"] == "José Núñez"
    assert run_json("contact", "show", "JOSÉ")["name"] == "José Núñez"


def test_unknown_reference_suggests_the_closest_name(run: Run) -> None:
    run("contact", "add", "Ana Ortiz")
    error = one_line_error(run("contact", "show", "Ana Ortis", expect=1))
    assert error == "Error: no contact 'Ana Ortis'; did you mean Ana Ortiz?"
    assert "did you mean Ana Ortiz" in one_line_error(run("contact", "show", "Ortiz", expect=1))
    assert one_line_error(run("contact", "show", "#99", expect=1)) == "Error: no contact #99"
    assert "no contact has the handle" in one_line_error(
        run("contact", "show", "@nobody", expect=1)
    )


def test_ambiguous_reference_names_the_candidates(run: Run) -> None:
    run("contact", "add", "Ana Ortiz", "--city", "Memphis")
    run("contact", "add", "Ana Ortiz", "--city", "Austin")
    run("contact", "add", "Andrew Chen")
    error = one_line_error(run("contact", "show", "ana ortiz", expect=1))
    assert "Ana Ortiz (#1, Memphis, Tennessee, US)" in error
    assert "Ana Ortiz (#2, Austin, Texas, US)" in error
    assert "#ID" in error
    error = one_line_error(run("contact", "show", "An", expect=1))
    assert "Andrew Chen (#3)" in error


def test_adding_a_namesake_warns_but_works(run: Run) -> None:
    run("contact", "add", "Ana Ortiz")
    result = run("contact", "add", "ana ortiz")
    assert "already had a contact named" in result.stderr


def test_edit_changes_every_field(run: Run, run_json) -> None:
    run(
        "contact",
        "add",
        "Ana Ortiz",
        "--city",
        "Memphis",
        "--handle",
        "twitter:anaortiz",
        "--tag",
        "old",
    )
    run(
        "contact",
        "edit",
        "Ana",
        "--name",
        "Ana María Ortiz",
        "--city",
        "Nashville, TN",
        "--note",
        "Moved in spring",
        "--since",
        "2020-01-02",
        "--handle",
        "bluesky:ana.bsky.social",
        "--remove-handle",
        "twitter:AnaOrtiz",
        "--tag",
        "new",
        "--remove-tag",
        "OLD",
    )
    ana = run_json("contact", "show", "#1")
    assert ana["name"] == "Ana María Ortiz"
    assert ana["city"] == "Nashville, Tennessee, US"
    assert ana["note"] == "Moved in spring"
    assert ana["since"] == "2020-01-02"
    assert [h["platform"] for h in ana["handles"]] == ["bluesky"]
    assert ana["tags"] == ["new"]
    run("contact", "edit", "#1", "--city", "", "--note", "", "--since", "")
    ana = run_json("contact", "show", "#1")
    assert ana["city"] is None
    assert ana["note"] is None
    assert ana["since"] is None


def test_edit_errors_leave_the_contact_as_it_was(run: Run, run_json) -> None:
    run("contact", "add", "Ana Ortiz", "--tag", "a")
    run("contact", "add", "Ben Li", "--handle", "twitter:benli")
    before = run_json("contact", "show", "Ana")
    error = one_line_error(
        run("contact", "edit", "Ana", "--name", "Ann", "--handle", "twitter:benli", expect=1)
    )
    assert "already belongs to Ben Li (#2)" in error
    error = one_line_error(
        run("contact", "edit", "Ana", "--name", "Ann", "--remove-tag", "zzz", expect=1)
    )
    assert error == "Error: Ana Ortiz has no tag 'zzz'"
    assert "nothing to change" in one_line_error(run("contact", "edit", "Ana", expect=1))
    assert run_json("contact", "show", "Ana") == before


def test_rm_asks_first(run: Run, run_json) -> None:
    run("contact", "add", "Ana Ortiz")
    kept = run("contact", "rm", "Ana", input="n\n")
    assert "nothing removed" in kept.stderr
    assert len(run_json("contact", "list")) == 1
    removed = run("contact", "rm", "Ana", input="y\n")
    assert "removed Ana Ortiz (#1)" in removed.stderr
    assert run_json("contact", "list") == []


def test_rm_with_yes_removes_contact_handles_and_their_only_meetings(
    run: Run, db_path: Path
) -> None:
    run("contact", "add", "Ana Ortiz", "--handle", "twitter:ana", "--tag", "x")
    run("contact", "add", "Ben Li")
    run("met", "Ana")
    run("met", "Ana", "Ben")
    run("contact", "rm", "Ana", "--yes")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM handle").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM tag").fetchone() == (0,)
        # The meeting with Ana alone is gone; the one Ben was at stays, with Ben.
        assert conn.execute("SELECT count(*) FROM interaction").fetchone() == (1,)
        assert conn.execute("SELECT contact_id FROM attendee").fetchall() == [(2,)]
    # The handle is free again.
    run("contact", "add", "Ana Again", "--handle", "twitter:ana")


def test_merge_moves_handles_tags_and_meetings(run: Run, run_json) -> None:
    run(
        "contact",
        "add",
        "Ana Ortiz",
        "--handle",
        "twitter:anaortiz",
        "--tag",
        "devrel",
        "--since",
        "2022-01-01",
    )
    run(
        "contact",
        "add",
        "Ana O",
        "--handle",
        "mastodon:@ana@hachyderm.io",
        "--tag",
        "DevRel",
        "--tag",
        "podcast",
        "--city",
        "Nashville",
        "--since",
        "2019-06-01",
        "--note",
        "from Mastodon",
    )
    run("met", "Ana Ortiz", "Ana O", "--on", "2024-03-01")
    run("log", "Ana O", "--kind", "call", "--on", "2024-04-01")
    result = run("contact", "merge", "Ana Ortiz", "Ana O")
    assert "merged Ana O (#2) into Ana Ortiz (#1)" in result.stderr
    (ana,) = run_json("contact", "list")
    assert {h["platform"] for h in ana["handles"]} == {"twitter", "mastodon"}
    assert ana["tags"] == ["devrel", "podcast"]
    assert ana["city"] == "Nashville, Tennessee, US"
    assert ana["since"] == "2019-06-01"
    assert ana["note"] == "from Mastodon"
    assert ana["interactions"] == 2
    assert ana["last_met"] == "2024-03-01"
    assert one_line_error(run("contact", "merge", "Ana", "#1", expect=1)).startswith(
        "Error: cannot merge"
    )


def test_show_has_profile_and_timeline_newest_first(run: Run, run_json) -> None:
    run("contact", "add", "Ana Ortiz", "--city", "Nashville")
    run("log", "Ana", "--kind", "call", "--on", "2024-01-05", "--note", "first call")
    run("met", "Ana", "--on", "2024-06-01", "--at", "Nashville", "--event", "DevOps Days")
    shown = run_json("contact", "show", "Ana")
    assert [t["date"] for t in shown["timeline"]] == ["2024-06-01", "2024-01-05"]
    assert shown["timeline"][0]["event"] == "DevOps Days"
    plain = run("contact", "show", "Ana").stdout
    assert "name\tAna Ortiz" in plain
    assert "met\tyes, last on 2024-06-01" in plain
    assert "2024-06-01\tin-person\tAna Ortiz\tDevOps Days · Nashville" in plain


def test_met_in_person_ignores_calls_and_planned_meetings(run: Run, run_json) -> None:
    run("contact", "add", "Ana Ortiz")
    run("log", "Ana", "--kind", "call")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    run("met", "Ana", "--on", tomorrow)
    ana = run_json("contact", "show", "Ana")
    assert ana["met_in_person"] is False
    assert ana["interactions"] == 1
    assert len(ana["timeline"]) == 2


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("İLKER IŞIK", "izmir"),
        ("ilker isik", "İZMİR"),
        ("ILKER IŞIK", "IZMIR"),
        ("i̇lker ışık", "#İzmir"),
    ],
)
def test_case_folds_for_every_language_turkish_i_too(
    run: Run, run_json, typed: str, tag: str
) -> None:
    run("contact", "add", "İlker Işık", "--tag", "İzmir")
    run("contact", "add", "Straße Person", "--tag", "Straße")
    shown = run_json("contact", "show", typed)
    assert shown["name"] == "İlker Işık"
    assert [c["name"] for c in run_json("contact", "list", "--tag", tag)] == ["İlker Işık"]
    assert [c["name"] for c in run_json("contact", "list", "--tag", "STRASSE")] == ["Straße Person"]
    run("contact", "edit", "İlker", "--tag", "IZMIR")  # the same tag, once folded
    assert run_json("contact", "show", "#1")["tags"] == ["İzmir"]
