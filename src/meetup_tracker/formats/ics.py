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

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from meetup_tracker.formats.records import BadRecord, FormatError, Parsed, StopRecord, TripRecord
from meetup_tracker.formats.vcard_lines import physical_lines

if TYPE_CHECKING:
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.trips import TripView

PRODID = "-//meetup-tracker//meetup-tracker//EN"
MEETING = "MEETUP-TRACKER-MEETING"


def looks_like(text: str) -> bool:
    """The first line that says anything begins a calendar."""
    for line in physical_lines(text[:5000]):
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


class _BadEvent(Exception):
    """An event that cannot be a trip or a stop: the import stops, or (--skip-bad) skips it."""


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Each VEVENT with the line it starts on, without its VALARMs (never used here, and an
    alarm's broken TRIGGER would otherwise make the whole calendar unreadable)."""
    lines = physical_lines(text)
    start: int | None = None
    kept: list[str] = []
    depth = 0
    for number, line in enumerate(lines, start=1):
        marker = line.strip().upper()
        if marker == "BEGIN:VEVENT":
            start, kept, depth = number, [line], 0
            continue
        if start is None:
            continue
        if marker.startswith("BEGIN:"):
            depth += 1
        elif marker.startswith("END:") and depth:
            depth -= 1
            continue
        if depth:
            continue
        kept.append(line)
        if marker == "END:VEVENT":
            yield start, "\r\n".join(kept) + "\r\n"
            start = None


def _as_day(value: Any, what: str) -> tuple[date, datetime | None]:
    if isinstance(value, datetime):
        return value.date(), value
    if isinstance(value, date):
        return value, None
    raise _BadEvent(f"its {what} is not a date ({type(value).__name__.lower()})")


def _value(component: Any, name: str) -> Any:
    """A property's parsed value; None when it is missing or could not be read (icalendar
    keeps a broken value as a vBroken, which has no `dt`)."""
    prop = component.get(name)
    if prop is None:
        return None
    return getattr(prop, "dt", None)


def _geo(component: Any, line: int, notes: list[BadRecord]) -> tuple[float, float] | None:
    raw = component.get("GEO")
    if raw is None:
        return None
    try:
        lat, lon = float(raw.latitude), float(raw.longitude)
    except (AttributeError, TypeError, ValueError):
        notes.append(BadRecord(line, f"GEO '{_raw(raw)}' is not coordinates: ignored"))
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        notes.append(BadRecord(line, f"GEO {lat};{lon} is not coordinates: ignored"))
        return None
    if abs(lat) > 90 and abs(lon) <= 90 and abs(lat) <= 180:
        notes.append(BadRecord(line, "GEO was written longitude first: read the right way round"))
        return lon, lat
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        notes.append(BadRecord(line, f"GEO {lat};{lon} is off the globe: ignored"))
        return None
    return lat, lon


def _raw(prop: Any) -> str:
    text = prop.to_ical() if hasattr(prop, "to_ical") else prop
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _text(component: Any, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _event(component: Any, index: int, line: int, notes: list[BadRecord]) -> _Event | None:
    """One VEVENT as a trip or stop candidate; None for one that is not ours to read (our own
    planned meetings) or has no date."""
    categories = _raw(component.get("CATEGORIES")) if component.get("CATEGORIES") else ""
    if MEETING in categories.upper():
        return None  # our own planned meetings: interactions, not trips
    if component.get("DTSTART") is None:
        return None
    start, moment = _as_day(_value(component, "DTSTART"), "start (DTSTART)")
    end: date | None = None
    end_value = _value(component, "DTEND")
    if end_value is None and component.get("DTEND") is not None:
        raise _BadEvent("its end (DTEND) is not a date")
    if end_value is not None:
        end, end_moment = _as_day(end_value, "end (DTEND)")
        if (moment is None) != (end_moment is None):
            raise _BadEvent("it starts and ends in different kinds of time (a date and a time)")
        if moment is not None and end_moment is not None:
            if (moment.tzinfo is None) != (end_moment.tzinfo is None):
                raise _BadEvent("it mixes UTC and floating times")
            if end_moment < moment:
                raise _BadEvent(f"it ends ({end_moment}) before it starts ({moment})")
        elif end < start:
            raise _BadEvent(f"it ends ({end}) before it starts ({start})")
        if end_moment is None and end > start:
            end -= timedelta(days=1)  # an all-day DTEND is the day after
    _check_year(start)
    if end is not None:
        _check_year(end)
    uid = _text(component, "UID") or f"event-{index}"
    recurrence = component.get("RECURRENCE-ID")
    if recurrence is not None:
        uid = f"{uid}#{_raw(recurrence)}"
    location = _text(component, "LOCATION")
    return _Event(
        uid=uid,
        summary=_text(component, "SUMMARY") or location or "Trip",
        start=start,
        end=end,
        all_day=moment is None,
        moment=moment,
        location=location,
        geo=_geo(component, line, notes),
        related=_text(component, "RELATED-TO"),
        line=line,
    )


def _check_year(day: date) -> None:
    if not 1 <= day.year <= 9998:
        raise _BadEvent(f"its date {day} is outside the years 1 to 9998")


def _events(text: str, parsed: Parsed) -> list[_Event]:
    import icalendar

    events = []
    found = False
    for index, (line, block) in enumerate(_blocks(text), start=1):
        found = True
        try:
            component = icalendar.Event.from_ical(block)
            event = _event(component, index, line, parsed.notes)
        except _BadEvent as exc:
            parsed.bad.append(BadRecord(line, f"event {index}: {exc}"))
            continue
        except Exception as exc:  # icalendar raises many kinds for a malformed event
            parsed.bad.append(BadRecord(line, f"event {index} cannot be read: {exc}"))
            continue
        if event is not None:
            events.append(event)
    if not found:
        if "BEGIN:VCALENDAR" not in text[:2000].upper():
            raise FormatError("this is not a readable iCalendar file: no BEGIN:VCALENDAR")
        raise FormatError("this calendar has no events")
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


def _when(event: _Event) -> tuple[datetime, int]:
    moment = event.moment or datetime.combine(event.start, datetime.min.time())
    return moment.replace(tzinfo=None), event.line


def parse(text: str) -> Parsed:
    """Trips with their stops, each known by its event's UID (and RECURRENCE-ID)."""
    parsed = Parsed("ics")
    events = [e for e in _events(text, parsed) if e.location or e.geo]
    by_uid = {e.uid: e for e in events}
    trips: list[_Event] = []
    loose: list[_Event] = []
    related: set[str] = set()
    for event in events:
        parent = by_uid.get(event.related or "")
        if parent is not None and parent is not event:
            parent.stops.append(event)
            related.add(parent.uid)
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
        inside = sorted(trip.stops, key=_when)
        if trip.uid in related:
            stops = [_stop(s, dated=True) for s in inside]  # our own export: stops are events
        else:
            # The trip's own place comes first, on its first day; timed events inside it add
            # the stops of the journey, never replace where the trip goes.
            own = _stop(trip, dated=False)
            own.arrive = trip.start if inside else None
            stops = ([own] if own.place else []) + [_stop(s, dated=True) for s in inside]
        if not stops or not all(s.place for s in stops):
            parsed.bad.append(BadRecord(trip.line, f"event '{trip.summary}' has no place"))
            continue
        parsed.trips.append(
            TripRecord(
                line=trip.line,
                name=trip.summary,
                start=trip.start,
                end=trip.end,
                stops=stops,
                uid=trip.uid,
            )
        )
    return parsed


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 writes it: backslash, semicolon, comma and newline escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (never inside a UTF-8 character), with CRLF."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    pieces, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # a continuation line starts with one space
    return "\r\n ".join(pieces) + "\r\n"


def _vevent(lines: list[tuple[str, str]]) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(fold(f"{n}:{v}") for n, v in lines) + "END:VEVENT\r\n"


def _day(name: str, day: date) -> tuple[str, str]:
    return f"{name};VALUE=DATE", day.strftime("%Y%m%d")


# Fixed, so the same data gives the same file.
STAMP = ("DTSTAMP", "20000101T000000Z")


def write(trips: Iterable[TripView], meetings: Iterable[InteractionView]) -> Iterator[str]:
    """Trips, their stops and planned meetings as calendar events, one event at a time (a
    calendar of thousands of trips is never held whole).

    Written here rather than through icalendar, which takes a thousand times longer per line
    (30,000 trips took 40 s); the tests read every export back with icalendar."""
    yield (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + fold(f"PRODID:{escape_text(PRODID)}")
        + "X-WR-CALNAME:meetup-tracker\r\n"
    )
    for trip in trips:
        start = date.fromisoformat(trip.start)
        end = date.fromisoformat(trip.end) if trip.end else start
        uid = f"trip-{trip.id}@meetup-tracker"
        route = "\n".join([" → ".join(w.short for w in trip.waypoints), *trip.leg_lines()])
        lines = [
            ("UID", uid),
            STAMP,
            ("SUMMARY", escape_text(trip.name)),
            _day("DTSTART", start),
            _day("DTEND", end + timedelta(days=1)),
            ("DESCRIPTION", escape_text(f"{route}\n{trip.note}" if trip.note else route)),
        ]
        if trip.stops:
            lines.append(("LOCATION", escape_text(trip.stops[0].place)))
        yield _vevent(lines)
        for stop in trip.stops:
            arrive = date.fromisoformat(stop.arrive) if stop.arrive else start
            depart = date.fromisoformat(stop.depart) if stop.depart else arrive
            lines = [
                ("UID", f"trip-{trip.id}-stop-{stop.position}@meetup-tracker"),
                STAMP,
                ("SUMMARY", escape_text(f"{trip.name}: {stop.short}")),
                _day("DTSTART", arrive),
                _day("DTEND", depart + timedelta(days=1)),
                ("LOCATION", escape_text(stop.place)),
            ]
            if stop.waypoint is not None:
                lines.append(("GEO", f"{stop.waypoint.lat};{stop.waypoint.lon}"))
            lines.append(("RELATED-TO", escape_text(uid)))
            yield _vevent(lines)
    for meeting in meetings:
        names = ", ".join(a.name for a in meeting.attendees)
        title = f"Meet {names}" if names else "Meeting"
        if meeting.event:
            title += f" ({meeting.event})" if names else f": {meeting.event}"
        day = date.fromisoformat(meeting.date)
        lines = [
            ("UID", f"meeting-{meeting.id}@meetup-tracker"),
            STAMP,
            ("SUMMARY", escape_text(title)),
            _day("DTSTART", day),
            _day("DTEND", day + timedelta(days=1)),
            ("CATEGORIES", escape_text(MEETING)),
        ]
        if meeting.place:
            lines.append(("LOCATION", escape_text(meeting.place)))
        if meeting.lat is not None and meeting.lon is not None:
            lines.append(("GEO", f"{meeting.lat};{meeting.lon}"))
        if meeting.note:
            lines.append(("DESCRIPTION", escape_text(meeting.note)))
        yield _vevent(lines)
    yield "END:VCALENDAR\r\n"
