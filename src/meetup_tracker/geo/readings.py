"""Other readings of a place text than its parts: coordinates in degrees, an address's city
after its street, a name with its abbreviations spelled out or its affixes dropped (`Mt.
Clemens`, `Aarhus C`, `Berlin Hbf`, `South Jakarta`), a part that says it is an area
(`Provincia di Treviso`), a city's district (`XI. ker.`, `Altstadt`), and a text that names
several places (`Berlin & Lisbon`). Pure functions, no I/O; which reading names a place is for
the gazetteer to say.
"""

from __future__ import annotations

import re

_STREET_TOKEN_RE = re.compile(
    r"^(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|way|terrace|ter|place"
    r"|pl|court|ct|parkway|pkwy|highway|hwy|plaza|square|sq|circle|cir|loop|row|crescent|cres"
    r"|suite|ste|unit|level|floor|fl|rue|calle|carrera|via"
    r"|rua|avenida|ul|#|\w+(?:straße|strasse|str|gasse|weg|platz|allee|gracht|gatan|vej|laan"
    r"|vägen|veien))\.?$",
    re.I,
)
_COMPASS_RE = re.compile(r"^(?:N|S|E|W|NE|NW|SE|SW)\.?$")


def after_street(part: str, *, inner: bool = False) -> str | None:
    """What follows the street in an address written without commas: `1200 Oak St Oviedo` →
    Oviedo, `Friedrichstraße 43 Berlin` → Berlin; None when nothing follows it. With `inner`,
    only a street word after a name counts (`Oak St Oviedo`, not `St Louis`), and no number."""
    words = part.split()
    last = max(
        (
            i
            for i, w in enumerate(words)
            if (not inner and any(c.isdigit() for c in w))
            or (_STREET_TOKEN_RE.match(w) and (not inner or i > 0))
        ),
        default=None,
    )
    if last is None:
        return None
    tail = words[last + 1 :]
    while tail and _COMPASS_RE.match(tail[0]):
        tail = tail[1:]
    return " ".join(tail) or None


# Coordinates in degrees, minutes and seconds, as maps and Wikipedia write them:
# 40°26′46″N 79°58′56″W, N 40° 26.767' W 079° 58.933', 40.4461° N, 79.9822° W.
_DMS_NUMBER = (
    r"(\d{1,3}(?:[.,]\d+)?)\s*°\s*"  # degrees
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?"  # minutes
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:[\"″”]|'')\s*)?"  # seconds
)
_DMS_RE = re.compile(
    rf"^\s*(?:([NS])\s*{_DMS_NUMBER}|{_DMS_NUMBER}\s*([NS]))[\s,;/]*"
    rf"(?:([EW])\s*{_DMS_NUMBER}|{_DMS_NUMBER}\s*([EW]))\s*$",
    re.IGNORECASE,
)


def degrees(text: str) -> tuple[float, float] | None:
    """(lat, lon) of coordinates written with degrees and hemispheres, or None."""
    m = _DMS_RE.match(text)
    if not m:
        return None
    g = m.groups()
    lat_hemi, lat_parts = (g[0], g[1:4]) if g[0] else (g[7], g[4:7])
    lon_hemi, lon_parts = (g[8], g[9:12]) if g[8] else (g[15], g[12:15])

    def value(parts: tuple[str | None, ...], hemisphere: str) -> float:
        d, m_, s_ = (float(p.replace(",", ".")) if p else 0.0 for p in parts)
        sign = -1 if hemisphere.upper() in ("S", "W") else 1
        return sign * (d + m_ / 60 + s_ / 3600)

    return value(lat_parts, lat_hemi), value(lon_parts, lon_hemi)


# Readings of a name the index does not know as written, tried in turn (`name_variants`).
_POSTAL_DISTRICT_RE = re.compile(r"^(.+?)\s+(?:[A-ZÆØÅ]{1,2})$")  # Aarhus C, Kristiansand S
_AIRPORT_SUFFIX_RE = re.compile(r"^(.+?)\s+[A-Z]{3}$")  # Lisbon LIS, as a calendar writes it
_ROMAN_SUFFIX_RE = re.compile(  # Shibuya-ku, Sapporo-shi, Tokyo-to, Gangnam-gu
    r"^(.+?)[\s-](?:ku|shi|si|ken|to|fu|gun|cho|chō|machi|mura|gu|dong|eup|myeon)$", re.I
)
_VENUE_SUFFIX_RE = re.compile(
    r"^(.+?)\s+(?:hbf\.?|hauptbahnhof|bahnhof|bhf\.?|hb|centraal|centrale|termini|central station"
    r"|station|sta\.|(?:international\s+|int'?l\.?\s+)?airport|flughafen|a[ée]roport|aeropuerto"
    r"|aeroporto)$",
    re.I,
)
_VENUE_PREFIX_RE = re.compile(r"^(?:messe|expo|estaci[oó]n|stazione|bahnhof)\s+(.+)$", re.I)
_ORDINAL_DISTRICT_RE = re.compile(
    r"^(.+?)\s+(?:\d{1,2}(?:e|er|ème|eme|re|th|st|nd|rd|\.)?|[IVXL]+\.?)$", re.I
)
_DIRECTION_BEFORE_RE = re.compile(
    r"^(?:(?:the\s+)?old\s+(?:city|town)\s+of|north|south|east|west|central|northern|southern"
    r"|eastern|western|downtown|uptown|inner|outer)\s+(.+)$",
    re.I,
)
_DIRECTION_AFTER_RE = re.compile(
    r"^(.+?)\s+(?:selatan|utara|barat|timur|pusat|nord|süd|sud|ost|west|mitte|norte|sur|este"
    r"|oeste|centro|centre|center|north|south|east)$",
    re.I,
)
_ABBREVIATIONS = (
    (re.compile(r"^mt\.?\s+", re.I), "Mount "),
    (re.compile(r"^ft\.?\s+", re.I), "Fort "),
    (re.compile(r"^pt\.?\s+", re.I), "Point "),
    (re.compile(r"^pt\.?\s+", re.I), "Port "),
    (re.compile(r"^st\.?\s+", re.I), "Saint "),
    (re.compile(r"^ste\.?[\s-]+", re.I), "Sainte-"),
    (re.compile(r"\s+i\.\s?br\.?$", re.I), " im Breisgau"),
    (re.compile(r"\s+a\.\s?m\.?$", re.I), " am Main"),
    (re.compile(r"\s+a\.\s?d\.\s?", re.I), " an der "),
    (re.compile(r"\s+i\.\s?d\.\s?", re.I), " in der "),
    (re.compile(r"\s+a\.\s?(?=[A-ZÄÖÜ][a-zäöüß])"), " am "),  # Ludwigshafen a. Rhein
    (re.compile(r"\s+i\.\s?(?=[A-ZÄÖÜ][a-zäöüß])"), " im "),
)
# A trailing German abbreviation of where a town lies: `i.Br.`, `a.M.`, `i.d.OPf.`, `a.d.Donau`.
_TRAILING_ABBREVIATION_RE = re.compile(r"^(.+?)\s+(?:[aib]\.\s?(?:d\.\s?)?\w*\.?)$", re.I)


def spelled_out(name: str) -> list[str]:
    """A name with its abbreviations spelled out (`Mt. Clemens`, `Freiburg i.Br.`,
    `Ludwigshafen a. Rhein`), or without a trailing one (`Weiden i.d.OPf.`): readings as sure
    as the name itself."""
    found: list[str] = []
    for pattern, replacement in _ABBREVIATIONS:
        spelled = pattern.sub(replacement, name)
        if spelled != name:
            found.append(" ".join(spelled.split()))
    if m := _TRAILING_ABBREVIATION_RE.match(name):
        found.append(m.group(1))
    return [f for f in dict.fromkeys(found) if f and f != name]


def name_variants(name: str) -> list[str]:
    """Other readings of a name, for when the index does not know it as written: without a
    postal district (`Aarhus C`), an admin suffix (`Shibuya-ku`), a station or hall (`Berlin
    Hbf`, `Messe Berlin`), a district number (`Paris 15ème`) or a direction (`South Jakarta`,
    `Jakarta Selatan`), after its abbreviations spelled out (`spelled_out`). Whether a reading
    is a place, and a big enough one, is for the gazetteer to say."""
    found: list[str] = spelled_out(name)
    for pattern in (
        _POSTAL_DISTRICT_RE,
        _AIRPORT_SUFFIX_RE,
        _ROMAN_SUFFIX_RE,
        _VENUE_SUFFIX_RE,
        _VENUE_PREFIX_RE,
        _ORDINAL_DISTRICT_RE,
        _DIRECTION_BEFORE_RE,
        _DIRECTION_AFTER_RE,
    ):
        if m := pattern.match(name):
            found.append(m.group(1).strip())
    return [f for f in dict.fromkeys(found) if f and f != name]


_AREA_WORDS_RES = (
    re.compile(
        r"^(?:(?:the\s+)?(?:commonwealth|federal\s+republic|republic|kingdom|principality"
        r"|grand\s+duchy|union)\s+of(?:\s+the)?|provincia|province|provinz|prov\.|county|co\."
        r"|comunidad(?:\s+aut[oó]noma)?"
        r"|regi[oó]n|region|estado|state|canton|kanton|departamento|d[ée]partement|oblast"
        r"|prefecture|voivodeship|distrito)(?:\s+(?:of|de|di|del|du|de\s+la|des|von))?\s+(.+)$",
        re.I,
    ),
    re.compile(
        r"^(.+?)\s+(?:province|provincia|county|state|region|oblast|prefecture|department"
        r"|voivodeship|canton|kanton|oblast'|krai|kray)$",
        re.I,
    ),
)


def area_words(part: str) -> str | None:
    """The name in a part that says it is a county, province, state or region: `Provincia di
    Treviso`, `Co. Galway`, `Washington State`, `Comunidad de Madrid`; else None."""
    for pattern in _AREA_WORDS_RES:
        if m := pattern.match(part.strip()):
            return m.group(1).strip()
    return None


# Several places in one text: `Berlin & Lisbon`, `Austin ↔ NYC`, `between London and Berlin`.
_SEVERAL_RE = re.compile(r"\s*(?:&|↔|⇄|→|⟷|<->|->|=>|\+)\s*")
_BETWEEN_RE = re.compile(r"^between\s+(.+?)\s+(?:and|&)\s+(.+)$", re.I)


def several(text: str) -> list[str]:
    """The places of a text that names several, or [] when it names one."""
    if m := _BETWEEN_RE.match(text.strip()):
        return [m.group(1), m.group(2)]
    pieces = [p.strip() for p in _SEVERAL_RE.split(text) if p.strip()]
    return pieces if len(pieces) > 1 else []


_OLD_TOWN_RE = re.compile(
    r"^(?:altstadt|old\s+town|old\s+city|innenstadt|downtown|midtown|uptown|city\s+cent(?:re|er)"
    r"|centre[\s-]ville|centro(?:\s+hist[oó]rico)?|vieille\s+ville|casco\s+antiguo|stadtmitte"
    r"|centrum|centro\s+storico)$",
    re.I,
)


def is_district(part: str) -> bool:
    """A city district written by its number or as every city's old town, as a part of its
    own: `XI. ker.`, `3. Bezirk`, `15e arrondissement`, `District 7`, `Altstadt`."""
    if _OLD_TOWN_RE.match(part.strip()):
        return True
    return bool(_DISTRICT_NUMBER_RE.match(part.strip()) or _DISTRICT_WORD_RE.match(part.strip()))


_DISTRICT_WORDS = r"(?:ker\.?|kerület|bezirk|arr\.?|arrondissement|district|distrito|municipio)"
_DISTRICT_NUMBER_RE = re.compile(  # roman numerals in capitals only: `IL` and `Lille` are not
    rf"^(?:[IVXL]{{1,5}}\.\s*(?i:{_DISTRICT_WORDS})?|[IVXL]{{1,5}}\s+(?i:{_DISTRICT_WORDS})"
    rf"|\d{{1,2}}\.?\s*(?i:e|er|ème|eme|th)?\s*(?i:{_DISTRICT_WORDS}))$"
)
_DISTRICT_WORD_RE = re.compile(r"^(?:district|distrito|bezirk)\s+\d{1,2}$", re.I)
