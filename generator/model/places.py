"""Location codes (`US, WA, Seattle`) and their human names, from ISO 3166 data (pycountry)."""

from __future__ import annotations

import difflib
import unicodedata
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


@cache
def country_name(country: str) -> str | None:
    record = pycountry.countries.get(alpha_2=country) if len(country) == 2 else None
    if record is None:
        return None
    return getattr(record, "common_name", None) or record.name


@cache
def region_name(country: str, region: str) -> str | None:
    record = pycountry.subdivisions.get(code=f"{country}-{region}")
    return record.name if record else None


def _region_hint(country: str, region: str) -> str:
    codes = [sub.code.split("-", 1)[1] for sub in pycountry.subdivisions.get(country_code=country)]
    close = difflib.get_close_matches(region, codes, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
