"""Files the user asks for (exports, backups): written whole or not at all, readable by their
owner only, and never through something that is not a regular file.

- A regular file is replaced atomically: a uniquely named `.NAME.PID.XXXX.partial` beside it
  (mode 0600), fsynced, renamed over the target, the folder fsynced. An error removes it, and
  one left by a killed run is removed next time.
- A character device or a FIFO (`-o /dev/stdout`, `/dev/null`, a named pipe) is written
  straight into: replacing it would put a regular file where a device was.
- A symbolic link is followed to where it points; the link itself is never replaced.
- Anything else (a folder, a block device, a socket) is refused.
- The live database, or one of its own files (`-wal`, `-shm`, `-journal`, `.bak`), is never a
  target, whatever the path's spelling (relative, a link, `/proc/self/fd/N`): `not_the_database`.

Errors name the path the user gave, never the temporary one.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from meetup_tracker.errors import InvalidInput, StorageError
from meetup_tracker.paths import make_dirs


def _final(target: Path) -> Path:
    """Where the user's path leads: a symbolic link followed to the file it names."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _streams(path: Path) -> bool:
    """Whether a path is a device or pipe to write into rather than a file to replace."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return True
    if stat.S_ISDIR(mode):
        raise InvalidInput(f"{path} is a folder", hint="give a file name")
    if not stat.S_ISREG(mode):
        raise InvalidInput(f"{path} is not a regular file, a device or a pipe")
    return False


DATABASE_SIBLINGS = ("", "-wal", "-shm", "-journal", ".bak")


def not_the_database(target: Path, database: Path) -> None:
    """Refuse a path that leads to the database in use or one of its own files."""
    try:
        real = Path(os.path.realpath(target))
    except OSError:
        return
    for suffix in DATABASE_SIBLINGS:
        sibling = database.with_name(database.name + suffix)
        same = real == Path(os.path.realpath(sibling))
        with suppress(OSError):
            same = same or (real.exists() and sibling.exists() and os.path.samefile(real, sibling))
        if same:
            what = "the database in use" if not suffix else f"the database's own {suffix} file"
            raise InvalidInput(
                f"{target} is {what} ({database})", hint="give another file to write to"
            )


def _error(shown: Path, exc: OSError) -> StorageError:
    return StorageError(f"cannot write {shown}: {exc.strerror or exc}")


@contextmanager
def private_output(target: Path) -> Iterator[BinaryIO]:
    """A binary file to write into: see the module's docstring."""
    final = _final(target)
    if _streams(final):
        try:
            with final.open("wb") as stream:
                yield stream
        except OSError as exc:
            raise _error(target, exc) from exc
        return
    with _replacement(target, final) as partial, partial.open("wb") as file:
        yield file
        file.flush()
        os.fsync(file.fileno())


@contextmanager
def private_path(target: Path) -> Iterator[Path]:
    """A new private file to fill by path (SQLite's backup API writes by path); it then takes
    the target's place, or is copied into a device or pipe."""
    final = _final(target)
    if not _streams(final):
        with _replacement(target, final) as partial:
            yield partial
            with partial.open("rb+") as file:
                os.fsync(file.fileno())
        return
    folder = Path(tempfile.mkdtemp(prefix="meetup-"))
    try:
        staged = folder / "copy"
        yield staged
        with staged.open("rb") as source, final.open("wb") as stream:
            shutil.copyfileobj(source, stream)
    except OSError as exc:
        raise _error(target, exc) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _replacement(shown: Path, final: Path) -> Iterator[Path]:
    folder = final.parent
    if not folder.is_dir():
        raise StorageError(f"cannot write {shown}: no folder {folder}")
    _remove_stale(folder, final.name)
    with _staged(shown, final) as partial:
        yield partial
    _sync_folder(folder)


@contextmanager
def _staged(shown: Path, final: Path) -> Iterator[Path]:
    """A private temporary file beside `final`, renamed over it once filled (a link there is
    replaced, not followed); removed on any error, an OSError named by the user's path."""
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{final.name}.{os.getpid()}.", suffix=".partial", dir=final.parent
        )
    except OSError as exc:
        raise _error(shown, exc) from exc
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, final)
    except BaseException as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _error(shown, exc) from exc
        raise


def replace_in_folder(folder: Path, contents: Iterable[tuple[str, bytes]]) -> None:
    """Many files of one folder (a vdir's cards) each replaced as `private_output` replaces
    one, but never through a link (a link there is replaced by the file), the folder looked
    over for stale temporary files once and synced once at the end."""
    _remove_stale(folder, "*")
    for name, data in contents:
        target = folder / name
        with _staged(target, target) as partial, partial.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    _sync_folder(folder)


def _remove_stale(folder: Path, name: str) -> None:
    """Temporary files left by a run that was killed (its process is gone): `.NAME.PID.XXXX
    .partial`, NAME one file's or `*` for every file's."""
    for partial in folder.glob(f".{name}.*.partial"):
        pid = partial.name.rsplit(".", 3)[-3]
        if pid.isdigit() and not _alive(int(pid)):
            with suppress(OSError):
                partial.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def _sync_folder(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_target(target: Path, *, force: bool, folder: bool = False, suffix: str = ".db") -> Path:
    """Where a backup goes: a folder (or a path written with a trailing slash, made if need
    be) gets a dated file name; an existing file needs --force."""
    from datetime import date

    if folder and not target.exists():
        try:
            make_dirs(target)
        except OSError as exc:
            raise InvalidInput(f"cannot make the folder {target}: {exc.strerror}") from exc
    if target.is_dir():
        target = target / f"meetup-{date.today().isoformat()}{suffix}"
    if target.exists() and not force:
        raise InvalidInput(
            f"{target} already exists", hint="give another name, or --force to replace it"
        )
    if not target.parent.exists():
        raise InvalidInput(f"no folder {target.parent}")
    return target
