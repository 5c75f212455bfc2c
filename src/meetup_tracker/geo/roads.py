"""The roads people drive: the road network shipped with the program, the fastest drive between
two places on it, and one search outward from a road to everyone near it. Pure functions over
arrays read once from `data/roads.bin`; no I/O but that file, no network.

The network is OpenStreetMap's world highway graph (as scgraph-data 2.0.0 packages it), with
freeways marked from the FHWA's US freeway network (scgraph 2.15.0): see
`scripts/make_road_data.py`, which makes the file, for the format. Each directed edge carries
its length (in 20 m steps) and a class; a drive is timed at the class's speed:

- a US freeway at FREEWAY_KMH; another road where the freeway data covers the land (the US)
  at OTHER_KMH: so Knoxville -> Atlanta takes I-75, not the shorter US-411;
- a road elsewhere, whose class the data does not know, at UNCLASSIFIED_KMH.

From a place to the network (the nearest node of a connected road) and back is counted too:
the straight line times OFF_ROAD_FACTOR, at OFF_ROAD_KMH.
"""

from __future__ import annotations

import array
import bisect
import heapq
import json
import math
import mmap
import os
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from meetup_tracker.geo.geometry import KM_PER_DEGREE, Point, distance_km, path

FREEWAY_KMH = 105.0
OTHER_KMH = 72.0
UNCLASSIFIED_KMH = 82.0
OFF_ROAD_KMH = 40.0
OFF_ROAD_FACTOR = 1.3
MAX_SNAP_KM = 30.0  # a place farther than this from every road node has no road
_NODE_MASK = (1 << 24) - 1

DATA_FILE = Path(__file__).parent / "data" / "roads.bin"


@dataclass(frozen=True)
class Drive:
    """The drive from one place to another: the road as drawn (from the first place to the
    last, through the network's nodes), its length and time, and whether a road was found
    (False: a straight line, across a sea or far from every road)."""

    points: list[Point]
    km: float
    minutes: float
    road: bool
    nodes: list[int]  # the network's nodes passed, in order (empty without a road)
    node_km: list[float]  # from the first place to each of those nodes
    node_minutes: list[float]


@dataclass(frozen=True)
class Reached:
    """Where a search outward from a road reached a node: the time and distance from the road,
    and which source (an index into the sources given) it left the road at."""

    minutes: float
    km: float
    source: int


class RoadNetwork:
    """The road network as flat arrays of integers: coordinates (thousandths of a degree),
    components, adjacency (offsets into targets and lengths), and the cells of a grid, each
    with the range of its nodes. Any buffer will do: a memory map is read only where looked."""

    def __init__(self, header: dict[str, Any], body: memoryview) -> None:
        self.header = header
        self.scale = float(header["scale"])
        self.cell_degrees = float(header["cell_degrees"])
        self.columns = round(360 / self.cell_degrees)
        self.unit_km = header["length_unit_m"] / 1000.0
        if len(body) != body_size(header):
            raise ValueError("the road data is not the size its header says")
        arrays: dict[str, memoryview[int]] = {}
        at = 0
        for name, code, count in _layout(header):
            width = array.array(code).itemsize * count
            arrays[name] = body[at : at + width].cast(code)
            at += width
        self.lat, self.lon = arrays["lat"], arrays["lon"]
        self.component = arrays["component"]
        self.offsets, self.targets, self.lengths = (
            arrays["offsets"],
            arrays["targets"],
            arrays["lengths"],
        )
        self.cells, self.cell_starts = arrays["cells"], arrays["cell_starts"]
        # hours per length step, by class (0 other, 1 freeway, 2 unclassified)
        self.hours_per_unit = (
            self.unit_km / OTHER_KMH,
            self.unit_km / FREEWAY_KMH,
            self.unit_km / UNCLASSIFIED_KMH,
        )

    def _cell(self, key: int) -> int | None:
        index = bisect.bisect_left(self.cells, key)
        return index if index < len(self.cells) and self.cells[index] == key else None

    def point(self, node: int) -> Point:
        """A node's (lat, lon)."""
        return (self.lat[node] / self.scale, self.lon[node] / self.scale)

    def _cell_of(self, lat: float, lon: float) -> tuple[int, int]:
        return (
            math.floor((lat + 90.0) / self.cell_degrees),
            math.floor((lon + 180.0) / self.cell_degrees),
        )

    def nearest(
        self, p: Point, *, component: int | None = None, within_km: float = MAX_SNAP_KM
    ) -> tuple[int, float] | None:
        """The node nearest a point (of one component, if given) and its distance, if one is
        within `within_km`."""
        lat, lon = p
        row, col = self._cell_of(lat, lon)
        cos_lat = max(0.01, math.cos(math.radians(lat)))
        scale = self.scale
        plat, plon = lat * scale, lon * scale
        kx = cos_lat * KM_PER_DEGREE / scale
        ky = KM_PER_DEGREE / scale
        ky2 = ky * ky
        turn = round(360 * scale)
        cell_km = self.cell_degrees * KM_PER_DEGREE * cos_lat
        best_node, best2 = -1, math.inf  # squared distance, km
        rings = math.ceil(within_km / cell_km) + 1
        lats, lons, comps, starts = self.lat, self.lon, self.component, self.cell_starts
        for ring in range(rings + 1):
            reach = (ring - 1) * cell_km
            if best_node >= 0 and reach > 0 and reach * reach > best2:
                break
            for r in range(row - ring, row + ring + 1):
                step = 1 if r in (row - ring, row + ring) else max(1, 2 * ring)
                for c in range(col - ring, col + ring + 1, step):
                    index = self._cell(r * self.columns + c % self.columns)
                    if index is None:
                        continue
                    for node in range(starts[index], starts[index + 1]):
                        dy = lats[node] - plat
                        dy2 = dy * dy * ky2
                        if dy2 >= best2:
                            continue
                        dx = lons[node] - plon
                        if dx > turn // 2 or dx < -turn // 2:  # across the antimeridian
                            dx = (dx + turn // 2) % turn - turn // 2
                        d2 = dx * dx * kx * kx + dy2
                        if d2 < best2 and (component is None or comps[node] == component):
                            best_node, best2 = node, d2
        if best_node < 0 or best2 > within_km * within_km:
            return None
        return best_node, math.sqrt(best2)

    def _snap_pair(self, a: Point, b: Point) -> tuple[tuple[int, float], tuple[int, float]] | None:
        """Nodes for both ends of a drive on one connected road network, if there are."""
        na, nb = self.nearest(a), self.nearest(b)
        if na is None or nb is None:
            return None
        if self.component[na[0]] == self.component[nb[0]]:
            return na, nb
        options = []
        other_b = self.nearest(b, component=self.component[na[0]])
        if other_b is not None:
            options.append((na, other_b))
        other_a = self.nearest(a, component=self.component[nb[0]])
        if other_a is not None:
            options.append((other_a, nb))
        if not options:
            return None
        return min(options, key=lambda pair: pair[0][1] + pair[1][1])

    def drive(self, a: Point, b: Point) -> Drive:
        """The fastest drive from a to b (A* on time); a straight line where there is no road."""
        pair = self._snap_pair(a, b)
        if pair is None:
            return straight_drive(a, b)
        (start, off_a), (goal, off_b) = pair
        found = self._fastest(start, goal)
        if found is None:
            return straight_drive(a, b)
        nodes, _ = found
        off_km_a, off_km_b = off_a * OFF_ROAD_FACTOR, off_b * OFF_ROAD_FACTOR
        km, minutes = off_km_a, off_km_a / OFF_ROAD_KMH * 60
        node_km, node_minutes = [], []
        previous = None
        for node in nodes:
            if previous is not None:
                step_km, step_h = self._edge(previous, node)
                km += step_km
                minutes += step_h * 60
            node_km.append(km)
            node_minutes.append(minutes)
            previous = node
        km += off_km_b
        minutes += off_km_b / OFF_ROAD_KMH * 60
        points = [a, *(self.point(n) for n in nodes), b]
        return Drive(points, km, minutes, True, nodes, node_km, node_minutes)

    def _edge(self, u: int, v: int) -> tuple[float, float]:
        """The length (km) and time (hours) of the fastest edge from u to v."""
        best: tuple[float, float] | None = None
        for i in range(self.offsets[u], self.offsets[u + 1]):
            target = self.targets[i]
            if target & _NODE_MASK == v:
                units = self.lengths[i]
                hours = units * self.hours_per_unit[target >> 24]
                if best is None or hours < best[1]:
                    best = (units * self.unit_km, hours)
        assert best is not None
        return best

    def _fastest(self, start: int, goal: int) -> tuple[list[int], float] | None:
        """A* on driving time, with the straight distance at the top speed as the bound."""
        if start == goal:
            return [start], 0.0
        lats, lons, offsets, targets, lengths = (
            self.lat,
            self.lon,
            self.offsets,
            self.targets,
            self.lengths,
        )
        per_unit = self.hours_per_unit
        glat, glon = lats[goal], lons[goal]
        # A lower bound of the hours left: the flat distance, shrunk to stay below the
        # great circle at any latitude the drive can reach, at the top speed.
        cos_goal = math.cos(math.radians(glat / self.scale))
        ky = KM_PER_DEGREE / self.scale / FREEWAY_KMH * 0.98
        kx = ky * cos_goal
        best = {start: 0.0}
        previous: dict[int, int] = {}
        done: set[int] = set()
        heap = [(0.0, 0.0, start)]
        pop, push, sqrt = heapq.heappop, heapq.heappush, math.sqrt
        while heap:
            _, hours, u = pop(heap)
            if u in done:
                continue
            if u == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                path.reverse()
                return path, hours
            done.add(u)
            for i in range(offsets[u], offsets[u + 1]):
                target = targets[i]
                v = target & _NODE_MASK
                arrive = hours + lengths[i] * per_unit[target >> 24]
                if arrive < best.get(v, math.inf):
                    best[v] = arrive
                    previous[v] = u
                    dx = (lons[v] - glon) * kx
                    dy = (lats[v] - glat) * ky
                    push(heap, (arrive + sqrt(dx * dx + dy * dy), arrive, v))
        return None

    def reach(
        self, sources: Sequence[int], goals: Iterable[int], *, limit_minutes: float
    ) -> dict[int, Reached]:
        """One search outward from many sources at once (a road's nodes): for every goal node
        reached within `limit_minutes`, how far it is from the nearest source, by time, and
        which source that is. It stops once every goal is reached."""
        wanted = set(goals)
        found: dict[int, Reached] = {}
        if not wanted or not sources:
            return found
        offsets, targets, lengths = self.offsets, self.targets, self.lengths
        per_unit = self.hours_per_unit
        unit_km = self.unit_km
        limit = limit_minutes / 60.0
        best: dict[int, float] = {}
        heap: list[tuple[float, float, int, int]] = []
        for index, node in enumerate(sources):
            if node not in best:
                best[node] = 0.0
                heap.append((0.0, 0.0, node, index))
        heapq.heapify(heap)
        done: set[int] = set()
        pop, push = heapq.heappop, heapq.heappush
        while heap and wanted:
            hours, units, u, source = pop(heap)
            if u in done:
                continue
            if hours > limit:
                break
            done.add(u)
            if u in wanted:
                wanted.discard(u)
                found[u] = Reached(hours * 60.0, units * unit_km, source)
            for i in range(offsets[u], offsets[u + 1]):
                target = targets[i]
                v = target & _NODE_MASK
                arrive = hours + lengths[i] * per_unit[target >> 24]
                if arrive < best.get(v, math.inf):
                    best[v] = arrive
                    push(heap, (arrive, units + lengths[i], v, source))
        return found


def straight_drive(a: Point, b: Point) -> Drive:
    """A leg without a road: the great circle, with no time."""
    km = distance_km(a, b)
    return Drive(path([a, b]), km, math.nan, False, [], [], [])


def off_road(km: float) -> tuple[float, float]:
    """The drive (km, minutes) for a straight stretch off the network."""
    driven = km * OFF_ROAD_FACTOR
    return driven, driven / OFF_ROAD_KMH * 60.0


def _packed() -> bytes:
    """The shipped file's compressed arrays."""
    blob = DATA_FILE.read_bytes()
    return blob[4 + int.from_bytes(blob[:4], "little") :]


@lru_cache(maxsize=1)
def network() -> RoadNetwork:
    """The road network. The shipped file is inflated once into the cache folder (a fraction
    of a second), and every later command maps that copy: it reads only the pages a drive
    touches. Where the cache cannot be written, the shipped file is inflated in memory."""
    from meetup_tracker.paths import cache_dir, private_dir

    with DATA_FILE.open("rb") as shipped:
        size = int.from_bytes(shipped.read(4), "little")
        header = json.loads(shipped.read(size))
    path = cache_dir() / f"roads-{header['body_sha256'][:16]}.bin"
    packed = b""
    try:
        if not path.exists() or path.stat().st_size != body_size(header):
            packed = _packed()
            private_dir(path.parent)
            partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(zlib.decompress(packed))
            os.replace(partial, path)
        with path.open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        return RoadNetwork(header, memoryview(mapped))
    except (OSError, ValueError):
        return RoadNetwork(header, memoryview(zlib.decompress(packed or _packed())))


def _layout(header: dict[str, Any]) -> list[tuple[str, Literal["i", "H"], int]]:
    """The arrays of the file, in order: name, type (int32 or uint16) and length."""
    n, m, cells = int(header["nodes"]), int(header["edges"]), int(header["cells"])
    return [
        ("lat", "i", n),
        ("lon", "i", n),
        ("component", "H", n),
        ("offsets", "i", n + 1),
        ("targets", "i", m),  # the node, with the edge's class in the top byte
        ("lengths", "H", m),
        ("cells", "i", cells),
        ("cell_starts", "i", cells + 1),
    ]


def body_size(header: dict[str, Any]) -> int:
    """How many bytes the arrays take."""
    return sum(array.array(code).itemsize * count for _, code, count in _layout(header))
