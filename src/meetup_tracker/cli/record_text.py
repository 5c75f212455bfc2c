"""A contact or a meeting as the text `--editor` opens, and the changes an edited text holds
(the same as the options would make)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from meetup_tracker.cli.editing import list_field, text_field, toml_value, unknown_keys
from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from meetup_tracker.services.contacts import ContactChanges
    from meetup_tracker.services.interactions import InteractionChanges, InteractionView
    from meetup_tracker.services.views import ContactView

CONTACT_FIELDS = (
    "name", "city", "company", "position", "since", "every", "handles", "tags", "note",
)  # fmt: skip
MEETING_FIELDS = ("date", "kind", "place", "event", "note", "people")


def _lines(header: str, fields: list[tuple[str, Any]]) -> str:
    body = "\n".join(f"{key} = {toml_value(value)}" for key, value in fields)
    return header + body + "\n"


def contact_text(view: ContactView, every_days: int | None) -> str:
    """A contact as a short commented TOML text."""
    from meetup_tracker.dates import period_text

    header = (
        f"# {view.name} (#{view.id}), as meetup-tracker keeps them. Change what you like, save"
        " and close;\n# leave it as it is to change nothing. '' clears a field; every: 30d, 2w,"
        " 3mo, 1y.\n"
    )
    return _lines(
        header,
        [
            ("name", view.name),
            ("city", view.city or ""),
            ("company", view.company or ""),
            ("position", view.position or ""),
            ("since", view.since or ""),
            ("every", period_text(every_days) if every_days else ""),
            ("handles", [str(h) for h in view.handles]),
            ("tags", list(view.tags)),
            ("note", view.note or ""),
        ],
    )


def contact_changes(
    ctx: typer.Context, view: ContactView, every_days: int | None, values: dict[str, Any]
) -> ContactChanges:
    """What an edited contact text changes (InvalidInput, naming the field, when it cannot)."""
    from meetup_tracker.cli.where import locate
    from meetup_tracker.dates import parse_date, parse_period, period_text
    from meetup_tracker.services.contacts import ContactChanges

    unknown_keys(values, CONTACT_FIELDS)
    changes = ContactChanges()
    name = text_field(values, "name")
    if name is not None and name != view.name:
        changes.name = name
    city = text_field(values, "city")
    if city is not None and city != (view.city or ""):
        changes.location = locate(ctx, city, None, None)
    for key in ("company", "position", "note"):
        given = text_field(values, key)
        if given is not None and given != (getattr(view, key) or ""):
            setattr(changes, key, given)
    since = text_field(values, "since")
    if since is not None and since != (view.since or ""):
        changes.since = parse_date(since) if since.strip() else None
        changes.clear_since = not since.strip()
    every = text_field(values, "every")
    if every is not None and every != (period_text(every_days) if every_days else ""):
        changes.every_days = parse_period(every) if every.strip() else 0
    if "handles" in values:
        now, wanted = [str(h) for h in view.handles], list_field(values, "handles")
        changes.add_handles = [h for h in wanted if h not in now]
        changes.remove_handles = [h for h in now if h not in wanted]
    if "tags" in values:
        now, wanted = list(view.tags), list_field(values, "tags")
        folded = {t.casefold() for t in now}
        changes.add_tags = [t for t in wanted if t.casefold() not in folded]
        kept = {t.casefold() for t in wanted}
        changes.remove_tags = [t for t in now if t.casefold() not in kept]
    return changes


def meeting_text(view: InteractionView) -> str:
    """A meeting as a short commented TOML text."""
    header = (
        f"# Meeting #{view.id}, as meetup-tracker keeps it. Change what you like, save and"
        " close;\n# leave it as it is to change nothing. '' clears a field; people by name,"
        " handle or #ID.\n"
    )
    return _lines(
        header,
        [
            ("date", view.repeat_from or view.date),
            ("kind", view.kind),
            ("place", view.place or ""),
            ("event", view.event or ""),
            ("note", view.note or ""),
            ("people", [f"#{a.id} {a.name}" for a in view.attendees]),
        ],
    )


def meeting_changes(
    ctx: typer.Context, view: InteractionView, values: dict[str, Any]
) -> tuple[InteractionChanges, list[str], list[int]]:
    """What an edited meeting text changes: the changes, the people to add (as typed) and
    those to take off (their ids)."""
    from meetup_tracker.cli.where import locate
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.interactions import InteractionChanges

    unknown_keys(values, MEETING_FIELDS)
    changes = InteractionChanges()
    when = text_field(values, "date")
    if when is not None and when != (view.repeat_from or view.date):
        if not when.strip():
            raise InvalidInput("a meeting needs its date")
        changes.on = parse_date(when)
    kind = text_field(values, "kind")
    if kind is not None and kind != view.kind:
        changes.kind = kind
    place = text_field(values, "place")
    if place is not None and place != (view.place or ""):
        changes.clear_place = not place.strip()
        changes.location = None if changes.clear_place else locate(ctx, place, None, None)
    for key in ("event", "note"):
        given = text_field(values, key)
        if given is not None and given != (getattr(view, key) or ""):
            setattr(changes, key, given)
    before = {f"#{a.id} {a.name}": a.id for a in view.attendees}
    wanted = list_field(values, "people") if "people" in values else list(before)
    added = [p.split(" ", 1)[0] if p.startswith("#") else p for p in wanted if p not in before]
    removed = [cid for typed, cid in before.items() if typed not in wanted]
    return changes, added, removed
