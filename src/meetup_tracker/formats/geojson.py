"""GeoJSON: contacts as points and trips as lines, for geojson.io or QGIS (export only)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactView


def write(contacts: Iterable[ContactView], trips: Iterable[TripView]) -> str:
    """A FeatureCollection: a Point for each placed contact, a LineString for each trip."""
    features: list[dict[str, Any]] = []
    for v in contacts:
        if v.lat is None or v.lon is None:
            continue
        features.append(
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
            {"type": "LineString", "coordinates": [[w.lon, w.lat] for w in points]}
            if len(points) >= 2
            else {"type": "Point", "coordinates": [points[0].lon, points[0].lat]}
        )
        features.append(
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
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
