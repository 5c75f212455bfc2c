"""The HTML map opened in a real headless Chromium with every host name unresolvable: what it
draws, what a click shows, and that it asks the network for nothing.

Chromium comes from Debian's `chromium` package, which .ci/run installs. Without it these tests
skip, saying why, unless MEETUP_REQUIRE_BROWSER is set (CI sets it): then they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from meetup_tracker.maps import html
from meetup_tracker.maps.model import MapData, Marker
from tests.conftest import Run
from tests.maps.chromium import Browser, find_chromium
from tests.maps.test_map_command import HOSTILE, add_trip, network  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Browser]:
    found = find_chromium()
    if found is None:
        reason = "Chromium not found: install Debian's chromium, or set MEETUP_TEST_CHROMIUM"
        if os.environ.get("MEETUP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    opened = Browser(found)
    try:
        yield opened
    finally:
        opened.close()


def open_map(browser: Browser, page: Path) -> None:
    browser.open(page)
    assert browser.evaluate("document.body.getAttribute('data-ready')") == "1", browser.problems()


def nothing_fetched(browser: Browser, page: Path) -> None:
    assert browser.problems() == []
    assert browser.requests() == [page.resolve().as_uri()]


@pytest.mark.usefixtures("network")
def test_the_network_map_draws_every_contact_offline(
    run: Run, browser: Browser, tmp_path: Path
) -> None:
    page = tmp_path / "network.html"
    run("map", "-o", str(page))
    open_map(browser, page)
    assert browser.evaluate("window.meetup.contacts.length") == 8
    met = browser.evaluate("window.meetup.contacts.filter(m => m.contact.m).length")
    assert met == 2
    # Two kinds of mark: met filled, not met a ring with a white centre.
    styles = browser.evaluate(
        "[...new Set(window.meetup.contacts.map(m => m.options.fillColor + ' ' + m.options.color))]"
    )
    assert len(styles) == 2
    assert browser.evaluate("document.querySelector('.title h1').textContent") == "My network"
    legend = browser.evaluate("document.querySelector('.legend').textContent")
    assert "met in person" in legend
    assert "not met yet" in legend
    assert "1 without a known place are not shown" in legend
    shot = browser.screenshot(tmp_path / "network.png")
    assert shot.stat().st_size > 20_000  # outlines and marks, not a blank page
    nothing_fetched(browser, page)


@pytest.mark.usefixtures("network")
def test_a_trip_map_draws_the_road_stops_and_a_popup(
    run: Run, browser: Browser, tmp_path: Path
) -> None:
    add_trip(run)
    page = tmp_path / "trip.html"
    run("map", "--trip", "Tennessee", "-o", str(page))
    open_map(browser, page)
    assert browser.evaluate("window.meetup.route.getLatLngs().length") > 20
    # the road drawn is the one driven: Memphis -> Indianapolis by I-57 and I-70 through
    # Effingham, Illinois, some 100 km west of the straight line
    assert browser.evaluate(
        "window.meetup.route.getLatLngs().some("
        "p => Math.abs(p.lat - 39.12) + Math.abs(p.lng + 88.54) < 0.15)"
    )
    attribution = browser.evaluate(
        "document.querySelector('.leaflet-control-attribution').textContent"
    )
    assert "© OpenStreetMap contributors" in attribution
    assert browser.evaluate("window.meetup.corridor !== null")
    labels = browser.evaluate(
        "[...document.querySelectorAll('.leaflet-tooltip.stop')].map(t => t.textContent)"
    )
    assert labels == ["Start: Knoxville", "1 Nashville", "2 Memphis", "3 Indianapolis"]
    numbers = browser.evaluate(
        "[...document.querySelectorAll('.leaflet-tooltip.number')].map(t => t.textContent)"
    )
    assert sorted(int(n) for n in numbers) == list(range(1, len(numbers) + 1))
    # A real click on Jack's mark opens his popup.
    x, y = browser.evaluate(
        "(() => { const m = window.meetup.contacts.find(m => m.contact.n === 'Jack Jackson');"
        " const p = window.meetup.map.latLngToContainerPoint(m.getLatLng());"
        " return [p.x, p.y]; })()"
    )
    browser.click(x, y)
    popup = browser.evaluate("document.querySelector('.leaflet-popup-content')?.textContent")
    assert popup is not None
    assert "Jack Jackson" in popup
    assert "Jackson, Tennessee" in popup
    assert "Not met yet" in popup
    assert "Next chance: Tennessee road trip: Nashville → Memphis" in popup
    browser.screenshot(tmp_path / "trip.png")
    nothing_fetched(browser, page)


@pytest.mark.usefixtures("network")
def test_a_name_that_is_markup_shows_as_text(run: Run, browser: Browser, tmp_path: Path) -> None:
    run("contact", "add", HOSTILE, "--city", "Jackson, TN")
    page = tmp_path / "hostile.html"
    run("map", "--not-met", "-o", str(page), "--title", "<b>x</b>")
    open_map(browser, page)
    assert browser.evaluate("document.querySelector('.title h1').textContent") == "<b>x</b>"
    browser.evaluate(
        "(() => { const m = window.meetup.contacts.find(m => m.contact.n.startsWith('</'));"
        " m.openPopup(); })()"
    )
    popup = browser.evaluate("document.querySelector('.leaflet-popup-content').textContent")
    assert HOSTILE in popup
    assert browser.evaluate("document.querySelectorAll('img, b').length") == 0
    assert browser.evaluate("document.scripts.length") == 4  # the page's own, no more
    nothing_fetched(browser, page)


def test_the_checks_see_a_fetch_when_there_is_one(browser: Browser, tmp_path: Path) -> None:
    """The negative control: an image from the web in our page is refused by its policy (a
    console error), and in a page without the policy it is a request that cannot resolve."""
    data = MapData(title="t", made_on=date(2026, 1, 1), markers=[])
    text = html.render(data)
    fetching = '<img src="https://tiles.example.org/0/0/0.png">'
    with_policy = tmp_path / "policy.html"
    with_policy.write_text(text.replace("<body>", "<body>" + fetching), encoding="utf-8")
    browser.open(with_policy)
    assert any("Content Security Policy" in p for p in browser.problems())
    without = tmp_path / "bare.html"
    without.write_text(f"<!DOCTYPE html><html><body>{fetching}</body></html>", encoding="utf-8")
    browser.events.clear()
    browser.open(without)
    assert "https://tiles.example.org/0/0/0.png" in browser.requests()


def test_ten_thousand_contacts_render_and_pan(browser: Browser, tmp_path: Path) -> None:
    markers = [
        Marker(i, f"Person {i}", 25 + (i % 97) * 0.25, -124 + (i // 97) * 0.55, "Somewhere",
               i % 3 == 0, "2025-01-01" if i % 3 == 0 else None, "", [f"twitter:@p{i}"])
        for i in range(10_000)
    ]  # fmt: skip
    page = tmp_path / "big.html"
    page.write_text(html.render(MapData("Big", date(2026, 1, 1), markers)), encoding="utf-8")
    assert page.stat().st_size < 3_000_000
    open_map(browser, page)
    assert browser.evaluate("window.meetup.contacts.length") == 10_000
    assert browser.evaluate("document.querySelectorAll('.leaflet-marker-icon').length") == 0
    browser.evaluate(
        "new Promise(done => { const map = window.meetup.map;"
        " map.once('moveend', () => done(true)); map.panBy([300, 200], {animate: false}); })"
    )
    browser.evaluate(
        "new Promise(done => { const map = window.meetup.map;"
        " map.once('zoomend', () => done(true)); map.zoomIn(2, {animate: false}); })"
    )
    browser.screenshot(tmp_path / "big.png")
    nothing_fetched(browser, page)
