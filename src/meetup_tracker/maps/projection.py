"""Web Mercator, fitted to a box of the map: the projection of the SVG and terminal maps, the
same one Leaflet draws the HTML map in, so the three look alike."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from meetup_tracker.maps.atlas import Line
from meetup_tracker.maps.model import Bounds

MAX_LAT = 85.0


def mercator_y(lat: float) -> float:
    """Mercator's northing for a latitude, in radians of longitude."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class Projection:
    """Lat/lon to x/y in a `width`-wide picture of `bounds`, north up; the height follows
    from the box's shape (within `min_ratio`..`max_ratio` of the width)."""

    def __init__(
        self, bounds: Bounds, width: float, *, min_ratio: float = 0.35, max_ratio: float = 1.2
    ) -> None:
        lat_min, lat_max, lon_min, lon_max = bounds
        top, bottom = mercator_y(lat_max), mercator_y(lat_min)
        left, right = math.radians(lon_min), math.radians(lon_max)
        ratio = (top - bottom) / max(right - left, 1e-9)
        ratio = min(max(ratio, min_ratio), max_ratio)
        self.width = width
        self.height = width * ratio
        # One scale for both axes; centre the box in the picture.
        self.scale = min(width / max(right - left, 1e-9), self.height / max(top - bottom, 1e-9))
        self.x0 = (left + right) / 2 - width / 2 / self.scale
        self.y0 = (top + bottom) / 2 + self.height / 2 / self.scale
        self.west = lon_min

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        """The point in picture coordinates (y grows downwards)."""
        return (
            (math.radians(lon) - self.x0) * self.scale,
            (self.y0 - mercator_y(lat)) * self.scale,
        )

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        """Whether a picture point is in the picture (with a margin)."""
        return -margin <= x <= self.width + margin and -margin <= y <= self.height + margin

    def visible_lon_span(self) -> tuple[float, float]:
        """The longitudes the picture shows, west to east."""
        west = math.degrees(self.x0)
        return west, west + math.degrees(self.width / self.scale)

    def shifts(self) -> list[float]:
        """The whole turns (-360, 0, 360) by which the outlines are drawn so that a view across
        the antimeridian shows both sides."""
        west, east = self.visible_lon_span()
        return [by for by in (-360.0, 0.0, 360.0) if west < 180.0 + by and east > -180.0 + by]

    def lines(
        self, lines: Sequence[Line], *, least: float = 0.6
    ) -> Iterator[list[tuple[float, float]]]:
        """Outlines (lon/lat) as picture polylines, each shifted copy that shows, points closer
        than `least` merged, lines wholly outside the picture left out."""
        for by in self.shifts():
            for line in lines:
                points: list[tuple[float, float]] = []
                for lon, lat in line:
                    x, y = self.xy(lat, lon + by)
                    if points and abs(x - points[-1][0]) < least and abs(y - points[-1][1]) < least:
                        continue
                    points.append((x, y))
                if len(points) < 2:
                    continue
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                if max(xs) < 0 or min(xs) > self.width or max(ys) < 0 or min(ys) > self.height:
                    continue
                yield points
