"""Questions a command asks a person before it acts, and what a script gets instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from meetup_tracker.services.places import UnsurePlace
    from meetup_tracker.storage.sql import Sql

T = TypeVar("T")


def confirmed(question: str, *, yes: bool) -> bool:
    """Ask before a removal (unless --yes); say so on stderr when the answer is no. With
    nothing to read an answer from (standard input closed, or at its end), one line saying
    to pass --yes."""
    if yes:
        return True
    from meetup_tracker import output
    from meetup_tracker.errors import InvalidInput

    if not output.stdin_is_open():
        raise InvalidInput(
            f"standard input is closed, so nobody can answer '{question}'",
            hint="pass --yes to go ahead without asking",
        )
    try:
        answer = typer.confirm(question, err=True)
    except typer.Abort:
        output.message("")  # end the question's line
        raise InvalidInput(
            f"no answer to '{question}' (standard input ended)",
            hint="pass --yes to go ahead without asking",
        ) from None
    if answer:
        return True
    output.message("nothing removed")
    return False


def remove_after_asking(
    ctx: typer.Context,
    look: Callable[[Sql], tuple[str, T]],
    remove: Callable[[Sql, T], None],
    *,
    yes: bool,
    question: str = "Remove {}?",
) -> str | None:
    """Remove something after asking, without holding the database while a person thinks:
    `look` describes it (and finds its key) in a read; the question is asked outside any
    transaction (a colleague's writes never wait on an unanswered prompt); then one write
    looks again and removes it, refusing if it changed meanwhile. Returns what was removed,
    or None when the answer was no."""
    from meetup_tracker.cli.state import reading, writing
    from meetup_tracker.errors import InvalidInput

    asked: str | None = None
    if not yes:
        with reading(ctx) as conn:
            asked, _ = look(conn)
        if not confirmed(question.format(asked), yes=False):
            return None
    with writing(ctx) as conn:
        what, key = look(conn)
        if asked is not None and what != asked:
            raise InvalidInput(
                f"{asked} changed while you were asked (now {what}); nothing removed",
                hint="run the command again",
            )
        remove(conn, key)
    return what


def another_confirmed(earlier: str, *, yes: bool) -> bool:
    """Whether to record a second interaction just like one already recorded: a person is
    asked; a script (or --yes) is told, and nothing is added unless it passed --yes."""
    from meetup_tracker.output import message, stdin_is_terminal

    if yes:
        return True
    if not stdin_is_terminal():
        message(f"{earlier}; nothing added (--yes records another)")
        return False
    if typer.confirm(f"{earlier}. Record another?", err=True):
        return True
    message("nothing recorded")
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
