"""A meeting recorded again: the one a new `met` would repeat (the same event that day, or
the same people, day and note), and the people joining it instead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from meetup_tracker.services.validators import check_kind, clean_text
from meetup_tracker.storage.sql import Sql


def same_interaction(
    *,
    conn: Sql,
    contact_ids: Sequence[int],
    kind: str,
    on: date,
    event: str | None,
    note: str | None = None,
) -> int | None:
    """A meeting already recorded that a new one would repeat: in person on that day, at the
    same event (by name, case aside), or without an event with exactly these people and the
    same note. Calls and messages are never taken for one another (two calls a day happen)."""
    from meetup_tracker.text import fold_case

    if check_kind(kind) != "in-person":
        return None
    said = clean_text(note, "note")
    same_note = "i.note IS NULL" if said is None else "i.note = :note"
    found = conn.execute(
        "SELECT i.id, i.event FROM interaction i WHERE i.happened_on = :day AND i.kind = :kind"
        f" AND (i.event IS NOT NULL OR {same_note}) ORDER BY i.id",
        {"day": on.isoformat(), "kind": check_kind(kind), "note": said},
    ).fetchall()
    wanted = set(contact_ids)
    for interaction_id, their_event in found:
        if event:
            if their_event and fold_case(" ".join(their_event.split())) == fold_case(
                " ".join(event.split())
            ):
                return int(interaction_id)
            continue
        if their_event or not wanted:
            continue
        there = {
            int(c)
            for (c,) in conn.execute(
                "SELECT contact_id FROM attendee WHERE interaction_id = :id", {"id": interaction_id}
            )
        }
        if there == wanted:
            return int(interaction_id)
    return None


def join(*, conn: Sql, interaction_id: int, contact_ids: Sequence[int]) -> list[int]:
    """Add people to an interaction; the ids of those who were not there yet."""
    from meetup_tracker.models import Attendee
    from meetup_tracker.storage import rows

    there = {
        int(c)
        for (c,) in conn.execute(
            "SELECT contact_id FROM attendee WHERE interaction_id = :id", {"id": interaction_id}
        )
    }
    new = [c for c in dict.fromkeys(contact_ids) if c not in there]
    rows.insert_many(
        conn, Attendee, ({"interaction_id": interaction_id, "contact_id": c} for c in new)
    )
    return new
