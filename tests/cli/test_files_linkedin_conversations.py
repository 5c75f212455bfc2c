"""LinkedIn's messages.csv and Invitations.csv: what you exchanged with your connections and
who invited whom, matched by profile URL then by name, never the messages' text."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Run

LINKEDIN = FIXTURES / "linkedin"


def _people(run_json) -> dict[str, Any]:
    return {c["name"]: c for c in run_json("contact", "list")}


@pytest.fixture
def connections(run: Run) -> None:
    run("import", str(LINKEDIN / "Connections.csv"))


@pytest.mark.usefixtures("connections")
def test_messages_give_exchanges_to_the_connections_you_talked_with(run: Run, run_json) -> None:
    summary = run_json("import", "linkedin", str(LINKEDIN / "messages.csv"))
    assert summary["format"] == "linkedin"
    # Ana, José, Priya and Ben known by URL; Ola, new, from a group conversation you wrote in.
    assert (summary["contacts"]["added"], summary["contacts"]["updated"]) == (1, 4)
    # The recruiter's InMail you never answered; a closed account ("LinkedIn Member").
    assert summary["skipped_reasons"] == {"message you never answered (sponsored, InMail)": 1}
    assert summary["unnamed_accounts"] == 1
    people = _people(run_json)
    assert "Rita Recruiter" not in people
    assert "Crypto King" not in people  # spam
    ana = people["Ana Ortiz"]
    assert (ana["online_exchanges"], ana["last_online"]) == (3, "2024-06-20")
    assert people["Ben Carter"]["online_exchanges"] == 2  # the draft to Ben does not count
    again = run_json("import", str(LINKEDIN / "messages.csv"))
    assert (again["added"], again["updated"]) == (0, 0)


@pytest.mark.usefixtures("connections")
def test_an_older_export_without_recipient_urls_matches_by_name(run: Run, run_json) -> None:
    run("import", str(LINKEDIN / "messages.csv"))
    summary = run_json("import", str(LINKEDIN / "messages-2021-no-recipient-urls.csv"))
    assert summary["skipped_reasons"] == {"no profile URL, and no contact of that name": 1}
    people = _people(run_json)
    assert "Nobody Known" not in people
    # Read after a newer export, an older one never takes exchanges away.
    assert people["Ana Ortiz"]["online_exchanges"] == 3
    assert run_json("contact", "show", "Priya Shah")["last_online"] == "2025-04-02"


@pytest.mark.usefixtures("connections")
def test_invitations_say_who_invited_whom(run: Run, run_json) -> None:
    summary = run_json("import", str(LINKEDIN / "Invitations.csv"))
    assert summary["skipped_reasons"] == {
        "invitation you received from someone not among your contacts": 1
    }
    people = _people(run_json)
    assert people["Ben Carter"]["invitation"] == {"direction": "incoming", "date": "2024-05-21"}
    assert people["Priya Shah"]["invitation"] == {"direction": "outgoing", "date": "2025-11-03"}
    ola = people["Ola Nordmann"]  # you invited her: a contact, since that day
    assert (ola["since"], ola["invitation"]["direction"]) == ("2026-01-29", "outgoing")
    shown = run("contact", "show", "Ben").stdout
    assert "invited you on 2024-05-21" in shown
    assert "you invited them on 2025-11-03" in run("contact", "show", "Priya").stdout


@pytest.mark.usefixtures("connections")
def test_messages_and_invitations_leave_each_other_be(run: Run, run_json) -> None:
    run("import", str(LINKEDIN / "Invitations.csv"))
    run("import", str(LINKEDIN / "messages.csv"))
    ben = _people(run_json)["Ben Carter"]
    assert ben["invitation"] == {"direction": "incoming", "date": "2024-05-21"}
    assert ben["online_exchanges"] == 2


@pytest.mark.sqlite_only
@pytest.mark.usefixtures("connections")
def test_the_messages_text_is_never_stored(run: Run, db_path: Path) -> None:
    run("import", str(LINKEDIN / "messages.csv"))
    with sqlite3.connect(db_path) as conn:
        dump = "\n".join(conn.iterdump())
    for text in ("Coffee when you're in Nashville", "Exciting opportunity", "pizza", "draft to"):
        assert text not in dump
