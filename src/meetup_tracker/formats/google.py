"""Google Contacts CSV (contacts.google.com › Export), the "Outlook CSV" that Google and
Outlook both export, and Thunderbird's address-book CSV.

Google CSV: UTF-8 with a BOM. Names in First/Middle/Last Name (older exports: `Name`, the full
name, beside Given/Additional/Family Name and Name Prefix/Suffix); `E-mail 1 - Value`,
`Phone 1 - Value`, `Website 1 - Value`, `Address 1 - City`, `Labels` (older: `Group
Membership`), several values in one cell joined by ` ::: `.

Outlook CSV: `First Name,Middle Name,Last Name,Title,Suffix,...,E-mail Address,E-mail 2
Address,...,Business City,...,Home City,...,Web Page,...` (`Title` is Mr. or Dr.; the job is
`Job Title`).

Thunderbird CSV (Tools › Export, comma separated): `First Name,Last Name,Display Name,
Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,Home Phone,...,Mobile Number,
Home Address,...,Home City,Home State,...,Job Title,Department,Organization,Web Page 1,Web Page
2,...,Notes` (a British build writes County, Post Code and Organisation), each line ending
with a comma.

A row with only an email is a contact named by it; a row with only a phone is skipped and
counted (a number alone names nobody). A column of contact details none of these readers
reads is named in a note, never dropped in silence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.csvrows import (
    RowReader,
    cell,
    first_csv_row,
    parse_csv,
)
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    Parsed,
    lenient_handles,
    user_tags,
)
from meetup_tracker.handles import canonical_platform

SEPARATOR = " ::: "
_NUMBERED = re.compile(r"^(E-mail|Phone|Website|Address|Relation|Event|IM) (\d+) - (.+)$")
_GOOGLE_READS = re.compile(
    r"^(?:(?:E-mail|Phone|Website|IM) \d+ - (?:Value|Service|Type|Label)"
    r"|Address \d+ - (?:City|Region|Country)|Organization(?: \d+)?(?: -)? (?:Name|Title|Type"
    r"|Department|Yomi Name|Symbol|Location|Job Description|Phonetic Name)"
    r"|Name|First Name|Middle Name|Last Name"
    r"|Name Suffix|Given Name|Additional Name|Family Name|Nickname|Labels|Group Membership"
    r"|Notes)$"
)
ONLY_A_PHONE = "only a phone number, no name"


def _variant(header: set[str]) -> str | None:
    """`google`, `outlook`, `thunderbird`, or None for a CSV that is none of them (LinkedIn's
    Skills.csv has a Name column too, but none of these)."""
    if "Primary Email" in header and "Display Name" in header:
        return "thunderbird"
    if "E-mail 1 - Value" in header or "Phone 1 - Value" in header:
        return "google"
    if "Labels" in header and "First Name" in header:
        return "google"
    if "Given Name" in header and ("Group Membership" in header or "Family Name" in header):
        return "google"
    outlook = {"E-mail Address", "Business City", "Home City", "Job Title", "Mobile Phone"}
    if "First Name" in header and "Last Name" in header and len(outlook & header) >= 2:
        return "outlook"
    return None


def looks_like(text: str) -> bool:
    """Google's numbered value columns, or Outlook's named ones."""
    return _variant({c.strip() for c in first_csv_row(text)}) is not None


def parse(text: str) -> Parsed:
    """Every row with a name (or an email) as a contact."""
    parsed = parse_csv(
        text,
        "google",
        is_header=lambda index: _variant(set(index)) is not None,
        reader=_reader,
        read_columns=_reads,
        not_this="this is not a Google Contacts or Outlook CSV: no First Name, Given Name,"
        " E-mail 1 - Value or E-mail Address columns",
    )
    kept = []
    for record in parsed.contacts:
        if record.name:
            kept.append(record)
        else:
            parsed.skipped.append(BadRecord(record.line, ONLY_A_PHONE))
    parsed.contacts = kept
    return parsed


def _reader(index: dict[str, int]) -> RowReader:
    variant = _variant(set(index)) or "google"
    read = {"outlook": _outlook_record, "thunderbird": _thunderbird_record}.get(variant, _record)
    return lambda line, row: read(line, row, index)


def _reads(index: dict[str, int]) -> Callable[[str], bool]:
    """Which columns a variant's reader reads."""
    variant = _variant(set(index))
    if variant == "outlook":
        return lambda name: (
            name in _OUTLOOK_READS or name.endswith((" City", " State", " Type", " Display Name"))
        )
    if variant == "thunderbird":
        return lambda name: name in _THUNDERBIRD_READS
    return lambda name: bool(_GOOGLE_READS.match(name))


def _person(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(SEPARATOR) if v.strip()]


def _numbered(index: dict[str, int], kind: str, field: str) -> list[str]:
    """Columns such as `E-mail 1 - Value`, `E-mail 2 - Value`, in order."""
    found = []
    for name in index:
        m = _NUMBERED.match(name)
        if m and m.group(1) == kind and m.group(3) == field:
            found.append((int(m.group(2)), name))
    return [name for _, name in sorted(found)]


def _record(line: int, row: list[str], index: dict[str, int]) -> ContactRecord:
    def get(column: str) -> str:
        return cell(row, index, column)

    # The full name, as Google shows it; else built from its parts. A prefix and a suffix
    # alone (Dr., Jr.) are nobody's name.
    core = _person([get("First Name"), get("Middle Name"), get("Last Name")])
    name = get("Name") or (_person([core, get("Name Suffix")]) if core else "")
    if not name:
        given = _person([get("Given Name"), get("Additional Name"), get("Family Name")])
        name = _person([given, get("Name Suffix")]) if given else ""
    name = name or get("Nickname") or get("Organization Name") or get("Organization 1 - Name")
    values: list[tuple[str | None, str]] = []
    for column in _numbered(index, "E-mail", "Value"):
        values += [("email", v) for v in _split(get(column))]
    phones = [v for column in _numbered(index, "Phone", "Value") for v in _split(get(column))]
    values += [("phone", v) for v in phones]
    for column in _numbered(index, "Website", "Value"):
        values += [(None, v) for v in _split(get(column))]
    for column in _numbered(index, "IM", "Value"):
        service = get(column.replace(" - Value", " - Service")) or None
        values += [
            (canonical_platform(service) if service else None, v) for v in _split(get(column))
        ]
    record = ContactRecord(line=line, name=name or _only_email(values))
    record.handles = lenient_handles(values)
    cities = _numbered(index, "Address", "City")
    if cities:
        number = cities[0].split(" ")[1]
        record.city = next(iter(_split(get(cities[0]))), None)
        record.region = get(f"Address {number} - Region").split(SEPARATOR)[0] or None
        record.country = get(f"Address {number} - Country").split(SEPARATOR)[0] or None
    labels = get("Labels") or get("Group Membership")
    record.tags = user_tags(_split(labels))
    record.note = get("Notes") or None
    company = get("Organization Name") or get("Organization 1 - Name")
    title = get("Organization Title") or get("Organization 1 - Title")
    department = get("Organization Department") or get("Organization 1 - Department")
    if department and _split(title):
        title = f"{_split(title)[0]} · {_split(department)[0]}"
    record.company = _split(company)[0] if _split(company) else None
    record.position = _split(title)[0] if _split(title) else None
    return record


def _only_email(values: list[tuple[str | None, str]]) -> str:
    """The name of a row that has none: its first email, or "" (a phone alone: skipped)."""
    emails = [v for platform, v in values if platform == "email" and "@" in v]
    if emails:
        return emails[0]
    if any(platform == "phone" for platform, _ in values):
        return ""
    raise InvalidInput("no name, email or phone")


_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_OUTLOOK_PHONES = (
    "Mobile Phone",
    "Primary Phone",
    "Home Phone",
    "Home Phone 2",
    "Business Phone",
    "Business Phone 2",
    "Other Phone",
)


def _outlook_record(line: int, row: list[str], index: dict[str, int]) -> ContactRecord:
    def get(column: str) -> str:
        return cell(row, index, column)

    core = _person([get("First Name"), get("Middle Name"), get("Last Name")])
    name = _person([core, get("Suffix")]) if core else get("Nickname") or get("Company")
    values: list[tuple[str | None, str]] = [("email", get(c)) for c in _OUTLOOK_EMAILS if get(c)]
    values += [("phone", get(c)) for c in _OUTLOOK_PHONES if get(c)]
    values += [(None, get(c)) for c in ("Web Page", "Personal Web Page") if get(c)]
    record = ContactRecord(line=line, name=name or _only_email(values))
    record.handles = lenient_handles(values)
    for kind in ("Home", "Business", "Other"):
        if get(f"{kind} City"):
            record.city = get(f"{kind} City")
            record.region = get(f"{kind} State") or None
            country = get(f"{kind} Country") or get(f"{kind} Country/Region")
            record.country = country or None
            break
    record.tags = user_tags(t.strip() for t in re.split(r"[;,]", get("Categories")) if t.strip())
    record.note = get("Notes") or None
    record.company = get("Company") or None
    record.position = get("Job Title") or None
    return record


_OUTLOOK_READS = frozenset(
    {
        "First Name",
        "Middle Name",
        "Last Name",
        "Suffix",
        "Nickname",
        "Company",
        "Job Title",
        "Web Page",
        "Personal Web Page",
        "Categories",
        "Notes",
        *_OUTLOOK_EMAILS,
        *_OUTLOOK_PHONES,
        "Home Country",
        "Business Country",
        "Other Country",
        "Home Country/Region",
        "Business Country/Region",
        "Other Country/Region",
    }
)
_THUNDERBIRD_READS = frozenset(
    {
        "First Name",
        "Last Name",
        "Display Name",
        "Nickname",
        "Primary Email",
        "Secondary Email",
        "Work Phone",
        "Home Phone",
        "Mobile Number",
        "Home City",
        "Home State",
        "Home County",
        "Home Country",
        "Work City",
        "Work State",
        "Work County",
        "Work Country",
        "Job Title",
        "Department",
        "Organization",
        "Organisation",
        "Web Page 1",
        "Web Page 2",
        "Notes",
    }
)


def _thunderbird_record(line: int, row: list[str], index: dict[str, int]) -> ContactRecord:
    def get(column: str) -> str:
        return cell(row, index, column)

    name = get("Display Name") or _person([get("First Name"), get("Last Name")])
    values: list[tuple[str | None, str]] = [
        ("email", get(c)) for c in ("Primary Email", "Secondary Email") if get(c)
    ]
    values += [("phone", get(c)) for c in ("Mobile Number", "Work Phone", "Home Phone") if get(c)]
    values += [(None, get(c)) for c in ("Web Page 1", "Web Page 2") if get(c)]
    record = ContactRecord(line=line, name=name or get("Nickname") or _only_email(values))
    record.handles = lenient_handles(values)
    for kind in ("Home", "Work"):
        if get(f"{kind} City"):
            record.city = get(f"{kind} City")
            record.region = get(f"{kind} State") or get(f"{kind} County") or None
            record.country = get(f"{kind} Country") or None
            break
    record.note = get("Notes") or None
    record.company = get("Organization") or get("Organisation") or None
    title = " · ".join(v for v in (get("Job Title"), get("Department")) if v)
    record.position = title or None
    return record
