"""Likely duplicates: one person stored twice, typed by hand and imported, or imported from
two networks. Each pair comes with the reasons and the `contact merge` that would join it.

Found by buckets, never by comparing every pair: contacts are grouped by what would give a
duplicate away (a folded name, the first and last word of a name, a mailbox, a web address,
a user name), and only the members of one group are paired.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from meetup_tracker.handles import AT_PLATFORMS, fold

if TYPE_CHECKING:
    from meetup_tracker.storage.sql import Sql

# A group larger than this is a common name, not a duplicate (a hundred John Smiths).
MAX_GROUP = 12
# User names this short are shared by too many strangers to mean anything.
MIN_USER_NAME = 5
# Strength of each reason, strongest first in the report.
STRENGTH = {"same mailbox": 4, "same web address": 4, "same name": 3, "similar name": 2}
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass
class Pair:
    """Two contacts that are likely one person."""

    keep: tuple[int, str]
    other: tuple[int, str]
    reasons: list[str] = field(default_factory=list)

    @property
    def strength(self) -> int:
        """How sure: the strongest reason, then how many reasons agree."""
        return max(STRENGTH.get(r.split(":")[0], 1) for r in self.reasons) * 10 + len(self.reasons)

    @property
    def command(self) -> str:
        """The merge that joins them (the older contact is kept)."""
        return f"meetup contact merge #{self.keep[0]} #{self.other[0]}"

    def to_json(self) -> dict[str, Any]:
        """`{"keep", "other", "reasons", "command"}`."""
        return {
            "keep": {"id": self.keep[0], "name": self.keep[1]},
            "other": {"id": self.other[0], "name": self.other[1]},
            "reasons": self.reasons,
            "command": self.command,
        }


def mailbox(address: str) -> str:
    """One form for every way of writing an address that reaches the same mailbox: case,
    a +tag, and the dots Gmail ignores."""
    local, _, domain = address.lower().partition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def web_address(text: str) -> str:
    """A site without scheme, www. or a trailing slash: `ana.dev/blog`."""
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.strip().lower())
    value = value.removeprefix("www.").split("?")[0].split("#")[0]
    return value.rstrip("/")


# Titles, degrees and generations people add to a name on LinkedIn and in signatures.
HONORIFICS = frozenset(
    {"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame", "phd", "mba", "md", "dds", "jd"}
    | {"llm", "msc", "bsc", "ma", "ba", "bs", "cpa", "pmp", "cfa", "esq", "jr", "sr", "ii"}
    | {"iii", "iv"}
)


def name_words(name: str) -> list[str]:
    """A name's words, folded, without titles, degrees or nicknames in brackets, in the order
    people say them (`Ortiz, Ana` is `ana ortiz`; `Ben Li, PhD` is `ben li`)."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", fold(name))
    parts = [_WORD_RE.findall(part) for part in text.split(",")]
    parts = [[w for w in words if w not in HONORIFICS] for words in parts]
    parts = [words for words in parts if words]
    if len(parts) == 2:  # `Ortiz, Ana`, `van der Berg, Anna`: family name first
        parts.reverse()
    return [w for words in parts for w in words]


def _signs(platform: str, handle: str) -> Iterable[tuple[str, str]]:
    """What a handle tells about who owns it: (reason, key) pairs."""
    if platform == "email":
        yield "same mailbox", mailbox(handle)
    elif platform == "website":
        yield "same web address", web_address(handle)
    elif platform == "bluesky" and not handle.lower().endswith(".bsky.social"):
        yield "same web address", web_address(handle)  # a custom domain is their site
    if platform in AT_PLATFORMS and not handle.startswith("did:"):
        user = handle.split("@")[0].split(".bsky.social")[0].lower()
        if len(user) >= MIN_USER_NAME:
            yield "same user name", user


def _name_keys(name: str) -> list[tuple[str, str]]:
    words = name_words(name)
    keys = [("same name", " ".join(words))] if words else []
    if len(words) >= 2:
        keys.append(("similar name", f"{words[0]} {words[-1]}"))
    return keys


def _groups(
    conn: Sql, wanted: set[tuple[str, str]] | None, newer_than: int | None = None
) -> dict[tuple[str, str], set[int]]:
    """Contacts grouped by each sign (a name, a mailbox...); with `wanted`, only those signs;
    with `newer_than`, only the contacts added after that id."""
    only = "" if newer_than is None else " WHERE {} > :n"
    params = {"n": newer_than}
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add(cid: int, keys: Iterable[tuple[str, str]]) -> None:
        for key in keys:
            if wanted is None or key in wanted:
                groups[key].add(cid)

    rows = conn.execute("SELECT id, name FROM contact" + only.format("id"), params)
    while batch := rows.fetchmany(5000):
        for cid, name in batch:
            add(cid, _name_keys(name))
    sql = "SELECT contact_id, platform, handle FROM handle" + only.format("contact_id")
    rows = conn.execute(sql, params)
    while batch := rows.fetchmany(5000):
        for cid, platform, handle in batch:
            add(cid, _signs(platform, handle))
    return groups


def find_dupes(*, conn: Sql, newer_than: int | None = None) -> list[Pair]:
    """Likely duplicate pairs, surest first; with `newer_than`, only pairs of one contact
    added after that id and one from before (what an import just added). Memory follows the
    contacts looked at: the new ones' signs are gathered first, and only those are kept."""
    wanted = None if newer_than is None else set(_groups(conn, None, newer_than))
    groups = _groups(conn, wanted)
    pairs: dict[tuple[int, int], list[str]] = {}
    for (reason, key), members in groups.items():
        if len(members) < 2 or len(members) > MAX_GROUP:
            continue
        for a, b in itertools.combinations(sorted(members), 2):
            if newer_than is not None and not (a <= newer_than < b):
                continue
            reasons = pairs.setdefault((a, b), [])
            label = reason if reason in ("same name", "similar name") else f"{reason}: {key}"
            if label not in reasons:
                reasons.append(label)
    names = _names(conn, {cid for pair in pairs for cid in pair})
    found = []
    for (a, b), reasons in pairs.items():
        if "same name" in reasons and "similar name" in reasons:
            reasons.remove("similar name")
        # A user name alone is weak: shared by chance unless the names agree a little.
        alone = all(r.startswith("same user name") for r in reasons)
        if alone and not set(name_words(names[a])) & set(name_words(names[b])):
            continue
        found.append(Pair((a, names[a]), (b, names[b]), reasons))
    found.sort(key=lambda p: (-p.strength, fold(p.keep[1]), p.keep[0], p.other[0]))
    return found


def _names(conn: Sql, ids: set[int]) -> dict[int, str]:
    from meetup_tracker.storage.sql import in_list

    ordered = sorted(ids)
    names: dict[int, str] = {}
    for start in range(0, len(ordered), 500):
        listed, params = in_list("id", ordered[start : start + 500])
        names.update(conn.execute(f"SELECT id, name FROM contact WHERE id IN {listed}", params))
    return names
