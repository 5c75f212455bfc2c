"""What `meetup sync` did: each change (stdout), and a summary line (stderr)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetup_tracker.output import Column, Listing, message, print_json, show
from meetup_tracker.text import plural

if TYPE_CHECKING:
    from meetup_tracker.services.vdir_model import Sync


def show_sync(done: Sync, *, json_: bool) -> None:
    """The changes as a table (--json: the summary object), then what it came to."""
    if json_:
        print_json(done.to_json())
    elif done.changes:
        listing = Listing(
            done.changes,
            [
                Column("Did", no_wrap=True),
                Column("Who", style="bold"),
                Column("#", justify="right", no_wrap=True),
                Column("Card", drop=2),
                Column("Detail", drop=1),
            ],
            lambda c: (c.action, c.name, c.contact_id or "", c.file or "", c.detail),
            lambda c: c.to_json(),
        )
        show(listing, json_=False)
    summary = done.to_json()
    prefix = "would sync" if done.dry_run else "synced"
    message(
        f"{prefix} {done.folder}: {plural(summary['written'], 'card')} written,"
        f" {summary['removed_cards']} removed; {plural(summary['added'], 'contact')} added,"
        f" {summary['updated']} changed, {summary['removed_contacts']} removed;"
        f" {summary['unchanged']} unchanged"
        + (
            f"; {plural(len(summary['conflicts']), 'conflict')} (ours kept, theirs in the note)"
            if summary["conflicts"]
            else ""
        )
        + (f"; {len(summary['skipped'])} skipped" if summary["skipped"] else "")
        + (" (dry run: nothing written)" if done.dry_run else "")
    )
