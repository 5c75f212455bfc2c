"""Our iCalendar writer (formats/ics_write.py), checked against icalendar as the reference reader:
any text survives escaping and folding, and no line passes 75 octets."""

from __future__ import annotations

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from meetup_tracker.formats.ics_write import escape_text, fold

# Text as people write it: any printable character, emoji, commas, semicolons, backslashes,
# newlines; no other control characters (the database refuses them in names).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n,;\\:"),
    min_size=1,
    max_size=300,
)


def calendar_with(name: str, value: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:x@test\r\nDTSTAMP:20000101T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\n"
        + fold(f"{name}:{value}")
        + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_reads_back_as_written(text: str) -> None:
    written = calendar_with("SUMMARY", escape_text(text))
    (event,) = icalendar.Calendar.from_ical(written).walk("VEVENT")
    assert str(event["SUMMARY"]) == text.replace("\r\n", "\n").replace("\r", "\n")
    for line in written.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_folding_never_splits_a_character() -> None:
    line = fold("DESCRIPTION:" + "é" * 60 + "👩‍💻" * 10)
    pieces = line.removesuffix("\r\n").split("\r\n ")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert "".join(pieces) == "DESCRIPTION:" + "é" * 60 + "👩‍💻" * 10


def test_escaping_follows_rfc_5545() -> None:
    assert escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    assert fold("SUMMARY:short") == "SUMMARY:short\r\n"
