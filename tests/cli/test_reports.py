"""The questions the tool answers: whom have I not met, whom have I lost touch with."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import ON_POSTGRES, Run, one_line_error


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def test_unmet_lists_the_longest_known_first_with_their_history(run: Run, run_json) -> None:
    run("contact", "add", "New Friend", "--since", days_ago(10))
    run(
        "contact",
        "add",
        "Old Friend",
        "--since",
        days_ago(2000),
        "--city",
        "Memphis",
        "--handle",
        "twitter:old",
    )
    run("contact", "add", "Met Friend", "--since", days_ago(3000))
    run("met", "Met Friend", "--on", days_ago(100))
    run("log", "Old Friend", "--kind", "call", "--on", days_ago(50))
    run("log", "Old Friend", "--kind", "message", "--on", days_ago(5))
    rows = run_json("unmet")
    assert [r["name"] for r in rows] == ["Old Friend", "New Friend"]
    old = rows[0]
    assert old["city"] == "Memphis, Tennessee, US"
    assert old["handles"][0]["handle"] == "old"
    assert old["since"] == days_ago(2000)
    assert old["interactions"] == 2
    assert old["last_interaction"] == days_ago(5)
    assert old["met_in_person"] is False
    plain = run("unmet").stdout.splitlines()
    header = "id\tname\tcity\thandles\tsince\ttalks\tlast_contact\tnext_chance"
    # On a team database `unmet` is whom you have not met, and a last column says who has.
    assert plain[0] == header + ("\tmet_by" if ON_POSTGRES else "")
    assert plain[1].split("\t")[1] == "Old Friend"


def test_unmet_when_everyone_is_met(run: Run) -> None:
    run("contact", "add", "Ana")
    run("met", "Ana")
    result = run("unmet")
    assert result.stdout == ""
    assert "you have met everyone in person" in result.stderr


def test_stale_lists_quiet_contacts_longest_silence_first(run: Run, run_json) -> None:
    for name in ("Recent", "Quiet", "Quieter", "Never Talked"):
        run("contact", "add", name)
    run("met", "Recent", "--on", days_ago(10))
    run("log", "Quiet", "--kind", "call", "--on", days_ago(200))
    run("met", "Quieter", "--on", days_ago(400))
    run("log", "Quieter", "--kind", "message", "--on", days_ago(300))
    rows = run_json("stale")
    assert [(r["name"], r["days_since"]) for r in rows] == [("Quieter", 300), ("Quiet", 200)]
    assert [r["name"] for r in run_json("stale", "--days", "5")] == ["Quieter", "Quiet", "Recent"]
    assert run_json("stale", "--days", "365") == []
    assert "--days" in one_line_error(run("stale", "--days", "-1", expect=1))


def test_stats_counts_contacts_by_how_well_you_know_them(run: Run, run_json) -> None:
    for name in ("Online One", "Online Two", "Talked", "Met"):
        run("contact", "add", name)
    run("log", "Talked", "--kind", "call")
    run("met", "Met")
    run("met", "Met", "--on", days_ago(400))
    stats = run_json("stats")
    assert stats["contacts"] == 4
    assert stats["online_only"] == 2
    assert stats["talked_not_met"] == 1
    assert stats["met_in_person"] == 1
    assert stats["meetings"] == 2
    assert stats["interactions"] == 3
    months = stats["meetings_per_month"]
    assert len(months) == 12
    assert months[-1] == {"month": date.today().isoformat()[:7], "meetings": 1, "interactions": 2}
    assert sum(m["meetings"] for m in months) == 1  # the one 400 days ago is outside the year
    plain = run("stats").stdout
    assert "online only\t2" in plain
    assert f"{date.today().isoformat()[:7]}\t1\t2" in plain


def test_unmet_on_an_empty_database_says_so(run: Run) -> None:
    result = run("unmet")
    assert result.stdout == ""
    assert result.stderr.strip() == "no contacts yet"
    assert run("unmet", "--tag", "podcast").stderr.strip() == "no contacts tagged podcast yet"


def test_piped_sections_each_start_with_their_own_header_line(run: Run) -> None:
    run("contact", "add", "Ana", "--city", "Memphis")
    run("met", "Ana", "--on", "2024-05-01", "--note", "lunch")
    run("trip", "add", "South", "--start", "2031-03-01", "--stop", "Memphis")
    run("trip", "add", "North", "--start", "2031-04-01", "--stop", "Memphis")
    lines = run("stats").stdout.splitlines()
    assert lines[0] == "what\tcount"
    month_header = lines.index("month\tmeetings\tinteractions")
    assert all(len(line.split("\t")) == 2 for line in lines[1:month_header])
    assert all(len(line.split("\t")) == 3 for line in lines[month_header + 1 :])
    shown = run("contact", "show", "Ana").stdout.splitlines()
    assert shown[0] == "field\tvalue"
    assert shown[1] == "name\tAna"
    assert any(line.startswith("id\tdate\tkind") for line in shown[2:])
    rows = run("upcoming", "--days", "3650").stdout.splitlines()
    header = rows[0].split("\t")
    assert header[-2:] == ["trip_id", "trip"]
    trips = {row.split("\t")[-1] for row in rows[1:] if not row.startswith("where\t")}
    assert trips == {"South", "North"}
