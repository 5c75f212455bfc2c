"""iCalendar (.ics) written: each trip as an all-day event, each stop as an event related to
it, and each planned in-person meeting as an event, all with LOCATION and GEO where known.
Reading calendars is `ics.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from meetup_tracker.formats.ics import MEETING

if TYPE_CHECKING:
    from meetup_tracker.services.followups import FollowupView
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.trips import TripView

PRODID = "-//meetup-tracker//meetup-tracker//EN"


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


def _component(lines: list[tuple[str, str]], kind: str = "VEVENT") -> str:
    return f"BEGIN:{kind}\r\n" + "".join(fold(f"{n}:{v}") for n, v in lines) + f"END:{kind}\r\n"


def _day(name: str, day: date) -> tuple[str, str]:
    return f"{name};VALUE=DATE", day.strftime("%Y%m%d")


# Fixed, so the same data gives the same file.
STAMP = ("DTSTAMP", "20000101T000000Z")


HEAD = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    + fold(f"PRODID:{escape_text(PRODID)}")
    + "X-WR-CALNAME:meetup-tracker\r\n"
)
TAIL = "END:VCALENDAR\r\n"


def write(trips: Iterable[TripView], meetings: Iterable[InteractionView]) -> Iterator[str]:
    """Trips, their stops and planned meetings as calendar events, one event at a time (a
    calendar of thousands of trips is never held whole).

    Written here rather than through icalendar, which takes a thousand times longer per line
    (30,000 trips took 40 s); the tests read every export back with icalendar."""
    yield HEAD
    for _uid, component in components(trips, meetings):
        yield component
    yield TAIL


def components(
    trips: Iterable[TripView],
    meetings: Iterable[InteractionView],
    followups: Iterable[FollowupView] = (),
) -> Iterator[tuple[str, str]]:
    """Each event (and to-do) with its UID: a trip, each of its stops, each planned meeting
    (a series with its rule), and each follow-up as a VTODO (todoman's)."""
    for trip in trips:
        yield from _trip(trip)
    for meeting in meetings:
        yield _meeting(meeting)
    for followup in followups:
        yield _todo(followup)


def _trip(trip: TripView) -> Iterator[tuple[str, str]]:
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
    yield uid, _component(lines)
    for stop in trip.stops:
        arrive = date.fromisoformat(stop.arrive) if stop.arrive else start
        depart = date.fromisoformat(stop.depart) if stop.depart else arrive
        stop_uid = f"trip-{trip.id}-stop-{stop.position}@meetup-tracker"
        lines = [
            ("UID", stop_uid),
            STAMP,
            ("SUMMARY", escape_text(f"{trip.name}: {stop.short}")),
            _day("DTSTART", arrive),
            _day("DTEND", depart + timedelta(days=1)),
            ("LOCATION", escape_text(stop.place)),
        ]
        if stop.waypoint is not None:
            lines.append(("GEO", f"{stop.waypoint.lat};{stop.waypoint.lon}"))
        lines.append(("RELATED-TO", escape_text(uid)))
        yield stop_uid, _component(lines)


def _meeting(meeting: InteractionView) -> tuple[str, str]:
    names = ", ".join(a.name for a in meeting.attendees)
    title = f"Meet {names}" if names else "Meeting"
    if meeting.event:
        title += f" ({meeting.event})" if names else f": {meeting.event}"
    day = date.fromisoformat(meeting.repeat_from or meeting.date)
    uid = f"meeting-{meeting.id}@meetup-tracker"
    lines = [
        ("UID", uid),
        STAMP,
        ("SUMMARY", escape_text(title)),
        _day("DTSTART", day),
        _day("DTEND", day + timedelta(days=1)),
        ("CATEGORIES", escape_text(MEETING)),
    ]
    if meeting.repeat:  # a series, as calendars repeat: its rule, its end, its days off
        from meetup_tracker.services.series import Rule

        rule = Rule.read(meeting.repeat)
        until = f";UNTIL={meeting.repeat_until.replace('-', '')}" if meeting.repeat_until else ""
        lines.append(("RRULE", rule.rrule + until))
        if rule.skipped:
            dates = ",".join(d.replace("-", "") for d in rule.skipped)
            lines.append(("EXDATE;VALUE=DATE", dates))
    if meeting.place:
        lines.append(("LOCATION", escape_text(meeting.place)))
    if meeting.lat is not None and meeting.lon is not None:
        lines.append(("GEO", f"{meeting.lat};{meeting.lon}"))
    if meeting.note:
        lines.append(("DESCRIPTION", escape_text(meeting.note)))
    return uid, _component(lines)


def _todo(followup: FollowupView) -> tuple[str, str]:
    """A follow-up as todoman lists it: what, for whom, by when, and whether it is done."""
    uid = f"followup-{followup.id}@meetup-tracker"
    about = f"For {followup.contact} (#{followup.contact_id})"
    if followup.meeting:
        about += f", from {followup.meeting}"
    lines = [
        ("UID", uid),
        STAMP,
        ("SUMMARY", escape_text(f"{followup.text} ({followup.contact})")),
        ("DESCRIPTION", escape_text(about)),
    ]
    if followup.due:
        lines.append(_day("DUE", date.fromisoformat(followup.due)))
    if followup.done_on:
        lines.append(("STATUS", "COMPLETED"))
        lines.append(("COMPLETED", followup.done_on.replace("-", "") + "T000000Z"))
    else:
        lines.append(("STATUS", "NEEDS-ACTION"))
    return uid, _component(lines, "VTODO")
