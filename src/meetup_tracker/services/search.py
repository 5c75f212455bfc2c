"""`meetup search`: one box for everything you wrote down, ranked.

Names, handles, companies and positions, cities, tags and notes of contacts; events, places
and notes of meetings. Matching ignores case and accents (`zoe` finds Zoë) and is done here,
not in SQL, so it is the same on every engine; the database is read once, streamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.handles import fold, format_handle

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

# How much a hit in each field says: a name or a handle beats a word in a note.
WEIGHTS = {
    "name": 100,
    "handle": 90,
    "tag": 60,
    "event": 60,
    "company": 55,
    "position": 45,
    "city": 40,
    "place": 35,
    "note": 30,
}


@dataclass
class Hit:
    """One contact or meeting that matches, with the field that matched best."""

    type: str  # contact or meeting
    id: int
    name: str
    field: str
    text: str
    score: int

    def to_json(self) -> dict[str, Any]:
        """`{"type", "id", "name", "field", "text", "score"}`."""
        return {
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "field": self.field,
            "text": self.text,
            "score": self.score,
        }


class Matcher:
    """Scores a field's text against the query: whole, at the start, at a word, inside."""

    def __init__(self, query: str) -> None:
        text = " ".join(query.split())
        if not text:
            raise InvalidInput("search for something", hint="e.g. meetup search pycon")
        self.query = fold(text)
        self.bare = self.query.lstrip("@")

    def score(self, field: str, value: str | None) -> int:
        """0 for no match; the field's weight, less for a weaker kind of match."""
        if not value:
            return 0
        folded = fold(value)
        query = self.bare if field == "handle" else self.query
        if not query:
            return 0
        position = folded.find(query)
        if position < 0:
            return 0
        weight = WEIGHTS[field]
        if folded == query:
            return weight + 10
        if position == 0:
            return weight + 5
        if not folded[position - 1].isalnum():
            return weight
        return weight - 10


def snippet(text: str, query: str, width: int = 60) -> str:
    """The part of a long text around the match, on one line."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    at = max(fold(flat).find(query), 0)
    start = max(0, min(at - width // 3, len(flat) - width))
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def search(*, conn: Sql, query: str) -> list[Hit]:
    """Everything that matches, best first (then by name)."""
    matcher = Matcher(query)
    hits = list(_contacts(conn, matcher)) + list(_meetings(conn, matcher))
    hits.sort(key=lambda h: (-h.score, fold(h.name), h.type, h.id))
    return hits


def _contacts(conn: Sql, m: Matcher) -> Iterator[Hit]:
    best: dict[int, Hit] = {}

    def consider(
        cid: int, name: str, field: str, value: str | None, shown: str | None = None
    ) -> None:
        score = m.score(field, value)
        if score and (cid not in best or score > best[cid].score):
            text = snippet(shown or value or "", m.bare if field == "handle" else m.query)
            best[cid] = Hit("contact", cid, name, field, text, score)

    names: dict[int, str] = {}
    rows = conn.execute("SELECT id, name, city, note, company, position FROM contact")
    while batch := rows.fetchmany(2000):
        for cid, name, city, note, company, position in batch:
            names[cid] = name
            for field, value in (
                ("name", name),
                ("company", company),
                ("position", position),
                ("city", city),
                ("note", note),
            ):
                consider(cid, name, field, value)
    for cid, platform, handle in conn.execute("SELECT contact_id, platform, handle FROM handle"):
        consider(cid, names[cid], "handle", handle, format_handle(platform, handle))
    for cid, tag in conn.execute("SELECT contact_id, tag FROM tag"):
        consider(cid, names[cid], "tag", tag)
    yield from best.values()


def _meetings(conn: Sql, m: Matcher) -> Iterator[Hit]:
    from meetup_tracker.services.interactions import noun

    rows = conn.execute("SELECT id, kind, happened_on, event, place, note FROM interaction")
    while batch := rows.fetchmany(2000):
        for iid, kind, when, event, place, note in batch:
            found: Hit | None = None
            for field, value in (("event", event), ("place", place), ("note", note)):
                score = m.score(field, value)
                if score and (found is None or score > found.score):
                    label = f"{noun(kind)} on {str(when)[:10]}" + (f": {event}" if event else "")
                    found = Hit("meeting", iid, label, field, snippet(value or "", m.query), score)
            if found is not None:
                yield found
