"""The JSON backup is lossless: every row of every table comes back, with who recorded it and
when, and your settings; exporting the restored database gives the same bytes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES, Run, every_row


def _network(run: Run) -> None:
    """A bit of everything, written by two people at different times."""
    run("config", "set", "user", "Ana Ortiz", expect=None)  # a team database refuses: its role
    run("config", "set", "home", "Knoxville, TN")
    run("config", "set", "units", "mi")
    run("import", str(FIXTURES / "linkedin/Connections.csv"))
    run("import", str(FIXTURES / "twitter/archive-2023"))
    run("import", str(FIXTURES / "vcard/apple-contacts.vcf"))
    run("import", str(FIXTURES / "ics/tripit.ics"))
    run("contact", "add", "Marta Vidal", "--city", "Cookeville, TN", "--tag", "Marketing",
        "--tag", "newsletter", "--since", "2024-02-03", "--company", "Upper Cumberland",
        "--handle", "bluesky:marta.bsky.social", "--note", "line one\nline two")  # fmt: skip
    run("met", "Marta", "José", "--on", "2026-10-01", "--at", "Nashville", "--event", "Meetup")
    run("met", "--event", "DevOps Days", "--at", "Memphis", "--on", "in 40 days")
    run("log", "Marta", "--kind", "call", "--on", "2026-09-01", "--note", "webinar")
    run("trip", "add", "Spring", "--start", "2027-04-10", "--end", "2027-04-14",
        "--stop", "Nashville @ 2027-04-10..2027-04-11", "--stop", "Memphis, TN")  # fmt: skip
    run("config", "set", "user", "Ben Li", expect=None)
    run("contact", "edit", "Marta", "--note", "changed by Ben", "--position", "Editor")


def test_a_backup_restores_every_row_of_every_table(
    run: Run, another_database: Callable[[], str], tmp_path: Path
) -> None:
    _network(run)
    first = run("export", "json").stdout
    backup = tmp_path / "backup.json"
    backup.write_text(first)
    restored = another_database()
    run("--db", restored, "import", str(backup))
    import os

    assert every_row(restored) == every_row(os.environ["MEETUP_TRACKER_DB"])
    assert run("--db", restored, "export", "json").stdout == first
    again = json.loads(run("--db", restored, "import", str(backup), "--json").stdout)
    assert (again["added"], again["updated"]) == (0, 0)


def test_the_backup_says_who_recorded_what_and_keeps_your_settings(run: Run, run_json) -> None:
    _network(run)
    backup = json.loads(run("export", "json").stdout)
    marta = next(c for c in backup["contacts"] if c["name"] == "Marta Vidal")
    me = run_json("config", "show")["user"]
    if me == "Ben Li":  # a file: the configured names
        assert (marta["created_by"], marta["updated_by"]) == ("Ana Ortiz", "Ben Li")
    else:  # a team database: the connected role, both times
        assert (marta["created_by"], marta["updated_by"]) == (me, me)
    assert json.loads(backup["config"]["home"])["name"].startswith("Knoxville")
    assert backup["config"]["units"] == "mi"
    assert all("created_by" in m and "updated_by" in m for m in backup["interactions"])
