"""The team tests' database: a new one, with roles ana and bob allowed to read and write."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest


@pytest.fixture
def team_db(pg_template: Callable[[], str]) -> str:
    """A new team database, with the roles ana and bob allowed to read and write it."""
    url = pg_template()
    with psycopg.connect(url, autocommit=True) as admin:
        for role in ("ana", "bob"):
            exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            if exists.fetchone() is None:
                admin.execute(f"CREATE ROLE {role} LOGIN")
            admin.execute(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            )
            admin.execute(f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    return url
