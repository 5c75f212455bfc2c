"""How `meetup sync` decides: which card is which contact, each field merged (three ways
against the last sync's state, or the newer side's on a first sync), and the database side
applied through the contact services."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import MeetupError
from meetup_tracker.formats import vcard_card
from meetup_tracker.formats.vcard_card import NAMES, SETS, Card, Fields, digest
from meetup_tracker.services.vdir_model import (
    OURS_PREFIX,
    Ours,
    Side,
    Sync,
    Write,
    canonical,
    fields_of,
)

if TYPE_CHECKING:
    from meetup_tracker.geo.places import Place
    from meetup_tracker.storage.sql import Sql

_LABELS = {
    "name": "name",
    "place": "place",
    "geo": "coordinates",
    "note": "note",
    "company": "company",
    "position": "position",
    "every": "keep-in-touch period",
}


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    from dateutil.parser import isoparse

    try:
        moment = isoparse(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Planner:
    """Decides each card and contact, applies the database side, and queues the files."""

    def __init__(
        self,
        conn: Sql,
        result: Sync,
        previous: dict[str, dict[str, Any]],
        home: Place | None,
    ) -> None:
        from meetup_tracker.dates import today

        self.conn = conn
        self.result = result
        self.previous = previous
        self.home = home
        self.today = today().isoformat()
        self.entries: dict[str, dict[str, Any]] = {}
        self.existing: set[int] = set()
        self.card_uids: set[str] = set()
        self.written: dict[str, str] = {}  # a card to write: its new file's hash

    # --- pairing

    def run(self, cards: dict[str, Side], ours: dict[int, Ours]) -> None:
        from meetup_tracker.handles import fold

        by_uid = {o.stored_uid: o for o in ours.values() if o.stored_uid}
        self.card_uids = set(cards)
        paired: dict[int, Side] = {}
        lonely: list[Side] = []
        for uid, side in cards.items():
            mine = by_uid.get(uid) or self._ours_by_default(side, ours)
            if mine is None and uid in self.previous:
                seen = ours.get(self.previous[uid].get("id", -1))
                mine = seen if seen is not None and seen.stored_uid in (None, uid) else None
            if mine is not None and mine.id not in paired:
                paired[mine.id] = side
            else:
                lonely.append(side)
        still: list[Side] = []
        claimed = {entry.get("id") for entry in self.previous.values()}
        self.existing = set(ours)
        free = [o for o in ours.values() if o.id not in paired and o.id not in claimed]
        by_handle: dict[str, list[Ours]] = {}
        for mine in free:
            for key in mine.fields.handles:
                by_handle.setdefault(key, []).append(mine)
        by_name: dict[str, list[Ours]] = {}
        for mine in ours.values():
            by_name.setdefault(fold(mine.fields.name), []).append(mine)
        for side in lonely:
            found = None if side.card.uid in self.previous else _match(side, by_handle, by_name)
            if found is None or found.id in paired or found.id in claimed:
                still.append(side)
            else:
                paired[found.id] = side
        for contact_id, side in paired.items():
            self._pair(ours[contact_id], side)
        for side in still:
            self._card_alone(side)
        for contact_id, mine in ours.items():
            if contact_id not in paired:
                self._contact_alone(mine)

    def _ours_by_default(self, side: Side, ours: dict[int, Ours]) -> Ours | None:
        """The contact a card of our form (`meetup-tracker-contact-ID`) names: trusted when
        this folder's state has seen it, else only under the same name (the folder may come
        from another database, whose #ID is someone else)."""
        from meetup_tracker.handles import fold

        uid = side.card.uid
        if not uid.startswith(OURS_PREFIX) or not uid[len(OURS_PREFIX) :].isdigit():
            return None
        mine = ours.get(int(uid[len(OURS_PREFIX) :]))
        if mine is None or mine.stored_uid is not None:
            return None
        same_name = fold(mine.fields.name) == fold(side.card.fields.name)
        return mine if uid in self.previous or same_name else None

    # --- deciding

    def _pair(self, mine: Ours, side: Side) -> None:
        theirs = side.card.fields
        ours_print, their_print = mine.fields.fingerprint(), theirs.fingerprint()
        base = self._base(side.card.uid, mine.id)
        uid_kept = side.card.uid.startswith(OURS_PREFIX) or mine.stored_uid == side.card.uid
        if base == ours_print == their_print and uid_kept:
            self.result.unchanged += 1  # the common case: nothing happened on either side
            self._remember(side.card.uid, side.href, mine.id, ours_print, side.etag)
            return
        if base is None:
            merged, conflicts = self._first(mine, side)
        else:
            merged, conflicts = self._three_way(mine.fields, theirs, base)
        if conflicts:
            merged.note = self._noted(merged.note, conflicts, side.href)
        try:
            self._check(merged)
        except MeetupError as exc:
            self.result.say("skipped", theirs.name, mine.id, side.href, str(exc))
            self._keep_previous(side.card.uid)
            return
        for name, _value in conflicts:
            detail = f"kept ours; the card's {_LABELS[name]} went into the note"
            self.result.say("conflict", merged.name, mine.id, side.href, detail)
        fields = self._apply(mine.id, mine.fields, merged, mine.stored_uid, side.card.uid)
        fields_print = fields.fingerprint()
        if fields_print != their_print:
            text = vcard_card.write_changed(side.card, fields)
            self._write(side.href, text, side.etag, fields.name, mine.id)
        elif fields_print == ours_print:
            self.result.unchanged += 1
        self._remember(side.card.uid, side.href, mine.id, fields_print, side.etag)

    def _base(self, uid: str, contact_id: int) -> dict[str, Any] | None:
        entry = self.previous.get(uid)
        if entry is None or entry.get("id") != contact_id:
            return None
        base = entry.get("fields")
        return base if isinstance(base, dict) else None

    def _first(self, mine: Ours, side: Side) -> tuple[Fields, list[tuple[str, Any]]]:
        """Never synced: the newer side's values (a blank there takes the other side's, a
        place its own coordinates), handles and tags joined."""
        theirs = side.card.fields
        rev, changed = _moment(side.card.rev), _moment(mine.updated_at)
        newer_theirs = rev is not None and (changed is None or rev > changed)
        newer, older = (theirs, mine.fields) if newer_theirs else (mine.fields, theirs)
        merged = Fields(name=newer.name)
        for name in NAMES:
            value = newer.value(name)
            filled = any(value) if isinstance(value, list) else value not in (None, "")
            source = newer if filled or name == "geo" else older
            setattr(merged, name, getattr(source, name))
        if merged.place != newer.place:
            merged.geo = older.geo
        merged.handles = {**theirs.handles, **mine.fields.handles}
        merged.tags = {**theirs.tags, **mine.fields.tags}
        merged.met = mine.fields.met
        return merged, []

    def _three_way(
        self, ours: Fields, theirs: Fields, base: dict[str, Any]
    ) -> tuple[Fields, list[tuple[str, Any]]]:
        merged = Fields(name=ours.name)
        conflicts: list[tuple[str, Any]] = []
        for name in NAMES:
            if name in SETS:
                setattr(
                    merged,
                    name,
                    _members(getattr(ours, name), getattr(theirs, name), base.get(name)),
                )
                continue
            mine, other = ours.value(name), theirs.value(name)
            was = base.get(name)
            if name == "met" or mine == other or digest(other) == was:
                setattr(merged, name, getattr(ours, name))
            elif digest(mine) == was:
                setattr(merged, name, getattr(theirs, name))
            else:
                setattr(merged, name, getattr(ours, name))
                conflicts.append((name, getattr(theirs, name)))
        return merged, conflicts

    def _noted(self, note: str | None, conflicts: list[tuple[str, Any]], href: str) -> str:
        """The note with a line for each of the card's values that lost a conflict."""
        lines = [
            f"[{self.today}] the card {href} had a different {_LABELS[name]}: {_shown(name, value)}"
            for name, value in conflicts
        ]
        return "\n".join([note, *lines] if note else lines)

    def _card_alone(self, side: Side) -> None:
        uid, card = side.card.uid, side.card
        entry = self.previous.get(uid)
        if entry is not None and entry.get("id") in self.existing:
            self.result.say(
                "skipped",
                card.fields.name,
                entry.get("id"),
                side.href,
                f"its contact #{entry.get('id')} is synced with another card",
            )
            return
        if entry is not None and entry.get("etag") == side.etag:
            # Removed here since the last sync, and the card unchanged: it goes too.
            self.result.say("removed card", card.fields.name, entry.get("id"), side.href)
            self.result.removals.append((side.href, side.etag))
            return
        try:
            self._check(card.fields)
        except MeetupError as exc:
            self.result.say("skipped", card.fields.name, None, side.href, str(exc))
            self._keep_previous(uid)
            return
        contact_id = self._add(card)
        fields = self._reloaded(contact_id, card.fields, uid)
        detail = "its card changed after it was removed here" if entry is not None else ""
        self.result.say("added contact", fields.name, contact_id, side.href, detail)
        if fields.fingerprint() != card.fields.fingerprint():
            self._write(side.href, vcard_card.write_changed(card, fields), side.etag, None, None)
        self._remember(uid, side.href, contact_id, fields.fingerprint(), side.etag)

    def _contact_alone(self, mine: Ours) -> None:
        entry = self.previous.get(mine.uid)
        seen = entry is not None and entry.get("id") == mine.id
        if seen and entry is not None and entry.get("fields") == mine.fields.fingerprint():
            # Its card was removed since the last sync, and it is unchanged: it goes too.
            self.result.say("removed contact", mine.fields.name, mine.id, entry.get("href"))
            from meetup_tracker.services.contacts import remove_contact

            remove_contact(conn=self.conn, contact_id=mine.id)
            return
        uid = mine.uid
        if mine.stored_uid is None and uid in self.card_uids:
            uid = f"{uid}-here"  # a card from another database holds this number's UID
        href = str(entry.get("href")) if seen and entry is not None else vcard_card.file_name(uid)
        if (self.result.folder / href).exists() or href in self.written:
            href = vcard_card.file_name(f"{uid}-{mine.id}")
        self._write(href, vcard_card.write_new(uid, mine.fields), None, mine.fields.name, mine.id)
        self._remember(uid, href, mine.id, mine.fields.fingerprint(), None)

    # --- the database side

    def _check(self, fields: Fields) -> None:
        """The checks `contact add` makes, before anything is written."""
        from meetup_tracker.models import Contact
        from meetup_tracker.services.validators import clean_name, clean_tags, clean_text
        from meetup_tracker.storage import rows

        name = clean_name(fields.name)
        clean_tags(fields.tags.values())
        values: dict[str, Any] = {
            "name": name,
            "city": clean_text(fields.place_text, "city"),
            "note": clean_text(fields.note, "note"),
            "company": clean_text(fields.company, "company"),
            "position": clean_text(fields.position, "position"),
            "every_days": fields.every,
        }
        if fields.geo is not None:
            values["lat"], values["lon"] = fields.geo
        rows.check(Contact, values)

    def _free_handles(
        self, contact_id: int | None, handles: Iterable[Any], who: str, href: str | None
    ) -> list[str]:
        """Handles no other contact has (one that has is named, and left out)."""
        from meetup_tracker.services.contacts import handle_owner

        free = []
        for handle in handles:
            owner = handle_owner(self.conn, handle)
            if owner is not None and owner[0] != contact_id:
                self.result.say(
                    "skipped", who, contact_id, href, f"{handle} is {owner[1]}'s (#{owner[0]})"
                )
                continue
            free.append(str(handle))
        return free

    def _location(self, fields: Fields, geo_changed: bool) -> Any:
        from meetup_tracker.services.places import Located, for_import

        text = fields.place_text
        if fields.geo is not None and geo_changed:
            return Located(text, fields.geo[0], fields.geo[1])
        if text is None:
            return Located(None, None, None)
        return for_import(text, self.home)

    def _add(self, card: Card) -> int:
        fields = card.fields
        from meetup_tracker.models import Contact
        from meetup_tracker.services.contacts import add_contact
        from meetup_tracker.storage import rows

        handles = self._free_handles(None, fields.handles.values(), fields.name, None)
        contact_id = add_contact(
            conn=self.conn,
            name=fields.name,
            location=self._location(fields, geo_changed=True),
            handles=handles,
            tags=list(fields.tags.values()),
            note=fields.note,
            company=fields.company,
            position=fields.position,
            every_days=fields.every,
        )
        rows.update(self.conn, Contact, {"uid": card.uid}, id=contact_id)
        return contact_id

    def _apply(
        self, contact_id: int, ours: Fields, merged: Fields, stored_uid: str | None, uid: str
    ) -> Fields:
        """The merged fields written to the contact; the contact's fields after."""
        from meetup_tracker.services.contacts import ContactChanges, edit_contact

        changes = ContactChanges()
        if merged.name != ours.name:
            changes.name = merged.name
        for name in ("note", "company", "position"):
            if getattr(merged, name) != getattr(ours, name):
                setattr(changes, name, getattr(merged, name) or "")
        if merged.every != ours.every:
            changes.every_days = merged.every or 0
        geo_changed = ours.value("geo") != merged.value("geo")
        if merged.place != ours.place or geo_changed:
            changes.location = self._location(merged, geo_changed)
        gone = [h for k, h in ours.handles.items() if k not in merged.handles]
        new = [h for k, h in merged.handles.items() if k not in ours.handles]
        changes.remove_handles = [str(h) for h in gone]
        changes.add_handles = self._free_handles(contact_id, new, merged.name, None)
        changes.remove_tags = [t for k, t in ours.tags.items() if k not in merged.tags]
        changes.add_tags = [t for k, t in merged.tags.items() if k not in ours.tags]
        if changes.is_empty() and stored_uid == (None if uid.startswith(OURS_PREFIX) else uid):
            return ours
        from meetup_tracker.models import Contact
        from meetup_tracker.storage import rows

        if not changes.is_empty():
            edit_contact(conn=self.conn, contact_id=contact_id, changes=changes)
        if not uid.startswith(OURS_PREFIX) and stored_uid != uid:
            rows.update(self.conn, Contact, {"uid": uid}, id=contact_id)
        if changes.is_empty():
            return ours
        self.result.say("changed contact", merged.name, contact_id, None, _what(changes))
        return self._reloaded(contact_id, merged, uid)

    def _reloaded(self, contact_id: int, expected: Fields, uid: str) -> Fields:
        from meetup_tracker.services.views import contact_view

        (every,) = self.conn.execute(
            "SELECT every_days FROM contact WHERE id = :id", {"id": contact_id}
        ).fetchone()
        view = contact_view(conn=self.conn, contact_id=contact_id)
        return canonical(uid, fields_of(view, every))

    # --- the files and the state

    def _write(
        self, href: str, text: str, expect: str | None, name: str | None, cid: int | None
    ) -> None:
        self.result.writes.append(Write(href, text, expect))
        self.written[href] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if name is not None:
            self.result.say("wrote card", name, cid, href)

    def _remember(
        self, uid: str, href: str, cid: int, printed: dict[str, Any], etag: str | None
    ) -> None:
        """The state of one pair after this sync: where its card is, the file's hash, and
        each field's hash (`Fields.fingerprint`)."""
        etag = self.written.get(href, etag)
        self.entries[uid] = {"href": href, "id": cid, "etag": etag, "fields": printed}

    def _keep_previous(self, uid: str) -> None:
        if uid in self.previous:
            self.entries[uid] = self.previous[uid]


def _match(
    side: Side, by_handle: dict[str, list[Ours]], by_name: dict[str, list[Ours]]
) -> Ours | None:
    """The contact a new card is (a first sync with a phone's address book): the one sharing
    a handle with it, else the only one of its name; None when that is not one contact."""
    from meetup_tracker.handles import fold

    sharing = {o.id: o for key in side.card.fields.handles for o in by_handle.get(key, [])}
    if sharing:
        return next(iter(sharing.values())) if len(sharing) == 1 else None
    namesakes = by_name.get(fold(side.card.fields.name), [])
    return namesakes[0] if len(namesakes) == 1 else None


def _members(ours: dict[str, Any], theirs: dict[str, Any], base: Any) -> dict[str, Any]:
    """A set merged: what either side added joins, what either side removed goes."""
    was = set(base) if isinstance(base, list) else set()
    merged = {}
    for key, value in {**theirs, **ours}.items():
        if digest(key) not in was or (key in ours and key in theirs):
            merged[key] = value
    return merged


def _shown(name: str, value: Any) -> str:
    if value is None:
        return "(none)"
    if name == "place":
        return ", ".join(p for p in value if p) or "(none)"
    if name == "geo":
        return f"{value[0]}, {value[1]}"
    if name == "every":
        return f"every {value} days"
    return " ".join(str(value).split())


def _what(changes: Any) -> str:
    said = []
    for name in ("name", "location", "note", "company", "position", "every_days"):
        if getattr(changes, name) is not None:
            said.append({"location": "place", "every_days": "keep-in-touch period"}.get(name, name))
    if changes.add_handles or changes.remove_handles:
        said.append("handles")
    if changes.add_tags or changes.remove_tags:
        said.append("tags")
    return ", ".join(said)
