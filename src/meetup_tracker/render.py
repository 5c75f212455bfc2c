"""How each report looks: a table for people, tab-separated rows for pipes, JSON for programs."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from meetup_tracker import output
from meetup_tracker.output import (
    Column,
    message,
    plain,
    print_json,
    print_json_list,
    print_table,
    rich_console,
    shown,
)
from meetup_tracker.text import plural

if TYPE_CHECKING:
    from meetup_tracker.geo.gazetteer import Place
    from meetup_tracker.geo.road_route import Leg, RoadRoute
    from meetup_tracker.services.dupes import Pair
    from meetup_tracker.services.import_job import ImportSummary
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.reports import Stats
    from meetup_tracker.services.search import Hit
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import Chances, ContactView

ID = Column("ID", justify="right", style="dim", no_wrap=True)
NAME = Column("Name", style="bold")
CITY = Column("City")
HANDLES = Column("Handles", drop=3)


def _day(header: str, drop: int = 0) -> Column:
    """A column of dates or short numbers: never wrapped, never cut."""
    return Column(header, no_wrap=True, drop=drop)


def _handles(view: ContactView) -> str:
    sep = ", " if output.stdout_is_terminal() else " "
    return sep.join(str(h) for h in view.handles)


def _tags(view: ContactView) -> str:
    return ", ".join(view.tags)


def _json_rows(views: Iterable[ContactView | InteractionView], limit: int | None) -> None:
    """A JSON array of the rows, all of them unless --limit says otherwise."""
    capped = itertools.islice(views, limit) if limit else views
    print_json_list(v.to_json() for v in capped)


def contacts(
    views: Iterable[ContactView], *, json_: bool, limit: int | None, title: str, empty: str
) -> None:
    """A list of contacts."""
    if json_:
        _json_rows(views, limit)
        return
    columns = [ID, NAME, CITY, HANDLES, Column("Tags", drop=4), _day("Met"), _day("Since", 2)]
    rows = ((v.id, v.name, v.city, _handles(v), _tags(v), v.last_met or "", v.since) for v in views)
    print_table(columns, rows, title=title, limit=limit, empty=empty)


def unresolved(views: Iterable[ContactView], *, json_: bool, limit: int | None) -> None:
    """Contacts whose city has no coordinates, with the places it could be."""
    if json_:
        _json_rows(views, limit)
        return
    columns = [ID, NAME, CITY, Column("Could be")]
    rows = (
        (
            v.id,
            v.name,
            v.city,
            "; ".join(str(c["display"]) for c in v.candidates or []),
        )
        for v in views
    )
    print_table(
        columns,
        rows,
        title="Cities without coordinates (meetup place fix TEXT PLACE)",
        limit=limit,
        empty="every city has its coordinates",
    )


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

    if json_:
        _json_rows(views, limit)
        return
    columns = [
        ID,
        NAME,
        CITY,
        HANDLES,
        _day("Since", 2),
        Column("Talks", justify="right", no_wrap=True, drop=4),
        _day("Last contact", 1),
        Column("Next chance", style="green"),
    ]
    if met_by:
        columns.append(Column("Met by", drop=3))
    rows = (
        (
            v.id,
            v.name,
            v.city,
            _handles(v),
            v.since,
            v.talks or "",
            v.last_contact,
            chance_text(v.chances),
            *([met_by_names(v)] if met_by else []),
        )
        for v in views
    )
    print_table(
        columns,
        rows,
        title="Not met in person yet",
        limit=limit,
        empty=empty,
    )


def stale(views: Iterable[ContactView], *, days: int, json_: bool, limit: int | None) -> None:
    """Contacts gone quiet."""
    if json_:
        _json_rows(views, limit)
        return
    columns = [
        ID,
        NAME,
        CITY,
        _day("Last contact"),
        Column("Days", justify="right", no_wrap=True),
        _day("Met", 1),
    ]
    rows = ((v.id, v.name, v.city, v.last_contact, v.days_since, v.last_met or "") for v in views)
    print_table(
        columns,
        rows,
        title=f"No contact for more than {plural(days, 'day')}",
        limit=limit,
        empty=f"you have been in touch with everyone in the last {plural(days, 'day')}",
    )


def _with(view: InteractionView) -> str:
    return ", ".join(a.name for a in view.attendees) or "(nobody yet)"


def _where(view: InteractionView) -> str:
    return " · ".join(part for part in (view.event, view.place) if part)


def _status(view: InteractionView) -> str:
    return "planned" if view.planned else ""


def interactions(views: Iterable[InteractionView], *, json_: bool, limit: int | None) -> None:
    """A list of interactions, newest first; plans (dates still ahead) marked as planned."""
    if json_:
        _json_rows(views, limit)
        return
    columns = [
        ID,
        _day("Date"),
        _day("Kind"),
        Column("With"),
        Column("Where", drop=2),
        Column("Note", drop=1),
        Column("Status", style="yellow", no_wrap=True),  # last: a pipe's columns keep their places
    ]
    rows = ((v.id, v.date, v.kind, _with(v), _where(v), v.note, _status(v)) for v in views)
    print_table(columns, rows, title="Interactions", limit=limit, empty="no interactions recorded")


def interaction_summary(view: InteractionView, verb: str) -> str:
    """One line saying what was recorded, changed or removed: `recorded meeting with Ana on
    2026-05-12 at Nashville (#12)`; a plan reads `planned meeting ...`."""
    from meetup_tracker.services.interactions import noun

    what = ("planned " if view.planned else "") + noun(view.kind)
    people = ", ".join(a.name for a in view.attendees)
    where = f" at {_where(view)}" if _where(view) else ""
    text = f"{what}{' with ' + people if people else ''} on {view.date}{where} (#{view.id})"
    return f"{verb} {text}" if verb else text


def interaction(view: InteractionView, *, json_: bool) -> None:
    """One meeting or call, every field."""
    if json_:
        print_json(view.to_json())
        return
    people = ", ".join(f"{a.name} (#{a.id})" for a in view.attendees) or "nobody yet"
    fields = [
        ("date", view.date + (" (planned)" if view.planned else "")),
        ("kind", view.kind),
        ("event", view.event),
        ("place", view.place),
        ("people", people),
        ("note", view.note),
    ]
    from meetup_tracker.services.interactions import noun

    if output.stdout_is_terminal():
        _fields(f"{noun(view.kind).capitalize()} #{view.id}", fields)
    else:
        _fields(str(view.id), fields, heading="id")


def _fields(title: str, fields: Sequence[tuple[str, object]], *, heading: str = "") -> None:
    """Label and value lines: under a title on a terminal, tab-separated in a pipe (the
    title's value under `heading` first)."""
    if output.stdout_is_terminal():
        console = rich_console()
        console.print(f"[bold]{shown(title)}[/bold]")
        for label, value in fields:
            if value:
                console.print(f"  [dim]{label:<8}[/dim] {shown(str(value))}")
        return
    import sys

    sys.stdout.write(f"{heading}\t{plain(title)}\n")
    for label, value in fields:
        if value:
            sys.stdout.write(f"{label}\t{plain(value)}\n")


def profile(view: ContactView, timeline: Sequence[InteractionView], *, json_: bool) -> None:
    """One contact and their timeline."""
    if json_:
        data = view.to_json()
        data["timeline"] = [t.to_json() for t in timeline]
        print_json(data)
        return
    met = f"yes, last on {view.last_met}" if view.last_met else "not yet in person"
    work = ", ".join(part for part in (view.position, view.company) if part)
    fields = [
        ("city", view.city),
        ("work", work),
        ("handles", _handles(view)),
        ("tags", _tags(view)),
        ("since", view.since),
        ("met", met),
        ("met by", ", ".join(f"{m['user']} ({m['last_met']})" for m in view.met_by or [])),
        ("note", view.note),
    ]
    if output.stdout_is_terminal():
        console = rich_console()
        console.print(f"[bold]{shown(view.name)}[/bold] [dim]#{view.id}[/dim]")
        for label, value in fields:
            if value:
                console.print(f"  [dim]{label:<8}[/dim] {shown(str(value))}")
        console.print()
    else:
        import sys

        sys.stdout.write(f"name\t{plain(view.name)}\nid\t{view.id}\n")
        for label, value in fields:
            if value:
                sys.stdout.write(f"{label}\t{plain(value)}\n")
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
    if not output.stdout_is_terminal():
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


def dupes(pairs: Sequence[Pair], *, json_: bool, limit: int | None) -> None:
    """Likely duplicate pairs, surest first, each with its merge command."""
    if json_:
        print_json([p.to_json() for p in (pairs[:limit] if limit else pairs)])
        return
    columns = [
        Column("Keep", style="bold"),
        Column("Duplicate"),
        Column("Why"),
        Column("To merge", no_wrap=True, drop=1),
    ]
    rows = (
        (
            f"#{p.keep[0]} {p.keep[1]}",
            f"#{p.other[0]} {p.other[1]}",
            "; ".join(p.reasons),
            p.command,
        )
        for p in pairs
    )
    print_table(columns, rows, title="Likely duplicates", limit=limit, empty="no likely duplicates")


def search(hits: Sequence[Hit], *, query: str, json_: bool, limit: int | None) -> None:
    """Search hits, best first, with the field each was found in."""
    if json_:
        print_json([h.to_json() for h in (hits[:limit] if limit else hits)])
        return
    columns = [
        Column("Type", no_wrap=True, drop=1),
        ID,
        NAME,
        Column("Found in", no_wrap=True),
        Column("Text"),
    ]
    rows = ((h.type, h.id, h.name, h.field, h.text) for h in hits)
    print_table(
        columns, rows, title=f"Search: {query}", limit=limit, empty=f"nothing matches '{query}'"
    )


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


def places(found: Sequence[Place], *, json_: bool, limit: int | None) -> None:
    """Gazetteer candidates."""
    if json_:
        print_json([p.to_json() for p in found])
        return
    columns = [
        Column("Place", style="bold"),
        Column("Country"),
        Column("Region", drop=1),
        Column("Population", justify="right", no_wrap=True, drop=2),
        Column("Lat", justify="right", no_wrap=True, drop=3),
        Column("Lon", justify="right", no_wrap=True, drop=3),
    ]
    rows = (
        (
            p.display,
            p.country_name or p.country,
            p.region or "",
            f"{p.population:,}" if p.population else "",
            f"{p.lat:.4f}",
            f"{p.lon:.4f}",
        )
        for p in found
    )
    print_table(columns, rows, title="Places", limit=limit, empty="no such place")


def _met_mark(view: ContactView) -> str:
    return "" if view.met_in_person else "★"


MARK = Column("", style="yellow", terminal_only=True)
LEGEND = "★ not met in person yet"


def _km(km: float | None, units: str) -> str:
    from meetup_tracker.geo.units import format_distance

    return format_distance(km or 0.0, units)


def _detour_hint(view: ContactView, units: str) -> str:
    """`on the way`, or the detour driven there and back: `+24 km · 20 min`."""
    from meetup_tracker.geo.units import format_minutes

    assert view.along is not None
    km = view.along.detour_km
    if km < 5:
        return "on the way"
    minutes = view.along.detour_minutes
    time = f" · {format_minutes(minutes)}" if minutes is not None else ""
    return "+" + _km(km, units) + time


def leg_title(a: Waypoint, b: Waypoint, leg: Leg, units: str, *, straight: bool) -> str:
    """`Knoxville → Atlanta · 338 km · 3 h 25 min`; a leg without a road says so."""
    from meetup_tracker.geo.units import format_distance, format_minutes
    from meetup_tracker.services.nearby import leg_label

    title = f"{leg_label(a, b)} · {format_distance(leg.km, units)}"
    if straight:
        return title + " (straight line)"
    if leg.minutes is None:
        return title + " (no road: a straight line)"
    return f"{title} · {format_minutes(leg.minutes)}"


NEAR_COLUMNS = [
    MARK,
    ID,
    NAME,
    CITY,
    Column("Distance", justify="right", no_wrap=True),
    _day("Met", 1),
]


def _near_row(view: ContactView, units: str) -> tuple[object, ...]:
    return (
        _met_mark(view),
        view.id,
        view.name,
        view.city,
        _km(view.distance_km, units),
        view.last_met or "",
    )


def _legs(
    views: Sequence[ContactView], waypoints: Sequence[Waypoint]
) -> Iterator[tuple[Waypoint, Waypoint, list[ContactView]]]:
    """Each leg of a route with the contacts nearest to it, in order."""
    for index in range(len(waypoints) - 1):
        leg = [v for v in views if v.along is not None and v.along.leg_index == index]
        yield waypoints[index], waypoints[index + 1], leg


def near(
    views: Iterable[ContactView],
    *,
    center: Waypoint,
    within_km: float,
    units: str,
    json_: bool,
    limit: int | None,
) -> None:
    """Contacts around a place, nearest first."""
    from meetup_tracker.geo.units import format_distance

    if json_:
        _json_rows(views, limit)
        return
    radius = format_distance(within_km, units)
    print_table(
        NEAR_COLUMNS,
        (_near_row(v, units) for v in views),
        title=f"Within {radius} of {center.name}",
        limit=limit,
        empty=f"nobody within {radius} of {center.name}",
    )


def route(
    rows: Iterable[ContactView],
    *,
    waypoints: Sequence[Waypoint],
    road: RoadRoute,
    within_km: float,
    units: str,
    json_: bool,
    limit: int | None,
) -> None:
    """Contacts along a route, in the order you pass them, grouped by leg on a terminal."""
    from meetup_tracker.geo.units import format_distance

    if json_:
        _json_rows(rows, limit)
        return
    views = list(rows)
    radius = format_distance(within_km, units)
    if not views:
        message(f"nobody within {radius} of the route")
        return
    if not output.stdout_is_terminal():
        columns = [ID, NAME, CITY, Column("Leg"), Column("Off route"), Column("Along")]
        columns += [Column("Detour"), Column("Met")]
        plain = [
            (
                v.id,
                v.name,
                v.city,
                v.along.leg if v.along else "",
                _km(v.distance_km, units),
                _km(v.along.along_km if v.along else None, units),
                _km(v.along.detour_km if v.along else None, units),
                v.last_met or "",
            )
            for v in views
        ]
        print_table(*_table_with_met_by(columns, plain, views), limit=limit)
        return
    columns = [MARK, ID, NAME, CITY, Column("Off route", justify="right", no_wrap=True)]
    columns += [
        Column("Along", justify="right", no_wrap=True, drop=1),
        Column("Detour", style="green", no_wrap=True),
    ]
    for (a, b, leg), drive in zip(_legs(views, waypoints), road.legs, strict=True):
        title = leg_title(a, b, drive, units, straight=road.straight)
        if not leg:
            rich_console().print(f"[italic]{shown(title)}[/italic]: nobody within {radius}")
            continue
        leg_rows = [
            (
                *_near_row(v, units)[:5],
                _km(v.along.along_km if v.along else None, units),
                _detour_hint(v, units),
            )
            for v in leg
        ]
        print_table(*_table_with_met_by(columns, leg_rows, leg), title=title, limit=limit)
    message(LEGEND)


def _met_by(views: Sequence[ContactView]) -> list[str] | None:
    """On a team database, who has met each person (`ana, bob`); None when nobody has met
    any of them, or off a team database (then the column is left out)."""
    from meetup_tracker.services.team import met_by_names

    found = [met_by_names(v) for v in views]
    return found if any(found) else None


def _table_with_met_by(
    columns: list[Column], rows: Sequence[tuple[Any, ...]], views: Sequence[ContactView]
) -> tuple[list[Column], list[tuple[Any, ...]]]:
    """The table, with a last column "Met by" when a colleague has met someone in it."""
    names = _met_by(views)
    if names is None:
        return columns, list(rows)
    return [*columns, Column("Met by", drop=1)], [(*r, n) for r, n in zip(rows, names, strict=True)]


def trips(views: Sequence[TripView], *, json_: bool, limit: int | None = None) -> None:
    """Trips, soonest first."""
    if json_:
        print_json([v.to_json() for v in (views[:limit] if limit else views)])
        return
    columns = [ID, NAME, _day("Start"), _day("End", 1), Column("From", drop=2), Column("Stops")]
    rows = (
        (
            v.id,
            v.name,
            v.start,
            v.end,
            v.origin.short if v.origin else "",
            " → ".join(s.short for s in v.stops),
        )
        for v in views
    )
    print_table(
        columns,
        rows,
        title="Trips",
        limit=limit,
        empty="no trips yet; plan one with: meetup trip add",
    )


def _stay(arrive: str | None, depart: str | None) -> str:
    if not arrive:
        return ""
    return arrive if depart in (None, arrive) else f"{arrive}..{depart}"


def trip_plan(view: TripView, *, units: str, json_: bool) -> None:
    """A trip: near each stop, then along the road, the people not met yet first."""
    from meetup_tracker.geo.units import format_distance

    if json_:
        print_json(view.to_json())
        return
    radius = format_distance(view.within_km or 0.0, units)
    if not output.stdout_is_terminal():
        plain = [Column("Where"), ID, NAME, CITY, Column("Distance"), Column("Met")]
        near_rows = [(stop.short, v) for stop in view.stops for v in stop.near]
        along_rows = [(v.along.leg if v.along else "", v) for v in view.along]
        everyone = near_rows + along_rows
        rows: list[tuple[Any, ...]] = [
            (where, v.id, v.name, v.city, _km(v.distance_km, units), v.last_met)
            for where, v in everyone
        ]
        print_table(
            *_table_with_met_by(plain, rows, [v for _, v in everyone]),
            empty=f"nobody within {radius} of this trip",
        )
        return

    console = rich_console()
    dates = view.start + (f" → {view.end}" if view.end else "")
    console.print(f"[bold]{shown(view.name)}[/bold] [dim]#{view.id}[/dim]  {dates}")
    if view.origin:
        console.print(f"  from {shown(view.origin.name)}")
    for stop in view.stops:
        stay = _stay(stop.arrive, stop.depart)
        title = f"{stop.position}. {stop.place}" + (f" · {stay}" if stay else "")
        if stop.waypoint is None:
            console.print(
                f"[italic]{shown(title)}[/italic]: not placed yet"
                f" (meetup trip edit {view.id} --remove-stop {stop.position} --add-stop PLACE)"
            )
            continue
        if not stop.near:
            console.print(f"[italic]{shown(title)}[/italic]: nobody within {radius}")
            continue
        near = [_near_row(v, units) for v in stop.near]
        print_table(*_table_with_met_by(NEAR_COLUMNS, near, stop.near), title=title, limit=0)
    along_columns = [*NEAR_COLUMNS[:4], Column("Off route", justify="right", no_wrap=True)]
    along_columns.append(Column("Detour", style="green", no_wrap=True))
    drives = view.road.legs if view.road is not None else []
    for (a, b, leg), drive in zip(_legs(view.along, view.waypoints), drives, strict=True):
        label = "On the road " + leg_title(
            a, b, drive, units, straight=view.road is not None and view.road.straight
        )
        if not leg:
            console.print(f"[italic]{shown(label)}[/italic]: nobody else within {radius}")
            continue
        rows = [(*_near_row(v, units)[:5], _detour_hint(v, units)) for v in leg]
        print_table(*_table_with_met_by(along_columns, rows, leg), title=label, limit=0)
    message(LEGEND)


def upcoming(
    views: Sequence[TripView],
    planned: Sequence[InteractionView],
    *,
    days: int,
    units: str,
    json_: bool,
    limit: int | None,
) -> None:
    """Planned meetings and calls, then the trips in the next days, each with whom you could
    meet. JSON stays the list of trips it has always been; plans are in `meetings --planned`."""
    trips_shown = views[:limit] if limit else views
    if json_:
        print_json([v.to_json() for v in trips_shown])
        return
    if not views and not planned:
        message(f"no trips or planned meetings in the next {plural(days, 'day')}")
        return
    if planned:
        columns = [ID, _day("Date"), _day("Kind"), Column("With"), Column("Where", drop=1)]
        rows = [(v.id, v.date, v.kind, _with(v), _where(v)) for v in planned]
        print_table(columns, rows, title="Planned", limit=limit)
    for view in trips_shown:
        trip_plan(view, units=units, json_=False)
    if limit and len(views) > limit:
        message(f"showing the first {plural(limit, 'trip')}; use --limit 0 for all")


def settings(values: dict[str, object], *, json_: bool) -> None:
    """The user's settings."""
    if json_:
        print_json(values)
        return
    home = values.get("home")
    shown = "not set (meetup config set home PLACE)"
    if isinstance(home, dict):
        shown = f"{home['name']} ({home['lat']:.4f}, {home['lon']:.4f})"
    columns = [Column("Setting", style="bold"), Column("Value")]
    rows = [("home", shown), ("units", values.get("units")), ("user", values.get("user"))]
    print_table(columns, rows, title="Settings")


@contextmanager
def import_progress(size: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal for a long import; nothing at all in a pipe."""
    if size < 500 or not output.stderr_is_terminal():
        yield lambda _: None
        return
    import sys

    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr, force_terminal=True), transient=True) as bar:
        task = bar.add_task("importing", total=size)
        yield lambda n: bar.advance(task, n)


def import_summary(summary: ImportSummary, *, json_: bool) -> None:
    """Added, updated, unchanged, skipped; and the bad rows, with their lines."""
    if json_:
        print_json(summary.to_json())
        return
    total = summary.total
    prefix = "would import" if summary.dry_run else "imported"
    kinds = [
        (label, counts)
        for label, counts in (
            ("contacts", summary.contacts),
            ("interactions", summary.interactions),
            ("trips", summary.trips),
        )
        if counts.added or counts.updated or counts.unchanged or counts.skipped
    ]
    detail = "; ".join(
        f"{label}: {c.added} added, {c.updated} updated,"
        f" {c.unchanged} unchanged, {c.skipped} skipped"
        for label, c in kinds
    )
    why = ", ".join(f"{count} {reason}" for reason, count in summary.skipped_reasons.items())
    message(
        f"{prefix} {summary.format}: {total.added} added, {total.updated} updated,"
        f" {total.unchanged} unchanged, {total.skipped} skipped"
        + (f" ({why})" if why else "")
        + (f" ({detail})" if len(kinds) > 1 else "")
        + (" (dry run: nothing written)" if summary.dry_run else "")
    )
    for error in summary.errors:
        message(f"  line {error.line}: {error.reason}")
    for note in summary.notes:
        message(
            f"  note: line {note.line}: {note.reason}" if note.line else f"  note: {note.reason}"
        )
    if summary.likely_duplicates:
        many = summary.likely_duplicates > 1
        message(
            f"{plural(summary.likely_duplicates, 'new contact')}"
            f" {'look like ones' if many else 'looks like one'} you had: meetup contact dupes"
        )
    if summary.unresolved:
        message(
            f"{plural(summary.unresolved, 'city', 'cities')} kept as text without coordinates:"
            " meetup place unresolved"
        )
