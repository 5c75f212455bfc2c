"""Questions a command asks a person before it acts, and what a script gets instead."""

from __future__ import annotations

from datetime import date

import typer


def confirmed(question: str, *, yes: bool) -> bool:
    """Ask before a removal (unless --yes); say so on stderr when the answer is no."""
    if yes or typer.confirm(question, err=True):
        return True
    from meetup_tracker import output

    output.message("nothing removed")
    return False


def far_ahead_confirmed(day: date, *, yes: bool) -> bool:
    """Whether a date more than two years ahead is meant (a plan) rather than a typo (2062
    for 2026, which would hide someone from `unmet` for decades). A person is asked; a
    script gets an error unless it passed --yes."""
    from meetup_tracker.dates import today
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.output import message, stdin_is_terminal
    from meetup_tracker.services.validators import FAR_AHEAD_DAYS

    ahead = (day - today()).days
    if yes or ahead <= FAR_AHEAD_DAYS:
        return True
    years = ahead // 365
    if not stdin_is_terminal():
        raise InvalidInput(
            f"{day.isoformat()} is {years} years ahead (is the year a typo?)",
            hint="add --yes to record a plan that far ahead",
        )
    if typer.confirm(f"{day.isoformat()} is {years} years ahead. Record it as planned?", err=True):
        return True
    message("nothing recorded")
    return False
