"""Editing a record in `$VISUAL`/`$EDITOR`, as khard does: the record as a short commented
TOML text; on save, the changes it holds are applied in one transaction with the same checks
as the options. Nothing is written when the text comes back unchanged or the editor fails; a
text that cannot be read is refused with its line and why (on a terminal, the person may edit
it again)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from meetup_tracker.errors import InvalidInput

T = TypeVar("T")


def toml_value(value: Any) -> str:
    """A value as TOML writes it: a string quoted (multi-line with triple quotes), a list of
    strings, a number."""
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if "\n" in text:
        return '"""\n' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def run_editor(text: str) -> str | None:
    """The text after the person edited it (None when they left it as it was)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="meetup-", suffix=".toml")  # 0600: theirs only
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise InvalidInput(
                f"cannot start the editor '{editor}': {exc.strerror}; nothing changed",
                hint="set $EDITOR (or $VISUAL) to your editor",
            ) from None
        if done.returncode != 0:
            raise InvalidInput(
                f"the editor '{editor}' exited with {done.returncode}; nothing changed"
            )
        edited = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    return None if edited == text else edited


def edit_until_read(text: str, read: Callable[[dict[str, Any]], T]) -> T | None:
    """Edit `text` until it reads (`read` raising InvalidInput when the values are wrong);
    None when left unchanged. A person is offered to edit again after an error; a script
    gets the error."""
    import tomllib

    import typer

    from meetup_tracker.output import message, stdin_is_terminal

    current = text
    while True:
        edited = run_editor(current)
        if edited is None:
            return None
        try:
            try:
                values = tomllib.loads(edited)
            except tomllib.TOMLDecodeError as exc:
                raise InvalidInput(f"the edited text cannot be read: {exc}") from None
            return read(values)
        except InvalidInput as exc:
            if not stdin_is_terminal():
                raise
            message(f"Error: {exc}")
            if not typer.confirm("Edit it again?", default=True, err=True):
                raise InvalidInput("nothing changed") from None
            current = edited


def text_field(values: dict[str, Any], key: str) -> str | None:
    """A text field of the edited record (None when left out; a list or number refused)."""
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'{key}' must be text in quotes, not {type(value).__name__}")
    return value


def list_field(values: dict[str, Any], key: str) -> list[str]:
    """A list of texts of the edited record."""
    value = values.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f'\'{key}\' must be a list of texts, like ["a", "b"]')
    return value


def unknown_keys(values: dict[str, Any], known: tuple[str, ...]) -> None:
    """A key the record does not have is a typo, said as such."""
    extra = sorted(set(values) - set(known))
    if extra:
        raise InvalidInput(
            f"the edited text has '{extra[0]}', which is not a field",
            hint="fields: " + ", ".join(known),
        )
