"""What Tab completes after a command: contacts' names and handles, trips' names, places (your
contacts' cities first, then the gazetteer's, most populous first). Each costs one small
read: the database opened read-only as a reading command does, the place index only if it is
already built (Tab never waits for it). A completion never prints an error: it offers
nothing instead."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

LIMIT = 50


@contextmanager
def _database(ctx: typer.Context) -> Iterator[Sql | None]:
    """The database the command line names (--db, else the environment, else the default),
    or None when it does not exist yet."""
    from pathlib import Path

    from meetup_tracker.paths import db_location
    from meetup_tracker.storage import open_store
    from meetup_tracker.storage.postgres import is_url

    location = db_location(ctx.find_root().params.get("db"))
    if not is_url(str(location)) and not Path(location).expanduser().is_file():
        yield None
        return
    with open_store(location).reading() as conn:
        yield conn


def _quietly(find: Callable[[typer.Context, str], list[str]]) -> Callable[..., list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            return find(ctx, incomplete)[:LIMIT]
        except Exception:
            return []

    return complete


def _contacts(ctx: typer.Context, incomplete: str) -> list[str]:
    from meetup_tracker.handles import fold

    with _database(ctx) as conn:
        if conn is None:
            return []
        if incomplete.startswith("@"):
            key = fold(incomplete[1:])
            rows = conn.execute(
                "SELECT DISTINCT handle FROM handle WHERE key >= :low AND key < :high"
                " AND platform NOT IN ('email', 'website', 'phone') ORDER BY handle LIMIT 50",
                {"low": key, "high": key + "\U0010ffff"},
            )
            return ["@" + str(h).lstrip("@") for (h,) in rows]
        key = fold(" ".join(incomplete.split()))
        rows = conn.execute(
            "SELECT name FROM contact WHERE name_key >= :low AND name_key < :high"
            " ORDER BY name_key, id LIMIT 50",
            {"low": key, "high": key + "\U0010ffff"},
        )
        return list(dict.fromkeys(str(n) for (n,) in rows))


def _trips(ctx: typer.Context, incomplete: str) -> list[str]:
    from meetup_tracker.text import trip_key

    key = trip_key(incomplete)
    with _database(ctx) as conn:
        if conn is None:
            return []
        rows = conn.execute(
            "SELECT name FROM trip WHERE name_key >= :low AND name_key < :high"
            " ORDER BY starts_on DESC LIMIT 50",
            {"low": key, "high": key + "\U0010ffff"},
        )
        return [str(n) for (n,) in rows]


def _places(ctx: typer.Context, incomplete: str) -> list[str]:
    from meetup_tracker.geo.gazetteer import index_path
    from meetup_tracker.geo.phrases import place_key

    key = place_key(incomplete)
    found: list[str] = []
    with _database(ctx) as conn:
        if conn is not None:  # your contacts' cities first
            cities = conn.execute("SELECT DISTINCT city FROM contact WHERE city IS NOT NULL")
            found += sorted(str(c) for (c,) in cities if place_key(str(c)).startswith(key))
    path = index_path()
    if path.exists() and key:
        from meetup_tracker.geo.index import PlaceIndex

        index = PlaceIndex(path)
        try:
            found += [p.display for p in index.places_starting(key, LIMIT)]
        finally:
            index.close()
    return list(dict.fromkeys(found))


contacts = _quietly(_contacts)
trips = _quietly(_trips)
places = _quietly(_places)
