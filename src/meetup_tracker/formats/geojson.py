"""GeoJSON: contacts as points and trips as lines, for geojson.io or QGIS (export only)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactView


def write(contacts: Iterable[ContactView], trips: Iterable[TripView]) -> Iterator[str]:
    """A FeatureCollection: a Point for each placed contact, a LineString for each trip;
    written a feature at a time, the same text as json.dumps(..., indent=2) of the whole."""
    yield '{\n  "type": "FeatureCollection",\n  "features": '
    yield from json_list(_features(contacts, trips), indent=2)
    yield "\n}\n"


def json_list(items: Iterable[Any], indent: int = 0) -> Iterator[str]:
    """A JSON array, item by item, as json.dumps(list, indent=2) writes it at this depth."""
    pad = " " * indent
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  " + pad)
        yield ("[\n  " + pad if first else ",\n  " + pad) + text
        first = False
    yield "[]" if first else "\n" + pad + "]"


def _features(contacts: Iterable[ContactView], trips: Iterable[TripView]) -> Iterator[Any]:
    for v in contacts:
        if v.lat is None or v.lon is None:
            continue
        yield (
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [v.lon, v.lat]},
                "properties": {
                    "kind": "contact",
                    "id": v.id,
                    "name": v.name,
                    "city": v.city,
                    "met_in_person": v.met_in_person,
                    "last_met": v.last_met,
                    "tags": v.tags,
                    "marker-color": "#2e7d32" if v.met_in_person else "#f9a825",
                },
            }
        )
    for trip in trips:
        points = trip.waypoints
        if not points:
            continue
        geometry: dict[str, Any] = (
            {"type": "LineString", "coordinates": _line(trip)}
            if len(points) >= 2
            else {"type": "Point", "coordinates": [points[0].lon, points[0].lat]}
        )
        yield (
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "kind": "trip",
                    "id": trip.id,
                    "name": trip.name,
                    "start": trip.start,
                    "end": trip.end,
                    "stops": [s.place for s in trip.stops],
                    "legs": trip.legs_json(),
                },
            }
        )


def _line(trip: TripView) -> list[list[float]]:
    """The trip's road as drawn (within 100 m), or straight between its places; [lon, lat]."""
    from meetup_tracker.geo.road_route import simplified

    if trip.road is None:
        return [[w.lon, w.lat] for w in trip.waypoints]
    return [[round(lon, 5), round(lat, 5)] for lat, lon in simplified(trip.road.drawn(), 0.1)]
