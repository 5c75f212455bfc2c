"""Build benchmark databases: N contacts spread over real cities, with handles, tags,
meetings, calls and trips. The schema comes from the program itself (its migrations).

    python benchmarks/generate.py 100000 benchmarks/data/100k.db
"""

from __future__ import annotations

import argparse
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from meetup_tracker.geo.gazetteer import gazetteer, index_path
from meetup_tracker.storage.sqlite import SqliteStore

FIRST = [
    "Ana",
    "Ben",
    "Cara",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Mo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Ravi",
    "Sol",
    "Tess",
    "Uma",
    "Vic",
    "Wen",
    "Yara",
]
LAST = [
    "Ortiz",
    "Li",
    "Diaz",
    "Patel",
    "Kim",
    "Novak",
    "Reyes",
    "Shah",
    "Bell",
    "Grant",
    "Rossi",
    "Carter",
    "Brooks",
    "Gomez",
    "Fischer",
    "Menon",
    "Okafor",
    "Liu",
    "Becker",
]
TAGS = ["conference", "devrel", "marketing", "podcast", "newsletter", "design", "opensource"]


def cities(count: int = 3000) -> list[tuple[str, float, float]]:
    """The most populous places of the gazetteer, US ones weighted in (the demo's home)."""
    gazetteer()  # builds the place index if need be
    conn = sqlite3.connect(index_path())
    rows = conn.execute(
        "SELECT name, region, country_name, lat, lon FROM place"
        " ORDER BY (country = 'US') DESC, population DESC LIMIT ?",
        (count,),
    ).fetchall()
    found = []
    for name, region, country, lat, lon in rows:
        display = f"{name}, {region}, US" if region else f"{name}, {country}"
        found.append((display, lat, lon))
    return found


def generate(count: int, path: Path, seed: int = 7) -> None:
    """Write a database of `count` contacts at `path` (replacing it)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    SqliteStore(path).prepare()  # creates the file and its schema through the migrations
    rng = random.Random(seed)
    places = cities()
    today = date.today()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    contacts, handles, tags = [], [], []
    for i in range(1, count + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        city, lat, lon = places[min(int(rng.expovariate(1 / 300)), len(places) - 1)]
        since = (today - timedelta(days=rng.randint(1, 3000))).isoformat()
        stamp = "2026-01-01 00:00:00"
        contacts.append(
            (
                i,
                name,
                name.lower(),
                city,
                lat + rng.uniform(-0.1, 0.1),
                lon + rng.uniform(-0.1, 0.1),
                None,
                since,
                stamp,
                stamp,
            )
        )
        handles.append((i, "twitter", f"user{i}", f"user{i}"))
        if i % 3 == 0:
            handles.append((i, "mastodon", f"user{i}@example.social", f"user{i}@example.social"))
        tag = rng.choice(TAGS)
        tags.append((i, tag, tag))
    conn.executemany(
        "INSERT INTO contact (id, name, name_key, city, lat, lon, note, since, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contacts,
    )
    conn.executemany(
        "INSERT INTO handle (contact_id, platform, handle, key) VALUES (?, ?, ?, ?)", handles
    )
    conn.executemany("INSERT OR IGNORE INTO tag (contact_id, tag, key) VALUES (?, ?, ?)", tags)
    interactions, attendees = [], []
    for n in range(1, count // 3 + 1):
        kind = rng.choice(["in-person", "call", "video", "message"])
        day = (today - timedelta(days=rng.randint(0, 900))).isoformat()
        interactions.append((n, kind, day, "2026-01-01 00:00:00"))
        for contact_id in {rng.randint(1, count) for _ in range(rng.choice([1, 1, 1, 2, 5]))}:
            attendees.append((n, contact_id))
    conn.executemany(
        "INSERT INTO interaction (id, kind, happened_on, created_at) VALUES (?, ?, ?, ?)",
        interactions,
    )
    conn.executemany("INSERT INTO attendee (interaction_id, contact_id) VALUES (?, ?)", attendees)
    conn.execute(
        "INSERT INTO config (key, value) VALUES ('home',"
        ' \'{"name": "Knoxville, Tennessee, US", "lat": 35.96064, "lon": -83.92074}\')'
    )
    start = today + timedelta(days=20)
    conn.execute(
        "INSERT INTO trip (id, name, name_key, starts_on, ends_on, origin, origin_lat,"
        " origin_lon, created_at) VALUES (1, 'Tennessee road trip', 'tennessee road trip', ?, ?,"
        " 'Knoxville, Tennessee, US', 35.96064, -83.92074, '2026-01-01 00:00:00')",
        (start.isoformat(), (start + timedelta(days=6)).isoformat()),
    )
    stops = [
        (1, 1, "Nashville, Tennessee, US", 36.16589, -86.78444),
        (1, 2, "Memphis, Tennessee, US", 35.14953, -90.04898),
        (1, 3, "Indianapolis, Indiana, US", 39.76838, -86.15804),
    ]
    conn.executemany(
        "INSERT INTO stop (trip_id, position, place, lat, lon) VALUES (?, ?, ?, ?, ?)", stops
    )
    conn.commit()
    conn.execute("PRAGMA optimize")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    generate(args.count, args.path)


if __name__ == "__main__":
    main()
