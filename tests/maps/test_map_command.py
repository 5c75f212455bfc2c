"""`meetup map`: one offline HTML page or an SVG of your network, a trip or a route, read
back the way a browser or an image viewer would read it."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import stat
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, one_line_error

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</script><script>alert("pwned")</script><img src=x onerror=alert(1)>'


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


@pytest.fixture
def network(run: Run) -> None:
    run("config", "set", "home", "Knoxville, TN")
    people = {
        "Nadia Nashville": ("Nashville, TN", ["--handle", "twitter:@nadia", "--tag", "speaker"]),
        "Fran Franklin": ("Franklin, TN", ["--tag", "speaker"]),
        "Jack Jackson": ("Jackson, TN", []),
        "Mona Memphis": ("Memphis, TN", ["--handle", "mastodon:@mona@hachyderm.io"]),
        "Kim Knoxville": ("Knoxville, TN", []),
        "Ivy Indianapolis": ("Indianapolis", []),
        "Bea Berlin": ("Berlin", []),
        "Hana Honolulu": ("Honolulu", []),
    }
    for name, (city, extra) in people.items():
        run("contact", "add", name, "--city", city, *extra)
    run("contact", "add", "Noel Nowhere")  # no place: counted, not drawn
    run("met", "Nadia", "--on", day(-30))
    run("met", "Mona", "--on", day(-3))


def add_trip(run: Run) -> None:
    run(
        "trip", "add", "Tennessee road trip",
        "--start", day(10), "--end", day(16),
        "--stop", f"Nashville, TN @ {day(11)}",
        "--stop", f"Memphis @ {day(13)}",
        "--stop", "Indianapolis",
    )  # fmt: skip


class Page(HTMLParser):
    """The parts of a page a browser acts on: meta tags, inline scripts and styles, and every
    attribute that could make it fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: list[dict[str, str | None]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.tags: list[str] = []
        self.fetching: list[tuple[str, str, str | None]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "meta":
            self.metas.append(found)
        for name in ("src", "href", "srcset", "data", "action", "poster"):
            if name in found:
                self.fetching.append((tag, name, found[name]))
        if tag in ("script", "style"):
            self._open, self._text = (tag, found), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._open[1], text))
            else:
                self.styles.append(text)
            self._open = None


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def page_data(page: Page) -> dict[str, Any]:
    (data,) = [text for attrs, text in page.scripts if attrs.get("id") == "meetup-data"]
    return dict(json.loads(data))


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.usefixtures("network")
def test_the_html_map_is_one_private_file_that_fetches_nothing(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "network.html"
    result = run("map", "-o", str(target))
    assert "wrote" in result.stderr
    assert "8 contacts: 2 met, 6 not yet" in result.stderr
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = read_page(target)
    # Nothing on the page names anything to fetch: no src, href, or the like, anywhere.
    assert page.fetching == []
    assert "link" not in page.tags
    assert "iframe" not in page.tags
    # The policy forbids everything but the inline code it names, by hash.
    (policy,) = [
        m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "http" not in policy
    code = [text for attrs, text in page.scripts if "type" not in attrs]
    assert len(code) == 2  # Leaflet, then the page's own
    assert "L.version" in code[0] or '"1.9.4"' in code[0]
    assert rules["script-src"].split() == [sha256(text) for text in code]
    assert rules["style-src"].split() == [sha256(text) for text in page.styles]
    # Leaflet is inlined, not referenced: its code is in the page.
    assert len(code[0]) > 100_000


@pytest.mark.usefixtures("network")
def test_the_page_carries_every_placed_contact_with_its_popup_facts(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "network.html"
    run("map", "-o", str(target))
    data = page_data(read_page(target))
    by_name = {c["n"]: c for c in data["contacts"]}
    assert set(by_name) == {
        "Nadia Nashville", "Fran Franklin", "Jack Jackson", "Mona Memphis",
        "Kim Knoxville", "Ivy Indianapolis", "Bea Berlin", "Hana Honolulu",
    }  # fmt: skip
    nadia = by_name["Nadia Nashville"]
    assert nadia["m"] == 1
    assert nadia["l"] == day(-30)
    assert nadia["c"].startswith("Nashville")
    assert nadia["h"] == ["twitter:@nadia"]
    assert abs(nadia["y"] - 36.17) < 0.1
    assert abs(nadia["x"] + 86.78) < 0.1
    assert "m" not in by_name["Fran Franklin"]
    assert data["title"] == "My network"
    assert data["date"] == date.today().isoformat()
    assert data["notes"] == ["1 without a known place are not shown"]
    assert data["route"] is None


@pytest.mark.usefixtures("network")
def test_a_name_that_is_markup_stays_text(run: Run, tmp_path: Path) -> None:
    run("contact", "add", HOSTILE, "--city", "Nashville, TN", "--note", "<b>&amp;</b>")
    target = tmp_path / "network.html"
    run("map", "-o", str(target), "--title", "<i>Our</i> & </title> map")
    text = target.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "<i>Our</i>" not in text
    assert "&lt;i&gt;Our&lt;/i&gt; &amp; &lt;/title&gt; map" in text
    page = read_page(target)
    assert page.fetching == []
    assert len([s for s in page.scripts if "type" not in s[0]]) == 2
    data = page_data(page)
    assert HOSTILE in {c["n"] for c in data["contacts"]}  # exact, once parsed
    assert data["title"] == "<i>Our</i> & </title> map"


@pytest.mark.usefixtures("network")
def test_filters_choose_who_is_drawn(run: Run, tmp_path: Path) -> None:
    def names(*options: str) -> set[str]:
        target = tmp_path / "filtered.html"
        run("map", "-o", str(target), *options)
        return {c["n"] for c in page_data(read_page(target))["contacts"]}

    assert names("--met") == {"Nadia Nashville", "Mona Memphis"}
    assert "Nadia Nashville" not in names("--not-met")
    assert names("--tag", "speaker") == {"Nadia Nashville", "Fran Franklin"}
    assert names("--near", "Nashville, TN", "--within", "40") == {
        "Nadia Nashville",
        "Fran Franklin",
    }
    assert names("--platform", "mastodon") == {"Mona Memphis"}
    assert names("--tag", "speaker", "--not-met") == {"Fran Franklin"}


@pytest.mark.usefixtures("network")
def test_a_route_numbers_the_people_along_it_as_route_lists_them(
    run: Run, run_json, tmp_path: Path
) -> None:
    target = tmp_path / "route.html"
    run("map", "--route", "Knoxville, TN", "Nashville, TN", "Memphis, TN", "-o", str(target))
    data = page_data(read_page(target))
    route = data["route"]
    assert [s["label"] for s in route["stops"]] == ["Start: Knoxville", "1 Nashville", "2 Memphis"]
    assert route["within"] == "50 km"
    assert len(route["line"]) > 20  # the great circle, drawn in short steps
    assert route["corridor"]
    along = sorted((c for c in data["contacts"] if "k" in c), key=lambda c: c["k"])
    listed = run_json("route", "Knoxville, TN", "Nashville, TN", "Memphis, TN")
    assert [c["n"] for c in along] == [r["name"] for r in listed]
    assert [c["k"] for c in along] == list(range(1, len(along) + 1))
    assert along[0]["n"] == "Kim Knoxville"
    assert {c["g"] for c in along} <= {"Knoxville → Nashville", "Nashville → Memphis"}
    assert data["title"] == "Route: Knoxville → Nashville → Memphis"
    # The view fits the route, not the whole network (Berlin and Honolulu are off to the side).
    south, north, west, east = data["bounds"]
    assert 33 < south < 35.2
    assert 36.2 < north < 38
    assert -92 < west < -89.9
    assert -84 < east < -82.5


@pytest.mark.usefixtures("network")
def test_one_place_routes_from_home_and_within_widens_the_corridor(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "route.html"
    run("map", "--route", "Nashville, TN", "--within", "100mi", "-o", str(target))
    route = page_data(read_page(target))["route"]
    assert [s["label"] for s in route["stops"]] == ["Start: Knoxville", "1 Nashville"]
    assert route["within"] == "161 km"  # shown in your units (km unless set otherwise)


@pytest.mark.usefixtures("network")
def test_a_trip_map_draws_its_stops_with_their_dates(run: Run, tmp_path: Path) -> None:
    add_trip(run)
    target = tmp_path / "trip.html"
    run("map", "--trip", "tennessee", "-o", str(target))
    data = page_data(read_page(target))
    assert data["title"] == "Tennessee road trip"
    stops = data["route"]["stops"]
    assert [s["label"] for s in stops] == [
        "Start: Knoxville",
        "1 Nashville",
        "2 Memphis",
        "3 Indianapolis",
    ]
    assert [s["when"] for s in stops] == [day(10), day(11), day(13), None]
    along = sorted((c for c in data["contacts"] if "k" in c), key=lambda c: c["k"])
    # Kim lives at home, where the trip starts: not someone met on the road.
    assert "Kim Knoxville" not in {c["n"] for c in along}
    assert [c["n"] for c in along][-1] == "Ivy Indianapolis"
    fran = next(c for c in data["contacts"] if c["n"] == "Fran Franklin")
    assert fran["ch"] == f"Tennessee road trip: near Nashville ({day(11)})"


@pytest.mark.usefixtures("network")
def test_a_pacific_route_crosses_the_antimeridian_not_the_world(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "pacific.html"
    run("map", "--route", "Tokyo", "Honolulu", "-o", str(target))
    data = page_data(read_page(target))
    lons = [p[1] for p in data["route"]["line"]]
    assert max(abs(b - a) for a, b in itertools.pairwise(lons)) < 5
    assert lons[0] == pytest.approx(139.7, abs=0.5)
    assert lons[-1] == pytest.approx(360 - 157.86, abs=0.5)  # east of 180, not back at -158
    hana = next(c for c in data["contacts"] if c["n"] == "Hana Honolulu")
    assert hana["x"] == pytest.approx(lons[-1], abs=0.5)
    assert hana.get("k") == 1


@pytest.mark.usefixtures("network")
def test_svg_is_well_formed_with_markers_route_labels_and_hover_titles(
    run: Run, tmp_path: Path
) -> None:
    add_trip(run)
    run("contact", "add", HOSTILE, "--city", "Jackson, TN")
    target = tmp_path / "trip.svg"
    run("map", "--trip", "Tennessee", "-o", str(target))  # .svg chooses SVG
    root = ET.parse(target).getroot()
    assert root.tag == f"{SVG}svg"
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    assert {"land", "states", "corridor", "route", "contacts", "along", "stops", "legend"} <= set(
        groups
    )
    labels = [t.text for t in groups["stops"].iter(f"{SVG}text")]
    assert labels == ["Start: Knoxville", "1 Nashville", "2 Memphis", "3 Indianapolis"]
    numbers = [t.text for t in groups["along"].iter(f"{SVG}text")]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    hovers = [t.text or "" for t in groups["along"].iter(f"{SVG}title")]
    assert any(h.startswith("1. ") for h in hovers)
    assert any(HOSTILE in h for h in hovers)  # as text, not markup
    assert not list(root.iter(f"{SVG}script"))
    # Berlin is far off this picture: left out, not drawn outside it.
    everyone = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert not any("Bea Berlin" in t for t in everyone)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    for circle in root.iter(f"{SVG}circle"):
        assert -10 <= float(circle.get("cx", 0)) <= width + 10
        assert -10 <= float(circle.get("cy", 0)) <= height + 10


@pytest.mark.usefixtures("network")
def test_svg_by_option_and_to_a_pipe(run: Run) -> None:
    result = run("map", "--svg", "--met")
    root = ET.fromstring(result.stdout)
    classes = [c.get("class") for c in root.iter(f"{SVG}circle")]
    assert classes.count("met") == 2 + 1  # two people, and the legend's mark
    assert classes.count("unmet") == 1  # the legend's only
    html = run("map", "--tag", "speaker").stdout
    assert html.startswith("<!DOCTYPE html>")


@pytest.mark.usefixtures("network")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--trip", "Nowhere trip"], "no trip"),
        (["--trip", "x", "--route", "Memphis"], "not both"),
        (["--route"], "a route needs its places"),
        (["--from-home"], "a route needs its places"),
        (["--route", "Atlantis of the Deep"], "Atlantis"),
        (["--met", "--not-met"], "exclude each other"),
        (["--near", "Nashville, TN", "--within", "0"], "more than zero"),
        (["--svg"], "--svg writes SVG, but"),
        (["-o", "map.png"], "a map is HTML or SVG, not .png"),
    ],
)
def test_bad_map_requests_are_one_line_errors(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "never.html"
    if "-o" in args:
        target = tmp_path / args[-1]
        args = [*args[:-1], str(target)]
    else:
        args = [*args, "-o", str(target)]
    error = one_line_error(run("map", *args, expect=1))
    assert message in error
    assert not target.exists()


@pytest.mark.usefixtures("network")
def test_writing_into_a_missing_folder_is_an_error(run: Run, tmp_path: Path) -> None:
    error = one_line_error(run("map", "-o", str(tmp_path / "no" / "map.html"), expect=1))
    assert "no folder" in error


def test_an_empty_network_still_makes_a_world_map(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "empty.svg"
    run("map", "-o", str(target))
    root = ET.parse(target).getroot()
    land = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "land")
    assert len(list(land)) > 150  # every country of the world
    assert "0 contacts" in "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    page = tmp_path / "empty.html"
    run("map", "-o", str(page))
    assert page_data(read_page(page))["contacts"] == []


def test_the_shipped_map_data_is_what_sources_md_says(tmp_path: Path) -> None:
    data = Path(__file__).parents[2] / "src" / "meetup_tracker" / "maps" / "data"
    sources = (data / "SOURCES.md").read_text()
    rows = re.findall(r"\| `([^`]+)` \| (\S+) `[^`]+` \| [^|]+ \| `([0-9a-f]{16})` \|", sources)
    assert len(rows) == 7
    for name, _package, digest in rows:
        assert hashlib.sha256((data / name).read_bytes()).hexdigest().startswith(digest), name
    assert "Copyright (c) 2010-2023, Volodymyr Agafonkin" in (data / "LICENSE-leaflet").read_text()


FILTERS = [
    ["--near", "90,0", "--within", "20000km"],
    ["--near", "-90,0", "--within", "19000km"],
    ["--near", "Paris", "--within", "500km"],
    ["--near", "Auckland", "--within", "3000km"],
    ["--tag", "friends"],
    ["--not-met"],
    ["--met", "--near", "Berlin", "--within", "1000km"],
    ["--platform", "twitter", "--since-before", "2030-01-01"],
]


@pytest.mark.parametrize("chosen", FILTERS, ids=[" ".join(f) for f in FILTERS])
def test_filters_choose_the_same_people_in_every_command(
    run: Run, run_json, tmp_path: Path, chosen: list[str]
) -> None:
    people = [
        ("Ana", "Paris", "friends", "twitter:@ana"),
        ("Bo", "Berlin", "", ""),
        ("Cy", "Wellington", "friends", ""),
        ("Di", "Reykjavik", "", "twitter:@di"),
        ("Ed", "Ushuaia", "", ""),
    ]
    for name, city, tag, handle in people:
        extra = (["--tag", tag] if tag else []) + (["--handle", handle] if handle else [])
        run("contact", "add", name, "--city", city, *extra)
    run("met", "Bo", "--on", "2024-01-01")
    listed = sorted(c["name"] for c in run_json("contact", "list", *chosen))
    exported = json.loads(run("export", "geojson", *chosen).stdout)
    assert sorted(f["properties"]["name"] for f in exported["features"]) == listed
    csv_rows = run("export", "csv", *chosen).stdout.strip().splitlines()[1:]
    assert len(csv_rows) == len(listed)
    for suffix in ("svg", "html"):
        result = run("map", *chosen, "-o", str(tmp_path / f"map.{suffix}"))
        drawn = re.search(r"\((\d+) contacts?", result.stderr)
        count = int(drawn.group(1)) if drawn else 0
        assert count == len(listed), (suffix, result.stderr, listed)
