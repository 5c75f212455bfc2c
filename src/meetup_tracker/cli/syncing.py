"""`meetup sync DIR`: the contacts and a vdir of vCards (khard's; a phone's through vdirsyncer)
kept in step, both ways."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli.options import JsonOption
from meetup_tracker.cli.state import state, writing
from meetup_tracker.paths import expand


def sync(
    ctx: typer.Context,
    folder: Annotated[
        str,
        typer.Argument(
            metavar="DIR",
            help="The vdir: a folder of .vcf files, one card each (khard's address book, or"
            " the folder vdirsyncer syncs with your phone's). Made if missing.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    force_delete: Annotated[
        bool,
        typer.Option(
            "--force-delete",
            help="Go on when the folder lost every card (or the database every contact) since"
            " the last sync, removing them on the other side too.",
        ),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Keep a vdir of vCards and your contacts in step, both ways.

    New and changed contacts are written as one card each (UID.vcf); cards another program
    added or changed are read back, field by field: the side that changed a field since the
    last sync wins, and when both did, yours is kept and the card's goes into the note. A
    contact or card removed on one side is removed on the other only if this folder's last
    sync saw it. Handles travel as X-SOCIALPROFILE, URL and IMPP, tags as CATEGORIES, the
    place as ADR and GEO, the day you last met and how often to keep in touch as
    X-MEETUP-MET and X-MEETUP-EVERY."""
    from meetup_tracker import output
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.paths import make_dirs
    from meetup_tracker.render.syncing import show_sync
    from meetup_tracker.services.vdir_sync import sync as sync_folder
    from meetup_tracker.storage.postgres import is_url

    path = expand(folder)
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder of cards")
    if not path.exists():
        if dry_run:
            raise InvalidInput(f"no folder {folder}", hint="without --dry-run, sync makes it")
        make_dirs(path)
        output.message(f"made {folder}")
    app_state = state(ctx)
    home = app_state.home_place()
    location = app_state.location
    database = app_state.shown_db if is_url(str(location)) else str(expand(location).resolve())
    with writing(ctx, dry_run=dry_run) as conn:
        done = sync_folder(
            conn=conn,
            folder=path,
            database=database,
            home=home,
            dry_run=dry_run,
            force_delete=force_delete,
        )
    done.finish()
    show_sync(done, json_=json_)
