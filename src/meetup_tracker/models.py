"""What is stored, table by table: SQLModel classes naming each table's columns, their types,
keys and references, and the limits of every value (one set, applied on every way in: the
command line, every importer and the backup, by `storage.rows`).

The schema itself is made by `storage/migrations.py` (not by SQLModel: the classes are not
mapped to tables, which would cost a write command a tenth of a second for nothing it uses);
tests/test_schema.py checks that these classes, SQLite and PostgreSQL agree. Reading commands
never import this module: they query through SQL and build the read models of `services/`
(importing SQLModel costs a third of a second).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from sqlmodel import Field, SQLModel

from meetup_tracker.kinds import INTERACTION_KINDS

MAX_ID = 2**63 - 1  # the largest integer either engine keeps
MAX_COUNT = 2**31 - 1  # PostgreSQL's integer


@dataclass(frozen=True)
class Length:
    """Text of at most this many characters, without NUL bytes."""

    most: int


@dataclass(frozen=True)
class OneLine:
    """A name: one line, not empty, no control characters (they would act on a terminal)."""


@dataclass(frozen=True)
class Between:
    """A number in this range."""

    low: float
    high: float


@dataclass(frozen=True)
class Years:
    """A date or time every export can write again."""

    low: int = 1
    high: int = 9998


@dataclass(frozen=True)
class OneOf:
    """One of these words."""

    words: tuple[str, ...]


def key_of(model: type[SQLModel]) -> tuple[str, ...]:
    """A model's primary key columns."""
    return tuple(name for name, info in model.model_fields.items() if _meta(info, "primary_key"))


def references_of(model: type[SQLModel]) -> dict[str, str]:
    """A model's columns that refer to another table, and that table."""
    found = {}
    for name, info in model.model_fields.items():
        target = _meta(info, "foreign_key")
        if isinstance(target, str):
            found[name] = target.partition(".")[0]
    return found


def _meta(info: Any, name: str) -> Any:
    """What `Field(...)` said of a column (primary_key, foreign_key...), or None."""
    for item in info.metadata:
        value = getattr(item, name, None)
        if value is not None and type(value).__name__ != "PydanticUndefinedType":
            return value
    return None


Id = Annotated[int, Between(1, MAX_ID)]
Name = Annotated[str, OneLine(), Length(200)]
Line = Annotated[str, Length(1000)]  # a place, a company, an event: read from files as is
Note = Annotated[str, Length(100_000)]
Person = Annotated[str, Length(200)]  # who wrote a row: a role, or `config set user`
Lat = Annotated[float, Between(-90, 90)]
Lon = Annotated[float, Between(-180, 180)]
Day = Annotated[date, Years()]
Stamp = Annotated[datetime, Years()]
Count = Annotated[int, Between(0, MAX_COUNT)]
GeonameId = Annotated[int, Between(1, MAX_COUNT)]
Every = Annotated[int, Between(1, 36_500)]  # days between two times in touch


class SchemaMigration(SQLModel):
    """One migration applied to this database, and when."""

    __tablename__ = "schema_migrations"

    version: int = Field(primary_key=True)
    name: str
    applied_at: str


class Contact(SQLModel):
    """A person you know online, and perhaps in person."""

    __tablename__ = "contact"

    id: Id | None = Field(default=None, primary_key=True)
    name: Name
    name_key: Annotated[str, Length(1000)] = Field(index=True)
    city: Line | None = None
    lat: Lat | None = None
    lon: Lon | None = None
    note: Note | None = None
    since: Day | None = Field(default=None, index=True)
    created_at: Stamp
    updated_at: Stamp
    geonameid: GeonameId | None = None
    company: Line | None = None
    position: Line | None = None
    created_by: Person | None = None
    updated_by: Person | None = None
    every_days: Every | None = None  # keep in touch at least this often
    snoozed_until: Day | None = None  # not due before this day
    uid: Annotated[str, OneLine(), Length(2000)] | None = Field(default=None, index=True)


class Handle(SQLModel):
    """One online account of a contact; (platform, key) is unique across all contacts."""

    __tablename__ = "handle"

    id: Id | None = Field(default=None, primary_key=True)
    contact_id: Id = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    platform: Annotated[str, OneLine(), Length(40)]
    handle: Annotated[str, OneLine(), Length(2000)]
    key: Annotated[str, Length(2000)] = Field(index=True)
    account_id: Annotated[str, OneLine(), Length(200)] | None = None
    exchanges: Count = 0
    first_exchange: Day | None = None
    last_exchange: Day | None = None
    following: bool = False
    follower: bool = False
    invitation: Annotated[str, OneOf(("incoming", "outgoing"))] | None = None
    invited_on: Day | None = None


class Tag(SQLModel):
    """A label on a contact; compared by its folded key."""

    __tablename__ = "tag"

    contact_id: Id = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    tag: Annotated[str, OneLine(), Length(64)]
    key: Annotated[str, Length(200)] = Field(primary_key=True)  # casefolding can lengthen


class Interaction(SQLModel):
    """A meeting, call, video call or message exchange with one or more contacts."""

    __tablename__ = "interaction"

    id: Id | None = Field(default=None, primary_key=True)
    kind: Annotated[str, OneOf(INTERACTION_KINDS)]
    happened_on: Day = Field(index=True)
    place: Line | None = None
    event: Line | None = None
    note: Note | None = None
    created_at: Stamp
    lat: Lat | None = None
    lon: Lon | None = None
    created_by: Person | None = None
    updated_by: Person | None = None
    source_uid: Annotated[str, OneLine(), Length(2000)] | None = None  # a calendar event's
    # A series (a monthly dinner): its rule (`FREQ=WEEKLY;INTERVAL=2`, then the days left out
    # as `;EXDATE=...`), its first day, its last; `happened_on` is 9998-12-31, so a series is
    # always a plan, never a meeting that happened (see services/series.py).
    repeat: Annotated[str, OneLine(), Length(2000)] | None = None
    repeat_from: Day | None = None
    repeat_until: Day | None = None
    series_id: Id | None = Field(default=None, foreign_key="interaction.id", ondelete="SET NULL")


class Attendee(SQLModel):
    """Who took part in an interaction."""

    __tablename__ = "attendee"

    interaction_id: Id = Field(foreign_key="interaction.id", ondelete="CASCADE", primary_key=True)
    contact_id: Id = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)


class Config(SQLModel):
    """A setting, such as home or the distance unit; on a team database each person's own."""

    __tablename__ = "config"

    owner: Person = Field(default="", primary_key=True)
    key: Annotated[str, Length(40)] = Field(primary_key=True)
    value: Annotated[str, Length(10_000)]


class Trip(SQLModel):
    """A journey: where it starts (`origin`, by default home), its dates, and its stops."""

    __tablename__ = "trip"

    id: Id | None = Field(default=None, primary_key=True)
    name: Name
    name_key: Annotated[str, Length(1000)] = Field(unique=True)
    starts_on: Day = Field(index=True)
    ends_on: Day | None = None
    origin: Line | None = None
    origin_lat: Lat | None = None
    origin_lon: Lon | None = None
    note: Note | None = None
    created_at: Stamp
    uid: Line | None = None
    created_by: Person | None = None
    updated_by: Person | None = None


class Stop(SQLModel):
    """A place on a trip, in order, perhaps with the days you are there."""

    __tablename__ = "stop"

    id: Id | None = Field(default=None, primary_key=True)
    trip_id: Id = Field(foreign_key="trip.id", ondelete="CASCADE")
    position: Count
    place: Line
    lat: Lat | None = None
    lon: Lon | None = None
    arrive: Day | None = None
    depart: Day | None = None


class Followup(SQLModel):
    """Something you owe someone (a guest post, an introduction), perhaps by a day, perhaps
    from a meeting; on a team database, the person who owes it is its owner."""

    __tablename__ = "followup"

    id: Id | None = Field(default=None, primary_key=True)
    contact_id: Id = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    interaction_id: Id | None = Field(
        default=None, foreign_key="interaction.id", ondelete="SET NULL", index=True
    )
    text: Annotated[str, OneLine(), Length(1000)]
    due: Day | None = None
    done_on: Day | None = None
    owner: Person = ""
    created_at: Stamp
    created_by: Person | None = None
    updated_by: Person | None = None


class Visit(SQLModel):
    """A contact's own trip: where they will be, from when to when."""

    __tablename__ = "visit"

    id: Id | None = Field(default=None, primary_key=True)
    contact_id: Id = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    place: Line
    lat: Lat | None = None
    lon: Lon | None = None
    starts_on: Day = Field(index=True)
    ends_on: Day | None = None
    note: Note | None = None
    uid: Annotated[str, OneLine(), Length(2000)] | None = None  # a calendar event's
    created_at: Stamp
    created_by: Person | None = None
    updated_by: Person | None = None


class Cadence(SQLModel):
    """How often to keep in touch with everyone who has a tag (a person's own wins)."""

    __tablename__ = "cadence"

    id: Id | None = Field(default=None, primary_key=True)
    key: Annotated[str, Length(200)] = Field(unique=True)
    tag: Annotated[str, OneLine(), Length(64)]
    every_days: Every
