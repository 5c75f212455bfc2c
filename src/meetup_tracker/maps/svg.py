"""A static SVG map, written with the standard library: outlines, the corridor and road, stops
labelled in order, contacts (met filled, not met as rings) with hover titles, and a legend."""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

from meetup_tracker.geo.units import format_distance
from meetup_tracker.maps.atlas import US_BOUNDS, atlas, overlaps
from meetup_tracker.maps.html import summary
from meetup_tracker.maps.model import MapData, Marker
from meetup_tracker.maps.projection import Projection

WIDTH = 960
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

STYLE = """
.sea { fill: #dbe7ef; }
.land { fill: #f6f3ec; stroke: #9a948a; stroke-width: 0.7; stroke-linejoin: round; }
.states { fill: none; stroke: #b9b3a8; stroke-width: 0.5; }
.corridor { fill: #f2c94c; fill-opacity: 0.25; fill-rule: nonzero; stroke: none; }
.road { fill: none; stroke: #b7791f; stroke-width: 3; stroke-linejoin: round;
  stroke-linecap: round; }
.met { fill: #2f6fbf; stroke: #1f4e8c; stroke-width: 1; }
.unmet { fill: #ffffff; stroke: #c05621; stroke-width: 2.2; }
.stop { fill: none; stroke: #4a3410; stroke-width: 3; }
.number { font: bold 9px sans-serif; fill: #7b341e; text-anchor: middle;
  dominant-baseline: central; }
.label { font: 600 13px sans-serif; fill: #222; paint-order: stroke; stroke: #fff;
  stroke-width: 3; }
.title { font: bold 18px sans-serif; fill: #222; }
.small { font: 12px sans-serif; fill: #444; }
.panel { fill: #ffffff; stroke: #bbb; }
"""


def _text(value: str) -> str:
    """Text safe in XML: escaped, and characters XML cannot hold replaced."""
    return escape(_NOT_XML.sub("\ufffd", value))


def _d(points: Iterable[tuple[float, float]], *, close: bool = False) -> str:
    coords = [f"{x:.1f},{y:.1f}" for x, y in points]
    return "M" + "L".join(coords) + ("Z" if close else "")


def _hover(marker: Marker) -> str:
    parts = [f"{marker.number}. {marker.name}" if marker.number else marker.name]
    if marker.city:
        parts.append(marker.city)
    parts += marker.handles
    parts.append(f"met in person, last on {marker.last_met}" if marker.met else "not met yet")
    if marker.leg:
        parts.append(f"along {marker.leg}")
    if marker.chance:
        parts.append(f"next chance: {marker.chance}")
    return "\n".join(parts)


def render(data: MapData, *, units: str = "km", width: int = WIDTH) -> str:
    """The whole SVG document."""
    proj = Projection(data.bounds, width)
    height = proj.height + LEGEND_HEIGHT
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}"'
        f' viewBox="0 0 {width} {height:.0f}" role="img">\n',
        f"<title>{_text(data.title)}</title>\n<style>{STYLE}</style>\n",
        f'<rect class="sea" width="{width}" height="{height:.0f}"/>\n',
    ]
    out.append('<g id="land">')
    countries = atlas("countries")
    for shape in countries.shapes:
        for ring in proj.lines(shape.rings):
            out.append(f'<path class="land" d="{_d(ring, close=True)}"/>')
    out.append("</g>\n")
    if overlaps(data.bounds, US_BOUNDS):
        out.append('<g id="states">')
        lines = [_d(line) for line in proj.lines(atlas("states").arcs)]
        out.append(f'<path class="states" d="{"".join(lines)}"/>')
        out.append("</g>\n")
    if data.route is not None:
        out.extend(_route(data, proj))
    out.extend(_markers(data, proj))
    if data.route is not None:
        out.extend(_stops(data, proj))
    out.extend(_legend(data, units, proj.height, width))
    out.append("</svg>\n")
    return "".join(out)


def _route(data: MapData, proj: Projection) -> list[str]:
    assert data.route is not None
    rings = "".join(
        _d((proj.xy(lat, lon) for lat, lon in r), close=True) for r in data.route.corridor
    )
    road = _d(proj.xy(lat, lon) for lat, lon in data.route.line)
    return [
        f'<g id="corridor"><path class="corridor" d="{rings}"/></g>\n',
        f'<g id="route"><path class="road" d="{road}"/></g>\n',
    ]


def _markers(data: MapData, proj: Projection) -> list[str]:
    out = ['<g id="contacts">']
    along = []
    for marker in data.markers:
        x, y = proj.xy(marker.lat, marker.lon)
        if not proj.inside(x, y, 10):
            continue
        if marker.number:
            along.append((marker, x, y))
            continue
        kind = "met" if marker.met else "unmet"
        out.append(
            f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{_text(_hover(marker))}</title></circle>"
        )
    out.append("</g>\n")
    if data.route is not None:
        out.append('<g id="along">')
        for marker, x, y in sorted(along, key=lambda found: found[0].number or 0):
            kind = "met" if marker.met else "unmet"
            out.append(
                f'<g class="along"><title>{_text(_hover(marker))}</title>'
                f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="7"/>'
                f'<text class="number" x="{x:.1f}" y="{y:.1f}">{marker.number}</text></g>'
            )
        out.append("</g>\n")
    return out


def text_width(text: str, size: float) -> float:
    """About how wide a line of sans-serif text is drawn, in pixels (wide characters, as CJK,
    count double)."""
    import unicodedata

    units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return units * size * 0.62


def fitted(text: str, room: float, size: float) -> str:
    """Text cut with an ellipsis to fit `room` pixels (the whole of it stays in the hover)."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _stops(data: MapData, proj: Projection) -> list[str]:
    assert data.route is not None
    out = ['<g id="stops">']
    for stop in data.route.stops:
        x, y = proj.xy(stop.lat, stop.lon)
        hover = stop.place + (f"\n{stop.when}" if stop.when else "")
        # Right of the stop, or left of it where the picture's edge would cut it.
        label = fitted(stop.label, max(proj.width - 26.0, 40.0), 13)
        right = x + 13 + text_width(label, 13) <= proj.width - 4
        place = f'x="{x + 13:.1f}"' if right else f'x="{x - 13:.1f}" text-anchor="end"'
        # A hollow square above the dots: whoever lives at the stop stays visible inside it.
        out.append(
            f'<g class="stop"><title>{_text(hover)}</title>'
            f'<rect class="stop" x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18" rx="2"/>'
            f'<text class="label" {place} y="{y + 4:.1f}">{_text(label)}</text></g>'
        )
    out.append("</g>\n")
    return out


LEGEND_HEIGHT = 64


def _legend(data: MapData, units: str, top: float, width: int) -> list[str]:
    """A band below the map: the title, date and counts, then what each mark means."""
    rows: list[tuple[str, str]] = [("met", "met in person"), ("unmet", "not met yet")]
    if data.route is not None:
        within = format_distance(data.route.within_km, units)
        rows += [
            ("road", "the road"),
            ("corridor", f"within {within}"),
            ("stop", "stop"),
            ("along", "along the way"),
        ]
    x, y = width - 130.0 * ((len(rows) + 1) // 2) - 10, top + 22
    room = x - 24  # the title and its lines end before the legend's swatches begin
    made = f"Made {data.made_on.isoformat()} · {summary(data)}"
    out = [
        '<g id="legend">',
        f'<rect class="panel" x="0" y="{top:.0f}" width="{width}" height="{LEGEND_HEIGHT}"/>',
        f'<text class="title" x="12" y="{top + 24:.0f}">{_text(fitted(data.title, room, 18))}'
        "</text>",
        f'<text class="small date" x="12" y="{top + 44:.0f}">{_text(fitted(made, room, 12))}'
        "</text>",
    ]
    out.append(
        f'<text class="small credit" x="{width - 10}" y="{top + LEGEND_HEIGHT - 6:.0f}"'
        ' text-anchor="end">Roads © OpenStreetMap contributors</text>'
    )
    notes = " · ".join(data.notes)
    if notes:
        shown = fitted(notes, width - 260.0, 12)  # clear of the credit on its right
        out.append(f'<text class="small note" x="12" y="{top + 59:.0f}">{_text(shown)}</text>')
    for index, (kind, label) in enumerate(rows):
        left, row_y = x + 130 * (index // 2), y + 20 * (index % 2)
        out.append(_swatch(kind, left, row_y))
        out.append(f'<text class="small" x="{left + 22:.0f}" y="{row_y:.0f}">{_text(label)}</text>')
    out.append("</g>\n")
    return out


def _swatch(kind: str, left: float, baseline: float) -> str:
    """The mark a legend row explains, 16 px wide, left of its words."""
    cx, cy = left + 8, baseline - 4
    if kind == "road":
        return f'<path class="road" d="M{left:.0f},{cy:.0f}h16"/>'
    if kind == "corridor":
        return f'<rect class="corridor" x="{left:.0f}" y="{cy - 6:.0f}" width="16" height="10"/>'
    if kind == "stop":
        return f'<rect class="stop" x="{cx - 6:.0f}" y="{cy - 6:.0f}" width="12" height="12"/>'
    if kind == "along":
        return (
            f'<circle class="unmet" cx="{cx:.0f}" cy="{cy:.0f}" r="7"/>'
            f'<text class="number" x="{cx:.0f}" y="{cy:.0f}">1</text>'
        )
    return f'<circle class="{kind}" cx="{cx:.0f}" cy="{cy:.0f}" r="5"/>'
