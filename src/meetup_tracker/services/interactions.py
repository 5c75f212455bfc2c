"""Meetings, calls, video calls and messages with one or more contacts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import today
from meetup_tracker.db import day, in_list, stream
from meetup_tracker.errors import Conflict, InvalidInput, NotFound
from meetup_tracker.services.contacts import clean_text

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.db import Sql
    from meetup_tracker.models import Contact, Interaction
    from meetup_tracker.services.places import Located

IN_PERSON = "in-person"
INTERACTION_KINDS = (IN_PERSON, "call", "video", "message")
# What people type for a kind: a phone call is a call, a Zoom a video call, an email a message.
KIND_ALIASES = {
    "inperson": IN_PERSON,
    "in person": IN_PERSON,
    "met": IN_PERSON,
    "meeting": IN_PERSON,
    "meet": IN_PERSON,
    "irl": IN_PERSON,
    "phone": "call",
    "phone call": "call",
    "phone-call": "call",
    "phonecall": "call",
    "video call": "video",
    "video-call": "video",
    "videocall": "video",
    "zoom": "video",
    "facetime": "video",
    "dm": "message",
    "email": "message",
    "text": "message",
    "sms": "message",
    "chat": "message",
    "messages": "message",
}
# A date further ahead than this is more likely a typo (2062 for 2026) than a plan.
FAR_AHEAD_DAYS = 2 * 365


def check_kind(kind: str) -> str:
    """The interaction kind, lowercased; InvalidInput naming the kinds there are."""
    value = " ".join(kind.strip().lower().replace("_", "-").split())
    value = KIND_ALIASES.get(value, value)
    if value not in INTERACTION_KINDS:
        raise InvalidInput(
            f"'{kind}' is not a kind of interaction",
            hint="use " + ", ".join(INTERACTION_KINDS) + " (phone is a call)",
        )
    return value


def noun(kind: str, count: int = 1) -> str:
    """How an interaction of this kind is named in a sentence: meeting, call, video call."""
    word = {IN_PERSON: "meeting", "video": "video call"}.get(kind, kind)
    return word if count == 1 else word + "s"


def record_interaction(
    *,
    session: Session,
    contacts: Sequence[Contact],
    kind: str,
    on: date,
    location: Located | None = None,
    event: str | None = None,
    note: str | None = None,
) -> Interaction:
    """One interaction with every contact given (a group event is one meeting, many
    attendees). An event may be recorded before you know who was there: no contacts, then."""
    from meetup_tracker.models import Attendee, Interaction

    event = clean_text(event, "event")
    if not contacts and not event:
        raise InvalidInput(
            "name at least one person",
            hint="or give --event to record an event now and add the people later",
        )
    interaction = Interaction(
        kind=check_kind(kind),
        happened_on=on,
        place=clean_text(location.name, "place") if location else None,
        lat=location.lat if location else None,
        lon=location.lon if location else None,
        event=event,
        note=clean_text(note, "note"),
        created_at=datetime.now(UTC).replace(microsecond=0),
    )
    session.add(interaction)
    session.flush()
    assert interaction.id is not None
    for contact in contacts:
        assert contact.id is not None
        session.add(Attendee(interaction_id=interaction.id, contact_id=contact.id))
    session.flush()
    return interaction


def find_interaction_id(*, conn: Sql, ref: str) -> int:
    """The id of the interaction a reference (`12` or `#12`) names; NotFound otherwise."""
    text = ref.strip().removeprefix("#")
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise InvalidInput(
            f"'{ref}' is not a meeting number",
            hint="use the number 'meetup meetings' shows, e.g. 12",
        )
    found = conn.execute("SELECT id FROM interaction WHERE id = :id", {"id": int(text)}).fetchone()
    if found is None:
        raise NotFound(f"no meeting or call #{text}", hint="see 'meetup meetings'")
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
    add: Sequence[Contact] = ()
    remove: Sequence[Contact] = ()

    def is_empty(self) -> bool:
        """Whether nothing would change."""
        texts = (self.on, self.kind, self.location, self.event, self.note)
        return all(v is None for v in texts) and not (self.clear_place or self.add or self.remove)


def edit_interaction(*, session: Session, interaction_id: int, changes: InteractionChanges) -> None:
    """Apply changes to one interaction, all or nothing."""
    from sqlalchemy import text

    from meetup_tracker.models import Attendee, Interaction

    if changes.is_empty():
        raise InvalidInput(
            "nothing to change",
            hint="give an option such as --on, --at, --event, --note, --add-person",
        )
    row = session.get(Interaction, interaction_id)
    if row is None:
        raise NotFound(f"no meeting or call #{interaction_id}", hint="see 'meetup meetings'")
    if changes.on is not None:
        row.happened_on = changes.on
    if changes.kind is not None:
        row.kind = check_kind(changes.kind)
    if changes.clear_place:
        row.place, row.lat, row.lon = None, None, None
    elif changes.location is not None:
        row.place = clean_text(changes.location.name, "place")
        row.lat, row.lon = changes.location.lat, changes.location.lon
    if changes.event is not None:
        row.event = clean_text(changes.event, "event")
    if changes.note is not None:
        row.note = clean_text(changes.note, "note")
    session.add(row)
    present = {
        cid
        for (cid,) in session.execute(
            text("SELECT contact_id FROM attendee WHERE interaction_id = :id"),
            {"id": interaction_id},
        )
    }
    for contact in changes.remove:
        if contact.id not in present:
            raise NotFound(f"{contact.name} (#{contact.id}) is not on #{interaction_id}")
        session.execute(
            text("DELETE FROM attendee WHERE interaction_id = :i AND contact_id = :c"),
            {"i": interaction_id, "c": contact.id},
        )
        present.discard(contact.id)
    for contact in changes.add:
        if contact.id in present:
            raise Conflict(f"{contact.name} (#{contact.id}) is already on #{interaction_id}")
        assert contact.id is not None
        session.add(Attendee(interaction_id=interaction_id, contact_id=contact.id))
        present.add(contact.id)
    if not present and not row.event:
        raise InvalidInput(
            f"#{interaction_id} would have nobody and no event",
            hint=f"to remove it: meetup meetings rm {interaction_id}",
        )
    session.flush()


def remove_interaction(*, session: Session, interaction_id: int) -> None:
    """Delete one interaction (its attendee rows go with it)."""
    from sqlalchemy import text

    session.execute(text("DELETE FROM interaction WHERE id = :id"), {"id": interaction_id})


def mark_done(*, session: Session, interaction_id: int, on: date) -> None:
    """A planned interaction happened (on `on`, today by default): it becomes a memory."""
    from meetup_tracker.models import Interaction

    row = session.get(Interaction, interaction_id)
    assert row is not None
    if row.happened_on <= today():
        raise Conflict(
            f"#{interaction_id} is not planned: it happened on {row.happened_on.isoformat()}",
            hint=f"to change its date: meetup meetings edit {interaction_id} --on DATE",
        )
    if on > today():
        raise InvalidInput(f"{on.isoformat()} is still ahead; a done meeting is today or before")
    row.happened_on = on
    session.add(row)
    session.flush()


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
    attendees: list[Attendance] = field(default_factory=list)

    @property
    def planned(self) -> bool:
        """A date still ahead: a plan, not a memory (it does not make anyone "met")."""
        return self.date > today().isoformat()

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
        f" i.created_by FROM interaction i WHERE {condition}"
        " ORDER BY i.happened_on DESC, i.id DESC"
    )
    if limit is not None and chosen.event is None and chosen.near is None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    result = stream(conn, sql, params)
    given = 0
    while batch := result.fetchmany(500):
        views = [
            InteractionView(iid, kind_, str(day(when)), *rest) for iid, kind_, when, *rest in batch
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


def next_meetings(*, conn: Sql) -> dict[int, str]:
    """For each contact with an in-person meeting planned, the day of the first one."""
    # From the (few) plans to their people: the date index, not a scan of every attendee.
    sql = (
        "SELECT a.contact_id, min(i.happened_on) FROM interaction i"
        " JOIN attendee a ON a.interaction_id = i.id WHERE i.id IN (SELECT id FROM interaction"
        " WHERE kind = 'in-person' AND happened_on > :today) GROUP BY a.contact_id"
    )
    return {cid: str(day(when)) for cid, when in conn.execute(sql, {"today": today().isoformat()})}


def interaction_view(*, conn: Sql, interaction_id: int) -> InteractionView:
    """One interaction with who took part."""
    (view,) = list_interactions(conn=conn, interaction_id=interaction_id)
    return view
