"""A map in the terminal, drawn in braille: each character cell holds 2×4 dots, so an 80-column
terminal gets a 160-dot-wide picture. Outlines and the road are dots; met contacts are bright
dots, people not met yet a ring (○), stops a square (■) with their label beside it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from meetup_tracker.maps.atlas import US_BOUNDS, atlas, overlaps
from meetup_tracker.maps.model import MapData
from meetup_tracker.maps.projection import Projection

if TYPE_CHECKING:
    from rich.text import Text

BRAILLE = 0x2800
# The bit of each dot of a cell, by (column, row) within it.
DOT_BITS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08,
            (1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}  # fmt: skip

# What a cell shows when several things fall in it: the highest rank wins its colour.
STYLES = {"outline": (1, "grey50"), "road": (3, "yellow"), "met": (5, "bold bright_blue"),
          "unmet": (6, "bold dark_orange"), "stop": (7, "bold white"),
          "label": (8, "bold white")}  # fmt: skip
MAX_ROWS = 24


class Canvas:
    """Cells of braille dots, each with the style of the highest-ranked thing drawn in it, and
    whole characters (marks, labels) that replace the dots of their cell."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.bits = [[0] * columns for _ in range(rows)]
        self.kind: list[list[str | None]] = [[None] * columns for _ in range(rows)]
        self.chars: dict[tuple[int, int], str] = {}

    def _claim(self, col: int, row: int, kind: str) -> None:
        current = self.kind[row][col]
        if current is None or STYLES[kind][0] >= STYLES[current][0]:
            self.kind[row][col] = kind

    def dot(self, x: float, y: float, kind: str) -> None:
        """Set the dot at picture position (x, y), in dots."""
        ix, iy = int(x), int(y)
        if not (0 <= ix < self.columns * 2 and 0 <= iy < self.rows * 4):
            return
        col, row = ix // 2, iy // 4
        self.bits[row][col] |= DOT_BITS[(ix % 2, iy % 4)]
        self._claim(col, row, kind)

    def line(self, points: Iterable[tuple[float, float]], kind: str) -> None:
        """A polyline, a dot at every step."""
        previous = None
        for x, y in points:
            if previous is not None:
                x0, y0 = previous
                steps = max(1, int(max(abs(x - x0), abs(y - y0))))
                for i in range(steps + 1):
                    self.dot(x0 + (x - x0) * i / steps, y0 + (y - y0) * i / steps, kind)
            previous = (x, y)

    def put(self, x: float, y: float, char: str, kind: str) -> None:
        """A whole character in the cell holding picture position (x, y), unless a higher
        ranked one is there already."""
        col, row = int(x) // 2, int(y) // 4
        if not (0 <= col < self.columns and 0 <= row < self.rows):
            return
        held = self.kind[row][col]
        if (col, row) in self.chars and held and STYLES[held][0] > STYLES[kind][0]:
            return
        self.chars[(col, row)] = char
        self.kind[row][col] = kind

    def label(self, x: float, y: float, text: str) -> None:
        """Text beside a point: to its right, or to its left where the right edge is too
        near; never over another label or mark."""
        col, row = int(x) // 2, int(y) // 4
        if not 0 <= row < self.rows:
            return
        start = col + 2
        if start + len(text) > self.columns and col - 1 - len(text) >= 0:
            start = col - 1 - len(text)
        text = text[: max(0, self.columns - start)]
        cells = [(start + i, row) for i in range(len(text))]
        if any(cell in self.chars for cell in cells):
            return
        for cell, char in zip(cells, text, strict=True):
            self.chars[cell] = char
            self.kind[row][cell[0]] = "label"

    def text(self) -> Text:
        """The picture as rich Text, one line per row."""
        from rich.text import Text

        out = Text()
        for row in range(self.rows):
            for col in range(self.columns):
                bits = self.bits[row][col]
                char = self.chars.get((col, row)) or (chr(BRAILLE + bits) if bits else " ")
                kind = self.kind[row][col]
                out.append(char, style=STYLES[kind][1] if kind else "")
            if row < self.rows - 1:
                out.append("\n")
        return out


def _projection(data: MapData, columns: int) -> Projection:
    proj = Projection(data.bounds, columns * 2)
    if proj.height > MAX_ROWS * 4:  # too tall: a narrower picture of the same area
        proj = Projection(data.bounds, columns * 2 * MAX_ROWS * 4 / proj.height)
    return proj


def draw(data: MapData, columns: int) -> Text:
    """The map, `columns` characters wide, with a line of legend below it."""
    from rich.text import Text

    proj = _projection(data, columns)
    width = max(1, int(proj.width / 2))
    offset = (columns - width) * 1.0  # centre a narrower picture: shift it right, in dots
    canvas = Canvas(columns, max(1, int(proj.height / 4 + 0.999)))

    def at(lat: float, lon: float) -> tuple[float, float]:
        x, y = proj.xy(lat, lon)
        return x + offset, y

    layers = [atlas("countries").arcs]
    if overlaps(data.bounds, US_BOUNDS):
        layers.append(atlas("states").arcs)
    for arcs in layers:
        for line in proj.lines(arcs, least=1.0):
            canvas.line(((x + offset, y) for x, y in line), "outline")
    if data.route is not None:
        canvas.line((at(lat, lon) for lat, lon in data.route.line), "road")
    for marker in data.markers:
        x, y = at(marker.lat, marker.lon)
        if marker.met:
            canvas.dot(x, y, "met")
            canvas.dot(x + 1, y, "met")
            canvas.dot(x, y + 1, "met")
            canvas.dot(x + 1, y + 1, "met")
        else:
            canvas.put(x, y, "○", "unmet")
    if data.route is not None:
        for stop in data.route.stops:
            x, y = at(stop.lat, stop.lon)
            canvas.put(x, y, "■", "stop")
            canvas.label(x, y, stop.label)
    picture = canvas.text()
    legend = Text("\n")
    for mark, kind, words in (("⣿", "met", "met"), ("○", "unmet", "not met yet")):
        legend.append(mark, style=STYLES[kind][1])
        legend.append(f" {words}   ")
    if data.route is not None:
        legend.append("■", style=STYLES["stop"][1])
        legend.append(" stop   ")
        legend.append("⠒⠒", style=STYLES["road"][1])
        legend.append(" road (© OpenStreetMap contributors)")
    picture.append(legend)
    return picture


def show(data: MapData) -> None:
    """Print the map on stdout when it is a terminal, as wide as the terminal; nothing when
    it is a pipe or a file."""
    from meetup_tracker.output import rich_console, stdout_is_terminal

    if not stdout_is_terminal():
        return
    console = rich_console()
    console.print(draw(data, max(20, min(console.width, 160))), soft_wrap=True, crop=False)
