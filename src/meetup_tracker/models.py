"""SQLModel tables. The schema itself is made by `migrations.py`; these mirror it for queries,
and a test checks that the two agree."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Contact(SQLModel, table=True):
    """A person you know online, and perhaps in person."""

    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(index=True)
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    note: str | None = None
    since: date | None = Field(default=None, index=True)
    created_at: datetime
    updated_at: datetime
    geonameid: int | None = None
    company: str | None = None
    position: str | None = None
    created_by: str | None = None
    updated_by: str | None = None


class Handle(SQLModel, table=True):
    """One online account of a contact; (platform, key) is unique across all contacts."""

    __tablename__ = "handle"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    platform: str
    handle: str
    key: str = Field(index=True)
    account_id: str | None = None
    exchanges: int = 0
    first_exchange: date | None = None
    last_exchange: date | None = None
    following: bool = False
    follower: bool = False


class Tag(SQLModel, table=True):
    """A label on a contact; compared without regard to case."""

    __tablename__ = "tag"

    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    tag: str
    key: str = Field(primary_key=True)  # the tag folded: how tags are compared


class Interaction(SQLModel, table=True):
    """A meeting, call, video call or message exchange with one or more contacts."""

    __tablename__ = "interaction"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    happened_on: date = Field(index=True)
    place: str | None = None
    event: str | None = None
    note: str | None = None
    created_at: datetime
    lat: float | None = None
    lon: float | None = None
    created_by: str | None = None
    updated_by: str | None = None


class Attendee(SQLModel, table=True):
    """Who took part in an interaction."""

    __tablename__ = "attendee"

    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)


class Config(SQLModel, table=True):
    """A user setting, such as the home place or the distance unit."""

    __tablename__ = "config"

    owner: str = Field(default="", primary_key=True)  # on a team database, the person's role
    key: str = Field(primary_key=True)
    value: str


class Trip(SQLModel, table=True):
    """A journey: where it starts (`origin`, by default home), its dates, and its stops."""

    __tablename__ = "trip"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)  # the name folded: how trips are found by name
    starts_on: date = Field(index=True)
    ends_on: date | None = None
    origin: str | None = None
    origin_lat: float | None = None
    origin_lon: float | None = None
    note: str | None = None
    created_at: datetime
    uid: str | None = None
    created_by: str | None = None
    updated_by: str | None = None


class Stop(SQLModel, table=True):
    """A place on a trip, in order, perhaps with the days you are there."""

    __tablename__ = "stop"

    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(foreign_key="trip.id", ondelete="CASCADE")
    position: int
    place: str
    lat: float | None = None
    lon: float | None = None
    arrive: date | None = None
    depart: date | None = None
