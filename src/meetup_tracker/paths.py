"""Where the database lives: --db beats MEETUP_TRACKER_DB, which beats the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "meetup-tracker"
DB_ENV = "MEETUP_TRACKER_DB"
DB_FILENAME = "meetup.db"
CACHE_ENV = "MEETUP_TRACKER_CACHE_DIR"


def expand(text: str | os.PathLike[str]) -> Path:
    """A path as typed, with `~` and `~user` expanded; a user that does not exist is one
    line naming it (never Python's RuntimeError)."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        from meetup_tracker.errors import InvalidInput

        user = str(text).split("/", 1)[0][1:] or "you"
        raise InvalidInput(
            f"{text}: there is no user '{user}' whose home folder '~{user}' could mean"
        ) from None


def default_db_path() -> Path:
    """The per-user data location that platformdirs gives for this program."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def db_location(cli_value: str | os.PathLike[str] | None = None) -> str | Path:
    """Pick the database: the --db option, then the environment, then the default file. What
    was given is returned as the text it is (a file, or a team's `postgresql://` URL: see
    `storage.open_store`)."""
    value = str(cli_value) if cli_value else os.environ.get(DB_ENV)
    return value if value else default_db_path()


def cache_dir() -> Path:
    """Where rebuildable files live (the place index): $MEETUP_TRACKER_CACHE_DIR or the user
    cache dir. Nothing about contacts is ever written here."""
    env_value = os.environ.get(CACHE_ENV)
    if env_value:
        return expand(env_value).absolute()  # relative: from where you are
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def private_dir(path: Path) -> Path:
    """A folder of ours only its owner can enter (0700), whatever the umask; created if
    missing (with its missing parents, each 0700)."""
    make_dirs(path)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def make_dirs(path: Path) -> None:
    """Create a folder and its missing parents, each only its owner can enter (0700), whatever
    the umask (which `mkdir`'s mode is filtered through, and which `parents=True` ignores).
    Folders that exist are left as they are: they are the user's."""
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        folder.chmod(0o700)
