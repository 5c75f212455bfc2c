"""iCalendar (.ics): trips and events in, trips and planned meetings out (icalendar reads).

A calendar is read for what it is:

- travel becomes trips with stops: an all-day event over several days (or a TripIt feed's, or
  a flight's, train's, hotel's or rental car's) with a place is a trip, and the timed events
  inside its dates are its stops, in time order (a check-out, drop-off or return flight that
  TripIt writes in UTC on the day after the trip's end is still its own); an event with a
  RELATED-TO pointing at another is a stop of that one (our own export); a timed travel
  event alone is a trip of one stop;
- an event at a place (a concert, a meetup, Luma, Eventbrite) becomes an event: a planned
  meeting with nobody yet, named after it, known by its UID (and start, where a calendar
  gives several events one UID), that people can be added to;
- a conference's schedule (many timed events within a week, in a calendar with a name) is one
  event named after the calendar (`X-WR-CALNAME`), not after its first talk; it spans days;
- an online meeting (a URL, `Online`, `Zoom`, `Google Meet`) has no place, and `TBC` or a
  room's code (`MOV`, `Room 1.07`) names none: neither is imported as a place.

An event that repeats (RRULE: a weekly meetup) stays one series (`ics_repeat.py`).
LOCATION is resolved like any place; GEO, when present and valid, gives the point (written
longitude first, as Last.fm does, it is turned round). Writing calendars is `ics_write.py`'s.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from meetup_tracker.formats.ics_repeat import BadRepeat, repeat_of
from meetup_tracker.formats.records import (
    BadRecord,
    EventRecord,
    FormatError,
    Parsed,
    StopRecord,
    TripRecord,
)
from meetup_tracker.formats.vcard_lines import physical_lines
from meetup_tracker.geo.phrases import place_key

MEETING = "MEETUP-TRACKER-MEETING"  # our own planned meetings, as ics_write writes them
ONLINE = "online event (no place)"
NO_PLACE = "event without a place"
SCHEDULE_EVENTS = 6  # timed events in a named calendar within a week: a conference's schedule
SCHEDULE_DAYS = 7
# A journey's events, as airlines, railways, hotels, TripIt and Gmail title them: `Flight to
# Lisbon (TP 208)`, `AA1234 TYS to BNA`, `Check-out: The Crawford Hotel`, `Stay at ...`.
_TRAVEL_RE = re.compile(
    r"^(?:flight|flug|vol|vuelo|volo|train|zug|tren|bus|coach|ferry|drive|road trip|stay|hotel"
    r"|check[- ]?in|check[- ]?out|pick[- ]?up|drop[- ]?off|car rental|rental car|lodging"
    r"|reservation|booking|trip to|travel to)\b|✈|🚆|🏨",
    re.I,
)
_FLIGHT_RE = re.compile(r"\b[A-Z0-9]{2}\s?\d{1,4}\b.*\b[A-Z]{3}\s*(?:to|→|-|–)\s*[A-Z]{3}\b")
_TRIPIT_KIND_RE = re.compile(r"^\[(?:flight|lodging|hotel|rail|car|transport|cruise)\]", re.I)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_ONLINE_WORDS_RE = re.compile(
    r"\b(?:online|virtual|remote|zoom(?:\s+meeting)?|google\s+meet|(?:microsoft\s+)?teams"
    r"(?:\s+meeting)?|webex|skype|jitsi(?:\s+meet)?|whereby|discord|twitch|youtube"
    r"|live\s?stream|webinar|hangouts?)\b",
    re.I,
)
_ONLINE_LEFTOVERS = frozenset(
    ["event", "meeting", "call", "session", "link", "only", "meeting link", "event link", "room"]
)
_ROOM_RE = re.compile(
    r"^(?:(?i:room|raum|salle|sala|saal|hall|aula|auditorium|track|stage|ballroom|conference"
    r"\s+room|meeting\s+room|lecture\s+hall|studio)\b[^,]*"
    r"|[A-Z]{1,4}(?:[\s.-]?\d+(?:\.\d+)*)?|\d+(?:\.\d+)*)$"
)


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
    location: str | None  # a place's text (an online meeting's link, TBC or a room left out)
    geo: tuple[float, float] | None
    related: str | None
    line: int
    travel: bool = False  # a flight, train, hotel or car: part of a journey
    online: bool = False
    stops: list[_Event] = field(default_factory=list)
    repeat: str | None = None  # its RRULE, in the words a series keeps (services/series.py)
    repeat_until: date | None = None

    @property
    def placed(self) -> bool:
        return bool(self.location or self.geo)

    @property
    def last(self) -> date:
        return self.end or self.start


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
    try:
        repeat, repeat_until = repeat_of(component, start)
    except BadRepeat as exc:
        raise _BadEvent(str(exc)) from None
    written = _text(component, "LOCATION")
    location, online = _place_text(written)
    summary = _text(component, "SUMMARY")
    description = _text(component, "DESCRIPTION") or ""
    return _Event(
        uid=uid,
        summary=summary or location or "Trip",
        start=start,
        end=end,
        all_day=moment is None,
        moment=moment,
        location=location,
        geo=_geo(component, line, notes),
        related=_text(component, "RELATED-TO"),
        line=line,
        travel=bool(
            _TRAVEL_RE.search(summary or "")
            or _FLIGHT_RE.search(summary or "")
            or _TRIPIT_KIND_RE.match(description)
        ),
        online=online,
        repeat=repeat,
        repeat_until=repeat_until,
    )


def _place_text(written: str | None) -> tuple[str | None, bool]:
    """The place a LOCATION names, and whether the event is online: a link and the words of
    an online meeting are left out (`Zoom`, `https://meet.google.com/...`), and what is left
    is the place, if anything (a hybrid event's venue); `TBC` and a room's code name none."""
    from meetup_tracker.geo.phrases import NOT_PLACES

    if not written:
        return None, False
    rest = _URL_RE.sub(" ", written)
    online = rest != written or bool(_ONLINE_WORDS_RE.search(rest))
    rest = _ONLINE_WORDS_RE.sub(" ", rest)
    rest = " ".join(rest.strip(" ,;|/-–:()[]").split())
    if online and place_key(rest) in _ONLINE_LEFTOVERS:
        rest = ""  # `Online event`, `Zoom meeting link`
    if not rest or place_key(rest) in NOT_PLACES or _ROOM_RE.match(rest):
        return None, online
    return (rest if online else written), online


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


def _calendar(text: str) -> dict[str, str]:
    """The calendar's own properties before its first event (`X-WR-CALNAME`, `PRODID`),
    unfolded."""
    found: dict[str, str] = {}
    last: str | None = None
    for line in physical_lines(text[:20000]):
        if line.strip().upper() == "BEGIN:VEVENT":
            break
        if line[:1] in (" ", "\t") and last:
            found[last] += line[1:]
            continue
        name, colon, value = line.partition(":")
        if colon:
            last = name.split(";")[0].strip().upper()
            found[last] = value
    return {k: v.replace("\\,", ",").replace("\\;", ";").strip() for k, v in found.items()}


def parse(text: str) -> Parsed:
    """Trips with their stops, and events at a place, each known by its event's UID (and
    RECURRENCE-ID; and its start, where the calendar gives several events one UID)."""
    parsed = Parsed("ics")
    calendar = _calendar(text)
    events = _events(text, parsed)
    _unique_uids(events)
    travel_feed = (
        "tripit" in (calendar.get("PRODID", "") + calendar.get("X-WR-CALNAME", "")).lower()
    )
    for event in events:
        event.travel = event.travel or travel_feed
    name = " ".join(calendar.get("X-WR-CALNAME", "").split())
    if name and not travel_feed and _is_schedule(events):
        _schedule(name, events, parsed)
        return parsed
    for event in events:
        if not event.placed:
            parsed.skipped.append(BadRecord(event.line, ONLINE if event.online else NO_PLACE))
    placed = [e for e in events if e.placed]
    by_uid = {e.uid: e for e in placed}
    trips: list[_Event] = []
    loose: list[_Event] = []
    related: set[str] = set()
    for event in placed:
        parent = by_uid.get(event.related or "")
        if parent is not None and parent is not event:
            parent.stops.append(event)
            related.add(parent.uid)
        elif event.all_day and (event.last > event.start or event.travel):
            trips.append(event)
        elif event.all_day:
            parsed.events.append(_event_record(event))
        else:
            loose.append(event)
    for event in loose:
        trip = _trip_of(event, trips)
        if trip is not None:
            trip.stops.append(event)
        elif event.travel:
            trips.append(event)
        else:
            parsed.events.append(_event_record(event))
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
                end=max([trip.last, *(s.last for s in inside)]) if inside else trip.end,
                stops=stops,
                uid=trip.uid,
            )
        )
    return parsed


def _unique_uids(events: list[_Event]) -> None:
    """A calendar that gives several events one UID (a schedule of 88 talks under 5 UIDs):
    each is known by its UID and its start, so importing it again finds each one."""
    counts = Counter(e.uid for e in events)
    for event in events:
        if counts[event.uid] > 1:
            moment = event.moment.isoformat() if event.moment else event.start.isoformat()
            event.uid = f"{event.uid}@{moment}"


def _trip_of(event: _Event, trips: list[_Event]) -> _Event | None:
    """The trip a timed event lies in: within its dates; for a flight, check-out, drop-off or
    return flight (TripIt writes them in UTC), overlapping them or on the day after the
    trip's last (its all-day end), when no other trip starts by then."""
    inside = next((t for t in trips if t.start <= event.start <= t.last), None)
    if inside is not None or not event.travel:
        return inside
    for trip in trips:
        overlaps = event.start <= trip.last and event.last >= trip.start
        after = trip.last < event.start <= trip.last + timedelta(days=2)
        between = any(trip.last < t.start <= event.start for t in trips if t is not trip)
        if overlaps or (after and not between):
            return trip
    return None


def _event_record(event: _Event) -> EventRecord:
    return EventRecord(
        line=event.line,
        name=event.summary,
        on=event.start,
        uid=event.uid,
        places=[event.location] if event.location else [],
        lat=event.geo[0] if event.geo else None,
        lon=event.geo[1] if event.geo else None,
        repeat=event.repeat,
        repeat_until=event.repeat_until,
    )


def _venue_texts(locations: list[str]) -> list[str]:
    """Where a schedule is, from its events' locations: what they have in common after their
    rooms (`Room 101 - Hyatt Regency, 265 Peachtree St NE, Atlanta, GA`: the hotel's address),
    or the one location they all give; rooms alone (`H.1302 (Depage)`, `Janson`) name none."""
    distinct = list(Counter(locations))
    if len(distinct) == 1:
        return distinct
    parts = [[p.strip() for p in text.split(",")] for text in distinct]
    common: list[str] = []
    for pieces in zip(*(reversed(p) for p in parts), strict=False):
        if len({place_key(p) for p in pieces}) != 1:
            break
        common.insert(0, pieces[0])
    return [", ".join(common)] if common else []


def _is_schedule(events: list[_Event]) -> bool:
    """Whether a named calendar is one event's schedule: many timed events within a week
    (a conference's talks, a festival's sets), several a day."""
    timed = [e for e in events if not e.all_day]
    if len(timed) < SCHEDULE_EVENTS:
        return False
    days = {e.start for e in events}
    span = (max(days) - min(days)).days + 1
    return span <= SCHEDULE_DAYS and len(timed) >= 3 * len(days)


def _schedule(name: str, events: list[_Event], parsed: Parsed) -> None:
    """A schedule as one event named after its calendar, over its days, at the place its
    events name most often (its GEO when they give one)."""
    texts = _venue_texts([e.location for e in events if e.location])
    points = Counter(e.geo for e in events if e.geo)
    first = min(events, key=lambda e: (e.start, e.line))
    if not texts and not points and all(e.online for e in events):
        parsed.skipped.append(BadRecord(first.line, f"{ONLINE}: the schedule '{name}'"))
        return
    point = points.most_common(1)[0][0] if points else None
    days = [e.start for e in events] + [e.last for e in events]
    parsed.events.append(
        EventRecord(
            line=first.line,
            name=name,
            on=min(days),
            uid=f"schedule:{name}:{min(days).isoformat()}",
            places=texts,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            last=max(days) if max(days) > min(days) else None,
        )
    )
