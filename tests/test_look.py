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
    assert "1 open role on this team" in site.html("people/ada/").text_content()


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
