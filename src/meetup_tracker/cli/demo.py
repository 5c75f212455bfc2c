"""`meetup demo`: a sample network in a throwaway database, and the reports it answers."""

from __future__ import annotations

import typer


def demo(ctx: typer.Context) -> None:
    """Try the tool on a sample network.

    Fills a throwaway database (removed when done), or an empty --db you keep, with a
    sample network and a trip, then shows who you have not met, how you are doing, and
    whom you could see on the trip."""
    import shutil
    import tempfile
    from pathlib import Path

    from meetup_tracker import output
    from meetup_tracker.cli.state import state
    from meetup_tracker.demo import TRIP, load_demo
    from meetup_tracker.render import reports as render_reports
    from meetup_tracker.render import travel as render_travel
    from meetup_tracker.services.planning import plan
    from meetup_tracker.services.reports import not_met_yet, stats
    from meetup_tracker.services.trips import find_trip_id, trip_view

    app_state = state(ctx)
    throwaway = None
    if app_state.db_option is None:
        throwaway = Path(tempfile.mkdtemp(prefix="meetup-demo-"))
        app_state.db_option = throwaway / "meetup.db"
    try:
        with app_state.store.writing() as conn:
            summary = load_demo(conn=conn)
        path = app_state.shown_db  # a team URL without its password
        where = "a throwaway database" if throwaway else str(path)
        output.message(f"demo network: {summary} in {where}")
        with app_state.store.reading() as conn:
            not_met = not_met_yet(conn=conn)
            rows = list(not_met.rows)
            numbers = stats(conn=conn)
            trip_id = find_trip_id(conn=conn, ref=TRIP)
            trip = plan(conn=conn, view=trip_view(conn=conn, trip_id=trip_id))
        render_reports.unmet(
            rows,
            met_by=not_met.met_by,
            json_=False,
            limit=None,
            empty="you have met everyone in person",
        )
        render_reports.stats(numbers, json_=False)
        render_travel.trip_plan(trip, units="km", json_=False)
    finally:
        if throwaway is not None:
            app_state.close()
            shutil.rmtree(throwaway, ignore_errors=True)
    if throwaway is not None:
        output.message(
            "the throwaway database is gone; to explore the sample network, keep one:"
            " meetup --db demo.db demo, then meetup --db demo.db contact list"
        )
    else:
        output.message(
            f"explore it: meetup --db {path} contact list"
            " (or: contact show Maya, route Knoxville Nashville Memphis, upcoming, stale)"
        )
