"""Dates as people type them, read by one grammar so that nothing is stored from a guess.

- ISO: `2026-05-12`.
- Numbers: `12.05.2026` is day first (dots, as in Europe); `05/12/2026` is month first
  (slashes, as in the US; `31/12/2026` is an error saying so). A two-digit year is the latest
  year ending in those digits that is not after this one (`5/12/26` is 2026, `5/12/99` 1999).
- Month names: `12 May 2026`, `May 12, 2026`, `12th of May 2026`, `May 12` (this year),
  `Friday 13 March 2026` (the weekday must agree).
- Words: `today`, `yesterday`, `tomorrow`, `3 days ago`, `a week ago`, `in 2 weeks`, `last week`,
  `next month`, `last friday` (the one before today), `next friday` (after today), `friday` or
  `fri`, `tues` (the latest, today included).
- A time after any of them (`monday 3pm`, `2026-05-12 15:00`) is allowed and left out.

A time alone (`3pm`), a month alone (`May`), a day alone (`5th`), a weekday with a day but no
month (`Friday 13`) or a weekday that contradicts its date is an error with an example.
Years run from 1 to 9998, so every export can write the date again.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from meetup_tracker.errors import InvalidInput

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_FORMS = {
    **{day: i for i, day in enumerate(_WEEKDAYS)},
    **{day[:3]: i for i, day in enumerate(_WEEKDAYS)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_FORMS = {
    **{m: i for i, m in enumerate(_MONTHS, start=1)},
    **{m[:3]: i for i, m in enumerate(_MONTHS, start=1)},
    "sept": 9,
}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_UNITS = "day|week|fortnight|month|year"
_AGO_RE = re.compile(rf"^(\w+)\s+({_UNITS})s?\s+ago$")
_AHEAD_RE = re.compile(rf"^(?:in\s+(\w+)\s+({_UNITS})s?|(\w+)\s+({_UNITS})s?\s+from\s+now)$")
_LAST_NEXT_UNIT_RE = re.compile(rf"^(last|next|this)\s+({_UNITS})$")
_WEEKDAY_RE = re.compile(r"^(?:(last|next|this)\s+)?([a-z]+)$")
_TIME_RE = re.compile(
    r"(?:,?\s*(?:at\s+)?(?:\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
    r"|noon|midnight))$"
)
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC_RE = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$")
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH_RE = re.compile(rf"^{_ORDINAL}(?:\s+of)?\s+([a-z]+)\.?(?:,?\s+(\d{{1,4}}))?$")
_MONTH_DAY_RE = re.compile(rf"^([a-z]+)\.?\s+{_ORDINAL}(?:,?\s+(\d{{1,4}}))?$")
_LEADING_WEEKDAY_RE = re.compile(r"^([a-z]+)\.?,?\s+(.+)$")
_MONTH_YEAR_RE = re.compile(r"^([a-z]+)\.?(?:\s+(\d{4}))?$")

HINT = "use a date like 2026-05-12, '12 May 2026', 'yesterday', '3 days ago' or 'last friday'"


def today() -> date:
    """Today's date in local time (one place, so tests and callers agree)."""
    return date.today()


def full_year(year: int, *, reference: date | None = None) -> int:
    """A two-digit year as the latest year ending in those digits that is not after this
    one (in 2026, `26` is 2026 and `27` is 1927): the one rule for every date people and
    files write with two digits."""
    base = (reference or today()).year
    if year >= 100:
        return year
    century = base - base % 100
    return century + year if century + year <= base else century - 100 + year


def parse_date(text: str, *, reference: date | None = None) -> date:
    """Turn what a user typed into a date; InvalidInput naming the text when it is not one."""
    base = reference or today()
    original = " ".join(text.split())
    value = original.lower()
    if not value:
        raise InvalidInput("empty date", hint=HINT)
    if len(value) > 64:
        raise InvalidInput(f"'{original[:20]}…' is not a date", hint=HINT)
    without_time = _TIME_RE.sub("", value).strip(" ,")
    if not without_time:
        raise InvalidInput(f"'{original}' is a time, not a date", hint=HINT)
    return _checked(_read(without_time, original, base), original)


def _checked(day: date, original: str) -> date:
    if not 1 <= day.year <= 9998:
        raise InvalidInput(f"'{original}' is outside the years 1 to 9998", hint=HINT)
    return day


def _read(value: str, original: str, base: date) -> date:
    relative = _relative(value, original, base)
    if relative is not None:
        return relative
    if m := _ISO_RE.match(value):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), original)
    if m := _NUMERIC_RE.match(value):
        return _numeric(m, original, base)
    return _named(value, original, base)


def _day(year: int, month: int, day: int, original: str) -> date:
    if year == 0:
        raise InvalidInput(f"'{original}': there is no year 0", hint=HINT)
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidInput(f"'{original}' is not a date ({exc})", hint=HINT) from exc


def _year(written: str, base: date) -> int:
    return full_year(int(written), reference=base) if len(written) <= 2 else int(written)


def _numeric(m: re.Match[str], original: str, base: date) -> date:
    first, separator, second, last = m.groups()
    if len(first) == 4 and separator == "-":
        return _day(int(first), int(second), int(last), original)
    if len(last) not in (2, 4):
        raise InvalidInput(f"'{original}' is not a full date", hint="write the year in full")
    year = _year(last, base)
    if separator == ".":
        return _day(year, int(second), int(first), original)
    if separator == "-":
        raise InvalidInput(
            f"'{original}' could be day or month first",
            hint="write 2026-05-12, 12.05.2026 (day first) or 05/12/2026 (month first)",
        )
    if int(first) > 12:
        raise InvalidInput(
            f"'{original}' is not a date: with slashes the month comes first",
            hint=f"write {second}/{first}/{last}, or {first}.{second}.{last} for day first",
        )
    return _day(year, int(first), int(second), original)


def _named(value: str, original: str, base: date) -> date:
    """Month names, perhaps after a weekday that must agree with the date."""
    weekday: int | None = None
    rest = value
    if (m := _LEADING_WEEKDAY_RE.match(value)) and m.group(1) in _WEEKDAY_FORMS:
        weekday, rest = _WEEKDAY_FORMS[m.group(1)], m.group(2)
    found: date | None = None
    if m := _DAY_MONTH_RE.match(rest):
        day, month, year = m.groups()
        if month in _MONTH_FORMS:
            found = _day(
                _year(year, base) if year else base.year, _MONTH_FORMS[month], int(day), original
            )
    if found is None and (m := _MONTH_DAY_RE.match(rest)):
        month, day, year = m.groups()
        if month in _MONTH_FORMS:
            found = _day(
                _year(year, base) if year else base.year, _MONTH_FORMS[month], int(day), original
            )
    if found is None:
        raise InvalidInput(f"'{original}' is not a date", hint=_why_not(value, rest, weekday))
    if weekday is not None and found.weekday() != weekday:
        raise InvalidInput(
            f"'{original}': {found.isoformat()} is a {_WEEKDAYS[found.weekday()].title()},"
            f" not a {_WEEKDAYS[weekday].title()}",
            hint="check the day, or leave the weekday out",
        )
    return found


def _why_not(value: str, rest: str, weekday: int | None) -> str:
    """A hint for what is missing from a text that names part of a date."""
    if (m := _MONTH_YEAR_RE.match(value)) and m.group(1) in _MONTH_FORMS:
        return "a month alone is not a day; write e.g. '12 May 2026'"
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", value):
        return "a day alone is not a date; write e.g. '5 May 2026' or 'May 5'"
    if weekday is not None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", rest):
        return "which month? write e.g. 'Friday 13 March 2026'"
    return HINT


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


def _relative(value: str, original: str, base: date) -> date | None:
    if value in ("today", "tonight", "now"):
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
        if m := _LAST_NEXT_UNIT_RE.match(value):
            step = {"last": -1, "next": 1, "this": 0}[m.group(1)]
            return _shift(base, step, m.group(2))
    except (OverflowError, ValueError) as exc:
        raise InvalidInput(f"'{original}' is too far away", hint=HINT) from exc
    if (m := _WEEKDAY_RE.match(value)) and m.group(2) in _WEEKDAY_FORMS:
        return _weekday(base, m.group(1), _WEEKDAY_FORMS[m.group(2)])
    return None


def _weekday(base: date, which: str | None, target: int) -> date:
    """`last friday`: the one before today; `next friday`: after today; `friday`: on or before."""
    back = (base.weekday() - target) % 7
    if which == "next":
        return base + timedelta(days=(target - base.weekday()) % 7 or 7)
    if which == "this":
        return base - timedelta(days=base.weekday()) + timedelta(days=target)
    if which == "last" and back == 0:
        back = 7
    return base - timedelta(days=back)


def day_or_today(value: str | None) -> date:
    """A --on value as a date, or today when not given."""
    return today() if value is None else parse_date(value)


# A period: `30d`, `2w`, `3mo`, `1y`, `2 weeks`, `every 2 weeks`, `monthly`.
_PERIOD_RE = re.compile(
    r"^(?:every\s+)?(?:(\d{1,5})\s*)?"
    r"(d|days?|w|wks?|weeks?|m|mo|mos|months?|y|yrs?|years?)$"
)
_PERIOD_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_PERIOD_WORDS = {
    "daily": "1d",
    "weekly": "1w",
    "fortnightly": "2w",
    "monthly": "1mo",
    "yearly": "1y",
}
MAX_PERIOD_DAYS = 36_500


def parse_period(text: str) -> int:
    """A period as a number of days: `30d`, `2w`, `3mo` (90 days), `1y` (365), `2 weeks`,
    `every 2 weeks`, `weekly`, `monthly`. Anything else is an error with examples."""
    from meetup_tracker.errors import InvalidInput

    value = " ".join(text.strip().lower().split())
    value = _PERIOD_WORDS.get(value, value)
    m = _PERIOD_RE.match(value)
    count = int(m.group(1) or 1) if m else 0
    if not m or count < 1:
        raise InvalidInput(
            f"'{text}' is not a period", hint="write it as 30d, 2w, 3mo or 1y (or '2 weeks')"
        )
    unit = m.group(2)
    days = count * _PERIOD_DAYS["m" if unit.startswith("m") else unit[0]]
    if days > MAX_PERIOD_DAYS:
        raise InvalidInput(f"'{text}' is longer than a hundred years")
    return days


def period_text(days: int) -> str:
    """A number of days as a period people read: `30 days`, `2 weeks`, `3 months`, `1 year`."""
    for size, word in ((365, "year"), (30, "month"), (7, "week")):
        if days % size == 0:
            count = days // size
            return f"{count} {word}{'s' if count != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
