"""Adding, changing, removing and merging contacts, with their handles and tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import Conflict, InvalidInput, NotFound
from meetup_tracker.handles import Handle, fold, parse_handle
from meetup_tracker.services.validators import clean_name, clean_tags, clean_text
from meetup_tracker.text import tag_key

if TYPE_CHECKING:
    from meetup_tracker.services.places import Located
    from meetup_tracker.storage.sql import Sql


def parse_handles(values: Iterable[str]) -> list[Handle]:
    """Handles typed on the command line, each once."""
    handles: dict[tuple[str, str], Handle] = {}
    for value in values:
        handle = parse_handle(value)
        handles.setdefault((handle.platform, handle.key), handle)
    return list(handles.values())


def add_contact(
    *,
    conn: Sql,
    name: str,
    location: Located | None = None,
    handles: Sequence[str] = (),
    tags: Sequence[str] = (),
    note: str | None = None,
    since: date | None = None,
    company: str | None = None,
    position: str | None = None,
    every_days: int | None = None,
) -> int:
    """Create a contact and return its id; every handle must be free (Conflict names the
    contact who has it). `location` comes from `places.locate`: the city resolved to
    coordinates, or typed ones."""
    from meetup_tracker.models import Contact
    from meetup_tracker.storage import rows

    clean = clean_name(name)
    parsed = parse_handles(handles)
    values: dict[str, Any] = {
        "name": clean,
        "name_key": fold(clean),
        "note": clean_text(note, "note"),
        "since": since,
        "company": clean_text(company, "company"),
        "position": clean_text(position, "position"),
        "every_days": every_days or None,
        **_place(location),
    }
    contact_id = rows.insert(conn, Contact, values)
    assert contact_id is not None
    _add_handles(conn, contact_id, clean, parsed)
    _add_tags(conn, contact_id, clean_tags(tags))
    return contact_id


def _place(location: Located | None) -> dict[str, Any]:
    """A contact's city and coordinates from a location (the name left alone when the
    location only gives coordinates for it)."""
    if location is None:
        return {}
    values: dict[str, Any] = {
        "lat": location.lat,
        "lon": location.lon,
        "geonameid": location.geonameid,
    }
    if not location.keep_name:
        values["city"] = clean_text(location.name, "city")
    return values


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
    every_days: int | None = None  # 0 clears it

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
            or self.every_days is not None
        )


def edit_contact(*, conn: Sql, contact_id: int, changes: ContactChanges) -> None:
    """Apply changes to a contact, all or nothing."""
    from meetup_tracker.models import Contact
    from meetup_tracker.storage import rows

    if changes.is_empty():
        raise InvalidInput(
            "nothing to change", hint="give an option such as --name, --city, --handle or --tag"
        )
    (name,) = conn.execute("SELECT name FROM contact WHERE id = :id", {"id": contact_id}).fetchone()
    # Handles and tags first: their errors name the contact as the user knows them now.
    _remove_handles(conn, contact_id, name, parse_handles(changes.remove_handles))
    _add_handles(conn, contact_id, name, parse_handles(changes.add_handles))
    _remove_tags(conn, contact_id, name, clean_tags(changes.remove_tags))
    _add_tags(conn, contact_id, clean_tags(changes.add_tags))
    values: dict[str, Any] = _place(changes.location)
    if changes.name is not None:
        values["name"] = clean_name(changes.name)
        values["name_key"] = fold(values["name"])
    for column in ("note", "company", "position"):
        given = getattr(changes, column)
        if given is not None:
            values[column] = clean_text(given, column)
    if changes.since is not None or changes.clear_since:
        values["since"] = changes.since
    if changes.every_days is not None:
        values["every_days"] = changes.every_days or None
    rows.update(conn, Contact, values, id=contact_id)


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
    owed: int = 0  # follow-ups owed to them: removed with them
    visits: int = 0  # their trips: removed with them

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
        theirs = [
            f"{n} {word}{'s' if n != 1 else ''}"
            for n, word in ((self.owed, "follow-up"), (self.visits, "visit"))
            if n
        ]
        if theirs:
            verb = "goes" if self.owed + self.visits == 1 else "go"
            text += f"; {' and '.join(theirs)} of theirs {verb} too"
        return text


def removal(*, conn: Sql, contact_id: int) -> Removal:
    """What removing a contact would take with it."""
    params = {"id": contact_id}
    return Removal(
        only_them=[kind for _, kind in conn.execute(ONLY_THEM, params)],
        shared=[kind for _, kind in conn.execute(SHARED, params)],
        events=[kind for _, kind in conn.execute(EVENTS, params)],
        owed=int(
            conn.execute("SELECT count(*) FROM followup WHERE contact_id = :id", params).fetchone()[
                0
            ]
        ),
        visits=int(
            conn.execute("SELECT count(*) FROM visit WHERE contact_id = :id", params).fetchone()[0]
        ),
    )


def remove_contact(*, conn: Sql, contact_id: int) -> None:
    """Delete a contact with what is theirs alone (the foreign keys' cascade), and the
    interactions only they were at (one shared with others stays, and so does an event, with
    nobody yet)."""
    from meetup_tracker.models import Contact, Interaction
    from meetup_tracker.storage import rows

    alone = [iid for iid, _ in conn.execute(ONLY_THEM, {"id": contact_id})]
    rows.delete(conn, Contact, id=contact_id)
    for iid in alone:
        rows.delete(conn, Interaction, id=iid)


_MERGED = "city, lat, lon, geonameid, note, company, position, since, every_days, snoozed_until"


def merge_contacts(*, conn: Sql, keep: int, other: int) -> None:
    """Move the duplicate's rows onto the kept contact as the table registry says (handles and
    anything else that is theirs move; tags and meetings are joined), fill the kept contact's
    blanks from the duplicate, then remove it."""
    from meetup_tracker.models import Contact
    from meetup_tracker.storage import rows
    from meetup_tracker.storage.registry import Merge, referring_to

    if keep == other:
        (name,) = conn.execute("SELECT name FROM contact WHERE id = :id", {"id": keep}).fetchone()
        raise InvalidInput(f"cannot merge {name} (#{keep}) with themselves")
    for table, column in referring_to("contact"):
        how = table.merge.get(column)
        if how is Merge.MOVE:
            rows.update(conn, table.model, {column: keep}, **{column: other})
        elif how is Merge.UNION:
            rest = [c for c in table.columns if c != column]
            listed = ", ".join(rest)
            conn.execute(
                f"INSERT INTO {table.name} ({column}, {listed}) SELECT :keep, {listed}"
                f" FROM {table.name} WHERE {column} = :other ON CONFLICT DO NOTHING",
                {"keep": keep, "other": other},
            )
        else:
            raise ValueError(f"the registry does not say how merge moves {table.name}.{column}")
    sql = f"SELECT {_MERGED} FROM contact WHERE id = :id"
    mine = dict(zip(_MERGED.split(", "), conn.execute(sql, {"id": keep}).fetchone(), strict=True))
    theirs = dict(
        zip(_MERGED.split(", "), conn.execute(sql, {"id": other}).fetchone(), strict=True)
    )
    filled: dict[str, Any] = {}
    if mine["city"] is None and mine["lat"] is None:
        filled.update({k: theirs[k] for k in ("city", "lat", "lon", "geonameid")})
    if theirs["note"] and theirs["note"] != mine["note"]:
        filled["note"] = f"{mine['note']}\n{theirs['note']}" if mine["note"] else theirs["note"]
    for column in ("company", "position", "every_days", "snoozed_until"):
        if mine[column] is None and theirs[column] is not None:
            filled[column] = theirs[column]
    if theirs["since"] and (mine["since"] is None or str(theirs["since"]) < str(mine["since"])):
        filled["since"] = str(theirs["since"])
    rows.update(conn, Contact, filled, id=keep)
    rows.delete(conn, Contact, id=other)


def handle_owner(conn: Sql, handle: Handle) -> tuple[int, str] | None:
    """The contact (id, name) who has this handle, if anyone does."""
    found = conn.execute(
        "SELECT c.id, c.name FROM handle h JOIN contact c ON c.id = h.contact_id"
        " WHERE h.platform = :platform AND h.key = :key",
        {"platform": handle.platform, "key": handle.key},
    ).fetchone()
    return (int(found[0]), str(found[1])) if found is not None else None


def _add_handles(conn: Sql, contact_id: int, name: str, handles: Sequence[Handle]) -> None:
    from meetup_tracker.models import Handle as HandleRow
    from meetup_tracker.storage import rows

    for handle in handles:
        found = handle_owner(conn, handle)
        if found is not None:
            owner_id, owner = found
            if owner_id == contact_id:
                continue
            raise Conflict(
                f"handle {handle} already belongs to {owner} (#{owner_id})",
                hint=f"if {name} and {owner} are one person, use meetup contact merge",
            )
        rows.insert(
            conn,
            HandleRow,
            {
                "contact_id": contact_id,
                "platform": handle.platform,
                "handle": handle.handle,
                "key": handle.key,
            },
        )


def _remove_handles(conn: Sql, contact_id: int, name: str, handles: Sequence[Handle]) -> None:
    from meetup_tracker.models import Handle as HandleRow
    from meetup_tracker.storage import rows

    for handle in handles:
        removed = rows.delete(
            conn, HandleRow, contact_id=contact_id, platform=handle.platform, key=handle.key
        )
        if not removed:
            raise NotFound(f"{name} has no handle {handle}")


def _add_tags(conn: Sql, contact_id: int, tags: Sequence[str]) -> None:
    from meetup_tracker.models import Tag
    from meetup_tracker.storage import rows

    rows.insert_many(
        conn,
        Tag,
        ({"contact_id": contact_id, "tag": tag, "key": tag_key(tag)} for tag in tags),
        ignore=True,
    )


def _remove_tags(conn: Sql, contact_id: int, name: str, tags: Sequence[str]) -> None:
    from meetup_tracker.models import Tag
    from meetup_tracker.storage import rows

    for tag in tags:
        if not rows.delete(conn, Tag, contact_id=contact_id, key=tag_key(tag)):
            raise NotFound(f"{name} has no tag '{tag}'")
