"""A small site built into a temporary folder, checked page kind by page kind."""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.conftest import Built, SiteSource

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"></svg>'


@pytest.fixture
def small(source: SiteSource) -> Built:
    source.write("content/images/hero.svg", SVG)
    source.write("content/images/ada.svg", SVG)
    source.person(
        "ada-lovelace",
        affiliation="PhD student, Example University",
        team="Search Science",
        photo={"src": "images/ada.svg", "alt": "Portrait of Ada"},
        quotes=["Ask the data what it cannot tell you.", "Find the people who disagree."],
    )
    source.related(
        [
            {
                "id": "card-one",
                "title": "A related read",
                "summary": "Something near.",
                "url": "https://example.test/read",
            }
        ]
    )
    source.story(
        "class-of-interns",
        "Intro paragraph.\n\n[[card: card-one]]\n\nClosing paragraph.\n",
        date="2026-07-14",
        image={"src": "images/hero.svg", "alt": "Interns"},
        people=["ada-lovelace"],
        series="Intern stories",
        topics=["Internships"],
        related=["card-one", "older-intern"],
        teams=["Search Science"],
    )
    source.story("older-intern", date="2026-05-01", series="Intern stories", topics=["Internships"])
    source.story("draft-story", draft=True)
    source.story("future-story", date="2027-01-01")
    source.job(
        "sea-1",
        posted="2026-11-10",
        salary={"currency": "USD", "min": 100000, "max": 150000, "unit": "YEAR"},
        responsibilities=["Design *experiments*."],
        basic_qualifications=["A PhD."],
        preferred_qualifications=["Papers."],
        about_team="We **ship**.",
    )
    source.job(
        "sea-2",
        posted="2026-11-12",
        locations=["US, WA, seattle", "IN, KA, Bengaluru"],
        team="Ads Science",
        category="Economics",
    )
    source.job("bos-1", posted="2026-10-01", locations=["US, MA, Boston"])
    source.job(
        "closed-1",
        posted="2026-09-01",
        valid_through="2026-10-01",
        locations=["US, CA, Santa Clara"],
        team="Q Data",
    )
    source.job("draft-1", draft=True, locations=["GB, LND, London"])
    return source.build()


def links(page) -> list[str]:
    return [a.get("href") for a in page.xpath("//article//a[@href]")]


def test_home_has_latest_stories_newest_roles_and_places(small):
    home = small.html("")
    text = home.text_content()
    assert "Story class-of-interns" in text
    roles = [
        a.text_content()
        for a in home.xpath('//ul[@class="careers-jobs"]//a[@class="careers-job__title"]')
    ]
    assert roles == [
        "Applied Scientist sea-2",
        "Applied Scientist sea-1",
        "Applied Scientist bos-1",
    ]
    assert "jobs/locations/us/" in links(home)


def test_stories_listing_newest_first_without_drafts_or_future(small):
    page = small.html("stories/")
    titles = [h.text_content() for h in page.xpath("//article//h3")]
    assert titles == ["Story class-of-interns", "Story older-intern"]
    assert not small.exists("stories/draft-story/")
    assert not small.exists("stories/future-story/")


def test_story_page(small):
    page = small.html("stories/class-of-interns/")
    article = page.xpath("//article")[0]
    assert article.xpath(".//h1")[0].text_content() == "Story class-of-interns"
    assert (
        article.xpath('.//p[@class="careers-standfirst"]')[0].text_content()
        == "About class-of-interns."
    )
    assert article.xpath(".//figure//img/@src") == ["../../images/hero.svg"]
    text = article.text_content()
    # the inline card sits between the paragraphs where the marker was
    assert (
        text.index("Intro paragraph.")
        < text.index("A related read")
        < text.index("Closing paragraph.")
    )
    assert "Ask the data what it cannot tell you." in text
    assert "More intern stories" in text
    series = article.xpath('.//section[@class="careers-series"]//h3/a/@href')
    assert series == ["../older-intern/"]
    roles = article.xpath(
        './/section[@class="careers-roles"]//a[@class="careers-job__title"]/@href'
    )
    assert roles == ["../../jobs/sea-1/", "../../jobs/bos-1/"]
    assert "../topics/internships/" in links(page)


def test_topic_and_people_pages(small):
    topic = small.html("stories/topics/internships/")
    assert [h.text_content() for h in topic.xpath("//article//h3")] == [
        "Story class-of-interns",
        "Story older-intern",
    ]
    people = small.html("people/")
    assert "Ada Lovelace" in people.text_content()
    person = small.html("people/ada-lovelace/")
    assert person.xpath("//article//h1")[0].text_content() == "Ada Lovelace"
    assert person.xpath("//article//h3/a/@href") == ["../../stories/class-of-interns/"]


def test_job_page_has_every_section_and_linked_places(small):
    page = small.html("jobs/sea-1/")
    text = page.text_content()
    for heading in (
        "Key responsibilities",
        "Basic qualifications",
        "Preferred qualifications",
        "About the team",
    ):
        assert heading in text
    assert page.xpath("//article//em")[0].text == "experiments"
    assert "USD 100,000–150,000 per year" in text
    place_links = page.xpath('//dd[@class="careers-place"]/a/@href')
    assert place_links == ["../locations/us/wa/seattle/", "../locations/us/wa/", "../locations/us/"]
    assert page.xpath('//a[contains(@class, "careers-apply")]/@href') == [
        "https://jobs.example.test/sea-1"
    ]


def test_place_pages_with_names_breadcrumbs_and_counts(small):
    city = small.html("jobs/locations/us/wa/seattle/")
    crumbs = [li.text_content() for li in city.xpath('//nav[@class="careers-crumbs"]//li')]
    assert crumbs == ["Jobs", "Locations", "United States", "Washington", "Seattle"]
    # "Seattle" and "seattle" are one city
    assert len(city.xpath('//li[@class="careers-job"]')) == 2
    region = small.html("jobs/locations/us/")
    counts = {
        a.text_content(): a.getnext().text_content()
        for a in region.xpath('//nav[@class="careers-places"]//a')
    }
    assert counts == {"Massachusetts": "1", "Washington": "2"}
    index = small.html("jobs/locations/")
    assert "Karnataka" in index.text_content()  # ISO writes "Karnātaka"
    assert small.exists("jobs/locations/in/ka/bengaluru/")


def test_team_and_category_pages(small):
    team = small.html("jobs/teams/search-science/")
    assert {a.text_content() for a in team.xpath('//a[@class="careers-job__title"]')} == {
        "Applied Scientist sea-1",
        "Applied Scientist bos-1",
    }
    assert small.exists("jobs/categories/economics/")


def test_closed_and_draft_jobs(small):
    closed = small.html("jobs/closed-1/")
    assert "Applications for this role are closed." in closed.text_content()
    assert closed.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    assert closed.xpath('//script[@type="application/ld+json"]') == []
    # the only job in Santa Clara is closed: no place page, nothing links to it
    assert not small.exists("jobs/locations/us/ca/")
    assert not small.exists("jobs/teams/q-data/")
    assert "locations/us/ca" not in small.text("jobs/closed-1/")
    assert "closed-1" not in small.text("jobs/")
    assert not small.exists("jobs/draft-1/")
    assert not small.exists("jobs/locations/gb/")


def test_jobs_index_lists_open_roles(small):
    page = small.html("jobs/")
    hrefs = page.xpath('//a[@class="careers-job__title"]/@href')
    assert hrefs == ["sea-2/", "sea-1/", "bos-1/"]


def test_data_files_are_not_published(small):
    assert not (small.dir / "people" / "ada-lovelace.yml").exists()
    assert not (small.dir / "related.yml").exists()


def test_job_pages_are_not_in_nav_or_search(small):
    index = json.loads((small.dir / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "stories/class-of-interns/" in locations
    assert not any(loc.startswith("jobs/sea") or "careers-shell" in loc for loc in locations)
    nav = small.html("jobs/sea-1/").xpath('//nav[contains(@class, "md-tabs")]//a')
    assert len(nav) <= 8
    assert not (small.dir / "careers-shell").exists()


def test_today_decides_what_is_open(source: SiteSource, tmp_path):
    source.job("late", posted="2026-11-01", valid_through="2026-11-30")
    before = source.build(today="2026-11-30", site_dir=tmp_path / "a")
    after = source.build(today="2026-12-01", site_dir=tmp_path / "b")
    assert "late" in before.text("jobs/")
    assert "late" not in after.text("jobs/")
    assert "Applications for this role are closed." in after.text("jobs/late/")


def test_source_date_epoch_sets_today(source: SiteSource, tmp_path, monkeypatch):
    source.job("late", posted="2026-11-01", valid_through="2026-11-30")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    code, _, err = source.run("build", "--site-dir", str(tmp_path / "out"))
    assert code == 0, err
    assert not (tmp_path / "out" / "jobs" / "late").exists()  # posted after that day


def test_city_spelling_variants_share_one_page(source: SiteSource):
    decomposed = unicodedata.normalize("NFD", "Zürich")
    source.job("a", locations=["CH, ZH, Zürich"])
    source.job("b", locations=[f"CH, ZH, {decomposed}"])
    source.job("c", locations=["CH, ZH, ZÜRICH"])
    built = source.build()
    page = built.html("jobs/locations/ch/zh/zurich/")
    assert len(page.xpath('//li[@class="careers-job"]')) == 3
    assert [p.name for p in (built.dir / "jobs/locations/ch/zh").iterdir() if p.is_dir()] == [
        "zurich"
    ]


def test_listings_are_paginated(source: SiteSource):
    source.write(
        "mkdocs.yml",
        source.root.joinpath("mkdocs.yml")
        .read_text()
        .replace(
            "      organization: Test Org\n",
            "      organization: Test Org\n      jobs_per_page: 2\n",
        ),
    )
    for n in range(5):
        source.job(f"j{n}", posted=f"2026-11-0{n + 1}")
    built = source.build()
    first = built.html("jobs/locations/us/wa/seattle/")
    assert len(first.xpath('//li[@class="careers-job"]')) == 2
    assert first.xpath('//a[@rel="next"]/@href') == ["page/2/"]
    last = built.html("jobs/locations/us/wa/seattle/page/3/")
    assert [a.text_content() for a in last.xpath('//a[@class="careers-job__title"]')] == [
        "Applied Scientist j0"
    ]
    assert "Page 3 of 3" in last.text_content()


def test_sample_site_has_every_page_kind(sample: Built):
    for url in (
        "",
        "stories/",
        "people/",
        "jobs/",
        "jobs/locations/",
        "jobs/locations/us/wa/seattle/",
        "jobs/locations/in/ka/bengaluru/",
        "jobs/locations/us/ma/boston/",
        "about/",
    ):
        assert sample.exists(url), url
    assert "Applications for this role are closed." in sample.text("jobs/iss-3001499/")
