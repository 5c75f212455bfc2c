"""Who on the team has met whom: every in-person meeting records who wrote it down (on a team
database the PostgreSQL role that did, on a file the user of `meetup config set user`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from meetup_tracker.dates import today
from meetup_tracker.storage.sql import day, in_list

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView
    from meetup_tracker.storage.sql import Sql

CHUNK = 500


def met_by(*, conn: Sql, ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """For each contact, who has met them in person and when last: `[(user, date)]`, the
    most recent first."""
    found: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(ids), CHUNK):
        listed, params = in_list("id", list(ids[start : start + CHUNK]))
        params["today"] = today().isoformat()
        sql = (
            "SELECT a.contact_id, i.created_by, max(i.happened_on) FROM attendee a"
            " JOIN interaction i ON i.id = a.interaction_id"
            f" WHERE a.contact_id IN {listed} AND i.kind = 'in-person'"
            " AND i.happened_on <= :today AND i.created_by IS NOT NULL"
            " GROUP BY a.contact_id, i.created_by"
        )
        for contact_id, user, last in conn.execute(sql, params):
            found.setdefault(contact_id, []).append((str(user), str(day(last))))
    for people in found.values():
        people.sort(key=lambda p: (p[1], p[0]), reverse=True)
    return found


def mark_met_by(*, conn: Sql, views: Sequence[ContactView]) -> None:
    """Put `met_by` on the views: `[{"user", "last_met"}]`, who has met each person in
    person, most recent first (a JSON key of every listing that shows it)."""
    found = met_by(conn=conn, ids=[v.id for v in views])
    for view in views:
        view.met_by = [{"user": user, "last_met": last} for user, last in found.get(view.id, [])]


def met_by_names(view: ContactView) -> str:
    """`ana, bob`: who has met this person (as mark_met_by found), or ''."""
    return ", ".join(m["user"] for m in view.met_by or [])
