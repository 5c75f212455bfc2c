"""`make bench`: time meetup-tracker as whole processes against baselines measured in the same
run, and print a table of medians and ratios (Markdown, for the README's Performance section).

Baselines: Python start-up, importing typer (and its option machinery), importing the runtime
dependencies, khard listing the same contacts from vCards, and `sqlite-utils insert --csv` loading
the same LinkedIn rows. Databases of 1,000, 10,000 and 100,000 contacts spread over real cities
are generated once into benchmarks/data/.

    python benchmarks/run.py [--runs 7] [--quick]
"""

from __future__ import annotations

import argparse
import base64
import csv
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BIN = Path(sys.executable).parent
MEETUP = [str(BIN / "meetup")]
PYTHON = [sys.executable]
SIZES = (1_000, 10_000, 100_000)
ROUTE = ["route", "Knoxville", "Nashville", "Memphis", "Indianapolis"]
# Every command that only reads, as a person types it.
DB_COMMANDS = {
    "contact list": ["contact", "list"],
    "contact show": ["contact", "show", "#500"],
    "unmet": ["unmet"],
    "unmet --limit 100": ["unmet", "--limit", "100"],
    "stale --limit 100": ["stale", "--limit", "100"],
    "stats": ["stats"],
    "meetings --limit 100": ["meetings", "--limit", "100"],
    "near Nashville": ["near", "Nashville"],
    "route (3 legs)": ROUTE,
    "route --straight (3 legs)": [*ROUTE, "--straight"],
    "trip list": ["trip", "list"],
    "trip show": ["trip", "show", "#1"],
    "upcoming": ["upcoming"],
    "todo": ["todo"],
    "due": ["due"],
    "overlaps": ["overlaps"],
    "agenda": ["agenda"],
    "export csv": ["export", "csv"],
}
# Those that must not grow with the network (a page, a place, a count), against 1k contacts.
FLAT = ("contact show", "unmet --limit 100", "stats", "near Nashville", "route (3 legs)")
# Writing commands: each run adds a little to a copy of the database.
WRITES = {
    "contact add": ["contact", "add", "Bench Person", "--city", "Nashville"],
    "met": ["met", "#500", "--on", "2026-01-05", "--at", "Nashville", "--yes"],
    "log": ["log", "#500", "--kind", "call", "--on", "2026-01-06"],
}


Row = tuple[str, float, float | None, str, str]  # name, ms, ratio, baseline, target


@dataclass
class Timing:
    """Median wall time and peak memory of a command over several runs."""

    ms: float
    peak_mb: float


def measure(
    command: list[str],
    runs: int,
    *,
    before: object = None,
    env: dict[str, str] | None = None,
    warm: bool = True,
) -> Timing:
    """Run a command `runs` times (output to /dev/null), after one warm-up run (unless the
    first run is what is measured, as building a cache is)."""
    times, peak = [], 0.0
    for attempt in range(runs + 1 if warm else runs):
        if callable(before):
            before()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"benchmark command failed: {' '.join(command)}")
        if attempt or not warm:  # the first run warms the file cache
            times.append(elapsed)
            peak = max(peak, usage.ru_maxrss / 1024)
    return Timing(statistics.median(times) * 1000, peak)


def measure_beside(
    command: list[str],
    baseline: list[str],
    runs: int,
    *,
    before: object = None,
    before_baseline: object = None,
    env: dict[str, str] | None = None,
) -> tuple[Timing, Timing]:
    """A command and its baseline run turn about, `runs` times each: on a shared machine, a
    slow minute then slows both, and their ratio holds."""
    mine, theirs = [], []
    for _ in range(runs):
        theirs.append(measure(baseline, 1, before=before_baseline, env=env, warm=False))
        mine.append(measure(command, 1, before=before, env=env, warm=False))
    return (
        Timing(statistics.median(t.ms for t in mine), max(t.peak_mb for t in mine)),
        Timing(statistics.median(t.ms for t in theirs), max(t.peak_mb for t in theirs)),
    )


def database(size: int) -> Path:
    """A generated database of `size` contacts (made once, then reused)."""
    path = DATA / f"contacts-{size}.db"
    if not path.exists():
        print(f"generating {size:,} contacts ...", file=sys.stderr)
        subprocess.run([*PYTHON, str(HERE / "generate.py"), str(size), str(path)], check=True)
    return path


def khard_folder(size: int) -> tuple[Path, Path]:
    """The same contacts as one vCard file each, and a khard config that reads them."""
    folder = DATA / f"vcards-{size}"
    config = DATA / f"khard-{size}.conf"
    if not folder.exists():
        text = subprocess.run(
            [*MEETUP, "--db", str(database(size)), "export", "vcard"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        folder.mkdir(parents=True)
        for index, card in enumerate(c for c in text.split("END:VCARD\r\n") if c.strip()):
            (folder / f"{index}.vcf").write_text(card + "END:VCARD\r\n", newline="")
    config.write_text(
        "[addressbooks]\n[[bench]]\npath = " + str(folder) + "/\n\n"
        "[general]\ndebug = no\ndefault_action = list\neditor = vim\nmerge_editor = vimdiff\n\n"
        "[contact table]\ndisplay = first_name\ngroup_by_addressbook = no\nreverse = no\n"
        "show_nicknames = no\nshow_uids = yes\nsort = last_name\nlocalize_dates = yes\n"
        "preferred_phone_number_type = pref, cell, home\n"
        "preferred_email_address_type = pref, work, home\n\n"
        "[vcard]\nprivate_objects = Jabber,\npreferred_version = 3.0\n"
        "search_in_source_files = no\nskip_unparsable = no\n"
    )
    return folder, config


def linkedin_file(rows: int, *, shared: bool = False) -> tuple[Path, Path]:
    """A Connections.csv as LinkedIn writes it, and the same rows without the preamble; with
    `shared`, eighty names for all the rows (hundreds of people share each), as in a network
    of common names."""
    suffix = "-shared" if shared else ""
    path = DATA / f"Connections-{rows}{suffix}.csv"
    plain = DATA / f"connections-{rows}{suffix}-plain.csv"
    if path.exists() and plain.exists():
        return path, plain
    rng = random.Random(3)
    first = ["Ana", "Ben", "Cara", "Dev", "José", "Zoë", "雷", "Priya", "Sam", "Lena"]
    last = ["Ortiz", "Li", "Núñez", "Patel", "Kim", "Shah", "Okafor", "Fischer"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    records = []
    for i in range(rows):
        given, family = rng.choice(first), rng.choice(last) + ("" if shared else str(i))
        records.append(
            [
                given,
                family,
                f"https://www.linkedin.com/in/{given.lower()}-{family.lower()}-{i}",
                "" if i % 10 else f"person{i}@example.com",
                rng.choice(["Acme", "Globex, Inc.", "Initech"]),
                rng.choice(["Head of Community", "Developer Advocate", "Founder"]),
                f"{rng.randint(1, 28):02d} {rng.choice(months)} {rng.randint(2008, 2026)}",
            ]
        )
    DATA.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(
            'Notes:\r\n"When exporting your connection data, you may notice that some of'
            ' the email addresses are missing."\r\n\r\n'
        )
        csv.writer(handle).writerows([header, *records])
    with plain.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *records])
    return path, plain


LOOKUPS = """
import statistics, sys, time
from pathlib import Path
from meetup_tracker.errors import MeetupError
from meetup_tracker.geo.gazetteer import gazetteer
corpus = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
texts = [line.split("\t")[0] for line in corpus if line.strip() and not line.startswith("#")]
index = gazetteer()
times = []
for text in texts:
    start = time.perf_counter()
    try:
        index.resolve(text)
    except MeetupError:
        pass
    times.append(time.perf_counter() - start)
# The first look-up opens the index; the rest are what a command pays for its places.
print(f"{statistics.median(times) * 1000:.2f} {max(times[1:]) * 1000:.2f} {len(texts)}")
"""


def places(rows: list[Row], runs: int, env: dict[str, str], row: object) -> None:
    """The place index: building it (time and peak memory, in a fresh cache folder), one
    look-up inside a process, and a whole `place search` against `meetup --version`."""
    fresh = DATA / "cache-build"
    shutil.rmtree(fresh, ignore_errors=True)
    build_env = {**env, "MEETUP_TRACKER_CACHE_DIR": str(fresh)}
    build = measure([*MEETUP, "place", "search", "Nashville"], 1, env=build_env, warm=False)
    shutil.rmtree(fresh, ignore_errors=True)
    print(
        f"place index build: {build.ms / 1000:.1f} s, peak {build.peak_mb:.0f} MB"
        " (targets: ≤ 15 s, ≤ 250 MB)"
    )
    rows.append(("place index build (once)", build.ms, None, "", "≤ 15 s, ≤ 250 MB"))
    corpus = HERE.parent / "tests" / "fixtures" / "places" / "locations.tsv"
    out = subprocess.run(
        [*PYTHON, "-c", LOOKUPS, str(corpus)], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    median, worst, count = float(out[0]), float(out[1]), int(out[2])
    print(f"place look-up: median {median:.2f} ms, slowest {worst:.1f} ms of {count} texts")
    rows.append((f"one place look-up (median of {count})", median, None, "", "≤ 30 ms"))
    version = measure([*MEETUP, "--version"], runs, env=env)
    search = measure([*MEETUP, "place", "search", "Greater Nashville Area"], runs, env=env)
    row("meetup place search 'Greater Nashville Area'", search, version, "--version")  # type: ignore[operator]


ROAD_TIMES = """
import sys, time
start = time.perf_counter()
from meetup_tracker.geo.roads import network
net = network()
loaded = time.perf_counter()
from meetup_tracker.geo.road_route import RoadRoute
places = [(35.9606, -83.9207), (36.1659, -86.7844), (35.1495, -90.049), (39.7684, -86.158)]
route = RoadRoute(places)
routed = time.perf_counter()
print(f"{(loaded - start) * 1000:.1f} {(routed - loaded) * 1000:.1f}")
"""


def roads(rows: list[Row], env: dict[str, str]) -> None:
    """The road network: the first route after install (inflating it into a fresh cache
    folder), then, in a process, loading the cached network and routing the bench's three
    legs, reported apart."""
    fresh = DATA / "cache-roads"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(DATA / "cache", fresh, ignore=shutil.ignore_patterns("roads-*"))
    first_env = {**env, "MEETUP_TRACKER_CACHE_DIR": str(fresh)}
    first = measure([*MEETUP, "--db", str(database(1_000)), *ROUTE], 1, env=first_env, warm=False)
    shutil.rmtree(fresh, ignore_errors=True)
    rows.append(
        (
            f"first route after install (peak {first.peak_mb:.0f} MB)",
            first.ms,
            None,
            "",
            "≤ 15 s, ≤ 300 MB",
        )
    )
    loads, routes = [], []
    for _ in range(5):
        out = subprocess.run(
            [*PYTHON, "-c", ROAD_TIMES], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        loads.append(float(out[0]))
        routes.append(float(out[1]))
    rows.append(
        ("road network load (cached, mapped)", statistics.median(loads), None, "", "≤ 100 ms")
    )
    rows.append(("routing the 3 legs (A*, in process)", statistics.median(routes), None, "", ""))


def photo_vcard(megabytes: int) -> Path:
    """One vCard 3.0 card carrying a photo of about `megabytes` MB, folded as phones write it."""
    path = DATA / f"photo-{megabytes}mb.vcf"
    if not path.exists():
        encoded = base64.b64encode(random.Random(5).randbytes(megabytes * 750_000)).decode()
        folded = "\r\n ".join(encoded[i : i + 74] for i in range(0, len(encoded), 74))
        path.write_text(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\nN:Person;Photo;;;\r\n"
            f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n",
            newline="",
        )
    return path


def twitter_archive(people: int) -> Path:
    """A Twitter/X archive folder whose tweets each reply to another account: `people` of them."""
    import json

    folder = DATA / f"twitter-{people}"
    tweets = folder / "data" / "tweets.js"
    if tweets.exists():
        return folder
    tweets.parent.mkdir(parents=True, exist_ok=True)
    (folder / "data" / "account.js").write_text(
        'window.YTD.account.part0 = [{"account": {"username": "me", "accountId": "7"}}]'
    )
    with tweets.open("w") as file:
        file.write("window.YTD.tweets.part0 = [\n")
        for i in range(people):
            name = f"Person{i}"
            item = {
                "tweet": {
                    "id_str": str(10**17 + i),
                    "created_at": f"Wed Oct {1 + i % 28:02d} 20:19:24 +0000 20{10 + i % 14}",
                    "full_text": f"@{name} thanks!",
                    "in_reply_to_user_id_str": str(10**9 + i),
                    "in_reply_to_screen_name": name,
                    "entities": {
                        "user_mentions": [
                            {"id_str": str(10**9 + i), "screen_name": name, "name": f"Person {i}"}
                        ]
                    },
                }
            }
            file.write(("" if i == 0 else ",\n") + json.dumps(item))
        file.write("\n]")
    return folder


def far_away(count: int) -> Path:
    """The 1k network plus `count` contacts in Europe, far from every road the bench drives:
    the same answer to `route` and `near` on a database a hundred times the size."""
    path = DATA / f"far-{count}.db"
    if not path.exists():
        shutil.copy(database(1_000), path)
        conn = sqlite3.connect(path)
        rng = random.Random(7)
        rows = [
            (
                n,
                f"Far Person {n}",
                f"far person {n}",
                "Europe",
                rng.uniform(40.0, 55.0),
                rng.uniform(-5.0, 25.0),
                "2026-01-01 00:00:00",
            )
            for n in range(10_001, 10_001 + count)
        ]
        conn.executemany(
            "INSERT INTO contact (id, name, name_key, city, lat, lon, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?7)",
            rows,
        )
        conn.commit()
        conn.close()
    return path


def many_trips(count: int) -> Path:
    """A database of 1k contacts and `count` trips of three stops each."""
    path = DATA / f"trips-{count}.db"
    if not path.exists():
        shutil.copy(database(1_000), path)
        conn = sqlite3.connect(path)
        conn.executemany(
            "INSERT INTO trip (id, name, name_key, starts_on, ends_on, origin, origin_lat,"
            " origin_lon, created_at) VALUES (?, ?, ?, '2027-03-01', '2027-03-05',"
            " 'Knoxville, Tennessee, US', 35.96, -83.92, '2026-01-01 00:00:00')",
            [(n, f"Trip {n}", f"trip {n}") for n in range(2, count + 2)],
        )
        conn.executemany(
            "INSERT INTO stop (trip_id, position, place, lat, lon) VALUES (?, ?, ?, ?, ?)",
            [
                (n, p, place, lat, lon)
                for n in range(2, count + 2)
                for p, (place, lat, lon) in enumerate(
                    [
                        ("Nashville", 36.17, -86.78),
                        ("Memphis", 35.15, -90.05),
                        ("Austin", 30.3, -97.7),
                    ],
                    start=1,
                )
            ],
        )
        conn.commit()
        conn.close()
    return path


def maps(rows: list[Row], runs: int, env: dict[str, str], startup: Timing) -> None:
    """`meetup map`: the HTML page of 10,000 contacts and the SVG of a trip, by how long they
    take beyond start-up (`meetup --version`) and how large the page is."""
    db = database(10_000)
    cases = [
        ("map -o HTML, 10k contacts", ["map", "-o", str(DATA / "map.html")], 1000, "map.html"),
        ("map --trip -o SVG, 10k contacts", ["map", "--trip", "#1", "-o", str(DATA / "trip.svg")],
         500, "trip.svg"),
    ]  # fmt: skip
    for name, command, budget, written in cases:
        t = measure([*MEETUP, "--db", str(db), *command], runs, env=env)
        beyond = t.ms - startup.ms
        size = (DATA / written).stat().st_size / 1e6
        label = f"{name} (+{beyond:.0f} ms beyond start-up; {size:.1f} MB)"
        target = f"≤ +{budget} ms" + ("; < 3 MB" if written.endswith(".html") else "")
        rows.append((label, t.ms, None, "", target))
        print(f"{label}: {t.ms:.0f} ms", file=sys.stderr)


def postgres(
    rows: list[Row],
    runs: int,
    env: dict[str, str],
    timings: dict[tuple[str, int], Timing],
    linkedin: Path,
    sqlite_import: Timing,
) -> None:
    """The team engine: a throw-away PostgreSQL (tests/pgserver.py, or $MEETUP_BENCH_PG_URL),
    the 100k network restored into it from its JSON export, and the same commands timed
    against their SQLite medians of this run."""

    sys.path.insert(0, str(HERE.parent))
    from tests import pgserver

    given = os.environ.get("MEETUP_BENCH_PG_URL")
    server = None
    if given:
        admin = given
    else:
        if pgserver.find_bin_dir() is None:
            print("no PostgreSQL server binaries: PostgreSQL not measured", file=sys.stderr)
            return
        base = Path(tempfile.mkdtemp(prefix="meetup-bench-pg-"))
        server = pgserver.start(base)
        admin = server.url("postgres")
    names = iter(range(10_000))

    def fresh_database() -> str:
        return pgserver.create_database(admin, f"bench_{os.getpid()}_{next(names)}")

    try:
        big = fresh_database()
        backup = DATA / "contacts-100000.json"
        if not backup.exists():
            with backup.open("wb") as out:
                subprocess.run(
                    [*MEETUP, "--db", str(database(100_000)), "export", "json"],
                    stdout=out, env=env, check=True,
                )  # fmt: skip
        start = time.perf_counter()
        subprocess.run(
            [*MEETUP, "--db", big, "import", str(backup)], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        print(f"restored 100k contacts into PostgreSQL in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)  # fmt: skip
        for name in ("unmet --limit 100", "route (3 legs)", "contact show"):
            t = measure([*MEETUP, "--db", big, *DB_COMMANDS[name]], runs, env=env)
            base = timings[(name, 100_000)]
            rows.append((f"PostgreSQL: {name}, 100k contacts", t.ms, t.ms / base.ms, "SQLite",
                         ""))  # fmt: skip
            print(
                f"PostgreSQL {name}: {t.ms:.0f} ms, {t.ms / base.ms:.2f}x SQLite", file=sys.stderr
            )
        times = []
        for _ in range(max(3, runs // 2)):
            target = fresh_database()
            subprocess.run(
                [*MEETUP, "--db", target, "db", "check"], env=env, check=True, capture_output=True
            )  # the schema, made before the clock starts
            start = time.perf_counter()
            subprocess.run(
                [*MEETUP, "--db", target, "import", str(linkedin)], env=env, check=True,
                capture_output=True,
            )  # fmt: skip
            times.append((time.perf_counter() - start) * 1000)
        ms = statistics.median(times)
        label = "PostgreSQL: import linkedin, 30k rows"
        rows.append((label, ms, ms / sqlite_import.ms, "SQLite", ""))
        print(f"PostgreSQL import: {ms:.0f} ms", file=sys.stderr)
    finally:
        if server is not None:
            server.stop()


def memory(rows: list[Row], env: dict[str, str], template: Path) -> None:
    """Peak memory where input or output is large (one run each; the target is < 200 MB)."""
    target = DATA / "memory.db"

    def fresh() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(template, target)

    # Made in a child process: a child's peak memory counts its parent's size at fork, so
    # this process must stay small while it measures.
    make = (
        "import run; run.linkedin_file(400_000); run.photo_vcard(9); run.many_trips(30_000);"
        " run.twitter_archive(300_000)"
    )
    subprocess.run([*PYTHON, "-c", make], cwd=HERE, check=True)
    big = DATA / "Connections-400000.csv"
    checks = [
        ("import a vCard with a 9 MB photo", ["import", str(photo_vcard(9))], fresh, target),
        (
            f"import LinkedIn, 400k rows ({big.stat().st_size // 2**20} MB)",
            ["import", str(big)],
            fresh,
            target,
        ),
        (
            "import a Twitter/X archive naming 300k people",
            ["import", "twitter", str(twitter_archive(300_000))],
            fresh,
            target,
        ),
        ("export ics, 30k trips", ["export", "ics"], None, many_trips(30_000)),
    ]
    for name, command, before, db in checks:
        t = measure([*MEETUP, "--db", str(db), *command], 1, before=before, env=env, warm=False)
        print(
            f"{name}: {t.ms / 1000:.1f} s, peak {t.peak_mb:.0f} MB (target < 200 MB)",
            file=sys.stderr,
        )
        rows.append((f"{name}: peak {t.peak_mb:.0f} MB", t.ms, None, "", "peak < 200 MB"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 7)))
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, 3 runs")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    sizes = SIZES[:2] if args.quick else SIZES
    DATA.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MEETUP_TRACKER_CACHE_DIR": str(DATA / "cache")}
    # As installed for a user: modules compiled once (the warm-up run writes the .pyc files).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # The place index is built once, outside the timings.
    subprocess.run(
        [*MEETUP, "place", "search", "Nashville"], env=env, capture_output=True, check=True
    )
    rows: list[Row] = []

    def row(name: str, t: Timing, base: Timing | None, base_name: str, target: str = "") -> None:
        ratio = t.ms / base.ms if base else None
        rows.append((name, t.ms, ratio, f"{base_name}" if base else "", target))
        print(
            f"{name}: {t.ms:.0f} ms ({t.peak_mb:.0f} MB)"
            + (f", {ratio:.2f}x {base_name}" if ratio else ""),
            file=sys.stderr,
        )

    places(rows, runs, env, row)
    python = measure([*PYTHON, "-c", "pass"], runs)
    typer = measure([*PYTHON, "-c", "import typer"], runs)
    adapters = measure([*PYTHON, "-c", "import typer._adapters"], runs)
    deps = measure([*PYTHON, "-c", "import typer, rich, sqlmodel"], runs)
    row("python -c pass", python, None, "")
    row("import typer", typer, None, "")
    row("import typer._adapters (typer's option parsing, pydantic)", adapters, typer, "typer")
    row("import typer, rich, sqlmodel", deps, None, "")
    startup = typer
    for args_ in (["--help"], ["--version"], ["contact", "add", "--help"]):
        t = measure([*MEETUP, *args_], runs, env=env)
        row(f"meetup {' '.join(args_)}", t, typer, "typer", "≤ 1.3x typer")
        if args_ == ["--version"]:
            startup = t
    timings: dict[tuple[str, int], Timing] = {}
    for size in sizes:
        db = database(size)
        for name, command in DB_COMMANDS.items():
            t = measure([*MEETUP, "--db", str(db), *command], runs, env=env)
            timings[(name, size)] = t
            if size == 1_000:
                goal = "≤ 0.6x deps" if name == "route (3 legs)" else "≤ 0.5x deps"
                row(f"{name}, 1k contacts", t, deps, "deps", goal)
            else:
                target = "≤ 1.5x 1k" if size == 100_000 and name in FLAT else ""
                row(f"{name}, {size // 1000}k contacts", t, timings[(name, 1_000)], "1k", target)
    roads(rows, env)
    if 100_000 in sizes:
        same = measure([*MEETUP, "--db", str(far_away(99_000)), *ROUTE], runs, env=env)
        row(
            "route (3 legs), 100k contacts, the same answer as at 1k",
            same,
            timings[("route (3 legs)", 1_000)],
            "1k",
            "≤ 1.5x 1k",
        )
    maps(rows, runs, env, startup)
    for size in (1_000, sizes[-1]):
        copy = DATA / f"writes-{size}.db"
        shutil.copy(database(size), copy)
        for name, command in WRITES.items():
            measure([*MEETUP, "--db", str(copy), *command], 1, env=env, warm=False)  # warm-up
            t, base = measure_beside(
                [*MEETUP, "--db", str(copy), *command],
                [*PYTHON, "-c", "import typer, rich, sqlmodel"],
                runs,
                env=env,
            )
            row(f"{name}, {size // 1000}k contacts (deps beside it: {base.ms:.0f} ms)", t, base,
                "deps", "≤ 1.15x deps")  # fmt: skip
    if 10_000 in sizes:
        _, config = khard_folder(10_000)
        khard = measure([str(BIN / "khard"), "-c", str(config), "list"], max(3, runs // 2), env=env)
        row("khard list, 10k vCards", khard, None, "")
        row(
            "contact list, 10k (vs khard)",
            timings[("contact list", 10_000)],
            khard,
            "khard",
            "≤ 0.2x khard",
        )
        # meetup sync reads every card and every contact: khard's reading of as many is the
        # yardstick. The first sync writes a card for everyone; then nothing has changed.
        synced_db, vdir = DATA / "sync-10k.db", DATA / "sync-10k"
        shutil.copy(database(10_000), synced_db)
        shutil.rmtree(vdir, ignore_errors=True)
        first_sync = measure([*MEETUP, "--db", str(synced_db), "sync", str(vdir)], 1, env=env,
                             warm=False)  # fmt: skip
        row("sync, 10k contacts, the first (10k cards written)", first_sync, khard, "khard")
        quiet = measure([*MEETUP, "--db", str(synced_db), "sync", str(vdir)], runs, env=env)
        row("sync, 10k contacts, nothing changed", quiet, khard, "khard", "≤ 1x khard")
    connections, plain = linkedin_file(30_000)
    template = DATA / "empty.db"
    if not template.exists():
        subprocess.run(
            [*MEETUP, "--db", str(template), "db", "path"], env=env, check=True, capture_output=True
        )
        subprocess.run(
            [*MEETUP, "--db", str(template), "stats"], env=env, check=True, capture_output=True
        )
    target_db = DATA / "import.db"
    loaded = DATA / "sqlite-utils.db"

    def fresh() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target_db}{suffix}").unlink(missing_ok=True)
        shutil.copy(template, target_db)

    def fresh_loaded() -> None:
        loaded.unlink(missing_ok=True)

    sqlite_utils = [str(BIN / "sqlite-utils"), "insert", str(loaded), "connections", str(plain),
                    "--csv"]  # fmt: skip
    first, su = measure_beside(
        [*MEETUP, "--db", str(target_db), "import", str(connections)],
        sqlite_utils,
        runs,
        before=fresh,
        before_baseline=fresh_loaded,
        env=env,
    )
    row("sqlite-utils insert --csv, 30k rows", su, None, "")
    row("import linkedin, 30k rows", first, su, "sqlite-utils", "< 1x sqlite-utils")
    if 100_000 in sizes:
        postgres(rows, runs, env, timings, connections, first)
    again = measure([*MEETUP, "--db", str(target_db), "import", str(connections)], runs, env=env)
    row("import the same 30k again", again, su, "sqlite-utils", "≤ 2x sqlite-utils")
    # Many people of one name: a name is looked up only where no profile URL matched.
    shared, _ = linkedin_file(30_000, shared=True)
    first, su_beside = measure_beside(
        [*MEETUP, "--db", str(target_db), "import", str(shared)],
        sqlite_utils,
        runs,
        before=fresh,
        before_baseline=fresh_loaded,
        env=env,
    )
    row("import linkedin, 30k rows, 80 names among them", first, su_beside, "sqlite-utils",
        "< 1x sqlite-utils")  # fmt: skip
    again = measure([*MEETUP, "--db", str(target_db), "import", str(shared)], runs, env=env)
    row("import the same 30k (80 names) again", again, su, "sqlite-utils", "≤ 2x sqlite-utils")
    if 100_000 in sizes:
        peak = max(timings[(name, 100_000)].peak_mb for name in DB_COMMANDS)
        print(
            f"peak memory of the listed commands on 100k contacts: {peak:.0f} MB (target < 150 MB)"
        )
    if not args.quick:
        memory(rows, env, template)
    machine = f"{sys.platform}, Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    print(f"\nmedians of {runs} runs; {machine}\n")
    print("| measurement | median | ratio | target |")
    print("| --- | ---: | ---: | --- |")
    for name, ms, ratio, base, target in rows:
        shown = f"{ratio:.2f}x {base}" if ratio is not None else ""
        print(f"| {name} | {ms:.0f} ms | {shown} | {target} |")


if __name__ == "__main__":
    main()
