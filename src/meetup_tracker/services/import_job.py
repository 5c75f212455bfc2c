"""What every stage of an import shares: the connection, the summary being counted, and how a
bad record is handled (stop everything, or with --skip-bad list it and go on)."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import BadRecord

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

Progress = Callable[[int], None]


@dataclass
class Counts:
    """What happened to the records of one kind."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def to_json(self) -> dict[str, int]:
        """`{"added", "updated", "unchanged", "skipped"}`."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }


@dataclass
class ImportSummary:
    """The result of an import."""

    format: str
    contacts: Counts = field(default_factory=Counts)
    interactions: Counts = field(default_factory=Counts)
    trips: Counts = field(default_factory=Counts)
    errors: list[BadRecord] = field(default_factory=list)
    notes: list[BadRecord] = field(default_factory=list)
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0
    guessed: int = 0  # cities taken as the likelier of places of similar size (with a note)
    unnamed_accounts: int = 0  # an archive's accounts talked with but never named (deleted)
    dry_run: bool = False
    likely_duplicates: int = 0  # new contacts that look like ones you had (contact dupes)

    @property
    def total(self) -> Counts:
        """Counts over contacts, interactions and trips together."""
        parts = (self.contacts, self.interactions, self.trips)
        return Counts(
            added=sum(p.added for p in parts),
            updated=sum(p.updated for p in parts),
            unchanged=sum(p.unchanged for p in parts),
            skipped=sum(p.skipped for p in parts),
        )

    def counts(self, table: str) -> Counts:
        """The counts a table's records go to (anything but contacts and trips counts with
        the interactions)."""
        return {"contact": self.contacts, "trip": self.trips}.get(table, self.interactions)

    def skip(self, reason: str) -> None:
        """A row that is nobody to import (a hidden LinkedIn member), counted by reason."""
        self.contacts.skipped += 1
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + 1

    def to_json(self) -> dict[str, Any]:
        """The public summary object of `import --json`."""
        return {
            "format": self.format,
            **self.total.to_json(),
            "dry_run": self.dry_run,
            "contacts": self.contacts.to_json(),
            "interactions": self.interactions.to_json(),
            "trips": self.trips.to_json(),
            "unresolved_cities": self.unresolved,
            "guessed_cities": self.guessed,
            "unnamed_accounts": self.unnamed_accounts,
            "errors": [e.to_json() for e in self.errors],
            "skipped_reasons": dict(self.skipped_reasons),
            "notes": [n.to_json() for n in self.notes],
            "likely_duplicates": self.likely_duplicates,
        }


@dataclass
class ImportJob:
    """One import under way: its connection (in its transaction), its summary, and its rules
    for bad records."""

    conn: Sql
    summary: ImportSummary
    skip_bad: bool = False
    tick: Progress = field(default=lambda _n: None)
    restoring: bool = False  # the database had no contacts: a backup keeps its ids

    def bad(self, line: int, reason: str, counts: Counts) -> None:
        """A record that cannot be saved: stop everything, or (--skip-bad) list it and go on."""
        if not self.skip_bad:
            raise InvalidInput(
                f"line {line}: {reason}" if line else reason,
                hint="nothing was imported; --skip-bad imports the other rows and lists the bad",
            )
        self.summary.errors.append(BadRecord(line, reason))
        counts.skipped += 1

    def note(self, text: str, line: int = 0) -> None:
        """Something read around rather than refused (a GEO turned round)."""
        self.summary.notes.append(BadRecord(line, text))

    def kept_id(self, source_id: int | None, taken: Container[int]) -> int | None:
        """The id a backup gave a record, kept when restoring into an empty database and free."""
        if self.restoring and source_id is not None and source_id not in taken:
            return source_id
        return None
