"""`contact merge` moves what refers to the duplicate as the table registry says, for every
table there is."""

from __future__ import annotations

from meetup_tracker.services.contacts import merge_contacts
from meetup_tracker.storage.registry import referring_to
from meetup_tracker.storage.sql import Sql
from tests.services.conftest import a_contact, a_meeting


def test_a_merge_leaves_nothing_pointing_at_the_duplicate(conn: Sql) -> None:
    ana = a_contact(conn, "Ana Ortiz", handles=["twitter:@ana"], tags=["devrel"])
    dup = a_contact(
        conn,
        "Ana O.",
        city="Nashville, TN",
        handles=["linkedin:ana-ortiz", "email:ana@example.com"],
        tags=["DevRel", "podcast"],
        note="met at JSConf",
        company="Acme",
    )
    ben = a_contact(conn, "Ben Li")
    shared = a_meeting(conn, ana, dup, ben)  # both were there: one attendee after
    alone = a_meeting(conn, dup, kind="call")
    merge_contacts(conn=conn, keep=ana, other=dup)
    for table, column in referring_to("contact"):
        left = conn.execute(
            f"SELECT count(*) FROM {table.name} WHERE {column} = :id", {"id": dup}
        ).fetchone()[0]
        assert left == 0, f"{table.name}.{column}"
    handles = {key for (key,) in conn.execute("SELECT key FROM handle WHERE contact_id = :id",
                                               {"id": ana})}  # fmt: skip
    assert handles == {"ana", "ana-ortiz", "ana@example.com"}
    tags = sorted(tag for (tag,) in conn.execute("SELECT tag FROM tag WHERE contact_id = :id",
                                                 {"id": ana}))  # fmt: skip
    assert tags == ["devrel", "podcast"]
    people = {(m, c) for m, c in conn.execute("SELECT interaction_id, contact_id FROM attendee")}
    assert people == {(shared, ana), (shared, ben), (alone, ana)}
    city, note, company = conn.execute(
        "SELECT city, note, company FROM contact WHERE id = :id", {"id": ana}
    ).fetchone()
    assert (city, note, company) == ("Nashville, Tennessee, US", "met at JSConf", "Acme")
    assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
