"""The options every command shares, declared once: output, filters of who, dates, places and
roads. A command names them in its signature; typer reads the declarations."""

from __future__ import annotations

from typing import Annotated

import typer

from meetup_tracker.cli import complete

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print JSON on stdout (for scripts and jq) instead of a table."),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help="Show at most this many rows (0: all). A terminal shows 100 unless told otherwise.",
        show_default=False,
        metavar="N",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="When: 2026-05-12, '12 May 2026', 'yesterday', '3 days ago', 'last friday'."
        " Default: today.",
        show_default=False,
        metavar="DATE",
    ),
]


ViaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--via",
        help="A place the road must pass that is not a stop (repeatable).",
        show_default=False,
        metavar="PLACE",
    ),
]
StraightOption = Annotated[
    bool,
    typer.Option("--straight", help="Straight great-circle legs instead of the roads."),
]
MapOption = Annotated[
    bool,
    typer.Option("--map", help="Draw a map too (in braille; only on a terminal)."),
]
RefArgument = Annotated[
    str,
    typer.Argument(
        help="Who: a name or its start, a handle (@ana, twitter:ana, a URL) or #ID.",
        autocompletion=complete.contacts,
    ),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")]
AheadOption = Annotated[
    bool,
    typer.Option(
        "--yes",
        "-y",
        help="Go ahead without asking: a date more than two years ahead, or a second record"
        " just like one already made.",
    ),
]
TagFilterOption = Annotated[
    str | None,
    typer.Option("--tag", help="Only contacts with this tag.", show_default=False, metavar="TAG"),
]


MetOption = Annotated[bool, typer.Option("--met", help="Only people you have met in person.")]
NotMetOption = Annotated[
    bool, typer.Option("--not-met", help="Only people you have not met in person yet.")
]
PlatformOption = Annotated[
    str | None,
    typer.Option(
        "--platform",
        help="Only people with a handle there: twitter (or x), mastodon, bluesky, linkedin...",
        show_default=False,
        metavar="NAME",
    ),
]
NearOption = Annotated[
    str | None,
    typer.Option(
        "--near",
        help="Only people living near this place (see --within).",
        show_default=False,
        metavar="PLACE",
    ),
]
SinceBeforeOption = Annotated[
    str | None,
    typer.Option(
        "--since-before",
        help="Only people you have known since before this date.",
        show_default=False,
        metavar="DATE",
    ),
]


LatOption = Annotated[
    float | None,
    typer.Option(
        "--lat",
        help="Latitude, for a place the gazetteer lacks (with --lon).",
        show_default=False,
        metavar="DEGREES",
    ),
]
LonOption = Annotated[
    float | None,
    typer.Option(
        "--lon",
        help="Longitude, for a place the gazetteer lacks (with --lat).",
        show_default=False,
        metavar="DEGREES",
    ),
]
WithinOption = Annotated[
    str | None,
    typer.Option(
        "--within",
        metavar="DIST",
        help="How far: 50, 50km or 30mi (a bare number is in your units). Default: 50 km.",
        show_default=False,
    ),
]
