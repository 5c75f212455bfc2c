"""Dates as people type them: ISO, "12 May 2010", "May 12, 2010", "yesterday", "3 days ago",
"last friday", "in 2 weeks". Anything else is an error, so nothing is written from a guess."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from meetup_tracker.errors import InvalidInput

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_UNITS = "day|week|fortnight|month|year"
_AGO_RE = re.compile(rf"^(\w+)\s+({_UNITS})s?\s+ago$")
_AHEAD_RE = re.compile(rf"^(?:in\s+(\w+)\s+({_UNITS})s?|(\w+)\s+({_UNITS})s?\s+from\s+now)$")
_WEEKDAY_RE = re.compile(
    r"^(last|next|this)?\s*("
    + "|".join(_WEEKDAYS)
    + "|"
    + "|".join(w[:3] for w in _WEEKDAYS)
    + r")$"
)
# A date must name a month or carry at least day, month and year as numbers.
_NUMERIC_ONLY_RE = re.compile(r"^[\d\s./-]+$")

HINT = "use a date like 2026-05-12, '12 May 2026', 'yesterday', '3 days ago' or 'last friday'"


def full_year(year: int, *, reference: date | None = None) -> int:
    """A two-digit year as the latest year ending in those digits that is not after this
    one (in 2026, `26` is 2026 and `27` is 1927): the one rule for every date people and
    files write with two digits."""
    base = (reference or today()).year
    if year >= 100:
        return year
    century = base - base % 100
    return century + year if century + year <= base else century - 100 + year


def today() -> date:
    """Today's date in local time (one place, so tests and callers agree)."""
    return date.today()


def parse_date(text: str, *, reference: date | None = None) -> date:
    """Turn what a user typed into a date; raise InvalidInput naming the text when it is not one."""
    base = reference or today()
    value = " ".join(text.strip().lower().split())
    if not value:
        raise InvalidInput("empty date", hint=HINT)
    if len(value) > 64:
        raise InvalidInput(f"'{value[:20]}…' is not a date", hint=HINT)
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    relative = _parse_relative(value, base)
    if relative is not None:
        return relative
    return _parse_absolute(text.strip(), value, base)


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _shift(base: date, amount: int, unit: str) -> date:
    from dateutil.relativedelta import relativedelta

    if unit == "day":
        return base + timedelta(days=amount)
    if unit == "week":
        return base + timedelta(weeks=amount)
    if unit == "fortnight":
        return base + timedelta(weeks=2 * amount)
    if unit == "month":
        return base + relativedelta(months=amount)
    return base + relativedelta(years=amount)


def _parse_relative(value: str, base: date) -> date | None:
    if value == "today":
        return base
    if value == "yesterday":
        return base - timedelta(days=1)
    if value == "tomorrow":
        return base + timedelta(days=1)
    try:
        if m := _AGO_RE.match(value):
            n = _count(m.group(1))
            return None if n is None else _shift(base, -n, m.group(2))
        if m := _AHEAD_RE.match(value):
            n = _count(m.group(1) or m.group(3))
            return None if n is None else _shift(base, n, m.group(2) or m.group(4))
    except (OverflowError, ValueError) as exc:
        raise InvalidInput(f"'{value}' is too far away", hint=HINT) from exc
    if m := _WEEKDAY_RE.match(value):
        return _weekday(base, m.group(1), m.group(2))
    return None


def _weekday(base: date, which: str | None, name: str) -> date:
    """`last friday`: the one before today; `next friday`: after today; `friday`: on or before."""
    target = next(i for i, day in enumerate(_WEEKDAYS) if day.startswith(name))
    back = (base.weekday() - target) % 7
    if which == "next":
        return base + timedelta(days=(target - base.weekday()) % 7 or 7)
    if which == "this":
        return base - timedelta(days=base.weekday()) + timedelta(days=target)
    if which == "last" and back == 0:
        back = 7
    return base - timedelta(days=back)


def _parse_absolute(original: str, value: str, base: date) -> date:
    from dateutil import parser

    if _NUMERIC_ONLY_RE.match(value) and len(re.findall(r"\d+", value)) < 3 and len(value) != 8:
        raise InvalidInput(f"'{original}' is not a full date", hint=HINT)
    # 12.05.2010 is written day first where dots are used; 05/12/2010 month first, as in the US.
    dayfirst = "." in value and not any(c.isalpha() for c in value)
    try:
        parsed = parser.parse(value, default=datetime(base.year, 1, 1), dayfirst=dayfirst)
    except (ValueError, OverflowError, parser.ParserError) as exc:
        raise InvalidInput(f"'{original}' is not a date", hint=HINT) from exc
    if parsed.year != base.year and not re.search(r"\d{4}", value):
        # "May 45" would otherwise become May 2045: a year must be written in full.
        raise InvalidInput(f"'{original}' is not a date", hint="write the year in full, e.g. 2025")
    return parsed.date()
