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

import re
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
from meetup_tracker.formats.twitter_files import Archive, data_object, items
from meetup_tracker.handles import parse_handle

FIRST_YEAR = 2006  # Twitter's first year: an earlier date is not a tweet's
NEVER_TALKED = "followed account you never talked with"
FEWER_EXCHANGES = "fewer exchanges than --min-exchanges"
_SCREEN_NAME_RE = re.compile(r"\w{1,15}", re.ASCII)
_MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,15})\b")


@dataclass(slots=True)
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
            # Where it was named is kept only for a name that will be refused (memory: an
            # archive names hundreds of thousands of accounts).
            self.source = "" if _SCREEN_NAME_RE.fullmatch(screen_name) else source


_DAYS: dict[date, date] = {}
_GONE = _Talk(None, "", "")  # a conversation already made into a record


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
            moment = datetime.strptime(value.replace("Z", "+0000"), pattern)
        except ValueError:
            continue
        if not FIRST_YEAR <= moment.year <= 9998:
            return None  # no tweet was written then: a date shaped to break, not counted
        day = moment.astimezone(UTC).date()
        return _DAYS.setdefault(day, day)  # one object per day, however many tweets
    return None


def _ids(archive: Archive, data_file: str, key: str) -> set[str]:
    found: set[str] = set()
    for name in archive.named(data_file):
        with archive.reading(name) as file:
            for item in items(file, name):
                entry = item.get(key)
                account = entry.get("accountId") if isinstance(entry, dict) else None
                if _account_id(account):
                    found.add(str(account))
    return found


def _owner(archive: Archive) -> tuple[str | None, str | None]:
    """The archive's owner (screen name, lowercased, and account id): from `account.js`, else
    `manifest.js`, else the classic archive's `user_details.js`."""
    found: list[tuple[Any, Any]] = []
    for name in archive.named("account.js"):
        with archive.reading(name) as file:
            for item in items(file, name):
                account = item.get("account")
                if isinstance(account, dict):
                    found.append((account.get("username"), account.get("accountId")))
                    break
    for name in archive.named("manifest.js"):
        info = data_object(archive, name).get("userInfo")
        if isinstance(info, dict):
            found.append((info.get("userName"), info.get("accountId")))
    for name in archive.named("user_details.js"):
        details = data_object(archive, name)
        found.append((details.get("screen_name"), details.get("id_str") or details.get("id")))
    for user, account_id in found:
        user = user if isinstance(user, str) and user else None
        account = str(account_id) if _account_id(account_id) else None
        if user or account:
            return (user.lower() if user else None), account
    return None, None


def _account_id(value: Any) -> bool:
    """Whether a value is an account id as Twitter writes them: a number of at most 20
    digits (64 bits), as text or a number (a 5,000-digit "id" is nobody's)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return False
    if isinstance(value, int):
        return 0 < value < 2**64
    return value.isascii() and value.isdigit() and len(value) <= 20


def parse_archive(path: Path, *, min_exchanges: int = 1) -> Parsed:
    """The people you talked with, from a Twitter/X archive folder or zip."""
    if min_exchanges < 1:
        raise InvalidInput(f"--min-exchanges must be 1 or more, not {min_exchanges}")
    archive = Archive(path)
    try:
        return _parse(archive, min_exchanges)
    finally:
        archive.close()


def _parse(archive: Archive, min_exchanges: int) -> Parsed:
    files = archive.tweet_files()
    table = archive.csv_file()
    if not files and table is None:
        raise FormatError(
            f"{archive.path} is not a Twitter/X archive: no data/tweets.js",
            hint="give the folder or the .zip Twitter sent you",
        )
    me, my_id = _owner(archive)
    talks = _Talks()
    for name in files:
        with archive.reading(name) as file:
            for item in items(file, name):
                _tweet(item.get("tweet", item), talks, me, my_id, name)
    if not files and table is not None:
        with archive.reading(table) as file:
            _tweets_csv(file, table, talks, me)
    for name in archive.named("direct-messages.js", "direct-message.js"):
        with archive.reading(name) as file:
            for item in items(file, name):
                _messages(item, talks, my_id)
    following = _ids(archive, "following.js", "following")
    followers = _ids(archive, "follower.js", "follower")
    every = talks.all()
    every.sort(key=lambda t: t.screen_name.lower())
    parsed = Parsed("twitter", estimate=len(every))
    for line, talk in enumerate(every, 1):
        if not _kept(talk, min_exchanges):
            if talk.exchanges and (talk.exchanges < min_exchanges or talk.first is None):
                parsed.skipped.append(BadRecord(line, FEWER_EXCHANGES))
            elif talk.exchanges and talk.first is not None:
                # Replies to an account since deleted or suspended carry its id, never a name.
                parsed.unnamed_accounts += 1
    talked = {t.account_id for t in every if t.account_id and t.exchanges}
    for _ in following - talked:
        parsed.skipped.append(BadRecord(0, NEVER_TALKED))
    del talked
    # Read while they are imported: an archive naming 300,000 people never holds a record
    # for each of them at once.
    parsed._stream = _records(every, min_exchanges, following, followers)
    return parsed


def _kept(talk: _Talk, min_exchanges: int) -> bool:
    """A conversation that makes a contact: enough exchanges, a day, a name to call them."""
    return talk.exchanges >= min_exchanges and talk.first is not None and bool(talk.screen_name)


def _records(
    every: list[_Talk], min_exchanges: int, following: set[str], followers: set[str]
) -> Iterator[ContactRecord | BadRecord]:
    """Each conversation as a contact record, made as the import takes it (and let go)."""
    for line in range(1, len(every) + 1):
        talk, every[line - 1] = every[line - 1], _GONE
        if not _kept(talk, min_exchanges):
            continue
        try:
            handle = parse_handle(talk.screen_name, "twitter")
        except InvalidInput as exc:
            yield BadRecord(0, f"{talk.source}: @{talk.screen_name}: {exc}")
            continue
        yield ContactRecord(
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


class _Talks:
    """The conversations, by account id and by screen name (lowercased): one account's
    whichever way it was met first. Two indexes, so that a lowercase name is its own key."""

    def __init__(self) -> None:
        self.by_id: dict[str, _Talk] = {}
        self.by_name: dict[str, _Talk] = {}

    def all(self) -> list[_Talk]:
        """Each conversation once; the indexes let go."""
        every = {id(t): t for t in (*self.by_id.values(), *self.by_name.values())}
        self.by_id.clear()
        self.by_name.clear()
        return list(every.values())


def _talk(talks: _Talks, account_id: Any, screen_name: Any, name: Any) -> _Talk | None:
    """The conversation with an account, by its id, else by its screen name (a tweets.csv
    mention names no id): one account's, whichever way it was met first."""
    account = str(account_id) if _account_id(account_id) else None
    screen = screen_name if isinstance(screen_name, str) and screen_name else None
    if account is None and screen is None:
        return None
    by_name = None
    if screen:
        by_name = screen.lower()
        by_name = screen if by_name == screen else by_name
    talk = (talks.by_id.get(account) if account else None) or (
        talks.by_name.get(by_name) if by_name else None
    )
    if talk is None:
        talk = _Talk(account, screen or "", str(name) if isinstance(name, str) else "")
    elif account and talk.account_id is None:
        talk.account_id = account
    if account:
        talks.by_id.setdefault(account, talk)
    if by_name:
        talks.by_name.setdefault(by_name, talk)
    return talk


def _tweet(tweet: Any, talks: _Talks, me: str | None, my_id: str | None, file: str) -> None:
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
            talk.seen(
                day,
                screen_name if isinstance(screen_name, str) else None,
                name if isinstance(name, str) else None,
                source,
            )


def _tweets_csv(file: IO[str], name: str, talks: _Talks, me: str | None) -> None:
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


def _messages(item: Any, talks: _Talks, my_id: str | None) -> None:
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
        if day is not None and other and other[0] in talks.by_id:
            talks.by_id[other[0]].seen(day)
