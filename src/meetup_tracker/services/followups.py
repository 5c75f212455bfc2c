"""Follow-ups: what you owe someone (a guest post, an introduction, a lead), perhaps by a day,
perhaps from a meeting. On a team database each belongs to the person who owes it (its
`owner`, the connected role); `todo` lists yours, `--all-team` everyone's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from meetup_tracker.dates import today
from meetup_tracker.errors import InvalidInput, NotFound
from meetup_tracker.storage.sql import Sql, day


@dataclass
class FollowupView:
    """One follow-up, with the person it is owed to and the meeting it came from."""

    id: int
    text: str
    due: str | None
    done_on: str | None
    contact_id: int
    contact: str
    meeting_id: int | None
    meeting: str | None  # `2026-05-12 lunch at Nashville`, where it came from
    owner: str

    @property
    def overdue(self) -> bool:
        """Still open, and its day has passed."""
        return self.done_on is None and self.due is not None and self.due < today().isoformat()

    def to_json(self) -> dict[str, Any]:
        """The public follow-up object of every --json output."""
        return {
            "id": self.id,
            "text": self.text,
            "due": self.due,
            "done": self.done_on is not None,
            "done_on": self.done_on,
            "overdue": self.overdue,
            "contact_id": self.contact_id,
            "contact": self.contact,
            "meeting_id": self.meeting_id,
            "meeting": self.meeting,
            "owner": self.owner,
        }


_SELECT = (
    "SELECT f.id, f.text, f.due, f.done_on, f.contact_id, c.name, f.interaction_id,"
    " i.happened_on, i.kind, i.event, i.place, f.owner"
    " FROM followup f JOIN contact c ON c.id = f.contact_id"
    " LEFT JOIN interaction i ON i.id = f.interaction_id"
)
# Open ones first, the overdue (the earliest due) at the top, those without a day last.
_ORDER = " ORDER BY f.done_on IS NOT NULL, f.due IS NULL, f.due, f.id"


def _view(row: Sequence[Any]) -> FollowupView:
    fid, text, due, done_on, cid, name, iid, happened, kind, event, place, owner = row
    meeting = None
    if iid is not None:
        what = event or place or kind
        meeting = f"{day(happened)} {what}"
    return FollowupView(
        int(fid),
        str(text),
        str(day(due)) if due else None,
        str(day(done_on)) if done_on else None,
        int(cid),
        str(name),
        int(iid) if iid is not None else None,
        meeting,
        str(owner or ""),
    )


def list_followups(
    *,
    conn: Sql,
    include_done: bool = False,
    everyone: bool = False,
    contact_id: int | None = None,
    due_by: date | None = None,
) -> list[FollowupView]:
    """Follow-ups: the open ones (or all), yours (or the team's), for one person, or due by
    a day."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if not include_done:
        where.append("f.done_on IS NULL")
    if not everyone:
        where.append("f.owner = :owner")
        params["owner"] = conn.owner
    if contact_id is not None:
        where.append("f.contact_id = :contact")
        params["contact"] = contact_id
    if due_by is not None:
        where.append("f.due IS NOT NULL AND f.due <= :due_by")
        params["due_by"] = due_by.isoformat()
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _ORDER
    return [_view(row) for row in conn.execute(sql, params)]


def followup_view(*, conn: Sql, followup_id: int) -> FollowupView:
    """One follow-up."""
    row = conn.execute(_SELECT + " WHERE f.id = :id", {"id": followup_id}).fetchone()
    if row is None:
        raise NotFound(f"no follow-up #{followup_id}", hint="see 'meetup todo --all'")
    return _view(row)


def find_followup_id(*, conn: Sql, ref: str) -> int:
    """The follow-up a reference (`12` or `#12`) names; one line otherwise."""
    from meetup_tracker.services.refs import row_number

    number = row_number(ref, "follow-up", "use the number 'meetup todo' shows")
    return followup_view(conn=conn, followup_id=number).id


def add_followup(
    *,
    conn: Sql,
    contact_ids: Sequence[int],
    text: str,
    due: date | None = None,
    interaction_id: int | None = None,
) -> list[int]:
    """A follow-up owed to each of these people (from a meeting, when given); their ids."""
    from meetup_tracker.models import Followup
    from meetup_tracker.services.validators import clean_text
    from meetup_tracker.storage import rows

    words = clean_text(text, "follow-up")
    if not words:
        raise InvalidInput("a follow-up needs its text", hint="e.g. 'send the guest post'")
    made = []
    for contact_id in dict.fromkeys(contact_ids):
        new = rows.insert(
            conn,
            Followup,
            {
                "contact_id": contact_id,
                "interaction_id": interaction_id,
                "text": words,
                "due": due,
                "owner": conn.owner,
            },
        )
        assert new is not None
        made.append(new)
    return made


def edit_followup(
    *,
    conn: Sql,
    followup_id: int,
    text: str | None = None,
    due: date | str | None = None,
    done_on: date | str | None = None,
) -> None:
    """Change a follow-up's text, its day ('' clears it), or whether it is done ('' opens it
    again)."""
    from meetup_tracker.models import Followup
    from meetup_tracker.services.validators import clean_text
    from meetup_tracker.storage import rows

    changes: dict[str, Any] = {}
    if text is not None:
        words = clean_text(text, "follow-up")
        if not words:
            raise InvalidInput("a follow-up needs its text")
        changes["text"] = words
    if due is not None:
        changes["due"] = None if due == "" else due
    if done_on is not None:
        changes["done_on"] = None if done_on == "" else done_on
    if changes:
        rows.update(conn, Followup, changes, id=followup_id)


def remove_followup(*, conn: Sql, followup_id: int) -> None:
    """Delete a follow-up."""
    from meetup_tracker.models import Followup
    from meetup_tracker.storage import rows

    rows.delete(conn, Followup, id=followup_id)
