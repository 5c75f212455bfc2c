"""`meetup import` and `meetup export`: the files people already have, in and out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli.options import (
    JsonOption,
    MetOption,
    NearOption,
    NotMetOption,
    PlatformOption,
    SinceBeforeOption,
    TagFilterOption,
    WithinOption,
)
from meetup_tracker.cli.state import reading, state
from meetup_tracker.cli.where import Who
from meetup_tracker.paths import expand

if TYPE_CHECKING:
    from meetup_tracker.formats.records import Parsed


def _read(path: str) -> tuple[bytes, str]:
    import sys

    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.formats.records import read_limited

    if path == "-":
        from meetup_tracker.output import stdin_is_open

        if not stdin_is_open():
            raise InvalidInput("standard input is closed: nothing to import", hint="give a file")
        return read_limited(sys.stdin.buffer, "standard input"), "standard input"
    file = expand(path)
    if file.is_dir():
        raise InvalidInput(f"{path} is a folder, not a file")
    try:
        with file.open("rb") as stream:
            return read_limited(stream, path), path
    except FileNotFoundError as exc:
        raise InvalidInput(f"no file {path}") from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc


def import_(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[FORMAT] FILE",
            help="The file (- for standard input), after its format if you want to name it:"
            " linkedin (Connections, messages or Invitations), mastodon, vcard, google (or"
            " outlook, thunderbird), csv, json, ics, twitter (an archive folder or .zip) or"
            " bluesky (repo.car). Without one, it is detected.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad", help="Import the good rows and list the bad ones, instead of stopping."
        ),
    ] = False,
    min_exchanges: Annotated[
        int,
        typer.Option(
            "--min-exchanges",
            metavar="N",
            help="Twitter/X archive: only people you talked with at least N times.",
        ),
    ] = 1,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="The file's text encoding, when detection gets it wrong: cp1252, latin-1...",
            show_default=False,
        ),
    ] = None,
    for_: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="REF",
            help="A calendar someone shared (their TripIt feed, a conference's listing): its"
            " trips and events become that contact's visits.",
            show_default=False,
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Import contacts, meetings or trips from a file.

    Importing the same file twice adds nothing: contacts are matched by handle, email or profile
    URL, then by exact name and place, and gain only what they lack."""
    from meetup_tracker import formats, output
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.render import files as render_files
    from meetup_tracker.services.importing import import_parsed

    if len(args) > 2:
        raise InvalidInput(
            "give at most a format and a file", hint="e.g. meetup import linkedin Connections.csv"
        )
    if len(args) == 2:
        fmt, path = formats.check_format(args[0]), args[1]
    else:
        fmt, path = None, args[0]
        if path.lower() in formats.IMPORTERS and not _exists(path):
            raise InvalidInput(f"which file? give it after the format: meetup import {path} FILE")
    parsed = _parse(fmt, path, encoding=encoding, min_exchanges=min_exchanges)
    if for_ is not None:
        _their_calendar(ctx, parsed, for_, dry_run=dry_run, json_=json_)
        return
    with output.progress(parsed.size, "importing") as tick:
        summary = import_parsed(
            state(ctx).store, parsed, skip_bad=skip_bad, dry_run=dry_run, progress=tick
        )
    render_files.import_summary(summary, json_=json_)


def _their_calendar(
    ctx: typer.Context, parsed: Parsed, ref: str, *, dry_run: bool, json_: bool
) -> None:
    """A contact's shared calendar, read as their visits (each once, by its UID)."""
    from meetup_tracker import output
    from meetup_tracker.cli.state import writing
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.services.places import PlaceCache
    from meetup_tracker.services.refs import find_contact
    from meetup_tracker.services.visits import import_visits

    if parsed.format != "ics":
        raise InvalidInput(
            "--for reads a calendar (.ics) as someone's visits", hint="give an .ics file"
        )
    with writing(ctx, dry_run=dry_run) as conn:
        contact = find_contact(conn=conn, ref=ref)
        places = PlaceCache(state(ctx).home_place(), output.message)
        counts = import_visits(conn=conn, contact_id=contact.id, parsed=parsed, places=places)
    verb = "would add" if dry_run else "added"
    output.message(
        f"{contact.name}'s calendar: {verb} {counts['added']} visits,"
        f" {counts['unchanged']} already known, {counts['unplaced']} without a place"
    )
    if json_:
        output.print_json({"contact_id": contact.id, "contact": contact.name, **counts})


def _parse(fmt: str | None, path: str, *, encoding: str | None, min_exchanges: int) -> Parsed:
    """What a file (or a Twitter/X archive folder or zip) holds, its format named or found."""

    from meetup_tracker import formats
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.formats import twitter, twitter_files
    from meetup_tracker.formats.records import read_text

    archive = expand(path)
    if fmt == "bluesky" or (fmt is None and path != "-" and _is_car(archive)):
        from meetup_tracker.formats import bluesky

        if not archive.is_file():
            raise InvalidInput(f"no file {path}")
        return bluesky.parse_repo(archive)
    if fmt == "twitter" or (
        fmt is None and path != "-" and (archive.is_dir() or path.lower().endswith(".zip"))
    ):
        if not archive.exists():
            raise InvalidInput(f"no file {path}")
        if fmt is None and not twitter_files.is_archive(archive):
            raise InvalidInput(
                f"{path} is not a Twitter/X archive",
                hint="give a file, or the archive Twitter sent",
            )
        return twitter.parse_archive(archive, min_exchanges=min_exchanges)
    data, source = _read(path)
    text = read_text(data, source, encoding)
    if fmt is None:
        fmt = formats.detect(text)
        if fmt is None:
            raise InvalidInput(
                f"cannot tell the format of {source}",
                hint="name it: meetup import linkedin|mastodon|vcard|google|csv|json|ics FILE",
            )
    return formats.parse(fmt, text, source)


def _is_car(path: object) -> bool:
    """A Bluesky repository export: named .car, or beginning like one."""
    from pathlib import Path

    from meetup_tracker.formats.bluesky import looks_like

    assert isinstance(path, Path)
    if path.suffix.lower() == ".car":
        return True
    try:
        with path.open("rb") as file:
            return path.is_file() and looks_like(file.read(4096))
    except OSError:
        return False


def _exists(path: str) -> bool:
    from pathlib import Path

    return Path(path).exists()


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help="json, csv, vcard, ics, geojson, handles or mastodon-list.",
        ),
    ],
    output_path: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (readable by you only) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    met: MetOption = False,
    not_met: NotMetOption = False,
    platform: PlatformOption = None,
    tag: TagFilterOption = None,
    near: NearOption = None,
    within: WithinOption = None,
    since_before: SinceBeforeOption = None,
    vdir: Annotated[
        str | None,
        typer.Option(
            "--vdir",
            metavar="DIR",
            help="ics only: write a vdir instead, one UID.ics per trip, stop, planned meeting"
            " and follow-up (a to-do), for khal and todoman (and vdirsyncer to a CalDAV"
            " server). Made if missing; files of others in it are left alone.",
            show_default=False,
        ),
    ] = None,
    list_title: Annotated[
        str | None,
        typer.Option(
            "--list",
            help="The list's title, for mastodon-list. Default: 'Met in person'.",
            show_default=False,
            metavar="TITLE",
        ),
    ] = None,
) -> None:
    """Export everything, or chosen contacts, to a file.

    csv, vcard and geojson hold contacts; handles is one @handle a line (--platform x for
    one network's, to paste into a list); mastodon-list is the CSV Mastodon imports as a
    list. These five take the filters of 'contact list': --met, --tag, --near... ics holds
    trips and planned meetings, and json everything."""
    import sys

    from meetup_tracker import formats, output
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.files import private_output
    from meetup_tracker.services import exporter
    from meetup_tracker.text import inert

    name = formats.check_format(fmt, formats.EXPORTERS)
    if vdir is not None:
        _export_vdir(ctx, name, vdir, output_path)
        return
    if output_path not in (None, "-"):
        state(ctx).not_the_database(expand(output_path))
    who = Who(met, not_met, tag, platform, near, within, since_before)
    narrowed = who != Who()
    if narrowed and name not in formats.CONTACT_EXPORTS:
        raise InvalidInput(
            f"{name} exports everything; the contact filters are for "
            + ", ".join(formats.CONTACT_EXPORTS)
        )
    if list_title is not None and name != "mastodon-list":
        raise InvalidInput("--list names a Mastodon list: use it with mastodon-list")
    title = (list_title if list_title is not None else "Met in person").strip()
    if not title or "\n" in title or "\r" in title:
        raise InvalidInput("--list needs a title on one line, e.g. 'Met in person'")
    with reading(ctx) as conn:
        options = exporter.ExportOptions(
            who=who.resolve(ctx, conn) if narrowed else None,
            platform=_platform(platform),
            title=title,
        )
        chunks = exporter.export_chunks(conn=conn, name=name, options=options)
        if output_path is None or output_path == "-":
            # On a terminal, what files held is shown inert; a pipe gets the exact text.
            terminal = output.stdout_is_terminal()
            for chunk in chunks:
                sys.stdout.write(inert(chunk, lines=True) if terminal else chunk)
            return
        with private_output(expand(output_path)) as file:
            for chunk in chunks:
                file.write(chunk.encode("utf-8"))
    output.message(f"wrote {output_path}")


def _export_vdir(ctx: typer.Context, name: str, folder: str, output_path: str | None) -> None:
    from meetup_tracker import output
    from meetup_tracker.errors import InvalidInput
    from meetup_tracker.paths import make_dirs
    from meetup_tracker.services.exporter import export_ics_vdir
    from meetup_tracker.text import plural

    if name != "ics":
        raise InvalidInput(f"--vdir writes a calendar: use it with ics, not {name}")
    if output_path is not None:
        raise InvalidInput("give --vdir or --output, not both")
    path = expand(folder)
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder")
    with reading(ctx) as conn:
        make_dirs(path)
        done = export_ics_vdir(conn=conn, folder=path)
    output.message(
        f"wrote {folder}: {plural(len(done.written), 'file')} written,"
        f" {len(done.removed)} removed, {done.unchanged} unchanged"
    )


def _platform(name: str | None) -> str | None:
    from meetup_tracker.handles import canonical_platform

    return canonical_platform(name) if name else None
