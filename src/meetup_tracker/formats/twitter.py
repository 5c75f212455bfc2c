"""The archive Twitter/X lets you download (Settings › Your account › Download an archive of
your data): a folder, or the .zip it comes in.

Each `data/*.js` file is `window.YTD.<name>.partN = ` and a JSON array. `tweets.js` (`tweet.js`
in older archives, `tweets-part1.js`... in large ones) holds your tweets, each with the accounts
it mentions (`entities.user_mentions`: name, screen_name, id_str) and the one it replies to
(`in_reply_to_screen_name`, `in_reply_to_user_id_str`); `direct-messages.js` your messages,
by account id; `following.js` and `follower.js` account ids only; `account.js` your own.

The people you talked with become contacts with an `x` handle, the account id kept (a renamed
account still matches), `since` from the first exchange, and what the archive shows of the
conversation: how many exchanges, the first and the last, and who follows whom. A retweet is
not an exchange. Followed accounts you never talked with are counted, not imported: the
archive gives them no name.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import (
    BadRecord,
    ContactRecord,
    FormatError,
    OnlineRecord,
    Parsed,
)
from meetup_tracker.handles import parse_handle

NEVER_TALKED = "followed account you never talked with"
FEWER_EXCHANGES = "fewer exchanges than --min-exchanges"
MAX_MEMBER_BYTES = 2 * 1024**3  # a zip member claiming more is not an archive we read
_PREFIX_RE = re.compile(r"^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*")
_TWEETS_RE = re.compile(r"(?:^|/)data/(?:tweets?|tweets-part\d+)\.js$")


def is_archive(path: Path) -> bool:
    """A folder or zip file that holds a Twitter/X archive's `data/` files."""
    try:
        return bool(_Archive(path).tweet_files())
    except (OSError, zipfile.BadZipFile, FormatError):
        return False


class _Archive:
    """The archive's files, read from a folder or straight out of the zip."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = [p.relative_to(path).as_posix() for p in path.rglob("*.js") if p.is_file()]
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except zipfile.BadZipFile as exc:
                raise FormatError(f"{path} is not a zip file nor a Twitter archive folder") from exc
            self.names = [i.filename for i in self.zip.infolist() if not i.is_dir()]

    def tweet_files(self) -> list[str]:
        return sorted(n for n in self.names if _TWEETS_RE.search(n))

    def named(self, *files: str) -> list[str]:
        return sorted(n for n in self.names if n.rsplit("/", 1)[-1] in files and "data/" in n)

    def open(self, name: str) -> IO[str]:
        if self.zip is not None:
            info = self.zip.getinfo(name)
            if info.file_size > MAX_MEMBER_BYTES:
                raise FormatError(f"{name} in {self.path} is too large to be an archive file")
            return io.TextIOWrapper(self.zip.open(info), encoding="utf-8-sig")
        return (self.path / name).open(encoding="utf-8-sig")

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _items(file: IO[str], name: str, chunk: int = 1 << 20) -> Iterator[dict[str, Any]]:
    """The objects of a `window.YTD.x.part0 = [...]` file, one at a time (a large archive's
    tweets never sit in memory at once)."""
    decoder = json.JSONDecoder()
    buffer = file.read(chunk)
    m = _PREFIX_RE.match(buffer)
    if not m:
        raise FormatError(f"{name} is not an archive data file (no window.YTD... = )")
    position = buffer.find("[", m.end())
    if position < 0:
        raise FormatError(f"{name} is not an archive data file (no array)")
    position += 1
    while True:
        while position < len(buffer) and buffer[position] in " \t\r\n,":
            position += 1
        if position < len(buffer) and buffer[position] == "]":
            return
        try:
            item, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as exc:
            more = file.read(chunk)
            if not more:
                raise FormatError(f"{name} is cut short or broken: {exc.msg}") from exc
            buffer, position = buffer[position:] + more, 0
            continue
        if isinstance(item, dict):
            yield item
        position = end
        if position > chunk:
            buffer, position = buffer[position:], 0


@dataclass
class _Talk:
    """What the archive shows of the conversation with one account."""

    account_id: str | None
    screen_name: str
    name: str
    exchanges: int = 0
    first: date | None = None
    last: date | None = None
    named_on: date | None = None  # when `name` and `screen_name` were seen

    def seen(self, day: date, screen_name: str | None = None, name: str | None = None) -> None:
        self.exchanges += 1
        self.first = min(self.first or day, day)
        self.last = max(self.last or day, day)
        if screen_name and (self.named_on is None or day >= self.named_on):
            self.screen_name = screen_name
            self.name = name or self.name or screen_name
            self.named_on = day


def _day(value: Any) -> date | None:
    """`Wed Oct 10 20:19:24 +0000 2018` (tweets) or `2019-03-05T10:00:00.000Z` (messages)."""
    if not isinstance(value, str):
        return None
    for pattern in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(value.replace("Z", "+0000"), pattern).astimezone(UTC).date()
        except ValueError:
            continue
    return None


def _ids(archive: _Archive, data_file: str, key: str) -> set[str]:
    found: set[str] = set()
    for name in archive.named(data_file):
        with archive.open(name) as file:
            for item in _items(file, name):
                account = (item.get(key) or {}).get("accountId")
                if isinstance(account, str | int):
                    found.add(str(account))
    return found


def _owner(archive: _Archive) -> tuple[str | None, str | None]:
    for name in archive.named("account.js"):
        with archive.open(name) as file:
            for item in _items(file, name):
                account = item.get("account") or {}
                user, account_id = account.get("username"), account.get("accountId")
                return (str(user).lower() if user else None), (
                    str(account_id) if account_id else None
                )
    return None, None


def parse_archive(path: Path, *, min_exchanges: int = 1) -> Parsed:
    """The people you talked with, from a Twitter/X archive folder or zip."""
    if min_exchanges < 1:
        raise InvalidInput(f"--min-exchanges must be 1 or more, not {min_exchanges}")
    archive = _Archive(path)
    try:
        return _parse(archive, min_exchanges)
    finally:
        archive.close()


def _parse(archive: _Archive, min_exchanges: int) -> Parsed:
    files = archive.tweet_files()
    if not files:
        raise FormatError(
            f"{archive.path} is not a Twitter/X archive: no data/tweets.js",
            hint="give the folder or the .zip Twitter sent you",
        )
    me, my_id = _owner(archive)
    talks: dict[str, _Talk] = {}  # by account id, or by screen name where no id is known
    for name in files:
        with archive.open(name) as file:
            for item in _items(file, name):
                _tweet(item.get("tweet", item), talks, me, my_id)
    for name in archive.named("direct-messages.js", "direct-message.js"):
        with archive.open(name) as file:
            for item in _items(file, name):
                _messages(item, talks, my_id)
    following = _ids(archive, "following.js", "following")
    followers = _ids(archive, "follower.js", "follower")
    parsed = Parsed("twitter")
    for line, talk in enumerate(sorted(talks.values(), key=lambda t: t.screen_name.lower()), 1):
        if talk.exchanges < min_exchanges or talk.first is None:
            if talk.exchanges:
                parsed.skipped.append(BadRecord(line, FEWER_EXCHANGES))
            continue
        try:
            handle = parse_handle(talk.screen_name, "twitter")
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(line, f"@{talk.screen_name}: {exc}"))
            continue
        parsed.contacts.append(
            ContactRecord(
                line=line,
                name=talk.name or talk.screen_name,
                handles=[handle],
                since=talk.first,
                online=[
                    OnlineRecord(
                        platform="twitter",
                        key=handle.key,
                        account_id=talk.account_id,
                        exchanges=talk.exchanges,
                        first=talk.first,
                        last=talk.last,
                        following=talk.account_id in following,
                        follower=talk.account_id in followers,
                    )
                ],
            )
        )
    talked = {t.account_id for t in talks.values() if t.account_id and t.exchanges}
    for _ in following - talked:
        parsed.skipped.append(BadRecord(0, NEVER_TALKED))
    return parsed


def _talk(talks: dict[str, _Talk], account_id: Any, screen_name: Any, name: Any) -> _Talk | None:
    account = str(account_id) if isinstance(account_id, str | int) and account_id else None
    screen = str(screen_name) if isinstance(screen_name, str) and screen_name else None
    if account is None and screen is None:
        return None
    key = account or f"@{screen.lower()}"  # type: ignore[union-attr]
    if key not in talks:
        talks[key] = _Talk(account, screen or "", str(name) if isinstance(name, str) else "")
    return talks[key]


def _tweet(tweet: Any, talks: dict[str, _Talk], me: str | None, my_id: str | None) -> None:
    if not isinstance(tweet, dict):
        return
    day = _day(tweet.get("created_at"))
    text = tweet.get("full_text") or tweet.get("text") or ""
    if day is None or (isinstance(text, str) and text.startswith("RT @")):
        return  # a retweet passes someone's words on; it is not a conversation
    people: dict[str, tuple[Any, Any, Any]] = {}
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), dict) else {}
    mentions = entities.get("user_mentions") if isinstance(entities, dict) else []
    for mention in mentions if isinstance(mentions, list) else []:
        if isinstance(mention, dict):
            who = mention.get("id_str") or mention.get("id") or mention.get("screen_name")
            people[str(who)] = (
                mention.get("id_str") or mention.get("id"),
                mention.get("screen_name"),
                mention.get("name"),
            )
    replied = tweet.get("in_reply_to_user_id_str") or tweet.get("in_reply_to_screen_name")
    if replied and str(replied) not in people:
        people[str(replied)] = (
            tweet.get("in_reply_to_user_id_str"),
            tweet.get("in_reply_to_screen_name"),
            None,
        )
    for account_id, screen_name, name in people.values():
        if (my_id and str(account_id) == my_id) or (
            me and isinstance(screen_name, str) and screen_name.lower() == me
        ):
            continue  # a thread of your own
        talk = _talk(talks, account_id, screen_name, name)
        if talk is not None:
            talk.seen(day, screen_name if isinstance(screen_name, str) else None, name)


def _messages(item: Any, talks: dict[str, _Talk], my_id: str | None) -> None:
    """Direct messages count for accounts the tweets already named (they carry ids only)."""
    conversation = item.get("dmConversation") if isinstance(item, dict) else None
    messages = conversation.get("messages") if isinstance(conversation, dict) else None
    for message in messages if isinstance(messages, list) else []:
        body = message.get("messageCreate") if isinstance(message, dict) else None
        if not isinstance(body, dict):
            continue
        day = _day(body.get("createdAt"))
        other = [str(body.get(k)) for k in ("senderId", "recipientId") if body.get(k)]
        other = [o for o in other if o != my_id]
        if day is not None and other and other[0] in talks:
            talks[other[0]].seen(day)
