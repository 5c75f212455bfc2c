"""An invitation to post: a trip's road and dates, and the people along the way by their
handle on one platform (not met yet first), within the platform's length, as a numbered
thread when it does not fit in one post. Nothing is sent anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactView

# The longest post each platform takes, in characters (Bluesky counts graphemes).
LIMITS = {"twitter": 280, "bluesky": 300, "mastodon": 500, "linkedin": 3000}
PLATFORMS = {"x": "twitter", "twitter": "twitter", "bluesky": "bluesky", "mastodon": "mastodon"}
PLATFORMS["linkedin"] = "linkedin"
ASK = "Coffee, or a call while I drive?"


@dataclass
class Announcement:
    """The posts, whom they name, and how many along the way have no handle there."""

    platform: str
    posts: list[str] = field(default_factory=list)
    named: list[ContactView] = field(default_factory=list)
    left_out: int = 0

    def to_json(self) -> dict[str, Any]:
        """As --json gives it."""
        return {
            "platform": self.platform,
            "posts": self.posts,
            "people": [{"id": v.id, "name": v.name, "met": v.met_in_person} for v in self.named],
            "left_out": self.left_out,
        }


def platform_of(text: str) -> str:
    """The platform a --platform value names."""
    found = PLATFORMS.get(text.strip().lower())
    if found is None:
        raise InvalidInput(f"cannot announce on '{text}'", hint="x, mastodon, bluesky or linkedin")
    return found


def _days(start: str, end: str | None) -> str:
    """`8–10 Dec`, `30 Dec – 2 Jan`, `8 Dec`."""
    first = date.fromisoformat(start)
    last = date.fromisoformat(end) if end else first
    if last == first:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {first:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"


def _mention(view: ContactView, platform: str) -> str | None:
    """How a post names someone on the platform: `@ana`, `@ana@hachyderm.io`, `@ana.bsky.social`;
    on LinkedIn (mentions are picked by name), their name."""
    for handle in view.handles:
        if handle.platform != platform:
            continue
        if platform == "linkedin":
            return view.name
        if handle.handle.startswith("did:"):
            continue
        return "@" + handle.handle.lstrip("@")
    return None


def announce(view: TripView, platform: str) -> Announcement:
    """The posts for a planned trip (`planning.plan` filled in whom you could meet)."""
    found = Announcement(platform)
    places = [w.short for w in view.waypoints]
    route = " → ".join(dict.fromkeys(places)) or view.name
    intro = f"On the road {route}, {_days(view.start, view.end)}. {ASK}"
    people = [v for s in view.stops for v in s.near] + list(view.along)
    unique = {v.id: v for v in people}.values()
    ordered = sorted(unique, key=lambda v: v.met_in_person)  # not met yet first, road order kept
    mentions = []
    for person in ordered:
        mention = _mention(person, platform)
        if mention is None:
            found.left_out += 1
            continue
        found.named.append(person)
        mentions.append(mention)
    found.posts = _thread(intro, mentions, LIMITS[platform])
    return found


def _thread(intro: str, mentions: list[str], limit: int) -> list[str]:
    """The intro and the mentions in posts of at most `limit` characters, numbered `(1/3)`
    when there are several (a mention is never cut in two)."""
    marker = len(" (99/99)")
    one = " ".join([intro, *mentions])
    if len(one) <= limit:
        return [one]
    posts: list[list[str]] = [[intro]]
    for mention in mentions:
        current = " ".join(posts[-1])
        if len(current) + 1 + len(mention) + marker > limit:
            posts.append(["More along the way:", mention])
        else:
            posts[-1].append(mention)
    total = len(posts)
    return [f"{' '.join(words)} ({i}/{total})" for i, words in enumerate(posts, 1)]
