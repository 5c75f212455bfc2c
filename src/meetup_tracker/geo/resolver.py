"""Places people type, resolved offline, by one resolver for every path (the command line
and every importer). It reads a text the way people write it (see `phrases`), then decides:

- a place is *decided* when the text names one place, or one far more populous than any other
  it could mean (Paris is Paris, France; Cologne is Köln); a text that could mean places of
  similar size (Portland, Durham, Springfield) is not, and says which others it could be;
- a text that names a country or a region (Ireland, Texas, Deutschland) is an *area*, never a
  town that happens to share the name.

The names come from the place index (`index.py`), opened by `gazetteer.gazetteer()`.

Longer than most modules: its rules read one another (a part of the text, the places it
could name, the areas around them) and are clearest side by side.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from meetup_tracker.errors import InvalidInput, NotFound
from meetup_tracker.geo.index import PlaceIndex
from meetup_tracker.geo.phrases import (
    bracketed,
    is_street,
    metro_core,
    metro_cores,
    metro_pieces,
    place_key,
    split,
    trailing_words,
)
from meetup_tracker.geo.places import CLEAR_RATIO, Area, Place, Resolution, coordinates_place

SAME_PLACE_KM = 25  # two entries this close are one city (New York City and Manhattan)
NEAR_KM = 60  # "Etobicoke, Toronto": a district within this of the city named after it
SMALL_COUNTRY_KM2 = 5000  # Singapore, Luxembourg: the country is its city
CITY_REGION_SHARE = 0.8  # DC: a region whose largest city holds this share of its people
ENCLAVE_KM = 150
BIG_CITY = 50_000  # `Potsdam, Berlin`: a region named like a city this big means the city too
BIG_CODE_CITY = 500_000  # `LA` alone is Los Angeles (a code only means a city this big)
MAX_PLACE = 200
_COORDS_RE = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
# Metro nicknames that name no city in GeoNames: the city each means.
NICKNAMES = {
    "bay area": "San Francisco, California, US",
    "sf bay area": "San Francisco, California, US",
    "silicon valley": "San Jose, California, US",
    "twin cities": "Minneapolis, Minnesota, US",
    "research triangle": "Raleigh, North Carolina, US",
    "triangle": "Raleigh, North Carolina, US",
    "dmv": "Washington, District of Columbia, US",
    "gta": "Toronto, Ontario, Canada",
    "inland empire": "Riverside, California, US",
}


def _km(a: Place, b: Place) -> float:
    from meetup_tracker.geo.geometry import distance_km

    return distance_km(a.point, b.point)


@dataclass
class _Part:
    """One part of a place text, with the countries or regions it names (if any), and the
    big city it names too (`Berlin`, `Tokyo`), for parts that qualify a district."""

    text: str
    areas: list[Area]
    by_code: bool  # every area matched by a code (LA, CA, NSW), none by its name
    cities: list[Place] = field(default_factory=list)

    def fits(self, place: Place) -> bool:
        """Whether a place lies in this part's area, or close to the city it names."""
        return any(a.holds(place) for a in self.areas) or any(
            _km(place, city) <= NEAR_KM for city in self.cities
        )

    def allows(self, area: Area) -> bool:
        """Whether an area can lie with this one: `Texas, US` yes, `Texas, Canada` no."""
        return any(
            q.country == area.country
            and (q.admin1 is None or area.admin1 is None or q.admin1 == area.admin1)
            for q in self.areas
        )


class Gazetteer:
    """The resolver: what texts name, from the place index."""

    def __init__(self, path: Path) -> None:
        self.index = PlaceIndex(path)
        self.path = path

    def close(self) -> None:
        """Close the index."""
        self.index.close()

    def places_named(self, key: str) -> list[tuple[Place, bool]]:
        """Places with this name key, and whether it is their main name; most populous first."""
        return self.index.places_named(key)

    def place_by_id(self, geonameid: int) -> Place | None:
        """One place by its GeoNames id."""
        return self.index.place_by_id(geonameid)

    def areas_named(self, text: str) -> tuple[list[Area], bool]:
        """Countries and regions a text names, largest first, and whether only by a code."""
        return self.index.areas_named(text)

    def largest_places(self, area: Area, limit: int = 20) -> list[Place]:
        """The most populous places of a country or region."""
        return self.index.largest_places(area, limit)

    # --- resolving ---------------------------------------------------------------------------

    def resolve(self, text: str) -> Resolution:
        """What a text names (see the module's docstring). NotFound, with suggestions, when
        it names nothing this gazetteer knows."""
        value = _checked(text)
        if m := _COORDS_RE.match(value):
            place = coordinates_place(float(m.group(1)), float(m.group(2)))
            return Resolution(value, place, [place])
        nickname = NICKNAMES.get(place_key(value))
        if nickname:
            return self._named(value, self.resolve(nickname))
        phrase = split(value)
        flag = self._flag_part(phrase.country)
        if not phrase.parts:
            raise NotFound(
                f"'{value}' is not a place",
                hint="give a city, e.g. 'Berlin, Germany', or coordinates",
            )
        try:
            if len(phrase.alternatives) > 1:
                return self._alternatives(value, phrase.alternatives, flag)
            return self._parts(value, phrase.parts, flag, phrase.timezone)
        except NotFound:
            # A name with a dash, bar or slash of its own (`Santa Anita - Los Ficus, Lima`,
            # `Zanzibar Urban/West`): the parts between commas alone.
            commas = [p.strip() for p in value.split(",") if p.strip()]
            if commas != phrase.parts and len(commas) > 1:
                try:
                    return self._parts(value, commas, flag, None)
                except NotFound:
                    pass
            raise

    @staticmethod
    def _named(text: str, resolution: Resolution) -> Resolution:
        resolution.text = text
        return resolution

    def _flag_part(self, country: str | None) -> _Part | None:
        if not country:
            return None
        areas = [a for a in self.areas_named(country)[0] if a.admin1 is None]
        return _Part(country, areas, True) if areas else None

    def _alternatives(self, text: str, groups: list[list[str]], flag: _Part | None) -> Resolution:
        """`Tokyo/Japan` (a country after the slash), `Potsdam/Berlin` (two places close
        together: the first), `NYC/SF` (far apart: either, so undecided)."""

        def qualifies(group: list[str]) -> bool:
            parts = [self._part(p) for p in group]
            return all(
                p.areas
                and (all(a.admin1 is None for a in p.areas) or not self._candidates(p.text, []))
                for p in parts
            )

        qualifiers = [g for g in groups[1:] if qualifies(g)]
        extra = [p for g in qualifiers for p in g]
        places = [g for g in groups if g not in qualifiers]
        results = []
        for group in places:
            try:
                results.append(self._parts(text, group + extra, flag, None))
            except NotFound:
                continue
        if not results:
            return self._parts(text, places[0] + extra, flag, None)
        first = results[0]
        others = [r.place for r in results[1:] if r.place is not None]
        if first.place is None or all(_km(first.place, p) <= 100 for p in others):
            return first
        return Resolution(text, first.place, [first.place, *others], decided=False)

    def _part(self, text: str) -> _Part:
        areas, by_code = self.areas_named(text)
        for core in [] if areas else metro_cores(text):
            areas, by_code = self.areas_named(core)
            if areas:
                break
        cities: list[Place] = []
        if areas and not by_code:
            # A region's name may be its big city's too: `Shibuya, Tokyo`, `Potsdam, Berlin`.
            named = [p for p, main in self.places_named(place_key(text)) if main]
            cities = [p for p in named[:1] if (p.population or 0) >= BIG_CITY]
        return _Part(text, areas, by_code, cities)

    def _expand(self, parts: list[str], *, inner: bool = True) -> list[str]:
        """Parts as the index knows them: a street line left out unless a place bears its
        name; `Halle (Saale)` whole if a place is called that, else `Halle`, `Saale` (or,
        without `inner`, `Halle` alone: `Nashville (BNA)`)."""
        expanded: list[str] = []
        for part in parts:
            known = bool(self.places_named(place_key(part))) or bool(self.areas_named(part)[0])
            if known:
                expanded.append(part)
            elif "(" in part:
                pieces = bracketed(part)
                expanded += [p for p in (pieces if inner else pieces[:1]) if not is_street(p)]
            elif not is_street(part):
                expanded.append(part)
        return expanded

    def _parts(
        self, text: str, parts: list[str], flag: _Part | None, timezone: str | None
    ) -> Resolution:
        try:
            return self._read_parts(text, self._expand(parts), flag, timezone)
        except NotFound:
            if not any("(" in p for p in parts):
                raise
            # What the brackets hold may be an airport code or a note: `Nashville (BNA)`.
            return self._read_parts(text, self._expand(parts, inner=False), flag, timezone)

    def _read_parts(
        self, text: str, parts: list[str], flag: _Part | None, timezone: str | None
    ) -> Resolution:
        if not parts:
            raise NotFound(f"no place in '{text}'", hint="give a city, e.g. 'Berlin, Germany'")
        items = [self._part(p) for p in parts]
        for index, item in enumerate(items):
            # A big city named like a region that a later part names again is the city:
            # `São Paulo, SP`, `Berlin, Berlin, Germany`, `Brooklyn, New York, NY`.
            later = {a.id for other in items[index + 1 :] for a in other.areas}
            if item.cities and item.areas and all(a.id in later for a in item.areas):
                item.areas = []
        qualifiers = [i for i in items if i.areas] + ([flag] if flag else [])
        names = [i for i in items if not i.areas]
        if not names:
            return self._areas_only(text, items, qualifiers, timezone)
        try:
            return self._city(text, names, qualifiers, timezone)
        except NotFound:
            # A venue or district the gazetteer lacks, in a city that is also a region:
            # `Hotel Zoo (Berlin)`, `Oshiage, Tokyo`. Never a typo of the city itself, which
            # stands on the left of the region it lies in (`Nashvile, Tennessee`).
            areas = [i for i in items if i.areas]
            first = items.index(areas[0]) if areas else -1
            if first > 0 and all(items.index(n) < first for n in names) and areas[0].cities:
                return self._areas_only(text, areas, qualifiers, timezone)
            raise

    def _city(
        self, text: str, names: list[_Part], qualifiers: list[_Part], timezone: str | None
    ) -> Resolution:
        """The city among parts that name no area: the most specific one that fits the areas
        and lies near the next one (`Etobicoke, Toronto`); a part the gazetteer lacks is
        passed over on the left (a neighbourhood), never on the right (a typo)."""
        found = [self._candidates(n.text, qualifiers, timezone) for n in names]
        for index, candidates in enumerate(found):
            later = found[index + 1 :]
            if not candidates or not all(later):
                continue
            if later:
                near = later[0][:3]
                candidates = [c for c in candidates if any(_km(c, n) <= NEAR_KM for n in near)]
                if not candidates:
                    continue
            return self._decide(text, candidates)
        unknown = next(
            (n for n, c in zip(reversed(names), reversed(found), strict=True) if not c), names[-1]
        )
        raise NotFound(f"no place '{text}'", hint=self._suggestion(unknown.text, qualifiers))

    def _areas_only(
        self, text: str, items: list[_Part], qualifiers: list[_Part], timezone: str | None
    ) -> Resolution:
        """Every part names a country or region. One of them may be the city too (`New York,
        NY`, `Tokyo, Japan`, `Japan, Tokyo`, `LA`, `Jordan, Minnesota`); else the text names
        an area (`Texas`, `Ireland`, `Georgia`), never a town that shares its name."""
        for item in items:
            others = [q for q in qualifiers if q is not item]
            candidates = self._candidates(item.text, others, timezone)
            if not candidates:
                continue
            city = candidates[0]
            # An area another part names too is not this part's meaning: in `New York, New
            # York` or `Brasília, Federal District` the first part is the city.
            elsewhere = {a.id for q in others for a in q.areas}
            named = [
                a for a in item.areas if all(q.allows(a) for q in others) and a.id not in elsewhere
            ]
            stands_for = [a for a in named if self._is_city_of(a, city)]
            if any(a.admin1 is None for a in stands_for):
                return Resolution(text, city, [city])  # Luxembourg, Singapore
            if stands_for:
                return self._decide(text, candidates)  # Kingston, but Kingston, Ontario too
            if not named or (item.by_code and (city.population or 0) >= BIG_CODE_CITY):
                # The other parts rule the area out (`Jordan, Minnesota`), or a code is a big
                # city's name (`LA`).
                return self._decide(text, candidates)
        specific = sorted(items, key=lambda i: all(a.admin1 is None for a in i.areas))
        for item in specific:
            others = [q for q in qualifiers if q is not item]
            areas = [a for a in item.areas if all(q.allows(a) for q in others)]
            if areas:
                break
        else:
            raise NotFound(
                f"no place '{text}'", hint="its parts name places in different countries"
            )
        if len(areas) == 1:
            its_city = self._city_of_area(areas[0])
            if its_city is not None:
                return Resolution(text, its_city, [its_city])
        # Towns that share the area's name, to name in the notice (alternate names are left
        # out: GeoNames gives "Ireland" as an old name of West Springfield, Massachusetts).
        towns = [p for p, main in self.places_named(place_key(item.text)) if main]
        return Resolution(text, None, towns[:5], decided=False, area=areas[0], areas=areas)

    def _city_of_area(self, area: Area) -> Place | None:
        """The city an area stands for when it is little more than that city: a small
        country (Singapore), or a region whose largest city holds most of its people (DC)."""
        if area.largest is None:
            return None
        if area.admin1 is None:
            small = (area.area_km2 or math.inf) < SMALL_COUNTRY_KM2
            return self.place_by_id(area.largest) if small else None
        if area.largest_population >= CITY_REGION_SHARE * max(area.population, 1):
            return self.place_by_id(area.largest)
        return None

    def _is_city_of(self, area: Area, city: Place) -> bool:
        """Whether a city that bears an area's name is what the name means: New York in New
        York, Berlin in Berlin, Singapore, Kyiv beside Kyiv region (a capital with a region of
        its own); not Washington, DC, for Washington state."""
        if area.admin1 is None:
            return area.holds(city) and (area.area_km2 or math.inf) < SMALL_COUNTRY_KM2
        if city.geonameid == area.largest or area.holds(city):
            return True
        if city.country != area.country:
            return False
        largest = self.place_by_id(area.largest) if area.largest else None
        return largest is not None and _km(city, largest) <= ENCLAVE_KM

    def _candidates(
        self, name: str, qualifiers: list[_Part], timezone: str | None = None
    ) -> list[Place]:
        """Places a name could mean that lie in every qualifier, most populous first: the
        name as written, the city inside a metro phrase, the name with its last words read as
        a region (`Sydney NSW`), or the first city of a metro (`Dallas-Fort Worth`)."""

        def fitting(key: str, extra: list[_Part]) -> list[Place]:
            found: dict[int | None, tuple[Place, bool]] = {}
            for place, main in self.places_named(key):
                if place.geonameid in found or (timezone and place.timezone != timezone):
                    continue
                if all(q.fits(place) for q in [*qualifiers, *extra]):
                    found[place.geonameid] = (place, main)
            return _plausible(key, list(found.values()))

        for attempt in dict.fromkeys((name, *metro_cores(name))):
            found = fitting(place_key(attempt), [])
            if found:
                return found
            for head, tail in trailing_words(attempt):
                part = self._part(tail)
                if part.areas:
                    found = fitting(place_key(head), [part])
                    if found:
                        return found
        pieces = metro_pieces(metro_core(name))
        if len(pieces) > 1:
            for index, piece in enumerate(pieces):
                found = self._candidates(piece, qualifiers, timezone)
                nearby = [
                    c[0] for p in pieces[index + 1 :] if (c := self._candidates(p, qualifiers))
                ]
                close = [c for c in found if not nearby or any(_km(c, n) <= 100 for n in nearby)]
                if close:
                    return close
        return []

    def _decide(self, text: str, candidates: list[Place]) -> Resolution:
        """The most populous candidate, decided when it is far ahead of every other place
        (entries of the same city count once)."""
        ordered = sorted(candidates, key=lambda p: -(p.population or 0))
        distinct: list[Place] = []
        for place in ordered:
            if all(_km(place, kept) > SAME_PLACE_KM for kept in distinct):
                distinct.append(place)
        top = distinct[0]
        decided = len(distinct) == 1
        if not decided:
            first, second = top.population or 0, distinct[1].population or 0
            decided = first > 0 and first >= CLEAR_RATIO * max(second, 1)
        return Resolution(text, top, distinct, decided=decided)

    # --- searching ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Place]:
        """Places for `place search`: what the text could mean, the likeliest first; names
        that start with the text when it names nothing."""
        value = _checked(text)
        try:
            resolution = self.resolve(value)
        except NotFound:
            return self._prefixed(value, limit)
        found = list(resolution.candidates)
        for area in resolution.areas:
            found += [p for p in self.largest_places(area, limit) if p not in found]
        return found[:limit]

    def _prefixed(self, text: str, limit: int) -> list[Place]:
        phrase = split(text)
        if not phrase.parts:
            return []
        key = place_key(phrase.parts[0])
        if not key:
            return []
        qualifiers = [self._part(p) for p in phrase.parts[1:]]
        qualifiers = [q for q in qualifiers if q.areas]
        places = self.index.places_starting(key, limit * 5)
        places = [p for p in places if all(q.fits(p) for q in qualifiers)]
        return places[:limit]

    def suggestions(self, text: str, count: int = 3) -> list[Place]:
        """Places whose names are closest to a name that matched nothing: the most populous of
        each close name, and others of it only if they are of a similar size."""
        key = place_key(text)
        if len(key) < 3:
            return []
        places: dict[int | None, Place] = {}
        for k in self._close_keys("place_name", key, count):
            # Under its own name only: an old name kept for a place misleads as a suggestion.
            named = [p for p, main in self.places_named(k) if main]
            top = named[0].population or 0 if named else 0
            for place in named[:count]:
                if (place.population or 0) * CLEAR_RATIO >= top:
                    places.setdefault(place.geonameid, place)
        return list(places.values())[:count]

    def _close_keys(self, table: str, key: str, count: int) -> list[str]:
        """Keys of the index close to a key, the closest first (only the nearly as close)."""
        keys: set[str] = set()
        for size in (3, 2, 1):
            prefix = key[:size]
            keys.update(self.index.keys_starting(table, prefix))
            # get_close_matches screens with cheap upper bounds before the full ratio.
            close = difflib.get_close_matches(key, keys, n=count * 3, cutoff=0.8)
            scored = [(difflib.SequenceMatcher(None, key, k).ratio(), k) for k in close]
            if scored:
                best = scored[0][0]
                return [k for ratio, k in scored if ratio >= best - 0.05][:count]
        return []

    def _suggestion(self, text: str, qualifiers: Iterable[_Part] = ()) -> str:
        key = place_key(text)
        areas: list[str] = []
        for k in self._close_keys("area_name", key, 3) if len(key) >= 4 else []:
            areas += [a.display for a in self.areas_named(k)[0][:1] if a.display not in areas]
        quals = list(qualifiers)
        places = [p.display for p in self.suggestions(text) if all(q.fits(p) for q in quals)]
        close = list(dict.fromkeys(areas + places))[:3]
        if close:
            return "did you mean " + " or ".join(close) + "?"
        return "try 'meetup place search', or give --lat and --lon for a place the gazetteer lacks"


def _plausible(key: str, found: list[tuple[Place, bool]]) -> list[Place]:
    """Places found by a name, without the old names GeoNames keeps for other places ("Portland"
    for Sandusky, Ohio; "Stavropol" for Tolyatti): where some place bears the name as its own,
    a place known by it only as an alternate name counts when it still bears the name in its
    own (Newcastle upon Tyne), or is far more populous than small places of the name (Köln,
    for "Cologne"; not Tangshan for Tongshan, a city of its own)."""
    mains = [p for p, main in found if main]
    if not mains:
        return [p for p, _ in found]
    biggest = max(p.population or 0 for p in mains)
    bar = CLEAR_RATIO * max(biggest, 1) if biggest < BIG_CITY else math.inf
    return [
        place
        for place, main in found
        if main
        or (
            (key in place_key(place.name) or (place.population or 0) >= bar)
            # The same city under its own name wins: "New Delhi" is New Delhi, not Delhi.
            and all(_km(place, m) > SAME_PLACE_KM for m in mains)
        )
    ]


def _checked(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise InvalidInput("empty place")
    if "\x00" in value:
        raise InvalidInput("place holds a NUL byte")
    if len(value) > MAX_PLACE:
        raise InvalidInput(
            f"a place name of {len(value):,} characters is too long", hint=f"at most {MAX_PLACE}"
        )
    return value
