"""The columns and cells several renderers share: ids, names, cities, handles, dates,
distances, and the star for people not met yet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetup_tracker.output import Column

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView

ID = Column("ID", justify="right", style="dim", no_wrap=True)
NAME = Column("Name", style="bold")
CITY = Column("City")
HANDLES = Column("Handles", drop=3)
MARK = Column("", style="yellow", terminal_only=True)
LEGEND = "★ not met in person yet"


def day(header: str) -> Column:
    """A column of dates or short numbers: never wrapped, never cut, never dropped (a
    terminal too narrow for it shows the rows as records)."""
    return Column(header, no_wrap=True)


def handles(view: ContactView) -> list[str]:
    """A contact's handles, as one cell."""
    return [str(h) for h in view.handles]


def tags(view: ContactView) -> str:
    """A contact's tags, as one cell."""
    return ", ".join(view.tags)


def met_mark(view: ContactView) -> str:
    """★ for someone not met in person yet."""
    return "" if view.met_in_person else "★"


def km(value: float | None, units: str) -> str:
    """A distance in the user's units."""
    from meetup_tracker.geo.units import format_distance

    return format_distance(value or 0.0, units)


def met_by(views: list[ContactView], *, team: bool) -> list[str] | None:
    """On a shared database, who has met each of them (`ana, bob`), for a last column; None
    off a shared database, or when nobody has met any of them (the column is left out)."""
    from meetup_tracker.services.team import met_by_names

    if not team:
        return None
    found = [met_by_names(v) for v in views]
    return found if any(found) else None


def with_met_by(
    columns: list[Column], rows: list[tuple[Any, ...]], views: list[ContactView], *, team: bool
) -> tuple[list[Column], list[tuple[Any, ...]]]:
    """The table, with a last column "Met by" when a colleague has met someone in it."""
    names = met_by(views, team=team)
    if names is None:
        return columns, rows
    return [*columns, Column("Met by", drop=1)], [(*r, n) for r, n in zip(rows, names, strict=True)]
