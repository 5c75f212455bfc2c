"""Places for contacts, meetings, trips and home: resolved offline, or given by coordinates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from meetup_tracker.geo.places import Place, Resolution
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.views import ContactView
    from meetup_tracker.storage.sql import Sql


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


class UnsurePlace(InvalidInput):
    """A place text whose likeliest reading is a guess not to take without asking (a close
    spelling of a far bigger place, `Indianopolis`): its candidates, the likeliest first."""

    def __init__(self, resolution: Resolution) -> None:
        self.choices = resolution.candidates[:5]
        shown = "; ".join(p.display for p in self.choices[:3])
        super().__init__(
            f"'{resolution.text}' could be {shown}",
            hint=f"name the one you mean, e.g. '{self.choices[0].display}'",
        )


def home_place(*, conn: Sql) -> Place | None:
    """Home as context for reading place names (its country above all), or None when unset:
    the configured home, with the country of the nearest place the gazetteer knows."""
    from meetup_tracker.geo.gazetteer import gazetteer
    from meetup_tracker.geo.places import Place
    from meetup_tracker.services import config

    home = config.home(conn=conn)
    if home is None:
        return None
    near = gazetteer().index.nearest(home.lat, home.lon, within_km=100)
    return Place(
        home.name, home.lat, home.lon, country=near.country if near else None, geonameid=None
    )


def resolve(text: str, home: Place | None = None) -> Resolution:
    """The place a text names, for someone at home (see `Gazetteer.resolve`)."""
    from meetup_tracker.geo.gazetteer import gazetteer

    return gazetteer().resolve(text, home)


def locate(
    text: str | None,
    lat: float | None = None,
    lon: float | None = None,
    *,
    home: Place | None = None,
) -> Located | None:
    """Turn `--city`/`--at` and `--lat`/`--lon` into a location; None when none was given.

    A text alone is resolved in the gazetteer (an unknown place is an error, a guess to
    confirm is UnsurePlace); coordinates are taken as given, with the text, if any, kept as
    the name; an empty text clears the place.
    """
    from meetup_tracker.geo.places import coordinates_place

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
    resolution = resolve(text, home)
    if resolution.confirm:
        raise UnsurePlace(resolution)
    place = resolution.place
    if place is None:
        # A country or region: worth keeping, but no point to measure distances from.
        assert resolution.area is not None
        label: str | None = (
            resolution.area.display if len(resolution.areas) == 1 else resolution.text
        )
        kept = f"{resolution.notice()}: kept without coordinates, so near and route skip it"
        return Located(label, None, None, notice=kept)
    notice = resolution.notice() if resolution.ambiguous else None
    return Located(place.display, place.lat, place.lon, place.geonameid, notice=notice)


def waypoint(text: str, *, home: Place | None = None) -> tuple[Waypoint, str | None]:
    """A place typed as a stop, home or route waypoint: it must be a point on the map. Returns
    the waypoint and the notice to show when the name was ambiguous."""
    from meetup_tracker.services.nearby import Waypoint

    if not text.strip():
        raise InvalidInput("empty place")
    resolution = resolve(text, home)
    if resolution.confirm:
        raise UnsurePlace(resolution)
    place = resolution.place
    if place is None:
        assert resolution.area is not None
        raise InvalidInput(
            f"'{resolution.text}' names a {resolution.area.kind}"
            f" ({resolution.area.display}), not a place on the map",
            hint=_city_hint(resolution),
        )
    notice = resolution.notice() if resolution.ambiguous else None
    return Waypoint(place.display, place.lat, place.lon), notice


def _city_hint(resolution: Resolution) -> str:
    from meetup_tracker.geo.gazetteer import gazetteer

    examples = [p.display for p in resolution.alternatives[:1]]
    if resolution.area is not None:
        examples += [p.display for p in gazetteer().largest_places(resolution.area, 1)]
    shown = " or ".join(f"'{e}'" for e in dict.fromkeys(examples))
    return f"name a city, e.g. {shown}" if shown else "name a city"


def for_import(text: str, home: Place | None = None) -> Located:
    """A place from a file, resolved by the same rules as one typed, and taken as one typed
    is: decided, or the likelier of places of similar size (with its notice). A guess to
    confirm, a region or a name the gazetteer lacks is kept as text to fix later (`meetup
    place unresolved`)."""
    from meetup_tracker.errors import MeetupError

    try:
        resolution = resolve(text, home)
    except MeetupError:
        return Located(text, None, None)
    place = resolution.place
    if place is None or not resolution.taken:
        return Located(text, None, None)
    notice = None if resolution.decided else resolution.notice()
    return Located(place.display, place.lat, place.lon, place.geonameid, notice=notice)


class PlaceCache:
    """Place text from files, resolved once per distinct text, by the same resolver as a
    place typed on the command line (`for_import`), for someone at `home`; each guess's
    notice is said once, through `notice`."""

    def __init__(
        self, home: Place | None = None, notice: Callable[[str], None] | None = None
    ) -> None:
        self._found: dict[str, Located] = {}
        self.home = home
        self._notice = notice

    def locate(self, city: str | None, region: str | None, country: str | None) -> Located:
        """The place a file's city, region and country name: resolved as it would be typed,
        else the text kept as it was (no coordinates)."""
        text = ", ".join(p.strip() for p in (city, region, country) if p and p.strip())
        if not text:
            return Located(None, None, None)
        if text not in self._found:
            found = self._found[text] = for_import(text, self.home)
            if found.notice and self._notice is not None:
                self._notice(found.notice)
        return self._found[text]


def search(text: str, limit: int = 20, home: Place | None = None) -> list[Place]:
    """Candidate places for a text, the one it would be taken for first."""
    from meetup_tracker.geo.gazetteer import gazetteer

    if not text.strip():
        raise InvalidInput("empty place")
    return gazetteer().search(text, limit=limit, home=home)


def unresolved(*, conn: Sql) -> Iterator[ContactView]:
    """Contacts whose city has no coordinates yet (unknown or ambiguous when it was resolved),
    each with the places their city could be (`candidates`), best first."""
    from meetup_tracker.services.views import iter_contacts

    found: dict[str, list[Place]] = {}
    home = home_place(conn=conn)
    for view in iter_contacts(conn=conn, where="c.city IS NOT NULL AND c.lat IS NULL"):
        assert view.city is not None
        if view.city not in found:
            found[view.city] = candidates(view.city, home=home)
        view.candidates = [p.to_json() for p in found[view.city]]
        yield view


def candidates(text: str, count: int = 3, home: Place | None = None) -> list[Place]:
    """The places a text that did not resolve on its own could be: what it could mean, or the
    names closest to it."""
    from meetup_tracker.errors import MeetupError
    from meetup_tracker.geo.gazetteer import gazetteer

    try:
        resolution = resolve(text, home)
    except MeetupError:
        try:
            return gazetteer().suggestions(text, count)
        except MeetupError:
            return []
    return resolution.candidates[:count]


@dataclass
class Fixed:
    """What `place fix` changed: contacts and meetings now placed, by the text they had."""

    text: str
    place: str | None
    contacts: int = 0
    meetings: int = 0


def fix(*, conn: Sql, text: str, place: Located) -> Fixed:
    """Give every contact and meeting whose place is this text (any case) and has no
    coordinates the place chosen for it."""
    from meetup_tracker.handles import fold
    from meetup_tracker.models import Contact, Interaction
    from meetup_tracker.storage import rows

    if place.lat is None or place.lon is None:
        raise InvalidInput(f"{place.name or 'that'} is not a place on the map", hint="name a city")
    key = fold(" ".join(text.split()))
    located = {"city": place.name, "lat": place.lat, "lon": place.lon, "geonameid": place.geonameid}
    done = Fixed(text, place.name)
    contacts = conn.execute(
        "SELECT id, city FROM contact WHERE city IS NOT NULL AND lat IS NULL ORDER BY id"
    ).fetchall()
    ids = [cid for cid, city in contacts if fold(" ".join(city.split())) == key]
    for cid in ids:
        rows.update(conn, Contact, located, id=cid)
    meetings = conn.execute(
        "SELECT id, place FROM interaction WHERE place IS NOT NULL AND lat IS NULL"
    ).fetchall()
    mids = [iid for iid, where in meetings if fold(" ".join(where.split())) == key]
    for iid in mids:
        rows.update(
            conn, Interaction, {"place": place.name, "lat": place.lat, "lon": place.lon}, id=iid
        )
    done.contacts, done.meetings = len(ids), len(mids)
    return done


def unresolved_texts(*, conn: Sql) -> list[tuple[str, int]]:
    """Each distinct place text without coordinates (contacts' cities and meetings' places),
    with how many use it, the most used first."""
    counts: dict[str, int] = {}
    for (value,) in conn.execute(
        "SELECT city FROM contact WHERE city IS NOT NULL AND lat IS NULL"
        " UNION ALL SELECT place FROM interaction WHERE place IS NOT NULL AND lat IS NULL"
    ):
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def fix_decided(*, conn: Sql) -> tuple[list[Fixed], int]:
    """Resolve again every place text without coordinates, taking the answers an import would
    take: the fixes made, and how many texts are left."""
    done: list[Fixed] = []
    left = 0
    home = home_place(conn=conn)
    for text, _count in unresolved_texts(conn=conn):
        found = for_import(text, home)
        if found.lat is None:
            left += 1
            continue
        done.append(fix(conn=conn, text=text, place=found))
    return done, left
