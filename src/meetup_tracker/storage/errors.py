"""A database driver's failure as one line for the user: SQLite's and PostgreSQL's errors,
recognised here so that nothing else needs to know either driver."""

from __future__ import annotations

import sqlite3
import sys

from meetup_tracker.errors import MeetupError, StorageError


def translate(exc: BaseException, *, shown: object = None) -> MeetupError | None:
    """The user-facing error for a failure of the database, if it is one (`shown`: the
    database as it may be printed)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(exc, psycopg.Error):
        return _team_error(exc, psycopg, shown)
    if isinstance(exc, sqlite3.Error):
        return _file_error(exc, shown)
    return None


def _file_error(exc: sqlite3.Error, shown: object) -> MeetupError | None:
    where = f" {shown}" if shown else ""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StorageError(
            f"the database{where} is busy: another meetup command is writing",
            hint="try again in a moment",
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(f"the database{where} is read-only", hint="check its permissions")
    if "not a database" in text or "malformed" in text:
        what = shown or "the file"
        return StorageError(f"{what} is not a meetup-tracker database, or is damaged")
    if "unable to open" in text:
        return StorageError(
            f"cannot open the database{where}", hint="check the path and its permissions"
        )
    if "full" in text:
        return StorageError(
            f"the disk holding the database{where} is full: nothing was changed",
            hint="free some space, then run the command again",
        )
    if "disk" in text:
        return StorageError(f"cannot write the database{where}: {text}")
    return None


def _team_error(exc: BaseException, psycopg: object, shown: object) -> MeetupError | None:
    """A PostgreSQL failure in one line: a lost connection, a refusal; nothing was saved (the
    server rolled the transaction back). Never the password: the URL is shown redacted."""
    from meetup_tracker.storage.postgres import scrub

    errors = getattr(psycopg, "errors", None)
    first = scrub((str(exc).strip().splitlines() or [type(exc).__name__])[0])
    where = f" {shown}" if shown else ""
    if errors is not None and isinstance(exc, errors.ReadOnlySqlTransaction):
        return StorageError(
            f"the team database{where} refused the change: this role can only read;"
            " nothing was saved",
            hint="ask its owner for write access",
        )
    if errors is not None and isinstance(exc, errors.InsufficientPrivilege):
        return StorageError(
            f"the team database{where} refused: {first}; nothing was saved",
            hint="ask its owner for the rights",
        )
    if errors is not None and isinstance(exc, errors.NumericValueOutOfRange):
        return StorageError(f"the team database{where} cannot hold a number given: {first}")
    operational = getattr(psycopg, "OperationalError", ())
    if isinstance(exc, operational):
        return StorageError(
            f"lost the team database{where}: {first}",
            hint="nothing was saved; run the command again once the server is back",
        )
    return None
