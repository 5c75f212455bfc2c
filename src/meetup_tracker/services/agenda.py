"""The agenda: one view of what is coming, day by day from today: follow-ups due (or
overdue, on today), people due to hear from you, planned meetings and each coming day of a
series, trips under way or starting with who is along the road, and where contacts' travel
meets yours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from meetup_tracker.dates import today
from meetup_tracker.storage.sql import Sql


@dataclass
class Item:
    """One thing on one day."""

    day: str
    kind: str  # followup | due | planned | trip | overlap
    text: str
    ref: str  # what to type to act on it: `todo done 3`, `#12`, `trip show 2`

    def to_json(self) -> dict[str, Any]:
        """As --json gives it."""
        return {"date": self.day, "kind": self.kind, "text": self.text, "ref": self.ref}


@dataclass
class Agenda:
    """What is coming in the next days, in lists by kind and item by day."""

    first: str
    last: str
    items: list[Item] = field(default_factory=list)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def days(self) -> list[tuple[str, list[Item]]]:
        """The items by day, today first (an empty day is left out)."""
        by_day: dict[str, list[Item]] = {}
        for item in sorted(self.items, key=lambda i: (i.day, _ORDER.index(i.kind))):
            by_day.setdefault(item.day, []).append(item)
        return list(by_day.items())

    def to_json(self) -> dict[str, Any]:
        """One object: the window, each list, and the days."""
        return {
            "from": self.first,
            "to": self.last,
            **self.lists,
            "days": [
                {"date": d, "items": [i.to_json() for i in items]} for d, items in self.days()
            ],
        }


_ORDER = ("followup", "due", "planned", "trip", "overlap")


def agenda(*, conn: Sql, days: int = 14) -> Agenda:
    """The next `days` days (today included)."""
    from meetup_tracker.services.followups import list_followups
    from meetup_tracker.services.interactions import InteractionFilter, list_planned
    from meetup_tracker.services.keep_in_touch import due
    from meetup_tracker.services.planning import upcoming
    from meetup_tracker.services.series import occurrences
    from meetup_tracker.services.validators import check_days
    from meetup_tracker.services.visits import overlaps

    check_days(days)
    now = today()
    last = now + timedelta(days=max(days - 1, 0))
    found = Agenda(now.isoformat(), last.isoformat())

    def on_or_today(day: str) -> str:
        return max(day, now.isoformat())

    owed = list_followups(conn=conn, due_by=last)
    for f in owed:
        late = " (overdue)" if f.overdue else ""
        found.items.append(
            Item(
                on_or_today(f.due or now.isoformat()),
                "followup",
                f"{f.contact}: {f.text}{late}",
                f"todo done {f.id}",
            )
        )
    people = due(conn=conn, by=last)
    for d in people:
        when = d.last_interaction or "never"
        found.items.append(
            Item(
                on_or_today(d.due_on),
                "due",
                f"{d.name}, due to hear from you (last: {when})",
                f"#{d.id}",
            )
        )
    plans = [
        p for p in list_planned(conn=conn, where=InteractionFilter()) if p.date <= last.isoformat()
    ]
    for plan in plans:
        who = ", ".join(a.name for a in plan.attendees) or "nobody yet"
        what = plan.event or plan.place or plan.kind
        if plan.repeat and plan.repeat_from:
            start = date.fromisoformat(plan.repeat_from)
            until = date.fromisoformat(plan.repeat_until) if plan.repeat_until else None
            for day in occurrences(plan.repeat, start, until, after=now, before=last):
                found.items.append(
                    Item(
                        day.isoformat(),
                        "planned",
                        f"{what} with {who} ({plan.repeats})",
                        f"#{plan.id}",
                    )
                )
        else:
            found.items.append(
                Item(plan.date, "planned", f"{plan.kind} with {who}: {what}", f"#{plan.id}")
            )
    trips = upcoming(conn=conn, days=days)
    for trip in trips:
        along = [v for v in trip.along if not v.met_in_person]
        near = [v for s in trip.stops for v in s.near if not v.met_in_person]
        names = ", ".join(v.name for v in [*near, *along][:5])
        extra = f"; not met yet along the way: {names}" if names else ""
        found.items.append(
            Item(
                on_or_today(trip.start), "trip", f"trip {trip.name}{extra}", f"trip show {trip.id}"
            )
        )
    crossing = overlaps(conn=conn, days=days)
    for o in crossing:
        found.items.append(
            Item(
                on_or_today(o.visit.start),
                "overlap",
                f"{o.visit.contact} {o.describe()}",
                f"#{o.visit.contact_id}",
            )
        )
    found.lists = {
        "followups": [f.to_json() for f in owed],
        "due": [d.to_json() for d in people],
        "planned": [p.to_json() for p in plans],
        "trips": [t.to_json() for t in trips],
        "overlaps": [o.to_json() for o in crossing],
    }
    return found
