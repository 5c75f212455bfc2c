"""LinkedIn's `messages.csv` and `Invitations.csv`, from the same data export as
Connections.csv: the conversations and the invitations, never their text.

messages.csv: `CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT
PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER` (later exports add ATTACHMENTS, IS MESSAGE DRAFT, IS
CONVERSATION DRAFT; those of 2020 to mid-2021 have no RECIPIENT PROFILE URLS), DATE as
`2025-06-01 14:03:22 UTC`. A row is one message; its author and recipients are named, with
their profile URLs where the export gives them ("LinkedIn Member", an account since closed,
has none). The export's owner is whoever takes part in the most conversations. Each person
you wrote to, or who answered you, gains how many messages you exchanged, the first and the
last; a message you never answered (a sponsored InMail, a recruiter) makes nobody a contact,
and neither does a draft or spam. CONTENT and SUBJECT are never read.

Invitations.csv: `From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl`,
Sent At as `1/29/26, 2:37 PM`, Direction INCOMING or OUTGOING: who invited whom and when, kept
on the person's LinkedIn handle, and their `since` where it was unknown. An invitation you
sent makes a contact; one you received matches the contacts you have (it may still be
pending).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.csvrows import (
    csv_rows,
    header_index,
)
from meetup_tracker.formats.records import (
    CONVERSATION,
    INVITATION,
    BadRecord,
    ContactRecord,
    FormatError,
    OnlineRecord,
    Parsed,
)
from meetup_tracker.handles import parse_handle

MESSAGES = ("CONVERSATION ID", "FROM", "DATE")
INVITATIONS = ("From", "To", "Sent At", "Direction")
UNANSWERED = "message you never answered (sponsored, InMail)"
NO_URL = "LinkedIn member without a profile URL (closed account)"
PENDING = "invitation you received from someone not among your contacts"
NO_URL_KNOWN = "no profile URL, and no contact of that name"
_URL_RE = re.compile(r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/[^\s,;]+", re.I)
_ANONYMOUS = frozenset({"linkedin member", ""})


def kind(header: set[str]) -> str | None:
    """`messages` or `invitations` for those files' headers, else None."""
    upper = {h.upper() for h in header}
    if all(c in upper for c in MESSAGES):
        return "messages"
    if all(c in header for c in INVITATIONS):
        return "invitations"
    return None


@dataclass
class _Person:
    name: str
    url: str | None
    exchanges: int = 0
    first: date | None = None
    last: date | None = None
    wrote: bool = False  # the owner wrote to them, or they answered the owner
    line: int = 0

    def seen(self, day: date) -> None:
        self.exchanges += 1
        self.first = min(self.first or day, day)
        self.last = max(self.last or day, day)


@dataclass
class _Message:
    line: int
    conversation: str
    day: date
    sender: tuple[str, str | None]
    recipients: list[tuple[str, str | None]] = field(default_factory=list)


def _who(name: str, url: str | None) -> str:
    """A participant's key: the profile URL's handle, else the name."""
    if url:
        try:
            return "url:" + parse_handle(url, "linkedin").key
        except InvalidInput:
            pass
    return "name:" + " ".join(name.split()).casefold()


def _urls(text: str) -> list[str]:
    return _URL_RE.findall(text or "")


def _day(value: str) -> date | None:
    text = value.strip().removesuffix("UTC").strip()
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%y, %I:%M %p",
                    "%m/%d/%Y, %I:%M %p", "%m/%d/%y", "%m/%d/%Y"):  # fmt: skip
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_messages(text: str) -> Parsed:
    """The people you exchanged messages with (see the module's docstring)."""
    rows = csv_rows(text)
    index: dict[str, int] | None = None
    for _, row in rows:
        index = {k.upper(): v for k, v in header_index(row).items()}
        break
    if index is None or not all(c in index for c in MESSAGES):
        raise FormatError("this is not LinkedIn's messages.csv: no CONVERSATION ID, FROM, DATE")
    parsed = Parsed("linkedin")

    def get(row: list[str], column: str) -> str:
        position = index.get(column) if index else None
        return row[position].strip() if position is not None and position < len(row) else ""

    messages: list[_Message] = []
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if get(row, "IS MESSAGE DRAFT").lower() in ("yes", "true") or (
            get(row, "FOLDER").upper() == "SPAM"
        ):
            continue
        day = _day(get(row, "DATE"))
        if day is None:
            parsed.bad.append(BadRecord(line, f"'{get(row, 'DATE')}' is not a date"))
            continue
        sender_urls = _urls(get(row, "SENDER PROFILE URL"))
        sender = (get(row, "FROM"), sender_urls[0] if sender_urls else None)
        names = [n.strip() for n in get(row, "TO").split(",") if n.strip()]
        urls: list[str | None] = list(_urls(get(row, "RECIPIENT PROFILE URLS")))
        urls += [None] * (len(names) - len(urls))
        recipients = list(zip(names, urls, strict=False))
        messages.append(_Message(line, get(row, "CONVERSATION ID"), day, sender, recipients))
    _people_of(messages, parsed)
    return parsed


def _people_of(messages: list[_Message], parsed: Parsed) -> None:
    """The owner found, and everyone else as a record of what you exchanged."""
    # A name written without its URL in one row is the same person as with it in another.
    urls: dict[str, str] = {}
    for message in messages:
        for name, url in [message.sender, *message.recipients]:
            if url and name:
                urls.setdefault(" ".join(name.split()).casefold(), url)

    def key(name: str, url: str | None) -> str:
        return _who(name, url or urls.get(" ".join(name.split()).casefold()))

    conversations: dict[str, set[str]] = {}
    received: Counter[str] = Counter()
    for message in messages:
        everyone = conversations.setdefault(message.conversation, set())
        everyone.add(key(*message.sender))
        for recipient in message.recipients:
            everyone.add(key(*recipient))
            received[key(*recipient)] += 1
    taking_part: Counter[str] = Counter(p for people in conversations.values() for p in people)
    if not taking_part:
        return
    owner = max(taking_part, key=lambda p: (taking_part[p], received[p]))
    # A conversation counts once you wrote in it: an InMail you never answered does not.
    answered = {m.conversation for m in messages if key(*m.sender) == owner}
    people: dict[str, _Person] = {}
    for message in messages:
        for name, url in [message.sender, *message.recipients]:
            who = key(name, url)
            if who == owner:
                continue
            folded = " ".join(name.split()).casefold()
            person = people.setdefault(
                who, _Person(name, url or urls.get(folded), line=message.line)
            )
            person.seen(message.day)
            person.wrote = person.wrote or message.conversation in answered
    for person in sorted(people.values(), key=lambda p: p.line):
        if not person.wrote:
            parsed.skipped.append(BadRecord(person.line, UNANSWERED))
            continue
        if " ".join(person.name.split()).casefold() in _ANONYMOUS and not person.url:
            parsed.unnamed_accounts += 1
            continue
        parsed.contacts.append(_record(person))


def _record(person: _Person) -> ContactRecord:
    name = " ".join(person.name.split())
    record = ContactRecord(line=person.line, name=name, since=person.first)
    handle_key = ""
    if person.url:
        try:
            handle = parse_handle(person.url, "linkedin")
            record.handles.append(handle)
            handle_key = handle.key
        except InvalidInput:
            pass
    record.online.append(
        OnlineRecord(
            platform="linkedin",
            key=handle_key,
            exchanges=person.exchanges,
            first=person.first,
            last=person.last,
            speaks_for=CONVERSATION,
        )
    )
    if not handle_key:
        record.match_only = NO_URL_KNOWN
    return record


def parse_invitations(text: str) -> Parsed:
    """Who invited whom, and when (see the module's docstring)."""
    rows = csv_rows(text)
    index: dict[str, int] | None = None
    for _, row in rows:
        index = header_index(row)
        break
    if index is None or not all(c in index for c in INVITATIONS):
        raise FormatError("this is not LinkedIn's Invitations.csv: no From, To, Direction")
    parsed = Parsed("linkedin")

    def get(row: list[str], column: str) -> str:
        position = index.get(column) if index else None
        return row[position].strip() if position is not None and position < len(row) else ""

    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        direction = get(row, "Direction").upper()
        if direction not in ("INCOMING", "OUTGOING"):
            parsed.bad.append(BadRecord(line, f"direction '{get(row, 'Direction')}' is neither"))
            continue
        incoming = direction == "INCOMING"
        name = get(row, "From") if incoming else get(row, "To")
        url = get(row, "inviterProfileUrl") if incoming else get(row, "inviteeProfileUrl")
        sent = _day(get(row, "Sent At"))
        if sent is None:
            parsed.bad.append(BadRecord(line, f"'{get(row, 'Sent At')}' is not a date"))
            continue
        if not name and not url:
            parsed.skipped.append(BadRecord(line, NO_URL))
            continue
        record = ContactRecord(line=line, name=" ".join(name.split()) or url, since=sent)
        handle_key = ""
        if url:
            try:
                handle = parse_handle(url, "linkedin")
                record.handles.append(handle)
                handle_key = handle.key
            except InvalidInput as exc:
                parsed.bad.append(BadRecord(line, str(exc)))
                continue
        record.online.append(
            OnlineRecord(
                platform="linkedin",
                key=handle_key,
                invitation="incoming" if incoming else "outgoing",
                invited_on=sent,
                speaks_for=INVITATION,
            )
        )
        # You sent it: someone you wanted to know. You received it: only if you know them.
        if incoming or not handle_key:
            record.match_only = PENDING if incoming else NO_URL_KNOWN
        parsed.contacts.append(record)
    return parsed
