"""Finding the contact a user means: `#12`, a handle or profile URL, a name or a unique prefix."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from meetup_tracker.errors import Ambiguous, InvalidInput, NotFound
from meetup_tracker.handles import fold, handle_lookups, looks_like_handle

if TYPE_CHECKING:
    from sqlmodel import Session

    from meetup_tracker.models import Contact

_ID_RE = re.compile(r"^#\s*(\d+)$")
_MAX_LISTED = 5
MAX_ID = 2**63 - 1  # SQLite's largest integer: no row has a larger id


def resolve_contact(*, session: Session, ref: str) -> Contact:
    """The one contact `ref` names; NotFound or Ambiguous (with candidates) otherwise."""
    from meetup_tracker.models import Contact

    text = ref.strip()
    if not text:
        raise InvalidInput("empty contact reference", hint="give a name, a handle or #ID")
    if len(text) > 500:
        raise InvalidInput(f"a contact reference of {len(text):,} characters is too long")
    if m := _ID_RE.match(text):
        if int(m.group(1)) > MAX_ID:
            raise NotFound(f"no contact #{m.group(1)}")
        contact = session.get(Contact, int(m.group(1)))
        if contact is None:
            raise NotFound(f"no contact #{m.group(1)}")
        return contact
    if looks_like_handle(text):
        found = _by_handle(session, text)
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(f"handle '{text}' belongs to", found, "use #ID")
        raise NotFound(f"no contact has the handle '{text}'")
    key = fold(text)
    exact = _by_name_key(session, key)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise _ambiguous(f"{len(exact)} contacts are named '{text}':", exact, "use #ID")
    prefixed = _by_name_prefix(session, key)
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise _ambiguous(f"'{text}' could be", prefixed, "type more of the name, or use #ID")
    by_handle = _by_handle(session, text)
    if len(by_handle) == 1:
        return by_handle[0]
    raise NotFound(f"no contact '{text}'", hint=_suggestion(session, key))


def resolve_contacts(*, session: Session, refs: list[str]) -> list[Contact]:
    """Several contacts, each named once; a contact named twice counts once."""
    contacts: dict[int | None, Contact] = {}
    for ref in refs:
        contact = resolve_contact(session=session, ref=ref)
        contacts.setdefault(contact.id, contact)
    return list(contacts.values())


def contacts_named(*, session: Session, name: str) -> list[Contact]:
    """Contacts whose name equals `name`, ignoring case and accents."""
    return _by_name_key(session, fold(name))


def _by_name_key(session: Session, key: str) -> list[Contact]:
    from sqlmodel import col, select

    from meetup_tracker.models import Contact

    query = select(Contact).where(Contact.name_key == key).order_by(col(Contact.id))
    return list(session.exec(query).all())


def _by_name_prefix(session: Session, key: str) -> list[Contact]:
    from sqlmodel import col, select

    from meetup_tracker.models import Contact

    # A range on the indexed key: every string that starts with `key` sorts in [key, key+max).
    upper = key + "\U0010ffff"
    query = (
        select(Contact)
        .where(Contact.name_key >= key, Contact.name_key < upper)
        .order_by(col(Contact.name_key))
        .limit(50)
    )
    return list(session.exec(query).all())


def _by_handle(session: Session, text: str) -> list[Contact]:
    from sqlmodel import col, select

    from meetup_tracker.models import Contact, Handle

    lookups = handle_lookups(text) or [(None, fold(text).removeprefix("@"))]
    found: dict[int | None, Contact] = {}
    for platform, key in lookups:
        query = select(Contact).join(Handle, col(Handle.contact_id) == col(Contact.id))
        query = query.where(Handle.key == key)
        if platform is not None:
            query = query.where(Handle.platform == platform)
        for contact in session.exec(query.order_by(col(Contact.id))).all():
            found.setdefault(contact.id, contact)
    return list(found.values())


def _describe(contact: Contact) -> str:
    where = f", {contact.city}" if contact.city else ""
    return f"{contact.name} (#{contact.id}{where})"


def _ambiguous(intro: str, contacts: list[Contact], hint: str) -> Ambiguous:
    listed = ", ".join(_describe(c) for c in contacts[:_MAX_LISTED])
    more = f" and {len(contacts) - _MAX_LISTED} more" if len(contacts) > _MAX_LISTED else ""
    return Ambiguous(f"{intro} {listed}{more}", hint=hint)


def _suggestion(session: Session, key: str) -> str | None:
    from sqlalchemy import text

    names: dict[str, str] = {}
    for name, name_key in session.execute(text("SELECT name, name_key FROM contact")):
        names.setdefault(name_key, name)
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.75)
    if not close:
        # Someone typing a surname: "Ortiz" for "Ana Ortiz".
        close = [k for k in names if key in k.split()][:3]
    if not close:
        return None
    return "did you mean " + " or ".join(names[k] for k in close) + "?"
