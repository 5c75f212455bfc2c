"""The vocabulary of places: a point with a name (`Place`), a country or region (`Area`),
and what a text names (`Resolution`: a place, perhaps one of several it could mean, or an
area). Plain values; finding them is the resolver's work (`resolver.py`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.geo.phrases import place_key

# A place is the clear answer when it is this many times as populous as the next.
CLEAR_RATIO = 10


# Countries whose addresses name the state or province, so their places always show it.
ADDRESS_REGIONS = frozenset({"US", "CA", "AU", "BR", "IN", "MX"})
_GENERIC_WORDS = frozenset(
    [
        "state",
        "province",
        "region",
        "prefecture",
        "district",
        "capital",
        "city",
        "metropolitan",
        "oblast",
        "governorate",
        "municipality",
        "county",
        "department",
        "territory",
        "of",
        "the",
    ]
)


def _same_name(city: str, region: str) -> bool:
    """Whether a region is named after its city (Berlin, Tokyo, Mexico City; not Kansas for
    Kansas City), so a display need not say it twice."""
    city_words, region_words = set(place_key(city).split()), set(place_key(region).split())
    return city_words <= region_words and region_words - city_words <= _GENERIC_WORDS


@dataclass(frozen=True)
class Place:
    """A point on the map with a name: a city from the gazetteer, or coordinates typed in."""

    name: str
    lat: float
    lon: float
    country: str | None = None
    country_name: str | None = None
    region: str | None = None
    population: int | None = None
    geonameid: int | None = None
    admin1: str | None = None
    timezone: str | None = None
    shared: bool = False  # another place of its country bears the same name

    @property
    def display(self) -> str:
        """The canonical name: `Nashville, Tennessee, US`, `Toronto, Ontario, Canada`,
        `Munich, Germany`, `Frankfurt (Oder), Brandenburg, Germany`, or the coordinates.

        The region is named where addresses name it (the US, Canada, Australia, Brazil,
        India, Mexico) and wherever the country has two places of the name."""
        parts = [self.name]
        if (
            self.region
            and (self.shared or self.country in ADDRESS_REGIONS)
            and not _same_name(self.name, self.region)
        ):
            parts.append(self.region)
        country = "US" if self.country == "US" else self.country_name
        if len(parts) > 1 and country and place_key(parts[-1]) == place_key(country):
            parts.pop()  # Taipei, Taiwan: the region is named like the country
        if country and place_key(country) != place_key(self.name):
            parts.append(country)
        return ", ".join(parts)

    @property
    def label(self) -> str:
        """A shorter name for lists: `Portland, Maine`."""
        return self.display.removesuffix(", US")

    @property
    def point(self) -> tuple[float, float]:
        """(lat, lon)."""
        return (self.lat, self.lon)

    def to_json(self) -> dict[str, Any]:
        """The public place object of --json output."""
        return {
            "name": self.name,
            "display": self.display,
            "country": self.country,
            "country_name": self.country_name,
            "region": self.region,
            "admin1": self.admin1,
            "population": self.population,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
        }


@dataclass(frozen=True)
class Area:
    """A country (admin1 None), one of its regions, or a subregion of a region (a county, a
    province: with a centre and a radius): a place on no single point."""

    id: int
    country: str
    admin1: str | None
    name: str
    country_name: str | None
    population: int
    largest: int | None
    largest_population: int
    area_km2: float | None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None

    @property
    def kind(self) -> str:
        """`country` or `region`."""
        return "country" if self.admin1 is None else "region"

    @property
    def display(self) -> str:
        """`Texas, US`, `Bavaria, Germany`, `Ireland`."""
        if self.admin1 is None:
            return self.name
        country = "US" if self.country == "US" else (self.country_name or self.country)
        return f"{self.name}, {country}"

    def holds(self, place: Place) -> bool:
        """Whether a place lies in this country or region."""
        if place.country != self.country:
            return False
        if self.admin1 is not None and place.admin1 != self.admin1:
            return False
        if self.lat is None or self.lon is None or self.radius_km is None:
            return True
        from meetup_tracker.geo.geometry import distance_km

        return distance_km((self.lat, self.lon), place.point) <= self.radius_km

    def to_json(self) -> dict[str, Any]:
        """The public area object of --json output."""
        return {
            "kind": self.kind,
            "name": self.name,
            "display": self.display,
            "country": self.country,
            "admin1": self.admin1,
        }


def coordinates_place(lat: float, lon: float, name: str | None = None) -> Place:
    """A place given by its coordinates; InvalidInput when they are off the globe."""
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidInput(f"latitude {lat} is not between -90 and 90")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidInput(f"longitude {lon} is not between -180 and 180")
    return Place(name=name or f"{lat:.4f}, {lon:.4f}", lat=lat, lon=lon)


@dataclass
class Resolution:
    """What a text names: a place (perhaps one of several it could mean), or an area."""

    text: str
    place: Place | None
    candidates: list[Place] = field(default_factory=list)  # every place it could mean, best first
    decided: bool = True  # the place is the clear answer
    area: Area | None = None  # the text names a country or a region rather than a city
    areas: list[Area] = field(default_factory=list)
    confirm: bool = False  # a guess not to take without asking (`Indianopolis`)
    near_home: bool = False  # home decided between places of similar size

    @property
    def alternatives(self) -> list[Place]:
        """The other places the text could mean."""
        return [p for p in self.candidates if p != self.place]

    @property
    def ambiguous(self) -> bool:
        """Whether nothing in the text decides between places (or it names only an area)."""
        return not self.decided

    @property
    def taken(self) -> bool:
        """Whether the place may be taken without asking: decided, or the likelier of places
        of similar size (with the notice saying which others it could be)."""
        return self.place is not None and not self.confirm

    @property
    def reading(self) -> str:
        """How the text was read: `decided`, `home` (home decided between places of similar
        size), `likelier` (the likelier of them, taken with a notice), `confirm` (a guess to
        ask about), or `area`."""
        if self.place is None:
            return "area"
        if self.confirm:
            return "confirm"
        if self.near_home:
            return "home"
        return "decided" if self.decided else "likelier"

    def to_json(self) -> dict[str, Any]:
        """The public object of `place show --json`."""
        return {
            "text": self.text,
            "reading": self.reading,
            "place": self.place.to_json() if self.place else None,
            "decided": self.decided,
            "confirm": self.confirm,
            "near_home": self.near_home,
            "area": self.area.to_json() if self.area else None,
            "areas": [a.to_json() for a in self.areas],
            "alternatives": [p.to_json() for p in self.alternatives],
            "notice": None if self.decided else self.notice(),
        }

    def notice(self) -> str:
        """One line saying what was understood: `Portland → Portland, Oregon, US; also
        Portland, Maine`, or `Texas is a region (Texas, US), not a city`."""
        others = self.alternatives
        shown = "; ".join(p.label for p in others[:3])
        # Only places of some size are worth counting; every name has its hamlets.
        top = max((p.population or 0 for p in self.candidates), default=0)
        notable = [p for p in others[3:] if (p.population or 0) * CLEAR_RATIO >= top]
        more = f"; and {len(notable)} more" if notable else ""
        if self.place is None and self.area is not None:
            also = f"; it could also be {shown}{more}" if others else ""
            where = "; ".join(a.display for a in self.areas[:3]) or self.area.display
            return f"{self.text} names a {self.area.kind} ({where}), not a city{also}"
        assert self.place is not None
        if self.confirm:
            return f"{self.text}: did you mean {self.place.display}? (or {shown}{more})"
        return f"{self.text} → {self.place.display}; also {shown}{more}"
