"""User settings kept in the database: home, and the unit distances are shown in."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.services.nearby import Waypoint

KEYS = ("home", "units")
DEFAULT_UNITS = "km"


def _get(session: Session, key: str) -> str | None:
    from sqlalchemy import text

    return session.execute(text("SELECT value FROM config WHERE key = :key"), {"key": key}).scalar()


def _put(session: Session, key: str, value: str) -> None:
    from sqlalchemy import text

    session.execute(
        text(
            "INSERT INTO config (key, value) VALUES (:key, :value)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"key": key, "value": value},
    )


def check_key(key: str) -> str:
    """A known setting name; InvalidInput naming the settings otherwise."""
    value = key.strip().lower()
    if value not in KEYS:
        raise InvalidInput(f"no setting '{key}'", hint="settings are " + ", ".join(KEYS))
    return value


def units(*, session: Session) -> str:
    """`km` (the default) or `mi`."""
    return _get(session, "units") or DEFAULT_UNITS


def home(*, session: Session) -> Waypoint | None:
    """Home, if set."""
    from meetup_tracker.services.nearby import Waypoint

    raw = _get(session, "home")
    if raw is None:
        return None
    data = json.loads(raw)
    return Waypoint(data["name"], float(data["lat"]), float(data["lon"]))


def set_units(*, session: Session, unit: str) -> str:
    """Show distances in km or mi."""
    from meetup_tracker.geo.units import check_unit

    value = check_unit(unit)
    _put(session, "units", value)
    return value


def set_home(*, session: Session, place: Waypoint) -> Waypoint:
    """Set home, where trips start unless they say otherwise."""
    data = {"name": place.name, "lat": place.lat, "lon": place.lon}
    _put(session, "home", json.dumps(data, ensure_ascii=False))
    return place


def unset(*, session: Session, key: str) -> None:
    """Forget a setting (it goes back to its default)."""
    from sqlalchemy import text

    session.execute(text("DELETE FROM config WHERE key = :key"), {"key": check_key(key)})


def show(*, session: Session) -> dict[str, Any]:
    """Every setting, with defaults filled in."""
    current = home(session=session)
    where = {"name": current.name, "lat": current.lat, "lon": current.lon} if current else None
    return {"home": where, "units": units(session=session)}
