"""Twitter/X archives as people have them: replies to accounts since deleted, names in icon
fonts, the classic archive sent until 2019 (folder, zip, or only its tweets.csv), and an
archive whose owner is named only in manifest.js."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Run, one_line_error

ARCHIVES = FIXTURES / "twitter"


def _people(run_json) -> dict[str, Any]:
    return {c["handles"][0]["handle"]: c for c in run_json("contact", "list")}


def test_a_reply_to_a_deleted_account_is_counted_never_a_bad_record(run: Run, run_json) -> None:
    summary = run_json("import", str(ARCHIVES / "archive-2024-reply-to-deleted-account"))
    assert summary["errors"] == []
    assert summary["unnamed_accounts"] == 1  # two replies to 4444444444, never named
    people = _people(run_json)
    assert set(people) == {"DevRelDana", "shakingface_kim"}
    # A private-use character (an icon font's) and an emoji newer than this Python: text.
    assert people["DevRelDana"]["name"] == "Dana \ue62b DevRel"
    assert people["shakingface_kim"]["name"] == "Kim \U0001fae8"
    shown = run_json("contact", "show", "DevRelDana")
    assert (shown["online_exchanges"], shown["last_online"]) == (1, "2024-04-17")
    text = run("import", str(ARCHIVES / "archive-2024-reply-to-deleted-account")).stderr
    assert "1 account you talked with could not be named" in text


def test_an_error_in_an_archive_names_the_file_and_the_tweet(run: Run, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVES / "archive-2024-reply-to-deleted-account", archive)
    tweets = archive / "data" / "tweets.js"
    text = tweets.read_text(encoding="utf-8").replace('"DevRelDana"', '"Dev Rel Dana!"')
    tweets.write_text(text, encoding="utf-8")
    error = one_line_error(run("import", str(archive), expect=1))
    assert error.startswith("Error: data/tweets.js, tweet 1780000000000000003: @Dev Rel Dana!")
    assert "line" not in error.split(";")[0]


def test_the_owner_named_only_in_the_manifest_is_never_a_contact(run: Run, run_json) -> None:
    summary = run_json("import", str(ARCHIVES / "archive-2021-manifest-only-owner"))
    people = _people(run_json)
    assert set(people) == {"priya_ships", "omar_codes"}  # not lee_builds, the owner
    assert summary["contacts"]["added"] == 2
    priya = run_json("contact", "show", "priya_ships")
    assert (priya["since"], priya["online_exchanges"]) == ("2021-01-16", 2)  # tweet-part1.js too


@pytest.mark.parametrize("archive", ["archive-classic-2014", "archive-classic-2014.zip"])
def test_the_classic_archive_by_month(run: Run, run_json, archive: str) -> None:
    summary = run_json("import", str(ARCHIVES / archive))
    assert summary["unnamed_accounts"] == 1  # "lunch was great", a reply by id only
    people = _people(run_json)
    assert set(people) == {"mia_events", "renee_doe"}  # no retweet, not jo_classic herself
    mia = run_json("contact", "show", "mia_events")
    assert (mia["name"], mia["since"], mia["online_exchanges"]) == ("Mia Events", "2014-03-27", 2)
    assert run_json("import", str(ARCHIVES / archive))["added"] == 0


def test_only_the_tweets_csv_of_a_classic_archive(run: Run, run_json) -> None:
    summary = run_json("import", str(ARCHIVES / "archive-classic-csv-only"))
    assert (summary["added"], summary["unnamed_accounts"]) == (2, 1)
    mia = run_json("contact", "show", "mia_events")
    # Named by the reply's leading @mention, and the same account when mentioned by name.
    assert (mia["since"], mia["online_exchanges"]) == ("2014-03-27", 2)


# An archive damaged or built to hurt is one line naming the file inside it (or the zip as
# damaged), read in bounded work; see tests/fixtures/hostile/make_hostile.py.
HOSTILE_ARCHIVES = {
    "twitter-tweets-nested-100000-deep.zip": "data/tweets.js in",
    "twitter-tweet-id-a-5000-digit-number.zip": "data/tweets.js in",
    "twitter-tweets-js-in-latin1.zip": "data/tweets.js in",
    "twitter-zip-bad-crc.zip": "damaged: data/tweets.js",
    "twitter-zip-stored-with-bad-crc.zip": "damaged: data/tweets.js",
    "twitter-zip-cut-short.zip": "damaged zip file",
    "twitter-zip-encrypted.zip": "is encrypted",
    "twitter-zip-deflate64.zip": "cannot be read",
    "twitter-zip-bomb-inflates-1000-times.zip": "inflates past what an archive holds",
}


@pytest.mark.parametrize(("name", "says"), HOSTILE_ARCHIVES.items(), ids=HOSTILE_ARCHIVES.keys())
def test_a_hostile_archive_is_one_line_naming_the_file_inside(
    run: Run, name: str, says: str
) -> None:
    error = one_line_error(run("import", str(FIXTURES / "hostile" / name), expect=1))
    assert says in error, error
    assert "not a Twitter/X archive" not in error


@pytest.mark.parametrize(
    "name",
    [
        "twitter-mention-name-is-a-number.zip",
        "twitter-mention-name-is-a-list.zip",
        "twitter-mention-name-is-a-object.zip",
        "twitter-account-js-is-a-list-of-lists.zip",
        "twitter-account-is-a-list-inside.zip",
        "twitter-following-entries-as-text.zip",
        "twitter-account-id-a-5000-digit-string.zip",
        "twitter-dates-year-1-plus-14-and-9999-minus-12.zip",
    ],
)
def test_an_archive_of_odd_shapes_imports_what_is_sound(run: Run, run_json, name: str) -> None:
    run("import", str(FIXTURES / "hostile" / name))
    (ana,) = run_json("contact", "list")
    assert [(h["platform"], h["handle"]) for h in ana["handles"]] == [("twitter", "ana")]
    assert ana["name"] in ("Ana", "ana")
    assert ana["since"] == "2022-03-01"
