"""`meetup sync DIR`: the contacts and a vdir of vCards (khard's, vdirsyncer's) kept in step,
both ways.

One card a contact, `UID.vcf`, written to a temporary file and renamed. A card is known again
by its UID (a contact keeps the UID of the card that brought it; ours are
`meetup-tracker-contact-ID`), or, the first time, by a shared handle or a name only one contact
has. What changed since the last sync is told by a small state in the folder
(`.meetup-sync.json`): for each card, its file's hash and each field's hash as both sides last
agreed, never the values themselves. With it, each field is decided on its own: one side
changed it, that side wins; both changed it, ours is kept and theirs is written into the note,
and the sync says so. Handles and tags merge member by member. Without it (a first sync), the
newer revision wins (the card's REV against the contact's last change), and handles and tags
are joined.

A card or contact that is gone is removed on the other side only if this folder's state has
seen it, and only if the other side did not change it since (a change brings it back). A
folder emptied of every card, or a database emptied of every contact, is refused rather than
taken as an order to remove everyone (`--force-delete`).

The database changes in one transaction; the files are written after it commits, and the state
last, so a sync cut short anywhere is finished by the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from meetup_tracker.errors import InvalidInput, MeetupError
from meetup_tracker.formats import vcard_card
from meetup_tracker.formats.records import read_text
from meetup_tracker.services.vdir_model import STATE, STATE_VERSION, Side, Sync, load_ours
from meetup_tracker.services.vdir_plan import Planner

if TYPE_CHECKING:
    from typing import Any

    from meetup_tracker.geo.places import Place
    from meetup_tracker.storage.sql import Sql

MAX_CARD_BYTES = 20 * 1024 * 1024  # a card with a large photo; past this, not a card


def sync(
    *,
    conn: Sql,
    folder: Path,
    database: str,
    home: Place | None = None,
    dry_run: bool = False,
    force_delete: bool = False,
) -> Sync:
    """Work out the sync of `folder` with the database (identified as `database` in the
    state) and apply its database side; `Sync.finish` writes the files."""
    result = Sync(folder=folder, dry_run=dry_run)
    previous = _load_state(folder, database, result)
    cards = _read_cards(folder, result)
    ours = load_ours(conn)
    plan = Planner(conn, result, previous, home)
    plan.run(cards, ours)
    # An emptied side is more often a folder not mounted or a wrong --db than an order to
    # remove everyone: refused, the transaction rolled back.
    if not cards and result.count("removed contact") and not force_delete:
        raise InvalidInput(
            f"{folder} has no cards left, but the last sync wrote {len(previous)}",
            hint="if you mean to remove every contact, run again with --force-delete",
        )
    if not ours and result.count("removed card") and not force_delete:
        raise InvalidInput(
            f"the database has no contacts, but the last sync of {folder} had {len(previous)}",
            hint="if you mean to remove every card, run again with --force-delete",
        )
    result.state = {"version": STATE_VERSION, "database": database, "cards": plan.entries}
    return result


def _load_state(folder: Path, database: str, result: Sync) -> dict[str, dict[str, Any]]:
    path = folder / STATE
    try:
        if path.is_symlink():
            raise ValueError("a link, not a file of ours")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            f"the sync state {path} cannot be read ({exc})",
            hint="remove it to start again: a first sync joins both sides and removes nothing",
        ) from exc
    cards = data.get("cards") if isinstance(data, dict) else None
    if not isinstance(cards, dict) or not all(isinstance(v, dict) for v in cards.values()):
        raise InvalidInput(
            f"the sync state {path} is not one meetup wrote",
            hint="remove it to start again: a first sync joins both sides and removes nothing",
        )
    if data.get("database") != database:
        result.say(
            "skipped",
            STATE,
            None,
            STATE,
            "this folder was last synced with another database: both sides are joined, nothing"
            " is removed",
        )
        return {}
    return cards


def _read_cards(folder: Path, result: Sync) -> dict[str, Side]:
    cards: dict[str, Side] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.name.lower().endswith(".vcf") or entry.name.startswith("."):
            continue
        try:
            if entry.is_symlink():  # another file's: never followed, never written through
                result.say("skipped", entry.name, None, entry.name, "a link, not followed")
                continue
            if not entry.is_file() or entry.stat().st_size > MAX_CARD_BYTES:
                result.say("skipped", entry.name, None, entry.name, "not a card file")
                continue
            data = Path(entry.path).read_bytes()
        except OSError as exc:
            result.say("skipped", entry.name, None, entry.name, f"cannot be read: {exc.strerror}")
            continue
        try:
            text = read_text(data, entry.name)
            card = vcard_card.read(text, fallback_uid=entry.name[: -len(".vcf")])
        except MeetupError as exc:
            result.say("skipped", entry.name, None, entry.name, str(exc))
            continue
        if card.uid in cards:
            result.say(
                "skipped", entry.name, None, entry.name, f"the same UID as {cards[card.uid].href}"
            )
            continue
        cards[card.uid] = Side(entry.name, hashlib.sha256(data).hexdigest(), card)
    return cards
