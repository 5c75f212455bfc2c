"""Places people type, resolved offline, by one resolver for every path (the command line
and every importer). It reads a text the way people write it (see `phrases`), then decides:

- a place is *decided* when the text names one place, or one far more populous than any other
  it could mean (Paris is Paris, France; Cologne is Köln); a text that could mean places of
  similar size (Portland, Durham, Springfield) is not, and says which others it could be;
- a text that names a country or a region (Ireland, Texas, Deutschland) is an *area*, never a
  town that happens to share the name; a qualifier that names one must hold the place, or the
  text names nothing (`Joplin, Missouri United States` is Joplin; `Frankfurt, Kentucky` is not
  Frankfort);
- home is context: among places of similar size, the one in your home country (and nearer
  home) wins (`Cambridge` is Cambridge, Massachusetts, for someone in Boston);
- a small place found only through a close spelling of a far bigger one (`Indianopolis`) is
  not taken without asking (`confirm`): the bigger one is offered first.

The names come from the place index (`index.py`), opened by `gazetteer.gazetteer()`;
nicknames and campuses from `nicknames.py`.

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
from meetup_tracker.geo.nicknames import nickname, university_city
from meetup_tracker.geo.phrases import (
    NOT_A_PLACE_ALONE,
    NOT_PLACES,
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
from meetup_tracker.geo.readings import (
    after_street,
    area_words,
    degrees,
    is_district,
    name_variants,
    several,
    spelled_out,
)

SAME_PLACE_KM = 25  # two entries this close are one city (New York City and Manhattan)
NEAR_KM = 60  # "Etobicoke, Toronto": a district within this of the city named after it
SMALL_COUNTRY_KM2 = 5000  # Singapore, Luxembourg: the country is its city
CITY_REGION_SHARE = 0.8  # DC: a region whose largest city holds this share of its people
ENCLAVE_KM = 150
BIG_CITY = 50_000  # `Potsdam, Berlin`: a region named like a city this big means the city too
BIG_CODE_CITY = 500_000  # `LA` alone is Los Angeles (a code only means a city this big)
SMALL_PLACE = 100_000  # a bare name's match this small is checked against close spellings
SMALL_TOWN = 10_000  # `ORD` in capitals is a code rather than Ord, Nebraska (2,000 people)
CLOSE_SPELLING = 0.85  # how alike two names are to be a typo of one another
DISTRICT_KM = 15  # `Berlin-Kreuzberg`: the second name a district this close to the first
FAR_KM = 3000  # across an ocean from home
HOME_RATIO = 3  # a place nearer home wins over one up to this many times its size
MAX_PLACE = 200
_COORDS_RE = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
# Han, kana and Hangul: addresses written without commas, largest unit first.
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_HAN_UNIT_ENDS = "都道府県省市区區郡县縣州町村镇鎮"
_HANGUL_UNIT_ENDS = ("시", "도", "구", "군", "동", "읍", "면")
_UPPER_CODE_RE = re.compile(r"^[A-Z]{2,3}$")


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
        """Whether a place lies in this part's area, or close to the city it names (in the
        same country: `Altstadt, Zürich` is not Altstadt across the German border)."""
        return any(a.holds(place) for a in self.areas) or any(
            _km(place, city) <= NEAR_KM and place.country == city.country for city in self.cities
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

    def resolve(self, text: str, home: Place | None = None) -> Resolution:
        """What a text names (see the module's docstring), for someone living at `home` if
        given. NotFound, with suggestions, when it names nothing this gazetteer knows."""
        value = _checked(text)
        if m := _COORDS_RE.match(value):
            place = coordinates_place(float(m.group(1)), float(m.group(2)))
            return Resolution(value, place, [place])
        if (point := degrees(value)) is not None:
            place = coordinates_place(*point)
            return Resolution(value, place, [place])
        if place_key(value) in NOT_A_PLACE_ALONE | NOT_PLACES:
            raise NotFound(
                f"'{value}' is not a place on the map",
                hint="give a city, e.g. 'Berlin, Germany', or coordinates",
            )
        if self._is_code(value) and not nickname(value):
            raise NotFound(f"no place '{value}'", hint=self._suggestion(value))
        found = self._named(value, self._resolve(value))
        if found.place is None or found.place.geonameid is None:
            return found
        if countries := script_countries(value):
            found = _in_countries(found, countries)
        if home is not None:
            found = _near_home(found, home)
        return self._spelling_checked(found, home)

    def _resolve(self, value: str) -> Resolution:
        """The text read as written: a nickname or campus, an address in Han or Hangul, or the
        parts of a place text."""
        if meant := nickname(value):
            return self._resolve(meant)
        if (named := university_city(value)) is not None:
            try:
                found = self._resolve(named)
            except NotFound:
                found = None
            # A university named for its city (`University of Toronto`), not for a person who
            # shares a village's name (`Cornell University` is not Cornell, Wisconsin).
            city = found.place if found is not None else None
            if found is not None and city is not None and found.decided and _big(city):
                return found
        if _CJK_RE.search(value) and not re.search(r"[,;،、，]", value):
            parts = self._cjk_parts(value)
            if parts:
                return self._parts(value, parts, None, None)
        if "&" in value and self._known(value.replace("&", "and")):
            value = value.replace("&", "and")  # `Brighton & Hove`, `Trinidad & Tobago`
        pieces = several(value) if "," not in value else []
        if pieces and not self._known(value):
            groups = [split(p).parts for p in pieces]
            return self._alternatives(value, [g for g in groups if g], None, districts=False)
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
            commas = [
                p.strip() for p in value.split(",") if p.strip() and place_key(p) not in NOT_PLACES
            ]
            if commas != phrase.parts and len(commas) > 1:
                try:
                    return self._parts(value, commas, flag, None)
                except NotFound:
                    pass
            raise

    def _is_code(self, value: str) -> bool:
        """`ORD`, `LHR`, `TBC` typed alone in capitals: a code, not the small town named Ord
        (a city of the name, `ROME`, or a country's or region's code, `USA`, stays a name)."""
        if not re.fullmatch(r"[A-Z]{3,4}", value) or self.areas_named(value)[0]:
            return False
        named = self.places_named(place_key(value))
        if self.index.places_coded(place_key(value)):
            return all((p.population or 0) < BIG_CITY for p, _ in named)
        return len(value) == 3 and all((p.population or 0) < SMALL_TOWN for p, _ in named)

    def _cjk_parts(self, value: str) -> list[str]:
        """An address in Han or Hangul as parts, most specific first: `東京都中野区中野4-1-1`
        → 中野区, 東京都; `서울특별시 강남구 테헤란로 152` → 강남구, 서울특별시. Each unit is
        the longest run the index knows, else a run ending like a prefecture, city or ward
        (`西区`); what follows the last unit (the block, a building's Latin name) is left."""
        text = re.sub(r"〒?\s*\d{3}-?\d{4}", " ", value)
        units: list[str] = []
        for token in text.split():
            rest = token
            while rest and _CJK_RE.match(rest):
                unit = self._cjk_unit(rest)
                if unit is None:
                    break
                units.append(unit)
                rest = rest[len(unit) :]
        return list(reversed(units))

    def _cjk_unit(self, text: str) -> str | None:
        if "\uac00" <= text[0] <= "\ud7af":
            # Hangul addresses space their units: a token is one, or the road (`세종대로`).
            known = self._known(text)
            unit = known or (text.endswith(_HANGUL_UNIT_ENDS) and not text.endswith("대로"))
            return text if unit and not any(c.isdigit() for c in text) else None
        for end in range(min(len(text), 12), 1, -1):
            piece = text[:end]
            if self.places_named(place_key(piece)) or self.areas_named(piece)[0]:
                return piece
        for end in range(2, min(len(text), 8) + 1):
            if text[end - 1] in _HAN_UNIT_ENDS:
                return text[:end]
        return None

    def _spelling_checked(self, found: Resolution, home: Place | None) -> Resolution:
        """A bare name whose place is small, where a close spelling names a far bigger one
        (`Indianopolis`: Indianópolis, Brazil, or Indianapolis), or one near home while the
        match is across an ocean: to confirm, the likelier one first."""
        place = found.place
        parts = split(found.text).parts
        if place is None or len(parts) != 1 or (place.population or 0) >= SMALL_PLACE:
            return found
        key = place_key(parts[0])
        if len(key) < 5:
            return found
        size = max(place.population or 0, 1)
        likelier: list[Place] = []
        for close in self._close_keys("place_name", key, 3):
            for other, main in self.places_named(close)[:3]:
                if not main or other in found.candidates:
                    continue
                bigger = (other.population or 0) >= max(CLEAR_RATIO * size, BIG_CITY)
                homeward = (
                    home is not None
                    and other.country == home.country
                    and _km(place, home) > FAR_KM
                    and (other.population or 0) >= size
                )
                if bigger or homeward:
                    likelier.append(other)
        if not likelier:
            return found
        likelier.sort(key=lambda p: -(p.population or 0))
        if home is not None:
            likelier.sort(key=lambda p: p.country != home.country)
        first = likelier[0]
        return Resolution(
            found.text,
            first,
            [first, *likelier[1:], *found.candidates],
            decided=False,
            confirm=True,
        )

    @staticmethod
    def _named(text: str, resolution: Resolution) -> Resolution:
        resolution.text = text
        return resolution

    def _flag_part(self, country: str | None) -> _Part | None:
        if not country:
            return None
        areas = [a for a in self.areas_named(country)[0] if a.admin1 is None]
        return _Part(country, areas, True) if areas else None

    def _alternatives(
        self,
        text: str,
        groups: list[list[str]],
        flag: _Part | None,
        *,
        districts: bool = True,
    ) -> Resolution:
        """`Tokyo/Japan` (a country after the slash), `Potsdam/Berlin` (two places close
        together: the first), `NYC/SF` (far apart: either, so undecided), `Kadıköy/İstanbul`
        (with `districts`: a quarter the index lacks, then its city: the city)."""

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
        if first.place is None:
            return first
        small = first.place.population or 0
        cities = [p for p in others if (p.population or 0) >= max(CLEAR_RATIO * small, BIG_CITY)]
        if districts and small < BIG_CITY and cities:
            return Resolution(text, cities[0], [cities[0], first.place])
        if all(_km(first.place, p) <= 100 for p in others):
            return first
        return Resolution(text, first.place, [first.place, *others], decided=False)

    def _part(self, text: str) -> _Part:
        areas, by_code = self.areas_named(text)
        named_area = area_words(text)
        if not areas and named_area is not None:
            # `Provincia di Treviso`, `Co. Galway`, `Washington State`: an area, not a town.
            areas, by_code = self.areas_named(named_area)
            if areas:
                return _Part(text, areas, False)
        key = place_key(text)
        if not areas and not self.places_named(key):
            # `Greater Nashville Area`, but not `Kansas City` or `Jersey City`, places whole.
            for core in metro_cores(text):
                areas, by_code = self.areas_named(core)
                if areas:
                    break
        cities: list[Place] = []
        if areas and not by_code:
            # A region's name may be its big city's too: `Shibuya, Tokyo`, `Potsdam, Berlin`,
            # `aka bild, wien` (Vienna, the largest of the region Wien).
            largest = {a.largest for a in areas}
            named = [
                p
                for p, main in self.places_named(key)
                if (main or p.geonameid in largest)
                and any(a.holds(p) or p.geonameid == a.largest for a in areas)
            ]
            cities = [p for p in named[:1] if (p.population or 0) >= BIG_CITY]
        return _Part(text, areas, by_code, cities)

    def _known(self, text: str) -> bool:
        return bool(self.places_named(place_key(text))) or bool(self.areas_named(text)[0])

    def _expand(self, parts: list[str], *, inner: bool = True) -> list[str]:
        """Parts as the index knows them: a nickname as its city (`Bay Area, California`); a
        district number left out (`XI. ker.`); a street line left out unless a place bears its
        name, or what follows the street (`1200 Oak St Oviedo`); `Halle (Saale)` whole if a
        place is called that, else `Halle`, `Saale` (or, without `inner`, `Halle` alone:
        `Nashville (BNA)`); a part of two areas (`Missouri United States`) as two parts."""
        expanded: list[str] = []
        for part in parts:
            if is_district(part) and len(parts) > 1:
                continue  # `Altstadt, Zürich`, `Budapest, XI. ker.`
            if self._known(part):
                expanded.append(part)
            elif not is_street(part) and (street := after_street(part, inner=True)):
                expanded += self._pieces(street)  # `Oak St Oviedo` (its number gone)
            elif meant := nickname(part):
                expanded += split(meant).parts
            elif _CJK_RE.search(part) and (units := self._cjk_parts(part)):
                expanded += units  # `Sofia Hall, 東京都新宿区`: the address's own units
            elif "(" in part:
                pieces = bracketed(part)
                expanded += [
                    p
                    for p in (pieces if inner else pieces[:1])
                    if not is_street(p) and not self._is_code(p)  # `Knoxville (TYS)`
                ]
            elif is_street(part):
                tail = after_street(part)
                if tail and not is_street(tail):
                    expanded += self._pieces(tail)
                elif any(self._known(v) for v in name_variants(part)):
                    expanded.append(part)  # `Paris 15ème`, `Praha 2`, `Dublin 2`
            elif (inner_area := area_words(part)) is not None and not self.areas_named(inner_area)[
                0
            ]:
                continue  # a county the index lacks: `County Antrim, Northern Ireland`
            else:
                expanded += self._pieces(part)
        return expanded

    def _pieces(self, part: str) -> list[str]:
        """A part without commas that holds two: `Missouri United States` (a region, then its
        country), `Edgecliff NSW Sydney` (a suburb, its state's code, its city), `Sainte-Catherine
        Montréal QC` (a name, then its region's code)."""
        words = part.split()
        for head, tail in trailing_words(part):
            tails = self.areas_named(tail)[0]
            heads = self.areas_named(head)[0]
            if any(h.country == t.country for h in heads for t in tails):
                return [head, tail]
        for index in range(1, len(words)):
            word = words[index]
            codes = self.areas_named(word)[0] if _UPPER_CODE_RE.match(word) else []
            head = " ".join(words[:index])
            if codes and not self._elsewhere(head, codes):
                rest = [head, " ".join(words[index + 1 :])]
                return [p for p in rest if p] + [word]
        return [part]

    def _elsewhere(self, name: str, areas: list[Area]) -> bool:
        """Whether a name the index knows lies in none of these areas (`Zürich HB`: Zürich
        is in none of the places HB is a code of, so HB is no code here)."""
        places = [p for p, _ in self.places_named(place_key(name))]
        regions = self.areas_named(name)[0]
        if not places and not regions:
            return False
        countries = {a.country for a in areas}
        return not any(a.holds(p) for a in areas for p in places) and not any(
            r.country in countries for r in regions
        )

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
        for item in items:
            # A part whose areas the others rule out, that names a place they hold, is that
            # place: `Washington` beside `DC` is the city, not the state.
            others = [o for o in items if o is not item and o.areas]
            ruled_out = item.areas and any(not any(o.allows(a) for a in item.areas) for o in others)
            if ruled_out and self._candidates(item.text, others):
                item.areas = []
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
            narrowed = [_regions_first(q) for q in qualifiers]
            if narrowed != qualifiers:
                # `Paradise, CA`: a code that is a region's and a country's names the region
                # when a place there fits.
                try:
                    return self._city(text, names, narrowed, timezone)
                except NotFound:
                    pass
            return self._city(text, names, qualifiers, timezone)
        except NotFound:
            # A venue or district the gazetteer lacks, in a city that is also a region:
            # `Hotel Zoo (Berlin)`, `Oshiage, Tokyo`. Never a typo of the city itself, which
            # stands on the left of the region it lies in (`Nashvile, Tennessee`).
            areas = [i for i in items if i.areas]
            first = items.index(areas[0]) if areas else -1
            if first > 0 and all(items.index(n) < first for n in names) and areas[0].cities:
                return self._areas_only(text, areas, qualifiers, timezone)
            guessed = self._guess(names, qualifiers)
            if not guessed:
                raise
            found = self._decide(text, guessed)
            found.decided = False
            return found

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
                # A quarter GeoNames counts no people in (`朝阳区`, Chaowai) stands for the
                # city it lies in.
                if not candidates or all(not c.population for c in candidates):
                    continue
            around = [*qualifiers, _Part("", [], False, [n[0] for n in later[:1]])]
            city = _city_around(candidates, around)
            if city is not None:
                return Resolution(text, city, [city])
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
            # The region's own city under another name (`Odessa`: Odesa, the largest of Odesa
            # Oblast) is one of them, whatever towns bear the name as their own.
            own = [c for c in item.cities if c not in candidates and all(q.fits(c) for q in others)]
            candidates = sorted([*candidates, *own], key=lambda p: -(p.population or 0))
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
            # A far bigger area of the name wins over a small region's city (`Montana`: the
            # state, not Montana, Bulgaria).
            outweighed = any(
                a.population >= CLEAR_RATIO * max(city.population or 0, 1)
                for a in named
                if a not in stands_for
            )
            if stands_for and not outweighed:
                if not self.places_named(place_key(item.text)):
                    # A name only the area bears (`Greater Manchester`): its city, not the
                    # towns elsewhere named like that city.
                    held = [c for c in candidates if any(a.holds(c) for a in stands_for)]
                    candidates = held or candidates
                return self._decide(text, candidates)  # Kingston, but Kingston, Ontario too
            if not named or (item.by_code and (city.population or 0) >= BIG_CODE_CITY):
                # The other parts rule the area out (`Jordan, Minnesota`), or a code is a big
                # city's name (`LA`).
                return self._decide(text, candidates)
            if self._outgrows(city, named):
                # `San Jose`: a city of millions elsewhere, bigger than anything in the region
                # of its name (San José, Costa Rica).
                return Resolution(text, city, self._decide(text, candidates).candidates)
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
        country (Singapore), or a region whose largest city holds most of its people (DC).
        Never a county or province (its count of people is only an estimate)."""
        if area.largest is None or area.radius_km is not None:
            return None
        if area.admin1 is None:
            # Singapore, Monaco: small and one city; not Bahrain or Malta, of several towns.
            small = (area.area_km2 or math.inf) < SMALL_COUNTRY_KM2
            one = area.largest_population >= CITY_REGION_SHARE * max(area.population, 1)
            return self.place_by_id(area.largest) if small and one else None
        if area.largest_population >= CITY_REGION_SHARE * max(area.population, 1):
            return self.place_by_id(area.largest)
        return None

    def _is_city_of(self, area: Area, city: Place) -> bool:
        """Whether a city that bears an area's name is what the name means: New York in New
        York, Berlin in Berlin, Singapore, Kyiv beside Kyiv region (a capital with a region of
        its own); not Washington, DC, for Washington state, nor Québec for Quebec or Okinawa
        city for Okinawa (neither is its region's largest)."""
        if area.admin1 is None:
            return area.holds(city) and (area.area_km2 or math.inf) < SMALL_COUNTRY_KM2
        if city.geonameid == area.largest:
            return True
        if area.holds(city):
            if area.radius_km is not None:  # a county's own town (Nottingham)
                return place_key(city.name) == place_key(area.name)
            return (city.population or 0) * 2 >= area.largest_population
        if city.country != area.country or area.radius_km is not None:
            return False
        largest = self.place_by_id(area.largest) if area.largest else None
        return (
            largest is not None
            and _km(city, largest) <= ENCLAVE_KM
            and (city.population or 0) > area.largest_population
        )

    def _outgrows(self, city: Place, areas: list[Area]) -> bool:
        return (city.population or 0) >= BIG_CODE_CITY and all(
            not a.holds(city) and (city.population or 0) > a.largest_population for a in areas
        )

    def _candidates(
        self, name: str, qualifiers: list[_Part], timezone: str | None = None
    ) -> list[Place]:
        """Places a name could mean that lie in every qualifier, most populous first: the
        name as written, the city inside a metro phrase, the name with its last words read as
        a region (`Sydney NSW`), another reading of the name (`Mt. Clemens`, `Aarhus C`,
        `Berlin Hbf`: see `name_variants`), or the first city of a metro (`Dallas-Fort
        Worth`)."""

        def fitting(key: str, extra: list[_Part]) -> list[Place]:
            named = self.places_named(key)
            # Where a qualifier rules out the places that bear the name as their own (or in
            # their own: Frankfurt am Main), a smaller place known by it only as an alternate
            # is not what was meant (`Frankfurt, Kentucky` is not Frankfort; `Cologne,
            # Germany` is Köln).
            own = max(
                (p.population or 0 for p, main in named if main or key in place_key(p.name)),
                default=0,
            )
            found: dict[int | None, tuple[Place, bool]] = {}
            for place, main in named:
                if place.geonameid in found or (timezone and place.timezone != timezone):
                    continue
                if (
                    not main
                    and (qualifiers or extra)
                    and (place.population or 0) < own
                    and key not in place_key(place.name)  # `Newcastle` for upon Tyne counts
                ):
                    continue
                if all(q.fits(place) for q in [*qualifiers, *extra]):
                    found[place.geonameid] = (place, main)
            return _plausible(key, list(found.values()))

        def read(attempt: str) -> list[Place]:
            found = fitting(place_key(attempt), [])
            if found:
                return found
            for head, tail in trailing_words(attempt):
                part = self._part(tail)
                if part.areas:
                    found = fitting(place_key(head), [part])
                    if found:
                        return found
            return []

        for attempt in dict.fromkeys((name, *metro_cores(name))):
            if found := read(attempt):
                return found
        sure = spelled_out(name)
        for variant in name_variants(name):
            found = read(variant)
            # Only an abbreviation spelled out may name a small place; a name read without
            # its last or first word must be a city to count (`Aarhus C`, not `Perth` for
            # `Perth WA` when nothing in Western Australia fits).
            if found and (
                variant in sure
                or len(variant.split()) >= len(name.split())
                or (found[0].population or 0) >= BIG_CITY
            ):
                return found
        pieces = metro_pieces(metro_core(name))
        if len(pieces) > 1:
            return self._metro(pieces, qualifiers, timezone)
        return []

    def _metro(
        self, pieces: list[str], qualifiers: list[_Part], timezone: str | None
    ) -> list[Place]:
        """The places of a hyphenated name: a city and its district (`Berlin-Kreuzberg`: the
        district), a metro (`Dallas-Fort Worth`: the first city), or a city and a name far
        off or unknown (`Frankfurt-Sachsenhausen`: the city named first)."""
        found = [self._candidates(p, qualifiers, timezone) for p in pieces]
        first = found[0]
        if not first:
            return next((f for f in found[1:] if f), [])
        city = first[0]
        for later in found[1:]:
            district = [
                d
                for d in later
                if _km(d, city) <= DISTRICT_KM
                and d.geonameid != city.geonameid
                and (d.population or 0) * 5 <= (city.population or 0)
            ]
            if district:
                return district
        near = [c for c in first if any(f and _km(c, f[0]) <= 100 for f in found[1:])]
        return near or first

    def _guess(self, names: list[_Part], qualifiers: list[_Part]) -> list[Place]:
        """A big city at the start or end of a name the index lacks (`ExCeL London`, `London
        Heathrow`): a guess, taken with a notice, never decided."""
        for name in reversed(names):
            variants = name_variants(name.text)
            for reading in (name.text, *variants):
                words = reading.split()
                for size in (2, 1):
                    if len(words) <= size:
                        continue
                    # The first words only where the name had a hall's or station's word
                    # (`London Heathrow Airport`), never a story's (`Atlantis of the Deep`).
                    ends = [" ".join(words[-size:])]
                    if reading in variants:
                        ends.append(" ".join(words[:size]))
                    for piece in ends:
                        found = [
                            p
                            for p, main in self.places_named(place_key(piece))
                            if main
                            and (p.population or 0) >= BIG_CITY
                            and all(q.fits(p) for q in qualifiers)
                        ]
                        if found:
                            return found
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

    def search(self, text: str, limit: int = 20, home: Place | None = None) -> list[Place]:
        """Places for `place search`: what the text could mean, the likeliest first; names
        that start with the text when it names nothing."""
        value = _checked(text)
        try:
            resolution = self.resolve(value, home)
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
        """Keys of the index close to a key (other than the key), the closest first (only the
        nearly as close)."""
        keys: set[str] = set()
        for size in (3, 2, 1):
            prefix = key[:size]
            keys.update(self.index.keys_starting(table, prefix))
            keys.discard(key)
            # get_close_matches screens with cheap upper bounds before the full ratio.
            close = difflib.get_close_matches(key, keys, n=count * 3, cutoff=0.8)
            scored = [(difflib.SequenceMatcher(None, key, k).ratio(), k) for k in close]
            if scored:
                best = scored[0][0]
                return [k for ratio, k in scored if ratio >= best - 0.05][:count]
        return []

    def _suggestion(self, text: str, qualifiers: Iterable[_Part] = ()) -> str:
        key = place_key(text)
        coded = self.index.places_coded(key) if re.fullmatch(r"[A-Z]{3,4}", text) else []
        if coded:
            return f"{text} is a code (of {coded[0].display}'s airport): give the city"
        areas: list[str] = []
        for k in self._close_keys("area_name", key, 3) if len(key) >= 4 else []:
            areas += [a.display for a in self.areas_named(k)[0][:1] if a.display not in areas]
        quals = list(qualifiers)
        places = [p.display for p in self.suggestions(text) if all(q.fits(p) for q in quals)]
        close = list(dict.fromkeys(areas + places))[:3]
        if close:
            return "did you mean " + " or ".join(close) + "?"
        return "try 'meetup place search', or give --lat and --lon for a place the gazetteer lacks"


def _big(place: Place) -> bool:
    return (place.population or 0) >= BIG_CITY


def _regions_first(part: _Part) -> _Part:
    """A part named by a code that is both a region's and a country's (CA: California,
    Canada) read as the region alone."""
    regions = [a for a in part.areas if a.admin1 is not None]
    if not part.by_code or not regions or len(regions) == len(part.areas):
        return part
    return _Part(part.text, regions, True, part.cities)


def _city_around(candidates: list[Place], qualifiers: list[_Part]) -> Place | None:
    """The city a qualifier names, when the place found in it is a quarter GeoNames counts
    (almost) no people in: `北京市朝阳区` is Beijing, not Chaowai (0 people)."""
    top = max(candidates, key=lambda p: p.population or 0)
    for part in qualifiers:
        for city in part.cities:
            near = _km(top, city) <= NEAR_KM
            if near and (top.population or 0) * 1000 < (city.population or 0):
                return city
    return None


# Scripts written in few countries: a place named in one is most likely there (`Одеса`).
_SCRIPT_COUNTRIES = {
    "CYRILLIC": {"RU", "UA", "BY", "BG", "RS", "MK", "KZ", "KG", "TJ", "MN", "ME", "BA"},
    "GREEK": {"GR", "CY"},
    "HEBREW": {"IL"},
    "ARABIC": {
        "EG",
        "SA",
        "AE",
        "JO",
        "LB",
        "SY",
        "IQ",
        "KW",
        "QA",
        "BH",
        "OM",
        "YE",
        "LY",
        "TN",
        "DZ",
        "MA",
        "SD",
        "PS",
        "IR",
        "PK",
        "AF",
    },
    "HANGUL": {"KR", "KP"},
    "HIRAGANA": {"JP"},
    "KATAKANA": {"JP"},
    "THAI": {"TH"},
    "DEVANAGARI": {"IN", "NP"},
    "BENGALI": {"BD", "IN"},
    "GEORGIAN": {"GE"},
    "ARMENIAN": {"AM"},
}


def script_countries(text: str) -> set[str]:
    """The countries whose script the text is written in, or an empty set (Latin, Han)."""
    import unicodedata

    found: set[str] = set()
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            found |= _SCRIPT_COUNTRIES.get(script, set())
    return found


def _in_countries(found: Resolution, countries: set[str]) -> Resolution:
    """Among places of similar size, the ones in these countries."""
    place = found.place
    assert place is not None
    similar = [
        p for p in found.candidates if (p.population or 0) * CLEAR_RATIO >= (place.population or 0)
    ]
    mine = [p for p in similar if p.country in countries]
    if found.decided or len(similar) < 2 or len(mine) != 1:
        return found
    best = mine[0]
    others = [p for p in found.candidates if p.geonameid != best.geonameid]
    return Resolution(found.text, best, [best, *others], decided=True)


def _near_home(found: Resolution, home: Place) -> Resolution:
    """Among the places of similar size a text could mean, the one in the home country, and of
    those the nearest home, is the one meant."""
    place = found.place
    assert place is not None
    similar = [
        p
        for p in found.candidates
        if p.geonameid is not None and (p.population or 0) * CLEAR_RATIO >= (place.population or 0)
    ]
    mine = [p for p in similar if p.country == home.country]
    if len(similar) < 2 or not mine:
        return found
    # In the home country, the biggest, unless one nearer home is nearly as big (Portland,
    # Oregon, for someone in Tennessee; Springfield, Massachusetts, for someone in Boston).
    biggest = max(p.population or 0 for p in mine)
    best = min(
        (p for p in mine if (p.population or 0) * HOME_RATIO >= biggest),
        key=lambda p: _km(p, home),
    )
    others = [p for p in found.candidates if p.geonameid != best.geonameid]
    return Resolution(found.text, best, [best, *others], decided=True, near_home=True)


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
