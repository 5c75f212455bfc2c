"""Distances as people type them (`50`, `50km`, `30 mi`) and as they are shown."""

from __future__ import annotations

import math
import re

from meetup_tracker.errors import InvalidInput

KM_PER_MILE = 1.609344
UNITS = ("km", "mi")
_DISTANCE_RE = re.compile(
    r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(km|kms|kilometers?|kilometres?|mi|miles?)?\s*$",
    re.IGNORECASE,
)


def check_unit(unit: str) -> str:
    """`km` or `mi`; InvalidInput otherwise."""
    value = unit.strip().lower()
    if value in ("mile", "miles"):
        value = "mi"
    if value in ("kilometre", "kilometres", "kilometer", "kilometers"):
        value = "km"
    if value not in UNITS:
        raise InvalidInput(f"'{unit}' is not a unit of distance", hint="use km or mi")
    return value


def parse_distance(text: str, *, unit: str = "km") -> float:
    """Kilometres for a typed distance; a bare number is in `unit`. Must be positive."""
    m = _DISTANCE_RE.match(text)
    if not m:
        raise InvalidInput(
            f"'{text}' is not a distance", hint="use a number such as 50, 50km or 30mi"
        )
    amount = float(m.group(1))
    written = (m.group(2) or unit).lower()
    if not math.isfinite(amount) or amount <= 0:
        raise InvalidInput(f"distance '{text}' must be more than zero")
    return amount * KM_PER_MILE if written.startswith("mi") else amount


def format_distance(km: float, unit: str = "km") -> str:
    """`12 km`, `7.5 mi`: whole numbers from 10 up, one decimal below."""
    value = km / KM_PER_MILE if unit == "mi" else km
    shown = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return f"{shown} {unit}"


def format_minutes(minutes: float) -> str:
    """A driving time: `8 min`, `3 h 25 min`, `12 h`; to the nearest five minutes from an
    hour up, as navigation apps round."""
    whole = round(minutes)
    if whole < 60:
        return f"{max(whole, 1)} min"
    whole = 5 * round(whole / 5)
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
