"""The one way to write: rows of a model's table, as column -> value mappings, through
`insert`, `insert_many`, `update` and `delete` on a store's connection.

Here, and only here:
- every value is checked against its model's limits (see models.py), so nothing that a later
  command or the backup could not read is stored, whichever way it came in;
- dates and times cross into the database as ISO text (a `date` is `2026-05-12`, a time
  `2026-05-12 09:30:00`, in UTC), the same text both engines give back;
- who created and last changed a row is stamped (`Sql.author`), and when, unless a restore
  gives them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from operator import itemgetter
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from meetup_tracker.errors import InvalidInput
from meetup_tracker.models import Between, Length, OneLine, OneOf, Years, key_of
from meetup_tracker.storage.sql import stamp_text

if TYPE_CHECKING:
    from sqlmodel import SQLModel

    from meetup_tracker.storage.sql import Sql

Check = Callable[[Any], Any]  # a value in, the value to store out (InvalidInput if it cannot be)


@dataclass(frozen=True)
class Spec:
    """What writing a model's rows needs to know."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key
    checks: dict[str, Check]
    kinds: dict[str, type]  # each column's Python type: str, int, float, bool, date, datetime
    required: frozenset[str]
    needed: frozenset[str]  # required and not stamped here: a value must be given
    has_id: bool
    authors: bool
    stamps: tuple[str, ...]  # created_at / updated_at, where the model has them
    defaults: dict[str, Any]  # what a column left out (or None) is, where it is not None


def now() -> str:
    """The time a row is written, as it is stored: UTC, to the second."""
    return stamp_text(datetime.now(UTC))


class Checked(dict[str, Any]):
    """Values as they will be stored, made only by `check`: a write takes them as they are
    (a bulk import checks each record once, where it can name the record that fails)."""


def insert(conn: Sql, model: type[SQLModel], values: Mapping[str, Any]) -> int | None:
    """Insert one row (checked, stamped) and return its id; an `id` of None or left out lets
    the database choose."""
    spec = spec_of(model)
    row = _complete(conn, spec, values, now())
    columns = [c for c in row if c != "id" or row[c] is not None]
    sql = (
        f"INSERT INTO {spec.table} ({', '.join(columns)})"
        f" VALUES ({', '.join(f':{c}' for c in columns)})"
    )
    if not spec.has_id:
        conn.execute(sql, {c: row[c] for c in columns})
        return None
    return int(conn.execute(sql + " RETURNING id", {c: row[c] for c in columns}).fetchone()[0])


def insert_many(
    conn: Sql, model: type[SQLModel], rows: Iterable[Mapping[str, Any]], *, ignore: bool = False
) -> int:
    """Insert many rows in one statement per batch (checked, stamped; ids given or chosen
    by the database); `ignore` skips a row that would repeat a unique key. Returns how many
    rows were given."""
    spec = spec_of(model)
    batch: list[dict[str, Any]] = []
    count = 0
    stamp = now()
    for values in rows:
        batch.append(_complete(conn, spec, values, stamp))
        count += 1
        if len(batch) >= 5000:
            _insert_batch(conn, spec, batch, ignore)
            batch = []
    if batch:
        _insert_batch(conn, spec, batch, ignore)
    return count


def _insert_batch(conn: Sql, spec: Spec, batch: list[dict[str, Any]], ignore: bool) -> None:
    # Rows of one batch may differ in which columns they give (an id or not): one statement
    # for each shape.
    shapes: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    getters: dict[tuple[str, ...], Callable[[dict[str, Any]], tuple[Any, ...]]] = {}
    for row in batch:
        columns = tuple(row) if row.get("id", 0) is not None else tuple(c for c in row if c != "id")
        if columns not in getters:
            getters[columns] = _getter(columns)
            shapes[columns] = []
        shapes[columns].append(getters[columns](row))
    for columns, values in shapes.items():
        conflict = " ON CONFLICT DO NOTHING" if ignore else ""
        conn.executemany(
            f"INSERT INTO {spec.table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)}){conflict}",
            values,
        )


def _getter(columns: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values in the order of these columns, as a tuple."""
    if len(columns) == 1:
        (column,) = columns
        return lambda row: (row[column],)
    return itemgetter(*columns)


def put(conn: Sql, model: type[SQLModel], values: Mapping[str, Any]) -> None:
    """Insert a row, or change the one with its primary key (a setting)."""
    spec = spec_of(model)
    row = _complete(conn, spec, values, now())
    keys = [c for c in spec.key if c in row]
    changed = [c for c in row if c not in keys]
    conn.execute(
        f"INSERT INTO {spec.table} ({', '.join(row)}) VALUES ({', '.join(f':{c}' for c in row)})"
        f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET"
        f" {', '.join(f'{c} = excluded.{c}' for c in changed)}",
        row,
    )


def update(conn: Sql, model: type[SQLModel], values: Mapping[str, Any], **where: Any) -> int:
    """Change the rows matching `where` (column = value, all of them); returns how many rows
    changed. Who changed them, and when, is stamped."""
    spec = spec_of(model)
    changes = {column: _check(spec, column, value) for column, value in values.items()}
    if spec.authors:
        changes.setdefault("updated_by", conn.author)
    if "updated_at" in spec.stamps:
        changes.setdefault("updated_at", now())
    assignments = ", ".join(f"{column} = :set_{column}" for column in changes)
    condition, params = _where(spec, where)
    params.update({f"set_{column}": value for column, value in changes.items()})
    result = conn.execute(f"UPDATE {spec.table} SET {assignments} WHERE {condition}", params)
    return int(result.rowcount)


def update_many(
    conn: Sql,
    model: type[SQLModel],
    changes: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
) -> None:
    """Many updates at once, each `(where, values)` as in `update`: one statement per shape
    of change, run for all its rows together (a bulk import's fills)."""
    spec = spec_of(model)
    shapes: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[Any, ...]]] = {}
    stamp = now()
    for where, values in changes:
        checked = {column: _check(spec, column, value) for column, value in values.items()}
        if spec.authors:
            checked.setdefault("updated_by", conn.author)
        if "updated_at" in spec.stamps:
            checked.setdefault("updated_at", stamp)
        shape = (tuple(checked), tuple(where))
        shapes.setdefault(shape, []).append(
            (*checked.values(), *(_sql_value(where[c]) for c in shape[1]))
        )
    for (columns, keys), batch in shapes.items():
        if not keys:
            raise ValueError("a change without a condition would change every row")
        conn.executemany(
            f"UPDATE {spec.table} SET {', '.join(f'{c} = ?' for c in columns)}"
            f" WHERE {' AND '.join(f'{k} = ?' for k in keys)}",
            batch,
        )


def delete(conn: Sql, model: type[SQLModel], **where: Any) -> int:
    """Delete the rows matching `where` (what refers to them goes by the foreign keys'
    cascade); returns how many."""
    spec = spec_of(model)
    condition, params = _where(spec, where)
    return int(conn.execute(f"DELETE FROM {spec.table} WHERE {condition}", params).rowcount)


def check(model: type[SQLModel], values: Mapping[str, Any]) -> Checked:
    """The values as they would be stored (InvalidInput naming the first that cannot be):
    for readers of files that want each bad record named before anything is written."""
    return _checked(spec_of(model), values)


def extend(model: type[SQLModel], checked: Checked, values: Mapping[str, Any]) -> Checked:
    """Checked values with more of them (only those checked), in place."""
    checked.update(_checked(spec_of(model), values))
    return checked


def _checked(spec: Spec, values: Mapping[str, Any]) -> Checked:
    if isinstance(values, Checked):
        return values
    checks, needed = spec.checks, spec.needed
    row = Checked()
    for column, value in values.items():
        if column not in checks:
            raise ValueError(f"{spec.table} has no column {column}")
        if value is not None:
            row[column] = checks[column](value)
        elif column in needed:
            raise InvalidInput(f"{_word(column)} is missing")
        else:
            row[column] = None
    return row


def _where(spec: Spec, where: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    if not where:
        raise ValueError("a change without a condition would change every row")
    for column in where:
        if column not in spec.checks:
            raise ValueError(f"{spec.table} has no column {column}")
    condition = " AND ".join(f"{column} = :where_{column}" for column in where)
    return condition, {f"where_{column}": _sql_value(value) for column, value in where.items()}


def _complete(conn: Sql, spec: Spec, values: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    """A whole row: every value checked, the stamps and authors filled in."""
    row = dict(values) if isinstance(values, Checked) else _checked(spec, values)
    for column, default in spec.defaults.items():
        if row.get(column) is None:
            row[column] = default
    for column in spec.stamps:
        if row.get(column) is None:
            row[column] = row.get("created_at") or stamp
    if spec.authors:
        if row.get("created_by") is None:
            row["created_by"] = conn.author
        if row.get("updated_by") is None:
            row["updated_by"] = row["created_by"]
    if not row.keys() >= spec.required:
        missing = ", ".join(sorted(spec.required - row.keys()))
        raise ValueError(f"{spec.table}: no value for {missing}")
    return row


def _check(spec: Spec, column: str, value: Any) -> Any:
    try:
        checker = spec.checks[column]
    except KeyError:
        raise ValueError(f"{spec.table} has no column {column}") from None
    if value is None:
        if column in spec.needed:
            raise InvalidInput(f"{_word(column)} is missing")
        return None
    return checker(value)


def _sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return stamp_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _word(column: str) -> str:
    return column.replace("_", " ")


@cache
def spec_of(model: type[SQLModel]) -> Spec:
    """How to write a model's rows, worked out once per model from its fields."""
    from pydantic_core import PydanticUndefined

    checks: dict[str, Check] = {}
    kinds: dict[str, type] = {}
    required = set()
    defaults = {}
    key = key_of(model)
    for column, info in model.model_fields.items():
        base, optional, inner = _base(info.annotation)
        kinds[column] = base
        checks[column] = _checker(column, base, [*info.metadata, *inner])
        if info.default is not None and info.default is not PydanticUndefined:
            defaults[column] = info.default
        if not optional and column != "id" and info.is_required():
            required.add(column)
    columns = tuple(checks)
    return Spec(
        table=str(model.__tablename__),
        columns=columns,
        key=key,
        checks=checks,
        kinds=kinds,
        required=frozenset(required),
        needed=frozenset(required - {"created_at", "updated_at"}),
        has_id="id" in columns,
        authors="created_by" in columns,
        stamps=tuple(c for c in ("created_at", "updated_at") if c in columns),
        defaults=defaults,
    )


def _base(annotation: Any) -> tuple[type, bool, list[Any]]:
    """`Annotated[int, Between(1, 9)] | None` -> (int, True, [Between(1, 9)])."""
    optional = False
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not NoneType]
        annotation, optional = args[0], True
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        return base, optional, metadata
    return annotation, optional, []


def _checker(column: str, base: type, metadata: list[Any]) -> Check:
    word = _word(column)
    most = next((m.most for m in metadata if isinstance(m, Length)), None)
    line = any(isinstance(m, OneLine) for m in metadata)
    between = next((m for m in metadata if isinstance(m, Between)), None)
    years = next((m for m in metadata if isinstance(m, Years)), None)
    words = next((m.words for m in metadata if isinstance(m, OneOf)), None)

    if base is str:
        from meetup_tracker.text import has_control

        def text(value: Any) -> str:
            if not isinstance(value, str):
                raise InvalidInput(f"{word} is not text")
            if most is not None and len(value) > most:
                raise InvalidInput(f"{word} is {len(value):,} characters long (at most {most:,})")
            if "\x00" in value:
                raise InvalidInput(f"{word} holds a NUL byte")
            if line and (has_control(value) or not value.strip()):
                raise InvalidInput(
                    f"{word} holds control characters" if value.strip() else f"{word} is empty"
                )
            if words is not None and value not in words:
                raise InvalidInput(f"{word} '{value[:40]}' is not one of {', '.join(words)}")
            return value

        return text
    if base is bool:

        def flag(value: Any) -> bool:
            if not isinstance(value, bool | int) or value not in (0, 1):
                raise InvalidInput(f"{word} is not true or false")
            return bool(value)

        return flag
    if base is int:

        def whole(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(f"{word} is not a whole number")
            if between is not None and not between.low <= value <= between.high:
                shown = f"{value}" if len(str(value)) <= 30 else f"{str(value)[:20]}..."
                raise InvalidInput(
                    f"{word} {shown} is not between {int(between.low):,} and {int(between.high):,}"
                )
            return value

        return whole
    if base is float:

        def number(value: Any) -> float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidInput(f"{word} is not a number")
            result = float(value)
            if not math.isfinite(result) or (
                between is not None and not between.low <= result <= between.high
            ):
                raise InvalidInput(
                    f"{word} {value} is not between {between.low:g} and {between.high:g}"
                    if between
                    else f"{word} is not finite"
                )
            return result

        return number
    if base is datetime:

        def stamp(value: Any) -> str:
            if isinstance(value, str):
                try:
                    value = datetime.fromisoformat(value)
                except ValueError:
                    raise InvalidInput(f"{word} {value[:40]!r} is not a time") from None
            if not isinstance(value, datetime):
                raise InvalidInput(f"{word} is not a time")
            try:
                text = stamp_text(value)
            except OverflowError:  # year 1 at +14:00 is in year 0 in UTC
                raise InvalidInput(f"{word} is outside the years 1 to 9998") from None
            _in_years(word, int(text[:4]), years)
            return text

        return stamp
    if base is date:

        def day(value: Any) -> str:
            if isinstance(value, str):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    raise InvalidInput(f"{word} {value[:40]!r} is not a date") from None
            if not isinstance(value, date) or isinstance(value, datetime):
                raise InvalidInput(f"{word} is not a date")
            _in_years(word, value.year, years)
            return value.isoformat()

        return day
    raise TypeError(f"no check for {column}: {base}")


def _in_years(word: str, year: int, years: Years | None) -> None:
    if years is not None and not years.low <= year <= years.high:
        raise InvalidInput(f"{word} is outside the years {years.low} to {years.high}")
