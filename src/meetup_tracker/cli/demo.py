"""`meetup demo`: a sample network in a throwaway database, and the reports it answers."""

from __future__ import annotations

import typer


def demo(ctx: typer.Context) -> None:
    """Fill a throwaway database (or an empty --db) with a sample network and a trip, then
    show who you have not met, how you are doing, and whom you could see on the trip."""
    import tempfile
    from pathlib import Path

    from meetup_tracker import output, render
    from meetup_tracker.cli.common import state
    from meetup_tracker.demo import TRIP, load_demo
    from meetup_tracker.services.reports import stats, unmet
    from meetup_tracker.services.trips import find_trip_id, next_chances, plan, trip_view

    app_state = state(ctx)
    if app_state.db_option is None:
        folder = Path(tempfile.mkdtemp(prefix="meetup-demo-"))
        app_state.db_option = folder / "meetup.db"
    with app_state.database.session(write=True) as s:
        summary = load_demo(session=s)
    path = app_state.db_path
    output.message(f"demo network: {summary} in {path}")
    with app_state.database.reading() as conn:
        not_met = list(unmet(conn=conn))
        chances = next_chances(conn=conn)
        numbers = stats(conn=conn)
        trip_id = find_trip_id(conn=conn, ref=TRIP)
        trip = plan(conn=conn, view=trip_view(conn=conn, trip_id=trip_id))
    for view in not_met:
        view.extra["next_chance"] = chances.get(view.id)
    render.unmet(not_met, json_=False, limit=None, empty="you have met everyone in person")
    render.stats(numbers, json_=False)
    render.trip_plan(trip, units="km", json_=False)
    output.message(
        f"explore it: meetup --db {path} contact list"
        " (or: contact show Maya, route Knoxville Nashville Memphis, upcoming, stale)"
    )
