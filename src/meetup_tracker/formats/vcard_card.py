"""One contact's card in a vdir, as `meetup sync` reads and writes it.

A card is read into `Fields`, what both sides may change: the name, handles, tags, the place
(ADR's city, region and country), the coordinates (GEO), the note, work (ORG, TITLE) and how
often to keep in touch (`X-MEETUP-EVERY`); and the day you last met in person
(`X-MEETUP-MET`), which only meetup writes. Both are written as khard shows them (add
`Meetup-Met, Meetup-Every` to khard's `private_objects`).

A card another program wrote (a phone's, through vdirsyncer) is changed line by line: only the
lines of a field whose value changed are replaced, so its photo, birthday, street, labels and
anything else we do not know stay as they were.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats import vcard
from meetup_tracker.formats.records import lenient_handles
from meetup_tracker.formats.vcard_lines import Line, logical_lines, parse_line, physical_lines
from meetup_tracker.handles import profile_url
from meetup_tracker.text import fold_case, tag_key

if TYPE_CHECKING:
    from meetup_tracker.handles import Handle

MET, EVERY = "X-MEETUP-MET", "X-MEETUP-EVERY"
# The properties a handle may come from; a line of these is kept while its handle is.
_HANDLE_LINES = frozenset(
    {"EMAIL", "TEL", "URL", "X-SOCIALPROFILE", "SOCIALPROFILE", "IMPP"}
    | {f"X-{p.upper()}" for p in vcard.X_PLATFORMS}
)
# Each scalar field's properties, replaced together when the field changes.
_SCALAR_LINES = {
    "name": ("FN", "N"),
    "place": ("ADR",),
    "geo": ("GEO",),
    "note": ("NOTE",),
    "company": ("ORG",),
    "position": ("TITLE",),
    "every": (EVERY,),
    "met": (MET,),
}
# Instant messengers travel as IMPP (`xmpp:ana@jabber.org`), as RFC 4770 asks.
_MESSENGERS = frozenset(
    {"xmpp", "jabber", "matrix", "skype", "telegram", "signal", "whatsapp", "sip", "irc", "icq"}
)
_SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9@._+-]{1,200}$")


@dataclass
class Fields:
    """What a card says of a person, in the form both sides compare."""

    name: str
    handles: dict[str, Handle] = field(default_factory=dict)  # by `platform:key`
    tags: dict[str, str] = field(default_factory=dict)  # by tag key
    place: tuple[str | None, str | None, str | None] = (None, None, None)
    geo: tuple[float, float] | None = None
    note: str | None = None
    company: str | None = None
    position: str | None = None
    every: int | None = None
    met: str | None = None

    @property
    def place_text(self) -> str | None:
        """The place as one text: `Memphis, Tennessee, United States`."""
        return ", ".join(p for p in self.place if p) or None

    def value(self, name: str) -> Any:
        """A field as it compares: a set's members by key, a scalar as it is."""
        current = getattr(self, name)
        if name in SETS:
            return sorted(current)
        if name == "geo" and current is not None:
            return [round(current[0], 5), round(current[1], 5)]
        return list(current) if isinstance(current, tuple) else current

    def fingerprint(self) -> dict[str, Any]:
        """Each field's hash (a set: each member's), kept as the state of the last sync: what
        changed since can be told without keeping anyone's data twice."""
        return {
            name: [digest(v) for v in self.value(name)]
            if name in SETS
            else digest(self.value(name))
            for name in NAMES
        }


NAMES = tuple(f.name for f in fields(Fields))
SETS = ("handles", "tags")


def digest(value: Any) -> str:
    """A short, stable hash of a JSON value."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass
class Card:
    """A card file read: its UID, revision, version, fields, and its lines as written."""

    uid: str
    rev: str | None
    version: str
    fields: Fields
    lines: list[tuple[str, str]]  # (property name, the logical line as it stood)


def read(text: str, *, fallback_uid: str) -> Card:
    """The first card of a file; InvalidInput when it has none or no name."""
    raw: list[tuple[str, str]] = []
    parsed: list[Line] = []
    inside = done = False
    for number, logical in logical_lines(physical_lines(text)):
        marker = logical.strip().upper()
        if marker == "BEGIN:VCARD" and not done:
            inside, raw, parsed = True, [], []
        elif marker == "END:VCARD" and inside:
            inside, done = False, True
        elif inside:
            line = parse_line(number, logical)
            if line is not None:
                raw.append((line.name, logical))
                parsed.append(line)
    if not done:
        raise InvalidInput("no card in it (BEGIN:VCARD ... END:VCARD)")
    record = vcard.record_of(1, parsed)
    found = Fields(name=record.name)
    found.handles = {_key(h): h for h in record.handles}
    found.tags = {tag_key(t): t for t in record.tags if tag_key(t)}
    found.place = (record.city, record.region, record.country)
    if record.lat is not None and record.lon is not None:
        found.geo = (record.lat, record.lon)
    found.note, found.company, found.position = record.note, record.company, record.position
    found.every = _every(_first(parsed, EVERY))
    met = _first(parsed, MET)
    found.met = met.strip() if met and met.strip() else None
    return Card(
        uid=(_first(parsed, "UID") or "").strip() or fallback_uid,
        rev=(_first(parsed, "REV") or "").strip() or None,
        version=(_first(parsed, "VERSION") or "3.0").strip(),
        fields=found,
        lines=raw,
    )


def _first(lines: list[Line], name: str) -> str | None:
    for line in lines:
        if line.name == name and not line.binary:
            return line.text
    return None


def _every(text: str | None) -> int | None:
    from meetup_tracker.dates import parse_period

    if not text or not text.strip():
        return None
    try:
        return parse_period(text)
    except InvalidInput:
        return None  # not ours to refuse: the card's other fields still count


def _key(handle: Handle) -> str:
    return f"{handle.platform}:{handle.key}"


def file_name(uid: str) -> str:
    """A new card's file name: its UID where that is a safe name, else the UID's hash."""
    stem = uid if _SAFE_NAME_RE.match(uid) and not uid.startswith(".") else digest(uid)
    return f"{stem}.vcf"


def revision(moment: datetime | None = None) -> str:
    """A REV value: the time in UTC, as khard and phones write it."""
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def write_new(uid: str, wanted: Fields) -> str:
    """A whole vCard 3.0 for a contact that has no card yet."""
    body = [("UID", _prop("UID", uid))]
    for name in NAMES:
        body += _field_lines(name, wanted, "3.0")
    return _card("3.0", body)


def write_changed(card: Card, wanted: Fields) -> str:
    """The card with the fields that differ from `wanted` replaced, every other line kept."""
    have = card.fields
    changed = {n for n in NAMES if have.value(n) != wanted.value(n)}
    kept_handles = set(wanted.handles)
    body: list[tuple[str, str]] = []
    placed: set[str] = set()
    for name, logical in card.lines:
        if name in ("VERSION", "REV", "PRODID"):
            continue
        owner = next((f for f, props in _SCALAR_LINES.items() if name in props), None)
        if owner in changed:
            if owner not in placed:  # the new lines where the old ones stood
                placed.add(owner)
                body += _field_lines(owner, wanted, card.version, _old_adr(card, owner))
            continue
        if name == "CATEGORIES" and "tags" in changed:
            if "tags" not in placed:
                placed.add("tags")
                body += _field_lines("tags", wanted, card.version)
            continue
        if name in _HANDLE_LINES and "handles" in changed:
            line = parse_line(0, logical)
            keys = (
                {_key(h) for h in lenient_handles(vcard.handle_candidates([line]))}
                if line
                else set()
            )
            if keys and not keys & kept_handles:
                continue  # a handle removed
        body.append((name, logical))
    for name in sorted(changed - placed):
        if name == "handles":
            new = {k: h for k, h in wanted.handles.items() if k not in have.handles}
            body += _handle_lines(new.values(), card.version)
        else:
            body += _field_lines(name, wanted, card.version)
    return _card(card.version, body)


def _old_adr(card: Card, owner: str | None) -> tuple[str, Line] | None:
    if owner != "place":
        return None
    for name, logical in card.lines:
        line = parse_line(0, logical) if name == "ADR" else None
        if line is not None:
            return logical, line
    return None


def _card(version: str, body: list[tuple[str, str]]) -> str:
    head = [
        f"VERSION:{version}",
        "PRODID:-//meetup-tracker//meetup-tracker//EN",
        f"REV:{revision()}",
    ]
    lines = ["BEGIN:VCARD", *head, *(logical for _name, logical in body), "END:VCARD"]
    from meetup_tracker.formats.ics_write import fold

    return "".join(fold(line) for line in lines)


def _field_lines(
    name: str, wanted: Fields, version: str, old_adr: tuple[str, Line] | None = None
) -> list[tuple[str, str]]:
    if name == "handles":
        return _handle_lines(wanted.handles.values(), version)
    if name == "tags":
        items = ",".join(_escape(t) for t in wanted.tags.values())
        return [("CATEGORIES", f"CATEGORIES:{items}")] if wanted.tags else []
    if name == "name":
        given, _, family = wanted.name.rpartition(" ")
        return [
            ("FN", _prop("FN", wanted.name)),
            ("N", "N:" + ";".join(_escape(p) for p in (family, given, "", "", ""))),
        ]
    if name == "place":
        return _adr(wanted, old_adr)
    if name == "geo":
        if wanted.geo is None:
            return []
        lat, lon = (round(v, 6) for v in wanted.geo)
        value = f"geo:{lat},{lon}" if version.startswith("4") else f"{lat};{lon}"
        return [("GEO", f"GEO:{value}")]
    properties = {"note": "NOTE", "company": "ORG", "position": "TITLE"}
    if name in properties:
        value = getattr(wanted, name)
        return [(properties[name], _prop(properties[name], value))] if value else []
    if name == "every":
        return [(EVERY, f"{EVERY}:{wanted.every}d")] if wanted.every else []
    if name == "met":
        return [(MET, f"{MET}:{wanted.met}")] if wanted.met else []
    raise AssertionError(name)


def _adr(wanted: Fields, old: tuple[str, Line] | None) -> list[tuple[str, str]]:
    """The place as an ADR; a card's own ADR keeps its group and labels, and its street and
    postal code while the city is still the same."""
    if not any(wanted.place):
        return []
    parts = [""] * 7
    head = "ADR"
    if old is not None:
        logical, line = old
        if line.param("ENCODING") is None and logical.endswith(line.value):
            head = logical[: len(logical) - len(line.value) - 1]
        before = (line.components() + [""] * 7)[:7]
        if fold_case(before[3].strip()) == fold_case(wanted.place[0] or ""):
            parts = before
    parts[3], parts[4], parts[6] = (p or "" for p in wanted.place)
    return [("ADR", f"{head}:" + ";".join(_escape(p) for p in parts))]


def _handle_lines(handles: Any, version: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for handle in handles:
        platform, value = handle.platform, handle.handle
        if platform == "email":
            out.append(("EMAIL", f"EMAIL;TYPE=INTERNET:{_escape(value)}"))
        elif platform == "phone":
            out.append(("TEL", f"TEL:{_escape(value)}"))
        elif platform in _MESSENGERS:
            out.append(("IMPP", f"IMPP:{platform}:{_escape(value)}"))
        else:
            url = profile_url(platform, value)
            if platform != "website":
                shown = url or f"{platform}:{value}"
                params = f";TYPE={_param(platform)};X-USER={_param(value)}"
                out.append(("X-SOCIALPROFILE", f"X-SOCIALPROFILE{params}:{_escape(shown)}"))
            if url:
                out.append(("URL", f"URL:{_escape(url)}"))
    return out


def _prop(name: str, value: str) -> str:
    return f"{name}:{_escape(value)}"


def _escape(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param(value: str) -> str:
    """A parameter value, quoted when it holds a separator (RFC 6350 §3.3)."""
    clean = value.replace('"', "").replace("\n", " ")
    return f'"{clean}"' if any(c in clean for c in ":;,") else clean
