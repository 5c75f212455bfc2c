"""Names people give places that GeoNames does not: a metro's nickname (`Bay Area`, `NYC`), an
airport (`Heathrow`), a campus (`UC Davis`, `Caltech`), each with the city it means. Written
by hand, from the forms people use in profiles; the index never holds them."""

from __future__ import annotations

import re

from meetup_tracker.geo.phrases import place_key

# Metro nicknames and city abbreviations in everyday use (GeoNames keeps some of these only
# as airport codes, which are never read as names).
_NICKNAMES = {
    "bay area": "San Francisco, California, US",
    "the bay area": "San Francisco, California, US",
    "sf bay area": "San Francisco, California, US",
    "east bay": "Oakland, California, US",
    "silicon valley": "San Jose, California, US",
    "twin cities": "Minneapolis, Minnesota, US",
    "research triangle": "Raleigh, North Carolina, US",
    "triangle": "Raleigh, North Carolina, US",
    "dmv": "Washington, District of Columbia, US",
    "gta": "Toronto, Ontario, Canada",
    "inland empire": "Riverside, California, US",
    "nyc": "New York City, New York, US",
    "new york city": "New York City, New York, US",
    "nola": "New Orleans, Louisiana, US",
    "atl": "Atlanta, Georgia, US",
    "atx": "Austin, Texas, US",
    "pdx": "Portland, Oregon, US",
    "slc": "Salt Lake City, Utah, US",
    "stl": "St. Louis, Missouri, US",
    "okc": "Oklahoma City, Oklahoma, US",
    "kc": "Kansas City, Missouri, US",
    "dfw": "Dallas, Texas, US",
    "htx": "Houston, Texas, US",
    "chi town": "Chicago, Illinois, US",
    "chitown": "Chicago, Illinois, US",
    "philly": "Philadelphia, Pennsylvania, US",
    "nashvegas": "Nashville, Tennessee, US",
    "ldn": "London, England, United Kingdom",
    "cdmx": "Mexico City, Mexico",
    "kl": "Kuala Lumpur, Malaysia",
    "hk": "Hong Kong",
    "bkk": "Bangkok, Thailand",
    "jozi": "Johannesburg, South Africa",
    "joburg": "Johannesburg, South Africa",
    "jo burg": "Johannesburg, South Africa",
    "saigon": "Ho Chi Minh City, Vietnam",
    "big apple": "New York City, New York, US",
    "the big apple": "New York City, New York, US",
}

# Airports by their names (their codes are never read as names): the city each serves.
_AIRPORTS = {
    "heathrow": "London, United Kingdom",
    "heathrow airport": "London, United Kingdom",
    "gatwick": "Crawley, United Kingdom",
    "stansted": "London, United Kingdom",
    "schiphol": "Amsterdam, Netherlands",
    "o'hare": "Chicago, Illinois, US",
    "laguardia": "New York City, New York, US",
    "jfk airport": "New York City, New York, US",
    "changi": "Singapore",
    "narita": "Narita, Japan",
    "haneda": "Tokyo, Japan",
    "charles de gaulle": "Paris, France",
}

# Campuses, by the names students and staff write: the city each lies in.
_CAMPUSES = {
    "mit": "Cambridge, Massachusetts, US",
    "harvard": "Cambridge, Massachusetts, US",
    "harvard university": "Cambridge, Massachusetts, US",
    "caltech": "Pasadena, California, US",
    "stanford": "Stanford, California, US",
    "stanford university": "Stanford, California, US",
    "uc berkeley": "Berkeley, California, US",
    "ucb": "Berkeley, California, US",
    "uc davis": "Davis, California, US",
    "uc irvine": "Irvine, California, US",
    "uci": "Irvine, California, US",
    "ucla": "Los Angeles, California, US",
    "usc": "Los Angeles, California, US",
    "ucsd": "San Diego, California, US",
    "uc san diego": "San Diego, California, US",
    "ucsf": "San Francisco, California, US",
    "ucsb": "Santa Barbara, California, US",
    "uc santa barbara": "Santa Barbara, California, US",
    "ucsc": "Santa Cruz, California, US",
    "uc santa cruz": "Santa Cruz, California, US",
    "uc riverside": "Riverside, California, US",
    "georgia tech": "Atlanta, Georgia, US",
    "carnegie mellon": "Pittsburgh, Pennsylvania, US",
    "carnegie mellon university": "Pittsburgh, Pennsylvania, US",
    "cmu": "Pittsburgh, Pennsylvania, US",
    "nyu": "New York City, New York, US",
    "columbia university": "New York City, New York, US",
    "yale": "New Haven, Connecticut, US",
    "yale university": "New Haven, Connecticut, US",
    "princeton university": "Princeton, New Jersey, US",
    "university of michigan": "Ann Arbor, Michigan, US",
    "umich": "Ann Arbor, Michigan, US",
    "university of washington": "Seattle, Washington, US",
    "university of texas at austin": "Austin, Texas, US",
    "ut austin": "Austin, Texas, US",
    "university of illinois": "Urbana, Illinois, US",
    "uiuc": "Urbana, Illinois, US",
    "university of wisconsin": "Madison, Wisconsin, US",
    "university of virginia": "Charlottesville, Virginia, US",
    "university of north carolina": "Chapel Hill, North Carolina, US",
    "unc": "Chapel Hill, North Carolina, US",
    "university of tennessee": "Knoxville, Tennessee, US",
    "vanderbilt": "Nashville, Tennessee, US",
    "vanderbilt university": "Nashville, Tennessee, US",
    "duke": "Durham, North Carolina, US",
    "duke university": "Durham, North Carolina, US",
    "eth": "Zürich, Switzerland",
    "eth zurich": "Zürich, Switzerland",
    "epfl": "Lausanne, Switzerland",
    "tu munchen": "Munich, Germany",
    "tum": "Munich, Germany",
    "tu delft": "Delft, Netherlands",
    "tu berlin": "Berlin, Germany",
    "kth": "Stockholm, Sweden",
    "imperial college": "London, United Kingdom",
    "imperial college london": "London, United Kingdom",
    "ucl": "London, United Kingdom",
    "lse": "London, United Kingdom",
    "oxford university": "Oxford, United Kingdom",
    "university of oxford": "Oxford, United Kingdom",
    "cambridge university": "Cambridge, United Kingdom",
    "university of cambridge": "Cambridge, United Kingdom",
    "sorbonne": "Paris, France",
    "iit bombay": "Mumbai, India",
    "iit delhi": "New Delhi, India",
    "iisc": "Bengaluru, India",
    "nus": "Singapore",
    "kaist": "Daejeon, South Korea",
    "tsinghua university": "Beijing, China",
    "peking university": "Beijing, China",
    "university of tokyo": "Tokyo, Japan",
}
# `University of Toronto`, `Toronto University`: the place named, when it is a city.
_UNIVERSITY_RE = re.compile(
    r"^(?:(?:the\s+)?university\s+of\s+(.+?)(?:\s+at\s+.+)?|(.+?)\s+(?:university|uni))$", re.I
)


_BY_KEY = {place_key(name): city for name, city in (_NICKNAMES | _AIRPORTS | _CAMPUSES).items()}


def nickname(text: str) -> str | None:
    """The place a nickname or campus stands for, as a text to resolve; else None."""
    return _BY_KEY.get(place_key(text))


def university_city(text: str) -> str | None:
    """The place in a university's name (`University of Cape Town` → Cape Town), to be read
    as a city only (a state university's state is not where it is)."""
    if m := _UNIVERSITY_RE.match(text.strip()):
        return (m.group(1) or m.group(2)).strip()
    return None
