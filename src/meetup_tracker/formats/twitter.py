"""The archive Twitter/X lets you download (Settings › Your account › Download an archive of
your data): a folder, or the .zip it comes in.

Each `data/*.js` file is `window.YTD.<name>.partN = ` and a JSON array. `tweets.js` (`tweet.js`
in older archives, `tweets-part1.js` or `tweet-part1.js`... in large ones) holds your tweets,
each with the accounts it mentions (`entities.user_mentions`: name, screen_name, id_str) and
the one it replies to (`in_reply_to_screen_name`, `in_reply_to_user_id_str`; only the id when
that account is gone); `direct-messages.js` your messages, by account id; `following.js` and
`follower.js` account ids only; `account.js` your own (or, without it, `manifest.js`:
`window.__THAR_CONFIG = {"userInfo": {...}}`).

The classic archive Twitter sent until 2019 keeps tweets by month in `data/js/tweets/
YYYY_MM.js` (`Grailbird.data.tweets_YYYY_MM = [...]`, tweets as the API wrote them, each with
its author under `user`), the owner in `data/js/user_details.js`, and all tweets again in
`tweets.csv` (ids, text and the replied-to account's id only), read when the monthly files
are missing.

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
MAX_OBJECT_CHARS = 10 * 1024**2  # manifest.js and user_details.js are a few kilobytes
# `window.YTD.tweets.part0 = [`, `Grailbird.data.tweets_2014_03 = [`, `var user_details = {`
_PREFIX_RE = re.compile(
    r"^\s*(?:window\.YTD\.[A-Za-z0-9_]+\.part\d+|Grailbird\.data\.[A-Za-z0-9_]+"
    r"|window\.__THAR_CONFIG|var\s+[A-Za-z_]+)\s*=\s*"
)
_TWEETS_RE = re.compile(r"(?:^|/)data/tweets?(?:-part\d+)?\.js$")
_CLASSIC_RE = re.compile(r"(?:^|/)data/js/tweets/\d{4}_\d{2}\.js$")
_CSV_RE = re.compile(r"(?:^|/)tweets\.csv$")
_MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,15})\b")


def is_archive(path: Path) -> bool:
    """A folder or zip file that holds a Twitter/X archive's `data/` files."""
    try:
        archive = _Archive(path)
        return bool(archive.tweet_files() or archive.csv_file())
    except (OSError, zipfile.BadZipFile, FormatError):
        return False


class _Archive:
    """The archive's files, read from a folder or straight out of the zip."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = [
                p.relative_to(path).as_posix()
                for p in path.rglob("*")
                if p.suffix in (".js", ".csv") and p.is_file()
            ]
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except zipfile.BadZipFile as exc:
                raise FormatError(f"{path} is not a zip file nor a Twitter archive folder") from exc
            self.names = [i.filename for i in self.zip.infolist() if not i.is_dir()]

    def tweet_files(self) -> list[str]:
        """The files of tweets: the current archive's, else the classic one's by month."""
        found = sorted(n for n in self.names if _TWEETS_RE.search(n))
        return found or sorted(n for n in self.names if _CLASSIC_RE.search(n))

    def csv_file(self) -> str | None:
        """The classic archive's tweets.csv, when there are no monthly files."""
        return next((n for n in sorted(self.names) if _CSV_RE.search(n)), None)

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
    """The objects of a `window.YTD.x.part0 = [...]` (or `Grailbird.data.tweets_2014_03 =
    [...]`) file, one at a time (a large archive's tweets never sit in memory at once)."""
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
    source: str = ""  # where it was last named: `data/tweets.js, tweet 1234`

    def seen(
        self,
        day: date,
        screen_name: str | None = None,
        name: str | None = None,
        source: str = "",
    ) -> None:
        self.exchanges += 1
        self.first = min(self.first or day, day)
        self.last = max(self.last or day, day)
        if screen_name and (self.named_on is None or day >= self.named_on):
            self.screen_name = screen_name
            self.name = name or self.name or screen_name
            self.named_on = day
            self.source = source


def _day(value: Any) -> date | None:
    """`Wed Oct 10 20:19:24 +0000 2018` (tweets), `2019-03-05T10:00:00.000Z` (messages) or
    `2014-03-27 18:36:53 +0000` (the classic archive)."""
    if not isinstance(value, str):
        return None
    for pattern in (
        "%a %b %d %H:%M:%S %z %Y",
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ):
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


def _object(archive: _Archive, name: str) -> dict[str, Any]:
    """The one object of `window.__THAR_CONFIG = {...}` or `var user_details = {...}`."""
    with archive.open(name) as file:
        text = file.read(MAX_OBJECT_CHARS + 1)
    m = _PREFIX_RE.match(text)
    if not m or len(text) > MAX_OBJECT_CHARS:
        raise FormatError(f"{name} is not an archive data file")
    try:
        found = json.loads(text[m.end() :].strip().rstrip(";"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{name} is cut short or broken: {exc.msg}") from exc
    return found if isinstance(found, dict) else {}


def _owner(archive: _Archive) -> tuple[str | None, str | None]:
    """The archive's owner (screen name, lowercased, and account id): from `account.js`, else
    `manifest.js`, else the classic archive's `user_details.js`."""
    found: list[tuple[Any, Any]] = []
    for name in archive.named("account.js"):
        with archive.open(name) as file:
            for item in _items(file, name):
                account = item.get("account") or {}
                found.append((account.get("username"), account.get("accountId")))
                break
    for name in archive.named("manifest.js"):
        info = _object(archive, name).get("userInfo") or {}
        found.append((info.get("userName"), info.get("accountId")))
    for name in archive.named("user_details.js"):
        details = _object(archive, name)
        found.append((details.get("screen_name"), details.get("id_str") or details.get("id")))
    for user, account_id in found:
        if user or account_id:
            return (str(user).lower() if user else None), (str(account_id) if account_id else None)
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
    table = archive.csv_file()
    if not files and table is None:
        raise FormatError(
            f"{archive.path} is not a Twitter/X archive: no data/tweets.js",
            hint="give the folder or the .zip Twitter sent you",
        )
    me, my_id = _owner(archive)
    talks: dict[str, _Talk] = {}  # by account id, or by screen name where no id is known
    for name in files:
        with archive.open(name) as file:
            for item in _items(file, name):
                _tweet(item.get("tweet", item), talks, me, my_id, name)
    if not files and table is not None:
        with archive.open(table) as file:
            _tweets_csv(file, table, talks, me)
    for name in archive.named("direct-messages.js", "direct-message.js"):
        with archive.open(name) as file:
            for item in _items(file, name):
                _messages(item, talks, my_id)
    following = _ids(archive, "following.js", "following")
    followers = _ids(archive, "follower.js", "follower")
    parsed = Parsed("twitter")
    every = {id(t): t for t in talks.values()}.values()  # a talk is known by id and by name
    for line, talk in enumerate(sorted(every, key=lambda t: t.screen_name.lower()), 1):
        if talk.exchanges < min_exchanges or talk.first is None:
            if talk.exchanges:
                parsed.skipped.append(BadRecord(line, FEWER_EXCHANGES))
            continue
        if not talk.screen_name:
            # Replies to an account since deleted or suspended carry its id, never a name.
            parsed.unnamed_accounts += 1
            continue
        try:
            handle = parse_handle(talk.screen_name, "twitter")
        except InvalidInput as exc:
            parsed.bad.append(BadRecord(0, f"{talk.source}: @{talk.screen_name}: {exc}"))
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
    talked = {t.account_id for t in every if t.account_id and t.exchanges}
    for _ in following - talked:
        parsed.skipped.append(BadRecord(0, NEVER_TALKED))
    return parsed


def _talk(talks: dict[str, _Talk], account_id: Any, screen_name: Any, name: Any) -> _Talk | None:
    """The conversation with an account, by its id, else by its screen name (a tweets.csv
    mention names no id): one account's, whichever way it was met first."""
    account = str(account_id) if isinstance(account_id, str | int) and account_id else None
    screen = str(screen_name) if isinstance(screen_name, str) and screen_name else None
    if account is None and screen is None:
        return None
    by_name = f"@{screen.lower()}" if screen else None
    talk = (talks.get(account) if account else None) or (talks.get(by_name) if by_name else None)
    if talk is None:
        talk = _Talk(account, screen or "", str(name) if isinstance(name, str) else "")
    elif account and talk.account_id is None:
        talk.account_id = account
    for key in (account, by_name):
        if key:
            talks.setdefault(key, talk)
    return talk


def _tweet(
    tweet: Any, talks: dict[str, _Talk], me: str | None, my_id: str | None, file: str
) -> None:
    if not isinstance(tweet, dict):
        return
    day = _day(tweet.get("created_at"))
    text = tweet.get("full_text") or tweet.get("text") or ""
    if (
        day is None
        or tweet.get("retweeted_status")
        or (isinstance(text, str) and text.startswith("RT @"))
    ):
        return  # a retweet passes someone's words on; it is not a conversation
    # The classic archive names each tweet's author (the owner) under `user`.
    user = tweet.get("user")
    author: dict[str, Any] = user if isinstance(user, dict) else {}
    author_id = str(author.get("id_str") or author.get("id") or my_id or "")
    author_name = str(author.get("screen_name") or me or "").lower()
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
            tweet.get("in_reply_to_user_id_str") or tweet.get("in_reply_to_user_id"),
            tweet.get("in_reply_to_screen_name"),
            None,
        )
    source = f"{file}, tweet {tweet.get('id_str') or tweet.get('id') or '?'}"
    for account_id, screen_name, name in people.values():
        if (author_id and str(account_id) == author_id) or (
            author_name and isinstance(screen_name, str) and screen_name.lower() == author_name
        ):
            continue  # a thread of your own
        talk = _talk(talks, account_id, screen_name, name)
        if talk is not None:
            talk.seen(day, screen_name if isinstance(screen_name, str) else None, name, source)


def _tweets_csv(file: IO[str], name: str, talks: dict[str, _Talk], me: str | None) -> None:
    """The classic archive's tweets.csv: the replied-to account by id (named by the reply's
    leading @mention), the others mentioned by screen name."""
    import csv

    reader = csv.DictReader(file)
    if not reader.fieldnames or "tweet_id" not in reader.fieldnames:
        raise FormatError(f"{name} is not a Twitter archive's tweets.csv (no tweet_id column)")
    for row in reader:
        day = _day(row.get("timestamp"))
        text = row.get("text") or ""
        if day is None or row.get("retweeted_status_id") or text.startswith("RT @"):
            continue
        source = f"{name}, tweet {row.get('tweet_id') or '?'}"
        mentioned = [m for m in _MENTION_RE.findall(text) if m.lower() != me]
        replied = (row.get("in_reply_to_user_id") or "").strip()
        if replied:
            leading = mentioned[0] if text.lstrip().startswith("@") and mentioned else None
            talk = _talk(talks, replied, leading, None)
            if talk is not None:
                talk.seen(day, leading, None, source)
            mentioned = [m for m in mentioned if m != leading]
        for screen in dict.fromkeys(mentioned):
            talk = _talk(talks, None, screen, None)
            if talk is not None:
                talk.seen(day, screen, None, source)


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
