"""Meetings, calls, video calls and messages with one or more contacts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from meetup_tracker.db import day, in_list
from meetup_tracker.errors import InvalidInput
from meetup_tracker.services.contacts import clean_text

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.db import Sql
    from meetup_tracker.models import Contact, Interaction
    from meetup_tracker.services.places import Located

IN_PERSON = "in-person"
INTERACTION_KINDS = (IN_PERSON, "call", "video", "message")


def check_kind(kind: str) -> str:
    """The interaction kind, lowercased; InvalidInput naming the kinds there are."""
    value = kind.strip().lower().replace("_", "-")
    if value in ("inperson", "in person", "met", "meeting"):
        value = "in-person"
    if value not in INTERACTION_KINDS:
        raise InvalidInput(
            f"'{kind}' is not a kind of interaction", hint="use " + ", ".join(INTERACTION_KINDS)
        )
    return value


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
    """One interaction with every contact given (a group event is one meeting, many attendees)."""
    from meetup_tracker.models import Attendee, Interaction

    if not contacts:
        raise InvalidInput("name at least one contact")
    interaction = Interaction(
        kind=check_kind(kind),
        happened_on=on,
        place=clean_text(location.name, "place") if location else None,
        lat=location.lat if location else None,
        lon=location.lon if location else None,
        event=clean_text(event, "event"),
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
    attendees: list[Attendance] = field(default_factory=list)

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
        }


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
    conditions = ["TRUE"]
    params: dict[str, Any] = {}
    if interaction_id is not None:
        conditions.append("i.id = :interaction_id")
        params["interaction_id"] = interaction_id
    if contact_id is not None:
        conditions.append(
            "i.id IN (SELECT interaction_id FROM attendee WHERE contact_id = :contact_id)"
        )
        params["contact_id"] = contact_id
    if since is not None:
        conditions.append("i.happened_on >= :since")
        params["since"] = since.isoformat()
    if kind is not None:
        conditions.append("i.kind = :kind")
        params["kind"] = check_kind(kind)
    sql = (
        "SELECT i.id, i.kind, i.happened_on, i.place, i.event, i.note, i.lat, i.lon"
        " FROM interaction i"
        f" WHERE {' AND '.join(conditions)} ORDER BY i.happened_on DESC, i.id DESC"
    )
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    views = [
        InteractionView(iid, kind_, str(day(when)), *rest)
        for iid, kind_, when, *rest in conn.execute(sql, params)
    ]
    by_id = {v.id: v for v in views}
    for start in range(0, len(views), 500):
        listed, ids = in_list("id", [v.id for v in views[start : start + 500]])
        for interaction_id_, cid, name in conn.execute(
            "SELECT a.interaction_id, c.id, c.name FROM attendee a"
            " JOIN contact c ON c.id = a.contact_id"
            f" WHERE a.interaction_id IN {listed} ORDER BY c.name_key, c.id",
            ids,
        ):
            by_id[interaction_id_].attendees.append(Attendance(cid, name))
    return views
