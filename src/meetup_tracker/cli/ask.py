"""Questions a command asks a person before it acts, and what a script gets instead."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from meetup_tracker.services.places import UnsurePlace


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


def which_place(unsure: UnsurePlace) -> str:
    """The place a person picks among a guess's candidates (`Indianopolis`: Indianapolis, or
    Indianópolis, Brazil), or another they type; a script gets the error naming them."""
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.output import message, stdin_is_terminal

    if not stdin_is_terminal():
        raise unsure
    message(f"{unsure.message}:")
    for number, place in enumerate(unsure.choices, start=1):
        message(f"  {number}. {place.display}")
    answer: str = typer.prompt(
        "which? (a number, another place, or Enter for none)",
        default="",
        show_default=False,
        err=True,
    ).strip()
    if not answer:
        raise InvalidInput("no place chosen", hint=unsure.hint)
    if answer.isdigit() and 0 < int(answer) <= len(unsure.choices):
        return unsure.choices[int(answer) - 1].display
    return answer
