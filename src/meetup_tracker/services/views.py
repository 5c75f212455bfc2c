"""Read models: contacts with their handles, tags and meeting history, loaded set-wise.

A list of any length costs four queries (contacts, history, handles, tags), never one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import today
from meetup_tracker.handles import format_handle, profile_url
from meetup_tracker.storage.sql import day, in_list
from meetup_tracker.text import tag_key

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


@dataclass
class HandleView:
    """A handle as shown: platform and the text the user typed."""

    platform: str
    handle: str

    def __str__(self) -> str:
        return format_handle(self.platform, self.handle)

    def to_json(self) -> dict[str, Any]:
        """`{"platform", "handle", "url"}`; url is null where the platform has no profile page."""
        return {
            "platform": self.platform,
            "handle": self.handle,
            "url": profile_url(self.platform, self.handle),
        }


@dataclass
class Along:
    """Where a contact lies along a route: the leg, how far along it, and the detour driven
    there and back from the road (minutes where the leg follows roads)."""

    leg_index: int
    leg: str
    along_km: float
    along_minutes: int | None
    detour_km: float
    detour_minutes: int | None
    road: bool

    def to_json(self) -> dict[str, Any]:
        """The keys a route row adds: `along_km`, `along_minutes`, `detour_km`,
        `detour_minutes`, `leg`, `leg_index`, `road`."""
        return {
            "along_km": self.along_km,
            "along_minutes": self.along_minutes,
            "detour_km": self.detour_km,
            "detour_minutes": self.detour_minutes,
            "leg": self.leg,
            "leg_index": self.leg_index,
            "road": self.road,
        }


@dataclass
class Chances:
    """When you could next meet someone: a trip that passes near them (`next_chance`: the
    trip, date, stop or leg, distance), and a meeting you have planned with them."""

    next_chance: dict[str, Any] | None
    next_meeting: str | None


@dataclass
class ContactView:
    """A contact with everything the reports show about them; the fields after `last_online`
    are set by the reports that know them (a distance by `near`, a place along the road by
    `route`...), and only those reports' JSON carries them."""

    id: int
    name: str
    city: str | None
    lat: float | None
    lon: float | None
    note: str | None
    since: str | None
    geonameid: int | None
    company: str | None
    position: str | None
    handles: list[HandleView] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    interactions: int = 0
    last_interaction: str | None = None
    last_met: str | None = None
    online_exchanges: int = 0  # mentions, replies and messages files showed (X, LinkedIn)
    last_online: str | None = None
    invitation: dict[str, str] | None = None  # who invited whom on LinkedIn, and when
    distance_km: float | None = None  # from a place, a stop, or the road
    along: Along | None = None
    chances: Chances | None = None
    met_by: list[dict[str, str]] | None = None  # who on the team has met them, and when last
    days_since: int | None = None  # since you were last in touch
    planned: str | None = None  # the day of the next meeting or call planned with them
    candidates: list[dict[str, Any]] | None = None  # the places an unresolved city could be

    @property
    def last_contact(self) -> str | None:
        """The last time you were in touch: a meeting, a call, or an exchange online."""
        known = [d for d in (self.last_interaction, self.last_online) if d]
        return max(known) if known else None

    @property
    def talks(self) -> int:
        """Every time you were in touch: interactions and online exchanges."""
        return self.interactions + self.online_exchanges

    @property
    def met_in_person(self) -> bool:
        """Whether you have met them in person (a planned meeting does not count yet)."""
        return self.last_met is not None

    @property
    def ref(self) -> str:
        """How to name this contact unambiguously on the command line."""
        return f"#{self.id}"

    def to_json(self) -> dict[str, Any]:
        """The public contact object of every --json output."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "city": self.city,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "handles": [h.to_json() for h in self.handles],
            "tags": self.tags,
            "met_in_person": self.met_in_person,
            "last_met": self.last_met,
            "since": self.since,
            "note": self.note,
            "company": self.company,
            "position": self.position,
            "interactions": self.interactions,
            "last_interaction": self.last_interaction,
            "online_exchanges": self.online_exchanges,
            "last_online": self.last_online,
            "invitation": self.invitation,
        }
        if self.distance_km is not None:
            data["distance_km"] = self.distance_km
        if self.along is not None:
            data.update(self.along.to_json())
        if self.chances is not None:
            data["next_chance"] = self.chances.next_chance
            data["next_meeting"] = self.chances.next_meeting
        if self.met_by is not None:
            data["met_by"] = self.met_by
        if self.days_since is not None:
            data["days_since"] = self.days_since
            data["planned"] = self.planned
        if self.candidates is not None:
            data["candidates"] = self.candidates
        return data


_CONTACT_COLUMNS = (
    "c.id, c.name, c.city, c.lat, c.lon, c.note, c.since, c.geonameid, c.company, c.position"
)


NAME_ORDER = "c.name_key, c.id"  # ix_contact_name_key


def contacts_sql(where: str, order_by: str) -> str:
    """The query behind every list of contacts."""
    return f"SELECT {_CONTACT_COLUMNS} FROM contact c WHERE {where} ORDER BY {order_by}"


CHUNK = 2000  # contacts loaded at a time: memory stays flat however many there are
FIRST_CHUNK = 125  # what a terminal's first page (100 rows) needs, and a little more


def iter_contacts(
    *,
    conn: Sql,
    where: str = "TRUE",
    params: dict[str, Any] | None = None,
    order_by: str = NAME_ORDER,
    limit: int | None = None,
    keeps: Callable[[ContactView], bool] | None = None,
) -> Iterator[ContactView]:
    """Contacts matching a SQL condition on `c` (the contact table), fully loaded, in order;
    `keeps`, when given, decides what SQL cannot (an exact distance) before details load.

    Streamed in chunks: a reader that stops early (a terminal page, --limit) costs only what it
    read, and a hundred thousand contacts never sit in memory at once.
    """
    sql = contacts_sql(where, order_by)
    bound = dict(params or {})
    if limit is not None and keeps is None:
        sql += " LIMIT :_limit"
        bound["_limit"] = limit
    result = conn.stream(sql, bound)
    given = 0
    size = FIRST_CHUNK  # a first page loads little; a long read soon goes a chunk at a time
    while batch := result.fetchmany(size):
        size = min(size * 4, CHUNK)
        views = [ContactView(*row) for row in batch]
        if keeps is not None:
            views = [v for v in views if keeps(v)]
        fill_details(conn=conn, views=views)
        for view in views:
            if limit is not None and given >= limit:
                return
            given += 1
            yield view


def within_box(alias: str, lat: float, lon: float, km: float) -> tuple[str, dict[str, Any]]:
    """A condition on `alias.lat`/`alias.lon` (indexed) that holds every point within `km` of
    a place, and a few more: the exact distance is decided after."""
    from meetup_tracker.geo.geometry import boxes_around

    boxes, params = [], {}
    for n, (south, north, west, east) in enumerate(boxes_around([(lat, lon)], km)):
        boxes.append(
            f"({alias}.lat BETWEEN :s{n} AND :n{n} AND {alias}.lon BETWEEN :w{n} AND :e{n})"
        )
        params.update({f"s{n}": south, f"n{n}": north, f"w{n}": west, f"e{n}": east})
    return "(" + " OR ".join(boxes) + ")", params


def distance_within(
    near: tuple[float, float, float], lat: float | None, lon: float | None
) -> float | None:
    """The exact distance from `near`'s place to a point, when within `near`'s km (None when
    farther, or for a row without coordinates): what a `within_box` condition left to decide."""
    from meetup_tracker.geo.geometry import distance_km

    if lat is None or lon is None:
        return None
    distance = distance_km(near[:2], (lat, lon))
    return distance if distance <= near[2] else None


@dataclass
class ContactFilter:
    """Which contacts a listing or export takes; fields left as None let everyone through."""

    met: bool | None = None  # in person, on or before today
    tag: str | None = None
    platform: str | None = None
    near: tuple[float, float, float] | None = None  # lat, lon, km
    since_before: date | None = None
    since_after: date | None = None

    def narrows(self) -> bool:
        """Whether any filter is set."""
        fields = (self.met, self.tag, self.platform, self.near, self.since_before)
        return any(f is not None for f in (*fields, self.since_after))

    def sql(self) -> tuple[str, dict[str, Any]]:
        """The condition on `c` for SQL, and its parameters."""
        conditions = ["TRUE"]
        params: dict[str, Any] = {}
        if self.met is not None:
            conditions.append(MET if self.met else f"NOT {MET}")
            params["today"] = today().isoformat()
        if self.tag is not None:
            conditions.append("c.id IN (SELECT contact_id FROM tag WHERE key = :tag)")
            params["tag"] = tag_key(self.tag)
        if self.platform is not None:
            from meetup_tracker.handles import canonical_platform

            conditions.append("c.id IN (SELECT contact_id FROM handle WHERE platform = :platform)")
            params["platform"] = canonical_platform(self.platform)
        if self.since_before is not None:
            conditions.append("c.since < :since_before")
            params["since_before"] = self.since_before.isoformat()
        if self.since_after is not None:
            conditions.append("c.since >= :since_after")
            params["since_after"] = self.since_after.isoformat()
        if self.near is not None:
            condition, box = within_box("c", *self.near)
            conditions.append(condition)
            params.update(box)
        return " AND ".join(conditions), params

    def keeps(self, view: ContactView) -> bool:
        """The exact distance, which a bounding box only approximates."""
        if self.near is None:
            return True
        distance = distance_within(self.near, view.lat, view.lon)
        if distance is not None:
            view.distance_km = round(distance, 1)
        return distance is not None


def filtered_contacts(
    *,
    conn: Sql,
    chosen: ContactFilter,
    order_by: str = NAME_ORDER,
    limit: int | None = None,
) -> Iterator[ContactView]:
    """The contacts a filter lets through, in order, streamed."""
    where, params = chosen.sql()
    keeps = chosen.keeps if chosen.near is not None else None
    return iter_contacts(
        conn=conn, where=where, params=params, order_by=order_by, limit=limit, keeps=keeps
    )


# An in-person meeting on or before today; planned meetings do not count as having met.
MET = (
    "EXISTS (SELECT 1 FROM attendee a JOIN interaction i ON i.id = a.interaction_id"
    " WHERE a.contact_id = c.id AND i.kind = 'in-person' AND i.happened_on <= :today)"
)


def load_contacts(
    *,
    conn: Sql,
    where: str = "TRUE",
    params: dict[str, Any] | None = None,
    order_by: str = NAME_ORDER,
    limit: int | None = None,
) -> list[ContactView]:
    """Like iter_contacts, as a list (for small sets)."""
    found = iter_contacts(conn=conn, where=where, params=params, order_by=order_by, limit=limit)
    return list(found)


def iter_contacts_by_id(*, conn: Sql, ids: Sequence[int]) -> Iterator[ContactView]:
    """Contacts in the order of `ids`, fully loaded, streamed in chunks."""
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        listed, params = in_list("id", chunk)
        found = {
            v.id: v
            for v in iter_contacts(
                conn=conn, where=f"c.id IN {listed}", params=params, order_by="c.id"
            )
        }
        yield from (found[i] for i in chunk if i in found)


def fill_details(*, conn: Sql, views: Sequence[ContactView]) -> None:
    """Attach handles, tags and meeting history to views, three queries for all of them."""
    if not views:
        return
    by_id = {v.id: v for v in views}
    listed, params = in_list("id", list(by_id))
    params["today"] = today().isoformat()
    history = (
        "SELECT a.contact_id, count(*), max(i.happened_on),"
        " max(CASE WHEN i.kind = 'in-person' THEN i.happened_on END)"
        " FROM attendee a JOIN interaction i ON i.id = a.interaction_id"
        f" WHERE i.happened_on <= :today AND a.contact_id IN {listed}"
        " GROUP BY a.contact_id"
    )
    for contact_id, count, last, last_met in conn.execute(history, params):
        view = by_id[contact_id]
        view.interactions, view.last_interaction, view.last_met = count, day(last), day(last_met)
    handles = (
        "SELECT contact_id, platform, handle, exchanges, last_exchange, invitation, invited_on"
        f" FROM handle h WHERE h.contact_id IN {listed} ORDER BY h.id"
    )
    rows = conn.execute(handles, params)
    for contact_id, platform, handle, exchanges, last, invitation, invited_on in rows:
        view = by_id[contact_id]
        view.handles.append(HandleView(platform, handle))
        if invitation:
            view.invitation = {"direction": invitation, "date": day(invited_on) or ""}
        if exchanges:
            view.online_exchanges += exchanges
            last = day(last)
            if last and (view.last_online is None or last > view.last_online):
                view.last_online = last
    tags = f"SELECT contact_id, tag FROM tag t WHERE t.contact_id IN {listed} ORDER BY t.key, t.tag"
    for contact_id, tag in conn.execute(tags, params):
        by_id[contact_id].tags.append(tag)


def contact_view(*, conn: Sql, contact_id: int) -> ContactView:
    """One contact, fully loaded."""
    views = load_contacts(conn=conn, where="c.id = :id", params={"id": contact_id})
    return views[0]
