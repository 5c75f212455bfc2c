"""Meetings, calls, video calls and messages with one or more contacts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import today
from meetup_tracker.errors import Conflict, InvalidInput, NotFound
from meetup_tracker.kinds import IN_PERSON
from meetup_tracker.services.validators import check_kind, clean_text
from meetup_tracker.storage.sql import day, in_list

if TYPE_CHECKING:
    from meetup_tracker.services.places import Located
    from meetup_tracker.services.refs import Ref
    from meetup_tracker.storage.sql import Sql


def noun(kind: str, count: int = 1) -> str:
    """How an interaction of this kind is named in a sentence: meeting, call, video call."""
    word = {IN_PERSON: "meeting", "video": "video call"}.get(kind, kind)
    return word if count == 1 else word + "s"


def record_interaction(
    *,
    conn: Sql,
    contact_ids: Sequence[int],
    kind: str,
    on: date,
    location: Located | None = None,
    event: str | None = None,
    note: str | None = None,
    repeat: str | None = None,
    repeat_until: date | None = None,
) -> int:
    """One interaction with every contact given (a group event is one meeting, many
    attendees), and its id. An event may be recorded before you know who was there: no
    contacts, then. With `repeat` (an RRULE), a series starting `on` (services/series.py)."""
    from meetup_tracker.models import Attendee, Interaction
    from meetup_tracker.services.series import SERIES_DAY
    from meetup_tracker.storage import rows

    event = clean_text(event, "event")
    if not contact_ids and not event:
        raise InvalidInput(
            "name at least one person",
            hint="or give --event to record an event now and add the people later",
        )
    interaction_id = rows.insert(
        conn,
        Interaction,
        {
            "kind": check_kind(kind),
            "happened_on": SERIES_DAY if repeat else on,
            "repeat": repeat,
            "repeat_from": on if repeat else None,
            "repeat_until": repeat_until if repeat else None,
            "place": clean_text(location.name, "place") if location else None,
            "lat": location.lat if location else None,
            "lon": location.lon if location else None,
            "event": event,
            "note": clean_text(note, "note"),
        },
    )
    assert interaction_id is not None
    rows.insert_many(
        conn, Attendee, ({"interaction_id": interaction_id, "contact_id": c} for c in contact_ids)
    )
    return interaction_id


def find_interaction_id(*, conn: Sql, ref: str) -> int:
    """The id of the interaction a reference (`12` or `#12`) names; NotFound otherwise."""
    from meetup_tracker.services.refs import row_number

    number = row_number(ref, "meeting", "use the number 'meetup meetings' shows, e.g. 12")
    found = conn.execute("SELECT id FROM interaction WHERE id = :id", {"id": number}).fetchone()
    if found is None:
        raise NotFound(f"no meeting or call #{number}", hint="see 'meetup meetings'")
    return int(found[0])


@dataclass
class InteractionChanges:
    """What `meetings edit` changes; None leaves a field alone, "" clears a text."""

    on: date | None = None
    kind: str | None = None
    location: Located | None = None
    clear_place: bool = False
    event: str | None = None
    note: str | None = None
    add: Sequence[Ref] = ()
    remove: Sequence[Ref] = ()

    def is_empty(self) -> bool:
        """Whether nothing would change."""
        texts = (self.on, self.kind, self.location, self.event, self.note)
        return all(v is None for v in texts) and not (self.clear_place or self.add or self.remove)


def edit_interaction(*, conn: Sql, interaction_id: int, changes: InteractionChanges) -> None:
    """Apply changes to one interaction, all or nothing."""
    from meetup_tracker.models import Attendee, Interaction
    from meetup_tracker.storage import rows

    if changes.is_empty():
        raise InvalidInput(
            "nothing to change",
            hint="give an option such as --on, --at, --event, --note, --add-person",
        )
    found = conn.execute(
        "SELECT event FROM interaction WHERE id = :id", {"id": interaction_id}
    ).fetchone()
    if found is None:
        raise NotFound(f"no meeting or call #{interaction_id}", hint="see 'meetup meetings'")
    values: dict[str, Any] = {}
    if changes.on is not None:  # a series moves its first day; it stays a plan
        repeats = conn.execute(
            "SELECT repeat FROM interaction WHERE id = :id", {"id": interaction_id}
        ).fetchone()[0]
        values["repeat_from" if repeats else "happened_on"] = changes.on
    if changes.kind is not None:
        values["kind"] = check_kind(changes.kind)
    if changes.clear_place:
        values.update(place=None, lat=None, lon=None)
    elif changes.location is not None:
        values["place"] = clean_text(changes.location.name, "place")
        values.update(lat=changes.location.lat, lon=changes.location.lon)
    if changes.event is not None:
        values["event"] = clean_text(changes.event, "event")
    if changes.note is not None:
        values["note"] = clean_text(changes.note, "note")
    event = values.get("event", found[0])
    present = {
        cid
        for (cid,) in conn.execute(
            "SELECT contact_id FROM attendee WHERE interaction_id = :id", {"id": interaction_id}
        )
    }
    for contact in changes.remove:
        if contact.id not in present:
            raise NotFound(f"{contact.name} (#{contact.id}) is not on #{interaction_id}")
        rows.delete(conn, Attendee, interaction_id=interaction_id, contact_id=contact.id)
        present.discard(contact.id)
    for contact in changes.add:
        if contact.id in present:
            raise Conflict(f"{contact.name} (#{contact.id}) is already on #{interaction_id}")
        rows.insert(conn, Attendee, {"interaction_id": interaction_id, "contact_id": contact.id})
        present.add(contact.id)
    if not present and not event:
        raise InvalidInput(
            f"#{interaction_id} would have nobody and no event",
            hint=f"to remove it: meetup meetings rm {interaction_id}",
        )
    rows.update(conn, Interaction, values, id=interaction_id)


def remove_interaction(*, conn: Sql, interaction_id: int) -> None:
    """Delete one interaction (its attendee rows go with it)."""
    from meetup_tracker.models import Interaction
    from meetup_tracker.storage import rows

    rows.delete(conn, Interaction, id=interaction_id)


def mark_done(*, conn: Sql, interaction_id: int, on: date | None) -> int:
    """A planned interaction happened (on `on`, today by default): it becomes a memory. For a
    series, that day is recorded as its own meeting and the series goes on; the id of what
    now holds the memory."""
    from meetup_tracker.models import Interaction
    from meetup_tracker.services.series import record_occurrence, series_of
    from meetup_tracker.storage import rows

    if series_of(conn, interaction_id) is not None:
        return record_occurrence(conn=conn, series_id=interaction_id, on=on)
    on = on or today()

    (when,) = conn.execute(
        "SELECT happened_on FROM interaction WHERE id = :id", {"id": interaction_id}
    ).fetchone()
    if str(day(when)) <= today().isoformat():
        raise Conflict(
            f"#{interaction_id} is not planned: it happened on {day(when)}",
            hint=f"to change its date: meetup meetings edit {interaction_id} --on DATE",
        )
    if on > today():
        raise InvalidInput(f"{on.isoformat()} is still ahead; a done meeting is today or before")
    rows.update(conn, Interaction, {"happened_on": on}, id=interaction_id)
    return interaction_id


@dataclass
class Attendance:
    """Someone who took part, as listed with an interaction."""

    id: int
    name: str


@dataclass
class InteractionView:
    """An interaction with the names of everyone who took part."""

    id: int
    kind: str
    date: str
    place: str | None
    event: str | None
    note: str | None
    lat: float | None = None
    lon: float | None = None
    by: str | None = None  # who recorded it (on a team database, their role)
    repeat: str | None = None  # a series' rule (then `date` is its next day)
    repeat_from: str | None = None
    repeat_until: str | None = None
    attendees: list[Attendance] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.repeat and self.repeat_from:
            from meetup_tracker.services.series import last_day_before, next_day

            start = date.fromisoformat(self.repeat_from)
            until = date.fromisoformat(self.repeat_until) if self.repeat_until else None
            upcoming = next_day(self.repeat, start, until, today())
            later = upcoming or last_day_before(self.repeat, start, until, today()) or start
            self.date = later.isoformat()

    @property
    def planned(self) -> bool:
        """A date still ahead: a plan, not a memory (it does not make anyone "met"); a series
        while it has days to come."""
        if self.repeat:
            return self.date >= today().isoformat()
        return self.date > today().isoformat()

    @property
    def repeats(self) -> str | None:
        """`every 2 weeks`, for a series."""
        from meetup_tracker.services.series import Rule

        return Rule.read(self.repeat).describe() if self.repeat else None

    def to_json(self) -> dict[str, Any]:
        """The public interaction object of --json output."""
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.date,
            "place": self.place,
            "lat": self.lat,
            "lon": self.lon,
            "event": self.event,
            "note": self.note,
            "attendees": [{"id": a.id, "name": a.name} for a in self.attendees],
            "planned": self.planned,
            "by": self.by,
            "repeat": self.repeats,
            "series_from": self.repeat_from,
            "series_until": self.repeat_until,
        }


@dataclass
class InteractionFilter:
    """Which interactions a listing shows; every field left as None lets all through."""

    contact_id: int | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None
    event: str | None = None  # a part of the event's name, any case or accents
    near: tuple[float, float, float] | None = None  # lat, lon, km
    planned: bool | None = None
    interaction_id: int | None = None
    by: str | None = None  # recorded by this user

    def sql(self) -> tuple[str, dict[str, Any]]:
        """The SQL condition on `i` for what SQL can decide, and its parameters."""
        conditions = ["TRUE"]
        params: dict[str, Any] = {}
        if self.interaction_id is not None:
            conditions.append("i.id = :interaction_id")
            params["interaction_id"] = self.interaction_id
        if self.contact_id is not None:
            conditions.append(
                "i.id IN (SELECT interaction_id FROM attendee WHERE contact_id = :contact_id)"
            )
            params["contact_id"] = self.contact_id
        if self.since is not None:
            conditions.append("i.happened_on >= :since")
            params["since"] = self.since.isoformat()
        if self.until is not None:
            conditions.append("i.happened_on <= :until")
            params["until"] = self.until.isoformat()
        if self.by is not None:
            conditions.append("i.created_by = :by")
            params["by"] = self.by
        if self.kind is not None:
            conditions.append("i.kind = :kind")
            params["kind"] = check_kind(self.kind)
        if self.planned is not None:
            conditions.append(
                "i.happened_on > :today" if self.planned else "i.happened_on <= :today"
            )
            params["today"] = today().isoformat()
        if self.event is not None:
            conditions.append("i.event IS NOT NULL")
        if self.near is not None:
            from meetup_tracker.services.views import within_box

            condition, box = within_box("i", *self.near)
            conditions.append(condition)
            params.update(box)
        return " AND ".join(conditions), params

    def keeps(self, view: InteractionView) -> bool:
        """What SQL cannot decide portably: accent-blind text, and the exact distance."""
        from meetup_tracker.handles import fold

        if self.event is not None and fold(self.event) not in fold(view.event or ""):
            return False
        if self.near is not None:
            from meetup_tracker.services.views import distance_within

            return distance_within(self.near, view.lat, view.lon) is not None
        return True


def iter_interactions(
    *, conn: Sql, where: InteractionFilter | None = None, limit: int | None = None
) -> Iterator[InteractionView]:
    """Interactions, newest first, with who took part; streamed a batch at a time."""
    chosen = where or InteractionFilter()
    condition, params = chosen.sql()
    sql = (
        "SELECT i.id, i.kind, i.happened_on, i.place, i.event, i.note, i.lat, i.lon,"
        " i.created_by, i.repeat, i.repeat_from, i.repeat_until"
        f" FROM interaction i WHERE {condition}"
        " ORDER BY i.happened_on DESC, i.id DESC"
    )
    if limit is not None and chosen.event is None and chosen.near is None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    result = conn.stream(sql, params)
    given = 0
    while batch := result.fetchmany(500):
        views = [
            InteractionView(
                iid,
                kind_,
                str(day(when)),
                *rest[:7],
                *(str(day(d)) if d else None for d in rest[7:]),
            )
            for iid, kind_, when, *rest in batch
        ]
        views = [v for v in views if chosen.keeps(v)]
        _attach_people(conn, views)
        for view in views:
            if limit is not None and given >= limit:
                return
            given += 1
            yield view


def _attach_people(conn: Sql, views: Sequence[InteractionView]) -> None:
    if not views:
        return
    by_id = {v.id: v for v in views}
    listed, ids = in_list("id", list(by_id))
    for interaction_id, cid, name in conn.execute(
        "SELECT a.interaction_id, c.id, c.name FROM attendee a"
        " JOIN contact c ON c.id = a.contact_id"
        f" WHERE a.interaction_id IN {listed} ORDER BY c.name_key, c.id",
        ids,
    ):
        by_id[interaction_id].attendees.append(Attendance(cid, name))


def list_interactions(
    *,
    conn: Sql,
    contact_id: int | None = None,
    since: date | None = None,
    kind: str | None = None,
    limit: int | None = None,
    interaction_id: int | None = None,
) -> list[InteractionView]:
    """Interactions, newest first, optionally only one contact's, since a date, or of one kind."""
    where = InteractionFilter(
        contact_id=contact_id, since=since, kind=kind, interaction_id=interaction_id
    )
    return list(iter_interactions(conn=conn, where=where, limit=limit))


def list_planned(*, conn: Sql, where: InteractionFilter) -> list[InteractionView]:
    """Plans (interactions still ahead), soonest first."""
    plans = dataclasses.replace(where, planned=True)  # the caller's filter stays as it was
    return sorted(iter_interactions(conn=conn, where=plans), key=lambda v: (v.date, v.id))


def next_meetings(*, conn: Sql, any_kind: bool = False) -> dict[int, str]:
    """For each contact with an in-person meeting planned (or, `any_kind`, a call or message
    too), the day of the first one."""
    # From the (few) plans to their people: the date index, not a scan of every attendee.
    from meetup_tracker.services.series import SERIES_DAY, next_day

    kinds = "" if any_kind else "kind = 'in-person' AND "
    sql = (
        "SELECT a.contact_id, min(i.happened_on) FROM interaction i"
        " JOIN attendee a ON a.interaction_id = i.id WHERE i.id IN (SELECT id FROM interaction"
        f" WHERE {kinds}happened_on > :today AND repeat IS NULL) GROUP BY a.contact_id"
    )
    now = today()
    found = {cid: str(day(when)) for cid, when in conn.execute(sql, {"today": now.isoformat()})}
    series = (  # the next day of each series (a few rows: plans that repeat)
        "SELECT a.contact_id, i.repeat, i.repeat_from, i.repeat_until FROM interaction i"
        " JOIN attendee a ON a.interaction_id = i.id"
        f" WHERE {kinds}i.happened_on = :series"
    )
    for cid, rule, start, until in conn.execute(series, {"series": SERIES_DAY.isoformat()}):
        last = date.fromisoformat(str(day(until))) if until else None
        upcoming = next_day(str(rule), date.fromisoformat(str(day(start))), last, now)
        if upcoming is not None and upcoming.isoformat() < found.get(cid, "9999"):
            found[cid] = upcoming.isoformat()
    return found


def interaction_view(*, conn: Sql, interaction_id: int) -> InteractionView:
    """One interaction with who took part."""
    (view,) = list_interactions(conn=conn, interaction_id=interaction_id)
    return view
