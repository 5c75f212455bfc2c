"""One schema: after every migration SQLite and PostgreSQL hold the same tables, columns (name,
kind, nullability, default, order), keys, references and indexes; the models describe those
columns; and the table registry describes every table there is.

Each engine is read in its own words (PRAGMAs, the PostgreSQL catalog) and put in one form;
any difference fails, named."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from meetup_tracker.models import key_of, references_of
from meetup_tracker.storage.postgres import KINDS as PG_KINDS
from meetup_tracker.storage.registry import TABLES, referring_to
from meetup_tracker.storage.sqlite import KINDS as SQLITE_KINDS
from meetup_tracker.storage.sqlite import SqliteStore


@dataclass
class Shape:
    """A table in one form, whichever engine it was read from."""

    columns: list[tuple[str, str, bool, str | None]] = field(default_factory=list)
    key: tuple[str, ...] = ()
    references: set[tuple[str, str, str, str]] = field(default_factory=set)
    unique: set[tuple[str, ...]] = field(default_factory=set)
    indexes: dict[str, tuple[bool, str, str]] = field(default_factory=dict)


def _default(value: str | None) -> str | None:
    """`''::text` and `''`, `false` and `0`: one form."""
    if value is None:
        return None
    text = re.sub(r"::[\w ]+$", "", str(value)).strip()
    return {"false": "0", "true": "1"}.get(text.lower(), text)


def _flat(sql: str) -> str:
    """An index's columns or condition with case, spaces and brackets left out."""
    return re.sub(r"[\s()\"]", "", sql).lower().replace("public.", "")


def _index(definition: str) -> tuple[str, tuple[bool, str, str]]:
    """`CREATE UNIQUE INDEX ix ON t [USING btree] (cols) [WHERE cond]`, either engine's way."""
    head = re.match(r"CREATE (UNIQUE )?INDEX (\w+) ON [\w.]+(?: USING \w+)? \(", definition, re.I)
    assert head is not None, definition
    depth, start = 1, head.end()
    end = start
    while depth:
        depth += {"(": 1, ")": -1}.get(definition[end], 0)
        end += 1
    columns = definition[start : end - 1]
    where = definition[end:].strip()
    where = re.sub(r"^WHERE\s+", "", where, flags=re.I)
    return head.group(2), (bool(head.group(1)), _flat(columns), _flat(where))


def sqlite_shapes(path: Path) -> dict[str, Shape]:
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        shapes = {}
        for table in tables:
            shape = Shape()
            info = conn.execute(f"PRAGMA table_info({table})").fetchall()
            for _, name, declared, notnull, default, pk in info:
                shape.columns.append(
                    (name, SQLITE_KINDS[declared.upper()], bool(notnull or pk), _default(default))
                )
            shape.key = tuple(
                row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])
            )
            for row in conn.execute(f"PRAGMA foreign_key_list({table})"):
                shape.references.add((row[3], row[2], row[4], row[6]))
            for _, name, _unique, origin, _partial in conn.execute(f"PRAGMA index_list({table})"):
                if origin == "u":
                    columns = conn.execute(f"PRAGMA index_info({name})").fetchall()
                    shape.unique.add(tuple(c[2] for c in columns))
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                " AND sql IS NOT NULL",
                (table,),
            ):
                name, found = _index(sql)
                shape.indexes[name] = found
            shapes[table] = shape
    return shapes


def postgres_shapes(url: str) -> dict[str, Shape]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        shapes = {}
        for table in tables:
            shape = Shape()
            for name, kind, nullable, default in conn.execute(
                "SELECT column_name, data_type, is_nullable, column_default"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s ORDER BY ordinal_position",
                (table,),
            ):
                shape.columns.append((name, PG_KINDS[kind], nullable == "NO", _default(default)))
            constraints = conn.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass",
                (table,),
            ).fetchall()
            backing: set[str] = set()
            for name, kind, definition in constraints:
                inside = re.findall(r"\(([^)]*)\)", definition)
                columns = (
                    tuple(c.strip().strip('"') for c in inside[0].split(",")) if inside else ()
                )
                if kind == "p":
                    shape.key = columns
                    backing.add(name)
                elif kind == "u":
                    shape.unique.add(columns)
                    backing.add(name)
                elif kind == "f":
                    reference = re.match(
                        r"FOREIGN KEY \((\w+)\) REFERENCES (\w+)\((\w+)\)(?: ON DELETE ([\w ]+))?",
                        definition,
                    )
                    assert reference is not None, definition
                    on_delete = (reference[4] or "NO ACTION").strip()
                    shape.references.add((reference[1], reference[2], reference[3], on_delete))
            for name, definition in conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = %s",
                (table,),
            ):
                if name not in backing:
                    index_name, index = _index(definition)
                    shape.indexes[index_name] = index
            shapes[table] = shape
    return shapes


@pytest.fixture(scope="module")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Shape]:
    path = tmp_path_factory.mktemp("schema") / "meetup.db"
    SqliteStore(path).prepare()
    return sqlite_shapes(path)


def test_sqlite_and_postgresql_hold_one_schema(
    sqlite_schema: dict[str, Shape], pg_template: Any
) -> None:
    from meetup_tracker.storage.postgres import PostgresStore

    url = pg_template()
    PostgresStore(url).prepare()
    postgres = postgres_shapes(url)
    assert sorted(postgres) == sorted(sqlite_schema)
    for table, shape in sqlite_schema.items():
        other = postgres[table]
        assert other.columns == shape.columns, table
        assert other.key == shape.key, table
        assert other.references == shape.references, table
        assert other.unique == shape.unique, table
        assert other.indexes == shape.indexes, table


def test_an_upgraded_old_file_has_the_same_schema_as_a_new_one(
    sqlite_schema: dict[str, Shape], tmp_path: Path
) -> None:
    from tests.conftest import FIXTURES

    for name in ("v1.db", "v2.db", "v4.db"):
        copy = tmp_path / name
        copy.write_bytes((FIXTURES / name).read_bytes())
        SqliteStore(copy).prepare()
        assert sqlite_shapes(copy) == sqlite_schema, name


KINDS = {"int": int, "real": float, "text": str, "bool": bool, "date": date,
         "timestamp": datetime}  # fmt: skip


def test_the_models_describe_every_column(sqlite_schema: dict[str, Shape]) -> None:
    from meetup_tracker.storage.rows import spec_of

    for table in TABLES:
        shape = sqlite_schema[table.name]
        spec = spec_of(table.model)
        assert list(spec.columns) == [c[0] for c in shape.columns], table.name
        for name, kind, notnull, _ in shape.columns:
            assert spec.kinds[name] is KINDS[kind], f"{table.name}.{name}"
            optional = name not in spec.required and name not in spec.defaults
            assert optional != notnull or name in shape.key, f"{table.name}.{name}"


def test_the_registry_describes_every_table_and_reference(sqlite_schema: dict[str, Shape]) -> None:
    assert sorted(t.name for t in TABLES) == sorted(sqlite_schema)
    for table in TABLES:
        declared = {(c, to) for c, to in table.references.items()}
        found = {(c, to) for c, to, _, _ in sqlite_schema[table.name].references}
        assert declared == found, table.name
        assert set(references_of(table.model).items()) == declared, table.name
        assert key_of(table.model) == sqlite_schema[table.name].key, table.name
        # A merge joins what the duplicate had and lets the rest go with it: by the cascade.
        for column, to, _, on_delete in sqlite_schema[table.name].references:
            if to == "contact":
                assert on_delete == "CASCADE", f"{table.name}.{column}"


def test_every_reference_to_a_contact_says_how_merge_moves_it() -> None:
    for table, column in referring_to("contact"):
        assert column in table.merge, f"{table.name}.{column}"


def test_every_column_a_backup_leaves_out_is_worked_out_on_restore() -> None:
    from meetup_tracker.services.backup import DERIVED

    derived = {(t.name, c) for t in TABLES for c in t.derived}
    assert derived == set(DERIVED)


def test_every_table_is_backed_up_or_says_why_not() -> None:
    for table in TABLES:
        assert table.backed_up or table.why_not_backed_up, table.name
        if table.backed_up:
            assert table.section, table.name
