"""Per invocation: the --db option, and the store it names, opened when first needed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from meetup_tracker.geo.places import Place
    from meetup_tracker.storage import Store
    from meetup_tracker.storage.sql import Sql


@dataclass
class AppState:
    """The --db option, and the store opened when first needed."""

    db_option: Path | str | None = None
    _store: Store | None = field(default=None, repr=False)
    _home: tuple[Place | None] | None = field(default=None, repr=False)

    @property
    def location(self) -> str | Path:
        """The database file, or team database URL, this invocation uses."""
        from meetup_tracker.paths import db_location

        return db_location(self.db_option)

    @property
    def store(self) -> Store:
        """The store, opened (and upgraded) on first use."""
        if self._store is None:
            from meetup_tracker import output
            from meetup_tracker.storage import open_store

            self._store = open_store(self.location, on_wait=output.message)
        return self._store

    def home_place(self) -> Place | None:
        """Home, as context for the place names typed (read once; None when unset, or when
        the database file does not exist yet: reading a name never creates it)."""
        if self._home is None:
            from meetup_tracker.services.places import home_place
            from meetup_tracker.storage.postgres import is_url

            location = self.location
            if not is_url(str(location)) and not Path(location).exists():
                self._home = (None,)
            else:
                with self.store.reading() as conn:
                    self._home = (home_place(conn=conn),)
        return self._home[0]

    def not_the_database(self, target: Path) -> None:
        """Refuse an output path that is this invocation's database file, or one of its own."""
        from meetup_tracker.files import not_the_database
        from meetup_tracker.storage import database_file
        from meetup_tracker.storage.postgres import is_url

        location = self.location
        if not is_url(str(location)):
            not_the_database(target, database_file(location))

    @property
    def shown_db(self) -> str:
        """The database as it may be printed: a URL without its password."""
        return self._store.shown if self._store is not None else _shown(self.location)

    @property
    def changed(self) -> bool:
        """Whether a write of this invocation was committed."""
        return self._store is not None and self._store.changed

    def close(self) -> None:
        """Release the store."""
        if self._store is not None:
            self._store.close()


def _shown(location: str | Path) -> str:
    from meetup_tracker.storage import shown

    return shown(location)


def state(ctx: typer.Context) -> AppState:
    """The AppState of the root command."""
    obj = ctx.find_root().obj
    if not isinstance(obj, AppState):
        obj = AppState()
        ctx.find_root().obj = obj
    return obj


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Sql]:
    """A connection in one read transaction: for the commands that only read."""
    with state(ctx).store.reading() as conn:
        yield conn


@contextmanager
def writing(ctx: typer.Context, *, dry_run: bool = False) -> Iterator[Sql]:
    """A connection in one write transaction (all or nothing): for the commands that write."""
    with state(ctx).store.writing(dry_run=dry_run) as conn:
        yield conn
