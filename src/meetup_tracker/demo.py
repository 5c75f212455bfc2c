"""The sample network behind `meetup demo`: fictional people across US cities.

Dates are relative to today, so the reports always have something to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from meetup_tracker.dates import today
from meetup_tracker.errors import Conflict

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


@dataclass(frozen=True)
class Person:
    """A sample contact."""

    name: str
    city: str
    handles: tuple[str, ...]
    tags: tuple[str, ...]
    known_days: int
    note: str | None = None


@dataclass(frozen=True)
class Moment:
    """A sample interaction."""

    kind: str
    days_ago: int
    people: tuple[str, ...]
    place: str | None = None
    event: str | None = None
    note: str | None = None


PEOPLE = (
    Person(
        "Maya Patel",
        "Nashville, TN",
        ("twitter:@mayabuilds", "linkedin:maya-patel-demo"),
        ("devrel", "podcast"),
        1100,
        "Runs the Build in Public podcast",
    ),
    Person(
        "Jordan Reyes",
        "Memphis, TN",
        ("twitter:@jreyes_codes", "mastodon:@jordan@hachyderm.io"),
        ("conference",),
        900,
    ),
    Person(
        "Priya Shah",
        "Knoxville, TN",
        ("linkedin:priya-shah-demo", "bluesky:priya-shah.bsky.social"),
        ("marketing",),
        800,
        "Wrote the thread on community-led growth",
    ),
    Person("Sam Okafor", "Jackson, TN", ("twitter:@samokafor",), ("marketing", "newsletter"), 760),
    Person("Lena Fischer", "Indianapolis, IN", ("mastodon:@lena@fosstodon.org",), ("devrel",), 700),
    Person(
        "Marcus Bell",
        "Louisville, KY",
        ("linkedin:marcus-bell-demo", "email:marcus@example.com"),
        ("podcast",),
        650,
    ),
    Person(
        "Hannah Kim",
        "Atlanta, GA",
        ("bluesky:hannahkim.bsky.social", "instagram:@hannah.kim.demo"),
        ("design",),
        600,
    ),
    Person(
        "Diego Alvarez",
        "Austin, TX",
        ("twitter:@diegoalvarez", "github:diego-alvarez-demo"),
        ("conference", "opensource"),
        560,
    ),
    Person("Grace Liu", "Chicago, IL", ("linkedin:grace-liu-demo",), ("marketing",), 500),
    Person("Tom Becker", "Portland, OR", ("mastodon:@tom@mastodon.social",), ("opensource",), 450),
    Person("Aisha Mohammed", "Nashville, TN", ("twitter:@aisha_writes",), ("newsletter",), 400),
    Person("Chris Novak", "St. Louis, MO", ("github:cnovak-demo",), ("opensource",), 350),
    Person(
        "Olivia Grant", "Denver, CO", ("website:https://oliviagrant.example.com",), ("design",), 300
    ),
    Person("Ravi Menon", "Seattle, WA", ("linkedin:ravi-menon-demo",), ("devrel",), 250),
    Person(
        "Elena Rossi",
        "Bowling Green, KY",
        ("twitter:@elenarossi",),
        ("podcast",),
        200,
        "Guest on Maya's podcast",
    ),
    Person(
        "Lucia Gomez",
        "Cookeville, TN",
        ("twitter:@luciagomez_mkt",),
        ("marketing", "newsletter"),
        330,
        "Writes the Upper Cumberland marketing newsletter",
    ),
    Person("Noah Brooks", "Evansville, IN", ("mastodon:@noah@fosstodon.org",), ("devrel",), 150),
    Person(
        "Ben Carter", "Murfreesboro, TN", ("bluesky:bencarter.bsky.social",), ("marketing",), 90
    ),
)

MOMENTS = (
    Moment(
        "in-person",
        40,
        ("Maya Patel", "Aisha Mohammed", "Sam Okafor"),
        "Nashville, TN",
        "Nashville Marketing Meetup",
        "First time meeting all three",
    ),
    Moment("in-person", 400, ("Jordan Reyes",), "Memphis, TN", None, "Lunch on Beale Street"),
    Moment("in-person", 250, ("Diego Alvarez",), "Austin, TX", "Open Source Summit"),
    Moment("call", 20, ("Priya Shah",), note="Talked about a joint webinar"),
    Moment("video", 200, ("Lena Fischer",), note="Podcast prep"),
    Moment("message", 10, ("Hannah Kim",), note="Shared a design system"),
    Moment("call", 5, ("Marcus Bell",), note="He may be in Nashville next month"),
    Moment("call", 45, ("Maya Patel",), note="Planned the meetup"),
)


HOME = "Knoxville, TN"
TRIP = "Tennessee road trip"
# (place, arrive, leave) in days from today: Knoxville → Nashville → Memphis → Indianapolis.
TRIP_STOPS = (("Nashville, TN", 13, 14), ("Memphis, TN", 15, 15), ("Indianapolis, IN", 17, 17))
TRIP_DAYS = (12, 18)


def load_demo(*, conn: Sql) -> str:
    """Fill an empty database with the sample network; returns a short summary."""
    from meetup_tracker.services.contacts import add_contact
    from meetup_tracker.services.interactions import record_interaction
    from meetup_tracker.services.places import locate

    if conn.execute("SELECT count(*) FROM contact").fetchone()[0]:
        raise Conflict(
            "the demo needs an empty database", hint="leave out --db to use a throwaway one"
        )
    now = today()
    contacts = {
        p.name: add_contact(
            conn=conn,
            name=p.name,
            location=locate(p.city),
            handles=p.handles,
            tags=p.tags,
            note=p.note,
            since=now - timedelta(days=p.known_days),
        )
        for p in PEOPLE
    }
    for m in MOMENTS:
        record_interaction(
            conn=conn,
            contact_ids=[contacts[name] for name in m.people],
            kind=m.kind,
            on=now - timedelta(days=m.days_ago),
            location=locate(m.place) if m.place else None,
            event=m.event,
            note=m.note,
        )
    _plan_trip(conn, now)
    return f"{len(PEOPLE)} contacts, {len(MOMENTS)} interactions, 1 trip"


def _plan_trip(conn: Sql, now: date) -> None:
    from meetup_tracker.services import config
    from meetup_tracker.services.places import waypoint
    from meetup_tracker.services.trips import StopSpec, add_trip

    home = config.set_home(conn=conn, place=waypoint(HOME)[0])
    stops = [
        (waypoint(place)[0], StopSpec(place, now + timedelta(days=a), now + timedelta(days=b)))
        for place, a, b in TRIP_STOPS
    ]
    add_trip(
        conn=conn,
        name=TRIP,
        start=now + timedelta(days=TRIP_DAYS[0]),
        end=now + timedelta(days=TRIP_DAYS[1]),
        origin=home,
        stops=stops,
        note="Driving to the conference in Indianapolis",
    )
