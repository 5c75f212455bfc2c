"""The domain's errors. Each knows its exit code; the CLI turns them into one line on stderr."""

from __future__ import annotations


class MeetupError(Exception):
    """A user or data error: reported as one line on stderr, exit code 1."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class NotFound(MeetupError):
    """A contact, trip or place the user named does not exist."""


class Ambiguous(MeetupError):
    """A reference matches more than one thing."""


class Conflict(MeetupError):
    """The change would break a rule, such as a handle owned by two contacts."""


class InvalidInput(MeetupError):
    """A value the user typed cannot be understood."""


class StorageError(MeetupError):
    """The database cannot be opened, read or written."""


def from_exception(exc: BaseException, *, db_path: object = None) -> MeetupError | None:
    """The user-facing error for a failure of the database or the file system, if it is one.

    SQLAlchemy is not imported here: its exceptions are recognised by the sqlite3 error they wrap.
    """
    import sqlite3
    import sys

    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found = getattr(exc, "orig", None) or exc
        if isinstance(found, psycopg.Error):
            return _team_error(found, psycopg, db_path)
    original = getattr(exc, "orig", None)
    if isinstance(original, sqlite3.Error):
        exc = original
    where = f" {db_path}" if db_path else ""
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StorageError(
                f"the database{where} is busy: another meetup command is writing",
                hint="try again in a moment",
            )
        if "readonly" in text or "read-only" in text:
            return StorageError(f"the database{where} is read-only", hint="check its permissions")
        if "not a database" in text or "malformed" in text:
            return StorageError(
                f"{db_path or 'the file'} is not a meetup-tracker database, or is damaged"
            )
        if "unable to open" in text:
            return StorageError(
                f"cannot open the database{where}", hint="check the path and its permissions"
            )
        if "full" in text:
            return StorageError(f"disk full: cannot write the database{where}")
        if "disk" in text:
            return StorageError(f"cannot write the database{where}: {text}")
        return None
    if isinstance(exc, UnicodeDecodeError):
        return InvalidInput(f"cannot read the text: {exc.reason} at byte {exc.start}")
    if isinstance(exc, OSError) and exc.strerror and not isinstance(exc, BrokenPipeError):
        name = f" {exc.filename}" if exc.filename else ""
        if exc.errno == 28:  # ENOSPC
            return StorageError(f"disk full: cannot write{name}")
        return StorageError(f"cannot use{name}: {exc.strerror}")
    return None


def _team_error(exc: BaseException, psycopg: object, db_path: object) -> MeetupError | None:
    """A PostgreSQL failure in one line: a lost connection, a refusal; nothing was saved (the
    server rolled the transaction back). Never the password: the URL is shown redacted."""
    errors = getattr(psycopg, "errors", None)
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    where = f" {db_path}" if db_path else ""
    if errors is not None and isinstance(exc, errors.InsufficientPrivilege):
        return StorageError(f"the team database{where} refused: {first}", hint="ask its owner")
    operational = getattr(psycopg, "OperationalError", ())
    if isinstance(exc, operational):
        return StorageError(
            f"lost the team database{where}: {first}", hint="nothing was saved; try again"
        )
    return None
