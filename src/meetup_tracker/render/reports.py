"""The questions: whom you have not met, whom you have gone quiet with, how your network is
doing, and what a search found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from meetup_tracker.output import Column, Custom, Listing, rich_console, show
from meetup_tracker.render.columns import CITY, HANDLES, ID, NAME, day, handles
from meetup_tracker.text import plural

if TYPE_CHECKING:
    from meetup_tracker.services.reports import Stats
    from meetup_tracker.services.search import Hit
    from meetup_tracker.services.views import Chances, ContactView


def chance_text(chances: Chances | None) -> str:
    """`meeting planned (2026-12-04)`, `Tennessee trip: near Nashville (2026-12-03)`, or ''."""
    if chances is None:
        return ""
    chance, meeting = chances.next_chance, chances.next_meeting
    if meeting and (not chance or meeting <= str(chance["date"])):
        return f"meeting planned ({meeting})"
    if not chance:
        return ""
    where = f"near {str(chance['stop']).split(',')[0]}" if chance["stop"] else chance["leg"]
    return f"{chance['trip']}: {where} ({chance['date']})"


def unmet(
    views: Iterable[ContactView],
    *,
    json_: bool,
    limit: int | None,
    empty: str,
    met_by: bool = False,
) -> None:
    """Contacts not met in person yet (`empty`: what to say when there are none); `met_by`
    adds who on the team has met them (on a team database, `unmet` is whom you have not)."""
    from meetup_tracker.services.team import met_by_names

    columns = [
        ID,
        NAME,
        CITY,
        HANDLES,
        day("Since"),
        Column("Talks", justify="right", no_wrap=True, drop=4),
        day("Last contact"),
        Column("Next chance", style="green"),
    ]
    if met_by:
        columns.append(Column("Met by", drop=3))
    listing = Listing(
        views,
        columns,
        lambda v: (
            v.id,
            v.name,
            v.city,
            handles(v),
            v.since,
            v.talks or "",
            v.last_contact,
            chance_text(v.chances),
            *([met_by_names(v)] if met_by else []),
        ),
        lambda v: v.to_json(),
        title="Not met in person yet",
        empty=empty,
    )
    show(listing, json_=json_, limit=limit)


def stale(views: Iterable[ContactView], *, days: int, json_: bool, limit: int | None) -> None:
    """Contacts gone quiet."""
    columns = [
        ID,
        NAME,
        CITY,
        day("Last contact"),
        Column("Days", justify="right", no_wrap=True),
        day("Met"),
        day("Planned"),  # a plan already made with someone quiet
    ]
    listing = Listing(
        views,
        columns,
        lambda v: (
            v.id,
            v.name,
            v.city,
            v.last_contact,
            v.days_since,
            v.last_met or "",
            v.planned or "",
        ),
        lambda v: v.to_json(),
        title=f"No contact for more than {plural(days, 'day')}",
        empty=f"you have been in touch with everyone in the last {plural(days, 'day')}",
    )
    show(listing, json_=json_, limit=limit)


def stats(result: Stats, *, json_: bool) -> None:
    """Counts of contacts, and meetings per month as a small bar chart."""
    counts = [
        ("contacts", result.contacts),
        ("online only", result.online_only),
        ("talked to, not met", result.talked_not_met),
        ("met in person", result.met_in_person),
        ("interactions", result.interactions),
        ("meetings", result.meetings),
    ]

    def pipe() -> None:
        import sys

        # Each block under its own header line, as every table in a pipe has one.
        sys.stdout.write("what\tcount\n")
        for label, value in counts:
            sys.stdout.write(f"{label}\t{value}\n")
        sys.stdout.write("month\tmeetings\tinteractions\n")
        for month in result.months:
            sys.stdout.write(f"{month.month}\t{month.meetings}\t{month.interactions}\n")

    def terminal() -> None:
        console = rich_console()
        for label, value in counts:
            console.print(f"  {label:<20}[bold]{value:>7,}[/bold]")
        console.print("\n[bold]Meetings per month[/bold] (in person; all interactions in brackets)")
        peak = max((m.meetings for m in result.months), default=0) or 1
        for month in result.months:
            bar = "█" * round(24 * month.meetings / peak)
            console.print(
                f"  {month.month}  [green]{bar:<24}[/green] {month.meetings:>3}"
                f" ({month.interactions})"
            )

    show(Custom(result.to_json, terminal, pipe), json_=json_)


def search(hits: Sequence[Hit], *, query: str, json_: bool, limit: int | None) -> None:
    """Search hits, best first, with the field each was found in."""
    columns = [
        Column("Type", no_wrap=True, drop=1),
        ID,
        NAME,
        Column("Found in", no_wrap=True),
        Column("Text"),
    ]
    listing = Listing(
        hits,
        columns,
        lambda h: (h.type, h.id, h.name, h.field, h.text),
        lambda h: h.to_json(),
        title=f"Search: {query}",
        empty=f"nothing matches '{query}'",
    )
    show(listing, json_=json_, limit=limit)
