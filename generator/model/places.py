"""Location codes (`US, WA, Seattle`) and their human names, from ISO 3166 data (pycountry).

Names are written as English-speaking readers write them: ISO 3166-2 gives regions in a local
romanisation ("Karnātaka", "Wien", "London, City of"); pages show "Karnataka", "Vienna",
"London". URLs never use names (they are made of codes), so these never move a page.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry


@dataclass(frozen=True, order=True)
class Location:
    country: str  # ISO 3166-1 alpha-2, upper case: "US"
    region: str  # ISO 3166-2 subdivision without the country: "WA"
    city: str  # as written, NFC-normalised and trimmed: "Seattle"

    @property
    def code(self) -> str:
        return f"{self.country}, {self.region}, {self.city}"

    @property
    def city_key(self) -> str:
        """Spelling variants of one city (case, Unicode normalisation) share this key."""
        return city_key(self.city)

    @property
    def country_name(self) -> str:
        return country_name(self.country) or self.country

    @property
    def region_name(self) -> str:
        return region_name(self.country, self.region) or self.region

    @property
    def country_in_text(self) -> str:
        """The country as a sentence names it: "the United States", "Canada"."""
        return country_in_text(self.country)

    @property
    def name(self) -> str:
        """In full, a city-state once: "Seattle, Washington, United States", "Berlin, Germany"."""
        return ", ".join(distinct_names([self.city, self.region_name, self.country_name]))


def city_key(city: str) -> str:
    return unicodedata.normalize("NFKC", city).casefold()


def parse_location(code: str) -> Location:
    """Parse and check a location code; raises ValueError with a reader-facing message."""
    parts = [part.strip() for part in code.split(",")]
    if len(parts) != 3 or not all(parts):
        raise ValueError(
            f"location '{code}' must be 'COUNTRY, REGION, City', for example 'US, WA, Seattle'"
        )
    country, region, city = parts[0].upper(), parts[1].upper(), parts[2]
    if country_name(country) is None:
        raise ValueError(f"unknown ISO 3166-1 country code '{parts[0]}' in '{code}'")
    if region_name(country, region) is None:
        hint = _region_hint(country, region)
        raise ValueError(
            f"unknown ISO 3166-2 region '{parts[1]}' for {country_name(country)} in '{code}'{hint}"
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in city):
        raise ValueError(f"city name in '{code}' holds control or invisible characters")
    return Location(country, region, unicodedata.normalize("NFC", city))


# Regions whose English name is not their ISO name spelt without accents (cities that are
# regions of their own, mostly): the hubs a science employer is likely to hire in.
ENGLISH_REGION_NAMES = {
    "AE-AZ": "Abu Dhabi",
    "AE-DU": "Dubai",
    "AR-C": "Buenos Aires",
    "AT-9": "Vienna",
    "BE-BRU": "Brussels",
    "CH-GE": "Geneva",
    "CN-BJ": "Beijing",
    "CN-SH": "Shanghai",
    "CZ-10": "Prague",
    "DE-BY": "Bavaria",
    "EG-C": "Cairo",
    "GB-LND": "London",
    "GR-I": "Attica",
    "IL-TA": "Tel Aviv",
    "IT-MI": "Milan",
    "IT-RM": "Rome",
    "KE-30": "Nairobi",
    "KR-11": "Seoul",
    "MX-CMX": "Mexico City",
    "PT-11": "Lisbon",
    "RO-B": "Bucharest",
    "SE-AB": "Stockholm",
    "TR-34": "Istanbul",
    "VN-HN": "Hanoi",
    "VN-SG": "Ho Chi Minh City",
}
ENGLISH_COUNTRY_NAMES = {"RU": "Russia"}
# Countries a sentence names with "the": "for applicants in the United States and Canada".
COUNTRIES_WITH_THE = frozenset(
    {"AE", "BS", "CD", "CF", "DO", "FK", "FO", "GB", "GM", "KM", "KY", "MH"}
    | {"MP", "MV", "NL", "PH", "SB", "SC", "TC", "US", "VA", "VG", "VI"}
)
# Letters that Unicode does not decompose into a base letter and a mark.
_ASCII_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H", "þ": "th", "Þ": "Th",
     "ð": "d", "Ð": "D", "ə": "a", "ǝ": "a", "Ə": "A", "†": ""}
)  # fmt: skip
_TRANSLITERATION_MARKS = re.compile(r"[‘’ʻʼʽ`]")  # ayn and hamza: "‘Ajmān" -> "Ajman"
_ISO_SUFFIX = re.compile(r"\s*\[[^\]]*\]$")  # "Skåne län [SE-12]" -> "Skåne län"


@cache
def country_name(country: str) -> str | None:
    record = pycountry.countries.get(alpha_2=country) if len(country) == 2 else None
    if record is None:
        return None
    if country in ENGLISH_COUNTRY_NAMES:
        return ENGLISH_COUNTRY_NAMES[country]
    return getattr(record, "common_name", None) or record.name


def country_in_text(country: str) -> str:
    name = country_name(country) or country
    return f"the {name}" if country in COUNTRIES_WITH_THE else name


@cache
def region_name(country: str, region: str) -> str | None:
    """The region's name as readers write it in English: "Karnataka", not "Karnātaka"."""
    iso = iso_region_name(country, region)
    if iso is None:
        return None
    return ENGLISH_REGION_NAMES.get(f"{country}-{region}") or plain_region_name(iso)


@cache
def iso_region_name(country: str, region: str) -> str | None:
    record = pycountry.subdivisions.get(code=f"{country}-{region}")
    return record.name if record else None


def plain_region_name(iso_name: str) -> str:
    """An ISO 3166-2 name without accents, brackets or an inverted tail: "Karnātaka" ->
    "Karnataka", "Skåne län [SE-12]" -> "Skane lan", "Praha, Hlavní město" -> "Praha"."""
    name = _ISO_SUFFIX.sub("", iso_name).split(", ")[0]
    name = _TRANSLITERATION_MARKS.sub("", name).translate(_ASCII_LETTERS)
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def distinct_names(names: Iterable[str]) -> list[str]:
    """Names from the most to the least specific, without a name repeated next to itself: a
    city-state is "Berlin, Germany", never "Berlin, Berlin, Germany"."""
    found: list[str] = []
    for name in names:
        if not found or city_key(found[-1]) != city_key(name):
            found.append(name)
    return found


def in_words(names: Iterable[str]) -> str:
    """Names joined as a sentence lists them: "A", "A and B", "A, B and C"."""
    items = list(names)
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def applicant_countries(locations: Iterable[Location]) -> str:
    """Where a remote job's applicants may live: "the United States and Canada"."""
    codes = dict.fromkeys(location.country for location in locations)
    return in_words(country_in_text(code) for code in codes)


def _region_hint(country: str, region: str) -> str:
    codes = [sub.code.split("-", 1)[1] for sub in pycountry.subdivisions.get(country_code=country)]
    close = difflib.get_close_matches(region, codes, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
