"""User settings kept in the database: home, the unit distances are shown in, and (on a
file) the name changes are recorded under. On a team database each person has their own."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.storage.sql import Sql

KEYS = ("home", "units", "user")
DEFAULT_UNITS = "km"


def _get(conn: Sql, key: str) -> str | None:
    row = conn.execute(
        "SELECT value FROM config WHERE owner = :owner AND key = :key",
        {"owner": conn.owner, "key": key},
    ).fetchone()
    return None if row is None else str(row[0])


def _put(conn: Sql, key: str, value: str) -> None:
    from meetup_tracker.models import Config
    from meetup_tracker.storage import rows

    rows.put(conn, Config, {"owner": conn.owner, "key": key, "value": value})


def check_key(key: str) -> str:
    """A known setting name; InvalidInput naming the settings otherwise."""
    value = key.strip().lower()
    if value not in KEYS:
        raise InvalidInput(f"no setting '{key}'", hint="settings are " + ", ".join(KEYS))
    return value


def units(*, conn: Sql) -> str:
    """`km` (the default) or `mi`."""
    value = _get(conn, "units")
    return value if value in ("km", "mi") else DEFAULT_UNITS


def home(*, conn: Sql) -> Waypoint | None:
    """Home, if set."""
    from meetup_tracker.services.nearby import Waypoint

    stored = _get(conn, "home")
    if stored is None:
        return None
    try:
        data = json.loads(stored)
        place = Waypoint(str(data["name"]), float(data["lat"]), float(data["lon"]))
    except (ValueError, TypeError, KeyError):
        return None  # a value hand-edited or from an old release: as if unset, never a crash
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        return None
    return place


def set_units(*, conn: Sql, unit: str) -> str:
    """Show distances in km or mi."""
    from meetup_tracker.geo.units import check_unit

    value = check_unit(unit)
    _put(conn, "units", value)
    return value


def set_home(*, conn: Sql, place: Waypoint) -> Waypoint:
    """Set home, where trips start unless they say otherwise."""
    data = {"name": place.name, "lat": place.lat, "lon": place.lon}
    _put(conn, "home", json.dumps(data, ensure_ascii=False))
    return place


def unset(*, conn: Sql, key: str) -> None:
    """Forget a setting (it goes back to its default)."""
    from meetup_tracker.models import Config
    from meetup_tracker.storage import rows

    rows.delete(conn, Config, owner=conn.owner, key=check_key(key))


def set_user(*, conn: Sql, name: str) -> str:
    """The name this database's changes are recorded under (on a file; on a team database
    it is your PostgreSQL role, which the server records itself)."""
    from meetup_tracker.text import has_control

    if conn.role() is not None:
        raise InvalidInput(
            "on a team database you are your PostgreSQL role",
            hint="connect as your own role: postgresql://NAME@host/db",
        )
    value = " ".join(name.split())
    if not value or len(value) > 100 or has_control(value):
        raise InvalidInput("a user name is one short line of text")
    _put(conn, "user", value)
    return value


def restore(*, conn: Sql, key: str, value: str) -> None:
    """A setting from a backup, kept where you have none of your own (it becomes yours). A
    value that cannot be the setting refuses the whole backup; a setting this version does
    not know, or your user name on a team database (you are your role there), is passed
    over."""
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.geo.units import check_unit
    from meetup_tracker.models import Config
    from meetup_tracker.storage import rows

    if key not in KEYS or (key == "user" and conn.role() is not None):
        return
    try:
        if key == "home":
            data = json.loads(value)
            if not isinstance(data, dict) or not isinstance(data.get("name"), str):
                raise InvalidInput("it is not a place with a name and coordinates")
            from meetup_tracker.services.validators import check_point

            lat, lon = data.get("lat"), data.get("lon")
            numbers = [
                v for v in (lat, lon) if isinstance(v, int | float) and not isinstance(v, bool)
            ]
            if len(numbers) != 2:
                raise InvalidInput("it has no coordinates")
            check_point(float(numbers[0]), float(numbers[1]))
        elif key == "units":
            check_unit(value)
        elif not value.strip():
            raise InvalidInput("it is empty")
    except (InvalidInput, ValueError) as exc:
        raise InvalidInput(f"the backup's {key}: {exc}", hint="nothing was imported") from exc
    rows.insert_many(conn, Config, [{"owner": conn.owner, "key": key, "value": value}],
                     ignore=True)  # fmt: skip


def show(*, conn: Sql) -> dict[str, Any]:
    """Every setting, with defaults filled in."""
    current = home(conn=conn)
    where = {"name": current.name, "lat": current.lat, "lon": current.lon} if current else None
    return {"home": where, "units": units(conn=conn), "user": conn.author}
