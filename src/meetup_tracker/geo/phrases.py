"""How people write where they are, taken apart before any look-up. Pure functions, no I/O.

`Greater Nashville Area`, `US (Austin, TX)`, `Seattle, WA ☔️`, `12 Broadway, Nashville, TN
37203`, `Tokyo/Japan`, `Europe/Moscow`: each becomes a list of parts (most specific first, as
addresses are written), without postcodes, street lines, emoji or metro words. What the parts
mean (a city, a region, a country) is for the gazetteer to decide.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_DOTS_RE = re.compile(r"\.+")
_PUNCTUATION_RE = re.compile(r"[,\-'’‘`_()/]+")


def place_key(text: str) -> str:
    """How place names are compared: no case, no accents, no dots, hyphens or commas."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Dots go without a trace (D.C. is dc, St. Louis is st louis); hyphens separate words.
    return " ".join(_PUNCTUATION_RE.sub(" ", _DOTS_RE.sub("", plain)).split())


# What people put in a location field that is not a place: never matched to a town that
# happens to share the word (Earth, Texas; Remote, Oregon).
NOT_PLACES = frozenset(
    place_key(word)
    for word in (
        "remote",
        "remotely",
        "fully remote",
        "worldwide",
        "global",
        "globally",
        "earth",
        "planet earth",
        "the world",
        "world",
        "internet",
        "the internet",
        "online",
        "cyberspace",
        "the cloud",
        "everywhere",
        "anywhere",
        "nowhere",
        "somewhere",
        "here",
        "home",
        "on the road",
        "traveling",
        "travelling",
        "nomad",
        "digital nomad",
        "localhost",
        "hybrid",
        "various",
        "n/a",
        "na",
        "none",
        "unknown",
        "tbd",
        "tba",
        "tbc",
        "cloud",
        "the cloud",
    )
)

# What a whole location field may say that is a part of the world, a joke or a story, not a
# place (though a town may bear the name: Mars, Pennsylvania; Asia, Batangas): the text alone
# names none of them. `Mars, PA` is still Mars.
NOT_A_PLACE_ALONE = frozenset(
    place_key(word)
    for word in (
        "europe",
        "eu",
        "emea",
        "apac",
        "latam",
        "asia",
        "asia pacific",
        "africa",
        "north america",
        "south america",
        "latin america",
        "central america",
        "oceania",
        "antarctica",
        "the americas",
        "americas",
        "scandinavia",
        "nordics",
        "the nordics",
        "benelux",
        "dach",
        "middle east",
        "the middle east",
        "mena",
        "balkans",
        "the balkans",
        "caribbean",
        "the caribbean",
        "pacific northwest",
        "pnw",
        "new england",
        "the midwest",
        "midwest",
        "the south",
        "deep south",
        "east coast",
        "west coast",
        "down under",
        "southern california",
        "northern california",
        "socal",
        "norcal",
        "upstate new york",
        "upstate",
        "mars",
        "the moon",
        "moon",
        "space",
        "outer space",
        "narnia",
        "hogwarts",
        "middle earth",
        "the shire",
        "gotham",
        "gotham city",
        "wakanda",
        "atlantis",
        "neverland",
        "westeros",
        "mordor",
        "heaven",
        "hell",
        "paradise",
        "utopia",
        "nowhere land",
        "hometown",
        "my house",
        "the office",
        "the internets",
    )
)

# Pronouns people put where a location goes: "she/her" is not She, a city with a slash.
_PRONOUNS_RE = re.compile(
    r"^(?:she|he|they|ze|xe|it|any)\s*/\s*(?:her|hers|him|his|them|theirs|they|she|he|zir|xem"
    r"|it|all|any)(?:\s*/\s*\w+)?$",
    re.IGNORECASE,
)
_LEADING_WORDS_RE = re.compile(
    r"^(?:(?:currently\s+)?(?:based|living|located|residing|lives)\s+(?:in|near)\s+"
    r"|(?:currently|now)\s+in\s+|in\s+|near\s+|from\s+)",
    re.IGNORECASE,
)
# Metro and area phrases around a city name: LinkedIn's "Greater Nashville Area",
# "Nashville Metropolitan Area", "Dallas-Fort Worth Metroplex", "Greater Paris Metropolitan
# Region", "San Francisco Bay Area".
_METRO_BEFORE_RE = re.compile(r"^(?:greater|metro|metropolitan|downtown|central)\s+", re.I)
_METRO_AFTER_RE = re.compile(
    r"\s+(?:bay\s+area|metropolitan\s+(?:area|region|statistical\s+area)|metro(?:politan)?"
    r"(?:\s+area|\s+region)?|metroplex|area|region|city(?:\s+area)?|and\s+surrounding\s+areas?"
    r"|surrounding\s+area|suburbs?|bay|sar|ncr|capital\s+region)$",
    re.I,
)
_TIMEZONE_RE = re.compile(
    r"^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)"
    r"(?:/[A-Za-z_\-]+)?/([A-Za-z_\-]+)$"
)
# Postcodes: US ZIP, Canada, the UK, Brazil, Japan, Poland, the Netherlands' "1012 AB", a
# letter prefix ("D-80331", "CH-4002"), and any run of 3 to 7 digits.
_POSTCODE_RES = (
    re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b", re.I),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"),
    re.compile(r"\b\d{4}\s?[A-Z]{2}(?=\s+\w)"),
    re.compile(r"\b[A-Z]{1,2}-\d{3,6}\b"),
    re.compile(r"\b\d{2,5}[-\s]\d{3,4}\b"),
    re.compile(r"\b\d{3,7}\b"),
)
_STREET_WORDS_RE = re.compile(
    r"\s(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|way|suite|ste|apt"
    r"|apartment|floor|fl|unit|building|bldg|po\s+box|p\s*o\s+box|straße|strasse|str|gasse"
    r"|weg|platz|rue|calle|avenida|via|piazza|plaza|c/o)\.?(?:\s+(?:n|s|e|w|ne|nw|se|sw)\.?)?$",
    re.I,
)
_STREET_START_RE = re.compile(
    r"^(?:c/o|suite|ste|apt|unit|floor|po box|p\.?o\.? box|av|avenida|avenue|rue|calle|via"
    r"|ul)\b\.?",
    re.I,
)
_SEPARATORS_RE = re.compile(r"\s*(?:[,;|•·،、，；]|\s[-–—]\s)\s*")
_LISTING_PARENS_RE = re.compile(r"\(([^()]*[,;/][^()]*)\)")  # US (Austin, TX)
_PARENS_RE = re.compile(r"\s*\(([^()]*)\)\s*")
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


@dataclass
class Phrase:
    """A place text taken apart: `parts` most specific first; `country` from a flag emoji;
    `alternatives` when slashes give several places (`Potsdam/Berlin`)."""

    text: str
    parts: list[str] = field(default_factory=list)
    timezone: str | None = None
    country: str | None = None
    alternatives: list[list[str]] = field(default_factory=list)


def clean(text: str) -> tuple[str, str | None]:
    """The text without emoji, symbols and control characters; and the country of a flag
    emoji in it (🇩🇪 is DE), if there is one."""
    flag: list[str] = []
    kept: list[str] = []
    for char in text:
        if "\U0001f1e6" <= char <= "\U0001f1ff":  # regional indicator letters make flags
            flag.append(chr(ord(char) - 0x1F1E6 + ord("A")))
        elif char in _ZERO_WIDTH or "\ufe00" <= char <= "\ufe0f":
            continue  # joiners and variation selectors (the ️ in "WA ☔️")
        elif unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Cn", "Cc", "Cf"):
            kept.append(" ")
        else:
            kept.append(char)
    country = "".join(flag[:2]) if len(flag) >= 2 else None
    return " ".join("".join(kept).split()), country


def metro_cores(part: str) -> list[str]:
    """The names a metro or area phrase may hold, least stripped first: `Salt Lake City
    Metropolitan Area` → Salt Lake City, Salt Lake; `Greater Nashville Area` → Nashville Area,
    Nashville. The index says which is a place."""
    cores: list[str] = []
    value = part
    for _ in range(3):
        for stripped in (_METRO_BEFORE_RE.sub("", value).strip(), _METRO_AFTER_RE.sub("", value)):
            stripped = stripped.strip()
            if stripped and stripped != value and stripped not in cores:
                cores.append(stripped)
        both = _METRO_AFTER_RE.sub("", _METRO_BEFORE_RE.sub("", value)).strip()
        if both == value or not both:
            break
        if both not in cores:
            cores.append(both)
        value = both
    return cores


def metro_core(part: str) -> str:
    """The city name inside a metro or area phrase, stripped of every metro word:
    `Greater Nashville Area` is Nashville."""
    cores = metro_cores(part)
    return cores[-1] if cores else part


def strip_postcodes(part: str) -> str:
    """A part without its postcode: `TN 37203` is TN, `4002 Basel` is Basel."""
    value = part
    for pattern in _POSTCODE_RES:
        value = pattern.sub(" ", value)
    return " ".join(value.split()).strip(" -")


def is_street(part: str) -> bool:
    """Whether a part of an address is a street line rather than a place: it has a house
    number, or ends with a street word (`Main St`), or starts like `Suite 400`."""
    if any(c.isdigit() for c in part):
        return True
    return bool(_STREET_WORDS_RE.search(part) or _STREET_START_RE.match(part))


def split(text: str) -> Phrase:
    """Take a place text apart (see the module's docstring). Parts that may be street lines
    (`is_street`) are kept: whether a part with a number is a place (`Paris 15 Vaugirard`,
    `6th of October City`) is for the gazetteer to say."""
    value, country = clean(text)
    value = _LEADING_WORDS_RE.sub("", value).strip()
    phrase = Phrase(text=value, country=country)
    if _PRONOUNS_RE.match(value) or place_key(value) in NOT_PLACES:
        return phrase
    value = re.sub(r"\bFrankfurt\s*/\s*M\b\.?", "Frankfurt am Main", value)
    if m := _TIMEZONE_RE.match(value):
        phrase.timezone = value
        phrase.parts = [m.group(1).replace("_", " ")]
        return phrase
    if "/" in value and "://" not in value:
        groups = [g.strip() for g in value.split("/") if g.strip()]
        phrase.alternatives = [_parts(g) for g in groups]
        phrase.alternatives = [a for a in phrase.alternatives if a]
        phrase.parts = phrase.alternatives[0] if phrase.alternatives else []
        return phrase
    phrase.parts = _parts(value)
    return phrase


def _parts(value: str) -> list[str]:
    parts = []
    for raw in _SEPARATORS_RE.split(_LISTING_PARENS_RE.sub(r", \1, ", value)):
        raw = raw.strip(" .-–—\"'")
        if not raw:
            continue
        if place_key(raw) in NOT_PLACES:
            continue
        part = strip_postcodes(raw) if any(c.isdigit() for c in raw) else raw
        if part:
            parts.append(part)
    return parts


def bracketed(part: str) -> list[str]:
    """`Halle (Saale)` may be one name; else its pieces, outside first: `Berlin (Germany)`."""
    pieces = [p.strip() for p in _PARENS_RE.split(part) if p and p.strip()]
    return pieces if "(" in part else [part]


# Words that begin a name and never end one: `Sainte-Catherine` is one name, not two.
_NAME_STARTS = frozenset(
    [
        "saint",
        "sainte",
        "st",
        "ste",
        "san",
        "santa",
        "santo",
        "são",
        "sao",
        "le",
        "la",
        "les",
        "el",
        "al",
        "port",
        "fort",
        "mount",
        "new",
        "bad",
        "villa",
        "ciudad",
    ]
)


def metro_pieces(name: str) -> list[str]:
    """A metro name's cities, principal first: `Dallas-Fort Worth`, `Raleigh-Durham-Chapel
    Hill`, `Minneapolis–St. Paul`. One piece when there is no hyphen (or only one inside a
    name: `Sainte-Catherine`)."""
    pieces: list[str] = []
    for piece in (p.strip() for p in re.split(r"\s*[-–—]\s*", name)):
        if not piece:
            continue
        if pieces and place_key(pieces[-1].split()[-1]) in _NAME_STARTS:
            pieces[-1] = f"{pieces[-1]}-{piece}"
        else:
            pieces.append(piece)
    return pieces


def trailing_words(name: str, most: int = 3) -> list[tuple[str, str]]:
    """Ways to read a part's last words as a qualifier: `Sydney NSW` → (Sydney, NSW);
    `Rio de Janeiro Brazil` → (Rio de Janeiro, Brazil), shortest qualifier first."""
    words = name.split()
    return [
        (" ".join(words[:-n]), " ".join(words[-n:]))
        for n in range(1, min(most, len(words) - 1) + 1)
    ]
