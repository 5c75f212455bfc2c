"""CSV files as the formats read them: rows with their line numbers, the separator found (a
comma, or a European spreadsheet's semicolon), the header found after a preamble, and rows read
into records as they are imported, with the columns no reader reads named in a note.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import BadRecord, ContactRecord, FormatError, Parsed


def _lines(text: str) -> Iterator[str]:
    """A text's lines with their ends, one at a time (io.StringIO would copy the whole text,
    four bytes a character)."""
    if "\n" not in text[:65536] and "\r" in text[:65536]:
        text = text.replace("\r", "\n")  # old Mac line ends
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def delimiter(text: str) -> str:
    """The separator of a CSV text: a comma, or the semicolon (or tab) a spreadsheet in a
    European locale writes: the one that gives most of the first rows one width of several
    columns (a note full of semicolons is one row, not a table)."""
    sample = text[:50_000]
    best, score = ",", (0, 0)
    for candidate in (",", ";", "\t"):
        try:
            rows = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
            widths = [len(r) for _, r in zip(range(20), rows, strict=False) if any(r)]
        except csv.Error:
            continue
        common = Counter(w for w in widths if w > 1).most_common(1)
        found = (common[0][1], common[0][0]) if common else (0, 0)
        if found > score:
            best, score = candidate, found
    return best


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on; quoted newlines and CRLF line ends are fine;
    the separator found (`delimiter`).

    A quote left open at the end of the file (a file cut short) raises FormatError.
    """
    reader = csv.reader(_lines(text), strict=True, delimiter=delimiter(text))
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FormatError(f"line {line}: {exc} (is the file cut short?)") from exc
        yield line, row
        line = reader.line_num + 1


RowReader = Callable[[int, list[str]], ContactRecord]


def parse_csv(
    text: str,
    fmt: str,
    *,
    is_header: Callable[[dict[str, int]], bool],
    reader: Callable[[dict[str, int]], RowReader],
    not_this: str,
    preamble: bool = False,
    hidden: Callable[[list[str], dict[str, int]], str | None] | None = None,
    read_columns: Callable[[dict[str, int]], Callable[[str], bool]] | None = None,
) -> Parsed:
    """The contacts of a CSV file: its header found (after a preamble of other rows, if the
    format has one), blank rows skipped, rows that are nobody (`hidden` gives why) counted,
    every other row read into a record, or a bad record with its line number. FormatError
    `not_this` when there is no header (found now; the rows are read as they are imported).

    `read_columns` says which of the header's columns the reader reads: a column of contact
    details (emails, phones, web pages, organisations, messengers) it does not read, that has
    values, is named in a note, never dropped in silence."""
    rows = csv_rows(text)
    index: dict[str, int] | None = None
    for _line, row in rows:
        found = header_index(row)
        if is_header(found):
            index = found
            break
        if not preamble:
            raise FormatError(not_this)
    if index is None:
        raise FormatError(not_this)
    parsed = Parsed(fmt, estimate=text.count("\n"))
    read = read_columns(index) if read_columns else None
    unread = [
        (name, position)
        for name, position in index.items()
        if read is not None and not read(name) and _DETAILS_RE.search(name)
    ]
    parsed._stream = _csv_records(rows, index, reader(index), hidden, parsed, unread)
    return parsed


# Columns that hold what a contact is reached by or works at.
_DETAILS_RE = re.compile(
    r"e-?mail|phone|mobile|tel\b|web|url|site|homepage|organi[sz]ation|company|job|title"
    r"|department|\bim\b|messenger|screen name|skype|twitter|linkedin",
    re.I,
)


def _csv_records(
    rows: Iterator[tuple[int, list[str]]],
    index: dict[str, int],
    read: RowReader,
    hidden: Callable[[list[str], dict[str, int]], str | None] | None,
    parsed: Parsed,
    unread: list[tuple[str, int]],
) -> Iterator[ContactRecord | BadRecord]:
    filled: dict[str, int] = {}
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        for name, position in unread:
            if position < len(row) and row[position].strip():
                filled[name] = filled.get(name, 0) + 1
        why = hidden(row, index) if hidden else None
        if why:
            parsed.skipped.append(BadRecord(line, why))
            continue
        try:
            yield read(line, row)
        except InvalidInput as exc:
            yield BadRecord(line, str(exc))
    if filled:
        shown = ", ".join(f"{name} ({count} rows)" for name, count in filled.items())
        parsed.notes.append(BadRecord(0, f"columns not read, their values not kept: {shown}"))


def header_index(row: list[str]) -> dict[str, int]:
    """Column positions by name (trimmed; the first of repeated names wins)."""
    index: dict[str, int] = {}
    for position, name in enumerate(row):
        index.setdefault(name.strip(), position)
    return index


def cell(row: list[str], index: dict[str, int], name: str) -> str:
    """The trimmed value of a named column, or "" when the row or the file lacks it."""
    position = index.get(name)
    if position is None or position >= len(row):
        return ""
    return row[position].strip()


def first_csv_row(text: str) -> list[str]:
    """The first CSV row of a text, for telling formats apart; [] when there is none."""
    try:
        sample = io.StringIO(text[:20_000], newline="")
        return next(csv.reader(sample, delimiter=delimiter(text)), [])
    except csv.Error:
        return []


def csv_header_within(text: str, required: tuple[str, ...], lines: int = 20) -> bool:
    """Whether one of the first rows of a CSV text holds all the required column names."""
    reader = csv.reader(io.StringIO(text[:50_000], newline=""), delimiter=delimiter(text))
    try:
        for _, row in zip(range(lines), reader, strict=False):
            names = {c.strip() for c in row}
            if all(r in names for r in required):
                return True
    except csv.Error:
        return False
    return False
