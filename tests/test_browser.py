"""The site in a real browser (Debian's Chromium through Playwright), served on 127.0.0.1.

/jobs/ filters: choosing a filter changes the list, the count under the heading and the URL,
the URL restores the view on reload, the back button walks back through views, everything
works from the keyboard, a phone folds the filters and gets 44 px targets, and the page stays
fast with 20,000 jobs. The header search offers the matching open roles; the home page's search
box and the 404 page lead on. The look: no documentation sidebars, the section's tab marked,
light and dark schemes with a toggle, a story's typography. No page logs a console error or
fetches from another host.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.register_assert_rewrite("browser_support")

from browser_support import StaticServer, open_page  # noqa: E402
from synthetic_jobs import twenty_thousand_jobs_plan  # noqa: E402

from generator.render.job_index import render_index  # noqa: E402

pytest_plugins = ["browser_support"]

BOSTON = "us-ma-boston"
BOSTON_JOBS = {"aai-3012345", "aai-3012388"}  # the sample's two roles in Boston, MA
STORY = "stories/largest-class-of-science-interns/"
OPEN_JOB = "jobs/aai-3012345/"
CLOSED_JOB = "jobs/iss-3001499/"  # valid_through 2026-09-30: closed on the sample's "today"
CITY = "jobs/locations/us/ma/boston/"


# --- reading the page ----------------------------------------------------------------------------


def open_jobs(page, site_url: str, query: str = ""):
    page.goto(site_url + "jobs/" + query)
    page.wait_for_selector("#careers-filters[data-ready=true]")
    return page


def shown(page) -> list[str]:
    """Job ids of the result rows, in order."""
    hrefs = page.eval_on_selector_all(
        "#careers-results a.careers-job__title", "links => links.map(link => link.href)"
    )
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_query(page, expected: dict[str, list[str]]) -> None:
    page.wait_for_function(
        "expected => JSON.stringify(Object.fromEntries(new URLSearchParams(location.search)))"
        " === JSON.stringify(expected)",
        arg={key: values[0] for key, values in expected.items()},
    )


def visible_texts(page, selector: str) -> list[str]:
    """The text of every element matching `selector` that a reader can see."""
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.checkVisibility()).map(e => e.innerText.trim())"
    )


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


# --- what the index says, computed here independently of the script ------------------------------


class Index:
    def __init__(self, data: dict):
        self.data = data
        self.ids = [job[0] for job in data["j"]]

    def key(self, url: str) -> str:
        return re.sub(r"^(locations|teams|categories)/", "", url).strip("/").replace("/", "-")

    def city_ids(self, key: str) -> list[str]:
        city = next(i for i, c in enumerate(self.data["l"]) if self.key(c[2]) == key)
        return [job[0] for job in self.data["j"] if city in job[2]]

    def team_ids(self, key: str, remote: bool = False) -> list[str]:
        team = next(i for i, t in enumerate(self.data["t"]) if self.key(t[1]) == key)
        return [job[0] for job in self.data["j"] if job[3] == team and (job[6] or not remote)]

    def text_ids(self, text: str) -> list[str]:
        def fold(value: str) -> str:
            decomposed = unicodedata.normalize("NFD", value)
            return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()

        found = []
        for job_id, title, cities, team, category, _posted, remote, _closes in self.data["j"]:
            words = [job_id, title, self.data["t"][team][0], self.data["k"][category][0]]
            for c in cities:
                region = self.data["r"][self.data["l"][c][0]]
                country = self.data["c"][region[0]]
                words += [self.data["l"][c][1], region[2], region[1], country[1], country[0]]
            words += ["remote"] if remote else []
            if all(word in fold(" ".join(words)) for word in fold(text).split()):
                found.append(job_id)
        return found


@pytest.fixture(scope="module")
def index(sample) -> Index:
    return Index(json.loads(sample.text("jobs/", "index.json")))


# --- filtering -----------------------------------------------------------------------------------


def test_without_a_filter_every_open_role_is_listed_newest_first(page, site_url, index, sample):
    open_jobs(page, site_url)
    assert shown(page) == index.ids
    assert len(index.ids) == 16  # the sample's open roles; the closed one is not among them
    assert "iss-3001499" not in shown(page)
    assert page.inner_text("#careers-status") == f"All {len(index.ids)} open roles"
    feed = page.locator("#careers-view-feed")
    assert feed.get_attribute("href") == site_url + "jobs/feed.xml"
    assert feed.inner_text() == "Subscribe to this view"
    assert query(page) == {}


def test_choosing_a_city_changes_the_list_the_url_and_the_feed(page, site_url, index, sample):
    open_jobs(page, site_url)
    page.select_option("#careers-city", BOSTON)
    wait_for_query(page, {"country": ["us"], "region": ["us-ma"], "city": [BOSTON]})
    assert shown(page) == index.city_ids(BOSTON)
    assert set(shown(page)) == BOSTON_JOBS
    assert page.input_value("#careers-country") == "us"
    assert page.input_value("#careers-region") == "us-ma"
    assert page.inner_text("#careers-status") == f"2 of {len(index.ids)} open roles match"
    feed = page.locator("#careers-view-feed")
    assert feed.get_attribute("href") == site_url + "jobs/locations/us/ma/boston/feed.xml"
    assert sample.exists("jobs/locations/us/ma/boston/", "feed.xml")
    # counts follow the other filters: with Boston chosen, only Boston's team is on offer
    teams = page.eval_on_selector_all("#careers-team option", "options => options.map(o => o.text)")
    assert teams == ["All teams (2)", "Artificial General Intelligence (2)"]


def test_a_team_feed_and_the_narrowest_broader_feed_for_other_views(page, site_url, index):
    open_jobs(page, site_url)
    page.select_option("#careers-team", "responsible-ai")
    wait_for_query(page, {"team": ["responsible-ai"]})
    assert shown(page) == index.team_ids("responsible-ai")
    feed = page.locator("#careers-view-feed")
    assert feed.get_attribute("href") == site_url + "jobs/teams/responsible-ai/feed.xml"
    page.check("#careers-remote")
    wait_for_query(page, {"team": ["responsible-ai"], "remote": ["1"]})
    assert shown(page) == index.team_ids("responsible-ai", remote=True) == ["rai-3050220"]
    # no feed holds only the team's remote roles: the team's feed is the narrowest that holds them
    assert feed.get_attribute("href") == site_url + "jobs/teams/responsible-ai/feed.xml"
    assert feed.inner_text() == "Subscribe to open roles on the Responsible AI team"
    assert "no feed holds exactly this view" in page.inner_text(".careers-view-feed")


def test_a_team_at_a_place_has_a_feed_of_its_own(page, site_url, sample):
    open_jobs(page, site_url)
    page.select_option("#careers-city", BOSTON)
    page.select_option("#careers-team", "artificial-general-intelligence")
    wait_for_query(
        page,
        {
            "country": ["us"],
            "region": ["us-ma"],
            "city": [BOSTON],
            "team": ["artificial-general-intelligence"],
        },
    )
    feed = page.locator("#careers-view-feed")
    url = "jobs/teams/artificial-general-intelligence/us/ma/boston/"
    assert feed.get_attribute("href") == site_url + url + "feed.xml"
    assert feed.inner_text() == "Subscribe to this view"
    assert sample.exists(url, "feed.xml")


def test_reloading_the_url_restores_the_view(page, site_url, index):
    open_jobs(page, site_url, "?team=responsible-ai&remote=1")
    for _ in range(2):
        assert shown(page) == ["rai-3050220"]
        assert page.input_value("#careers-team") == "responsible-ai"
        assert page.is_checked("#careers-remote")
        page.reload()
        page.wait_for_selector("#careers-filters[data-ready=true]")


def test_a_shared_city_link_restores_country_and_region(page, site_url, index):
    open_jobs(page, site_url, f"?city={BOSTON}")
    assert set(shown(page)) == BOSTON_JOBS
    assert page.input_value("#careers-country") == "us"
    assert page.input_value("#careers-region") == "us-ma"
    assert page.input_value("#careers-city") == BOSTON


def test_unknown_values_in_the_url_are_ignored(page, site_url, index):
    open_jobs(page, site_url, "?city=xx-yy-nowhere&team=no-such-team")
    assert shown(page) == index.ids
    assert page.log.errors == []


def test_back_and_forward_walk_through_the_views(page, site_url, index):
    open_jobs(page, site_url)
    page.select_option("#careers-country", "us")
    wait_for_query(page, {"country": ["us"]})
    us_jobs = shown(page)
    assert 0 < len(us_jobs) < len(index.ids)
    page.select_option("#careers-team", "artificial-general-intelligence")
    wait_for_query(page, {"country": ["us"], "team": ["artificial-general-intelligence"]})
    assert set(shown(page)) == BOSTON_JOBS
    page.go_back()
    wait_for_query(page, {"country": ["us"]})
    assert shown(page) == us_jobs
    assert page.input_value("#careers-team") == ""
    page.go_back()
    wait_for_query(page, {})
    assert shown(page) == index.ids
    page.go_forward()
    wait_for_query(page, {"country": ["us"]})
    assert shown(page) == us_jobs


def test_free_text_search_is_one_history_entry_per_search(page, site_url, index):
    open_jobs(page, site_url)
    page.click("#careers-text")
    page.keyboard.type("econ")
    wait_for_query(page, {"text": ["econ"]})
    page.keyboard.type("omist")
    wait_for_query(page, {"text": ["economist"]})
    expected = index.text_ids("economist")
    assert expected and shown(page) == expected
    assert all(
        "economist" in title.lower()
        for title in page.eval_on_selector_all(
            "#careers-results a", "links => links.map(l => l.text)"
        )
    )
    page.go_back()  # the keystrokes replaced one another: back is the unfiltered list
    wait_for_query(page, {})
    assert shown(page) == index.ids
    assert page.input_value("#careers-text") == ""


def test_text_matches_places_without_accents_and_says_when_nothing_matches(page, site_url, index):
    open_jobs(page, site_url)
    page.fill("#careers-text", "karnataka")  # ISO 3166-2 writes "Karnātaka"
    page.keyboard.press("Enter")
    wait_for_query(page, {"text": ["karnataka"]})
    assert shown(page) == index.text_ids("karnataka") != []
    page.fill("#careers-text", "no such role anywhere")
    page.keyboard.press("Enter")
    page.wait_for_selector(".careers-no-results")
    assert shown(page) == []
    assert page.inner_text("#careers-status") == f"0 of {len(index.ids)} open roles match"
    # the message and its "Clear filters" appear once
    assert page.get_by_text("No open roles match").count() == 1
    assert visible_texts(page, "button").count("Clear filters") == 1
    page.click(".careers-no-results button")
    wait_for_query(page, {})
    assert shown(page) == index.ids


def test_keyboard_only_from_the_filters_to_a_job(page, site_url, index):
    open_jobs(page, site_url)
    for _ in range(80):  # Tab from the top of the page to the search field
        page.keyboard.press("Tab")
        if active_id(page) == "careers-text":
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type("scientist")
    page.keyboard.press("Enter")
    wait_for_query(page, {"text": ["scientist"]})
    page.keyboard.press("Tab")
    assert active_id(page) == "careers-country"
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys
    first_country = page.input_value("#careers-country")
    assert first_country
    wait_for_query(page, {"text": ["scientist"], "country": [first_country]})
    expected = shown(page)
    assert expected and len(expected) < len(index.ids)
    for _ in range(20):  # on through the other controls to the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('careers-job__title')"):
            break
    else:
        pytest.fail("Tab never reached the results")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/jobs/{expected[0]}/")
    assert page.locator("h1").first.is_visible()


def test_every_control_has_a_label(page, site_url):
    open_jobs(page, site_url)
    controls = page.eval_on_selector_all(
        "#careers-filters input, #careers-filters select",
        "els => els.map(e => [e.id, e.labels.length ? e.labels[0].textContent : ''])",
    )
    assert [c[0] for c in controls] == [
        "careers-text",
        "careers-country",
        "careers-region",
        "careers-city",
        "careers-team",
        "careers-category",
        "careers-remote",
    ]
    assert all(label.strip() for _, label in controls)


def test_without_javascript_the_page_still_reaches_every_listing(browser, site_url, sample):
    page = open_page(browser, java_script_enabled=False)
    page.goto(site_url + "jobs/")
    assert page.locator("#careers-filters").is_hidden()
    hrefs = page.eval_on_selector_all("a", "links => links.map(l => l.href)")
    assert site_url + "jobs/locations/" in hrefs
    assert site_url + "jobs/teams/responsible-ai/" in hrefs
    assert site_url + "jobs/categories/economics/" in hrefs
    assert len(page.query_selector_all("#careers-results a.careers-job__title")) == 16
    page.context.close()


def test_the_count_under_the_heading_follows_the_filters(page, site_url, index):
    open_jobs(page, site_url)
    count = page.locator(".careers-listing--all > .careers-count")
    assert count.count() == 1 and count.get_attribute("id") == "careers-status"
    assert count.inner_text() == f"All {len(index.ids)} open roles"
    page.select_option("#careers-city", BOSTON)
    wait_for_query(page, {"country": ["us"], "region": ["us-ma"], "city": [BOSTON]})
    assert count.inner_text() == f"2 of {len(index.ids)} open roles match"
    assert count.get_attribute("role") == "status"  # read out when it changes


def test_browse_by_team_and_category_are_lists(sample):
    page = sample.html("jobs/")
    (browse,) = page.xpath('//nav[@class="careers-browse"]')
    lists = browse.xpath('.//ul[@class="careers-browse-list"]')
    assert len(lists) == 2  # teams, categories; places: the locations index
    assert browse.xpath('.//a[@href="locations/"]')
    teams = [li.xpath("string(a)") for li in lists[0].xpath("li")]
    assert "Responsible AI" in teams and len(teams) == 9
    assert [li.xpath("string(.)") for li in lists[1].xpath("li")][0] == "Applied Science (9)"


def box(page, selector: str) -> dict:
    found = page.locator(selector)
    assert found.count() >= 1, selector
    return found.first.bounding_box()


def test_on_a_phone_the_filters_fold_and_every_target_is_44_pixels(browser, site_url):
    page = open_page(browser, width=390, height=844)
    try:
        open_jobs(page, site_url)
        toggle = page.locator(".careers-filter-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert page.locator("#careers-country").is_hidden()  # folded: the results come first
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("#careers-country").is_visible()
        page.select_option("#careers-team", "responsible-ai")  # the clear button shows
        wait_for_query(page, {"team": ["responsible-ai"]})
        assert toggle.inner_text().replace("\n", " ") == "Filters (1)"
        targets = [
            "#careers-text",
            ".careers-filter-toggle",
            "#careers-country",
            "#careers-region",
            "#careers-city",
            "#careers-team",
            "#careers-category",
            "label[for=careers-remote]",
            ".careers-filter-clear",
        ]
        for selector in targets:
            size = box(page, selector)
            assert size["height"] >= 44 and size["width"] >= 44, (selector, size)
        remote = box(page, "#careers-remote")
        assert remote["height"] >= 24 and remote["width"] >= 24
        # a result's whole card is its link: a tap anywhere on it reaches the job
        rows = page.locator("#careers-results li.careers-job")
        assert rows.count() >= 1
        for n in range(rows.count()):
            rows.nth(n).scroll_into_view_if_needed()
            row = rows.nth(n).bounding_box()  # in the viewport, as elementFromPoint
            assert row["height"] >= 44
            corner = page.evaluate(
                "([x, y]) => document.elementFromPoint(x, y).className",
                [row["x"] + row["width"] - 6, row["y"] + row["height"] - 6],
            )
            assert corner == "careers-job__title"
        page.click("label[for=careers-remote]")
        wait_for_query(page, {"team": ["responsible-ai"], "remote": ["1"]})
        assert page.is_checked("#careers-remote")
        assert page.log.errors == []
    finally:
        page.context.close()


def test_on_a_wide_screen_the_filters_stay_open_beside_the_results(page, site_url):
    open_jobs(page, site_url)
    assert page.locator(".careers-filter-toggle").is_hidden()
    filters, results = box(page, "#careers-filters"), box(page, "#careers-results")
    assert filters["x"] + filters["width"] <= results["x"]  # side by side
    assert page.locator("#careers-country").is_visible()


# --- the header search reaches open roles --------------------------------------------------------


def wait_for_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => (document.querySelector(selector) || {}).innerText === text",
        arg=[selector, text],
    )


def search_for(page, text: str) -> None:
    page.click("input.md-search__input")
    page.keyboard.type(text)


def test_the_header_search_offers_the_matching_open_roles(page, site_url, index):
    page.goto(site_url + STORY)
    search_for(page, "applied scientist")
    expected = index.text_ids("applied scientist")
    assert 3 < len(expected) < len(index.ids)
    wait_for_text(
        page,
        ".careers-search-roles__link",
        f"Search {len(expected)} open roles for “applied scientist”",
    )
    roles = page.eval_on_selector_all(".careers-search-roles__role", "ls => ls.map(l => l.href)")
    assert roles == [f"{site_url}jobs/{job_id}/" for job_id in expected[:3]]
    # Material's own results are there too, and the arrow keys walk from the field to ours
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('careers-search-roles__link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/jobs/?text=applied+scientist")
    page.wait_for_selector("#careers-filters[data-ready=true]")
    assert shown(page) == expected
    assert page.input_value("#careers-text") == "applied scientist"
    assert page.log.errors == []


def test_the_header_search_says_when_no_role_matches(page, site_url, index):
    page.goto(site_url + "about/")
    search_for(page, "astronaut")
    wait_for_text(page, ".careers-search-roles__none", "No open roles match “astronaut”.")
    link = page.locator(".careers-search-roles__link")
    assert link.inner_text() == f"Browse all {len(index.ids)} open roles"
    assert link.get_attribute("href") == site_url + "jobs/"
    page.fill("input.md-search__input", "")  # an empty query shows no entry
    page.wait_for_selector(".careers-search-roles", state="hidden")


def test_the_search_index_holds_no_job_rows(sample):
    """Roles are found through /jobs/ (above): their titles stay out of Material's index."""
    index = json.loads(sample.text("search/", "search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "jobs/" in locations  # the page itself is found
    text = " ".join(doc["text"] for doc in index["docs"])
    for title in ("Multimodal Model Alignment", "Search Supply and Experiences"):
        assert title not in text


# --- the look: layout, tabs, colour schemes -------------------------------------------------------


@pytest.mark.parametrize("url", ["", STORY, "jobs/", OPEN_JOB, "people/elias-okoye/"])
def test_pages_use_the_width_without_documentation_sidebars(page, site_url, url):
    page.goto(site_url + url)
    assert page.locator(".md-sidebar--secondary").count() == 0  # no table of contents
    assert page.locator(".md-sidebar--primary").is_hidden()  # the nav is the tabs
    assert page.eval_on_selector(".md-content", "e => e.getBoundingClientRect().width") >= 1200
    assert "Material for MkDocs" not in page.inner_text("footer")


@pytest.mark.parametrize(
    ("url", "tab"),
    [
        ("", "Home"),
        (STORY, "Stories"),
        ("stories/topics/internships/", "Stories"),
        ("people/elias-okoye/", "People"),
        (OPEN_JOB, "Jobs"),
        ("jobs/teams/responsible-ai/", "Jobs"),
        (CITY, "Locations"),
        ("jobs/locations/", "Locations"),
        ("about/", "About"),
    ],
)
def test_the_tab_of_the_pages_section_is_marked(page, site_url, url, tab):
    page.goto(site_url + url)
    active = page.eval_on_selector_all(
        ".md-tabs__item--active", "items => items.map(i => i.innerText.trim())"
    )
    assert active == [tab]


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_colour_scheme_follows_the_reader_and_the_toggle_switches_it(browser, site_url):
    light = open_page(browser, color_scheme="light")
    dark = open_page(browser, color_scheme="dark")
    try:
        light.goto(site_url + STORY)
        assert light.evaluate("document.body.dataset.mdColorScheme") == "default"
        assert background(light) == "rgb(255, 255, 255)"
        dark.goto(site_url + STORY)
        assert dark.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert background(dark) == "rgb(15, 21, 28)"
        assert dark.eval_on_selector("article h1", "h => getComputedStyle(h).color") == (
            "rgb(230, 236, 242)"
        )
        # the header's toggle overrides the system's choice, and the choice is kept
        toggle = dark.locator("form[data-md-component=palette] label:not([hidden])")
        assert toggle.get_attribute("title") == "Switch to light mode"
        toggle.click()
        assert dark.evaluate("document.body.dataset.mdColorScheme") == "default"
        assert background(dark) == "rgb(255, 255, 255)"
        dark.goto(site_url + OPEN_JOB)  # a page cut from the shell keeps it too
        assert dark.evaluate("document.body.dataset.mdColorScheme") == "default"
        assert dark.log.errors == [] and light.log.errors == []
    finally:
        light.context.close()
        dark.context.close()


# --- the home page and the 404 page ---------------------------------------------------------------


def test_the_home_search_box_lands_on_jobs_filtered(page, site_url, index):
    page.goto(site_url)
    page.fill("#careers-home-hero-text", "economist")
    page.keyboard.press("Enter")
    page.wait_for_url("**/jobs/?text=economist")
    page.wait_for_selector("#careers-filters[data-ready=true]")
    assert shown(page) == index.text_ids("economist") != []
    assert page.input_value("#careers-text") == "economist"
    count = len(index.text_ids("economist"))
    assert page.inner_text("#careers-status") == f"{count} of {len(index.ids)} open roles match"


def test_the_404_page_opens_the_site_search(page, site_url):
    page.goto(site_url + "404.html")
    page.click(".careers-not-found__site-search")
    assert page.is_checked("#__search")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("intern")
    page.wait_for_selector(".md-search-result__item")
    assert page.log.errors == []


# --- a story -------------------------------------------------------------------------------------

STYLE = """e => {
  const s = getComputedStyle(e);
  return {weight: +s.fontWeight, size: parseFloat(s.fontSize), color: s.color,
          background: s.backgroundColor, bar: s.borderLeftColor, font: s.fontFamily};
}"""


def style(page, selector: str) -> dict:
    return page.eval_on_selector(selector, STYLE)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_story_headline_outweighs_its_standfirst_and_quotes_are_highlights(
    browser, site_url, width
):
    page = open_page(browser, width=width)
    try:
        page.goto(site_url + STORY)
        headline, standfirst = style(page, "article h1"), style(page, ".careers-standfirst")
        assert headline["weight"] >= 700 and headline["weight"] > standfirst["weight"]
        assert headline["size"] >= 1.6 * standfirst["size"]
        body = style(page, ".careers-story-body > p")
        quote = style(page, ".careers-story-body > blockquote")  # not a featured person's
        assert quote["background"] not in ("rgba(0, 0, 0, 0)", body["background"])
        assert quote["color"] == body["color"]  # full contrast, not grey fine print
        assert quote["size"] >= body["size"]
        accent = page.evaluate(
            "getComputedStyle(document.body).getPropertyValue('--cw-accent').trim()"
        )
        assert accent and quote["bar"] == page.evaluate(
            "c => { const e = document.createElement('i'); e.style.color = c;"
            " document.body.append(e); const v = getComputedStyle(e).color; e.remove(); return v }",
            accent,
        )
        # plain share links, made from the canonical URL
        shares = page.eval_on_selector_all(
            ".careers-share a", "links => links.map(a => [a.textContent, a.href])"
        )
        canonical = "https%3A%2F%2Fcareers.example.org%2F" + STORY.replace("/", "%2F")
        assert shares[0] == [
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?url={canonical}",
        ]
        assert [name for name, _ in shares] == ["LinkedIn", "X", "Email"]
        assert shares[2][1].startswith("mailto:?subject=Northwind%20Science%20hosts")
        # the hero image is loaded at once, not when scrolled to
        hero = page.locator("figure.careers-hero img")
        assert hero.get_attribute("loading") is None
        assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.log.errors == []
    finally:
        page.context.close()


# --- people --------------------------------------------------------------------------------------

WORDS_ON_ONE_LINE = """
els => els.every(el => {
  const text = el.firstChild;
  let start = 0;
  return text.data.split(" ").every(word => {
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + word.length);
    start += word.length + 1;
    return range.getClientRects().length === 1;  // a word broken across lines has two
  });
})
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_people_index_is_a_grid_that_keeps_names_whole(browser, site_url, width):
    page = open_page(browser, width=width)
    try:
        page.goto(site_url + "people/")
        names = ".careers-person-card__name a"
        assert page.locator(names).count() == 4
        assert page.eval_on_selector_all(names, WORDS_ON_ONE_LINE)
        lefts = {page.locator(names).nth(n).bounding_box()["x"] for n in range(4)}
        assert len(lefts) == (1 if width == 390 else 3)  # one column on a phone, more on a desktop
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.context.close()


# --- many results --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sixty_jobs_url(tmp_path_factory):
    from conftest import SiteSource

    source = SiteSource(tmp_path_factory.mktemp("sixty") / "src")
    places = ["DE, BE, Berlin", "US, MA, Boston", "US, MA, Cambridge"]
    for number in range(60):
        place = places[number % 3]
        source.job(
            f"job-{number:03}",
            locations=[place],
            posted=f"2026-{1 + number // 28:02}-{1 + number % 28:02}",
        )
    built = source.build()
    with StaticServer(built.dir) as server:
        yield server.url


def test_show_more_adds_the_next_rows_and_moves_focus_to_them(page, sixty_jobs_url):
    open_jobs(page, sixty_jobs_url)
    assert len(shown(page)) == 50
    more = page.locator("#careers-results .careers-more")
    assert more.inner_text() == "Show 10 more (10 not shown)"
    more.focus()
    page.keyboard.press("Enter")
    assert len(shown(page)) == 60
    assert more.is_hidden()
    assert page.evaluate("document.activeElement.href").endswith(f"/jobs/{shown(page)[50]}/")
    page.select_option("#careers-city", "de-be-berlin")  # a new view starts at the top again
    assert len(shown(page)) == 20 and more.is_hidden()


def test_a_city_is_narrower_than_its_region(page, sixty_jobs_url):
    open_jobs(page, sixty_jobs_url, "?region=us-ma")
    in_region = shown(page)
    assert len(in_region) == 40
    cities = page.eval_on_selector_all("#careers-city option", "os => os.map(o => o.text)")
    assert cities == ["All cities (40)", "Boston (20)", "Cambridge (20)"]
    page.select_option("#careers-city", "us-ma-cambridge")
    wait_for_query(page, {"country": ["us"], "region": ["us-ma"], "city": ["us-ma-cambridge"]})
    assert len(shown(page)) == 20
    assert set(shown(page)) == {f"job-{n:03}" for n in range(2, 60, 3)}
    page.select_option("#careers-country", "de")  # another country: its region and city go
    wait_for_query(page, {"country": ["de"]})
    assert page.input_value("#careers-region") == page.input_value("#careers-city") == ""
    assert len(shown(page)) == 20


# --- speed at a big company's size ---------------------------------------------------------------


@pytest.fixture(scope="module")
def big_site_url(sample, tmp_path_factory):
    """The sample site with the /jobs/ index of 20,000 synthetic jobs in place of its own."""
    folder = tmp_path_factory.mktemp("big") / "site"
    shutil.copytree(sample.dir, folder)
    (folder / "jobs" / "index.json").write_bytes(render_index(twenty_thousand_jobs_plan()))
    with StaticServer(folder) as server:
        yield server.url


READY_CLOCK = """
new MutationObserver((changes, observer) => {
  const root = document.getElementById('careers-filters');
  if (root && root.getAttribute('data-ready') === 'true') {
    window.careersReadyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});
"""


def test_twenty_thousand_jobs_load_and_filter(page, big_site_url):
    """At a big company's size the index loads, the first 50 results render and a filter applies.
    How fast is the benchmark's business (no timed assertions in unit tests)."""
    page.add_init_script(READY_CLOCK)
    page.clock.set_fixed_time(dt.datetime(2026, 11, 25, 12))  # the build's date: none closed since
    open_jobs(page, big_site_url, "?category=economics")
    assert page.evaluate("window.careersReadyAt") > 0
    assert len(shown(page)) == 50
    total = len(twenty_thousand_jobs_plan().jobs)
    assert re.fullmatch(rf"\d+ of {total} open roles match", page.inner_text("#careers-status"))
    before = page.inner_text("#careers-status")
    page.select_option("#careers-team", index=1)
    page.wait_for_function(
        "before => document.getElementById('careers-status').innerText !== before", arg=before
    )
    assert 0 < len(shown(page)) <= 50


# --- every page: no errors, nothing from other hosts ---------------------------------------------

PAGES = [
    "",
    "about/",
    "stories/",
    STORY,
    "people/",
    "jobs/",
    f"jobs/?city={BOSTON}",
    OPEN_JOB,
    CLOSED_JOB,
    CITY,
    "jobs/locations/",
    "jobs/teams/responsible-ai/",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_console_errors(page, site_url, url):
    page.goto(site_url + url)
    page.wait_for_load_state("networkidle")
    if page.locator("#careers-filters").count():
        page.wait_for_selector("#careers-filters[data-ready=true]")
    assert page.log.errors == []


def test_a_reader_fetches_nothing_from_other_hosts(page, site_url):
    for url in PAGES:
        page.goto(site_url + url)
        page.wait_for_load_state("networkidle")
    page.goto(site_url + "jobs/")
    page.wait_for_selector("#careers-filters[data-ready=true]")
    page.select_option("#careers-city", BOSTON)
    page.click("input.md-search__input")  # Material's search: its worker and index are local
    page.keyboard.type("intern")
    page.wait_for_selector(".md-search-result__item", timeout=5000)
    page.wait_for_load_state("networkidle")
    assert len(page.log.requests) > 20
    assert any(url.endswith("/jobs/index.json") for url in page.log.requests)
    assert any("search" in url for url in page.log.requests)
    assert page.log.foreign_requests() == []
    assert page.log.errors == []


def test_the_privacy_check_sees_a_request_to_another_host(page):
    """The check above can fail: a third-party image is seen (and refused, never fetched)."""
    page.set_content('<img src="https://fonts.example.com/x.png" alt="">')
    page.wait_for_load_state("networkidle")
    assert page.log.foreign_requests() == ["https://fonts.example.com/x.png"]
