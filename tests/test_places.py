"""Place names as readers write them: regions without romanisation marks, countries in a
sentence, a city-state named once. URLs are made of codes and never change with the names."""

from __future__ import annotations

import pytest

from generator.model import urls
from generator.model.places import (
    applicant_countries,
    country_name,
    iso_region_name,
    parse_location,
    plain_region_name,
    region_name,
)


@pytest.mark.parametrize(
    ("code", "iso", "shown"),
    [
        ("IN-KA", "Karnātaka", "Karnataka"),
        ("IN-HR", "Haryāna", "Haryana"),
        ("IN-TN", "Tamil Nādu", "Tamil Nadu"),
        ("FR-IDF", "Île-de-France", "Ile-de-France"),
        ("PL-02", "Dolnośląskie", "Dolnoslaskie"),
        ("AE-AJ", "‘Ajmān", "Ajman"),
        ("SE-M", "Skåne län [SE-12]", "Skane lan"),
        ("GB-LND", "London, City of", "London"),
        ("AT-9", "Wien", "Vienna"),
        ("US-WA", "Washington", "Washington"),
    ],
)
def test_regions_are_named_as_english_readers_write_them(code, iso, shown):
    country, region = code.split("-")
    assert iso_region_name(country, region) == iso
    assert region_name(country, region) == shown
    assert region_name(country, region).isascii()


def test_every_region_name_is_plain_ascii_text():
    import pycountry

    for record in pycountry.subdivisions:
        country, region = record.code.split("-", 1)
        name = region_name(country, region)
        assert name and name.isascii() and "[" not in name, (record.code, record.name, name)
        assert name == name.strip()


def test_plain_region_name_only_drops_marks():
    assert plain_region_name("Baden-Württemberg") == "Baden-Wurttemberg"
    assert plain_region_name("Łódzkie") == "Lodzkie"
    assert plain_region_name("Praha, Hlavní město") == "Praha"


def test_a_location_reads_in_full_and_a_city_state_once():
    assert parse_location("IN, KA, Bengaluru").name == "Bengaluru, Karnataka, India"
    assert parse_location("US, WA, Seattle").name == "Seattle, Washington, United States"
    berlin = parse_location("DE, BE, Berlin")
    assert berlin.name == "Berlin, Germany"
    assert parse_location("DE, BE, berlin").name == "berlin, Germany"  # case does not matter
    # the URL keeps its region: names never move a page
    assert urls.place_url(berlin.country, berlin.region, urls.slug(berlin.city)) == (
        "jobs/locations/de/be/berlin/"
    )


def test_unknown_codes_have_no_name():
    assert region_name("IN", "ZZ") is None
    assert country_name("ZZ") is None


@pytest.mark.parametrize(
    ("codes", "sentence"),
    [
        (["US, NY, New York", "CA, ON, Toronto"], "the United States and Canada"),
        (
            ["CA, ON, Toronto", "US, NY, New York", "US, WA, Seattle"],
            "Canada and the United States",
        ),
        (["GB, LND, London"], "the United Kingdom"),
        (["DE, BE, Berlin"], "Germany"),
        (
            ["DE, BE, Berlin", "FR, IDF, Paris", "NL, NH, Amsterdam"],
            "Germany, France and the Netherlands",
        ),
    ],
)
def test_remote_applicants_countries_read_as_a_sentence(codes, sentence):
    assert applicant_countries(parse_location(code) for code in codes) == sentence
