"""What `meetup sync` works with: the cards on disk, the contacts as cards would say them,
and the sync's result (what it did, the files to write after the database commits)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats import vcard_card
from meetup_tracker.formats.vcard_card import Card, Fields

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView
    from meetup_tracker.storage.sql import Sql

STATE = ".meetup-sync.json"
STATE_VERSION = 1
OURS_PREFIX = "meetup-tracker-contact-"


@dataclass
class Change:
    """One thing a sync did (or, in a dry run, would do)."""

    action: str  # wrote card, added contact, changed contact, removed contact, removed card,
    # conflict, skipped
    name: str
    contact_id: int | None = None
    file: str | None = None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        """`{"action", "name", "contact_id", "file", "detail"}`."""
        return {
            "action": self.action,
            "name": self.name,
            "contact_id": self.contact_id,
            "file": self.file,
            "detail": self.detail,
        }


@dataclass
class Side:
    """A card on disk: where, its bytes' hash, and what it says."""

    href: str
    etag: str
    card: Card


@dataclass
class Ours:
    """A contact as the database has it, with its card's UID and last change."""

    id: int
    uid: str
    fields: Fields
    updated_at: str | None
    stored_uid: str | None


@dataclass
class Write:
    href: str
    text: str
    expect: str | None  # the hash the file had when read; None for a new file


@dataclass
class Sync:
    """A sync worked out and, unless a dry run, applied to the database: the files to write
    after the transaction commits (`finish`), and what it did."""

    folder: Path
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    writes: list[Write] = field(default_factory=list)
    removals: list[tuple[str, str]] = field(default_factory=list)  # (href, expected hash)
    state: dict[str, Any] = field(default_factory=dict)

    def say(
        self, action: str, name: str, contact_id: int | None, href: str | None, detail: str = ""
    ) -> None:
        self.changes.append(Change(action, name, contact_id, href, detail))

    def count(self, action: str) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.action == action)

    def to_json(self) -> dict[str, Any]:
        """The summary `meetup sync --json` prints."""
        return {
            "folder": str(self.folder),
            "dry_run": self.dry_run,
            "written": self.count("wrote card"),
            "added": self.count("added contact"),
            "updated": self.count("changed contact"),
            "removed_contacts": self.count("removed contact"),
            "removed_cards": self.count("removed card"),
            "unchanged": self.unchanged,
            "conflicts": [c.to_json() for c in self.changes if c.action == "conflict"],
            "skipped": [c.to_json() for c in self.changes if c.action == "skipped"],
            "changes": [c.to_json() for c in self.changes],
        }

    def finish(self) -> None:
        """Write the cards and the state (after the database committed): each file through a
        temporary one renamed into place; a card changed by another program meanwhile is left
        for the next sync."""
        if self.dry_run:
            return
        from meetup_tracker.files import replace_in_folder

        ready = []
        for write in self.writes:
            target = self.folder / write.href
            if target.is_symlink() or hash_of(target) != write.expect:
                self._changed_meanwhile(write.href)
                continue
            ready.append((write.href, write.text.encode("utf-8")))
        replace_in_folder(self.folder, ready)
        for href, expected in self.removals:
            target = self.folder / href
            if target.is_symlink() or hash_of(target) != expected:
                self._changed_meanwhile(href)
                continue
            target.unlink(missing_ok=True)
        state = json.dumps(self.state, separators=(",", ":"), sort_keys=True).encode("utf-8")
        replace_in_folder(self.folder, [(STATE, state)])

    def _changed_meanwhile(self, href: str) -> None:
        self.say("skipped", href, None, href, "changed by another program during the sync")
        for uid, entry in list(self.state["cards"].items()):
            if entry.get("href") == href:
                del self.state["cards"][uid]  # known again by UID next time


def hash_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load_ours(conn: Sql) -> dict[int, Ours]:
    from meetup_tracker.services.views import ContactFilter, filtered_contacts

    extra = {
        row[0]: row[1:]
        for row in conn.execute("SELECT id, uid, every_days, updated_at FROM contact")
    }
    # A card that came from another meetup database may have brought a UID of our form.
    taken = {row[0] for row in extra.values() if row[0]}
    ours: dict[int, Ours] = {}
    for view in filtered_contacts(conn=conn, chosen=ContactFilter(), order_by="c.id"):
        stored_uid, every, updated = extra[view.id]
        uid = stored_uid or f"{OURS_PREFIX}{view.id}"
        if stored_uid is None and uid in taken:
            uid = f"{uid}-here"
        fields = canonical(uid, fields_of(view, every))
        ours[view.id] = Ours(view.id, uid, fields, str(updated) if updated else None, stored_uid)
    return ours


def fields_of(view: ContactView, every: int | None) -> Fields:
    from meetup_tracker.handles import Handle, parse_handle

    handles: dict[str, Any] = {}
    for shown in view.handles:
        try:
            handle = parse_handle(str(shown))
        except InvalidInput:
            handle = Handle(shown.platform, shown.handle, shown.handle)
        handles[f"{handle.platform}:{handle.key}"] = handle
    parts = [p.strip() for p in (view.city or "").split(",") if p.strip()]
    place: tuple[str | None, str | None, str | None] = (None, None, None)
    if parts:
        middle = ", ".join(parts[1:-1]) or None
        place = (parts[0], middle, parts[-1] if len(parts) > 1 else None)
    geo = (view.lat, view.lon) if view.lat is not None and view.lon is not None else None
    return Fields(
        name=view.name,
        handles=handles,
        tags={t: t for t in view.tags},
        place=place,
        geo=geo,
        note=view.note,
        company=view.company,
        position=view.position,
        every=every,
        met=view.last_met,
    )


def canonical(uid: str, fields: Fields) -> Fields:
    """Fields as a card says them: written and read back, so that both sides compare alike."""
    return vcard_card.read(vcard_card.write_new(uid, fields), fallback_uid=uid).fields
