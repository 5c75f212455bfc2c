"""What `db check` reports, on either engine, and the check both engines share: rows that
point at nothing, for every reference the table registry knows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql


@dataclass
class Health:
    """What `db check` found."""

    path: str
    schema: int
    latest: int
    contacts: int
    integrity: list[str] = field(default_factory=lambda: ["ok"])  # "ok", or the problems
    broken_references: list[str] = field(default_factory=list)
    engine_checks: str = ""  # what was checked beyond the references, said in the summary

    @property
    def healthy(self) -> bool:
        """Whether nothing was found wrong."""
        return self.integrity == ["ok"] and not self.broken_references

    @property
    def first_problem(self) -> str:
        """The first problem found, to name in a one-line error."""
        found = [p for p in self.integrity if p != "ok"] + self.broken_references
        return found[0] if found else "damaged"

    @property
    def problems(self) -> int:
        """How many problems were found."""
        return len([p for p in self.integrity if p != "ok"]) + len(self.broken_references)

    def to_json(self) -> dict[str, Any]:
        """The public object of `db check --json`."""
        return {
            "path": self.path,
            "healthy": self.healthy,
            "schema": self.schema,
            "latest_schema": self.latest,
            "contacts": self.contacts,
            "integrity": self.integrity,
            "broken_references": self.broken_references,
        }


def orphans(conn: Sql) -> list[str]:
    """Rows whose references point at nothing (the foreign keys forbid them; a restore by
    hand with them turned off would not), one line per table and reference."""
    from meetup_tracker.storage.registry import TABLES

    found = []
    for table in TABLES:
        present = conn.columns(table.name) if table.references else {}
        for column, parent in table.references.items():
            if column not in present:  # a database from before the column was added
                continue
            (count,) = conn.execute(
                f"SELECT count(*) FROM {table.name} t WHERE t.{column} IS NOT NULL AND NOT EXISTS"
                f" (SELECT 1 FROM {parent} p WHERE p.id = t.{column})"
            ).fetchone()
            if count:
                found.append(f"{count} {table.name} rows point at a missing {parent}")
    return found
