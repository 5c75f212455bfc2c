"""Plans that repeat (a monthly dinner, a weekly meetup): one interaction row holds the series,
its rule in iCalendar's RRULE words (`FREQ=WEEKLY;INTERVAL=2`), its first day (`repeat_from`),
perhaps its last (`repeat_until`), and the days left out (`;EXDATE=2027-01-05,...`). Its
`happened_on` is the last day a date may hold, so that everything that asks "has this
happened?" sees a plan, never a meeting. An occurrence that happened is recorded as its own
interaction (`series_id` names the series), with the series' people."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from meetup_tracker.errors import InvalidInput
from meetup_tracker.storage.sql import Sql, day

SERIES_DAY = date(9998, 12, 31)  # a series' happened_on: always ahead, never "met"
_EVERY_RE = re.compile(r"^(?:every\s+)?(?:(\d{1,3})\s+)?(day|week|month|year)s?$")
_WORDS = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "yearly": ("YEARLY", 1),
    "annually": ("YEARLY", 1),
}
_UNITS = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_NOUNS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def parse_repeat(text: str) -> str:
    """`weekly`, `monthly`, `yearly`, `every 2 weeks`, `every month` as an RRULE
    (`FREQ=WEEKLY;INTERVAL=2`); anything else is one line with examples."""
    value = " ".join(text.strip().lower().split())
    if value in _WORDS:
        freq, interval = _WORDS[value]
    else:
        m = _EVERY_RE.match(value)
        if not m or (m.group(1) is not None and int(m.group(1)) < 1):
            raise InvalidInput(
                f"'{text}' is not a way to repeat",
                hint="say weekly, monthly, yearly or 'every 2 weeks'",
            )
        freq, interval = _UNITS[m.group(2)], int(m.group(1) or 1)
    return f"FREQ={freq};INTERVAL={interval}"


@dataclass(frozen=True)
class Rule:
    """A series' rule, as stored: the RRULE part and the days left out."""

    rrule: str
    skipped: tuple[str, ...] = ()

    @classmethod
    def read(cls, stored: str) -> Rule:
        """The stored text taken apart."""
        parts = [p for p in stored.split(";") if p]
        skipped: tuple[str, ...] = ()
        kept = []
        for part in parts:
            if part.startswith("EXDATE="):
                skipped = tuple(d for d in part[7:].split(",") if d)
            else:
                kept.append(part)
        return cls(";".join(kept), skipped)

    def text(self) -> str:
        """As stored."""
        return self.rrule + (f";EXDATE={','.join(self.skipped)}" if self.skipped else "")

    def without(self, day: date) -> Rule:
        """The rule with one more day left out."""
        return Rule(self.rrule, tuple(sorted({*self.skipped, day.isoformat()})))

    def describe(self) -> str:
        """`every week`, `every 2 months`."""
        fields = dict(p.split("=", 1) for p in self.rrule.split(";") if "=" in p)
        noun = _NOUNS.get(fields.get("FREQ", ""), "time")
        interval = int(fields.get("INTERVAL", "1") or 1)
        return f"every {noun}" if interval == 1 else f"every {interval} {noun}s"


def occurrences(
    stored: str, start: date, until: date | None, *, after: date, before: date
) -> Iterator[date]:
    """The days a series falls on from `after` to `before` (both included), those left out
    excepted."""
    from dateutil.rrule import rrulestr

    rule = Rule.read(stored)
    last = min(d for d in (until, before) if d is not None)
    if last < after:
        return
    recurrence = rrulestr(rule.rrule, dtstart=datetime.combine(start, datetime.min.time()))
    skipped = set(rule.skipped)
    low = datetime.combine(after, datetime.min.time())
    high = datetime.combine(last, datetime.min.time())
    for moment in recurrence.between(low, high, inc=True):
        if moment.date().isoformat() not in skipped:
            yield moment.date()


def next_day(stored: str, start: date, until: date | None, after: date) -> date | None:
    """The first day of a series on or after `after` (None when it is over)."""
    return next(
        occurrences(stored, start, until, after=after, before=after + timedelta(days=3660)), None
    )


def last_day_before(
    stored: str, start: date, until: date | None, on_or_before: date
) -> date | None:
    """The latest day of a series on or before a day (None before it starts)."""
    days = list(occurrences(stored, start, until, after=start, before=on_or_before))
    return days[-1] if days else None


def series_of(conn: Sql, interaction_id: int) -> tuple[str, date, date | None] | None:
    """A series' rule, first day and last (None for an interaction that is not one)."""
    row = conn.execute(
        "SELECT repeat, repeat_from, repeat_until FROM interaction WHERE id = :id",
        {"id": interaction_id},
    ).fetchone()
    if row is None or row[0] is None:
        return None
    until = date.fromisoformat(str(day(row[2]))) if row[2] else None
    return str(row[0]), date.fromisoformat(str(day(row[1]))), until


def record_occurrence(*, conn: Sql, series_id: int, on: date | None, detach: bool = False) -> int:
    """One day of a series happened: recorded as its own meeting, with the series' people,
    place and event (the series goes on). Without a day, its latest day up to today. With
    `detach`, a day still ahead becomes a plan of its own (to change it alone), left out of
    the series."""
    from meetup_tracker.dates import today
    from meetup_tracker.models import Attendee, Interaction
    from meetup_tracker.storage import rows

    found = series_of(conn, series_id)
    assert found is not None
    stored, start, until = found
    if on is None:
        on = last_day_before(stored, start, until, today())
        if on is None:
            raise InvalidInput(
                f"#{series_id} has not had a day yet (it starts {start.isoformat()})",
                hint="give the day: --on DATE",
            )
    elif on > today() and not detach:
        raise InvalidInput(f"{on.isoformat()} is still ahead; a done meeting is today or before")
    elif on.isoformat() not in {
        d.isoformat() for d in occurrences(stored, start, until, after=on, before=on)
    }:
        raise InvalidInput(
            f"#{series_id} does not fall on {on.isoformat()}",
            hint="give one of its days, or record the meeting with meetup met",
        )
    taken = conn.execute(
        "SELECT id FROM interaction WHERE series_id = :s AND happened_on = :on",
        {"s": series_id, "on": on.isoformat()},
    ).fetchone()
    if taken is not None:
        raise InvalidInput(f"{on.isoformat()} of #{series_id} is already recorded as #{taken[0]}")
    kind, place, lat, lon, event = conn.execute(
        "SELECT kind, place, lat, lon, event FROM interaction WHERE id = :id", {"id": series_id}
    ).fetchone()
    new = rows.insert(
        conn,
        Interaction,
        {
            "kind": kind,
            "happened_on": on,
            "place": place,
            "lat": lat,
            "lon": lon,
            "event": event,
            "series_id": series_id,
        },
    )
    assert new is not None
    people = [
        int(c)
        for (c,) in conn.execute(
            "SELECT contact_id FROM attendee WHERE interaction_id = :id", {"id": series_id}
        )
    ]
    rows.insert_many(conn, Attendee, ({"interaction_id": new, "contact_id": c} for c in people))
    if detach:
        skip_occurrence(conn=conn, series_id=series_id, on=on)
    return new


def skip_occurrence(*, conn: Sql, series_id: int, on: date) -> None:
    """Leave one day out of a series (it is cancelled, or moved to its own meeting)."""
    from meetup_tracker.models import Interaction
    from meetup_tracker.storage import rows

    found = series_of(conn, series_id)
    assert found is not None
    stored, start, until = found
    if not any(occurrences(stored, start, until, after=on, before=on)):
        raise InvalidInput(f"#{series_id} does not fall on {on.isoformat()}")
    rows.update(conn, Interaction, {"repeat": Rule.read(stored).without(on).text()}, id=series_id)
