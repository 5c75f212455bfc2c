"""Keeping in touch: how often, per person (`contact add/edit --every 30d`) or per tag
(`meetup cadence set TAG 30d`; a person's own wins, else the shortest of their tags'), and
who is due: their cadence has passed since the last time you were in touch in any way (a
meeting, a call, a message, an exchange online an import recorded). Someone you have planned
to meet or call is not due; someone snoozed is not due before the day they were snoozed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from meetup_tracker.dates import today
from meetup_tracker.errors import InvalidInput, NotFound
from meetup_tracker.storage.sql import Sql, day

_TAGGED = (
    "SELECT min(cd.every_days) FROM tag t JOIN cadence cd ON cd.key = t.key"
    " WHERE t.contact_id = c.id"
)
# Each contact with a cadence, with when you were last in touch.
_DUE = f"""
SELECT c.id, c.name, c.city, coalesce(c.every_days, ({_TAGGED})) AS every,
    c.every_days IS NOT NULL AS own, c.snoozed_until, c.since, c.created_at,
    (SELECT max(i.happened_on) FROM attendee a JOIN interaction i ON i.id = a.interaction_id
        WHERE a.contact_id = c.id AND i.happened_on <= :today),
    (SELECT max(h.last_exchange) FROM handle h
        WHERE h.contact_id = c.id AND h.last_exchange <= :today)
FROM contact c
WHERE (c.every_days IS NOT NULL
    OR EXISTS (SELECT 1 FROM tag t JOIN cadence cd ON cd.key = t.key WHERE t.contact_id = c.id))
"""


@dataclass
class Due:
    """Someone to get in touch with: how often, when last, since when due."""

    id: int
    name: str
    city: str | None
    every_days: int
    own: bool  # their own cadence, not a tag's
    last_interaction: str | None
    due_on: str
    planned: str | None
    snoozed_until: str | None

    @property
    def overdue_days(self) -> int:
        """Days since they became due (0 on the day)."""
        return (today() - date.fromisoformat(self.due_on)).days

    def to_json(self) -> dict[str, Any]:
        """The public object of `due --json`."""
        return {
            "id": self.id,
            "name": self.name,
            "city": self.city,
            "every_days": self.every_days,
            "cadence_from": "contact" if self.own else "tag",
            "last_interaction": self.last_interaction,
            "due_on": self.due_on,
            "overdue_days": self.overdue_days,
            "planned": self.planned,
            "snoozed_until": self.snoozed_until,
        }


def cadences(*, conn: Sql, contact_id: int | None = None) -> list[Due]:
    """Everyone with a cadence (or one person), due or not, each with when they fall due and
    their next plan (a series' next day included)."""
    from meetup_tracker.services.interactions import next_meetings

    now = today()
    plans = next_meetings(conn=conn, any_kind=True)
    sql = _DUE + (" AND c.id = :id" if contact_id is not None else "")
    params: dict[str, Any] = {"today": now.isoformat()}
    if contact_id is not None:
        params["id"] = contact_id
    found = []
    for row in conn.execute(sql, params):
        cid, name, city, every, own, snoozed, since, created, met, online = row
        last = max((str(day(d)) for d in (met, online) if d), default=None)
        start = last or (str(day(since)) if since else str(created)[:10])
        due_on = date.fromisoformat(start) + timedelta(days=int(every))
        found.append(
            Due(
                int(cid),
                str(name),
                city,
                int(every),
                bool(own),
                last,
                due_on.isoformat(),
                plans.get(int(cid)),
                str(day(snoozed)) if snoozed else None,
            )
        )
    return found


def due(*, conn: Sql, by: date | None = None) -> list[Due]:
    """Those due by a day (today): cadence passed, nothing planned, not snoozed; the most
    overdue first."""
    until = (by or today()).isoformat()
    now = today().isoformat()
    found = [
        d
        for d in cadences(conn=conn)
        if d.due_on <= until
        and d.planned is None
        and (d.snoozed_until is None or d.snoozed_until <= now)
    ]
    return sorted(found, key=lambda d: (d.due_on, d.name.casefold(), d.id))


def snooze(*, conn: Sql, contact_id: int, until: date | None) -> None:
    """Hide someone from `due` until a day (None: wake them now)."""
    from meetup_tracker.models import Contact
    from meetup_tracker.storage import rows

    if until is not None and until <= today():
        raise InvalidInput(f"{until.isoformat()} is not ahead", hint="snooze until a later day")
    rows.update(conn, Contact, {"snoozed_until": until}, id=contact_id)


@dataclass
class TagCadence:
    """How often to keep in touch with everyone who has a tag."""

    tag: str
    every_days: int
    people: int

    def to_json(self) -> dict[str, Any]:
        """The public object of `cadence list --json`."""
        return {"tag": self.tag, "every_days": self.every_days, "people": self.people}


def set_tag_cadence(*, conn: Sql, tag: str, every_days: int) -> None:
    """Keep in touch with everyone tagged `tag` at least every `every_days` days."""
    from meetup_tracker.models import Cadence
    from meetup_tracker.services.validators import clean_tags
    from meetup_tracker.storage import rows
    from meetup_tracker.text import tag_key

    (clean,) = clean_tags([tag]) or [""]
    if not clean:
        raise InvalidInput("give a tag", hint="e.g. meetup cadence set friends 30d")
    key = tag_key(clean)
    exists = conn.execute("SELECT 1 FROM cadence WHERE key = :key", {"key": key}).fetchone()
    if exists:
        rows.update(conn, Cadence, {"every_days": every_days, "tag": clean}, key=key)
    else:
        rows.insert(conn, Cadence, {"key": key, "tag": clean, "every_days": every_days})


def remove_tag_cadence(*, conn: Sql, tag: str) -> None:
    """Stop keeping a tag's cadence (the people's own stay)."""
    from meetup_tracker.models import Cadence
    from meetup_tracker.storage import rows
    from meetup_tracker.text import tag_key

    key = tag_key(tag.strip().lstrip("#"))
    if conn.execute("SELECT 1 FROM cadence WHERE key = :key", {"key": key}).fetchone() is None:
        raise NotFound(f"no cadence for the tag '{tag}'", hint="see 'meetup cadence list'")
    rows.delete(conn, Cadence, key=key)


def tag_cadences(*, conn: Sql) -> list[TagCadence]:
    """Every tag's cadence, with how many people have the tag."""
    sql = (
        "SELECT cd.tag, cd.every_days, (SELECT count(*) FROM tag t WHERE t.key = cd.key)"
        " FROM cadence cd ORDER BY cd.key"
    )
    return [TagCadence(str(t), int(e), int(n)) for t, e, n in conn.execute(sql)]
