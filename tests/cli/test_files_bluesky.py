"""Bluesky's repository export (repo.car): the people you mentioned or replied to, their
handles read from your own posts at the mentions' byte ranges, their DIDs kept for renames;
a file cut short or not a repository is one line and nothing written."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, Run, one_line_error

BLUESKY = FIXTURES / "bluesky"


def test_the_people_you_talked_with_on_bluesky(run: Run, run_json) -> None:
    summary = run_json("import", str(BLUESKY / "repo.car"))
    assert summary["format"] == "bluesky"
    assert summary["contacts"]["added"] == 3  # Ana, Dev and Mika; not you, not a like
    assert summary["unnamed_accounts"] == 1  # replied to, never mentioned: no handle
    assert summary["skipped_reasons"] == {"followed account you never talked with": 1}
    people = {c["handles"][0]["handle"]: c for c in run_json("contact", "list")}
    assert set(people) == {"ana.bsky.social", "dev.example.com", "mika.bsky.social"}
    # The mention after "Café" and an emoji is found by bytes, not characters.
    ana = run_json("contact", "show", "ana.bsky.social")
    assert (ana["since"], ana["online_exchanges"]) == ("2024-02-10", 2)
    dev = run_json("contact", "show", "dev.example.com")
    assert (dev["online_exchanges"], dev["last_online"]) == (2, "2024-03-02")  # and a reply
    assert run_json("import", str(BLUESKY / "repo.car"))["added"] == 0


def test_a_renamed_account_is_still_the_same_person(run: Run, run_json) -> None:
    run("import", str(BLUESKY / "repo.car"))
    summary = run_json("import", "bluesky", str(BLUESKY / "repo-after-a-rename.car"))
    assert (summary["added"], summary["updated"]) == (0, 1)
    ana = run_json("contact", "show", "ana.ortiz.dev")
    assert {h["handle"] for h in ana["handles"]} == {"ana.bsky.social", "ana.ortiz.dev"}
    assert (ana["online_exchanges"], ana["last_online"]) == (3, "2025-01-20")


@pytest.mark.parametrize(
    ("name", "said"),
    [("repo-cut-short.car", "cut short"), ("not-a-repo.car", "not a CAR")],
)
def test_a_broken_or_foreign_file_is_one_line_and_nothing_written(
    run: Run, run_json, name: str, said: str
) -> None:
    run("contact", "add", "Ana Ortiz")
    error = one_line_error(run("import", str(BLUESKY / name), expect=1))
    assert said in error
    assert [c["name"] for c in run_json("contact", "list")] == ["Ana Ortiz"]
