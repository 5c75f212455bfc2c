"""Lists of handles to paste into a network: one handle a line, or the two-column CSV that
Mastodon imports as a list (Preferences > Import and export > Import, type "Lists").

Mastodon's lists file has no header: each row is the list's title, then the account as
`user@domain`. Both writers stream, one contact at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from meetup_tracker.handles import AT_PLATFORMS, profile_url

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView


def paste_form(platform: str, handle: str) -> str:
    """A handle as the network itself writes it: `@ana`, `@ana@hachyderm.io`, a LinkedIn
    profile address, an email address."""
    if platform in AT_PLATFORMS and not handle.startswith("did:") and "/" not in handle:
        return f"@{handle}"
    if platform == "linkedin":
        return profile_url(platform, handle) or handle
    return handle


def write_handles(views: Iterable[ContactView], platform: str | None) -> Iterator[str]:
    """One handle a line: on one platform as the network writes it, or every handle as
    `platform:@handle` when no platform is named."""
    for view in views:
        lines = [
            paste_form(h.platform, h.handle) if platform else str(h)
            for h in view.handles
            if platform is None or h.platform == platform
        ]
        if lines:
            yield "".join(line + "\n" for line in lines)


def write_mastodon_list(views: Iterable[ContactView], title: str) -> Iterator[str]:
    """`title,user@domain` rows, no header: what Mastodon imports as a list."""
    for view in views:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for handle in view.handles:
            if handle.platform == "mastodon":
                writer.writerow([title, handle.handle])
        if buffer.tell():
            yield buffer.getvalue()
