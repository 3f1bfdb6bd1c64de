"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 beside every listing, valid, stable, reproducible.

feedparser is lenient, so every feed is also read with lxml and checked for what it lets pass:
RFC 822 dates with a zone, the required elements of RSS 2.0 and Atom, unique GUIDs, order.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import feedparser
import lxml.etree
import lxml.html
import pytest

pytest.register_assert_rewrite("browser_support")

from browser_support import StaticServer, open_page  # noqa: E402

from generator import build  # noqa: E402
from generator.config import CareersOptions, SiteConfig, load_site_config  # noqa: E402
from generator.model.records import Job  # noqa: E402
from generator.pages.plan import Feed  # noqa: E402
from generator.render import feeds  # noqa: E402
from generator.render.feeds import FeedRenderer, job_guid, story_guid  # noqa: E402
from tests.conftest import MKDOCS_YML, copy_sample  # noqa: E402

if TYPE_CHECKING:
    from tests.conftest import Built, SiteSource

pytest_plugins = ["browser_support"]

REPO = Path(__file__).resolve().parent.parent

ATOM = "{http://www.w3.org/2005/Atom}"
SAMPLE_URL = "https://careers.example.org/"
TEST_URL = "https://example.test/careers/"
FEED_FILES = ("feed.xml", "atom.xml", "feed.json")
RFC822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"
)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
PLACE = r"[a-z]{2}/([a-z0-9]+/([a-z0-9-]+/)?)?"  # a country, a region in it, a city in that
LISTING = re.compile(
    rf"(jobs/|stories/|jobs/locations/{PLACE}"
    rf"|jobs/(teams|categories)/[a-z0-9-]+/({PLACE})?|stories/topics/[a-z0-9-]+/)"
)


# -- reading a built site's feeds ------------------------------------------------------------


def feed_urls(built: Built) -> list[str]:
    """Every folder (relative to site_url) that holds a feed file."""
    found = {
        path.parent.relative_to(built.dir).as_posix() + "/"
        for name in FEED_FILES
        for path in built.dir.rglob(name)
    }
    return sorted(found)


def listing_page_urls(built: Built) -> list[str]:
    """Every page 1 of a listing of jobs or stories the site publishes."""
    urls = []
    for path in built.dir.rglob("index.html"):
        url = path.parent.relative_to(built.dir).as_posix() + "/"
        if LISTING.fullmatch(url) and url != "jobs/locations/":
            urls.append(url)
    return sorted(urls)


def rss(built: Built, url: str) -> lxml.etree._Element:
    return lxml.etree.fromstring(built.path(url, "feed.xml").read_bytes()).find("channel")


def atom(built: Built, url: str) -> lxml.etree._Element:
    return lxml.etree.fromstring(built.path(url, "atom.xml").read_bytes())


def json_feed(built: Built, url: str) -> dict:
    return json.loads(built.text(url, "feed.json"))


def rfc822(text: str | None) -> dt.datetime:
    assert text and RFC822.fullmatch(text), f"not an RFC 822 date with a numeric zone: {text!r}"
    moment = email.utils.parsedate_to_datetime(text)
    assert moment.tzinfo is not None
    return moment


def rfc3339(text: str | None) -> dt.datetime:
    assert text and RFC3339.fullmatch(text), f"not an RFC 3339 date-time with a zone: {text!r}"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def rss_guids(built: Built, url: str) -> list[str]:
    return [item.findtext("guid") for item in rss(built, url).findall("item")]


def rss_item(built: Built, url: str, guid: str) -> lxml.etree._Element:
    items = [item for item in rss(built, url).findall("item") if item.findtext("guid") == guid]
    assert len(items) == 1, f"{guid} in {url}feed.xml {len(items)} times"
    return items[0]


def all_guids(built: Built) -> dict[str, set[str]]:
    """GUID -> the feeds (url + file) it appears in, across all three formats."""
    found: dict[str, set[str]] = {}
    for url in feed_urls(built):
        for guid in rss_guids(built, url):
            found.setdefault(guid, set()).add(url + "feed.xml")
        for entry in atom(built, url).findall(f"{ATOM}entry"):
            found.setdefault(entry.findtext(f"{ATOM}id"), set()).add(url + "atom.xml")
        for item in json_feed(built, url)["items"]:
            found.setdefault(item["id"], set()).add(url + "feed.json")
    return found


# -- the sample site: every feed, every format ------------------------------------------------


def test_every_listing_has_its_three_feeds_and_no_feed_lacks_a_listing(sample: Built):
    listings = listing_page_urls(sample)
    assert {
        "jobs/",
        "stories/",
        "jobs/locations/us/",
        "jobs/locations/us/wa/",
        "jobs/locations/us/wa/seattle/",
    } <= set(listings)
    assert any(url.startswith("jobs/teams/") for url in listings)
    assert any(url.startswith("jobs/categories/") for url in listings)
    assert "jobs/categories/applied-science/us/wa/seattle/" in listings  # a category at a place
    assert any(url.startswith("stories/topics/") for url in listings)
    assert feed_urls(sample) == listings
    for url in listings:
        for name in FEED_FILES:
            assert sample.exists(url, name), f"{url}{name} missing"


def test_every_rss_feed_is_valid_rss_2(sample: Built):
    for url in feed_urls(sample):
        data = sample.path(url, "feed.xml").read_bytes()
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        root = lxml.etree.fromstring(data)
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        for required in ("title", "link", "description"):
            assert (channel.findtext(required) or "").strip(), f"{url}feed.xml: no <{required}>"
        assert channel.findtext("link") == SAMPLE_URL + url
        assert channel.findtext("language") == "en"
        self_links = channel.findall(f"{ATOM}link[@rel='self']")
        assert [link.get("href") for link in self_links] == [SAMPLE_URL + url + "feed.xml"]
        built_at = rfc822(channel.findtext("lastBuildDate"))
        items = channel.findall("item")
        assert len(items) <= 100
        guids = [item.findtext("guid") for item in items]
        assert len(guids) == len(set(guids)), f"{url}feed.xml repeats a GUID"
        dates = []
        for item in items:
            for required in ("title", "link", "description", "guid", "pubDate"):
                assert (item.findtext(required) or "").strip(), (
                    f"{url}feed.xml item lacks {required}"
                )
            assert item.find("guid").get("isPermaLink") == "false"
            assert item.findtext("link").startswith(SAMPLE_URL)
            if url.startswith("jobs/"):  # places, team, category
                assert len(item.findall("category")) >= 3, f"{url}feed.xml: too few categories"
            dates.append(rfc822(item.findtext("pubDate")))
        assert dates == sorted(dates, reverse=True), f"{url}feed.xml is not newest first"
        if dates:
            assert built_at >= dates[0]


def test_every_atom_feed_is_valid_atom_1(sample: Built):
    for url in feed_urls(sample):
        data = sample.path(url, "atom.xml").read_bytes()
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        feed = lxml.etree.fromstring(data)
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert (feed.findtext(f"{ATOM}{required}") or "").strip(), (
                f"{url}atom.xml: no {required}"
            )
        updated = rfc3339(feed.findtext(f"{ATOM}updated"))
        assert feed.findtext(f"{ATOM}author/{ATOM}name")
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links == {"self": SAMPLE_URL + url + "atom.xml", "alternate": SAMPLE_URL + url}
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) <= 100
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(ids) == len(set(ids))
        for entry in entries:
            for required in ("id", "title", "updated", "published", "summary", "content"):
                assert (entry.findtext(f"{ATOM}{required}") or "").strip(), (
                    f"{url}atom.xml: {required}"
                )
            assert rfc3339(entry.findtext(f"{ATOM}updated")) <= updated
            rfc3339(entry.findtext(f"{ATOM}published"))
            alternates = [
                link
                for link in entry.findall(f"{ATOM}link")
                if link.get("rel", "alternate") == "alternate"
            ]
            assert len(alternates) == 1, (
                f"{url}atom.xml: an entry with {len(alternates)} alternate links"
            )
        published = [rfc3339(entry.findtext(f"{ATOM}published")) for entry in entries]
        assert published == sorted(published, reverse=True)


def test_every_json_feed_is_valid_json_feed_1_1(sample: Built):
    for url in feed_urls(sample):
        data = json_feed(sample, url)
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"]
        assert data["home_page_url"] == SAMPLE_URL + url
        assert data["feed_url"] == SAMPLE_URL + url + "feed.json"
        assert isinstance(data["items"], list) and len(data["items"]) <= 100
        ids = [item["id"] for item in data["items"]]
        assert len(ids) == len(set(ids))
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert item.get("content_html") or item.get("content_text")
            assert item["url"].startswith(SAMPLE_URL)
            rfc3339(item["date_published"])
            rfc3339(item["date_modified"])
            if url.startswith("jobs/"):
                assert len(item["tags"]) >= 3
        published = [rfc3339(item["date_published"]) for item in data["items"]]
        assert published == sorted(published, reverse=True)


def test_the_three_formats_hold_the_same_items_in_the_same_order(sample: Built):
    for url in feed_urls(sample):
        atom_ids = [
            entry.findtext(f"{ATOM}id") for entry in atom(sample, url).findall(f"{ATOM}entry")
        ]
        json_ids = [item["id"] for item in json_feed(sample, url)["items"]]
        assert rss_guids(sample, url) == atom_ids == json_ids, url


def test_one_guid_per_job_or_story_across_the_site(sample: Built):
    guids = all_guids(sample)
    jobs_feed = rss_guids(sample, "jobs/")
    assert jobs_feed and len(jobs_feed) == len(set(jobs_feed))
    # Each GUID is a job's or a story's own, whatever feed it appears in.
    items = [*rss(sample, "jobs/").findall("item"), *rss(sample, "stories/").findall("item")]
    by_link = {item.findtext("link"): item.findtext("guid") for item in items}
    for link, guid in by_link.items():
        kind, key = link.removeprefix(SAMPLE_URL).strip("/").split("/")
        assert guid == (job_guid(key) if kind == "jobs" else story_guid(key))
    assert set(by_link.values()) == set(guids)


def test_channel_titles_name_the_slice(sample: Built):
    assert rss(sample, "jobs/locations/us/wa/seattle/").findtext("title") == (
        "Open roles in Seattle, Washington, United States"
    )
    assert rss(sample, "jobs/locations/us/").findtext("title") == "Open roles in United States"
    assert rss(sample, "jobs/").findtext("title") == "Open roles at Northwind Science"
    team = next(url for url in feed_urls(sample) if url.startswith("jobs/teams/"))
    team_name = lxml.html.fromstring(sample.text(team)).findtext(".//h1")
    assert team_name.split(": ", 1)[1] in rss(sample, team).findtext("title")
    titles = [rss(sample, url).findtext("title") for url in feed_urls(sample)]
    assert len(titles) == len(set(titles)), "two feeds share a title"


def test_job_items_carry_places_team_category_and_key_facts(sample: Built):
    item = rss_item(sample, "jobs/locations/us/wa/seattle/", job_guid("shp-2874502"))
    assert [c.text for c in item.findall("category")] == [
        "US/WA/Seattle",
        "US/NY/New York",
        "Shipping Science",
        "Research Science",
    ]
    assert item.findtext("link") == SAMPLE_URL + "jobs/shp-2874502/"
    description = lxml.html.fromstring(item.findtext("description"))
    text = description.text_content()
    assert "Research how a national parcel network" in text  # the summary
    assert (
        "Seattle, Washington, United States" in text and "New York, New York, United States" in text
    )
    assert "Team: Shipping Science" in text and "Category: Research Science" in text
    assert "Employment type: Full time" in text
    assert "Posted: 8 September 2026" in text
    assert "Salary" not in text  # this job gives none
    assert description.xpath("//a[text()='Apply']/@href") == [
        "https://jobs.example.org/apply/shp-2874502"
    ]
    with_salary = lxml.html.fromstring(
        rss_item(sample, "jobs/", job_guid("spa-2933187")).findtext("description")
    )
    assert "Salary: USD 129,300–223,600 per year" in with_salary.text_content()


def test_story_items_carry_summary_image_and_the_people_by_name(sample: Built):
    item = rss_item(sample, "stories/", story_guid("forecasting-the-first-mile"))
    description = lxml.html.fromstring(item.findtext("description"))
    text = description.text_content()
    assert "Data science intern Maya Okafor spent her summer in Gurugram" in text
    assert "Featuring: Maya Okafor (Data science intern)" in text
    assert "maya-okafor" not in text  # names, not profile ids
    assert description.xpath("//img/@src") == [SAMPLE_URL + "images/story-first-mile.svg"]
    assert [c.text for c in item.findall("category")] == ["Internships", "Logistics", "Forecasting"]
    entry = next(
        item
        for item in json_feed(sample, "stories/")["items"]
        if item["id"] == story_guid("forecasting-the-first-mile")
    )
    assert entry["image"] == SAMPLE_URL + "images/story-first-mile.svg"
    assert entry["summary"].startswith("Data science intern Maya Okafor")
    assert entry["date_modified"].startswith("2026-09-02")  # its `updated`


# -- the pages that advertise feeds ----------------------------------------------------------


def head_feed_links(page) -> dict[str, str]:
    return {
        link.get("type"): link.get("href")
        for link in page.xpath("//head/link[@rel='alternate']")
        if link.get("type") in ("application/atom+xml", "application/feed+json")
    }


def test_every_listing_page_advertises_its_feeds_and_shows_subscribe(sample: Built):
    pages = [
        path.parent.relative_to(sample.dir).as_posix() + "/"
        for path in sample.dir.rglob("index.html")
    ]
    paged = [url for url in pages if re.search(r"/page/\d+/$", url)]
    checked = 0
    for url in [*listing_page_urls(sample), *paged]:
        listing = re.sub(r"page/\d+/$", "", url)
        page = sample.html(url)
        base = SAMPLE_URL + url
        rss_links = {
            urljoin(base, link.get("href"))
            for link in page.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")
        }
        assert SAMPLE_URL + listing + "feed.xml" in rss_links, url
        others = {kind: urljoin(base, href) for kind, href in head_feed_links(page).items()}
        assert others == {
            "application/atom+xml": SAMPLE_URL + listing + "atom.xml",
            "application/feed+json": SAMPLE_URL + listing + "feed.json",
        }, url
        subscribe = page.xpath("//*[contains(@class, 'careers-subscribe')]")
        assert len(subscribe) == 1 and "Subscribe" in subscribe[0].text_content(), url
        assert not subscribe[0].xpath("ancestor-or-self::*[@hidden]")
        targets = {urljoin(base, href) for href in subscribe[0].xpath(".//a/@href")}
        assert SAMPLE_URL + listing + "feed.xml" in targets
        checked += 1
    assert checked >= len(feed_urls(sample))


def test_every_page_advertises_the_site_wide_jobs_and_stories_feeds(sample: Built):
    pages = sorted(sample.dir.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        url = path.relative_to(sample.dir).as_posix()
        page = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        hrefs = {
            urljoin(SAMPLE_URL + url, link.get("href"))
            for link in page.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")
        }
        assert {SAMPLE_URL + "jobs/feed.xml", SAMPLE_URL + "stories/feed.xml"} <= hrefs, url


# -- small sites: limits, empty feeds, feedgen's traps, stable GUIDs -------------------------


def test_a_feed_holds_the_100_newest_items_newest_first(source: SiteSource):
    start = dt.date(2026, 1, 1)
    for n in range(105):  # file order (by id) is the reverse of date order
        source.job(f"job-{n:03d}", posted=(start + dt.timedelta(days=104 - n)).isoformat())
    built = source.build()
    links = [item.findtext("link") for item in rss(built, "jobs/").findall("item")]
    assert links == [f"{TEST_URL}jobs/job-{n:03d}/" for n in range(100)]
    assert len(json_feed(built, "jobs/")["items"]) == 100
    assert len(atom(built, "jobs/locations/us/wa/seattle/").findall(f"{ATOM}entry")) == 100
    assert rfc822(rss(built, "jobs/").findtext("lastBuildDate")).date() == start + dt.timedelta(
        days=104
    )


def test_feedgen_traps_link_order_and_build_date(source: SiteSource, tmp_path: Path):
    source.job("b-older", posted="2026-10-15")
    source.job("a-newer", posted="2026-11-02")  # written second, sorts first by name
    source.job("c-newest-elsewhere", posted="2026-11-03", locations=["IN, KA, Bengaluru"])
    source.story("s1", date="2026-09-01")
    source.story("s2", date="2026-10-01", updated="2026-10-20")
    first = source.build(today="2026-11-25", site_dir=tmp_path / "one")
    seattle = rss(first, "jobs/locations/us/wa/seattle/")
    # The RSS <link> is the listing, not the self link (feedgen uses the last link() call).
    assert seattle.findtext("link") == TEST_URL + "jobs/locations/us/wa/seattle/"
    assert seattle.find(f"{ATOM}link").get("href").endswith("seattle/feed.xml")
    # add_entry() prepends unless told to append: the items must stay newest first.
    assert [i.findtext("link") for i in seattle.findall("item")] == [
        TEST_URL + "jobs/a-newer/",
        TEST_URL + "jobs/b-older/",
    ]
    # Build dates come from the content (the newest item in this feed), never the clock.
    assert seattle.findtext("lastBuildDate") == "Mon, 02 Nov 2026 00:00:00 +0000"
    assert rss(first, "jobs/").findtext("lastBuildDate") == "Tue, 03 Nov 2026 00:00:00 +0000"
    assert rss(first, "stories/").findtext("lastBuildDate") == "Tue, 20 Oct 2026 00:00:00 +0000"
    assert (
        atom(first, "jobs/locations/us/wa/seattle/")
        .findtext(f"{ATOM}updated")
        .startswith("2026-11-02")
    )
    # Another day, the same content: every feed the same, byte for byte.
    second = source.build(today="2026-12-20", site_dir=tmp_path / "two")
    assert feed_urls(first) == feed_urls(second)
    for url in feed_urls(first):
        for name in FEED_FILES:
            assert first.path(url, name).read_bytes() == second.path(url, name).read_bytes(), (
                url + name
            )


def test_empty_feeds_are_valid_and_a_listing_without_a_page_has_no_feed(source: SiteSource):
    source.job(
        "closed-paris",
        locations=["FR, IDF, Paris"],
        team="Gone Team",
        category="Gone Category",
        posted="2026-01-10",
        valid_through="2026-03-01",
    )
    built = source.build()
    for url in ("jobs/", "stories/"):
        parsed = feedparser.parse(built.path(url, "feed.xml").read_bytes())
        assert not parsed.bozo and parsed.version == "rss20" and parsed.entries == []
        channel = rss(built, url)
        for required in ("title", "link", "description"):
            assert channel.findtext(required)
        rfc822(channel.findtext("lastBuildDate"))
        feed = atom(built, url)
        assert not feedparser.parse(built.path(url, "atom.xml").read_bytes()).bozo
        assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}title")
        rfc3339(feed.findtext(f"{ATOM}updated"))
        assert json_feed(built, url)["items"] == []
    assert feed_urls(built) == ["jobs/", "stories/"]
    assert not built.exists("jobs/locations/fr/") and not built.exists(
        "jobs/locations/fr/", "feed.xml"
    )
    assert built.exists("jobs/closed-paris/")  # its page stays, with no feed of its places


def test_guids_survive_edits_of_title_dates_locations_order_and_scheme(
    source: SiteSource, tmp_path: Path
):
    source.job("keep-1", posted="2026-11-01")
    source.job("keep-2", posted="2026-10-01", locations=["IN, KA, Bengaluru"])
    source.story("keep-story", date="2026-10-01", topics=["Careers"])
    before = source.build(site_dir=tmp_path / "before")
    guids_before = all_guids(before)
    assert job_guid("keep-1") in guids_before and story_guid("keep-story") in guids_before

    config = source.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://example.test", "http://example.test"))
    source.job(
        "keep-1",
        title="A new title",
        posted="2026-09-01",
        locations=["DE, BE, Berlin"],
        valid_through="2027-01-01",
    )
    source.job("keep-2", posted="2026-11-05", title="Now the newest")  # the order flips
    source.story(
        "keep-story", title="Retitled", date="2026-09-15", updated="2026-11-01", topics=["Science"]
    )
    after = source.build(site_dir=tmp_path / "after")
    guids_after = all_guids(after)
    assert rss(after, "jobs/").findtext("link").startswith("http://example.test/")
    assert set(guids_after) == set(guids_before)
    assert rss_guids(after, "jobs/") == [job_guid("keep-2"), job_guid("keep-1")]
    assert rss_guids(before, "jobs/") == [job_guid("keep-1"), job_guid("keep-2")]
    assert job_guid("keep-1") in rss_guids(after, "jobs/locations/de/be/berlin/")
    assert rss_guids(after, "stories/") == [story_guid("keep-story")]
    # The Atom feed's own id survives the scheme change too.
    assert atom(after, "jobs/").findtext(f"{ATOM}id") == atom(before, "jobs/").findtext(f"{ATOM}id")
    for guid in guids_after:
        assert "example.test" not in guid
    assert len({job_guid("keep-1"), job_guid("keep-2"), story_guid("keep-1")}) == 3


def test_each_item_is_made_once_however_many_feeds_and_renderers_hold_it(
    source: SiteSource, monkeypatch
):
    """The build makes a renderer per chunk of feeds, in each worker process: an item is made once
    per process all the same."""
    for n in range(3):
        source.job(f"job-{n}", posted=f"2026-11-0{n + 1}")
    source.person("ada", name="Ada Lovelace")
    source.story("s", people=["ada"], topics=["A", "B"])
    config, _ = load_site_config(source.root / "mkdocs.yml")
    prepared = build.prepare(source.root, config, dt.date(2026, 11, 25))
    monkeypatch.setattr(feeds, "_shared_entries", None)  # as in a new process
    made = []
    for name in ("_job", "_story"):
        original = getattr(FeedRenderer, name)
        monkeypatch.setattr(
            FeedRenderer,
            name,
            lambda self, record, *rest, original=original: (
                made.append(record) or original(self, record, *rest)
            ),
        )
    outputs = [FeedRenderer(prepared.site.config).render(feed) for feed in prepared.plan.feeds]
    # all, country, region, city, team, category, the team and the category at each of the
    # three places; stories, two topics
    assert len(prepared.plan.feeds) == 15
    assert sorted(getattr(r, "id", None) or r.slug for r in made) == [
        "job-0",
        "job-1",
        "job-2",
        "s",
    ]
    assert all(out["feed.xml"].count(b"<item>") == 3 for out in outputs[:12])
    assert all(b"Ada Lovelace" in out["feed.xml"] for out in outputs[12:])


# -- reproducible builds ---------------------------------------------------------------------


def build_in_subprocess(root: Path, site_dir: Path, hash_seed: str, tz: str) -> None:
    epoch = int(dt.datetime(2026, 11, 25, 15, 30, tzinfo=dt.UTC).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": hash_seed, "TZ": tz}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--root",
            str(root),
            "--site-dir",
            str(site_dir),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


def all_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_builds_of_the_sample_are_byte_identical(tmp_path: Path):

    roots = [tmp_path / "first" / "src", tmp_path / "second" / "elsewhere" / "src"]
    for root in roots:
        copy_sample(root)
    build_in_subprocess(roots[0], tmp_path / "site-a", "1", "UTC")
    build_in_subprocess(roots[1], tmp_path / "site-b", "4242", "Pacific/Kiritimati")
    first, second = all_files(tmp_path / "site-a"), all_files(tmp_path / "site-b")
    assert sorted(first) == sorted(second)
    for name in (
        "sitemap.xml",
        "search/search_index.json",
        "jobs/feed.xml",
        "stories/atom.xml",
        "jobs/locations/us/wa/seattle/feed.json",
        "index.html",
        "jobs/index.html",
    ):
        assert name in first
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_feed_dates_are_in_the_content_not_the_clock(sample: Built):
    """No feed carries today's date unless some content does."""
    real_today = dt.datetime.now(dt.UTC).date()
    content_dates = set()
    for url in feed_urls(sample):
        content_dates |= {
            rfc822(item.findtext("pubDate")).date() for item in rss(sample, url).findall("item")
        }
        content_dates |= {
            rfc3339(entry.findtext(f"{ATOM}updated")).date()
            for entry in atom(sample, url).findall(f"{ATOM}entry")
        }
    for url in feed_urls(sample):
        channel = rss(sample, url)
        built_at = rfc822(channel.findtext("lastBuildDate")).date()
        assert built_at in content_dates, url
        if real_today not in content_dates:
            assert real_today.isoformat() not in sample.text(url, "atom.xml")


@pytest.mark.parametrize("kind", ["feed.xml", "atom.xml"])
def test_feeds_are_utf8_xml_with_a_declaration(sample: Built, kind: str):
    for url in feed_urls(sample):
        assert (
            sample.path(url, kind)
            .read_bytes()
            .startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
        )


def test_any_characters_in_a_source_give_well_formed_feeds(source: SiteSource):
    title = 'Scientist <b>&amp; "AI"</b> ]]> café'
    source.job(
        "odd-1",
        title=title,
        summary="Teaser with </description> in it",
        team="R&D <Team>",
        category="Data ]]> Science",
    )
    built = source.build()
    for url in feed_urls(built):
        for name in ("feed.xml", "atom.xml"):
            assert not feedparser.parse(built.path(url, name).read_bytes()).bozo, url + name
    item = rss(built, "jobs/").find("item")
    assert item.findtext("title") == title
    assert [c.text for c in item.findall("category")][1:] == ["R&D <Team>", "Data ]]> Science"]
    description = lxml.html.fromstring(item.findtext("description")).text_content()
    assert "Teaser with </description> in it" in description
    assert json_feed(built, "jobs/")["items"][0]["title"] == title


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    """Strict YAML refuses control characters, but other routes in (an ATS import) may not."""
    job = Job.model_validate(
        {
            "id": "ctl-1",
            "title": "Scientist \v\x01 \ufffe x",
            "locations": ["US, WA, Seattle"],
            "team": "T\x1f",
            "category": "C",
            "posted": "2026-11-01",
            "apply_url": "https://jobs.example.test/ctl-1",
            "description": "Hello \x02 there",
        }
    )
    config = SiteConfig(site_name="S", site_url=TEST_URL)
    updated = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    feed = Feed("jobs/", "Open roles \x07", "All \x08", "jobs", [job], updated)
    files = FeedRenderer(config).render(feed)
    for name in ("feed.xml", "atom.xml"):
        assert not feedparser.parse(files[name]).bozo, name
    channel = lxml.etree.fromstring(files["feed.xml"]).find("channel")
    assert channel.findtext("title") == "Open roles "
    assert channel.findtext("item/title") == "Scientist   x"
    assert [c.text for c in channel.findall("item/category")] == ["US/WA/Seattle", "T", "C"]
    assert json.loads(files["feed.json"])["items"][0]["title"] == "Scientist   x"


# -- the stylesheet: a feed opened in a browser reads as a page ------------------------------

XSL_PI = re.compile(rb'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>')


def stylesheet_href(data: bytes) -> str:
    """The href of the instruction that must follow the XML declaration, and nothing else."""
    declaration, _, rest = data.partition(b"\n")
    assert declaration == b"<?xml version='1.0' encoding='UTF-8'?>"
    found = XSL_PI.match(rest)
    assert found, rest[:120]
    pi = lxml.etree.fromstring(data).getprevious()
    assert pi is not None and pi.target == "xml-stylesheet" and pi.get("type") == "text/xsl"
    return found.group(1).decode()


def test_every_rss_and_atom_file_names_a_stylesheet_on_the_site(sample: Built):
    checked = 0
    for url in feed_urls(sample):
        for name in ("feed.xml", "atom.xml"):
            address = SAMPLE_URL + url + name
            target = urljoin(address, stylesheet_href(sample.path(url, name).read_bytes()))
            assert target == SAMPLE_URL + "feed.xsl", address
            checked += 1
    assert checked == 2 * len(feed_urls(sample)) and checked > 20
    lxml.etree.XSLT(lxml.etree.parse(str(sample.path("", "feed.xsl"))))  # a valid stylesheet


def test_the_stylesheet_resolves_under_a_site_url_with_a_path(source: SiteSource):
    source.job("deep-1", locations=["US, WA, Seattle"])
    built = source.build()  # site_url https://example.test/careers/
    for url in ("jobs/", "jobs/locations/us/wa/seattle/", "stories/"):
        for name in ("feed.xml", "atom.xml"):
            href = stylesheet_href(built.path(url, name).read_bytes())
            assert urljoin(TEST_URL + url + name, href) == TEST_URL + "feed.xsl"
    assert built.path("", "feed.xsl").read_bytes().startswith(b"<?xml")


def transformed(built: Built, url: str, name: str, plain: bool = False):
    """The page the site's stylesheet makes of a feed (lxml runs libxslt, as Chromium does)."""
    transform = lxml.etree.XSLT(lxml.etree.parse(str(built.path("", "feed.xsl"))))
    params = {"plain": "true()"} if plain else {}
    result = transform(lxml.etree.parse(str(built.path(url, name))), **params)
    return lxml.html.fromstring(str(result))


def page_items(page) -> list[tuple[str, str, str, str]]:
    """(link, title, date shown, summary text) of each item on a feed's page, in order."""
    return [
        (
            item.xpath("string(.//h3/a/@href)"),
            item.xpath("string(.//h3/a)"),
            " ".join(item.xpath("string(.//time)").split()),
            " ".join(item.xpath("string(.//*[@class='summary'])").split()),
        )
        for item in page.xpath("//li[@class='item']")
    ]


def shown_date(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def test_the_stylesheet_shows_title_subscribe_address_and_every_rss_item(sample: Built):
    channel = rss(sample, "jobs/")
    page = transformed(sample, "jobs/", "feed.xml")
    assert page.xpath("string(//h1)") == channel.findtext("title")
    assert page.xpath("string(//header//p[@class='lead'])") == channel.findtext("description")
    subscribe = page.xpath("//section[@class='subscribe']")[0]
    assert "How to subscribe" in subscribe.text_content()
    assert "feed reader" in subscribe.text_content()
    assert subscribe.xpath("string(.//code)") == SAMPLE_URL + "jobs/feed.xml"
    assert subscribe.xpath(".//a/@href") == [SAMPLE_URL + "jobs/"]
    items = channel.findall("item")
    assert len(items) >= 10
    shown = page_items(page)
    assert [(link, title) for link, title, _, _ in shown] == [
        (item.findtext("link"), item.findtext("title")) for item in items
    ]
    for (_, _, date, summary), item in zip(shown, items, strict=True):
        assert date == shown_date(rfc822(item.findtext("pubDate")))
        facts = lxml.html.fromstring(item.findtext("description")).text_content()
        assert summary == " ".join(facts.split())  # the item's HTML, as HTML
    assert page.xpath("//li[@class='item']//ul/li")  # the key facts are a list, not text
    assert f"{len(items)} items, newest first" in page.text_content()


def test_the_stylesheet_shows_every_atom_entry(sample: Built):
    feed = atom(sample, "stories/")
    page = transformed(sample, "stories/", "atom.xml")
    assert page.xpath("string(//h1)") == feed.findtext(f"{ATOM}title")
    assert page.xpath("string(//code)") == SAMPLE_URL + "stories/atom.xml"
    assert page.get("lang") == "en"
    entries = feed.findall(f"{ATOM}entry")
    shown = page_items(page)
    assert len(shown) == len(entries) >= 3
    for (link, title, date, summary), entry in zip(shown, entries, strict=True):
        assert link == entry.find(f"{ATOM}link").get("href")
        assert title == entry.findtext(f"{ATOM}title")
        assert date == shown_date(rfc3339(entry.findtext(f"{ATOM}published")))
        assert entry.findtext(f"{ATOM}summary") in summary
    assert page.xpath("//li[@class='item']//img/@src")  # the story's picture


def test_the_stylesheet_without_html_copying_shows_the_text_unescaped(source: SiteSource):
    """Firefox's XSLT cannot copy an item's HTML: its text is shown, tags gone, & < > back."""
    source.job("odd-1", title="R&D <b>lead</b>", summary='Tom & Jerry\'s "<lab>" work')
    source.story("odd-story", summary="Fish & <chips>")
    built = source.build()
    _, title, _, summary = page_items(transformed(built, "jobs/", "feed.xml", plain=True))[0]
    assert title == "R&D <b>lead</b>"
    assert summary.startswith('Tom & Jerry\'s "<lab>" work Location: Seattle')
    assert "<li>" not in summary and "&amp;" not in summary and "&lt;" not in summary
    story = page_items(transformed(built, "stories/", "atom.xml", plain=True))[0]
    assert story[3] == "Fish & <chips>"  # Atom has a plain-text summary


def test_an_empty_feed_reads_as_a_page_that_says_so(source: SiteSource):
    built = source.build()
    for name in ("feed.xml", "atom.xml"):
        page = transformed(built, "jobs/", name)
        assert page_items(page) == []
        assert "Nothing here right now" in page.text_content()
        assert page.xpath("string(//code)") == TEST_URL + "jobs/" + name


# -- channel images, icons and ttl ------------------------------------------------------------


def with_options(source: SiteSource, **options: str) -> None:
    """Add options of the `careers` plugin to the test site's mkdocs.yml."""
    lines = "".join(f"      {key}: {value}\n" for key, value in options.items())
    source.write("mkdocs.yml", MKDOCS_YML + lines)


def test_a_raster_logo_is_the_channel_image_and_the_feeds_carry_icons_and_ttl(
    source: SiteSource,
):
    with_options(source, organization_logo="images/logo.png")
    source.job("logo-1")
    built = source.build()
    logo, favicon = TEST_URL + "images/logo.png", TEST_URL + "assets/images/favicon.png"
    assert built.exists("assets/images", "favicon.png")  # Material's, the icon named below
    for url in ("jobs/", "stories/"):
        data = built.path(url, "feed.xml").read_bytes()
        assert not feedparser.parse(data).bozo
        channel = rss(built, url)
        assert channel.findtext("ttl") == "60"
        image = channel.find("image")
        assert image.findtext("url") == logo
        assert image.findtext("title") == channel.findtext("title")
        assert image.findtext("link") == channel.findtext("link") == TEST_URL + url
        feed = atom(built, url)
        assert not feedparser.parse(built.path(url, "atom.xml").read_bytes()).bozo
        assert feed.findtext(f"{ATOM}icon") == favicon
        assert feed.findtext(f"{ATOM}logo") == logo
        head = json_feed(built, url)
        assert (head["icon"], head["favicon"]) == (logo, favicon)
    page = transformed(built, "jobs/", "feed.xml")
    assert page.xpath("//head/link[@rel='icon']/@href") == [logo]


def test_a_logo_elsewhere_is_used_as_it_is_and_its_type_read_from_its_path():
    logo = "https://cdn.example.test/brand/Logo.PNG?v=2"
    options = CareersOptions(organization_logo=logo)
    config = SiteConfig(site_name="S", site_url=TEST_URL, options=options)
    updated = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    files = FeedRenderer(config).render(Feed("jobs/", "Roles", "All", "jobs", [], updated))
    assert lxml.etree.fromstring(files["feed.xml"]).findtext("channel/image/url") == logo
    assert json.loads(files["feed.json"])["icon"] == logo


def test_an_svg_logo_is_no_rss_image_and_no_logo_is_none(source: SiteSource, tmp_path: Path):
    source.job("svg-1")
    source.write(
        "mkdocs.yml",
        MKDOCS_YML.replace("  name: material\n", "  name: material\n  favicon: images/fav.png\n")
        + "      organization_logo: images/logo.svg\n",
    )
    built = source.build(site_dir=tmp_path / "svg")
    assert rss(built, "jobs/").find("image") is None  # RSS 2.0 allows GIF, JPEG and PNG only
    assert atom(built, "jobs/").findtext(f"{ATOM}logo") == TEST_URL + "images/logo.svg"
    assert atom(built, "jobs/").findtext(f"{ATOM}icon") == TEST_URL + "images/fav.png"
    assert json_feed(built, "jobs/")["favicon"] == TEST_URL + "images/fav.png"
    source.write("mkdocs.yml", MKDOCS_YML)
    plain = source.build(site_dir=tmp_path / "plain")
    assert rss(plain, "jobs/").find("image") is None
    assert atom(plain, "jobs/").find(f"{ATOM}logo") is None
    assert "icon" not in json_feed(plain, "jobs/")
    assert json_feed(plain, "jobs/")["favicon"] == TEST_URL + "assets/images/favicon.png"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_feed_opened_in_chromium_reads_as_a_page(browser, source: SiteSource, tmp_path, width):
    served = tmp_path / "served"
    served.mkdir()
    with StaticServer(served) as server:
        source.write("mkdocs.yml", MKDOCS_YML.replace(TEST_URL, server.url))
        picture = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>'
        source.write("content/images/pic.svg", picture)
        source.job("new-1", title="Applied Scientist, Maps", posted="2026-11-20")
        source.job("old-1", title="Economist & Forecaster", posted="2026-10-02")
        source.story("pictured", image={"src": "images/pic.svg", "alt": "A picture"})
        source.build(site_dir=served)
        for url, name, titles in (
            ("jobs/", "feed.xml", ["Applied Scientist, Maps", "Economist & Forecaster"]),
            ("jobs/", "atom.xml", ["Applied Scientist, Maps", "Economist & Forecaster"]),
            ("stories/", "atom.xml", ["Story pictured"]),
        ):
            page = open_page(browser, width=width)
            page.goto(server.url + url + name)
            assert page.inner_text("h1") == (
                "Open roles at Test Org" if url == "jobs/" else "Test Careers: stories"
            )
            subscribe = page.inner_text(".subscribe")
            assert "How to subscribe" in subscribe and "feed reader" in subscribe
            assert page.inner_text(".subscribe code") == server.url + url + name
            links = page.eval_on_selector_all(
                "li.item h3 a", "links => links.map(a => [a.textContent, a.href])"
            )
            assert [title for title, _ in links] == titles
            assert all(href.startswith(server.url) for _, href in links)
            dates = page.eval_on_selector_all("li.item time", "t => t.map(e => e.textContent)")
            if url == "jobs/":
                assert [" ".join(d.split()) for d in dates] == ["20 Nov 2026", "2 Oct 2026"]
                assert "Team: Search Science" in page.inner_text("li.item")  # summary and facts
            else:
                page.wait_for_function("document.querySelector('li.item img').complete")
                assert page.eval_on_selector("li.item img", "img => img.naturalWidth") == 40
                assert "About pictured." in page.inner_text("li.item")
            page.click("li.item h3 a")  # an item's title leads to its page on the site
            page.wait_for_url(links[0][1])
            # Chromium reports the fetches of the feed's document (the stylesheet, the icon) as
            # aborted once the transformed page replaces it, and once the click leaves the page
            # (the server answered them: the page above is their work).
            errors = [error for error in page.log.errors if "net::ERR_ABORTED" not in error]
            assert errors == [] and page.log.foreign_requests() == [], page.log
            page.goto(server.url + url + name)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.context.close()


def head_feed_hrefs(built: Built, path: Path, site_url: str) -> list[str]:
    url = site_url + path.relative_to(built.dir).as_posix()
    page = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    return [urljoin(url, href) for href in page.xpath("//head/link[@rel='alternate']/@href")]


def test_no_page_lists_a_feed_twice_in_its_head(sample: Built, source: SiteSource):
    pages = sorted(sample.dir.rglob("*.html"))
    for path in pages:
        hrefs = head_feed_hrefs(sample, path, SAMPLE_URL)
        assert len(hrefs) == len(set(hrefs)), (path, hrefs)
    jobs = head_feed_hrefs(sample, sample.path("jobs/"), SAMPLE_URL)
    assert jobs.count(SAMPLE_URL + "jobs/feed.xml") == 1
    assert SAMPLE_URL + "stories/feed.xml" in jobs
    with_options(source, jobs_per_page="1")  # /jobs/page/2/: a page written without MkDocs
    for n in range(3):
        source.job(f"paged-{n}")
    built = source.build()
    second = head_feed_hrefs(built, built.path("jobs/page/2/"), TEST_URL)
    assert sorted(second) == sorted(
        [TEST_URL + "jobs/" + name for name in FEED_FILES] + [TEST_URL + "stories/feed.xml"]
    )
