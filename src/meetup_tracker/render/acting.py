"""What to act on: follow-ups owed, people due, contacts' visits and where they meet your
travel, tag cadences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from meetup_tracker.dates import period_text
from meetup_tracker.output import Column, Listing, show
from meetup_tracker.render.columns import ID, NAME, day

if TYPE_CHECKING:
    from meetup_tracker.services.followups import FollowupView
    from meetup_tracker.services.keep_in_touch import Due, TagCadence
    from meetup_tracker.services.visits import Overlap, VisitView

OVERDUE = Column("", style="red", terminal_only=True)


def followups(
    views: Sequence[FollowupView], *, json_: bool, limit: int | None, everyone: bool = False
) -> None:
    """Follow-ups, overdue first, with whom and the meeting they came from."""
    columns = [OVERDUE, ID, Column("Follow-up", style="bold"), Column("For"), day("Due")]
    columns += [day("Done"), Column("From", drop=1)]
    if everyone:
        columns.append(Column("Owner", drop=2))
    listing = Listing(
        views,
        columns,
        lambda v: (
            "!" if v.overdue else "",
            v.id,
            v.text,
            v.contact,
            v.due or "",
            v.done_on or "",
            f"#{v.meeting_id} {v.meeting}" if v.meeting_id else "",
            *([v.owner] if everyone else []),
        ),
        lambda v: v.to_json(),
        title="Follow-ups",
        empty="nothing owed: add one with meetup todo add REF TEXT",
    )
    show(listing, json_=json_, limit=limit)


def due(people: Sequence[Due], *, json_: bool, limit: int | None) -> None:
    """People whose keep-in-touch cadence has passed, the most overdue first."""
    columns = [
        ID,
        NAME,
        Column("City", drop=2),
        Column("Every", no_wrap=True),
        day("Last talked"),
        day("Due"),
        Column("Overdue", justify="right", no_wrap=True),
    ]
    listing = Listing(
        people,
        columns,
        lambda d: (
            d.id,
            d.name,
            d.city,
            period_text(d.every_days) + ("" if d.own else " (tag)"),
            d.last_interaction or "never",
            d.due_on,
            f"{d.overdue_days} d" if d.overdue_days >= 0 else f"in {-d.overdue_days} d",
        ),
        lambda d: d.to_json(),
        title="Due to get in touch",
        empty="nobody is due: everyone with a cadence has heard from you",
    )
    show(listing, json_=json_, limit=limit)


def tag_cadences(found: Sequence[TagCadence], *, json_: bool) -> None:
    """Each tag's cadence."""
    listing = Listing(
        found,
        [Column("Tag", style="bold"), Column("Every", no_wrap=True), Column("People")],
        lambda c: (c.tag, period_text(c.every_days), c.people),
        lambda c: c.to_json(),
        title="Keep in touch, by tag",
        empty="no tag has a cadence: meetup cadence set TAG 30d",
    )
    show(listing, json_=json_)


def visits(views: Sequence[VisitView], *, json_: bool, limit: int | None) -> None:
    """Contacts' visits, soonest first."""
    listing = Listing(
        views,
        [
            ID,
            Column("Who", style="bold"),
            Column("Where"),
            day("From"),
            day("To"),
            Column("Note", drop=1),
        ],
        lambda v: (v.id, v.contact, v.place, v.start, v.end, v.note),
        lambda v: v.to_json(),
        title="Their travel",
        empty="no visits ahead: meetup visit add REF --at PLACE --from DATE",
    )
    show(listing, json_=json_, limit=limit)


def overlaps(found: Sequence[Overlap], *, json_: bool, limit: int | None) -> None:
    """Where their travel meets yours."""
    columns = [
        Column("Who", style="bold"),
        Column("What"),
        day("Their days"),
        day("Yours"),
        Column("Distance", justify="right", no_wrap=True),
    ]
    listing = Listing(
        found,
        columns,
        lambda o: (
            o.visit.contact,
            o.describe(),
            f"{o.visit.start}..{o.visit.end}",
            f"{o.my_from}..{o.my_to}" + ("" if o.mine == "home" else f" {o.mine}"),
            f"{o.distance_km:.0f} km",
        ),
        lambda o: o.to_json(),
        title="Where your paths cross",
        empty="no paths cross in that time: record their trips with meetup visit add",
    )
    show(listing, json_=json_, limit=limit)
