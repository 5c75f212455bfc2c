"""Online handles: parse what people type, and normalise it so the same account always matches.

Pure functions, no I/O. A handle has a platform, the text shown to the user (the case they
typed), and a key used for matching (`@AnaOrtiz`, `https://x.com/anaortiz/` -> key `anaortiz`).

Longer than most modules: one small normaliser per platform (each site writes its profile
addresses its own way), kept beside the parsing that chooses among them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from meetup_tracker.errors import InvalidInput

KNOWN_PLATFORMS = (
    "twitter",
    "linkedin",
    "mastodon",
    "bluesky",
    "instagram",
    "github",
    "youtube",
    "medium",
    "tiktok",
    "threads",
    "substack",
    "linkedin-company",
    "email",
    "website",
    "phone",
)

ALIASES = {
    "x": "twitter",
    "bsky": "bluesky",
    "ig": "instagram",
    "insta": "instagram",
    "gh": "github",
    "mail": "email",
    "e-mail": "email",
    "mailto": "email",
    "web": "website",
    "url": "website",
    "site": "website",
    "blog": "website",
    "tel": "phone",
    "mobile": "phone",
    "li": "linkedin",
    "yt": "youtube",
    "tt": "tiktok",
    "linkedin-page": "linkedin-company",
    "company": "linkedin-company",
}

# Platforms whose handles are plain user names, shown with a leading @.
AT_PLATFORMS = frozenset(
    {
        "twitter",
        "instagram",
        "github",
        "bluesky",
        "mastodon",
        "youtube",
        "medium",
        "tiktok",
        "threads",
    }
)
# Sites with `/@name` profile addresses that are not Mastodon (or any fediverse server):
# a URL there is that site's, or a plain website, never a Mastodon handle.
NOT_MASTODON = frozenset(
    {
        "youtube.com",
        "medium.com",
        "tiktok.com",
        "threads.net",
        "threads.com",
        "substack.com",
        "hashnode.com",
        "producthunt.com",
        "replit.com",
        "figma.com",
        "vsco.co",
        "linktr.ee",
        "dev.to",
        "tumblr.com",
        "pinterest.com",
        "snapchat.com",
        "twitch.tv",
        "vimeo.com",
        "soundcloud.com",
        "behance.net",
        "dribbble.com",
        "deviantart.com",
        "flickr.com",
        "patreon.com",
        "ko-fi.com",
        "buymeacoffee.com",
        "facebook.com",
        "reddit.com",
        "quora.com",
        "spotify.com",
        "google.com",
        "gitlab.com",
        "codepen.io",
        "npmjs.com",
        "kaggle.com",
        "huggingface.co",
        "mixcloud.com",
        "bandcamp.com",
        "imdb.com",
    }
)

_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PLATFORM_RE = re.compile(r"^[A-Za-z][\w.-]{0,31}$")
_TWITTER_RE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_INSTAGRAM_RE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_FEDI_USER_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_HOST_RE = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d+)?$", re.IGNORECASE)
_SLUG_BAD_RE = re.compile(r"[\s/?#@]")
_DID_RE = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]+$")
# The common profile URLs, recognised in one step (imports read tens of thousands of them).
_PROFILE_URL_RE = re.compile(
    r"^https?://(?:www\.|mobile\.|m\.|[a-z]{2}\.)?"
    r"(twitter\.com|x\.com|linkedin\.com/in|github\.com|instagram\.com|bsky\.app/profile)"
    r"/([^/?#\s]+)/?(?:[?#]\S*)?$",
    re.IGNORECASE,
)
_PROFILE_HOSTS = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "linkedin.com/in": "linkedin",
    "github.com": "github",
    "instagram.com": "instagram",
    "bsky.app/profile": "bluesky",
}


@dataclass(frozen=True)
class Handle:
    """One online identity: `platform`, the `handle` as the user typed it, and its match `key`."""

    platform: str
    handle: str
    key: str

    def __str__(self) -> str:
        return format_handle(self.platform, self.handle)


def canonical_platform(word: str) -> str:
    """The platform a word names: `x` is twitter; unknown words are kept, lowercased."""
    word = word.strip().lower()
    return ALIASES.get(word, word)


def format_handle(platform: str, handle: str) -> str:
    """How a handle is shown and can be typed back: `twitter:@AnaOrtiz`, `email:ana@example.org`."""
    if platform in AT_PLATFORMS and not handle.startswith("did:") and "/" not in handle:
        return f"{platform}:@{handle}"
    return f"{platform}:{handle}"


def profile_url(platform: str, handle: str) -> str | None:
    """A web address for the handle's profile, where the platform has one."""
    if platform == "twitter":
        return f"https://x.com/{handle}"
    if platform == "linkedin":
        return f"https://www.linkedin.com/in/{handle}/"
    if platform == "mastodon":
        user, _, host = handle.partition("@")
        return f"https://{host}/@{user}"
    if platform == "bluesky":
        return f"https://bsky.app/profile/{handle}"
    if platform == "instagram":
        return f"https://www.instagram.com/{handle}/"
    if platform == "github":
        return f"https://github.com/{handle}"
    if platform == "youtube":
        return f"https://www.youtube.com/{handle if '/' in handle else '@' + handle}"
    if platform in ("medium", "tiktok"):
        return f"https://{'www.' if platform == 'tiktok' else ''}{platform}.com/@{handle}"
    if platform == "threads":
        return f"https://www.threads.net/@{handle}"
    if platform == "substack":
        return f"https://{handle}.substack.com"
    if platform == "linkedin-company":
        return f"https://www.linkedin.com/company/{handle}/"
    if platform == "website":
        return handle if _URL_RE.match(handle) else f"https://{handle}"
    return None


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for matching names and places."""
    if text.isascii():
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def parse_handle(text: str, platform: str | None = None) -> Handle:
    """Parse `PLATFORM:HANDLE`, a profile URL, `@user@host` or an email address into a Handle.

    `platform`, when given, is the platform the caller already knows (from a column name, say).
    Raises InvalidInput with a hint when the text cannot be a handle.
    """
    value = _clean(text)
    if not value:
        raise InvalidInput("empty handle", hint="write it as PLATFORM:HANDLE, e.g. twitter:@ana")
    if len(value) > 2000:
        raise InvalidInput(f"a handle of {len(value):,} characters is too long")
    known = canonical_platform(platform) if platform else None
    if (m := _PROFILE_URL_RE.match(value)) and known in (None, _PROFILE_HOSTS[m.group(1).lower()]):
        platform = _PROFILE_HOSTS[m.group(1).lower()]
        value = unquote(m.group(2))
    elif platform is None:
        platform, value = _split_platform(value)
    else:
        platform = canonical_platform(platform)
    if not platform:
        raise InvalidInput(
            f"handle '{text.strip()}' names no platform",
            hint="write it as PLATFORM:HANDLE, e.g. twitter:@ana or mastodon:@ana@host.social",
        )
    normalise = _NORMALISERS.get(platform, _normalise_other)
    display, key = normalise(platform, value)
    return Handle(platform=platform, handle=display, key=key)


def handle_lookups(ref: str) -> list[tuple[str | None, str]]:
    """The (platform, key) pairs a contact reference could mean as a handle; platform None = any.

    `@anaortiz` matches that user name on any platform; `twitter:anaortiz`, a profile URL,
    `@user@host` and an email address each match one platform.
    """
    value = _clean(ref)
    if not value:
        return []
    if value.startswith("@") and value.count("@") == 1:
        return [(None, value[1:].casefold())]
    try:
        platform, rest = _split_platform(value)
        if not platform:
            return []
        handle = parse_handle(rest, platform)
    except InvalidInput:
        return []
    return [(handle.platform, handle.key)]


def looks_like_handle(ref: str) -> bool:
    """Whether a reference is written as a handle rather than a name."""
    value = ref.strip()
    if value.startswith("@") or _URL_RE.match(value) or value.lower().startswith("www."):
        return True
    if _EMAIL_RE.match(value):
        return True
    word, sep, _ = value.partition(":")
    return bool(sep) and " " not in word and canonical_platform(word) in KNOWN_PLATFORMS


def _clean(text: str) -> str:
    """A handle as one canonical text: control characters out, and composed (NFC), so an
    address typed with a precomposed é and one with e + accent are one handle."""
    if not text.isprintable():
        text = "".join(c for c in text if c.isprintable())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def _split_platform(value: str) -> tuple[str, str]:
    """Find the platform of a value typed without one, or split `platform:rest`."""
    if _URL_RE.match(value) or value.lower().startswith("www."):
        return _platform_of_url(value), value
    if value.lower().startswith("mailto:"):
        return "email", value[len("mailto:") :]
    word, sep, rest = value.partition(":")
    if sep and _PLATFORM_RE.match(word) and not word.lower().startswith("did"):
        return canonical_platform(word), rest.strip()
    if value.startswith("@") and value.count("@") == 2:
        return "mastodon", value
    if _EMAIL_RE.match(value):
        return "email", value
    return "", value


def _url_parts(value: str) -> tuple[str, list[str]]:
    if not _URL_RE.match(value):
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError as exc:  # `http://[::1` and other addresses urlsplit cannot read
        raise InvalidInput(f"'{value}' is not a web address ({exc})") from exc
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return host, segments


def _bare_host(host: str) -> str:
    for prefix in ("www.", "mobile.", "m."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _site(host: str) -> str:
    """The registered site of a host: `ana.substack.com` is substack.com."""
    parts = host.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else host


def _platform_of_url(value: str) -> str:
    host, segments = _url_parts(value)
    host = _bare_host(host)
    first = segments[0] if segments else ""
    at_name = first.startswith("@") and len(first) > 1
    if host in ("twitter.com", "x.com"):
        return "twitter"
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        if first == "in":
            return "linkedin"
        return "linkedin-company" if first in ("company", "school", "showcase") else "website"
    if host == "bsky.app":
        return "bluesky"
    if host == "instagram.com":
        return "instagram"
    if host == "github.com":
        return "github"
    if host == "youtube.com":
        return "youtube" if at_name or first in ("c", "user", "channel") else "website"
    if host in ("tiktok.com", "threads.net", "threads.com") and at_name:
        return host.split(".")[0]
    if host == "medium.com":
        return "medium" if at_name else "website"
    if _site(host) == "medium.com" and host != "medium.com":
        return "medium"
    if host.endswith(".substack.com") or (host == "substack.com" and at_name):
        return "substack"
    if at_name and _site(host) not in NOT_MASTODON:
        return "mastodon"
    return "website"


def _invalid(platform: str, value: str, example: str) -> InvalidInput:
    return InvalidInput(f"'{value}' is not a {platform} handle", hint=f"for example {example}")


def _user_from_url(value: str, platform: str, hosts: tuple[str, ...], example: str) -> str:
    host, segments = _url_parts(value)
    if _bare_host(host) not in hosts or not segments:
        raise _invalid(platform, value, example)
    return segments[0]


def _is_url(value: str) -> bool:
    return bool(_URL_RE.match(value)) or value.lower().startswith("www.")


def _user_names(
    hosts: tuple[str, ...], pattern: re.Pattern[str], example: str
) -> Callable[[str, str], tuple[str, str]]:
    """A normaliser for platforms whose handles are user names at `host/name` (case-insensitive)."""

    def normalise(platform: str, value: str) -> tuple[str, str]:
        if _is_url(value):
            value = _user_from_url(value, platform, hosts, example)
        user = value.removeprefix("@")
        if not pattern.match(user):
            raise _invalid(platform, value, example)
        return user, user.lower()

    return normalise


_normalise_twitter = _user_names(
    ("twitter.com", "x.com"), _TWITTER_RE, "twitter:@AnaOrtiz or https://x.com/AnaOrtiz"
)
_normalise_instagram = _user_names(("instagram.com",), _INSTAGRAM_RE, "instagram:@ana.ortiz")
_normalise_github = _user_names(("github.com",), _GITHUB_RE, "github:anaortiz")


def _at_name(
    hosts: tuple[str, ...], pattern: re.Pattern[str], example: str
) -> Callable[[str, str], tuple[str, str]]:
    """A normaliser for sites whose profiles are `host/@name` (YouTube, TikTok, Threads)."""

    def normalise(platform: str, value: str) -> tuple[str, str]:
        if _is_url(value):
            host, segments = _url_parts(value)
            if _bare_host(host) not in hosts or not segments or not segments[0].startswith("@"):
                raise _invalid(platform, value, example)
            value = segments[0]
        user = value.removeprefix("@")
        if not pattern.match(user):
            raise _invalid(platform, value, example)
        return user, user.lower()

    return normalise


_normalise_tiktok = _at_name(("tiktok.com",), re.compile(r"^[A-Za-z0-9_.]{2,24}$"), "tiktok:@ana")
_normalise_threads = _at_name(("threads.net", "threads.com"), _INSTAGRAM_RE, "threads:@ana.ortiz")


def _normalise_youtube(platform: str, value: str) -> tuple[str, str]:
    example = "youtube:@AnaOrtiz or https://www.youtube.com/@AnaOrtiz"
    if _is_url(value):
        host, segments = _url_parts(value)
        if _bare_host(host) != "youtube.com" or not segments:
            raise _invalid(platform, value, example)
        if segments[0] in ("c", "user", "channel") and len(segments) >= 2:
            if segments[0] == "channel":  # a channel id is case-sensitive
                return f"channel/{segments[1]}", f"channel/{segments[1]}"
            value = f"{segments[0]}/{segments[1]}"
        else:
            value = segments[0]
    name = value.removeprefix("@")
    if not re.match(r"^(?:(?:c|user|channel)/)?[A-Za-z0-9._-]{1,100}$", name):
        raise _invalid(platform, value, example)
    return name, name if name.startswith("channel/") else name.lower()


def _publications(
    site: str, pattern: re.Pattern[str], example: str
) -> Callable[[str, str], tuple[str, str]]:
    """A normaliser for sites where a writer is `site/@name` or `name.site` (Medium,
    Substack)."""

    def normalise(platform: str, value: str) -> tuple[str, str]:
        if _is_url(value):
            host, segments = _url_parts(value)
            host = _bare_host(host)
            if host == site and segments and segments[0].startswith("@"):
                value = segments[0]
            elif host.endswith("." + site) and host.count(".") == site.count(".") + 1:
                value = host.split(".")[0]
            else:
                raise _invalid(platform, value, example)
        name = value.removeprefix("@")
        if not pattern.match(name):
            raise _invalid(platform, value, example)
        return name, name.lower()

    return normalise


_normalise_medium = _publications(
    "medium.com", re.compile(r"^[A-Za-z0-9_.-]{1,50}$"), "medium:@ana or https://medium.com/@ana"
)
_normalise_substack = _publications(
    "substack.com", re.compile(r"^[A-Za-z0-9_-]{1,63}$"), "substack:ana or https://ana.substack.com"
)


def _normalise_linkedin_company(platform: str, value: str) -> tuple[str, str]:
    example = "https://www.linkedin.com/company/acme/"
    if _is_url(value):
        host, segments = _url_parts(value)
        linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
        if (
            not linkedin
            or len(segments) < 2
            or segments[0] not in ("company", "school", "showcase")
        ):
            raise _invalid(platform, value, example)
        value = segments[1]
    slug = unquote(value.removeprefix("company/").strip("/"))
    if not slug or _SLUG_BAD_RE.search(slug):
        raise _invalid(platform, value, example)
    return slug, slug.casefold()


def _normalise_linkedin(platform: str, value: str) -> tuple[str, str]:
    example = "linkedin:ana-ortiz-12 or https://www.linkedin.com/in/ana-ortiz-12/"
    if _is_url(value):
        host, segments = _url_parts(value)
        if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
            raise _invalid(platform, value, example)
        if len(segments) < 2 or segments[0] != "in":
            raise _invalid(platform, value, example)
        value = segments[1]
    slug = unquote(value.removeprefix("in/").strip("/"))
    if not slug or _SLUG_BAD_RE.search(slug):
        raise _invalid(platform, value, example)
    return slug, slug.casefold()


def _normalise_mastodon(platform: str, value: str) -> tuple[str, str]:
    example = "mastodon:@ana@hachyderm.io or https://hachyderm.io/@ana"
    if _is_url(value):
        host, segments = _url_parts(value)
        if _site(_bare_host(host)) in NOT_MASTODON:
            raise _invalid(platform, value, example)
        if len(segments) >= 2 and segments[0] == "users":
            user = segments[1]
        elif segments and segments[0].startswith("@"):
            user = segments[0][1:]
        else:
            raise _invalid(platform, value, example)
        user, _, other_host = user.partition("@")
        host = other_host or host
    else:
        user, sep, host = value.removeprefix("@").partition("@")
        if not sep:
            raise _invalid(platform, value, example)
    if not _FEDI_USER_RE.match(user) or not _HOST_RE.match(host):
        raise _invalid(platform, value, example)
    return f"{user}@{host}", f"{user}@{host}".lower()


def _normalise_bluesky(platform: str, value: str) -> tuple[str, str]:
    example = "bluesky:@ana.bsky.social"
    if _is_url(value):
        host, segments = _url_parts(value)
        if _bare_host(host) != "bsky.app" or len(segments) < 2 or segments[0] != "profile":
            raise _invalid(platform, value, example)
        value = segments[1]
    name = value.removeprefix("@")
    if _DID_RE.match(name):
        return name, name
    if "." not in name:
        name = f"{name}.bsky.social"
    if not _HOST_RE.match(name):
        raise _invalid(platform, value, example)
    return name, name.lower()


def _normalise_email(platform: str, value: str) -> tuple[str, str]:
    address = value.removeprefix("mailto:").strip("<>")
    if not _EMAIL_RE.match(address):
        raise _invalid(platform, value, "email:ana@example.org")
    return address, address.lower()


def _normalise_website(platform: str, value: str) -> tuple[str, str]:
    host, segments = _url_parts(value)
    if not _HOST_RE.match(host):
        raise _invalid(platform, value, "website:https://ana.example.org/blog")
    path = "/".join(segments)
    key = _bare_host(host) + ("/" + path if path else "")
    return value, key.casefold()


def _normalise_phone(platform: str, value: str) -> tuple[str, str]:
    number = value.removeprefix("tel:")
    digits = "".join(c for c in number.split("x")[0] if c.isdigit())
    if not _PHONE_RE.match(number) or len(digits) < 3:
        raise _invalid(platform, value, "phone:+1 615 555 0100")
    return number, ("+" if number.startswith("+") else "") + digits


def _normalise_other(platform: str, value: str) -> tuple[str, str]:
    if not _PLATFORM_RE.match(platform):
        raise InvalidInput(
            f"'{platform}' is not a platform name", hint="use one word, like discord"
        )
    user = value.removeprefix("@").strip()
    if not user:
        raise InvalidInput(f"empty {platform} handle")
    return user, user.casefold()


_NORMALISERS = {
    "twitter": _normalise_twitter,
    "linkedin": _normalise_linkedin,
    "mastodon": _normalise_mastodon,
    "bluesky": _normalise_bluesky,
    "instagram": _normalise_instagram,
    "github": _normalise_github,
    "youtube": _normalise_youtube,
    "medium": _normalise_medium,
    "tiktok": _normalise_tiktok,
    "threads": _normalise_threads,
    "substack": _normalise_substack,
    "linkedin-company": _normalise_linkedin_company,
    "email": _normalise_email,
    "website": _normalise_website,
    "phone": _normalise_phone,
}
