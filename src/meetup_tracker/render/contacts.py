"""Contacts: a list, one person's profile and timeline, cities left unresolved, duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meetup_tracker.output import Column, Listing, Record, message, show
from meetup_tracker.render.columns import CITY, HANDLES, ID, NAME, day, handles, tags

if TYPE_CHECKING:
    from meetup_tracker.services.dupes import Pair
    from meetup_tracker.services.followups import FollowupView
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.keep_in_touch import Due
    from meetup_tracker.services.views import ContactView
    from meetup_tracker.services.visits import VisitView


def contacts(
    views: Iterable[ContactView], *, json_: bool, limit: int | None, title: str, empty: str
) -> None:
    """A list of contacts."""
    columns = [ID, NAME, CITY, HANDLES, Column("Tags", drop=4), day("Met"), day("Since")]
    listing = Listing(
        views,
        columns,
        lambda v: (v.id, v.name, v.city, handles(v), tags(v), v.last_met or "", v.since),
        lambda v: v.to_json(),
        title=title,
        empty=empty,
    )
    show(listing, json_=json_, limit=limit)


def unresolved(views: Iterable[ContactView], *, json_: bool, limit: int | None) -> None:
    """Contacts whose city has no coordinates, with the places it could be."""
    listing = Listing(
        views,
        [ID, NAME, CITY, Column("Could be")],
        lambda v: (v.id, v.name, v.city, "; ".join(str(c["display"]) for c in v.candidates or [])),
        lambda v: v.to_json(),
        title="Cities without coordinates (meetup place fix TEXT PLACE)",
        empty="every city has its coordinates",
    )
    show(listing, json_=json_, limit=limit)


@dataclass
class Doings:
    """What a profile shows beyond the contact: what you owe them, how often to keep in touch
    (and when next due), their travel."""

    owed: Sequence[FollowupView] = ()
    cadence: Due | None = None
    visits: Sequence[VisitView] = ()

    def keep_in_touch(self) -> str | None:
        """`every 1 month (a tag's), due 2027-01-02`."""
        from meetup_tracker.dates import period_text

        if self.cadence is None:
            return None
        found = self.cadence
        text = f"every {period_text(found.every_days)}" + ("" if found.own else " (a tag's)")
        if found.planned:
            return f"{text}; a plan is made"
        return f"{text}, due {found.due_on}"


def profile(
    view: ContactView,
    timeline: Sequence[InteractionView],
    *,
    json_: bool,
    team: bool,
    doings: Doings | None = None,
) -> None:
    """One contact and their timeline; on a shared database, who on the team has met them;
    what you owe them, when to get in touch, and their travel."""
    from meetup_tracker.render import acting
    from meetup_tracker.render.meetings import interactions

    doings = doings or Doings()

    def data() -> dict[str, Any]:
        found = view.to_json()
        found["timeline"] = [t.to_json() for t in timeline]
        found["followups"] = [f.to_json() for f in doings.owed]
        found["keep_in_touch"] = doings.cadence.to_json() if doings.cadence else None
        found["visits"] = [v.to_json() for v in doings.visits]
        return found

    met = f"yes, last on {view.last_met}" if view.last_met else "not yet in person"
    work = ", ".join(part for part in (view.position, view.company) if part)
    met_by = ", ".join(f"{m['user']} ({m['last_met']})" for m in view.met_by or [])
    invited = None
    if view.invitation:
        when = view.invitation["date"]
        incoming = view.invitation["direction"] == "incoming"
        invited = f"invited you on {when}" if incoming else f"you invited them on {when}"
    online = (
        f"{view.online_exchanges} exchanges, last on {view.last_online}"
        if view.online_exchanges
        else None
    )
    fields = [
        ("city", view.city),
        ("work", work),
        ("handles", handles(view)),
        ("tags", tags(view)),
        ("since", view.since),
        ("invitation", invited),
        ("online", online),
        ("met", met),
        ("met by", met_by if team else None),
        ("in touch", doings.keep_in_touch()),
        (
            "snoozed",
            f"until {doings.cadence.snoozed_until}"
            if doings.cadence and doings.cadence.snoozed_until
            else None,
        ),
        ("note", view.note),
    ]
    keys = [("name", view.name), ("id", view.id)]
    show(Record(view.name, keys, fields, data, suffix=f"#{view.id}", gap=True), json_=json_)
    if json_:
        return
    if timeline:
        interactions(timeline, json_=False, limit=0)
    else:
        message("no interactions yet; record one with: meetup met " + view.ref)
    if doings.owed:
        acting.followups(doings.owed, json_=False, limit=0)
    if doings.visits:
        acting.visits(doings.visits, json_=False, limit=0)


def dupes(pairs: Sequence[Pair], *, json_: bool, limit: int | None) -> None:
    """Likely duplicate pairs, surest first, each with its merge command."""
    columns = [
        Column("Keep", style="bold"),
        Column("Duplicate"),
        Column("Why"),
        Column("To merge", no_wrap=True, drop=1),
    ]
    listing = Listing(
        pairs,
        columns,
        lambda p: (
            f"#{p.keep[0]} {p.keep[1]}",
            f"#{p.other[0]} {p.other[1]}",
            "; ".join(p.reasons),
            p.command,
        ),
        lambda p: p.to_json(),
        title="Likely duplicates",
        empty="no likely duplicates",
    )
    show(listing, json_=json_, limit=limit)
