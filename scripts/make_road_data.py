"""Regenerate the road network shipped in src/meetup_tracker/geo/data/roads.bin from PyPI.

    python scripts/make_road_data.py        # about a minute; needs pip and the network once

Two wheels are fetched with `pip download` at pinned versions and checked against their
SHA-256 before anything is read; their Python files are parsed as text (never imported or
run), so the script needs nothing but the standard library:

- scgraph-data 2.0.0 `world_highways.py`: the world highway graph derived from OpenStreetMap
  (560,282 nodes, 826,106 edges with their lengths in km; ODbL, © OpenStreetMap contributors).
  It has no road classes.
- scgraph 2.15.0 `us_freeway.py`: the US freeway system (the FHWA's National Highway Planning
  Network as published by the US DOT through Esri; a work of the US government).
  It is only used to derive classes: an edge of the world graph is a freeway where at least
  80% of it lies within 2 km of a freeway; another edge inside the United States (the state
  outlines of us-atlas, shipped for the maps) is a road known not to be a freeway; an edge
  elsewhere has no known class.

Nodes are renumbered cell by cell (a tenth of a degree), so the nodes near a point are one range,
and components of fewer than 100 nodes are left out (fragments that would only catch a town's
snap). The result (format in `meetup_tracker.geo.roads`) is a zlib stream of little-endian
arrays; SOURCES-roads.md beside it records versions, licences and digests.
"""

from __future__ import annotations

import array
import hashlib
import json
import math
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "meetup_tracker" / "geo" / "data"
WHEELS = {
    "scgraph-data==2.0.0": (
        "scgraph_data-2.0.0-py3-none-any.whl",
        "a8df15f4d9b4cce945f195b27c9e239ac49ebfa81aa948afc882b28653725406",
        "scgraph_data/world_highways.py",
    ),
    "scgraph==2.15.0": (
        "scgraph-2.15.0-py3-none-any.whl",
        "0a347aa99ae7f93e74f8c6bf6f77ca2f4ef5cda3bdb44113b6ca99c2e1b89522",
        "scgraph/geographs/us_freeway.py",
    ),
}
CELL_DEGREES = 0.1
SCALE = 1000  # the source gives coordinates to three decimals: stored exactly as integers
LENGTH_UNIT_M = 20  # lengths in 20 m steps fit 16 bits up to 1,310 km (the longest is 1,210)
MIN_COMPONENT = 100
FREEWAY, OTHER, UNCLASSIFIED = 1, 0, 2
_NODE = re.compile(r"\[(-?[\d.]+), (-?[\d.]+)\]")
_EDGE = re.compile(r"(\d+): ([\d.e-]+)")


def _fetch(tmp: Path) -> dict[str, str]:
    texts = {}
    for spec, (wheel, digest, inside) in WHEELS.items():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", spec, "-d", str(tmp)],
            check=True,
        )
        path = tmp / wheel
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise SystemExit(f"{spec}: {wheel} does not match its pinned SHA-256 {digest}")
        with zipfile.ZipFile(path) as archive:
            texts[spec] = archive.read(inside).decode("utf-8")
    return texts


def _parse(text: str) -> tuple[list[tuple[float, float]], list[dict[int, float]]]:
    """`graph=[{1: 1.233, ...}, ...]` and `nodes=[[lat, lon], ...]` read as text."""
    graph_at, nodes_at = text.index("graph=["), text.index("nodes=[")
    nodes = [(float(a), float(b)) for a, b in _NODE.findall(text, nodes_at)]
    graph = [
        {int(k): float(v) for k, v in _EDGE.findall(body)}
        for body in re.findall(r"\{([^}]*)\}", text[graph_at:nodes_at])
    ]
    if len(nodes) != len(graph):
        raise SystemExit(f"{len(nodes)} nodes but {len(graph)} adjacency lists")
    return nodes, graph


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _us_cells() -> set[tuple[int, int]]:
    """The tenth-of-a-degree cells whose centre lies in a US state (or DC), from the state
    outlines the maps ship: a scanline per row of cells, even-odd over every ring."""
    from meetup_tracker.maps.atlas import atlas

    edges_by_row: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
    for shape in atlas("states").shapes:
        for ring in shape.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if y1 == y2:
                    continue
                low, high = min(y1, y2), max(y1, y2)
                for row in range(math.floor(low * 10), math.floor(high * 10) + 1):
                    edges_by_row[row].append((x1, y1, x2, y2))
    cells = set()
    for row, edges in edges_by_row.items():
        y = (row + 0.5) / 10
        crossings = sorted(
            x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            for x1, y1, x2, y2 in edges
            if (y1 <= y < y2) or (y2 <= y < y1)
        )
        for west, east in zip(crossings[::2], crossings[1::2], strict=False):
            for col in range(math.floor(west * 10 - 0.5) + 1, math.floor(east * 10 - 0.5) + 1):
                cells.add((row, col))
    return cells


class _Freeways:
    """The US freeway lines as points 300 m apart, in a grid of 0.01 degree cells."""

    def __init__(self, nodes: list[tuple[float, float]], graph: list[dict[int, float]]) -> None:
        self.grid: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
        self.area = _us_cells()
        for u, edges in enumerate(graph):
            for v in edges:
                if v <= u:
                    continue
                a, b = nodes[u], nodes[v]
                steps = max(1, int(_km(a, b) / 0.3))
                for i in range(steps + 1):
                    p = (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
                    self.grid[(math.floor(p[0] * 100), math.floor(p[1] * 100))].append(p)

    def near(self, p: tuple[float, float], km: float = 2.0) -> bool:
        ci, cj = math.floor(p[0] * 100), math.floor(p[1] * 100)
        return any(
            _km(p, q) < km
            for i in range(ci - 2, ci + 3)
            for j in range(cj - 3, cj + 4)
            for q in self.grid.get((i, j), ())
        )

    def covers(self, p: tuple[float, float]) -> bool:
        return (math.floor(p[0] * 10), math.floor(p[1] * 10)) in self.area

    def road_class(self, a: tuple[float, float], b: tuple[float, float]) -> int:
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if not self.covers(middle):
            return UNCLASSIFIED
        steps = max(2, int(_km(a, b)))
        hits = sum(
            self.near((a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps))
            for i in range(steps + 1)
        )
        return FREEWAY if hits >= 0.8 * (steps + 1) else OTHER


def _components(graph: list[dict[int, float]]) -> list[int]:
    component = [-1] * len(graph)
    count = 0
    for start in range(len(graph)):
        if component[start] >= 0:
            continue
        component[start] = count
        stack = [start]
        while stack:
            u = stack.pop()
            for v in graph[u]:
                if component[v] < 0:
                    component[v] = count
                    stack.append(v)
        count += 1
    return component


def _cell(p: tuple[float, float]) -> int:
    row = math.floor((p[0] + 90.0) / CELL_DEGREES)
    col = math.floor((p[1] + 180.0) / CELL_DEGREES)
    return row * round(360 / CELL_DEGREES) + col


def build(world: str, freeway: str) -> tuple[bytes, dict[str, object]]:
    nodes, graph = _parse(world)
    freeways = _Freeways(*_parse(freeway))
    component = _components(graph)
    sizes: dict[int, int] = defaultdict(int)
    for c in component:
        sizes[c] += 1
    kept = [i for i in range(len(nodes)) if sizes[component[i]] >= MIN_COMPONENT]
    kept.sort(key=lambda i: (_cell(nodes[i]), nodes[i]))
    new_id = {old: new for new, old in enumerate(kept)}
    big = sorted({component[i] for i in kept}, key=lambda c: -sizes[c])
    renumbered_component = {c: n for n, c in enumerate(big)}

    lat, lon, comp = array.array("i"), array.array("i"), array.array("H")
    offsets, targets, lengths = array.array("i", [0]), array.array("i"), array.array("H")
    cells, cell_starts = array.array("i"), array.array("i")
    classes: dict[tuple[int, int], int] = {}
    counts = [0, 0, 0]
    for new, old in enumerate(kept):
        p = nodes[old]
        lat.append(round(p[0] * SCALE))
        lon.append(round(p[1] * SCALE))
        comp.append(renumbered_component[component[old]])
        key = _cell(p)
        if not cells or cells[-1] != key:
            cells.append(key)
            cell_starts.append(new)
        for other, km in sorted(graph[old].items(), key=lambda e: new_id.get(e[0], -1)):
            if other == old or other not in new_id:
                continue
            pair = (min(old, other), max(old, other))
            if pair not in classes:
                classes[pair] = freeways.road_class(nodes[pair[0]], nodes[pair[1]])
                counts[classes[pair]] += 1
            targets.append(new_id[other] | (classes[pair] << 24))
            lengths.append(max(1, min(65535, round(km * 1000 / LENGTH_UNIT_M))))
        offsets.append(len(targets))
    cell_starts.append(len(kept))
    header = {
        "format": 1,
        "nodes": len(kept),
        "edges": len(targets),
        "cells": len(cells),
        "cell_degrees": CELL_DEGREES,
        "scale": SCALE,
        "length_unit_m": LENGTH_UNIT_M,
        "components": len(big),
        "freeway_edges": counts[FREEWAY],
        "other_edges": counts[OTHER],
        "unclassified_edges": counts[UNCLASSIFIED],
    }
    assert sys.byteorder == "little"
    body = b"".join(
        a.tobytes() for a in (lat, lon, comp, offsets, targets, lengths, cells, cell_starts)
    )
    header["body_sha256"] = hashlib.sha256(body).hexdigest()
    head = json.dumps(header, sort_keys=True).encode()
    return len(head).to_bytes(4, "little") + head + zlib.compress(body, 9), header


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        texts = _fetch(Path(tmp))
    blob, header = build(texts["scgraph-data==2.0.0"], texts["scgraph==2.15.0"])
    target = DATA / "roads.bin"
    target.write_bytes(blob)
    digest = hashlib.sha256(blob).hexdigest()
    rows = "\n".join(
        f"| {spec} `{inside}` | `{wheel_digest[:16]}` |"
        for spec, (_, wheel_digest, inside) in WHEELS.items()
    )
    (DATA / "SOURCES-roads.md").write_text(
        "# Road data shipped with meetup-tracker\n\n"
        "Made by `scripts/make_road_data.py` from PyPI; do not edit by hand.\n\n"
        f"`roads.bin` ({len(blob):,} bytes, sha256 `{digest}`):"
        f" {header['nodes']:,} nodes, {header['edges']:,} directed edges,"
        f" {header['freeway_edges']:,} freeway, {header['other_edges']:,} other and"
        f" {header['unclassified_edges']:,} unclassified road segments.\n\n"
        "| from (wheel, file) | wheel sha256 (first 16) |\n|---|---|\n"
        f"{rows}\n\n"
        "- The road network: © OpenStreetMap contributors, available under the Open Database"
        " Licence (ODbL 1.0), through scgraph-data 2.0.0 (MIT, Connor Makowski). `roads.bin`"
        " is a derived database and is itself available under the ODbL.\n"
        "- The freeway classes: the US freeway system of the FHWA's National Highway Planning"
        " Network (US DOT, public domain), through scgraph 2.15.0 (MIT, Connor Makowski).\n"
    )
    print(f"wrote {target} ({len(blob):,} bytes): {header}")


if __name__ == "__main__":
    main()
