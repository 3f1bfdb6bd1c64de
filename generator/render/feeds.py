"""Feeds for subscribers: RSS 2.0 and Atom 1.0 through feedgen, and JSON Feed 1.1, per listing.

GUIDs depend on the job id or story slug alone (never title, dates, order or site_url), so a
reader announces each role once. Dates come from the content, never the clock: feedgen stamps
`lastBuildDate`, the feed's `updated` and every entry's `updated` with *now* unless told
otherwise, so each is always set here.

A job sits in many feeds (all roles, its country, region, city, team and category): its item is
built once per build (`FeedRenderer.item`) and copied into each feed that holds it.

Every RSS and Atom file names the site's feed stylesheet (`feed.xsl`, written at the site's root
by the build), so a feed opened in a browser reads as a page; with `websub_hub` set every feed
names the hub (and its own `self` URL, which WebSub requires), so subscribers get pushes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.config import SiteConfig
from generator.model import urls
from generator.model.places import applicant_countries, country_name, region_name
from generator.model.records import Job, Person, Story
from generator.model.site import story_modified
from generator.model.text import EMPLOYMENT_LABELS, job_summary, long_date, salary_text
from generator.pages.kinds import Feed

_GUID_NAMESPACE = uuid.UUID("6f1d3c62-8a4b-4f0e-9a57-2b1c0d9e7a11")
FILES = ("feed.xml", "atom.xml", "feed.json")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
GENERATOR = "careers-generator"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
STYLESHEET = "feed.xsl"  # at the site's root: what a browser shows for an RSS or Atom file
TTL_MINUTES = 60  # RSS <ttl>: how long a reader may cache a feed (WebSub pushes sooner)
RSS_IMAGE_TYPES = (".gif", ".jpg", ".jpeg", ".png")  # all that RSS 2.0 <image> allows
_ATOM_NS = "http://www.w3.org/2005/Atom"


def stylesheet() -> bytes:
    """The XSL stylesheet (generator/render/feed.xsl) every RSS and Atom file names."""
    return (Path(__file__).parent / STYLESHEET).read_bytes()


def feed_files(feeds: list[Feed]) -> list[str]:
    """Every feed file the site publishes, site-relative: "jobs/feed.xml", ..."""
    return [feed.url + name for feed in feeds for name in urls.FEED_FILES]


def guid(kind: str, key: str) -> str:
    """`urn:uuid:` from the job id or story slug only: stable across every other edit."""
    return f"urn:uuid:{uuid.uuid5(_GUID_NAMESPACE, f'{kind}/{key}')}"


def job_guid(job_id: str) -> str:
    return guid("job", job_id)


def story_guid(slug: str) -> str:
    return guid("story", slug)


def place_category(country: str, region: str, city: str) -> str:
    """A job's place as a feed category: `US/WA/Seattle`."""
    return f"{country}/{region}/{city}"


class _Entry(FeedEntry):
    """A feedgen entry whose XML element is built once and copied into every feed holding it."""

    def __init__(self) -> None:
        super().__init__()
        self._built: dict[str, object] = {}

    def rss_entry(self, extensions: bool = True):
        if "rss" not in self._built:
            self._built["rss"] = super().rss_entry(extensions)
        return copy.deepcopy(self._built["rss"])

    def atom_entry(self, extensions: bool = True):
        if "atom" not in self._built:
            self._built["atom"] = super().atom_entry(extensions)
        return copy.deepcopy(self._built["atom"])


@dataclass
class Item:
    """One job or story as a feed item, in the shape all three formats draw from."""

    id: str
    title: str
    url: str
    summary: str
    html: str  # summary and key facts: RSS <description>, Atom <content>, JSON content_html
    published: dt.datetime
    updated: dt.datetime
    categories: list[str]
    image: str | None = None
    external_url: str | None = None  # a job's apply link
    _rss: _Entry | None = field(default=None, repr=False)
    _atom: _Entry | None = field(default=None, repr=False)
    _json: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # lxml refuses text XML 1.0 cannot hold (control characters that ATS exports carry).
        self.title, self.summary, self.html = map(xml_safe, (self.title, self.summary, self.html))
        self.categories = _unique([xml_safe(term) for term in self.categories])

    def rss(self) -> _Entry:
        if self._rss is None:
            entry = self._rss = _Entry()
            entry.guid(self.id, permalink=False)
            entry.title(self.title)
            entry.link(href=self.url)
            entry.description(self.html)
            entry.pubDate(self.published)
            entry.updated(self.updated)
            entry.category([{"term": term} for term in self.categories])
        return self._rss

    def atom(self) -> _Entry:
        if self._atom is None:
            entry = self._atom = _Entry()
            entry.id(self.id)
            entry.title(self.title)
            # feedgen 1.0 drops an entry link's rel and type, so every entry link is an
            # alternate: exactly one is allowed (the image goes in the content instead).
            entry.link(href=self.url)
            entry.published(self.published)
            entry.updated(self.updated)
            entry.summary(self.summary, type="text")
            entry.content(self.html, type="html")
            entry.category([{"term": term} for term in self.categories])
        return self._atom

    def json(self) -> str:
        if self._json is None:
            data = {
                "id": self.id,
                "url": self.url,
                **({"external_url": self.external_url} if self.external_url else {}),
                "title": self.title,
                "content_html": self.html,
                "summary": self.summary,
                **({"image": self.image} if self.image else {}),
                "date_published": _rfc3339(self.published),
                "date_modified": _rfc3339(self.updated),
                "tags": self.categories,
            }
            self._json = _json_text(data)
        return self._json


class FeedRenderer:
    """Renders every listing's feeds for one build; items are made once per job or story."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self.people: dict[str, Person] = {}  # the people the feed being rendered features
        self._items: dict[tuple[str, str], Item] = {}

    def render(self, feed: Feed) -> dict[str, bytes]:
        """The feed's files (urls.FEED_FILES), by file name."""
        self.people = feed.people
        items = [self.item(record) for record in feed.items]
        return {
            "feed.xml": self._rss(feed, items),
            "atom.xml": self._atom(feed, items),
            "feed.json": self._json(feed, items),
        }

    def item(self, record: Job | Story) -> Item:
        key = ("job", record.id) if isinstance(record, Job) else ("story", record.slug)
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = self._job(record) if key[0] == "job" else self._story(record)
        return found

    # -- items ----------------------------------------------------------------------------

    def _job(self, job: Job) -> Item:
        url = self._absolute(urls.job_url(job.id))
        summary = job_summary(job)
        names = [_place_name(p.country, p.region, p.city) for p in job.locations]
        facts = [("Location" if len(names) == 1 else "Locations", "; ".join(names))]
        if job.remote:
            facts.append(("Remote", "yes, for applicants in " + applicant_countries(job.locations)))
        facts += [
            ("Team", job.team),
            ("Category", job.category),
            ("Employment type", EMPLOYMENT_LABELS.get(job.employment_type, job.employment_type)),
        ]
        if job.salary:
            facts.append(("Salary", salary_text(job.salary)))
        facts.append(("Posted", long_date(job.posted)))
        if job.valid_through:
            facts.append(("Apply by", long_date(job.valid_through)))
        html = (
            f"<p>{escape(summary)}</p><ul>"
            + "".join(f"<li>{label}: {escape(value)}</li>" for label, value in facts)
            + f'</ul><p><a href="{escape(job.apply_url)}">Apply</a>'
            + f' · <a href="{escape(url)}">Full description</a></p>'
        )
        places = [place_category(p.country, p.region, p.city) for p in job.locations]
        return Item(
            id=job_guid(job.id),
            title=job.title,
            url=url,
            summary=summary,
            html=html,
            published=_midnight(job.posted),
            updated=_midnight(job.posted),
            categories=_unique([*places, job.team, job.category]),
            external_url=job.apply_url,
        )

    def _story(self, story: Story) -> Item:
        url = self._absolute(urls.story_url(story.slug))
        image = self._absolute(story.image.src) if story.image else None
        html = ""
        if image:
            html += f'<p><img src="{escape(image)}" alt="{escape(story.image.alt)}"></p>'
        html += f"<p>{escape(story.summary)}</p>"
        featured = [self.people[p] for p in story.people if p in self.people]
        if featured:
            html += "<p>Featuring: " + ", ".join(map(self._person, featured)) + "</p>"
        html += f'<p><a href="{escape(url)}">Read the story</a></p>'
        return Item(
            id=story_guid(story.slug),
            title=story.title,
            url=url,
            summary=story.summary,
            html=html,
            published=_midnight(story.date),
            updated=_midnight(story_modified(story)),
            categories=_unique(list(story.topics)),
            image=image,
        )

    def _person(self, person: Person) -> str:
        link = escape(self._absolute(urls.person_url(person.id)))
        return f'<a href="{link}">{escape(person.name)}</a> ({escape(person.role)})'

    def _absolute(self, url: str) -> str:
        return urls.absolute(self.config.site_url, url)

    # -- the three formats ----------------------------------------------------------------

    def _generator(self, feed: Feed, self_file: str) -> FeedGenerator:
        listing_url = self._absolute(feed.url)
        hub = self.config.options.websub_hub
        fg = FeedGenerator()
        fg.id(guid("feed", feed.url))  # Atom's feed id: survives a change of site_url scheme
        fg.title(xml_safe(feed.title))
        fg.description(xml_safe(feed.description))
        fg.language(self.config.language)
        fg.author(name=self.config.organization)
        fg.generator(GENERATOR)
        # feedgen: RSS's <link> is the *last* link() call, so the self link goes first.
        fg.link(href=listing_url + self_file, rel="self")
        if hub:
            fg.link(href=hub, rel="hub")  # Atom only: feedgen writes no hub link into RSS
        fg.link(href=listing_url, rel="alternate", type="text/html")
        # feedgen defaults both to now: keep them from the content.
        fg.updated(feed.updated)
        fg.lastBuildDate(feed.updated)
        extras = partial(_Extras, urls.relative(feed.url, STYLESHEET), hub)
        fg.register_extension("careers", extras, None)  # before any entry is added
        return fg

    def _rss(self, feed: Feed, items: list[Item]) -> bytes:
        fg = self._generator(feed, "feed.xml")
        fg.pubDate(feed.updated)
        fg.ttl(TTL_MINUTES)
        logo = self._logo()
        if logo and urlsplit(logo).path.lower().endswith(RSS_IMAGE_TYPES):
            fg.image(url=logo)  # title and link default to the channel's
        for item in items:
            fg.add_entry(item.rss(), order="append")  # add_entry() prepends by default
        return fg.rss_str(pretty=True)

    def _atom(self, feed: Feed, items: list[Item]) -> bytes:
        fg = self._generator(feed, "atom.xml")
        fg.icon(self._favicon())
        logo = self._logo()
        if logo:
            fg.logo(logo)
        for item in items:
            fg.add_entry(item.atom(), order="append")
        return fg.atom_str(pretty=True)

    def _json(self, feed: Feed, items: list[Item]) -> bytes:
        listing_url = self._absolute(feed.url)
        logo = self._logo()
        hub = self.config.options.websub_hub
        head = {
            "version": JSON_FEED_VERSION,
            "title": xml_safe(feed.title),
            "home_page_url": listing_url,
            "feed_url": listing_url + "feed.json",
            "description": xml_safe(feed.description),
            **({"icon": logo} if logo else {}),
            "favicon": self._favicon(),
            "language": self.config.language,
            "authors": [{"name": self.config.organization}],
            **({"hubs": [{"type": "WebSub", "url": hub}]} if hub else {}),
        }
        # One item a line: readable, and each item is serialised once per build.
        body = ",\n".join(item.json() for item in items)
        text = _json_text(head)[:-1] + ',"items":[' + (f"\n{body}\n" if body else "") + "]}\n"
        return text.encode("utf-8")

    def _logo(self) -> str | None:
        """The organization's logo (`organization_logo`), absolute; None when not set."""
        logo = self.config.options.organization_logo
        return self._site_file(logo) if logo else None

    def _favicon(self) -> str:
        return self._site_file(self.config.favicon)

    def _site_file(self, path: str) -> str:
        return path if "://" in path else self._absolute(path)


class _Extras(BaseExtension):
    """What feedgen 1.0 cannot write: the stylesheet instruction before the root element of RSS
    and Atom, and RSS's hub link (feedgen writes only the self link into RSS)."""

    def __init__(self, stylesheet_href: str, hub: str):
        self.stylesheet_href = stylesheet_href
        self.hub = hub

    def extend_rss(self, rss):
        if self.hub:
            etree.SubElement(rss.find("channel"), f"{{{_ATOM_NS}}}link", href=self.hub, rel="hub")
        return self._styled(rss)

    def extend_atom(self, feed):
        return self._styled(feed)

    def _styled(self, root):
        text = f'type="text/xsl" href="{escape(self.stylesheet_href)}"'
        root.addprevious(etree.ProcessingInstruction("xml-stylesheet", text))
        return root


def _json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (C0 controls but tab and newlines,
    lone surrogates, U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", text)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _place_name(country: str, region: str, city: str) -> str:
    region_text = region_name(country, region) or region
    return ", ".join([city, region_text, country_name(country) or country])


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
