"""Places and travel: gazetteer candidates, whom you could meet near a place or along the
road, trips, a trip's plan, and what is coming up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from meetup_tracker.output import (
    Column,
    Custom,
    Listing,
    Record,
    message,
    print_table,
    rich_console,
    shown,
)
from meetup_tracker.output import show as show_it
from meetup_tracker.render.columns import (
    CITY,
    ID,
    LEGEND,
    MARK,
    NAME,
    day,
    km,
    met_mark,
    with_met_by,
)
from meetup_tracker.text import plural

if TYPE_CHECKING:
    from meetup_tracker.geo.places import Place, Resolution
    from meetup_tracker.geo.road_route import Leg, RoadRoute
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.nearby import Waypoint
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactView


def places(found: Sequence[Place], *, json_: bool, limit: int | None) -> None:
    """Gazetteer candidates."""
    columns = [
        Column("Place", style="bold"),
        Column("Country"),
        Column("Region", drop=1),
        Column("Population", justify="right", no_wrap=True, drop=2),
        Column("Lat", justify="right", no_wrap=True, drop=3),
        Column("Lon", justify="right", no_wrap=True, drop=3),
    ]
    listing = Listing(
        found,
        columns,
        lambda p: (
            p.display,
            p.country_name or p.country,
            p.region or "",
            f"{p.population:,}" if p.population else "",
            f"{p.lat:.4f}",
            f"{p.lon:.4f}",
        ),
        lambda p: p.to_json(),
        title="Places",
        empty="no such place",
    )
    show_it(listing, json_=json_, limit=limit)


_READINGS = {
    "decided": "the text decides it",
    "home": "your home decides it: the one near home of places of similar size",
    "likelier": "the likelier of places of the name (a command takes it, with a notice)",
    "confirm": "a guess: a command asks first (a script gets an error)",
    "area": "a country or region, not a point on the map",
}


def resolution(found: Resolution, *, json_: bool) -> None:
    """What a place text names, as a command reads it."""
    where = found.place.display if found.place else "; ".join(a.display for a in found.areas)
    fields: list[tuple[str, object]] = [
        ("place" if found.place else "area", where),
        ("reading", _READINGS[found.reading]),
        ("also", "; ".join(p.display for p in found.alternatives[:5])),
    ]
    if found.place is not None and found.place.geonameid is not None:
        fields.append(("geonameid", found.place.geonameid))
    if found.place is not None:
        fields.append(("coordinates", f"{found.place.lat:.4f}, {found.place.lon:.4f}"))
    record = Record(found.text, [("text", found.text)], fields, found.to_json)
    show_it(record, json_=json_)


def _detour_hint(view: ContactView, units: str) -> str:
    """`on the way`, or the detour driven there and back: `+24 km · 20 min`."""
    from meetup_tracker.geo.units import format_minutes

    assert view.along is not None
    detour = view.along.detour_km
    if detour < 5:
        return "on the way"
    minutes = view.along.detour_minutes
    time = f" · {format_minutes(minutes)}" if minutes is not None else ""
    return "+" + km(detour, units) + time


def leg_title(a: Waypoint, b: Waypoint, leg: Leg, units: str, *, straight: bool) -> str:
    """`Knoxville → Atlanta · 338 km · 3 h 25 min`; a leg without a road says so."""
    from meetup_tracker.geo.units import format_minutes
    from meetup_tracker.services.nearby import leg_label

    title = f"{leg_label(a, b)} · {km(leg.km, units)}"
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
    day("Met"),
]


def _near_row(view: ContactView, units: str) -> tuple[object, ...]:
    return (
        met_mark(view),
        view.id,
        view.name,
        view.city,
        km(view.distance_km, units),
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
    radius = km(within_km, units)
    listing = Listing(
        views,
        NEAR_COLUMNS,
        lambda v: _near_row(v, units),
        lambda v: v.to_json(),
        title=f"Within {radius} of {center.name}",
        empty=f"nobody within {radius} of {center.name}",
    )
    show_it(listing, json_=json_, limit=limit)


def route(
    rows: Iterable[ContactView],
    *,
    waypoints: Sequence[Waypoint],
    road: RoadRoute,
    within_km: float,
    units: str,
    json_: bool,
    limit: int | None,
    team: bool = False,
) -> None:
    """Contacts along a route, in the order you pass them: grouped by leg on a terminal, one
    table with a Leg column in a pipe (on a shared database, who on the team met them)."""
    views = list(rows)
    radius = km(within_km, units)

    def along(view: ContactView) -> str:
        return km(view.along.along_km if view.along else None, units)

    def pipe() -> None:
        columns = [ID, NAME, CITY, Column("Leg"), Column("Off route"), Column("Along")]
        columns += [Column("Detour"), Column("Met")]
        plain = [
            (
                v.id,
                v.name,
                v.city,
                v.along.leg if v.along else "",
                km(v.distance_km, units),
                along(v),
                km(v.along.detour_km if v.along else None, units),
                v.last_met or "",
            )
            for v in views
        ]
        print_table(*with_met_by(columns, plain, views, team=team), limit=limit)

    def terminal() -> None:
        columns = [MARK, ID, NAME, CITY, Column("Off route", justify="right", no_wrap=True)]
        columns += [
            Column("Along", justify="right", no_wrap=True),
            Column("Detour", style="green", no_wrap=True),
        ]
        for (a, b, leg), drive in zip(_legs(views, waypoints), road.legs, strict=True):
            title = leg_title(a, b, drive, units, straight=road.straight)
            if not leg:
                rich_console().print(f"[italic]{shown(title)}[/italic]: nobody within {radius}")
                continue
            leg_rows = [(*_near_row(v, units)[:5], along(v), _detour_hint(v, units)) for v in leg]
            print_table(*with_met_by(columns, leg_rows, leg, team=team), title=title, limit=limit)
        if any(met_mark(v) for v in views):  # the legend only where a ★ is shown
            message(LEGEND)

    if not views and not json_:
        message(f"nobody within {radius} of the route")
        return
    capped = views[:limit] if limit else views
    show_it(Custom(lambda: [v.to_json() for v in capped], terminal, pipe), json_=json_)


def trips(views: Sequence[TripView], *, json_: bool, limit: int | None = None) -> None:
    """Trips, soonest first."""
    columns = [ID, NAME, day("Start"), day("End"), Column("From", drop=2), Column("Stops")]
    listing = Listing(
        views,
        columns,
        lambda v: (
            v.id,
            v.name,
            v.start,
            v.end,
            v.origin.short if v.origin else "",
            " → ".join(s.short for s in v.stops),
        ),
        lambda v: v.to_json(),
        title="Trips",
        empty="no trips yet; plan one with: meetup trip add",
    )
    show_it(listing, json_=json_, limit=limit)


def _stay(arrive: str | None, depart: str | None) -> str:
    if not arrive:
        return ""
    return arrive if depart in (None, arrive) else f"{arrive}..{depart}"


def trip_plan(view: TripView, *, units: str, json_: bool, team: bool = False) -> None:
    """A trip: near each stop, then along the road, the people not met yet first (on a
    shared database, who on the team has met them)."""
    radius = km(view.within_km, units)

    def pipe() -> None:
        plain = [Column("Where"), ID, NAME, CITY, Column("Distance"), Column("Met")]
        plain += [Column("Trip ID"), Column("Trip")]  # which trip, where several follow
        near_rows = [(stop.short, v) for stop in view.stops for v in stop.near]
        along_rows = [(v.along.leg if v.along else "", v) for v in view.along]
        everyone = near_rows + along_rows
        rows: list[tuple[Any, ...]] = [
            (where, v.id, v.name, v.city, km(v.distance_km, units), v.last_met, view.id, view.name)
            for where, v in everyone
        ]
        print_table(
            *with_met_by(plain, rows, [v for _, v in everyone], team=team),
            empty=f"nobody within {radius} of this trip",
        )

    def terminal() -> None:
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
            print_table(
                *with_met_by(NEAR_COLUMNS, near, stop.near, team=team), title=title, limit=0
            )
        along_columns = [*NEAR_COLUMNS[:4], Column("Off route", justify="right", no_wrap=True)]
        along_columns.append(Column("Detour", style="green", no_wrap=True))
        drives = view.road.legs if view.road is not None else []
        straight = view.road is not None and view.road.straight
        for (a, b, leg), drive in zip(_legs(view.along, view.waypoints), drives, strict=True):
            label = "On the road " + leg_title(a, b, drive, units, straight=straight)
            if not leg:
                console.print(f"[italic]{shown(label)}[/italic]: nobody else within {radius}")
                continue
            rows = [(*_near_row(v, units)[:5], _detour_hint(v, units)) for v in leg]
            print_table(*with_met_by(along_columns, rows, leg, team=team), title=label, limit=0)
        everyone = [v for stop in view.stops for v in stop.near] + list(view.along)
        if any(met_mark(v) for v in everyone):  # the legend only where a ★ is shown
            message(LEGEND)

    show_it(Custom(view.to_json, terminal, pipe), json_=json_)


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
    from meetup_tracker.render.meetings import where, with_whom

    trips_shown = views[:limit] if limit else views

    def either() -> None:
        if not views and not planned:
            message(f"no trips or planned meetings in the next {plural(days, 'day')}")
            return
        if planned:
            columns = [ID, day("Date"), day("Kind"), Column("With"), Column("Where", drop=1)]
            rows = [(v.id, v.date, v.kind, with_whom(v), where(v)) for v in planned]
            print_table(columns, rows, title="Planned", limit=limit)
        for view in trips_shown:
            trip_plan(view, units=units, json_=False)
        if limit and len(views) > limit:
            message(f"showing the first {plural(limit, 'trip')}; use --limit 0 for all")

    show_it(Custom(lambda: [v.to_json() for v in trips_shown], either, either), json_=json_)
