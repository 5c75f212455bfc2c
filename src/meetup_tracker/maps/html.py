"""One self-contained HTML map: Leaflet, the outlines, the data and our script inlined, no tile
layer, and a Content-Security-Policy of `default-src 'none'` that lets through only the inline
scripts and styles whose hashes it names: the browser itself refuses any fetch.

Names, notes and places reach the page only as JSON inside `<script type="application/json">`
(`<`, `>` and `&` escaped, so no text can close the element) and are put on the page with
`textContent`: a contact named `<script>` is text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources
from typing import Any

from meetup_tracker.geo.units import format_distance
from meetup_tracker.maps.atlas import data_text
from meetup_tracker.maps.model import MapData
from meetup_tracker.text import plural


def _page(name: str) -> str:
    return (resources.files("meetup_tracker.maps") / "page" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def script_json(value: Any) -> str:
    """JSON to inline in a script element: nothing in it can end the element or start markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _round(points: list[tuple[float, float]]) -> list[list[float]]:
    return [[round(lat, 5), round(lon, 5)] for lat, lon in points]


def summary(data: MapData) -> str:
    """`120 contacts: 40 met, 80 not yet; 12 along the way`."""
    met, unmet = data.counts()
    text = f"{plural(len(data.markers), 'contact')}: {met:,} met, {unmet:,} not yet"
    if data.route is not None:
        text += f"; {len(data.along):,} along the way"
    return text


def page_data(data: MapData, units: str) -> dict[str, Any]:
    """What the page's script reads."""
    route = None
    if data.route is not None:
        route = {
            "line": _round(data.route.line),
            "corridor": [_round(ring) for ring in data.route.corridor],
            "within": format_distance(data.route.within_km, units),
            "stops": [
                {"label": s.label, "place": s.place, "y": s.lat, "x": s.lon, "when": s.when}
                for s in data.route.stops
            ],
        }
    return {
        "title": data.title,
        "date": data.made_on.isoformat(),
        "summary": summary(data),
        "bounds": list(data.bounds),
        "contacts": [m.to_json() for m in data.markers],
        "route": route,
        "notes": data.notes,
    }


def render(data: MapData, *, units: str = "km") -> str:
    """The whole HTML page."""
    styles = [data_text("leaflet.css"), _page("map.css")]
    scripts = [data_text("leaflet.js"), _page("map.js")]
    atlas = '{"countries":' + data_text("countries-110m.json") + ',"states":'
    atlas += data_text("states-10m.json") + "}"
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_hash(s) for s in scripts),
            "style-src " + " ".join(_hash(s) for s in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(data.title)}</title>\n",
        *(f"<style>{s}</style>\n" for s in styles),
        '</head>\n<body>\n<div id="map"></div>\n',
        '<script type="application/json" id="meetup-data">',
        script_json(page_data(data, units)),
        '</script>\n<script type="application/json" id="meetup-atlas">',
        atlas.replace("<", "\\u003c"),
        "</script>\n",
        *(f"<script>{s}</script>\n" for s in scripts),
        "</body>\n</html>\n",
    ]
    return "".join(parts)
