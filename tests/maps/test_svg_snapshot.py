"""The SVG of a trip, compared with a kept snapshot of its structure: which groups, marks,
labels and hover titles it holds, in order, not where its pixels fall.

After a deliberate change: MEETUP_UPDATE_SNAPSHOTS=1 pytest tests/maps/test_svg_snapshot.py
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.maps.test_map_command import add_trip

SNAPSHOTS = Path(__file__).parent / "snapshots"
SVG = "{http://www.w3.org/2000/svg}"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def structure(root: ET.Element) -> str:
    """One line per element: depth, tag, id and class, and its own text (dates made DATE);
    a run of same-kind outline paths is one line with its count."""
    lines: list[str] = []

    def walk(element: ET.Element, depth: int) -> None:
        tag = element.tag.removeprefix(SVG)
        parts = [tag]
        for name in ("id", "class"):
            if element.get(name):
                parts.append(f"{name}={element.get(name)}")
        if tag not in ("style",) and (element.text or "").strip():
            parts.append(repr(ISO_DATE.sub("DATE", element.text or "")))
        line = "  " * depth + " ".join(parts)
        if element.get("id") in ("land", "states"):
            lines.append(f"{line} ({len(list(element))} children)")
            return
        lines.append(line)
        for child in element:
            walk(child, depth + 1)

    walk(root, 0)
    return "\n".join(lines) + "\n"


@pytest.fixture
def small_network(run: Run) -> None:
    run("config", "set", "home", "Knoxville, TN")
    for name, city in {
        "Nadia": "Nashville, TN",
        "Fran": "Franklin, TN",
        "Jack": "Jackson, TN",
        "Mona": "Memphis, TN",
        "Cora": "Clarksville, TN",
        "Lou": "Louisville, KY",
    }.items():
        run("contact", "add", name, "--city", city)
    run("met", "Nadia", "--on", "2025-05-01")


@pytest.mark.usefixtures("small_network")
def test_trip_svg_structure_matches_its_snapshot(run: Run, tmp_path: Path) -> None:
    add_trip(run)
    target = tmp_path / "trip.svg"
    run("map", "--trip", "Tennessee", "-o", str(target))
    found = structure(ET.parse(target).getroot())
    snapshot = SNAPSHOTS / "trip-svg.txt"
    if os.environ.get("MEETUP_UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(found, encoding="utf-8")
    assert found == snapshot.read_text(encoding="utf-8")
