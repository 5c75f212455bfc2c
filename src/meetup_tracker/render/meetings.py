"""Meetings, calls and messages: a list, one in full, and the line that says what was done."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from meetup_tracker.output import Column, Listing, Record, show
from meetup_tracker.render.columns import ID, day

if TYPE_CHECKING:
    from meetup_tracker.services.interactions import InteractionView


def with_whom(view: InteractionView) -> str:
    """Who was there: `Ana Ortiz, Ben Li`, or `(nobody yet)`."""
    return ", ".join(a.name for a in view.attendees) or "(nobody yet)"


def where(view: InteractionView) -> str:
    """`JSConf EU · Berlin, Germany`: the event and the place."""
    return " · ".join(part for part in (view.event, view.place) if part)


def interactions(views: Iterable[InteractionView], *, json_: bool, limit: int | None) -> None:
    """A list of interactions, newest first; plans (dates still ahead) marked as planned."""
    columns = [
        ID,
        day("Date"),
        day("Kind"),
        Column("With"),
        Column("Where", drop=2),
        Column("Note", drop=1),
        Column("Status", style="yellow", no_wrap=True),  # last: a pipe's columns keep their places
    ]
    listing = Listing(
        views,
        columns,
        lambda v: (
            v.id,
            v.date,
            v.kind,
            with_whom(v),
            where(v),
            v.note,
            _status(v),
        ),
        lambda v: v.to_json(),
        title="Interactions",
        empty="no interactions recorded",
    )
    show(listing, json_=json_, limit=limit)


def _status(view: InteractionView) -> str:
    """`planned`, or for a series `planned, every month` (`ended` once it has no day left)."""
    if view.repeats:
        return ("planned, " if view.planned else "ended, ") + view.repeats
    return "planned" if view.planned else ""


def interaction_summary(view: InteractionView, verb: str) -> str:
    """One line saying what was recorded, changed or removed: `recorded meeting with Ana on
    2026-05-12 at Nashville (#12)`; a plan reads `planned meeting ...`."""
    from meetup_tracker.services.interactions import noun

    what = ("planned " if view.planned else "") + noun(view.kind)
    people = ", ".join(a.name for a in view.attendees)
    at = f" at {where(view)}" if where(view) else ""
    text = f"{what}{' with ' + people if people else ''} on {view.date}{at} (#{view.id})"
    return f"{verb} {text}" if verb else text


def interaction(view: InteractionView, *, json_: bool) -> None:
    """One meeting or call, every field."""
    from meetup_tracker.services.interactions import noun

    people = ", ".join(f"{a.name} (#{a.id})" for a in view.attendees) or "nobody yet"
    fields = [
        ("date", view.date + (f" ({_status(view)})" if view.planned or view.repeats else "")),
        ("kind", view.kind),
        ("event", view.event),
        ("place", view.place),
        ("people", people),
        ("note", view.note),
    ]
    title = f"{noun(view.kind).capitalize()} #{view.id}"
    show(Record(title, [("id", view.id)], fields, view.to_json), json_=json_)
