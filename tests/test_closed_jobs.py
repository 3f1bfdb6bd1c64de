"""Closed jobs keep their page (a notice, similar open roles, `noindex`, no JSON-LD) and vanish
from everything else: listings, counts, feeds, the sitemap, the /jobs/ filter index, search."""

from __future__ import annotations

import gzip
import json

import feedparser
import pytest
from conftest import Built, SiteSource

TODAY = "2026-11-25"
OPEN = {"open-bos", "open-today", "open-sea"}
CLOSED = {"closed-bos", "closed-sc"}


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.job("open-bos", locations=["US, MA, Boston"], team="Vision", posted="2026-11-01")
    source.job("open-sea", locations=["US, WA, Seattle"], team="Search", posted="2026-11-02")
    source.job(
        "open-today",
        locations=["US, WA, Seattle"],
        team="Search",
        posted="2026-11-03",
        valid_through=TODAY,
    )  # the last day to apply is today: still open
    source.job(
        "closed-bos",
        locations=["US, MA, Boston"],
        team="Vision",
        posted="2026-10-01",
        valid_through="2026-11-24",
    )
    source.job(
        "closed-sc",
        locations=["US, CA, Santa Clara"],
        team="Quantum",
        category="Physics",
        posted="2026-09-01",
        valid_through="2026-10-01",
    )  # alone in place, team, category
    source.job("draft-1", draft="true")
    source.job("future-1", posted="2026-12-01")
    return source


@pytest.fixture
def built(site: SiteSource) -> Built:
    return site.build(today=TODAY)


def test_a_closed_job_page_has_a_notice_similar_open_roles_noindex_and_no_jsonld(built: Built):
    page = built.html("jobs/closed-bos/")
    notice = page.xpath('string(//*[contains(@class, "careers-closed")])')
    assert "Applications for this role are closed." in notice
    assert "24 November 2026" in notice
    similar = page.xpath(
        '//*[contains(@class, "careers-closed")]//a[@class="careers-job__title"]/@href'
    )
    assert similar and {href.strip("./").rsplit("/", 1)[-1] for href in similar} <= OPEN
    assert "../open-bos/" in similar  # the same team first
    assert page.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    assert built.jsonld("jobs/closed-bos/") == []
    assert page.xpath('//a[contains(@class, "careers-apply")]') == []
    assert built.exists("jobs/closed-sc/")


def test_the_last_day_is_open_and_the_next_day_closed(site: SiteSource, built: Built, tmp_path):
    assert built.html("jobs/open-today/").xpath('//meta[@name="robots"]') == []
    [posting] = built.jsonld("jobs/open-today/")
    assert posting["validThrough"] == TODAY
    later = site.build(today="2026-11-26", site_dir=tmp_path / "later")
    assert later.jsonld("jobs/open-today/") == []
    assert "open-today" not in later.text("jobs/")


def test_closed_jobs_are_in_no_listing_and_no_count(built: Built):
    listings = [
        "",
        "jobs/",
        "jobs/locations/",
        "jobs/locations/us/",
        "jobs/locations/us/ma/",
        "jobs/locations/us/ma/boston/",
        "jobs/teams/vision/",
        "jobs/categories/applied-science/",
    ]
    for url in listings:
        text = built.text(url)
        for job_id in CLOSED | {"draft-1", "future-1"}:
            assert f"{job_id}/" not in text, (url, job_id)
    boston = built.html("jobs/locations/us/ma/boston/")
    assert boston.xpath('string(//p[@class="careers-count"])').startswith("1 open role ")
    counts = built.html("jobs/locations/").xpath('//span[@class="careers-count"]/text()')
    assert counts == ["3", "1", "1", "2", "2"]  # US; Massachusetts, Boston; Washington, Seattle
    browse = built.html("jobs/").xpath('string(//nav[@class="careers-browse"])')
    assert "Vision (1)" in browse and "Applied Science (3)" in browse
    assert built.html("jobs/").xpath('string(//p[@class="careers-count"])') == "3 open roles"
    # a place, team or category whose only job is closed has no page, no feed, no link
    for gone in (
        "jobs/locations/us/ca/",
        "jobs/locations/us/ca/santa-clara/",
        "jobs/teams/quantum/",
        "jobs/categories/physics/",
    ):
        assert not built.exists(gone) and not built.exists(gone, "feed.xml"), gone
        assert gone.removeprefix("jobs/") not in built.text("jobs/closed-sc/")


def test_closed_jobs_are_in_no_feed(built: Built):
    feeds = sorted(built.dir.rglob("feed.xml")) + sorted(built.dir.rglob("atom.xml"))
    assert len(feeds) >= 10
    seen = set()
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        links = {entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in parsed.entries}
        assert not links & CLOSED, path
        seen |= links
    assert seen >= OPEN
    for path in built.dir.rglob("feed.json"):
        assert not any(job_id in path.read_text(encoding="utf-8") for job_id in CLOSED), path


def test_closed_jobs_are_not_in_the_sitemap(built: Built):
    xml = built.text("", "sitemap.xml")
    packed = gzip.decompress(built.path("", "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert packed == xml
    for job_id in OPEN:
        assert f"/jobs/{job_id}/</loc>" in xml
    for job_id in CLOSED | {"draft-1", "future-1"}:
        assert f"/jobs/{job_id}/" not in xml
    assert "careers-shell" not in xml


def test_closed_jobs_are_not_in_the_filter_index_or_search(built: Built):
    index = json.loads(built.text("jobs/", "index.json"))
    assert {job[0] for job in index["j"]} == OPEN
    assert [city[1] for city in index["l"]] == ["Boston", "Seattle"]
    assert [team[0] for team in index["t"]] == ["Search", "Vision"]
    search = built.text("search/", "search_index.json")
    assert not any(f"jobs/{job_id}/" in search for job_id in CLOSED)
