"""Rendering: rich tables for people, plain tab-separated rows for pipes, JSON for programs.

The renderers of `render/` describe what a command shows (a `Listing`, a `Record`, or a
`Custom` layout); `show` is the one place that decides how: JSON with --json, a table on a
terminal, tab-separated rows in a pipe. Data goes to stdout; messages go to stderr, one line
each.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# On a terminal, longer lists are cut here with a hint; rich needs seconds for 10,000 rows.
TERMINAL_ROWS = 100
# The narrowest a column of text is made before a narrow terminal drops columns instead.
WRAP_WIDTH = 12
NARROWEST = 6  # a text column on a narrow terminal, its words folded
LONGEST_WORD = 24


@dataclass(frozen=True)
class Column:
    """A table column: its heading, and how a terminal shows it. `no_wrap` keeps a value on
    one line (dates, numbers); a narrow terminal drops the columns with the highest `drop`
    first (0: never dropped), rather than cutting dates to `2024-09…`."""

    header: str
    justify: str = "left"
    style: str | None = None
    no_wrap: bool = False
    drop: int = 0
    terminal_only: bool = False  # a mark for the eye (★); a pipe gets the data it stands for


@dataclass
class Listing(Generic[T]):
    """A list as a renderer describes it: its items (streamed), each as a row of the columns
    and as JSON, a title, and what to say when there are none. A cell that is a list (a
    contact's handles) is joined with commas on a terminal, with spaces in a pipe."""

    items: Iterable[T]
    columns: Sequence[Column]
    row: Callable[[T], Sequence[Any]]
    json: Callable[[T], Any]
    title: str | None = None
    empty: str = "nothing to show"


@dataclass
class Record:
    """One thing in full: under its title on a terminal (with a dim `suffix`, its #ID), or,
    in a pipe, the `keys` lines that name it first (`id\t12`); then a line for each field
    that has a value."""

    title: str
    keys: Sequence[tuple[str, object]]
    fields: Sequence[tuple[str, object]]
    json: Callable[[], Any]
    suffix: str = ""
    gap: bool = False  # a blank line after it on a terminal (something follows)


@dataclass
class Custom:
    """A layout of its own: one for a terminal and one for a pipe, and the JSON."""

    json: Callable[[], Any]
    terminal: Callable[[], None]
    pipe: Callable[[], None]


def show(what: Listing[Any] | Record | Custom, *, json_: bool, limit: int | None = None) -> None:
    """Show what a renderer described: JSON with --json (a list cut at --limit), a table or
    lines on a terminal, tab-separated rows and lines in a pipe."""
    if isinstance(what, Listing):
        if json_:
            items = itertools.islice(what.items, limit) if limit else what.items
            print_json_list(what.json(item) for item in items)
        else:
            rows = (what.row(item) for item in what.items)
            print_table(what.columns, rows, title=what.title, limit=limit, empty=what.empty)
    elif json_:
        print_json(what.json())
    elif isinstance(what, Record):
        _record(what)
    elif stdout_is_terminal():
        what.terminal()
    else:
        what.pipe()


def _record(record: Record) -> None:
    if stdout_is_terminal():
        console = rich_console()
        suffix = f" [dim]{shown(record.suffix)}[/dim]" if record.suffix else ""
        console.print(f"[bold]{shown(record.title)}[/bold]{suffix}")
        for label, value in record.fields:
            if value:
                console.print(f"  [dim]{label:<8}[/dim] {shown(_joined(value, ', '))}")
        if record.gap:
            console.print()
        return
    if record.gap:  # a section follows: this one, too, starts with its header line
        sys.stdout.write("field\tvalue\n")
    for label, value in record.keys:
        sys.stdout.write(f"{label}\t{plain(value)}\n")
    for label, value in record.fields:
        if value:
            sys.stdout.write(f"{label}\t{plain(value)}\n")


def _joined(value: Any, separator: str) -> str:
    """A cell as text: a list of values joined."""
    if isinstance(value, list | tuple):
        return separator.join(str(v) for v in value)
    return "" if value is None else str(value)


def stdout_is_terminal() -> bool:
    """Whether a person (not a pipe or file) reads stdout."""
    return sys.stdout.isatty()


def stdin_is_terminal() -> bool:
    """Whether a person can answer questions (stdin is not a pipe, a file, or closed)."""
    return stdin_is_open() and sys.stdin.isatty()


def stdin_is_open() -> bool:
    """Whether there is a standard input at all (a command started with `<&-` has none)."""
    stream = sys.stdin  # None when the process started with it closed
    return stream is not None and not stream.closed


def stderr_is_terminal() -> bool:
    """Whether a person (not a log file) reads stderr, where progress bars go."""
    return sys.stderr.isatty()


# Notes that only matter if the command goes on to succeed (which place an ambiguous name
# meant): shown before the command's first output, dropped when it fails, so that an error
# stays the one line on stderr.
_held: list[str] = []


def message(text: str) -> None:
    """A note for the user, on stderr so it never mixes with data; whatever it quotes from
    people or files is shown inert (control characters as their escapes)."""
    from meetup_tracker.text import inert

    release()
    sys.stdout.flush()
    try:
        sys.stderr.write(inert(text.replace("\n", " ")) + "\n")
        sys.stderr.flush()
    except OSError:
        # stderr that cannot be written (`2>/dev/full`): a note lost never undoes what the
        # command did, nor turns its success into a failure.
        quiet_stderr()


def quiet_stderr() -> None:
    """Send what is left for stderr nowhere: it cannot be written."""
    import os

    sys.stderr = open(os.devnull, "w")  # noqa: SIM115


def plain(value: Any) -> str:
    """A value on one line for a pipe or a terminal: whitespace runs as one space, control
    characters and escape sequences shown as their escapes, never sent."""
    if value is None:
        return ""
    text = _joined(value, " ")
    if text.isprintable() and "  " not in text and text == text.strip():
        return text  # most cells: nothing to fold or show inert
    from meetup_tracker.text import inert

    return inert(" ".join(text.split()))


def shown(value: Any) -> str:
    """A value for rich markup: inert, and its square brackets taken as text, not markup."""
    from rich.markup import escape

    from meetup_tracker.text import inert

    return "" if value is None else escape(inert(str(value)))


def hold(text: str) -> None:
    """A note shown once the command's inputs have all been accepted (see `release`)."""
    _held.append(text)


def release() -> None:
    """Show the held notes: the command got past its checks, or has finished."""
    notes = list(_held)
    _held.clear()
    for text in notes:
        message(text)


def discard() -> None:
    """Forget the held notes: the command failed, and its error says why."""
    _held.clear()


def print_json(data: Any) -> None:
    """JSON alone on stdout, ready for jq."""
    release()
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_json_list(items: Iterable[Any]) -> None:
    """A JSON array written item by item (the same text as print_json of the whole list), so
    a long list never has to be held in memory."""
    write = sys.stdout.write
    release()
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        write(("[\n  " if first else ",\n  ") + text)
        first = False
    write("[]\n" if first else "\n]\n")


def print_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    limit: int | None = None,
    empty: str = "nothing to show",
) -> None:
    """Rows as a rich table on a terminal, or tab-separated lines (with a header) in a pipe.

    `limit` caps the rows shown (0 = all); a terminal shows TERMINAL_ROWS by default.
    """
    release()
    terminal = stdout_is_terminal()
    cap = limit if limit is not None else (TERMINAL_ROWS if terminal else 0)
    shown: list[Sequence[Any]] = []  # rows kept for a terminal's table
    count = 0
    more = False
    write = sys.stdout.write
    for row in rows:
        if cap and count >= cap:
            more = True  # one row past the cap is enough to know; the rest is never loaded
            break
        count += 1
        if terminal:
            shown.append(row)
            continue
        if count == 1:
            piped = [i for i, c in enumerate(columns) if not c.terminal_only]
            write("\t".join(columns[i].header.lower().replace(" ", "_") for i in piped) + "\n")
        write("\t".join(plain(row[i]) for i in piped) + "\n")
    if count == 0:
        message(empty)
        return
    if terminal:
        _rich_table(columns, shown, title)
    if more:
        message(f"showing the first {cap}; use --limit 0 for all, or --json")


def _rich_table(
    columns: Sequence[Column], rows: Sequence[Sequence[Any]], title: str | None
) -> None:
    from rich.cells import cell_len
    from rich.table import Table

    cells = [[_cell(c) for c in row] for row in rows]
    # A column empty in every row only takes room on a screen (pipes keep every column).
    keep = [
        i for i, column in enumerate(columns) if column.header == "" or any(r[i] for r in cells)
    ]
    console = rich_console()
    widths = {i: max([cell_len(columns[i].header)] + [cell_len(r[i]) for r in cells]) for i in keep}

    # The least a column can take: a date or number whole; text wrapped, but no word cut
    # (a long one is cut past LONGEST_WORD rather than the table made unreadable).
    least = {
        i: widths[i]
        if columns[i].no_wrap
        else max(
            min(widths[i], WRAP_WIDTH),
            min(LONGEST_WORD, max([0] + [cell_len(w) for r in cells for w in r[i].split()])),
        )
        for i in keep
    }

    def needed() -> int:
        return sum(least[i] for i in keep) + 3 * len(keep) + 1

    while needed() > console.width and any(columns[i].drop for i in keep):
        keep.remove(max(keep, key=lambda i: (columns[i].drop, i)))
    if needed() > console.width:  # text folds inside its words before anything is cut
        for i in keep:
            if not columns[i].no_wrap:
                least[i] = min(least[i], max(NARROWEST, cell_len(columns[i].header)))
    if needed() > console.width:
        # Too narrow for a table that cuts nothing (an ID, a date, a distance): one record
        # after another instead.
        _stacked(console, columns, cells, keep, title)
        return
    # Share the room left among the text columns, in proportion to what each lacks.
    given = {i: least[i] for i in keep}
    spare = console.width - needed()
    lacking = {i: widths[i] - least[i] for i in keep if widths[i] > least[i]}
    total = sum(lacking.values())
    if total and spare > 0:
        for i, lack in lacking.items():
            given[i] += min(lack, spare * lack // total)
    shown_title = shown(title) if title else None
    table = Table(title=shown_title, title_justify="left", header_style="bold")
    for i in keep:
        column = columns[i]
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            style=column.style,
            no_wrap=column.no_wrap,
            width=given[i],
            overflow="fold",
        )
    for row in cells:
        table.add_row(*(row[i] for i in keep))
    console.print(table)


def _stacked(
    console: Any,
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    keep: Sequence[int],
    title: str | None,
) -> None:
    """Rows as records for a terminal too narrow for their table: the row's first cells that
    name it (a mark, an ID, a name) on one line, then each other value under its heading."""
    if title:
        console.print(f"[bold]{shown(title)}[/bold]")
    leading: list[int] = []
    for i in keep:
        if columns[i].header in ("", "ID", "Name") or not leading:
            leading.append(i)
        else:
            break
    for row in cells:
        head = " ".join(row[i] for i in leading if row[i])
        console.print(f"[bold]{head}[/bold]", overflow="fold")
        for i in keep:
            if i not in leading and row[i]:
                console.print(f"  [dim]{columns[i].header}:[/dim] {row[i]}", overflow="fold")


def _cell(value: Any) -> str:
    return shown(_joined(value, ", "))


@contextmanager
def progress(size: int, what: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for a long task on a terminal (a function to advance it);
    nothing at all in a pipe or for a short task."""
    if size < 500 or not stderr_is_terminal():
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr, force_terminal=True), transient=True) as bar:
        task = bar.add_task(what, total=size)
        yield lambda n: bar.advance(task, n)


def rich_console() -> Any:
    """A rich console on stdout, for output richer than a table (profiles, charts)."""
    from rich.console import Console

    release()
    return Console(highlight=False)
