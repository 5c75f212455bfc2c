"""`route --map` and `trip show --map`: a braille map under the list on a terminal, and
nothing at all in a pipe."""

from __future__ import annotations

from datetime import date

import pytest

from meetup_tracker.maps.model import MapData, Marker, RouteLayer, Stop
from meetup_tracker.maps.terminal import BRAILLE, STYLES, draw
from tests.conftest import Run
from tests.maps.test_map_command import add_trip, network  # noqa: F401 - a fixture
from tests.terminal import on_terminal


def braille(text: str) -> int:
    return sum(1 for c in text if BRAILLE < ord(c) <= BRAILLE + 0xFF)


@pytest.mark.usefixtures("network")
def test_route_map_on_a_terminal_shows_outlines_road_stops_and_people(run: Run, db_path) -> None:
    shown = on_terminal(
        "--db", str(db_path), "route", "Knoxville, TN", "Nashville, TN", "Memphis, TN", "--map",
        columns=100,
    )  # fmt: skip
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if braille(line) > 5)
    picture = lines[start:]
    assert braille("".join(picture)) > 200
    assert all(len(line) <= 100 for line in picture)
    text = "\n".join(picture)
    for label in ("Start: Knoxville", "1 Nashville", "2 Memphis"):
        assert label in text
    assert "○" in text  # someone not met yet
    assert text.count("■") >= 3 + 1  # the stops, and the legend's mark
    assert "met" in picture[-1]
    assert "not met yet" in picture[-1]


@pytest.mark.usefixtures("network")
def test_trip_show_map_fits_a_narrow_terminal(run: Run, db_path) -> None:
    add_trip(run)
    shown = on_terminal("--db", str(db_path), "trip", "show", "Tennessee", "--map", columns=60)
    picture = [line for line in shown.splitlines() if braille(line) > 3]
    assert picture
    assert all(len(line) <= 60 for line in picture)
    assert "1 Nashville" in shown


@pytest.mark.usefixtures("network")
def test_no_map_in_a_pipe_or_with_json(run: Run, run_json) -> None:
    piped = run("route", "Knoxville, TN", "Nashville, TN", "--map").stdout
    assert braille(piped) == 0
    assert "Nadia Nashville" in piped
    rows = run_json("route", "Knoxville, TN", "Nashville, TN", "--map")
    assert "Nadia Nashville" in {r["name"] for r in rows}
    assert braille(run("trip", "list").stdout) == 0


def test_marks_land_where_their_places_are() -> None:
    """A west and an east point on a small map: met in the west as dots, not met east as a
    ring, a stop between them labelled."""
    data = MapData(
        title="t",
        made_on=date(2026, 1, 1),
        markers=[
            Marker(1, "West", 36.0, -90.0, None, True, "2025-01-01", "", []),
            Marker(2, "East", 36.0, -82.0, None, False, None, "", []),
        ],
        route=RouteLayer(
            stops=[Stop("1 Mid", "Mid", 36.0, -86.0)],
            line=[(36.0, -90.0), (36.0, -82.0)],
            within_km=50,
            corridor=[],
        ),
        focus=(34.0, 38.0, -91.0, -81.0),
    )
    text = draw(data, 40)
    rows = text.plain.splitlines()
    picture, legend = rows[:-1], rows[-1]
    assert "not met yet" in legend
    (ring_row,) = [i for i, line in enumerate(picture) if "○" in line]
    ring_col = picture[ring_row].index("○")
    stop_col = picture[ring_row].index("■")
    assert stop_col < ring_col  # Mid is west of East
    assert "1 Mid" in picture[ring_row]
    width = len(picture[0]) + 1  # a newline ends each row
    met = [
        span.start % width
        for span in text.spans
        if span.style == STYLES["met"][1] and span.start < len(picture) * width
    ]
    assert met
    assert max(met) < stop_col  # West is west of Mid
