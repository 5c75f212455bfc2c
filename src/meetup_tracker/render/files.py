"""What an import did: added, updated, unchanged and skipped, the bad rows with their lines,
and what to look at next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetup_tracker.output import Custom, message, show
from meetup_tracker.text import plural

if TYPE_CHECKING:
    from meetup_tracker.services.import_job import ImportSummary


def import_summary(summary: ImportSummary, *, json_: bool) -> None:
    """Added, updated, unchanged, skipped; and the bad rows, with their lines (on stderr:
    the data an import gives is in the database)."""

    def lines() -> None:
        total = summary.total
        prefix = "would import" if summary.dry_run else "imported"
        kinds = [
            (label, counts)
            for label, counts in (
                ("contacts", summary.contacts),
                ("interactions", summary.interactions),
                ("trips", summary.trips),
            )
            if counts.added or counts.updated or counts.unchanged or counts.skipped
        ]
        detail = "; ".join(
            f"{label}: {c.added} added, {c.updated} updated,"
            f" {c.unchanged} unchanged, {c.skipped} skipped"
            for label, c in kinds
        )
        why = ", ".join(f"{count} {reason}" for reason, count in summary.skipped_reasons.items())
        message(
            f"{prefix} {summary.format}: {total.added} added, {total.updated} updated,"
            f" {total.unchanged} unchanged, {total.skipped} skipped"
            + (f" ({why})" if why else "")
            + (f" ({detail})" if len(kinds) > 1 else "")
            + (" (dry run: nothing written)" if summary.dry_run else "")
        )
        for error in summary.errors:
            message(f"  line {error.line}: {error.reason}" if error.line else f"  {error.reason}")
        for note in summary.notes:
            message(
                f"  note: line {note.line}: {note.reason}"
                if note.line
                else f"  note: {note.reason}"
            )
        if summary.likely_duplicates:
            many = summary.likely_duplicates > 1
            message(
                f"{plural(summary.likely_duplicates, 'new contact')}"
                f" {'look like ones' if many else 'looks like one'} you had: meetup contact dupes"
            )
        if summary.unnamed_accounts:
            message(
                f"{plural(summary.unnamed_accounts, 'account')} you talked with could not be"
                " named (deleted or suspended since): counted, not imported"
            )
        if summary.guessed:
            message(
                f"{plural(summary.guessed, 'city', 'cities')} taken as the likelier of places"
                " of the name (see the notes): meetup contact edit REF --city to change one"
            )
        if summary.unresolved:
            message(
                f"{plural(summary.unresolved, 'city', 'cities')} kept as text without"
                " coordinates: meetup place unresolved"
            )
        if summary.errors:
            message(f"{len(summary.errors)} bad rows skipped (see above)")

    show(Custom(summary.to_json, lines, lines), json_=json_)
