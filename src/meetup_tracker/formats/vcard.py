"""vCard files (.vcf), one card or many, 2.1, 3.0 and 4.0, as Apple Contacts, Google, khard,
Android phones and Outlook write them: read line by line (`vcard_lines`), written with vobject.

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
from meetup_tracker.formats.vcard_lines import Line, logical_lines, parse_line, physical_lines
from meetup_tracker.handles import canonical_platform, profile_url

if TYPE_CHECKING:
    from meetup_tracker.services.views import ContactView

_GEO_RE = re.compile(r"^(?:geo:)?\s*([-+]?\d+(?:\.\d+)?)\s*[;,]\s*([-+]?\d+(?:\.\d+)?)", re.I)
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*$", re.I)
GROUP = "a group card (its members are tagged with its name)"
_BEGIN, _END = "BEGIN:VCARD", "END:VCARD"


def looks_like(text: str) -> bool:
    """The first line that says anything begins a vCard."""
    for line in physical_lines(text[:5000]):
        if line.strip():
            return line.strip().upper() == _BEGIN
    return False


def _cards(text: str) -> Iterator[tuple[int, list[Line] | None]]:
    """Each card's first line number and its properties; None for a card cut off before
    END:VCARD."""
    start: int | None = None
    lines: list[Line] = []
    for number, raw in logical_lines(physical_lines(text)):
        marker = raw.strip().upper()
        if marker == _BEGIN:
            if start is not None:
                yield start, None
            start, lines = number, []
        elif marker == _END:
            if start is not None:
                yield start, lines
            start, lines = None, []
        elif start is not None:
            line = parse_line(number, raw)
            if line is not None:
                lines.append(line)
    if start is not None:
        yield start, None


def parse(text: str) -> Parsed:
    """Every card as a contact; a group card (Apple's `X-ADDRESSBOOKSERVER-KIND:group`, vCard
    4's `KIND:group`) is no person: its members gain its name as a tag."""
    parsed = Parsed("vcard")
    found = False
    by_uid: dict[str, ContactRecord] = {}
    groups: list[tuple[int, str, list[str]]] = []
    for line, card in _cards(text):
        found = True
        if card is None:
            parsed.bad.append(BadRecord(line, "the card has no END:VCARD (is the file cut short?)"))
            continue
        if _is_group(card):
            groups.append((line, _group_name(card), _members(card)))
            continue
        try:
            record = record_of(line, card)
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(line, str(exc)))
            continue
        parsed.contacts.append(record)
        for uid in _values(card, "UID")[:1]:
            by_uid[_uid(uid.text)] = record
    if not found:
        raise FormatError("this is not a vCard file: no BEGIN:VCARD")
    for line, name, members in groups:
        parsed.skipped.append(BadRecord(line, GROUP))
        for member in members:
            tagged = by_uid.get(member)
            if tagged is not None and name:
                tagged.tags += [t for t in user_tags([name]) if t not in tagged.tags]
    return parsed


def _is_group(card: list[Line]) -> bool:
    kinds = _values(card, "KIND") + _values(card, "X-ADDRESSBOOKSERVER-KIND")
    return any(k.text.strip().lower() == "group" for k in kinds)


def _group_name(card: list[Line]) -> str:
    for line in _values(card, "FN") + _values(card, "N"):
        name = _one_line(line.text.replace(";", " "))
        if name:
            return name
    return ""


def _members(card: list[Line]) -> list[str]:
    lines = _values(card, "MEMBER") + _values(card, "X-ADDRESSBOOKSERVER-MEMBER")
    return [_uid(m.text) for m in lines]


def _uid(text: str) -> str:
    """A card's UID as members name it (`urn:uuid:...` or bare), folded."""
    value = text.strip().lower()
    return value.removeprefix("urn:uuid:")


def _values(card: list[Line], name: str) -> list[Line]:
    return [line for line in card if line.name == name and not line.binary]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _name(card: list[Line]) -> str:
    for line in _values(card, "FN"):
        if _one_line(line.text):
            return _one_line(line.text)
    for line in _values(card, "N"):
        family, given, additional, _prefix, suffix = (line.components() + [""] * 5)[:5]
        name = _one_line(" ".join((given, additional, family, suffix)))
        if name:
            return name
    for line in _values(card, "ORG"):
        if _one_line(line.components()[0]):
            return _one_line(line.components()[0])
    for line in _values(card, "EMAIL"):
        if _one_line(line.text):
            return _one_line(line.text)  # an address-book entry with only an email
    raise InvalidInput("the card has no name (FN, N, ORG or EMAIL)")


X_PLATFORMS = ("twitter", "mastodon", "bluesky", "instagram", "github", "skype", "linkedin")


def record_of(line: int, card: list[Line]) -> ContactRecord:
    record = ContactRecord(line=line, name=_name(card))
    record.handles = lenient_handles(handle_candidates(card))
    for adr in _values(card, "ADR")[:1]:
        record.city, record.region, record.country = place_parts(adr)
    for geo in _values(card, "GEO")[:1]:
        m = _GEO_RE.match(_one_line(geo.text))
        if m:
            record.lat, record.lon = float(m.group(1)), float(m.group(2))
    notes = [n.text.strip() for n in _values(card, "NOTE") if n.text.strip()]
    record.note = "\n".join(notes) or None
    for categories in _values(card, "CATEGORIES"):
        record.tags += user_tags(t.strip() for t in categories.items())
    for org in _values(card, "ORG")[:1]:
        record.company = _one_line(" ".join(p for p in org.components() if p.strip())) or None
    for title in _values(card, "TITLE")[:1]:
        record.position = _one_line(title.text) or None
    return record


def place_parts(adr: Line) -> tuple[str | None, str | None, str | None]:
    """An ADR's city, region and country (the street is no place of ours)."""
    parts = (adr.components() + [""] * 7)[:7]
    _pobox, _extended, _street, city, region, _code, country = (_one_line(p) for p in parts)
    return city or None, region or None, country or None


def handle_candidates(card: list[Line]) -> list[tuple[str | None, str]]:
    """What could be a handle in these lines, with its platform where the line names one."""
    candidates: list[tuple[str | None, str]] = []
    candidates += [("email", _one_line(e.text)) for e in _values(card, "EMAIL")]
    candidates += [("phone", _one_line(t.text)) for t in _values(card, "TEL")]
    for kind in ("X-SOCIALPROFILE", "SOCIALPROFILE"):
        for profile in _values(card, kind):
            service = profile.param("TYPE", "SERVICE-TYPE")
            platform = canonical_platform(service) if service else None
            user = profile.param("X-USER")
            value = _one_line(profile.text)
            candidates.append((platform, user) if platform and user else (platform, value))
    for impp in _values(card, "IMPP"):
        value = _one_line(impp.text)
        scheme, colon, rest = value.partition(":")
        if not colon or not _SCHEME_RE.match(scheme):
            scheme, rest = "", value  # Nextcloud, ownCloud: IMPP;TYPE=SKYPE:name
        named = [t for t in impp.params.get("TYPE", []) if canonical_platform(t)]
        service = impp.param("X-SERVICE-TYPE") or scheme or (named[0] if named else "")
        candidates.append((canonical_platform(service) if service else None, rest))
    for platform in X_PLATFORMS:
        candidates += [
            (platform, _one_line(x.text)) for x in _values(card, f"X-{platform.upper()}")
        ]
    candidates += [(None, _one_line(u.text)) for u in _values(card, "URL")]
    return candidates


def write(contacts: Iterable[ContactView]) -> Iterator[str]:
    """vCard 3.0 cards that Apple Contacts, Google and khard accept, a card at a time."""
    import vobject

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
        yield card.serialize()


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
