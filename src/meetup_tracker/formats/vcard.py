"""vCard files (.vcf), one card or many, 3.0 and 4.0, as Apple Contacts, Google and khard
write them; read and written with vobject.

Handles come from EMAIL, TEL, URL, X-SOCIALPROFILE (Apple), SOCIALPROFILE (vCard 4) and IMPP;
ADR's city becomes the contact's place, GEO its coordinates, CATEGORIES its tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    Parsed,
    lenient_handles,
    user_tags,
)
from meetup_tracker.handles import canonical_platform, profile_url

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView

_GEO_RE = re.compile(r"^(?:geo:)?\s*([-+]?\d+(?:\.\d+)?)\s*[;,]\s*([-+]?\d+(?:\.\d+)?)", re.I)
_BEGIN, _END = "BEGIN:VCARD", "END:VCARD"


def looks_like(text: str) -> bool:
    """The first line that says anything begins a vCard."""
    for line in text.splitlines():
        if line.strip():
            return line.strip().upper() == _BEGIN
    return False


def _cards(text: str) -> Iterator[tuple[int, str | None]]:
    """Each card's first line number and text; None for a card cut off before END:VCARD."""
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        marker = line.strip().upper()
        if marker == _BEGIN:
            if start is not None:
                yield start, None
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if marker == _END:
                yield start, "\r\n".join(lines) + "\r\n"
                start, lines = None, []
    if start is not None:
        yield start, None


def parse(text: str) -> Parsed:
    """Every card as a contact."""
    import vobject

    parsed = Parsed("vcard")
    found = False
    for line, card_text in _cards(text):
        found = True
        if card_text is None:
            parsed.bad.append(BadRecord(line, "the card has no END:VCARD (is the file cut short?)"))
            continue
        try:
            card = vobject.readOne(card_text)
            parsed.contacts.append(_record(line, card))
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(line, str(exc)))
        except Exception as exc:  # vobject raises many kinds for a malformed card
            parsed.bad.append(BadRecord(line, f"cannot read this card: {exc}"))
    if not found:
        raise FormatError("this is not a vCard file: no BEGIN:VCARD")
    return parsed


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return " ".join(str(value).split())


def _name(card: Any) -> str:
    for line in _values(card, "fn"):
        if _text(line.value):
            return _text(line.value)
    for line in _values(card, "n"):
        n = line.value
        parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
        name = " ".join(_text(p) for p in parts if p and _text(p))
        if name:
            return name
    for line in _values(card, "org"):
        if _text(line.value):
            return _text(line.value)
    raise InvalidInput("the card has no name (FN or N)")


def _param(line: Any, *names: str) -> str | None:
    for name in names:
        values = line.params.get(name)
        if values:
            return str(values[0])
    return None


def _record(line: int, card: Any) -> ContactRecord:
    record = ContactRecord(line=line, name=_name(card))
    candidates: list[tuple[str | None, str]] = []
    candidates += [("email", _text(e.value)) for e in _values(card, "email")]
    candidates += [("phone", _text(t.value)) for t in _values(card, "tel")]
    for kind in ("x-socialprofile", "socialprofile"):
        for profile in _values(card, kind):
            service = _param(profile, "TYPE", "SERVICE-TYPE")
            platform = canonical_platform(service) if service else None
            user = _param(profile, "X-USER")
            candidates.append(
                (platform, user) if platform and user else (platform, _text(profile.value))
            )
    for impp in _values(card, "impp"):
        value = _text(impp.value)
        scheme, _, rest = value.partition(":")
        service = _param(impp, "X-SERVICE-TYPE") or scheme
        candidates.append((canonical_platform(service), rest or value))
    candidates += [(None, _text(u.value)) for u in _values(card, "url")]
    record.handles = lenient_handles(candidates)
    for adr in _values(card, "adr")[:1]:
        address = adr.value
        record.city = _text(address.city) or None
        record.region = _text(address.region) or None
        record.country = _text(address.country) or None
    for geo in _values(card, "geo")[:1]:
        m = _GEO_RE.match(_text(geo.value))
        if m:
            record.lat, record.lon = float(m.group(1)), float(m.group(2))
    notes = [str(n.value).strip() for n in _values(card, "note") if str(n.value).strip()]
    record.note = "\n".join(notes) or None
    for categories in _values(card, "categories"):
        value = categories.value
        labels = value if isinstance(value, list) else str(value).split(",")
        record.tags += user_tags(str(t).strip() for t in labels)
    for org in _values(card, "org")[:1]:
        record.company = _text(org.value) or None
    for title in _values(card, "title")[:1]:
        record.position = _text(title.value) or None
    return record


def write(contacts: Iterable[ContactView]) -> str:
    """vCard 3.0 cards that Apple Contacts, Google and khard accept."""
    import vobject

    cards = []
    for view in contacts:
        card = vobject.vCard()
        card.add("uid").value = f"meetup-tracker-contact-{view.id}"
        card.add("fn").value = view.name
        given, _, family = view.name.rpartition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for handle in view.handles:
            _add_handle(card, handle.platform, handle.handle)
        if view.city:
            parts = [p.strip() for p in view.city.split(",")]
            region = parts[1] if len(parts) == 3 else ""
            country = parts[-1] if len(parts) >= 2 else ""
            card.add("adr").value = vobject.vcard.Address(
                city=parts[0], region=region, country=country
            )
        if view.lat is not None and view.lon is not None:
            card.add("geo").value = f"{view.lat};{view.lon}"
        if view.tags:
            card.add("categories").value = list(view.tags)
        if view.note:
            card.add("note").value = view.note
        if view.company:
            card.add("org").value = [view.company]
        if view.position:
            card.add("title").value = view.position
        cards.append(card.serialize())
    return "".join(cards)


def _add_handle(card: Any, platform: str, handle: str) -> None:
    if platform == "email":
        line = card.add("email")
        line.value = handle
        line.type_param = "INTERNET"
        return
    if platform == "phone":
        card.add("tel").value = handle
        return
    url = profile_url(platform, handle)
    if platform == "website":
        card.add("url").value = url
        return
    profile = card.add("x-socialprofile")
    profile.value = url or f"{platform}:{handle}"
    profile.params["TYPE"] = [platform]
    profile.params["X-USER"] = [handle]
    if url:
        card.add("url").value = url
