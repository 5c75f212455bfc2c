"""File formats: each module parses a file into records, or writes records into a file.

No database inside: parsing is kept apart from saving, so `--dry-run` and the tests of a format
need no database.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import Parsed

# Import formats, in the order detection tries them; each module has parse(text) -> Parsed.
IMPORTERS = {
    "linkedin": "meetup_tracker.formats.linkedin",
    "mastodon": "meetup_tracker.formats.mastodon",
    "vcard": "meetup_tracker.formats.vcard",
    "google": "meetup_tracker.formats.google",
    "csv": "meetup_tracker.formats.csvfile",
    "json": "meetup_tracker.formats.backup",
    "ics": "meetup_tracker.formats.ics",
    "twitter": "meetup_tracker.formats.twitter",  # an archive folder or .zip, not a text
    "bluesky": "meetup_tracker.formats.bluesky",  # a repository export (.car), not a text
}
# Formats told from a file's text, in the order detection tries them.
DETECTED = tuple(name for name in IMPORTERS if name not in ("twitter", "bluesky"))
EXPORTERS = ("json", "csv", "vcard", "ics", "geojson", "handles", "mastodon-list")
# The exports of contacts, which take the same filters as `contact list` (--met, --tag ...).
CONTACT_EXPORTS = ("csv", "vcard", "geojson", "handles", "mastodon-list")


def _module(name: str) -> ModuleType:
    return importlib.import_module(IMPORTERS[name])


def check_format(name: str, choices: tuple[str, ...] = tuple(IMPORTERS)) -> str:
    """A known format name, lowercased; InvalidInput naming the formats otherwise."""
    value = name.strip().lower()
    aliases = {
        "vcf": "vcard",
        "ical": "ics",
        "icalendar": "ics",
        "backup": "json",
        "outlook": "google",
        "thunderbird": "google",
        "x": "twitter",
        "bsky": "bluesky",
        "car": "bluesky",
        "mastodon-lists": "mastodon-list",
        "lists": "mastodon-list",
        "handle": "handles",
    }
    value = aliases.get(value, value)
    if value not in choices:
        raise InvalidInput(f"'{name}' is not a format", hint="formats are " + ", ".join(choices))
    return value


def detect(text: str) -> str | None:
    """The format a file's content is in, or None when it looks like none of them."""
    for name in DETECTED:
        if _module(name).looks_like(text):
            return name
    return None


def parse(name: str, text: str, source: str = "") -> Parsed:
    """Parse a whole file in the given format (`source`, the file's name, tells Mastodon's
    one-column exports apart)."""
    module = _module(name)
    if name == "mastodon":
        parsed: Parsed = module.parse(text, source)
    else:
        parsed = module.parse(text)
    return parsed
