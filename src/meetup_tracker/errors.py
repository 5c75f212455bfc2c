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


def from_exception(exc: BaseException) -> MeetupError | None:
    """The user-facing error for a failure of the file system or of text decoding, if it is
    one (a database driver's failures are `storage.errors.translate`'s)."""
    if isinstance(exc, UnicodeDecodeError):
        return InvalidInput(f"cannot read the text: {exc.reason} at byte {exc.start}")
    if isinstance(exc, OSError) and exc.strerror and not isinstance(exc, BrokenPipeError):
        name = f" {exc.filename}" if exc.filename else ""
        if exc.errno == 28:  # ENOSPC
            return StorageError(f"disk full: cannot write{name}")
        return StorageError(f"cannot use{name}: {exc.strerror}")
    return None
