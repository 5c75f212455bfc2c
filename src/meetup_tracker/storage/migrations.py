"""The schema, as an append-only list of migrations.

Each migration runs once, in order, inside the same transaction as the record of it, so a crash
leaves the database at the version it had before. `PRAGMA user_version` holds how many have
run; the `schema_migrations` table records when. Never edit a migration that has shipped:
append a new one.

On PostgreSQL a new database starts from `POSTGRES_SCHEMA`, the schema at `POSTGRES_VERSION`;
each migration after that carries a `postgres` body as well. From version 8 on the two engines
hold one schema: the same tables, columns, types, keys and indexes (tests/test_schema.py
compares them, and the models, and fails on any difference).

Longer than most modules: it is the history of the schema as it shipped, only ever appended
to, with PostgreSQL's schema at the version a team database starts from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from meetup_tracker.errors import StorageError

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version number, a name for people, and the change on each
    engine (a PostgreSQL database starts at POSTGRES_VERSION, so earlier steps have none)."""

    version: int
    name: str
    sqlite: Callable[[sqlite3.Connection], None]
    postgres: Callable[[Sql], None] | None = None


def refuse_foreign(shown: str, tables: Sequence[str], hint: str) -> NoReturn:
    """Another program's database: refused before anything is written."""
    listed = ", ".join(tables[:3]) + (", ..." if len(tables) > 3 else "")
    raise StorageError(
        f"{shown} is not a meetup-tracker database (it has the tables {listed})", hint=hint
    )


def refuse_newer(shown: str, version: int) -> None:
    """A database from a newer meetup-tracker: refused untouched."""
    if version > LATEST:
        raise StorageError(
            f"{shown} was made by a newer meetup-tracker (schema {version}; this one knows"
            f" {LATEST})",
            hint="upgrade meetup-tracker to open it",
        )


def _run(conn: sqlite3.Connection, statements: str) -> None:
    for statement in statements.split(";"):
        if statement.strip():
            conn.execute(statement)


def _m001_core(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL,
            city TEXT,
            lat REAL,
            lon REAL,
            note TEXT,
            since DATE,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL
        );
        CREATE INDEX ix_contact_name_key ON contact (name_key);
        CREATE INDEX ix_contact_since ON contact (since);
        CREATE TABLE handle (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,
            key TEXT NOT NULL,
            UNIQUE (platform, key)
        );
        CREATE INDEX ix_handle_contact ON handle (contact_id);
        CREATE INDEX ix_handle_key ON handle (key);
        CREATE TABLE tag (
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (contact_id, tag)
        );
        CREATE INDEX ix_tag_tag ON tag (tag);
        CREATE TABLE interaction (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('in-person', 'call', 'video', 'message')),
            happened_on DATE NOT NULL,
            place TEXT,
            event TEXT,
            note TEXT,
            created_at DATETIME NOT NULL
        );
        CREATE INDEX ix_interaction_happened_on ON interaction (happened_on);
        CREATE TABLE attendee (
            interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            PRIMARY KEY (interaction_id, contact_id)
        );
        CREATE INDEX ix_attendee_contact ON attendee (contact_id, interaction_id);
        CREATE TABLE config (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    )


def _m002_places_and_trips(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        ALTER TABLE contact ADD COLUMN geonameid INTEGER;
        CREATE INDEX ix_contact_lat_lon ON contact (lat, lon);
        ALTER TABLE interaction ADD COLUMN lat REAL;
        ALTER TABLE interaction ADD COLUMN lon REAL;
        CREATE TABLE trip (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
            starts_on DATE NOT NULL,
            ends_on DATE CHECK (ends_on IS NULL OR ends_on >= starts_on),
            origin TEXT,
            origin_lat REAL,
            origin_lon REAL,
            note TEXT,
            created_at DATETIME NOT NULL
        );
        CREATE INDEX ix_trip_starts_on ON trip (starts_on);
        CREATE TABLE stop (
            id INTEGER PRIMARY KEY,
            trip_id INTEGER NOT NULL REFERENCES trip (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            place TEXT NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            arrive DATE,
            depart DATE CHECK (depart IS NULL OR arrive IS NULL OR depart >= arrive),
            UNIQUE (trip_id, position)
        )
        """,
    )
    _resolve_cities(conn)


def _resolve_cities(conn: sqlite3.Connection) -> None:
    """Give the cities typed before places existed their coordinates, where the text names
    exactly one place; ambiguous or unknown ones stay as text (`meetup place unresolved`)."""
    from meetup_tracker.errors import MeetupError
    from meetup_tracker.geo.gazetteer import gazetteer

    def unique(text: str) -> tuple[str, float, float, int | None] | None:
        try:
            resolution = gazetteer().resolve(text)
        except MeetupError:
            return None
        p = resolution.place
        if resolution.ambiguous or p is None:
            return None
        return p.display, p.lat, p.lon, p.geonameid

    for table, extra in (("contact", ", geonameid = ?"), ("interaction", "")):
        column = "city" if table == "contact" else "place"
        rows = conn.execute(
            f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL AND lat IS NULL"
        ).fetchall()
        for row_id, text in rows:
            found = unique(text)
            if found is None:
                continue
            values = found if extra else found[:3]
            conn.execute(
                f"UPDATE {table} SET {column} = ?, lat = ?, lon = ?{extra} WHERE id = ?",
                (*values, row_id),
            )


def _m003_work(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        ALTER TABLE contact ADD COLUMN company TEXT;
        ALTER TABLE contact ADD COLUMN position TEXT
        """,
    )


def _m004_unmet_order(conn: sqlite3.Connection) -> None:
    # `unmet` lists the longest known first: this index gives that order without a sort, so a
    # first page of a hundred thousand contacts costs a hundred rows.
    _run(conn, "CREATE INDEX ix_contact_known ON contact (since IS NULL, since, name_key)")


def _m005_real_files(conn: sqlite3.Connection) -> None:
    # Calendar events are known by their UID; a stop may keep a place the text did not decide
    # (no coordinates, to fix later); a handle remembers the account id and the conversation
    # an archive shows (Twitter/X), so a renamed account still matches.
    _run(
        conn,
        """
        ALTER TABLE trip ADD COLUMN uid TEXT;
        CREATE UNIQUE INDEX ix_trip_uid ON trip (uid) WHERE uid IS NOT NULL;
        CREATE TABLE stop_new (
            id INTEGER PRIMARY KEY,
            trip_id INTEGER NOT NULL REFERENCES trip (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            place TEXT NOT NULL,
            lat REAL,
            lon REAL,
            arrive DATE,
            depart DATE CHECK (depart IS NULL OR arrive IS NULL OR depart >= arrive),
            UNIQUE (trip_id, position)
        );
        INSERT INTO stop_new SELECT id, trip_id, position, place, lat, lon, arrive, depart
            FROM stop;
        DROP TABLE stop;
        ALTER TABLE stop_new RENAME TO stop;
        ALTER TABLE handle ADD COLUMN account_id TEXT;
        ALTER TABLE handle ADD COLUMN exchanges INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE handle ADD COLUMN first_exchange DATE;
        ALTER TABLE handle ADD COLUMN last_exchange DATE;
        ALTER TABLE handle ADD COLUMN following INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE handle ADD COLUMN follower INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_handle_account ON handle (platform, account_id)
        """,
    )


def _m006_sites_not_mastodon(conn: sqlite3.Connection) -> None:
    # Any `https://HOST/@user` used to be taken for Mastodon; YouTube, Medium, TikTok,
    # Threads, Substack and other sites with such addresses were stored as `user@host`
    # Mastodon handles. They become the site's own handle (or a website), unless that handle
    # is already someone's: then the row is left as it was.
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.handles import NOT_MASTODON, parse_handle

    rows = conn.execute("SELECT id, handle FROM handle WHERE platform = 'mastodon'").fetchall()
    for handle_id, text in rows:
        user, _, host = text.partition("@")
        parts = host.lower().split(".")
        if ".".join(parts[-2:]) not in NOT_MASTODON:
            continue
        try:
            found = parse_handle(f"https://{host}/@{user}")
        except InvalidInput:
            continue
        taken = conn.execute(
            "SELECT 1 FROM handle WHERE platform = ? AND key = ?", (found.platform, found.key)
        ).fetchone()
        if taken is None:
            conn.execute(
                "UPDATE handle SET platform = ?, handle = ?, key = ? WHERE id = ?",
                (found.platform, found.handle, found.key, handle_id),
            )


def _m007_keys_and_authors(conn: sqlite3.Connection) -> None:
    # Tags and trip names are compared by a folded key the program computes (as names and
    # handles are), not by SQLite's NOCASE: the same rule on every engine, and for every
    # script. Contacts, meetings and trips remember who created and last changed them, and
    # settings belong to a person (on a team database, home and units are each one's own).
    _run(
        conn,
        """
        ALTER TABLE tag ADD COLUMN key TEXT NOT NULL DEFAULT '';
        ALTER TABLE trip ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE contact ADD COLUMN created_by TEXT;
        ALTER TABLE contact ADD COLUMN updated_by TEXT;
        ALTER TABLE interaction ADD COLUMN created_by TEXT;
        ALTER TABLE interaction ADD COLUMN updated_by TEXT;
        ALTER TABLE trip ADD COLUMN created_by TEXT;
        ALTER TABLE trip ADD COLUMN updated_by TEXT;
        CREATE TABLE config_new (
            owner TEXT NOT NULL DEFAULT '',
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (owner, key)
        );
        INSERT INTO config_new (owner, key, value) SELECT '', key, value FROM config;
        DROP TABLE config;
        ALTER TABLE config_new RENAME TO config
        """,
    )
    seen: set[tuple[int, str]] = set()
    for contact_id, tag in conn.execute("SELECT contact_id, tag FROM tag").fetchall():
        key = tag.casefold()
        if (contact_id, key) in seen:  # `Straße` and `STRASSE`: one tag once folded
            conn.execute("DELETE FROM tag WHERE contact_id = ? AND tag = ?", (contact_id, tag))
            continue
        seen.add((contact_id, key))
        conn.execute(
            "UPDATE tag SET key = ? WHERE contact_id = ? AND tag = ?", (key, contact_id, tag)
        )
    keys: set[str] = set()
    for trip_id, name in conn.execute("SELECT id, name FROM trip ORDER BY id").fetchall():
        key = " ".join(name.split()).casefold()
        if key in keys:  # two names that fold alike: the later keeps its own, numbered key
            key = f"{key} #{trip_id}"
        keys.add(key)
        conn.execute("UPDATE trip SET name_key = ? WHERE id = ?", (key, trip_id))
    _run(
        conn,
        """
        CREATE UNIQUE INDEX ix_tag_contact_key ON tag (contact_id, key);
        CREATE INDEX ix_tag_key ON tag (key);
        CREATE UNIQUE INDEX ix_trip_name_key ON trip (name_key)
        """,
    )


def _m008_one_schema(conn: sqlite3.Connection) -> None:
    # One schema on both engines: tags keyed by (contact, folded key) as on PostgreSQL, without
    # SQLite's NOCASE; trip names unique by their folded key alone; follows as booleans. The
    # three tables are rebuilt (SQLite cannot change a column in place), rows kept.
    _run(
        conn,
        """
        CREATE TABLE handle_new (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,
            key TEXT NOT NULL,
            account_id TEXT,
            exchanges INTEGER NOT NULL DEFAULT 0,
            first_exchange DATE,
            last_exchange DATE,
            following BOOLEAN NOT NULL DEFAULT 0,
            follower BOOLEAN NOT NULL DEFAULT 0,
            UNIQUE (platform, key)
        );
        INSERT INTO handle_new SELECT id, contact_id, platform, handle, key, account_id,
            exchanges, first_exchange, last_exchange, following <> 0, follower <> 0 FROM handle;
        DROP TABLE handle;
        ALTER TABLE handle_new RENAME TO handle;
        CREATE INDEX ix_handle_contact ON handle (contact_id);
        CREATE INDEX ix_handle_key ON handle (key);
        CREATE INDEX ix_handle_account ON handle (platform, account_id);
        CREATE TABLE tag_new (
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (contact_id, key)
        );
        INSERT INTO tag_new (contact_id, tag, key) SELECT contact_id, tag, key FROM tag;
        DROP TABLE tag;
        ALTER TABLE tag_new RENAME TO tag;
        CREATE INDEX ix_tag_key ON tag (key);
        CREATE TABLE trip_new (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL,
            starts_on DATE NOT NULL,
            ends_on DATE CHECK (ends_on IS NULL OR ends_on >= starts_on),
            origin TEXT,
            origin_lat REAL,
            origin_lon REAL,
            note TEXT,
            created_at DATETIME NOT NULL,
            uid TEXT,
            created_by TEXT,
            updated_by TEXT
        );
        INSERT INTO trip_new SELECT id, name, name_key, starts_on, ends_on, origin, origin_lat,
            origin_lon, note, created_at, uid, created_by, updated_by FROM trip;
        DROP TABLE trip;
        ALTER TABLE trip_new RENAME TO trip;
        CREATE INDEX ix_trip_starts_on ON trip (starts_on);
        CREATE UNIQUE INDEX ix_trip_uid ON trip (uid) WHERE uid IS NOT NULL;
        CREATE UNIQUE INDEX ix_trip_name_key ON trip (name_key)
        """,
    )


def _p008_one_schema(conn: Sql) -> None:
    # The same index names as on SQLite; settings owned by '' unless said (as on SQLite); and
    # authors: members always write as themselves, while the database's owner, who restores
    # a team's backup, may write the authors the backup recorded.
    for statement in (
        "ALTER TABLE trip DROP CONSTRAINT trip_name_key_key",
        "CREATE UNIQUE INDEX ix_trip_name_key ON trip (name_key)",
        "ALTER TABLE config ALTER COLUMN owner SET DEFAULT ''",
        """CREATE OR REPLACE FUNCTION meetup_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.created_by IS NULL OR NOT pg_has_role(current_user,
                (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
            NEW.created_by := current_user;
            NEW.updated_by := current_user;
        END IF;
        NEW.updated_by := coalesce(NEW.updated_by, current_user);
    ELSE
        NEW.created_by := OLD.created_by;
        NEW.updated_by := current_user;
    END IF;
    RETURN NEW;
END
$$""",
    ):
        conn.execute(statement)


_M009 = (
    # A calendar's event (a concert, a meetup, a conference) is a planned meeting known by its
    # UID, so importing the calendar again changes nothing; a LinkedIn invitation says who
    # invited whom, and when.
    "ALTER TABLE interaction ADD COLUMN source_uid TEXT",
    "CREATE UNIQUE INDEX ix_interaction_source_uid ON interaction (source_uid)"
    " WHERE source_uid IS NOT NULL",
    "ALTER TABLE handle ADD COLUMN invitation TEXT"
    " CHECK (invitation IS NULL OR invitation IN ('incoming', 'outgoing'))",
    "ALTER TABLE handle ADD COLUMN invited_on DATE",
)


def _m009_events_and_invitations(conn: sqlite3.Connection) -> None:
    _run(conn, ";\n".join(_M009))


def _p009_events_and_invitations(conn: Sql) -> None:
    for statement in _M009:
        conn.execute(statement)


_M011_SQLITE = (
    # From knowing to meeting: how often to keep in touch with someone (or everyone with a
    # tag), until when they are snoozed; what you owe whom; a contact's own travel; and plans
    # that repeat (a series, and the occurrences recorded from it).
    "ALTER TABLE contact ADD COLUMN every_days INTEGER"
    " CHECK (every_days IS NULL OR every_days > 0)",
    "ALTER TABLE contact ADD COLUMN snoozed_until DATE",
    "ALTER TABLE interaction ADD COLUMN repeat TEXT",
    "ALTER TABLE interaction ADD COLUMN repeat_from DATE",
    "ALTER TABLE interaction ADD COLUMN repeat_until DATE",
    "ALTER TABLE interaction ADD COLUMN series_id INTEGER"
    " REFERENCES interaction (id) ON DELETE SET NULL",
    "CREATE INDEX ix_interaction_series ON interaction (series_id)",
    """CREATE TABLE followup (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        due DATE,
        done_on DATE,
        owner TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        created_by TEXT,
        updated_by TEXT
    )""",
    "CREATE INDEX ix_followup_contact ON followup (contact_id)",
    "CREATE INDEX ix_followup_interaction ON followup (interaction_id)",
    "CREATE INDEX ix_followup_open ON followup (done_on, due)",
    """CREATE TABLE visit (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        place TEXT NOT NULL,
        lat REAL,
        lon REAL,
        starts_on DATE NOT NULL,
        ends_on DATE CHECK (ends_on IS NULL OR ends_on >= starts_on),
        note TEXT,
        uid TEXT,
        created_at DATETIME NOT NULL,
        created_by TEXT,
        updated_by TEXT
    )""",
    "CREATE INDEX ix_visit_contact ON visit (contact_id)",
    "CREATE INDEX ix_visit_starts_on ON visit (starts_on)",
    "CREATE UNIQUE INDEX ix_visit_uid ON visit (contact_id, uid) WHERE uid IS NOT NULL",
    """CREATE TABLE cadence (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        tag TEXT NOT NULL,
        every_days INTEGER NOT NULL CHECK (every_days > 0)
    )""",
    "CREATE UNIQUE INDEX ix_cadence_key ON cadence (key)",
)
_M011_POSTGRES = (
    "ALTER TABLE contact ADD COLUMN every_days integer"
    " CHECK (every_days IS NULL OR every_days > 0)",
    "ALTER TABLE contact ADD COLUMN snoozed_until date",
    "ALTER TABLE interaction ADD COLUMN repeat text",
    "ALTER TABLE interaction ADD COLUMN repeat_from date",
    "ALTER TABLE interaction ADD COLUMN repeat_until date",
    "ALTER TABLE interaction ADD COLUMN series_id bigint"
    " REFERENCES interaction (id) ON DELETE SET NULL",
    "CREATE INDEX ix_interaction_series ON interaction (series_id)",
    """CREATE TABLE followup (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        contact_id bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        interaction_id bigint REFERENCES interaction (id) ON DELETE SET NULL,
        text text NOT NULL CHECK (length(trim(text)) > 0),
        due date,
        done_on date,
        owner text NOT NULL DEFAULT '',
        created_at timestamp NOT NULL,
        created_by text,
        updated_by text
    )""",
    "CREATE INDEX ix_followup_contact ON followup (contact_id)",
    "CREATE INDEX ix_followup_interaction ON followup (interaction_id)",
    "CREATE INDEX ix_followup_open ON followup (done_on, due)",
    """CREATE TABLE visit (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        contact_id bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        place text NOT NULL,
        lat double precision,
        lon double precision,
        starts_on date NOT NULL,
        ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on),
        note text,
        uid text,
        created_at timestamp NOT NULL,
        created_by text,
        updated_by text
    )""",
    "CREATE INDEX ix_visit_contact ON visit (contact_id)",
    "CREATE INDEX ix_visit_starts_on ON visit (starts_on)",
    "CREATE UNIQUE INDEX ix_visit_uid ON visit (contact_id, uid) WHERE uid IS NOT NULL",
    """CREATE TABLE cadence (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        key text COLLATE "C" NOT NULL,
        tag text NOT NULL,
        every_days integer NOT NULL CHECK (every_days > 0)
    )""",
    "CREATE UNIQUE INDEX ix_cadence_key ON cadence (key)",
    "CREATE TRIGGER followup_authors BEFORE INSERT OR UPDATE ON followup"
    " FOR EACH ROW EXECUTE FUNCTION meetup_authors()",
    "CREATE TRIGGER visit_authors BEFORE INSERT OR UPDATE ON visit"
    " FOR EACH ROW EXECUTE FUNCTION meetup_authors()",
)


def _m011_keep_in_touch(conn: sqlite3.Connection) -> None:
    for statement in _M011_SQLITE:
        conn.execute(statement)


def _p011_keep_in_touch(conn: Sql) -> None:
    for statement in _M011_POSTGRES:
        conn.execute(statement)


# A contact's vCard UID, kept from the card that brought them (a phone's, through a vdir), so
# `meetup sync` knows the card again even without its state; contacts made here have none and
# are written as `meetup-tracker-contact-ID`.
_M012 = (
    "ALTER TABLE contact ADD COLUMN uid TEXT",
    "CREATE INDEX ix_contact_uid ON contact (uid)",
)


def _m012_card_uids(conn: sqlite3.Connection | Sql) -> None:
    for statement in _M012:
        conn.execute(statement)


def _refold(execute: Callable[..., object]) -> None:
    """Keys folded again where the Turkish I folds otherwise now (`İzmir`, `Işık`): only
    the rows whose key changes are touched; two tags of one person that now fold alike
    become one, two trips keep their keys apart by number."""
    from meetup_tracker.handles import fold
    from meetup_tracker.text import tag_key, trip_key

    def rows(sql: str) -> list[tuple[object, ...]]:
        return list(execute(sql).fetchall())  # type: ignore[attr-defined]

    for contact_id, name, key in rows("SELECT id, name, name_key FROM contact"):
        if fold(str(name)) != key:
            execute("UPDATE contact SET name_key = ? WHERE id = ?", (fold(str(name)), contact_id))
    seen: set[tuple[object, str]] = set()
    for contact_id, tag, key in rows(
        "SELECT contact_id, tag, key FROM tag ORDER BY contact_id, tag"
    ):
        new = tag_key(str(tag))
        if (contact_id, new) in seen:
            execute("DELETE FROM tag WHERE contact_id = ? AND key = ?", (contact_id, key))
            continue
        seen.add((contact_id, new))
        if new != key:
            execute(
                "UPDATE tag SET key = ? WHERE contact_id = ? AND key = ?", (new, contact_id, key)
            )
    keys = {str(k) for (k,) in rows("SELECT name_key FROM trip")}
    for trip_id, name, key in rows("SELECT id, name, name_key FROM trip ORDER BY id"):
        new = trip_key(str(name))
        if new != key and not str(key).startswith(new + " #"):
            new = f"{new} #{trip_id}" if new in keys else new
            keys.add(new)
            execute("UPDATE trip SET name_key = ? WHERE id = ?", (new, trip_id))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core: contacts, handles, tags, interactions", _m001_core),
    Migration(2, "places and trips: coordinates, trips with stops", _m002_places_and_trips),
    Migration(3, "work: company and position, as LinkedIn and address books give them", _m003_work),
    Migration(4, "an index for the order of unmet", _m004_unmet_order),
    Migration(5, "calendar UIDs, stops kept as text, online conversations", _m005_real_files),
    Migration(
        6,
        "profile addresses of YouTube, Medium and others are not Mastodon",
        _m006_sites_not_mastodon,
    ),
    Migration(
        7,
        "folded keys for tags and trip names; who created and changed what",
        _m007_keys_and_authors,
    ),
    Migration(
        8,
        "one schema on both engines; a restore by the owner keeps who recorded what",
        _m008_one_schema,
        _p008_one_schema,
    ),
    Migration(
        9,
        "calendar events known by their UID; who invited whom on LinkedIn",
        _m009_events_and_invitations,
        _p009_events_and_invitations,
    ),
    Migration(
        10,
        "names, tags and trips folded for the Turkish I as well",
        lambda conn: _refold(conn.execute),
        lambda conn: _refold(conn.execute),
    ),
    Migration(
        11,
        "follow-ups, keep-in-touch cadences and snoozes, contacts' visits, repeating plans",
        _m011_keep_in_touch,
        _p011_keep_in_touch,
    ),
    Migration(12, "contacts keep their vCard UID", _m012_card_uids, _m012_card_uids),
)

LATEST = MIGRATIONS[-1].version

# The whole schema at version 7, for a new PostgreSQL database. Identity columns take the
# ids an import keeps (and the sequences are moved past them); coordinates are double
# precision (PostgreSQL's real keeps only six digits); the keys that lists are sorted by
# compare byte by byte (COLLATE "C"), as SQLite does, whatever the server's locale; and the
# connected role, set by a trigger, says who created and changed a row, so no member can
# write another name (from version 8 the owner may, restoring a backup).
POSTGRES_VERSION = 7
POSTGRES_SCHEMA = """
CREATE TABLE schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at text NOT NULL
);
CREATE TABLE contact (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (length(trim(name)) > 0),
    name_key text COLLATE "C" NOT NULL,
    city text,
    lat double precision,
    lon double precision,
    note text,
    since date,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    geonameid integer,
    company text,
    position text,
    created_by text,
    updated_by text
);
CREATE INDEX ix_contact_name_key ON contact (name_key);
CREATE INDEX ix_contact_since ON contact (since);
CREATE INDEX ix_contact_lat_lon ON contact (lat, lon);
CREATE INDEX ix_contact_known ON contact ((since IS NULL), since, name_key);
CREATE TABLE handle (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    contact_id bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    platform text NOT NULL,
    handle text NOT NULL,
    key text COLLATE "C" NOT NULL,
    account_id text,
    exchanges integer NOT NULL DEFAULT 0,
    first_exchange date,
    last_exchange date,
    following boolean NOT NULL DEFAULT false,
    follower boolean NOT NULL DEFAULT false,
    UNIQUE (platform, key)
);
CREATE INDEX ix_handle_contact ON handle (contact_id);
CREATE INDEX ix_handle_key ON handle (key);
CREATE INDEX ix_handle_account ON handle (platform, account_id);
CREATE TABLE tag (
    contact_id bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    tag text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    PRIMARY KEY (contact_id, key)
);
CREATE INDEX ix_tag_key ON tag (key);
CREATE TABLE interaction (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('in-person', 'call', 'video', 'message')),
    happened_on date NOT NULL,
    place text,
    event text,
    note text,
    created_at timestamp NOT NULL,
    lat double precision,
    lon double precision,
    created_by text,
    updated_by text
);
CREATE INDEX ix_interaction_happened_on ON interaction (happened_on);
CREATE TABLE attendee (
    interaction_id bigint NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    contact_id bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
);
CREATE INDEX ix_attendee_contact ON attendee (contact_id, interaction_id);
CREATE TABLE config (
    owner text NOT NULL DEFAULT current_user,
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (owner, key)
);
CREATE TABLE trip (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (length(trim(name)) > 0),
    name_key text COLLATE "C" NOT NULL UNIQUE,
    starts_on date NOT NULL,
    ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on),
    origin text,
    origin_lat double precision,
    origin_lon double precision,
    note text,
    created_at timestamp NOT NULL,
    uid text,
    created_by text,
    updated_by text
);
CREATE INDEX ix_trip_starts_on ON trip (starts_on);
CREATE UNIQUE INDEX ix_trip_uid ON trip (uid) WHERE uid IS NOT NULL;
CREATE TABLE stop (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    trip_id bigint NOT NULL REFERENCES trip (id) ON DELETE CASCADE,
    position integer NOT NULL,
    place text NOT NULL,
    lat double precision,
    lon double precision,
    arrive date,
    depart date CHECK (depart IS NULL OR arrive IS NULL OR depart >= arrive),
    UNIQUE (trip_id, position)
);
CREATE FUNCTION meetup_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := current_user;
    ELSE
        NEW.created_by := OLD.created_by;
    END IF;
    NEW.updated_by := current_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER contact_authors BEFORE INSERT OR UPDATE ON contact
    FOR EACH ROW EXECUTE FUNCTION meetup_authors();
CREATE TRIGGER interaction_authors BEFORE INSERT OR UPDATE ON interaction
    FOR EACH ROW EXECUTE FUNCTION meetup_authors();
CREATE TRIGGER trip_authors BEFORE INSERT OR UPDATE ON trip
    FOR EACH ROW EXECUTE FUNCTION meetup_authors()
"""


def postgres_statements() -> list[str]:
    """POSTGRES_SCHEMA one statement at a time (a function body keeps its own semicolons)."""
    statements, current = [], []
    in_body = False
    for line in POSTGRES_SCHEMA.strip().splitlines():
        if line.count("$$") % 2:
            in_body = not in_body
        current.append(line)
        if not in_body and line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements
