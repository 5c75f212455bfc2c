"""The background of every map: country outlines (world-atlas countries-110m, from Natural
Earth) and US state outlines (us-atlas states-10m, from the Census Bureau), shipped as TopoJSON
in maps/data (see SOURCES.md there) and decoded here.

TopoJSON stores each shared border once, as an arc of delta-encoded integers; a shape is a list
of arc indexes (`~i`, written `-i-1`, is arc i reversed). Drawing outlines needs only the arcs,
so each border is drawn once; filling land needs the rings the arcs make up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LonLat = tuple[float, float]
Line = list[LonLat]

ATLASES = {
    "countries": ("countries-110m.json", "countries"),
    "states": ("states-10m.json", "states"),
}


def data_text(name: str) -> str:
    """A file of maps/data, as text."""
    return (resources.files("meetup_tracker.maps") / "data" / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Shape:
    """A country or state: its name, and its rings (each closed, lon/lat)."""

    name: str
    rings: list[Line]


@dataclass(frozen=True)
class Atlas:
    """One layer of outlines: every border once (`arcs`) and the shapes they bound."""

    arcs: list[Line]
    shapes: list[Shape]


def decode_arcs(topology: dict[str, Any]) -> list[Line]:
    """The arcs of a topology in lon/lat: quantized positions are delta-encoded and scaled."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        line = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            line.append((x * sx + tx, y * sy + ty))
        decoded.append(line)
    return decoded


def ring(arcs: Sequence[Line], indexes: Sequence[int]) -> Line:
    """A closed ring from arc indexes; each arc after the first drops the point it shares."""
    points: Line = []
    for index in indexes:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(part[1:] if points else part)
    return points


def shapes(topology: dict[str, Any], arcs: Sequence[Line], layer: str) -> list[Shape]:
    """The named polygons of one object of a topology."""
    found = []
    for geometry in topology["objects"][layer]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        name = str((geometry.get("properties") or {}).get("name", ""))
        found.append(Shape(name, rings))
    return found


@cache
def atlas(name: str) -> Atlas:
    """`countries` or `states`, decoded once per process."""
    filename, layer = ATLASES[name]
    topology = json.loads(data_text(filename))
    arcs = decode_arcs(topology)
    return Atlas(arcs, shapes(topology, arcs, layer))


# Where the US state outlines add something: the contiguous states, Alaska and Hawaii.
US_BOUNDS = (18.0, 72.0, -180.0, -66.0)  # lat_min, lat_max, lon_min, lon_max


def overlaps(
    bounds: tuple[float, float, float, float], other: tuple[float, float, float, float]
) -> bool:
    """Whether two (lat_min, lat_max, lon_min, lon_max) boxes meet."""
    return not (
        bounds[1] < other[0] or other[1] < bounds[0] or bounds[3] < other[2] or other[3] < bounds[2]
    )
