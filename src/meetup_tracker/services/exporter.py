"""Everything in the database, gathered for the export formats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetup_tracker.services.interactions import InteractionView
    from meetup_tracker.services.trips import TripView
    from meetup_tracker.services.views import ContactFilter
    from meetup_tracker.storage.sql import Sql


def planned_meetings(*, conn: Sql) -> list[InteractionView]:
    """In-person meetings dated after today, soonest first."""
    from meetup_tracker.services.interactions import InteractionFilter, list_planned

    return list_planned(conn=conn, where=InteractionFilter(kind="in-person"))


@dataclass
class ExportOptions:
    """How an export is narrowed: which contacts, which platform, the title of a list."""

    who: ContactFilter | None = None
    platform: str | None = None
    title: str = "Met in person"


def export_chunks(*, conn: Sql, name: str, options: ExportOptions | None = None) -> Iterator[str]:
    """The database (or the chosen contacts) in an export format, as pieces of text to write
    one after another (a large export is never held whole). Only the chosen format's writer
    is imported."""
    from meetup_tracker.services.views import ContactFilter, filtered_contacts

    chosen = options or ExportOptions()

    def contacts() -> Any:
        return filtered_contacts(conn=conn, chosen=chosen.who or ContactFilter(), order_by="c.id")

    if name == "json":
        from meetup_tracker.services.backup import backup_chunks

        yield from backup_chunks(conn=conn)
    elif name == "csv":
        from meetup_tracker.formats import csvfile

        yield from csvfile.write(contacts())
    elif name == "vcard":
        from meetup_tracker.formats import vcard

        yield from vcard.write(contacts())
    elif name in ("handles", "mastodon-list"):
        from meetup_tracker.formats import lists

        if name == "handles":
            yield from lists.write_handles(contacts(), chosen.platform)
        else:
            yield from lists.write_mastodon_list(contacts(), chosen.title)
    else:
        from meetup_tracker.services.trips import list_trips

        trips = _on_the_road(list_trips(conn=conn))
        if name == "ics":
            from meetup_tracker.formats import ics_write

            yield from ics_write.write(trips, planned_meetings(conn=conn))
        else:
            from meetup_tracker.formats import geojson

            yield from geojson.write(contacts(), trips)


def _on_the_road(trips: Iterable[TripView]) -> Iterator[TripView]:
    """Trips with their roads (worked out once for the same places), one at a time."""
    for trip in trips:
        trip.road = trip.road_route()
        yield trip


OURS_ICS = "@meetup-tracker.ics"


@dataclass
class VdirExport:
    """What `export ics --vdir` did to the folder."""

    written: list[str]
    removed: list[str]
    unchanged: int


def export_ics_vdir(*, conn: Sql, folder: Path) -> VdirExport:
    """Trips, their stops, planned meetings and your follow-ups (VTODO) as a vdir calendar:
    one `UID.ics` each, a file rewritten only when its text changed (through a temporary file
    renamed into place), and the files of ours that are no longer (a trip removed) taken
    away; files other programs put there are left alone. One way: nothing is read back."""
    from meetup_tracker.files import replace_in_folder
    from meetup_tracker.formats import ics_write
    from meetup_tracker.services.followups import list_followups
    from meetup_tracker.services.trips import list_trips

    trips = _on_the_road(list_trips(conn=conn))
    followups = list_followups(conn=conn, include_done=True)
    done = VdirExport([], [], 0)
    current: set[str] = set()

    def changed() -> Iterator[tuple[str, bytes]]:  # written as they come, never held whole
        for uid, component in ics_write.components(trips, planned_meetings(conn=conn), followups):
            name = uid + ".ics"
            current.add(name)
            data = (ics_write.HEAD + component + ics_write.TAIL).encode("utf-8")
            try:
                if (folder / name).read_bytes() == data:
                    done.unchanged += 1
                    continue
            except FileNotFoundError:
                pass
            done.written.append(name)
            yield name, data

    replace_in_folder(folder, changed())
    for stale in sorted(folder.glob("*" + OURS_ICS)):
        if stale.name not in current and stale.is_file():
            stale.unlink()
            done.removed.append(stale.name)
    return done
