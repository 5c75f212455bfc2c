"""iCalendar (.ics): trips in and out, read and written with the icalendar library.

Import reads a calendar such as a TripIt feed saved to disk. An all-day event with a place is a
trip; the timed events inside its dates (flights, hotels) are its stops, in time order; an
event with a RELATED-TO pointing at another is a stop of that one; any other event with a place
is a trip of one stop. LOCATION is resolved like any place (an address is tried from its end:
"12 Broadway, Nashville, TN 37203" → "Nashville, TN"); GEO gives coordinates directly.

Export writes each trip as an all-day event, each stop as an event related to it, and each
planned in-person meeting as an event, all with LOCATION and GEO where known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from meetup_tracker.formats.records import BadRecord, FormatError, Parsed, StopRecord, TripRecord

if TYPE_CHECKING:
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.trips import TripView

PRODID = "-//meetup-tracker//meetup-tracker//EN"
MEETING = "MEETUP-TRACKER-MEETING"


def looks_like(text: str) -> bool:
    """The first line that says anything begins a calendar."""
    for line in text.splitlines():
        if line.strip():
            return line.strip().upper() == "BEGIN:VCALENDAR"
    return False


@dataclass
class _Event:
    uid: str
    summary: str
    start: date
    end: date | None
    all_day: bool
    moment: datetime | None
    location: str | None
    geo: tuple[float, float] | None
    related: str | None
    line: int
    stops: list[_Event] = field(default_factory=list)


def _as_day(value: Any) -> tuple[date, datetime | None]:
    if isinstance(value, datetime):
        return value.date(), value
    return value, None


def _events(text: str) -> list[_Event]:
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises ValueError and others for broken files
        raise FormatError(f"this is not a readable iCalendar file: {exc}") from exc
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.upper().startswith("UID:"):
            lines[line[4:].strip()] = number
    events = []
    for index, component in enumerate(calendar.walk("VEVENT"), start=1):
        categories = str(
            component.get("CATEGORIES").to_ical() if component.get("CATEGORIES") else ""
        )
        if MEETING in categories.upper():
            continue  # our own planned meetings: interactions, not trips
        start_prop = component.get("DTSTART")
        if start_prop is None:
            continue
        start, moment = _as_day(start_prop.dt)
        end_prop = component.get("DTEND")
        end = None
        if end_prop is not None:
            end, end_moment = _as_day(end_prop.dt)
            if end_moment is None and end > start:
                end -= timedelta(days=1)  # an all-day DTEND is the day after
        geo = component.get("GEO")
        uid = str(component.get("UID") or f"event-{index}")
        location = str(component.get("LOCATION")).strip() if component.get("LOCATION") else None
        events.append(
            _Event(
                uid=uid,
                summary=str(component.get("SUMMARY") or "").strip() or (location or "Trip"),
                start=start,
                end=end,
                all_day=moment is None,
                moment=moment,
                location=location or None,
                geo=(float(geo.latitude), float(geo.longitude)) if geo is not None else None,
                related=str(component.get("RELATED-TO")) if component.get("RELATED-TO") else None,
                line=lines.get(uid, index),
            )
        )
    return events


def _stop(event: _Event, *, dated: bool) -> StopRecord:
    geo = event.geo
    name = event.location or (f"{geo[0]:.4f}, {geo[1]:.4f}" if geo else "")
    return StopRecord(
        place=name,
        lat=geo[0] if geo else None,
        lon=geo[1] if geo else None,
        arrive=event.start if dated else None,
        depart=(event.end or event.start) if dated else None,
    )


def parse(text: str) -> Parsed:
    """Trips with their stops."""
    parsed = Parsed("ics")
    events = [e for e in _events(text) if e.location or e.geo]
    by_uid = {e.uid: e for e in events}
    trips: list[_Event] = []
    loose: list[_Event] = []
    for event in events:
        parent = by_uid.get(event.related or "")
        if parent is not None and parent is not event:
            parent.stops.append(event)
        elif event.all_day:
            trips.append(event)
        else:
            loose.append(event)
    for event in loose:
        home = next((t for t in trips if t.start <= event.start <= (t.end or t.start)), None)
        if home is not None:
            home.stops.append(event)
        else:
            trips.append(event)
    for trip in sorted(trips, key=lambda t: (t.start, t.line)):
        stops = sorted(
            trip.stops,
            key=lambda s: (s.moment or datetime.combine(s.start, datetime.min.time()), s.line),
        )
        merged = [_stop(s, dated=True) for s in stops] or [_stop(trip, dated=False)]
        if not all(s.place for s in merged):
            parsed.bad.append(BadRecord(trip.line, f"event '{trip.summary}' has no place"))
            continue
        parsed.trips.append(
            TripRecord(
                line=trip.line, name=trip.summary, start=trip.start, end=trip.end, stops=merged
            )
        )
    if not events and "BEGIN:VEVENT" not in text.upper():
        raise FormatError("this calendar has no events")
    return parsed


def write(trips: Iterable[TripView], meetings: Iterable[InteractionView]) -> str:
    """Trips, their stops and planned meetings as calendar events."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "meetup-tracker")
    stamp = datetime(2000, 1, 1)  # fixed, so the same data gives the same file
    for trip in trips:
        start = date.fromisoformat(trip.start)
        end = date.fromisoformat(trip.end) if trip.end else start
        uid = f"trip-{trip.id}@meetup-tracker"
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("summary", trip.name)
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))
        route = " → ".join(w.short for w in trip.waypoints)
        event.add("description", f"{route}\n{trip.note}" if trip.note else route)
        if trip.stops:
            first = trip.stops[0].waypoint
            event.add("location", first.name)
        calendar.add_component(event)
        for stop in trip.stops:
            item = icalendar.Event()
            item.add("uid", f"trip-{trip.id}-stop-{stop.position}@meetup-tracker")
            item.add("dtstamp", stamp)
            item.add("summary", f"{trip.name}: {stop.waypoint.short}")
            arrive = date.fromisoformat(stop.arrive) if stop.arrive else start
            depart = date.fromisoformat(stop.depart) if stop.depart else arrive
            item.add("dtstart", arrive)
            item.add("dtend", depart + timedelta(days=1))
            item.add("location", stop.waypoint.name)
            item.add("geo", (stop.waypoint.lat, stop.waypoint.lon))
            item.add("related-to", uid)
            calendar.add_component(item)
    for meeting in meetings:
        item = icalendar.Event()
        item.add("uid", f"meeting-{meeting.id}@meetup-tracker")
        item.add("dtstamp", stamp)
        names = ", ".join(a.name for a in meeting.attendees)
        item.add("summary", f"Meet {names}" + (f" ({meeting.event})" if meeting.event else ""))
        day = date.fromisoformat(meeting.date)
        item.add("dtstart", day)
        item.add("dtend", day + timedelta(days=1))
        item.add("categories", [MEETING])
        if meeting.place:
            item.add("location", meeting.place)
        if meeting.lat is not None and meeting.lon is not None:
            item.add("geo", (meeting.lat, meeting.lon))
        if meeting.note:
            item.add("description", meeting.note)
        calendar.add_component(item)
    text: str = calendar.to_ical().decode("utf-8")
    return text
