"""A team or a category at a place: /jobs/teams/<team>/<cc>/[<region>/[<city>/]] and the same under
/jobs/categories/, each a listing with pages and feeds, only where it has open jobs, linked from
the team or category page and from the place page (contract, section 2)."""

from __future__ import annotations

import feedparser
import pytest
from conftest import SiteSource


@pytest.fixture
def built(source: SiteSource, tmp_path):
    source.write(
        "mkdocs.yml",
        (source.root / "mkdocs.yml").read_text().replace(
            "organization_url:", "jobs_per_page: 2\n      organization_url:"
        ),
    )
    for number in range(5):
        source.job(f"sea-{number}", posted=f"2026-11-0{number + 1}")
    source.job("nyc-1", locations=["US, NY, New York"], category="Economics")
    source.job("ber-1", locations=["DE, BE, Berlin"], team="Ads Science")
    source.job("old-1", locations=["IN, KA, Bengaluru"], valid_through="2026-11-01")
    return source.build()


def test_every_team_and_category_has_a_listing_at_each_of_its_places(built):
    for url in (
        "jobs/teams/search-science/us/",
        "jobs/teams/search-science/us/wa/",
        "jobs/teams/search-science/us/wa/seattle/",
        "jobs/teams/search-science/us/ny/new-york/",
        "jobs/teams/ads-science/de/be/berlin/",
        "jobs/categories/applied-science/us/wa/seattle/",
        "jobs/categories/economics/us/ny/new-york/",
    ):
        assert built.exists(url), url
        for name in ("feed.xml", "atom.xml", "feed.json"):
            assert built.exists(url, name), url + name
    html = built.html("jobs/teams/search-science/us/wa/seattle/")
    assert html.xpath("//h1")[0].text_content() == "Search Science roles in Seattle"
    jobs = html.xpath('//a[@class="careers-job__title"]/text()')
    assert len(jobs) == 2  # jobs_per_page: the listing is paginated like every other
    assert built.exists("jobs/teams/search-science/us/wa/seattle/page/3/")


def test_no_listing_where_a_team_has_no_open_job(built):
    assert not built.exists("jobs/teams/search-science/de/")
    assert not built.exists("jobs/teams/ads-science/us/")
    assert not built.exists("jobs/teams/search-science/in/")  # only a closed job there
    assert not built.exists("jobs/categories/economics/us/wa/")


def test_feeds_hold_exactly_the_team_at_the_place(built):
    feed = feedparser.parse(built.text("jobs/teams/search-science/us/wa/seattle/", "feed.xml"))
    assert not feed.bozo
    assert feed.feed.title == "Search Science roles in Seattle, Washington, United States"
    links = sorted(entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries)
    assert links == [f"sea-{n}" for n in range(5)]
    country = feedparser.parse(built.text("jobs/categories/applied-science/us/", "atom.xml"))
    assert len(country.entries) == 5  # Seattle's five: New York's is Economics, Berlin not US


def test_linked_from_the_team_page_and_the_place_page(built):
    team = built.html("jobs/teams/search-science/")
    assert "us/" in team.xpath('//nav[@aria-label="Places"]//a/@href')
    seattle = built.html("jobs/locations/us/wa/seattle/")
    teams = seattle.xpath('//nav[@aria-label="Teams hiring here"]//a/@href')
    families = seattle.xpath('//nav[@aria-label="Job families here"]//a/@href')
    assert teams == ["../../../../teams/search-science/us/wa/seattle/"]
    assert families == ["../../../../categories/applied-science/us/wa/seattle/"]
