"""An event's RRULE, read as a series keeps it (services/series.py): its frequency and
interval (and BYDAY and its kin), the day of its last occurrence (UNTIL, or COUNT worked out),
and the days left out (EXDATE)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


class BadRepeat(ValueError):
    """A repeat that cannot be read: the event is a bad record."""


# The parts of an RRULE a series keeps (COUNT becomes the day of its last occurrence).
_RULE_PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST")


def repeat_of(component: Any, start: date) -> tuple[str | None, date | None]:
    """An event's RRULE as a series' rule and last day, with its EXDATEs left out; None for
    one that does not repeat (or repeats in a way no series keeps: by the hour)."""
    rule = component.get("RRULE")
    if rule is None:
        return None, None
    try:
        text = rule.to_ical().decode()
    except (AttributeError, ValueError):
        return None, None
    fields = dict(p.split("=", 1) for p in text.upper().split(";") if "=" in p)
    if fields.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        return None, None
    kept = ";".join(f"{k}={fields[k]}" for k in _RULE_PARTS if k in fields)
    until: date | None = None
    if "UNTIL" in fields:
        try:
            until = datetime.strptime(fields["UNTIL"][:8], "%Y%m%d").date()
        except ValueError:
            raise BadRepeat(f"its repeat ends on '{fields['UNTIL']}', not a date") from None
    elif "COUNT" in fields:
        from dateutil.rrule import rrulestr

        try:
            times = list(rrulestr(text, dtstart=datetime.combine(start, datetime.min.time())))
        except (ValueError, OverflowError):
            raise BadRepeat("its repeat (RRULE) cannot be read") from None
        until = times[-1].date() if times else start
    skipped = []
    exdates = component.get("EXDATE")
    for entry in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        for moment in getattr(entry, "dts", []):
            value = moment.dt
            skipped.append((value.date() if isinstance(value, datetime) else value).isoformat())
    if skipped:
        kept += ";EXDATE=" + ",".join(sorted(set(skipped)))
    return kept, until
