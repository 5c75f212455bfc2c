"""Places for contacts, meetings, trips and home: resolved offline, or given by coordinates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.geo.gazetteer import Place, Resolution
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.views import ContactView


@dataclass(frozen=True)
class Located:
    """Where something is: a name to show and coordinates, either of which may be absent.

    `keep_name` means: set the coordinates, leave the name the user typed before as it is.
    """

    name: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    keep_name: bool = False
    notice: str | None = None


def resolve(text: str) -> Resolution:
    """The place a text names (see `Gazetteer.resolve`)."""
    from meetup_tracker.geo.gazetteer import gazetteer

    return gazetteer().resolve(text)


def locate(text: str | None, lat: float | None = None, lon: float | None = None) -> Located | None:
    """Turn `--city`/`--at` and `--lat`/`--lon` into a location; None when none was given.

    A text alone is resolved in the gazetteer (an unknown place is an error); coordinates are
    taken as given, with the text, if any, kept as the name; an empty text clears the place.
    """
    from meetup_tracker.geo.gazetteer import coordinates_place

    if text is None and lat is None and lon is None:
        return None
    if (lat is None) != (lon is None):
        raise InvalidInput(
            "--lat and --lon go together", hint="give both, e.g. --lat 36.16 --lon -86.78"
        )
    if text is not None and "\x00" in text:
        raise InvalidInput("place holds a NUL byte")
    if lat is not None and lon is not None:
        coordinates_place(lat, lon)  # checks the ranges
        name = " ".join(text.split()) if text else None
        return Located(name, lat, lon, keep_name=text is None)
    assert text is not None
    if not text.strip():
        return Located(None, None, None)
    resolution = resolve(text)
    place = resolution.place
    notice = resolution.notice() if resolution.ambiguous else None
    return Located(place.display, place.lat, place.lon, place.geonameid, notice=notice)


def waypoint(text: str) -> tuple[Waypoint, str | None]:
    """A place typed as a stop, home or route waypoint: it must resolve. Returns the waypoint and
    the notice to show when the name was ambiguous."""
    from meetup_tracker.services.nearby import Waypoint

    location = locate(text)
    if location is None or location.name is None or location.lat is None or location.lon is None:
        raise InvalidInput("empty place")
    return Waypoint(location.name, location.lat, location.lon), location.notice


def search(text: str, limit: int = 20) -> list[Place]:
    """Candidate places for a text, most populous first."""
    from meetup_tracker.geo.gazetteer import gazetteer

    if not text.strip():
        raise InvalidInput("empty place")
    return gazetteer().search(text, limit=limit)


def unresolved(*, session: Session) -> Iterator[ContactView]:
    """Contacts whose city has no coordinates yet (unknown or ambiguous when it was resolved)."""
    from meetup_tracker.services.views import iter_contacts

    return iter_contacts(session=session, where="c.city IS NOT NULL AND c.lat IS NULL")
