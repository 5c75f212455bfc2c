"""A contact's own travel ("I'll be in Atlanta in March"), and where it meets yours: a
contact in the area of one of your stops while you are there, a contact visiting your home
town while you are home, and the near misses (the same place, a few days apart)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from meetup_tracker.dates import today
from meetup_tracker.errors import InvalidInput, NotFound
from meetup_tracker.storage.sql import Sql, day

if TYPE_CHECKING:
    from meetup_tracker.formats.records import Parsed
    from meetup_tracker.services.places import Located, PlaceCache

DEFAULT_SLACK_DAYS = 2


@dataclass
class VisitView:
    """Where a contact will be, from when to when."""

    id: int
    contact_id: int
    contact: str
    place: str
    lat: float | None
    lon: float | None
    start: str
    end: str
    note: str | None

    def to_json(self) -> dict[str, Any]:
        """The public visit object of --json output."""
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "contact": self.contact,
            "place": self.place,
            "lat": self.lat,
            "lon": self.lon,
            "from": self.start,
            "to": self.end,
            "note": self.note,
        }


_SELECT = (
    "SELECT v.id, v.contact_id, c.name, v.place, v.lat, v.lon, v.starts_on, v.ends_on, v.note"
    " FROM visit v JOIN contact c ON c.id = v.contact_id"
)


def _view(row: Sequence[Any]) -> VisitView:
    vid, cid, name, place, lat, lon, start, end, note = row
    first = str(day(start))
    return VisitView(
        int(vid), int(cid), str(name), str(place), lat, lon, first, str(day(end) or first), note
    )


def add_visit(
    *,
    conn: Sql,
    contact_id: int,
    where: Located,
    start: date,
    end: date | None,
    note: str | None = None,
    uid: str | None = None,
) -> int | None:
    """Record a contact's trip; its id (None when a calendar's event was already read)."""
    from meetup_tracker.models import Visit
    from meetup_tracker.services.validators import clean_text
    from meetup_tracker.storage import rows

    if end is not None and end < start:
        raise InvalidInput(
            f"the visit ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    if where.lat is None or where.lon is None or not where.name:
        raise InvalidInput(
            f"'{where.name or ''}' is not a place I can find", hint="try 'City, Country'"
        )
    if uid is not None:
        found = conn.execute(
            "SELECT id FROM visit WHERE contact_id = :c AND uid = :uid",
            {"c": contact_id, "uid": uid},
        ).fetchone()
        if found is not None:
            return None
    return rows.insert(
        conn,
        Visit,
        {
            "contact_id": contact_id,
            "place": where.name,
            "lat": where.lat,
            "lon": where.lon,
            "starts_on": start,
            "ends_on": end,
            "note": clean_text(note, "note"),
            "uid": uid,
        },
    )


def list_visits(*, conn: Sql, contact_id: int | None = None, past: bool = False) -> list[VisitView]:
    """Visits that have not ended (or all), soonest first."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if not past:
        where.append("coalesce(v.ends_on, v.starts_on) >= :today")
        params["today"] = today().isoformat()
    if contact_id is not None:
        where.append("v.contact_id = :contact")
        params["contact"] = contact_id
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    return [_view(r) for r in conn.execute(sql + " ORDER BY v.starts_on, v.id", params)]


def find_visit_id(*, conn: Sql, ref: str) -> int:
    """The visit a reference (`3` or `#3`) names."""
    from meetup_tracker.services.refs import row_number

    number = row_number(ref, "visit", "see 'meetup visit list'")
    if conn.execute("SELECT 1 FROM visit WHERE id = :id", {"id": number}).fetchone() is None:
        raise NotFound(f"no visit #{number}", hint="see 'meetup visit list --past'")
    return number


def visit_view(*, conn: Sql, visit_id: int) -> VisitView:
    """One visit."""
    return _view(conn.execute(_SELECT + " WHERE v.id = :id", {"id": visit_id}).fetchone())


def remove_visit(*, conn: Sql, visit_id: int) -> None:
    """Delete a visit."""
    from meetup_tracker.models import Visit
    from meetup_tracker.storage import rows

    rows.delete(conn, Visit, id=visit_id)


def import_visits(
    *, conn: Sql, contact_id: int, parsed: Parsed, places: PlaceCache
) -> dict[str, int]:
    """A calendar someone shared, as their visits: each trip (at its first stop with a
    place) and each event at a place, from its first day to its last, known by its UID so
    that reading it again adds nothing."""
    counts = {"added": 0, "unchanged": 0, "unplaced": 0}
    found: list[tuple[str, date, date | None, str | None]] = []
    for trip in parsed.trips:
        stop = next((s for s in trip.stops if s.place), None)
        if stop is not None:
            found.append((stop.place, trip.start, trip.end, trip.uid or trip.name))
    for event in parsed.events:
        if event.places:
            found.append((event.places[0], event.on, event.last, event.uid))
    counts["unplaced"] = len(parsed.skipped) + len(parsed.bad)
    for text, start, end, uid in found:
        where = places.locate(text, None, None)
        if where.lat is None:
            counts["unplaced"] += 1
            continue
        made = add_visit(
            conn=conn, contact_id=contact_id, where=where, start=start, end=end, uid=uid
        )
        counts["added" if made is not None else "unchanged"] += 1
    return counts


@dataclass
class Overlap:
    """A contact's visit meeting your travel (or your being home): where, both date ranges,
    how far apart, and, for a near miss, by how many days."""

    kind: str  # "same-place" | "visiting-home" | "near-miss"
    visit: VisitView
    mine: str  # your stop, or "home"
    my_from: str
    my_to: str
    distance_km: float
    days_apart: int

    def describe(self) -> str:
        """`in Memphis while you are there`, `misses you by 2 days in Memphis`."""
        where = self.visit.place.split(",")[0]
        if self.kind == "near-miss":
            days = "day" if self.days_apart == 1 else "days"
            return f"misses you by {self.days_apart} {days} in {where}"
        if self.kind == "visiting-home":
            return f"visits {where} while you are home"
        return f"in {where} while you are there"

    def to_json(self) -> dict[str, Any]:
        """The public object of `overlaps --json`."""
        return {
            "kind": self.kind,
            "name": self.visit.contact,
            "contact_id": self.visit.contact_id,
            "place": self.visit.place,
            "from": self.visit.start,
            "to": self.visit.end,
            "my_place": self.mine,
            "my_from": self.my_from,
            "my_to": self.my_to,
            "distance_km": round(self.distance_km, 1),
            "days_apart": self.days_apart,
            "visit_id": self.visit.id,
        }


def _gap(a: tuple[str, str], b: tuple[str, str]) -> int:
    """Days between two ranges of ISO days (0 when they overlap)."""
    if a[1] < b[0]:
        return (date.fromisoformat(b[0]) - date.fromisoformat(a[1])).days
    if b[1] < a[0]:
        return (date.fromisoformat(a[0]) - date.fromisoformat(b[1])).days
    return 0


def _my_places(conn: Sql, first: date, last: date) -> list[tuple[str, float, float, str, str]]:
    """Where you will be between two days: each stop of your trips (its days, else its trip's),
    and home on the days no trip takes you away."""
    from meetup_tracker.services.places import home_place
    from meetup_tracker.services.trips import list_trips

    places: list[tuple[str, float, float, str, str]] = []
    away: list[tuple[str, str]] = []
    for trip in list_trips(conn=conn):
        end = trip.end or max([trip.start, *(s.depart or s.arrive or "" for s in trip.stops)])
        if end < first.isoformat() or trip.start > last.isoformat():
            continue
        away.append((trip.start, end))
        for stop in trip.stops:
            if stop.waypoint is None:
                continue
            start = stop.arrive or trip.start
            places.append(
                (
                    stop.short,
                    stop.waypoint.lat,
                    stop.waypoint.lon,
                    start,
                    stop.depart or stop.arrive or end,
                )
            )
    home = home_place(conn=conn)
    if home is not None:
        cursor = first
        for start, end in sorted(away):
            begin = date.fromisoformat(start)
            if cursor < begin:
                places.append(
                    (
                        "home",
                        home.lat,
                        home.lon,
                        cursor.isoformat(),
                        (begin - timedelta(days=1)).isoformat(),
                    )
                )
            cursor = max(cursor, date.fromisoformat(end) + timedelta(days=1))
        if cursor <= last:
            places.append(("home", home.lat, home.lon, cursor.isoformat(), last.isoformat()))
    return places


def overlaps(
    *,
    conn: Sql,
    days: int = 90,
    within_km: float = 50.0,
    slack: int = DEFAULT_SLACK_DAYS,
) -> list[Overlap]:
    """For the next `days` days: contacts' visits in the area of your stops while you are
    there, visits to your home town while you are home, and the near misses (the same place
    within `slack` days); soonest first."""
    from meetup_tracker.geo.geometry import distance_km
    from meetup_tracker.services.validators import check_days

    check_days(days)
    if slack < 0:
        raise InvalidInput(f"--slack must be 0 or more days, not {slack}")
    first, last = today(), today() + timedelta(days=days)
    mine = _my_places(conn, first - timedelta(days=slack), last + timedelta(days=slack))
    found: list[Overlap] = []
    for visit in list_visits(conn=conn):
        if visit.start > last.isoformat() or visit.lat is None or visit.lon is None:
            continue
        best: Overlap | None = None
        for name, lat, lon, start, end in mine:
            distance = distance_km((visit.lat, visit.lon), (lat, lon))
            if distance > within_km:
                continue
            apart = _gap((visit.start, visit.end), (start, end))
            if apart > slack:
                continue
            kind = "near-miss" if apart else ("visiting-home" if name == "home" else "same-place")
            candidate = Overlap(kind, visit, name, start, end, distance, apart)
            if best is None or (apart, distance) < (best.days_apart, best.distance_km):
                best = candidate
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda o: (o.visit.start, o.days_apart, o.visit.contact.casefold()))
