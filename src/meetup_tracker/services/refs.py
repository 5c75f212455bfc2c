"""Finding the contact a user means: `#12`, a handle or profile URL, a name or a unique prefix.

Plain SQL on any connection (a reading command's, or the one under a write session), so
naming a contact costs no ORM.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from meetup_tracker.errors import Ambiguous, InvalidInput, NotFound
from meetup_tracker.handles import fold, handle_lookups, looks_like_handle

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

_ID_RE = re.compile(r"^#\s*(\d+)$")
_BARE_RE = re.compile(r"^(\d+)$")
_MAX_LISTED = 5
MAX_ID = 2**63 - 1  # the largest integer either engine keeps: no row has a larger id


def numbered(ref: str, *, bare: bool = False) -> int | None:
    """The number a reference gives: `#12` (or `12`, where a bare number can name nothing
    else, as with meetings); None for any other text. A number too long to be an id is
    given as one past the largest, which names nothing."""
    text = ref.strip()
    found = _ID_RE.match(text) or (_BARE_RE.match(text) if bare else None)
    if found is None:
        return None
    digits = found.group(1).lstrip("0") or "0"
    return int(digits) if len(digits) <= 19 else MAX_ID + 1


def row_number(ref: str, what: str, hint: str) -> int:
    """The row a number names (`12` or `#12`: a meeting, a follow-up, a visit); one line
    naming `what` when the text is no such number."""
    number = numbered(ref, bare=True)
    if number is None or number > MAX_ID:
        raise InvalidInput(f"'{ref}' is not a {what} number", hint=hint)
    return number


@dataclass(frozen=True)
class Ref:
    """A contact as a reference finds it."""

    id: int
    name: str
    city: str | None

    def describe(self) -> str:
        """`Ana Ortiz (#1, Nashville, Tennessee, US)`."""
        where = f", {self.city}" if self.city else ""
        return f"{self.name} (#{self.id}{where})"


_COLUMNS = "c.id, c.name, c.city"


def _refs(conn: Sql, sql: str, params: dict[str, object]) -> list[Ref]:
    return [Ref(int(cid), name, city) for cid, name, city in conn.execute(sql, params)]


def find_contact(*, conn: Sql, ref: str) -> Ref:
    """The one contact `ref` names; NotFound or Ambiguous (with candidates) otherwise."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty contact reference", hint="give a name, a handle or #ID")
    if len(text) > 500:
        raise InvalidInput(f"a contact reference of {len(text):,} characters is too long")
    number = numbered(text)
    if number is not None:
        found = (
            _refs(conn, f"SELECT {_COLUMNS} FROM contact c WHERE c.id = :id", {"id": number})
            if number <= MAX_ID
            else []
        )
        if not found:
            raise NotFound(f"no contact {text.replace(' ', '')}")
        return found[0]
    if looks_like_handle(text):
        found = _by_handle(conn, text)
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(f"handle '{text}' belongs to", found, "use #ID")
        raise NotFound(f"no contact has the handle '{text}'")
    key = fold(text)
    exact = named(conn=conn, name=text)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise _ambiguous(f"{len(exact)} contacts are named '{text}':", exact, "use #ID")
    prefixed = _refs(
        conn,
        # A range on the indexed key: every string that starts with `key` sorts in [key, key+max).
        f"SELECT {_COLUMNS} FROM contact c WHERE c.name_key >= :low AND c.name_key < :high"
        " ORDER BY c.name_key, c.id LIMIT 50",
        {"low": key, "high": key + "\U0010ffff"},
    )
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise _ambiguous(f"'{text}' could be", prefixed, "type more of the name, or use #ID")
    by_handle = _by_handle(conn, text)
    if len(by_handle) == 1:
        return by_handle[0]
    raise NotFound(f"no contact '{text}'", hint=_suggestion(conn, key) or _add_hint(text))


def find_contacts(*, conn: Sql, refs: list[str]) -> list[Ref]:
    """Several contacts, each named once; a contact named twice counts once."""
    found: dict[int, Ref] = {}
    for ref in refs:
        contact = find_contact(conn=conn, ref=ref)
        found.setdefault(contact.id, contact)
    return list(found.values())


def named(*, conn: Sql, name: str) -> list[Ref]:
    """Contacts whose name equals `name`, ignoring case, accents and extra spaces."""
    key = fold(" ".join(name.split()))
    return _refs(
        conn,
        f"SELECT {_COLUMNS} FROM contact c WHERE c.name_key = :key ORDER BY c.id",
        {"key": key},
    )


def _by_handle(conn: Sql, text: str) -> list[Ref]:
    lookups = handle_lookups(text) or [(None, fold(text).removeprefix("@"))]
    found: dict[int, Ref] = {}
    for platform, key in lookups:
        sql = (
            f"SELECT DISTINCT {_COLUMNS} FROM contact c JOIN handle h ON h.contact_id = c.id"
            " WHERE h.key = :key"
        )
        params: dict[str, object] = {"key": key}
        if platform is not None:
            sql += " AND h.platform = :platform"
            params["platform"] = platform
        for contact in _refs(conn, sql + " ORDER BY c.id", params):
            found.setdefault(contact.id, contact)
    return list(found.values())


def _ambiguous(intro: str, contacts: list[Ref], hint: str) -> Ambiguous:
    listed = ", ".join(c.describe() for c in contacts[:_MAX_LISTED])
    more = f" and {len(contacts) - _MAX_LISTED} more" if len(contacts) > _MAX_LISTED else ""
    return Ambiguous(f"{intro} {listed}{more}", hint=hint)


def _add_hint(text: str) -> str | None:
    """For someone not known yet, the command that adds them."""
    import shlex

    if text.startswith("#") or not any(c.isalpha() for c in text):
        return None
    return f"add them first: meetup contact add {shlex.quote(text)}"


def _suggestion(conn: Sql, key: str) -> str | None:
    names: dict[str, str] = {}
    for name, name_key in conn.execute("SELECT name, name_key FROM contact"):
        names.setdefault(name_key, name)
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.75)
    if not close:
        # Someone typing a surname: "Ortiz" for "Ana Ortiz".
        close = [k for k in names if key in k.split()][:3]
    if not close:
        return None
    return "did you mean " + " or ".join(names[k] for k in close) + "?"
