"""Saving what a file held, in one transaction, stage by stage: the rows the file's reader
refused or skipped, then contacts (matched to the ones you have), then what a backup holds
besides, then a calendar's trips; then a look for new contacts that seem to be old ones.

Set-wise throughout: look-ups are loaded once per batch, rows inserted in bulk, never a query
per row. Importing the same file twice adds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetup_tracker.services.import_job import ImportJob, ImportSummary, Progress

if TYPE_CHECKING:
    from meetup_tracker.formats.records import Parsed
    from meetup_tracker.storage import Store
    from meetup_tracker.storage.sql import Sql

# Beyond this many new contacts an import is a first load, not a top-up: no duplicate check.
DUPE_CHECK_LIMIT = 100_000


def import_parsed(
    store: Store,
    parsed: Parsed,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Save a parsed file in one transaction (none of it with `dry_run`). A bad record stops
    everything (InvalidInput naming its line) unless `skip_bad`, which saves the rest and
    lists the bad."""
    with store.writing(dry_run=dry_run) as conn:
        (had,) = conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()
        summary = run_import(conn=conn, parsed=parsed, skip_bad=skip_bad, progress=progress)
        if had and 0 < summary.contacts.added <= DUPE_CHECK_LIMIT:
            # People typed by hand come back from LinkedIn spelt another way: say so.
            from meetup_tracker.services.dupes import find_dupes

            found = find_dupes(conn=conn, newer_than=had)
            summary.likely_duplicates = len({p.other[0] for p in found})
    summary.dry_run = dry_run
    return summary


def run_import(
    *, conn: Sql, parsed: Parsed, skip_bad: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """The stages of an import, in the connection's transaction."""
    from meetup_tracker.services.backup import contact_records, restore
    from meetup_tracker.services.contact_import import ContactImport
    from meetup_tracker.services.places import PlaceCache, home_place
    from meetup_tracker.services.trip_import import import_trips
    from meetup_tracker.storage.registry import TABLES

    summary = ImportSummary(parsed.format)
    restoring = conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    job = ImportJob(conn, summary, skip_bad, progress or (lambda _n: None), restoring)
    if not parsed.streaming:  # a stream's bad rows come among its records
        for bad in parsed.bad:
            job.bad(bad.line, bad.reason, summary.trips if parsed.trips else summary.contacts)
    counted = len(parsed.skipped)
    for skipped in parsed.skipped:  # rows that are nobody to import, not errors
        summary.skip(skipped.reason)
    summary.notes.extend(parsed.notes)
    summary.unnamed_accounts = parsed.unnamed_accounts
    places = PlaceCache(home_place(conn=conn), job.note)
    contacts = ContactImport(job, places)
    if parsed.backup is not None:
        contacts.run(contact_records(parsed.backup.tables.get("contact", [])))
    else:
        contacts.run(parsed.records())
    summary.notes.extend(n for n in parsed.notes if n not in summary.notes)
    for skipped in parsed.skipped[counted:]:  # rows the file's reader skipped as it went
        summary.skip(skipped.reason)
    if parsed.backup is not None:
        restore(job, parsed.backup, contacts.mapping)
    from meetup_tracker.services.event_import import import_events

    away = import_events(job, parsed.events, places)
    import_trips(job, [*parsed.trips, *away], places)
    conn.after_bulk_insert([t.name for t in TABLES if t.backed_up])
    return summary
