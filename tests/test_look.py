"""What the templates show a reader, read from the built HTML: profile facts that link to
listings only where those exist, place names as readers write them, a story's related content
without repeats, the home page's search box, the footer and the 404 page.

The browser tests (test_browser.py) check what needs a browser: layout, scripts, colours."""

from __future__ import annotations

import pytest

from tests.conftest import Built, SiteSource

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"></svg>'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    source = SiteSource(tmp_path_factory.mktemp("look") / "src")
    source.write("content/images/pic.svg", SVG)
    source.person(
        "ada",
        team="Search Science",
        location="US, WA, Seattle",
        photo={"src": "images/pic.svg", "alt": "Portrait of Ada"},
    )
    source.person("bo", team="Quiet Team", location="US, OR, Portland")  # no open jobs there
    source.person("cy", team="Search Science", location="DE, BE, Berlin")
    source.related(
        [
            {
                "id": "inline-read",
                "title": "Read inline",
                "summary": "In the text.",
                "url": "/about/",
            },
            {
                "id": "end-read",
                "title": "Read at the end",
                "summary": "Only at the end.",
                "url": "https://example.test/end",
            },
        ]
    )
    source.story(
        "big-class",
        "First paragraph.\n\n[[card: inline-read]]\n\n> A quote from an intern.\n\nLast.\n",
        date="2026-07-14",
        image={"src": "images/pic.svg", "alt": "Interns", "caption": "The class of 2026."},
        people=["ada"],
        series="Intern stories",
        related=["inline-read", "end-read", "older-story"],
    )
    source.story("older-story", date="2026-05-01", series="Intern stories")
    source.job("sea-1", locations=["US, WA, Seattle", "IN, KA, Bengaluru"])
    source.job("ber-1", locations=["DE, BE, Berlin"], team="Translation")
    source.job(
        "rem-1", locations=["US, NY, New York", "CA, ON, Toronto"], remote="true", team="Remote"
    )
    return source.build()


def facts(page) -> dict[str, object]:
    """The profile facts panel: term -> its <dd>."""
    panel = page.xpath('//section[contains(@class, "careers-facts")]')[0]
    return {dt.text_content(): dt.getnext() for dt in panel.xpath(".//dt")}


def test_profile_team_and_location_link_to_their_job_listings(site):
    found = facts(site.html("people/ada/"))
    assert found["Team"].xpath("a/@href") == ["../../jobs/teams/search-science/"]
    assert found["Location"].text_content() == "Seattle, Washington, United States"
    assert found["Location"].xpath("a/@href") == [
        "../../jobs/locations/us/wa/seattle/",
        "../../jobs/locations/us/wa/",
        "../../jobs/locations/us/",
    ]
    assert "Open roles on this team" in site.html("people/ada/").text_content()


def test_profile_links_only_listings_that_exist(site):
    found = facts(site.html("people/bo/"))
    assert found["Team"].text_content() == "Quiet Team"
    assert found["Team"].xpath(".//a") == []  # the team has no open job: no page to link
    # Portland has no open job, the United States do
    assert found["Location"].text_content() == "Portland, Oregon, United States"
    assert found["Location"].xpath("a/@href") == ["../../jobs/locations/us/"]
    assert "on this team" not in site.html("people/bo/").text_content()


def test_a_city_state_is_named_once(site):
    found = facts(site.html("people/cy/"))
    assert found["Location"].text_content() == "Berlin, Germany"
    job = site.html("jobs/ber-1/")
    assert job.xpath('string(//dd[@class="careers-place"])') == "Berlin, Germany"
    city = site.html("jobs/locations/de/be/berlin/")
    crumbs = [li.text_content() for li in city.xpath('//nav[@class="careers-crumbs"]//li')]
    assert crumbs == ["Jobs", "Locations", "Germany", "Berlin"]
    assert city.xpath('string(//p[@class="careers-count"])') == "1 open role in Berlin, Germany"


def test_the_locations_index_lists_a_city_state_once(site):
    page = site.html("jobs/locations/")
    (germany,) = [
        c
        for c in page.xpath('//section[@class="careers-country"]')
        if "Germany" in c.xpath("string(h2)")
    ]
    entries = [(a.text_content(), a.get("href")) for a in germany.xpath(".//li/a")]
    assert entries == [("Berlin", "de/be/berlin/")]
    assert "Karnataka" in page.text_content() and "Karnātaka" not in page.text_content()


def test_regions_read_as_readers_write_them(site):
    job = site.html("jobs/sea-1/")
    places = [dd.text_content() for dd in job.xpath('//dd[@class="careers-place"]')]
    assert places == ["Seattle, Washington, United States", "Bengaluru, Karnataka, India"]


def test_remote_roles_name_the_countries(site):
    job = site.html("jobs/rem-1/")
    remote = job.xpath('//dt[text()="Remote"]/following-sibling::dd[1]')[0].text_content()
    assert remote == "Fully remote, for applicants in the United States and Canada"


def test_people_index_is_a_list_of_cards(site):
    page = site.html("people/")
    cards = page.xpath('//ul[@class="careers-people-list"]/li[@class="careers-person-card"]')
    assert [card.xpath("string(.//a)") for card in cards] == ["Ada", "Bo", "Cy"]


def test_a_story_reads_like_a_magazine_page(site):
    page = site.html("stories/big-class/")
    article = page.xpath("//article")[0]
    assert article.xpath("string(.//h1)") == "Story big-class"
    byline = article.xpath('string(.//p[@class="careers-byline"])')
    assert byline == "By Test Org · 14 July 2026 · 1 min read"
    (hero,) = article.xpath('.//figure[@class="careers-hero"]')
    (image,) = hero.xpath(".//img")
    assert image.get("loading") is None and image.get("fetchpriority") == "high"  # eager
    assert hero.xpath("string(figcaption)") == "The class of 2026."
    assert article.xpath('string(.//div[@class="careers-story-body"]//blockquote)').strip() == (
        "A quote from an intern."
    )


def test_a_story_repeats_no_related_content(site):
    article = site.html("stories/big-class/").xpath("//article")[0]
    inline = article.xpath(
        './/div[@class="careers-story-body"]//aside[contains(@class, "careers-card")]'
    )
    assert [card.xpath('string(.//p[@class="careers-card__title"])') for card in inline] == [
        "Read inline"
    ]
    assert inline[0].xpath('string(.//p[@class="careers-card__label"])') == "Related content"
    series = article.xpath('.//section[@class="careers-series"]//h3/a/@href')
    assert series == ["../older-story/"]
    # at the end: neither the card placed in the text nor the story under "More intern stories"
    (related,) = article.xpath('.//section[@class="careers-related"]')
    titles = related.xpath('.//p[@class="careers-card__title"]/a/text()')
    assert titles == ["Read at the end"]
    assert related.xpath('.//p[@class="careers-card__label"]') == []  # the heading says it


def test_a_story_without_anything_left_to_relate_has_no_related_section(source):
    source.story("a", related=["b"], series="S")
    source.story("b", date="2026-09-01", series="S")
    article = source.build().html("stories/a/").xpath("//article")[0]
    assert article.xpath('.//section[@class="careers-related"]') == []
    assert article.xpath('.//section[@class="careers-series"]//h3/a/@href') == ["../b/"]


def test_share_links_are_made_in_the_browser_not_written_into_the_content(site):
    """A link check asks every outside server the content links: not LinkedIn for every story
    (test_browser checks the links the script makes)."""
    page = site.html("stories/big-class/")
    (box,) = page.xpath('//p[@class="careers-share"]')
    assert box.get("hidden") is not None and box.xpath(".//a") == []
    assert page.xpath("//script[contains(@src, 'linkedin') or contains(@src, 'x.com')]") == []


def test_the_404_page_offers_search_and_the_way_on(site):
    import lxml.html

    page = lxml.html.fromstring((site.dir / "404.html").read_text(encoding="utf-8"))
    assert page.xpath("string(//article//h1)") == "We can't find that page"
    assert page.xpath("string(//title)") == "Page not found - Test Careers"
    (form,) = page.xpath('//form[contains(@class, "careers-not-found__search")]')
    # served at any path: its links are absolute (site_url's path is /careers/)
    assert form.get("action") == "/careers/jobs/" and form.get("method") == "get"
    assert form.xpath(".//input/@name") == ["text"]
    onward = page.xpath('//ul[@class="careers-not-found__links"]//a')
    assert [(a.text, a.get("href")) for a in onward] == [
        ("Home", "/careers/."),
        ("Stories", "/careers/stories/"),
        ("People", "/careers/people/"),
        ("Jobs", "/careers/jobs/"),
        ("Locations", "/careers/jobs/locations/"),
    ]


def test_the_footer_is_the_sites_own(source):
    source.write(
        "mkdocs.yml",
        source.root.joinpath("mkdocs.yml").read_text()
        + "copyright: © Test Org\n"
        + "extra:\n"
        + "  careers_footer:\n"
        + "    - heading: Company\n"
        + "      links:\n"
        + "        - {title: About us, url: /about/}\n"
        + "        - {title: Privacy, url: https://org.example.test/privacy}\n"
        + "        - title: LinkedIn\n"
        + "          url: https://li.example.test/org\n"
        + "          icon: fontawesome/brands/linkedin\n",
    )
    source.job("j-1")
    built = source.build()
    for url in ("", "jobs/j-1/"):  # a page MkDocs renders and one cut from the shell
        page = built.html(url)
        (footer,) = page.xpath("//footer")
        assert footer.xpath(".//nav/h2/text()") == ["Company"]
        links = [(a.text_content().strip(), a.get("href")) for a in footer.xpath(".//nav//a")]
        about = "about/" if url == "" else "../../about/"
        assert links == [
            ("About us", about),
            ("Privacy", "https://org.example.test/privacy"),
            ("LinkedIn", "https://li.example.test/org"),
        ]
        assert footer.xpath(".//nav//a[contains(@href, 'li.example')]//svg")  # the icon, inline
        assert "© Test Org" in footer.text_content()
        assert "Material for MkDocs" not in footer.text_content()
