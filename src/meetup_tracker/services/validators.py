"""What people and files give, made into what is stored, or refused with a reason: names,
texts, tags, kinds of interaction, dates, coordinates, periods. The same rules for a value
typed on the command line and the same value read from a file.

The limits themselves (how long a note may be, the years a date may have) are the models';
`storage.rows` applies them on every write. These functions trim and normalise first, and
refuse what the models cannot express (an empty name, a stop that leaves before it arrives).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from meetup_tracker.errors import InvalidInput
from meetup_tracker.kinds import IN_PERSON, INTERACTION_KINDS
from meetup_tracker.text import has_control

MAX_NAME = 200
MAX_TAG = 64
# What people type for a kind: a phone call is a call, a Zoom a video call, an email a message.
KIND_ALIASES = {
    "inperson": IN_PERSON,
    "in person": IN_PERSON,
    "met": IN_PERSON,
    "meeting": IN_PERSON,
    "meet": IN_PERSON,
    "irl": IN_PERSON,
    "phone": "call",
    "phone call": "call",
    "phone-call": "call",
    "phonecall": "call",
    "video call": "video",
    "video-call": "video",
    "videocall": "video",
    "zoom": "video",
    "facetime": "video",
    "dm": "message",
    "email": "message",
    "text": "message",
    "sms": "message",
    "chat": "message",
    "messages": "message",
}
# A date further ahead than this is more likely a typo (2062 for 2026) than a plan.
FAR_AHEAD_DAYS = 2 * 365
MAX_DAYS = 36_500  # a century: any more is a typo, and past the calendar's end


def clean_name(name: str) -> str:
    """A contact's name, trimmed; InvalidInput when empty, too long or not printable."""
    value = " ".join(name.split())
    if not value:
        raise InvalidInput("a contact needs a name")
    if len(value) > MAX_NAME:
        raise InvalidInput(f"name is too long ({len(value)} characters; at most {MAX_NAME})")
    if has_control(value):
        raise InvalidInput("name holds control characters")
    return value


def clean_text(value: str | None, what: str) -> str | None:
    """Free text such as a city or note: trimmed, None when empty, no NUL bytes."""
    if value is None:
        return None
    if "\x00" in value:
        raise InvalidInput(f"{what} holds a NUL byte")
    value = value.replace("\r\n", "\n").strip()
    return value or None


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without a leading '#', each once (ignoring case)."""
    seen: dict[str, str] = {}
    for raw in tags:
        tag = " ".join(raw.strip().lstrip("#").split())
        if not tag:
            raise InvalidInput("empty tag")
        if len(tag) > MAX_TAG or has_control(tag):
            raise InvalidInput(
                f"'{tag[:40]}' is not a tag",
                hint=f"tags are short words, at most {MAX_TAG} characters",
            )
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def clean_trip_name(name: str) -> str:
    """A trip's name, one short line; InvalidInput otherwise."""
    value = " ".join(name.split())
    if not value:
        raise InvalidInput("a trip needs a name")
    if len(value) > MAX_NAME or has_control(value):
        raise InvalidInput("a trip name is one short line of text")
    return value


def check_kind(kind: str) -> str:
    """The interaction kind, lowercased; InvalidInput naming the kinds there are."""
    value = " ".join(kind.strip().lower().replace("_", "-").split())
    value = KIND_ALIASES.get(value, value)
    if value not in INTERACTION_KINDS:
        raise InvalidInput(
            f"'{kind}' is not a kind of interaction",
            hint="use " + ", ".join(INTERACTION_KINDS) + " (phone is a call)",
        )
    return value


def check_days(days: int) -> int:
    """A --days value: 0 to a century."""
    if days < 0:
        raise InvalidInput(f"--days must be 0 or more, not {days}")
    if days > MAX_DAYS:
        raise InvalidInput(f"--days {days} is too far", hint=f"at most {MAX_DAYS:,} (a century)")
    return days


def check_point(lat: float | None, lon: float | None) -> None:
    """Coordinates: both or neither, and on the globe (InvalidInput otherwise)."""
    if (lat is None) != (lon is None):
        raise InvalidInput("it has a latitude without a longitude, or the other way round")
    if lat is not None and not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidInput(f"latitude {lat} is not between -90 and 90")
    if lon is not None and not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidInput(f"longitude {lon} is not between -180 and 180")


def check_day(day: date | None, what: str) -> None:
    """A date every export can write again: years 1 to 9998."""
    if day is not None and not 1 <= day.year <= 9998:
        raise InvalidInput(f"its {what} {day} is outside the years 1 to 9998")


def check_order(first: date | None, then: date | None, what: str) -> None:
    """Two dates in order (`what`: 'the trip ends ({then}) before it starts ({first})')."""
    if first is not None and then is not None and then < first:
        raise InvalidInput(what.format(first=first, then=then))
