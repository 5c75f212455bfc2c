"""How each report looks: a table for people, tab-separated rows for pipes, JSON for programs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from meetup_tracker.output import (
    Column,
    message,
    print_json,
    print_table,
    rich_console,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.reports import Stats
    from meetup_tracker.services.views import ContactView

ID = Column("ID", justify="right", style="dim")
NAME = Column("Name", style="bold")
CITY = Column("City")
HANDLES = Column("Handles")


def _handles(view: ContactView) -> str:
    sep = ", " if stdout_is_terminal() else " "
    return sep.join(str(h) for h in view.handles)


def _tags(view: ContactView) -> str:
    return ", ".join(view.tags)


def contacts(
    views: Sequence[ContactView], *, json_: bool, limit: int | None, title: str, empty: str
) -> None:
    """A list of contacts."""
    if json_:
        print_json([v.to_json() for v in views])
        return
    columns = [ID, NAME, CITY, HANDLES, Column("Tags"), Column("Met"), Column("Since")]
    rows = ((v.id, v.name, v.city, _handles(v), _tags(v), v.last_met or "", v.since) for v in views)
    print_table(columns, rows, title=title, limit=limit, empty=empty)


def unmet(views: Sequence[ContactView], *, json_: bool, limit: int | None) -> None:
    """Contacts not met in person yet."""
    if json_:
        print_json([v.to_json() for v in views])
        return
    columns = [
        ID,
        NAME,
        CITY,
        HANDLES,
        Column("Since"),
        Column("Talks", justify="right"),
        Column("Last contact"),
    ]
    rows = (
        (v.id, v.name, v.city, _handles(v), v.since, v.interactions or "", v.last_interaction)
        for v in views
    )
    print_table(
        columns,
        rows,
        title="Not met in person yet",
        limit=limit,
        empty="you have met everyone in person",
    )


def stale(views: Sequence[ContactView], *, days: int, json_: bool, limit: int | None) -> None:
    """Contacts gone quiet."""
    if json_:
        print_json([v.to_json() for v in views])
        return
    columns = [
        ID,
        NAME,
        CITY,
        Column("Last contact"),
        Column("Days", justify="right"),
        Column("Met"),
    ]
    rows = (
        (v.id, v.name, v.city, v.last_interaction, v.extra["days_since"], v.last_met or "")
        for v in views
    )
    print_table(
        columns,
        rows,
        title=f"No contact for more than {days} days",
        limit=limit,
        empty=f"you have been in touch with everyone in the last {days} days",
    )


def _with(view: InteractionView) -> str:
    return ", ".join(a.name for a in view.attendees)


def _where(view: InteractionView) -> str:
    return " · ".join(part for part in (view.event, view.place) if part)


def interactions(views: Sequence[InteractionView], *, json_: bool, limit: int | None) -> None:
    """A list of interactions, newest first."""
    if json_:
        print_json([v.to_json() for v in views])
        return
    columns = [ID, Column("Date"), Column("Kind"), Column("With"), Column("Where"), Column("Note")]
    rows = ((v.id, v.date, v.kind, _with(v), _where(v), v.note) for v in views)
    print_table(columns, rows, title="Interactions", limit=limit, empty="no interactions recorded")


def interaction_summary(view: InteractionView) -> str:
    """One line confirming what was recorded."""
    what = "meeting" if view.kind == "in-person" else view.kind
    where = f" at {_where(view)}" if _where(view) else ""
    return f"recorded {what} with {_with(view)} on {view.date}{where} (#{view.id})"


def profile(view: ContactView, timeline: Sequence[InteractionView], *, json_: bool) -> None:
    """One contact and their timeline."""
    if json_:
        data = view.to_json()
        data["timeline"] = [t.to_json() for t in timeline]
        print_json(data)
        return
    met = f"yes, last on {view.last_met}" if view.last_met else "not yet in person"
    fields = [
        ("city", view.city),
        ("handles", _handles(view)),
        ("tags", _tags(view)),
        ("since", view.since),
        ("met", met),
        ("note", view.note),
    ]
    if stdout_is_terminal():
        from rich.markup import escape

        console = rich_console()
        console.print(f"[bold]{escape(view.name)}[/bold] [dim]#{view.id}[/dim]")
        for label, value in fields:
            if value:
                console.print(f"  [dim]{label:<8}[/dim] {escape(str(value))}")
        console.print()
    else:
        import sys

        sys.stdout.write(f"name\t{view.name}\nid\t{view.id}\n")
        for label, value in fields:
            if value:
                sys.stdout.write(f"{label}\t{' '.join(str(value).split())}\n")
    if timeline:
        interactions(timeline, json_=False, limit=0)
    else:
        message("no interactions yet; record one with: meetup met " + view.ref)


def stats(result: Stats, *, json_: bool) -> None:
    """Counts of contacts, and meetings per month as a small bar chart."""
    if json_:
        print_json(result.to_json())
        return
    counts = [
        ("contacts", result.contacts),
        ("online only", result.online_only),
        ("talked to, not met", result.talked_not_met),
        ("met in person", result.met_in_person),
        ("interactions", result.interactions),
        ("meetings", result.meetings),
    ]
    if not stdout_is_terminal():
        import sys

        for label, value in counts:
            sys.stdout.write(f"{label}\t{value}\n")
        for month in result.months:
            sys.stdout.write(f"{month.month}\t{month.meetings}\t{month.interactions}\n")
        return
    console = rich_console()
    for label, value in counts:
        console.print(f"  {label:<20}[bold]{value:>7,}[/bold]")
    console.print("\n[bold]Meetings per month[/bold] (in person; all interactions in brackets)")
    peak = max((m.meetings for m in result.months), default=0) or 1
    for month in result.months:
        bar = "█" * round(24 * month.meetings / peak)
        console.print(
            f"  {month.month}  [green]{bar:<24}[/green] {month.meetings:>3} ({month.interactions})"
        )
