"""The agenda: by day on a terminal; `date kind text ref` rows in a pipe; one object in JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from meetup_tracker.output import Custom, message, rich_console, show, shown

if TYPE_CHECKING:
    from meetup_tracker.services.agenda import Agenda

_MARKS = {"followup": "owe", "due": "due", "planned": "plan", "trip": "trip", "overlap": "meet"}


def agenda(found: Agenda, *, json_: bool) -> None:
    """What is coming, day by day."""
    from meetup_tracker.dates import today

    days = found.days()

    def terminal() -> None:
        if not days:
            message(f"nothing coming from {found.first} to {found.last}")
            return
        console = rich_console()
        for day, items in days:
            label = f"{day} (today)" if day == today().isoformat() else day
            console.print(f"[bold]{label}[/bold]")
            for item in items:
                console.print(
                    f"  [cyan]{_MARKS[item.kind]:<5}[/cyan] {shown(item.text)}"
                    f" [dim]{shown(item.ref)}[/dim]"
                )

    def pipe() -> None:
        if not days:
            message(f"nothing coming from {found.first} to {found.last}")
            return
        sys.stdout.write("date\tkind\ttext\tref\n")
        from meetup_tracker.output import plain

        for day, items in days:
            for item in items:
                sys.stdout.write(f"{day}\t{item.kind}\t{plain(item.text)}\t{plain(item.ref)}\n")

    show(Custom(found.to_json, terminal, pipe), json_=json_)
