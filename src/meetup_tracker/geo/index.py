"""The place index as the resolver reads it: places by name key (a place's names are of three
kinds: its own (`main`), the others GeoNames gives it (`alternate`: exonyms, other scripts, old
names), and codes (`code`: IATA and ICAO codes GeoNames keeps among the alternates, `BNA`,
`TBC`, `URT`), which are never read as a name), countries, regions and subregions by name, and
the nearest place to a point. It is made by `build.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from meetup_tracker.geo.phrases import place_key
from meetup_tracker.geo.places import Area, Place

ALTERNATE, MAIN, CODE = 0, 1, 2  # place_name.main


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
        """Places with this name key, and whether it is their main name; most populous first.
        Codes are not names: see `places_coded`."""
        if not key:
            return []
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, n.main FROM place_name n JOIN place p ON p.id = n.place_id"
            " WHERE n.key = ? AND n.main <> ? ORDER BY p.population DESC, n.main DESC",
            (key, CODE),
        )
        return [(place_from_row(row), row[-1] == MAIN) for row in rows]

    def places_coded(self, key: str) -> list[Place]:
        """Places that GeoNames gives this code (an airport's), most populous first."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place_name n JOIN place p ON p.id = n.place_id"
            " WHERE n.key = ? AND n.main = ? ORDER BY p.population DESC",
            (key, CODE),
        )
        return [place_from_row(row) for row in rows]

    def nearest(self, lat: float, lon: float, within_km: float = 50) -> Place | None:
        """The place nearest a point, within a distance (for a home given by coordinates)."""
        from meetup_tracker.geo.geometry import distance_km

        span = within_km / 111.0
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.lat BETWEEN ? AND ?"
            " AND p.lon BETWEEN ? AND ?",
            (lat - span, lat + span, lon - span * 4, lon + span * 4),
        )
        found = [place_from_row(row) for row in rows]
        found = [p for p in found if distance_km((lat, lon), p.point) <= within_km]
        return min(found, key=lambda p: distance_km((lat, lon), p.point), default=None)

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
        areas = [Area(*row[:12]) for row in rows]
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
    " a.largest_population, a.area_km2, a.lat, a.lon, a.radius_km"
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
