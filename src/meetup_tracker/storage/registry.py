"""Every table, described once: its columns (from its model), what it refers to, how `contact
merge` moves its rows, and how the backup carries it. Merge, backup and restore, `db check`
and the work after a bulk import read this list; tests/test_schema.py fails when the database
holds a table this list does not describe.

Adding a stored thing: a migration (both engines), a model in models.py, an entry here, its
service, its command and its renderer. The backup, the restore, merge and the checks follow.

Importing this list costs nothing: the models (SQLModel, a third of a second) are imported by
the writes that check rows against them, never by a command that only reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import SQLModel


@dataclass(frozen=True)
class Together:
    """Columns given all together or not at all (a point's latitude and longitude)."""

    columns: tuple[str, ...]

    def problem(self, values: Mapping[str, Any], _children: Mapping[str, list[Any]]) -> str | None:
        """What is wrong with a row, if this rule is broken."""
        given = [values.get(c) is not None for c in self.columns]
        if any(given) and not all(given):
            return " and ".join(c.replace("_", " ") for c in self.columns) + " go together"
        return None


@dataclass(frozen=True)
class InOrder:
    """Two dates in order; `message` may name {first} and {then} and the row's columns."""

    first: str
    then: str
    message: str

    def problem(self, values: Mapping[str, Any], _children: Mapping[str, list[Any]]) -> str | None:
        """What is wrong with a row, if this rule is broken."""
        first, then = values.get(self.first), values.get(self.then)
        if first is not None and then is not None and str(then) < str(first):
            return self.message.format(**{**values, "first": first, "then": then})
        return None


@dataclass(frozen=True)
class Someone:
    """At least one row of a child table, or a value in a column (an event with nobody yet)."""

    children: str
    column: str
    message: str

    def problem(self, values: Mapping[str, Any], children: Mapping[str, list[Any]]) -> str | None:
        """What is wrong with a row, if this rule is broken."""
        if not children.get(self.children) and values.get(self.column) is None:
            return self.message
        return None


Rule = Together | InOrder | Someone


class Merge(Enum):
    """How `contact merge` treats rows that refer to the duplicate."""

    MOVE = "move"  # they become the kept contact's (a handle, a follow-up)
    UNION = "union"  # the kept contact gains the ones it lacks; the rest go with the duplicate


@dataclass(frozen=True)
class Table:
    """One table and the policies that concern it."""

    name: str
    model_name: str  # its class in models.py, which every write checks rows against
    section: str | None  # its list in the backup: at the top, or in each row of `parent`
    parent: str | None = None  # the table whose backup rows hold these rows
    references: dict[str, str] = field(default_factory=dict)  # column -> the table it names
    order: str = "id"  # the order rows are backed up in: the same bytes every time
    derived: tuple[str, ...] = ()  # recomputed from other columns on restore, not backed up
    merge: dict[str, Merge] = field(default_factory=dict)  # per column referring to a contact
    values: str | None = None  # written as a list of this one column's values (tags)
    mapping: tuple[str, str] | None = None  # written as an object: key column -> value column
    per_person: str | None = None  # the column naming whose a row is: a backup has only yours
    free_name: str | None = None  # a unique name: a restore that meets it again renames
    rules: tuple[Rule, ...] = ()  # what a row must be beyond its columns' limits
    why_not_backed_up: str | None = None

    @property
    def model(self) -> type[SQLModel]:
        """Its model (importing SQLModel: for writes)."""
        from meetup_tracker import models

        model: type[SQLModel] = getattr(models, self.model_name)
        return model

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """Its columns, in the model's order (importing SQLModel: for writes)."""
        return tuple(self.model.model_fields)

    @property
    def has_id(self) -> bool:
        """Whether rows have an `id` the database chooses (importing SQLModel)."""
        return "id" in self.columns

    @property
    def backed_up(self) -> bool:
        """Whether the backup carries this table."""
        return self.why_not_backed_up is None

    def problem(
        self, values: Mapping[str, Any], children: Mapping[str, list[Any]] | None = None
    ) -> str | None:
        """The first rule a row breaks (with the rows inside it, by table), if any."""
        for rule in self.rules:
            found = rule.problem(values, children or {})
            if found:
                return found
        for child in self.children:
            for row in (children or {}).get(child.name, []):
                found = child.problem(row)
                if found:
                    return found
        return None

    @property
    def children(self) -> list[Table]:
        """The tables whose backup rows sit inside this table's rows."""
        return children(self.name)


LEAVES_BEFORE_ARRIVING = "stop '{place}' leaves ({then}) before it arrives ({first})"

TABLES: tuple[Table, ...] = (
    Table(
        "schema_migrations",
        "SchemaMigration",
        None,
        order="version",
        why_not_backed_up="the schema's own record: a restore writes its own",
    ),
    Table(
        "contact", "Contact", "contacts", derived=("name_key",), rules=(Together(("lat", "lon")),)
    ),
    Table(
        "handle",
        "Handle",
        "handles",
        parent="contact",
        references={"contact_id": "contact"},
        derived=("key",),
        merge={"contact_id": Merge.MOVE},
    ),
    Table(
        "tag",
        "Tag",
        "tags",
        parent="contact",
        references={"contact_id": "contact"},
        order="key, tag",
        derived=("key",),
        merge={"contact_id": Merge.UNION},
        values="tag",
    ),
    Table(
        "interaction",
        "Interaction",
        "interactions",
        references={"series_id": "interaction"},  # an occurrence recorded from its series
        rules=(
            Together(("lat", "lon")),
            Someone("attendee", "event", "it has neither attendees nor an event"),
        ),
    ),
    Table(
        "attendee",
        "Attendee",
        "attendees",
        parent="interaction",
        references={"interaction_id": "interaction", "contact_id": "contact"},
        order="contact_id",
        merge={"contact_id": Merge.UNION},
        values="contact_id",
    ),
    Table(
        "trip",
        "Trip",
        "trips",
        derived=("name_key",),
        free_name="name",
        rules=(
            InOrder("starts_on", "ends_on", "it ends ({then}) before it starts ({first})"),
            Together(("origin", "origin_lat", "origin_lon")),
        ),
    ),
    Table(
        "stop",
        "Stop",
        "stops",
        parent="trip",
        references={"trip_id": "trip"},
        order="position",
        rules=(
            Together(("lat", "lon")),
            InOrder("arrive", "depart", LEAVES_BEFORE_ARRIVING),
        ),
    ),
    Table(
        "visit",
        "Visit",
        "visits",
        parent="contact",
        references={"contact_id": "contact"},
        order="starts_on, id",
        merge={"contact_id": Merge.MOVE},
        rules=(
            Together(("lat", "lon")),
            InOrder("starts_on", "ends_on", "a visit ends ({then}) before it starts ({first})"),
        ),
    ),
    Table(
        "followup",
        "Followup",
        "followups",
        references={"contact_id": "contact", "interaction_id": "interaction"},
        merge={"contact_id": Merge.MOVE},
    ),
    Table("cadence", "Cadence", "cadences", order="key", derived=("key",)),  # per tag
    Table(
        "config",
        "Config",
        "config",
        order="key",
        mapping=("key", "value"),
        per_person="owner",
    ),
)

BY_NAME = {table.name: table for table in TABLES}


def table(name: str) -> Table:
    """The registry's entry for a table."""
    return BY_NAME[name]


def children(parent: str) -> list[Table]:
    """The tables whose backup rows sit inside a row of `parent`, in registry order."""
    return [t for t in TABLES if t.parent == parent and t.backed_up]


def referring_to(name: str) -> list[tuple[Table, str]]:
    """Each (table, column) whose rows refer to a row of `name`."""
    return [(t, column) for t in TABLES for column, to in t.references.items() if to == name]
