"""`meetup contact ...`: add, list, show, edit, remove and merge contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from meetup_tracker.cli import complete
from meetup_tracker.cli.ask import remove_after_asking
from meetup_tracker.cli.options import (
    JsonOption,
    LatOption,
    LimitOption,
    LonOption,
    MetOption,
    NearOption,
    NotMetOption,
    PlatformOption,
    RefArgument,
    SinceBeforeOption,
    TagFilterOption,
    WithinOption,
    YesOption,
)
from meetup_tracker.cli.state import reading, writing
from meetup_tracker.cli.where import Who, locate
from meetup_tracker.errors import InvalidInput

if TYPE_CHECKING:
    from meetup_tracker.services.refs import Ref
    from meetup_tracker.storage.sql import Sql

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help="Add, list, show, change, remove and merge contacts.",
    no_args_is_help=True,
)

HandleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--handle",
        metavar="PLATFORM:HANDLE",
        help="An online handle, e.g. twitter:@ana, mastodon:@ana@hachyderm.io, or a profile URL."
        " Repeat for more.",
        show_default=False,
    ),
]
CompanyOption = Annotated[
    str | None, typer.Option(help="Where they work.", show_default=False, metavar="TEXT")
]
PositionOption = Annotated[
    str | None, typer.Option(help="What they do there.", show_default=False, metavar="TEXT")
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="A label such as 'conference'. Repeat for more.",
        show_default=False,
        metavar="TAG",
    ),
]


EditorOption = Annotated[
    bool,
    typer.Option("--editor", help="Edit them as text in $VISUAL or $EDITOR instead."),
]
EveryOption = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Keep in touch at least this often: 30d, 2w, 3mo, 1y ('' clears it; see meetup due).",
        show_default=False,
        metavar="PERIOD",
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Their name, as you want to see it.")],
    city: Annotated[
        str | None,
        typer.Option(
            help="Where they live: 'Memphis', 'Portland, OR', 'Paris, France'.",
            show_default=False,
            metavar="PLACE",
            autocompletion=complete.places,
        ),
    ] = None,
    lat: LatOption = None,
    lon: LonOption = None,
    handle: HandleOption = None,
    tag: TagOption = None,
    note: Annotated[
        str | None, typer.Option(help="Anything to remember.", show_default=False, metavar="TEXT")
    ] = None,
    company: CompanyOption = None,
    position: PositionOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="When you first connected (any date form). Default: unknown.",
            show_default=False,
            metavar="DATE",
        ),
    ] = None,
    every: EveryOption = None,
    json_: JsonOption = False,
) -> None:
    """Log a new contact, with their city, handles and tags."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.contacts import add_contact
    from meetup_tracker.services.refs import named
    from meetup_tracker.services.views import contact_view

    location = locate(ctx, city, lat, lon)
    with writing(ctx) as conn:
        namesakes = named(conn=conn, name=name)
        contact_id = add_contact(
            conn=conn,
            name=name,
            location=location,
            handles=handle or [],
            tags=tag or [],
            note=note,
            since=parse_date(since) if since and since.strip() else None,
            company=company,
            position=position,
            every_days=_every(every),
        )
        view = contact_view(conn=conn, contact_id=contact_id)
    output.message(f"added {view.name} (#{view.id})")
    _warn_namesakes(namesakes)
    if json_:
        output.print_json(view.to_json())


def _edit_in_editor(ctx: typer.Context, ref: str, *, json_: bool) -> None:
    """`contact edit REF --editor`: the contact as text in the editor, the changes applied
    in one transaction (checked again there: someone may have changed them meanwhile)."""
    from meetup_tracker import output
    from meetup_tracker.cli.editing import edit_until_read
    from meetup_tracker.cli.record_text import contact_changes, contact_text
    from meetup_tracker.services.contacts import edit_contact
    from meetup_tracker.services.refs import find_contact
    from meetup_tracker.services.views import contact_view

    with reading(ctx) as conn:
        contact = find_contact(conn=conn, ref=ref)
        view = contact_view(conn=conn, contact_id=contact.id)
        every = conn.execute(
            "SELECT every_days FROM contact WHERE id = :id", {"id": contact.id}
        ).fetchone()[0]
    text = contact_text(view, every)
    changes = edit_until_read(text, lambda values: contact_changes(ctx, view, every, values))
    if changes is None or changes.is_empty():
        output.message(f"nothing changed for {view.name} (#{view.id})")
        return
    with writing(ctx) as conn:
        if contact_view(conn=conn, contact_id=contact.id).to_json() != view.to_json():
            raise InvalidInput(
                f"{view.name} (#{view.id}) changed while you were editing; nothing changed",
                hint="run the command again",
            )
        edit_contact(conn=conn, contact_id=contact.id, changes=changes)
        view = contact_view(conn=conn, contact_id=contact.id)
    output.message(f"updated {view.name} (#{view.id})")
    if json_:
        output.print_json(view.to_json())


def _every(text: str | None) -> int | None:
    """An --every value in days (0 clears; None leaves it alone)."""
    from meetup_tracker.dates import parse_period

    if text is None:
        return None
    return parse_period(text) if text.strip() else 0


def _warn_namesakes(namesakes: list[Ref]) -> None:
    """The contacts that already had the name (ignoring case, accents and spaces)."""
    from meetup_tracker import output

    if namesakes:
        others = ", ".join(f"{c.name} (#{c.id})" for c in namesakes)
        output.message(
            f"note: you already had a contact named {others}; use #ID to tell them apart"
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    met: MetOption = False,
    not_met: NotMetOption = False,
    platform: PlatformOption = None,
    tag: TagFilterOption = None,
    near: NearOption = None,
    within: WithinOption = None,
    since_before: SinceBeforeOption = None,
    json_: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List your contacts by name, or those the options choose.

    The options narrow the list down and combine: --met --platform mastodon --near Berlin."""
    from meetup_tracker.render import contacts as render_contacts
    from meetup_tracker.services.views import filtered_contacts

    who = Who(met, not_met, tag, platform, near, within, since_before)
    with reading(ctx) as conn:
        chosen = who.resolve(ctx, conn)
        render_contacts.contacts(
            filtered_contacts(conn=conn, chosen=chosen),
            json_=json_,
            limit=limit,
            title="Contacts",
            empty="nobody matches"
            if chosen.narrows()
            else "no contacts yet; add one with: meetup contact add NAME",
        )


@app.command("show")
def show(ctx: typer.Context, ref: RefArgument, json_: JsonOption = False) -> None:
    """Show a contact's profile and timeline.

    The timeline lists your meetings, calls and messages with them, newest first; plans
    (dates still ahead) are marked planned. "met by" says who (on a team, each colleague)
    has met them in person, and when last. Then what you owe them (open follow-ups), how
    often to keep in touch, and their travel ahead."""
    from meetup_tracker.render import contacts as render_contacts
    from meetup_tracker.services.followups import list_followups
    from meetup_tracker.services.interactions import list_interactions
    from meetup_tracker.services.keep_in_touch import cadences
    from meetup_tracker.services.refs import find_contact
    from meetup_tracker.services.team import mark_met_by
    from meetup_tracker.services.views import contact_view
    from meetup_tracker.services.visits import list_visits

    with reading(ctx) as conn:
        contact = find_contact(conn=conn, ref=ref)
        view = contact_view(conn=conn, contact_id=contact.id)
        mark_met_by(conn=conn, views=[view])
        team = conn.shared
        timeline = list_interactions(conn=conn, contact_id=contact.id)
        doings = render_contacts.Doings(
            owed=list_followups(conn=conn, contact_id=contact.id, everyone=True),
            cadence=next(iter(cadences(conn=conn, contact_id=contact.id)), None),
            visits=list_visits(conn=conn, contact_id=contact.id),
        )
    render_contacts.profile(view, timeline, json_=json_, team=team, doings=doings)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArgument,
    name: Annotated[
        str | None, typer.Option(help="A new name.", show_default=False, metavar="NAME")
    ] = None,
    city: Annotated[
        str | None,
        typer.Option(
            help="A new city ('' clears it).",
            show_default=False,
            metavar="PLACE",
            autocompletion=complete.places,
        ),
    ] = None,
    lat: LatOption = None,
    lon: LonOption = None,
    note: Annotated[
        str | None,
        typer.Option(help="A new note ('' clears it).", show_default=False, metavar="TEXT"),
    ] = None,
    company: CompanyOption = None,
    position: PositionOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="When you first connected ('' clears it).", show_default=False, metavar="DATE"
        ),
    ] = None,
    handle: HandleOption = None,
    remove_handle: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-handle",
            metavar="PLATFORM:HANDLE",
            help="Remove a handle.",
            show_default=False,
        ),
    ] = None,
    tag: TagOption = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option("--remove-tag", help="Remove a tag.", show_default=False, metavar="TAG"),
    ] = None,
    every: EveryOption = None,
    editor: EditorOption = False,
    json_: JsonOption = False,
) -> None:
    """Change a contact's name, city, handles, tags or note.

    Rename, move, add or remove handles and tags, change the note, work or since. Renaming
    onto a name you already have says so. --editor opens them as a short text in $VISUAL or
    $EDITOR instead, and applies what you change there."""
    from meetup_tracker import output
    from meetup_tracker.dates import parse_date
    from meetup_tracker.services.contacts import ContactChanges, edit_contact
    from meetup_tracker.services.refs import find_contact, named
    from meetup_tracker.services.views import contact_view

    given = (name, city, lat, lon, note, company, position, since, handle, remove_handle, tag)
    if editor:
        if any(v for v in (*given, remove_tag, every)):
            raise InvalidInput("--editor takes no other change: make them in the editor")
        _edit_in_editor(ctx, ref, json_=json_)
        return
    changes = ContactChanges(
        name=name,
        location=locate(ctx, city, lat, lon),
        note=note,
        since=parse_date(since) if since else None,
        clear_since=since is not None and not since.strip(),
        add_handles=handle or [],
        remove_handles=remove_handle or [],
        add_tags=tag or [],
        remove_tags=remove_tag or [],
        company=company,
        position=position,
        every_days=_every(every),
    )
    with writing(ctx) as conn:
        contact = find_contact(conn=conn, ref=ref)
        namesakes = []
        if name is not None:
            namesakes = [c for c in named(conn=conn, name=name) if c.id != contact.id]
        edit_contact(conn=conn, contact_id=contact.id, changes=changes)
        view = contact_view(conn=conn, contact_id=contact.id)
    output.message(f"updated {view.name} (#{view.id})")
    _warn_namesakes(namesakes)
    if json_:
        output.print_json(view.to_json())


@app.command("rm")
def rm(
    ctx: typer.Context,
    ref: RefArgument,
    yes: YesOption = False,
) -> None:
    """Remove a contact (asks first unless --yes).

    Their handles and tags go with them, and the meetings and calls only they were at; a
    shared one stays with the others, and an event stays (with nobody yet)."""
    from meetup_tracker import output
    from meetup_tracker.services.contacts import removal, remove_contact
    from meetup_tracker.services.refs import find_contact

    def look(conn: Sql) -> tuple[str, int]:
        contact = find_contact(conn=conn, ref=ref)
        what = removal(conn=conn, contact_id=contact.id).describe(f"{contact.name} (#{contact.id})")
        return what, contact.id

    def remove(conn: Sql, contact_id: int) -> None:
        remove_contact(conn=conn, contact_id=contact_id)

    what = remove_after_asking(ctx, look, remove, yes=yes)
    if what is not None:
        output.message(f"removed {what}")


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The contact to keep.")],
    other: Annotated[
        str, typer.Argument(help="The duplicate: its handles, tags and meetings move to KEEP.")
    ],
    json_: JsonOption = False,
) -> None:
    """Merge a duplicate into a contact.

    The duplicate's handles, tags and meetings move to KEEP, KEEP's blanks are filled from
    it, then it goes. 'meetup contact dupes' finds the likely pairs."""
    from meetup_tracker import output
    from meetup_tracker.services.contacts import merge_contacts
    from meetup_tracker.services.refs import find_contact
    from meetup_tracker.services.views import contact_view

    with writing(ctx) as conn:
        kept = find_contact(conn=conn, ref=keep)
        gone = find_contact(conn=conn, ref=other)
        label = f"{gone.name} (#{gone.id})"
        merge_contacts(conn=conn, keep=kept.id, other=gone.id)
        view = contact_view(conn=conn, contact_id=kept.id)
    output.message(f"merged {label} into {view.name} (#{view.id})")
    if json_:
        output.print_json(view.to_json())


@app.command("dupes")
def dupes(ctx: typer.Context, json_: JsonOption = False, limit: LimitOption = None) -> None:
    """List likely duplicates, each with the merge that joins them.

    One name written twice (case, accents, 'Ortiz, Ana'), one mailbox (Gmail dots, +tags),
    one web address, or one user name on two networks with names that agree."""
    from meetup_tracker.render import contacts as render_contacts
    from meetup_tracker.services.dupes import find_dupes

    with reading(ctx) as conn:
        pairs = find_dupes(conn=conn)
    render_contacts.dupes(pairs, json_=json_, limit=limit)
