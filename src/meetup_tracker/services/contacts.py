"""Adding, changing, removing and merging contacts, with their handles and tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from meetup_tracker.db import in_list
from meetup_tracker.errors import Conflict, InvalidInput, NotFound
from meetup_tracker.handles import Handle, fold, parse_handle
from meetup_tracker.text import has_control, tag_key

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.db import Sql
    from meetup_tracker.models import Contact
    from meetup_tracker.services.places import Located

MAX_NAME = 200
MAX_TAG = 64


def clean_name(name: str) -> str:
    """A contact's name, trimmed; InvalidInput when empty, too long or not printable."""
    value = " ".join(name.split())
    if not value:
        raise InvalidInput("a contact needs a name")
    if len(value) > MAX_NAME:
        raise InvalidInput(f"name is too long ({len(value)} characters; at most {MAX_NAME})")
    if has_control(value):
        raise InvalidInput("name holds control characters")
    return value


def clean_text(value: str | None, what: str) -> str | None:
    """Free text such as a city or note: trimmed, None when empty, no NUL bytes."""
    if value is None:
        return None
    if "\x00" in value:
        raise InvalidInput(f"{what} holds a NUL byte")
    value = value.replace("\r\n", "\n").strip()
    return value or None


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without a leading '#', each once (ignoring case)."""
    seen: dict[str, str] = {}
    for raw in tags:
        tag = " ".join(raw.strip().lstrip("#").split())
        if not tag:
            raise InvalidInput("empty tag")
        if len(tag) > MAX_TAG or has_control(tag):
            raise InvalidInput(
                f"'{tag[:40]}' is not a tag",
                hint=f"tags are short words, at most {MAX_TAG} characters",
            )
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def parse_handles(values: Iterable[str]) -> list[Handle]:
    """Handles typed on the command line, each once."""
    handles: dict[tuple[str, str], Handle] = {}
    for value in values:
        handle = parse_handle(value)
        handles.setdefault((handle.platform, handle.key), handle)
    return list(handles.values())


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def add_contact(
    *,
    session: Session,
    name: str,
    location: Located | None = None,
    handles: Sequence[str] = (),
    tags: Sequence[str] = (),
    note: str | None = None,
    since: date | None = None,
    company: str | None = None,
    position: str | None = None,
) -> Contact:
    """Create a contact; every handle must be free (Conflict names the contact who has it).

    `location` comes from `places.locate`: the city resolved to coordinates, or typed ones.
    """
    from meetup_tracker.models import Contact

    clean = clean_name(name)
    parsed = parse_handles(handles)
    now = _now()
    contact = Contact(
        name=clean,
        name_key=fold(clean),
        note=clean_text(note, "note"),
        since=since,
        company=clean_text(company, "company"),
        position=clean_text(position, "position"),
        created_at=now,
        updated_at=now,
    )
    _move(contact, location)
    session.add(contact)
    session.flush()
    _add_handles(session, contact, parsed)
    _add_tags(session, contact, clean_tags(tags))
    return contact


def _move(contact: Contact, location: Located | None) -> None:
    """Set a contact's city and coordinates from a location."""
    if location is None:
        return
    if not location.keep_name:
        contact.city = clean_text(location.name, "city")
    contact.lat, contact.lon, contact.geonameid = location.lat, location.lon, location.geonameid


@dataclass
class ContactChanges:
    """What `contact edit` changes; None leaves a field alone, "" clears it."""

    name: str | None = None
    location: Located | None = None
    note: str | None = None
    since: date | None = None
    clear_since: bool = False
    add_handles: Sequence[str] = ()
    remove_handles: Sequence[str] = ()
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    company: str | None = None
    position: str | None = None

    def is_empty(self) -> bool:
        """Whether nothing would change."""
        return not (
            self.name is not None
            or self.location is not None
            or self.note is not None
            or self.since is not None
            or self.clear_since
            or self.add_handles
            or self.remove_handles
            or self.add_tags
            or self.remove_tags
            or self.company is not None
            or self.position is not None
        )


def edit_contact(*, session: Session, contact: Contact, changes: ContactChanges) -> Contact:
    """Apply changes to a contact, all or nothing."""
    if changes.is_empty():
        raise InvalidInput(
            "nothing to change", hint="give an option such as --name, --city, --handle or --tag"
        )
    # Handles and tags first: their errors name the contact as the user knows them now.
    _remove_handles(session, contact, parse_handles(changes.remove_handles))
    _add_handles(session, contact, parse_handles(changes.add_handles))
    _remove_tags(session, contact, clean_tags(changes.remove_tags))
    _add_tags(session, contact, clean_tags(changes.add_tags))
    if changes.name is not None:
        contact.name = clean_name(changes.name)
        contact.name_key = fold(contact.name)
    _move(contact, changes.location)
    if changes.note is not None:
        contact.note = clean_text(changes.note, "note")
    if changes.company is not None:
        contact.company = clean_text(changes.company, "company")
    if changes.position is not None:
        contact.position = clean_text(changes.position, "position")
    if changes.since is not None:
        contact.since = changes.since
    if changes.clear_since:
        contact.since = None
    contact.updated_at = _now()
    session.add(contact)
    session.flush()
    return contact


_THEIRS = (
    "SELECT i.id, i.kind FROM interaction i JOIN attendee a ON a.interaction_id = i.id"
    " WHERE a.contact_id = :id AND"
)
_OTHERS = "EXISTS (SELECT 1 FROM attendee o WHERE o.interaction_id = i.id AND o.contact_id <> :id)"
# Removed with them: what only they were at, unless it was an event (it happened anyway).
ONLY_THEM = f"{_THEIRS} i.event IS NULL AND NOT {_OTHERS}"
SHARED = f"{_THEIRS} {_OTHERS}"
EVENTS = f"{_THEIRS} i.event IS NOT NULL AND NOT {_OTHERS}"


@dataclass
class Removal:
    """What goes with a contact: the interactions only they took part in (removed too), and
    the shared ones (kept, with the others)."""

    only_them: list[str]  # their kinds
    shared: list[str]
    events: list[str]  # events only they were at: kept, with nobody yet

    def describe(self, label: str) -> str:
        """`Ana (#3) and 2 meetings with only them; 1 shared call keeps the others`, and what
        stays of the events only they were at."""
        from meetup_tracker.services.interactions import noun

        def counted(kinds: list[str], shared: str = "") -> str:
            word = noun(kinds[0], len(kinds)) if len(set(kinds)) == 1 else "interactions"
            return f"{len(kinds)} {shared}{word}"

        text = label
        if self.only_them:
            text += f" and {counted(self.only_them)} with only them"
        if self.shared:
            verb = "keeps" if len(self.shared) == 1 else "keep"
            text += f"; {counted(self.shared, 'shared ')} {verb} the others"
        if self.events:
            verb = "stays" if len(self.events) == 1 else "stay"
            text += f"; {counted(self.events)} at an event {verb}, with nobody yet"
        return text


def removal(*, conn: Sql, contact_id: int) -> Removal:
    """What removing a contact would take with it."""
    params = {"id": contact_id}
    return Removal(
        only_them=[kind for _, kind in conn.execute(ONLY_THEM, params)],
        shared=[kind for _, kind in conn.execute(SHARED, params)],
        events=[kind for _, kind in conn.execute(EVENTS, params)],
    )


def remove_contact(*, session: Session, contact: Contact) -> None:
    """Delete a contact with their handles and tags, and the interactions only they were at
    (one shared with others stays, and so does an event, with nobody yet)."""
    from sqlalchemy import text

    alone = [iid for iid, _ in session.execute(text(ONLY_THEM), {"id": contact.id})]
    session.delete(contact)
    session.flush()
    for start in range(0, len(alone), 500):
        listed, params = in_list("i", alone[start : start + 500])
        session.execute(text(f"DELETE FROM interaction WHERE id IN {listed}"), params)


def merge_contacts(*, session: Session, keep: Contact, other: Contact) -> Contact:
    """Move other's handles, tags and interactions onto keep, fill keep's blanks, remove other."""
    from sqlalchemy import text

    if keep.id == other.id:
        raise InvalidInput(f"cannot merge {keep.name} (#{keep.id}) with themselves")
    ids = {"keep": keep.id, "other": other.id}
    session.execute(text("UPDATE handle SET contact_id = :keep WHERE contact_id = :other"), ids)
    session.execute(
        text(
            "INSERT INTO tag (contact_id, tag, key)"
            " SELECT :keep, tag, key FROM tag WHERE contact_id = :other ON CONFLICT DO NOTHING"
        ),
        ids,
    )
    session.execute(
        text(
            "INSERT INTO attendee (interaction_id, contact_id)"
            " SELECT interaction_id, :keep FROM attendee WHERE contact_id = :other"
            " ON CONFLICT DO NOTHING"
        ),
        ids,
    )
    if keep.city is None and keep.lat is None:
        keep.city, keep.lat, keep.lon = other.city, other.lat, other.lon
        keep.geonameid = other.geonameid
    if other.note and other.note != keep.note:
        keep.note = f"{keep.note}\n{other.note}" if keep.note else other.note
    keep.company = keep.company or other.company
    keep.position = keep.position or other.position
    if other.since and (keep.since is None or other.since < keep.since):
        keep.since = other.since
    keep.updated_at = _now()
    session.add(keep)
    session.delete(other)
    session.flush()
    return keep


def _add_handles(session: Session, contact: Contact, handles: Sequence[Handle]) -> None:
    from sqlmodel import select

    from meetup_tracker.models import Contact as ContactRow
    from meetup_tracker.models import Handle as HandleRow

    for handle in handles:
        query = select(HandleRow, ContactRow).join(
            ContactRow,
            ContactRow.id == HandleRow.contact_id,  # type: ignore[arg-type]
        )
        query = query.where(HandleRow.platform == handle.platform, HandleRow.key == handle.key)
        existing = session.exec(query).first()
        if existing is not None:
            _row, owner = existing
            if owner.id == contact.id:
                continue
            raise Conflict(
                f"handle {handle} already belongs to {owner.name} (#{owner.id})",
                hint=f"if {contact.name} and {owner.name} are one person, use meetup contact merge",
            )
        assert contact.id is not None
        session.add(
            HandleRow(
                contact_id=contact.id,
                platform=handle.platform,
                handle=handle.handle,
                key=handle.key,
            )
        )
    session.flush()


def _remove_handles(session: Session, contact: Contact, handles: Sequence[Handle]) -> None:
    from sqlmodel import select

    from meetup_tracker.models import Handle as HandleRow

    for handle in handles:
        query = select(HandleRow).where(
            HandleRow.contact_id == contact.id,
            HandleRow.platform == handle.platform,
            HandleRow.key == handle.key,
        )
        row = session.exec(query).first()
        if row is None:
            raise NotFound(f"{contact.name} has no handle {handle}")
        session.delete(row)
    session.flush()


def _add_tags(session: Session, contact: Contact, tags: Sequence[str]) -> None:
    from sqlalchemy import text

    for tag in tags:
        session.execute(
            text(
                "INSERT INTO tag (contact_id, tag, key) VALUES (:id, :tag, :key)"
                " ON CONFLICT DO NOTHING"
            ),
            {"id": contact.id, "tag": tag, "key": tag_key(tag)},
        )


def _remove_tags(session: Session, contact: Contact, tags: Sequence[str]) -> None:
    from sqlalchemy import text

    for tag in tags:
        result = session.execute(
            text("DELETE FROM tag WHERE contact_id = :id AND key = :key"),
            {"id": contact.id, "key": tag_key(tag)},
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise NotFound(f"{contact.name} has no tag '{tag}'")
