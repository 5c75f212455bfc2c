"""The questions the tool answers: whom you have not met, whom you have gone quiet with, and
how your network is doing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import today
from meetup_tracker.services.views import (
    MET,
    Chances,
    ContactView,
    iter_contacts,
    iter_contacts_by_id,
)
from meetup_tracker.text import tag_key

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


def has_contacts(*, conn: Sql, tag: str | None = None) -> bool:
    """Whether there is any contact (with this tag)."""
    if tag:
        sql, params = "SELECT 1 FROM tag WHERE key = :tag LIMIT 1", {"tag": tag_key(tag)}
    else:
        sql, params = "SELECT 1 FROM contact LIMIT 1", {}
    return conn.execute(sql, params).fetchone() is not None


NOT_MET = f"NOT {MET}"
UNMET_ORDER = "c.since IS NULL, c.since, c.name_key, c.id"  # ix_contact_known, no sort


# Met in person by one user: on a team database, `unmet` is whom *you* have not met yet.
MET_BY = (
    "EXISTS (SELECT 1 FROM attendee a JOIN interaction i ON i.id = a.interaction_id"
    " WHERE a.contact_id = c.id AND i.kind = 'in-person' AND i.happened_on <= :today"
    " AND i.created_by = :me)"
)


def unmet(
    *, conn: Sql, tag: str | None = None, limit: int | None = None, by: str | None = None
) -> Iterator[ContactView]:
    """Contacts never met in person (by anyone, or by the user `by`), the ones known longest
    first (streamed)."""
    where = NOT_MET if by is None else f"NOT {MET_BY}"
    params: dict[str, Any] = {"today": today().isoformat()}
    if by is not None:
        params["me"] = by
    if tag:
        where += " AND c.id IN (SELECT contact_id FROM tag WHERE key = :tag)"
        params["tag"] = tag_key(tag)
    return iter_contacts(
        conn=conn,
        where=where,
        params=params,
        order_by=UNMET_ORDER,
        limit=limit,
    )


@dataclass
class Unmet:
    """Whom you have not met yet, each with the next chance to: `rows` (streamed), and whether
    they say which colleagues have met them (`met_by`: on a shared database, the people you
    have not met yourself)."""

    rows: Iterator[ContactView]
    met_by: bool


def not_met_yet(*, conn: Sql, tag: str | None = None, by_anyone: bool = False) -> Unmet:
    """`meetup unmet`: the people not met in person, longest known first, each with the next
    chance to (a meeting you have planned, or a trip that passes near them). On a shared
    database, those you have not met yourself, with who on the team has (`by_anyone`: those
    nobody on the team has met)."""
    from meetup_tracker.services.interactions import next_meetings
    from meetup_tracker.services.planning import NextChance

    chances = NextChance(conn=conn)
    planned = next_meetings(conn=conn)
    by = conn.author if conn.shared and not by_anyone else None
    found = unmet(conn=conn, tag=tag, by=by)
    if by is not None:
        found = _with_met_by(conn, found)

    def with_chance(view: ContactView) -> ContactView:
        view.chances = Chances(chances(view.lat, view.lon), planned.get(view.id))
        return view

    return Unmet((with_chance(v) for v in found), met_by=by is not None)


def _with_met_by(conn: Sql, views: Iterator[ContactView]) -> Iterator[ContactView]:
    """The views, a hundred at a time marked with who on the team has met each."""
    from itertools import islice

    from meetup_tracker.services.team import mark_met_by

    while batch := list(islice(views, 100)):
        mark_met_by(conn=conn, views=batch)
        yield from batch


def nobody_left(*, conn: Sql, tag: str | None) -> str:
    """What `unmet` says when it lists nobody: there is nobody, or you have met everyone."""
    if not has_contacts(conn=conn, tag=tag):
        return "no contacts" + (f" tagged {tag}" if tag else "") + " yet"
    return "you have met everyone" + (f" tagged {tag}" if tag else "") + " in person"


def stale(*, conn: Sql, days: int = 180) -> Iterator[ContactView]:
    """Contacts met, talked to or written with online, but not in the last `days` days;
    longest silence first."""
    from meetup_tracker.services.validators import check_days

    check_days(days)
    now = today()
    cutoff = now - timedelta(days=days)
    # The last time in touch: a meeting or call, or an exchange online (an archive's).
    sql = (
        "SELECT contact_id, max(last) AS latest FROM ("
        " SELECT a.contact_id, i.happened_on AS last FROM attendee a"
        " JOIN interaction i ON i.id = a.interaction_id WHERE i.happened_on <= :today"
        " UNION ALL SELECT contact_id, last_exchange FROM handle"
        " WHERE last_exchange IS NOT NULL AND last_exchange <= :today"
        ") t GROUP BY contact_id HAVING max(last) < :cutoff ORDER BY latest, contact_id"
    )
    params = {"today": now.isoformat(), "cutoff": cutoff.isoformat()}
    order = [cid for cid, _ in conn.execute(sql, params)]
    from meetup_tracker.services.interactions import next_meetings

    plans = next_meetings(conn=conn, any_kind=True)  # quiet, but a plan is already made
    for view in iter_contacts_by_id(conn=conn, ids=order):
        assert view.last_contact is not None
        view.days_since = (now - date.fromisoformat(view.last_contact)).days
        view.planned = plans.get(view.id)
        yield view


@dataclass
class MonthCount:
    """Meetings and all interactions in one calendar month."""

    month: str
    meetings: int
    interactions: int


@dataclass
class Stats:
    """How the network is doing: who is online only, talked to, or met."""

    contacts: int
    online_only: int
    talked_not_met: int
    met_in_person: int
    interactions: int
    meetings: int
    months: list[MonthCount] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The public stats object of --json output."""
        return {
            "contacts": self.contacts,
            "online_only": self.online_only,
            "talked_not_met": self.talked_not_met,
            "met_in_person": self.met_in_person,
            "interactions": self.interactions,
            "meetings": self.meetings,
            "meetings_per_month": [
                {"month": m.month, "meetings": m.meetings, "interactions": m.interactions}
                for m in self.months
            ],
        }


def stats(*, conn: Sql) -> Stats:
    """Counts of contacts by how well you know them, and meetings per month for a year."""
    now = today()
    params = {"today": now.isoformat()}
    (contacts,) = conn.execute("SELECT count(*) FROM contact").fetchone()
    # One pass over who took part in what (the attendee index gives it grouped already).
    seen, met = conn.execute(
        "SELECT count(*), coalesce(sum(met), 0) FROM (SELECT a.contact_id,"
        " max(CASE WHEN i.kind = 'in-person' THEN 1 ELSE 0 END) AS met FROM attendee a"
        " JOIN interaction i ON i.id = a.interaction_id WHERE i.happened_on <= :today"
        " GROUP BY a.contact_id) t",
        params,
    ).fetchone()
    talked = seen - met
    interactions, meetings = conn.execute(
        # An event with nobody recorded at it yet (a calendar's concert) met nobody.
        "SELECT count(*), coalesce(sum(CASE WHEN kind = 'in-person' THEN 1 ELSE 0 END), 0)"
        " FROM interaction i WHERE happened_on <= :today"
        " AND EXISTS (SELECT 1 FROM attendee a WHERE a.interaction_id = i.id)",
        params,
    ).fetchone()
    first = _months_back(now, 11)
    per_month: dict[str, tuple[int, int]] = {}
    for day_, kind in conn.execute(
        "SELECT happened_on, kind FROM interaction i"
        " WHERE happened_on >= :first AND happened_on <= :today"
        " AND EXISTS (SELECT 1 FROM attendee a WHERE a.interaction_id = i.id)",
        {"first": first.isoformat(), "today": now.isoformat()},
    ):
        month = str(day_)[:7]
        m, n = per_month.get(month, (0, 0))
        per_month[month] = (m + (kind == "in-person"), n + 1)
    months = []
    for offset in range(12):
        month = _add_months(first, offset).isoformat()[:7]
        m, n = per_month.get(month, (0, 0))
        months.append(MonthCount(month, m, n))
    return Stats(
        contacts=int(contacts),
        online_only=int(contacts - met - talked),
        talked_not_met=int(talked),
        met_in_person=int(met),
        interactions=int(interactions),
        meetings=int(meetings),
        months=months,
    )


def _months_back(day: date, months: int) -> date:
    return _add_months(day.replace(day=1), -months)


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
