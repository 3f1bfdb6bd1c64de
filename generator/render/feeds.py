"""Feeds for subscribers: RSS 2.0 and Atom 1.0 (entries through feedgen) and JSON Feed 1.1, per
listing.

GUIDs depend on the job id or story slug alone (never title, dates, order or site_url), so a
reader announces each role once. Dates come from the content, never the clock: feedgen stamps
`lastBuildDate`, the feed's `updated` and every entry's `updated` with *now* unless told
otherwise, so each is always set here.

A job sits in many feeds (all roles, its country, region, city, team, category, and the team and
the category at each of its places), and most feeds hold a handful of items. So each item's three
forms (RSS `<item>`, Atom `<entry>`, JSON Feed item: its `Entries`) are built (the XML ones by
feedgen) and serialised once per process (`_EntryCache`, shared by every renderer of the same site
config: write.py makes one per chunk of feeds), and a feed is its envelope around those bytes. The
envelopes (the channel's or the feed's own elements) come from the templates below, which write
exactly what feedgen 1.0 writes through lxml for the same settings: tests/test_feed_bytes.py
renders every feed both ways (feedgen's: tests/feeds_reference.py) and compares the bytes.

Every RSS and Atom file names the site's feed stylesheet (`feed.xsl`, written at the site's root
by the build), so a feed opened in a browser reads as a page; with `websub_hub` set every feed
names the hub (and its own `self` URL, which WebSub requires), so subscribers get pushes.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from feedgen.entry import FeedEntry
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
ATOM_NS = "http://www.w3.org/2005/Atom"
RSS_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"  # feedgen declares it in every RSS
RSS_DOCS = "http://www.rssboard.org/rss-specification"  # feedgen's <docs>

# The envelopes, as feedgen 1.0 builds them and lxml pretty-prints them (UTF-8, two spaces a
# level). Every {field} is given escaped (_text, _attribute); an optional element (image, hub,
# author, logo) is given whole, from its own template, or as "".
_PROLOG = """\
<?xml version='1.0' encoding='UTF-8'?>
<?xml-stylesheet type="text/xsl" href="{stylesheet}"?>
"""
_RSS_HEAD = """\
{prolog}<rss xmlns:atom="{atom_ns}" xmlns:content="{content_ns}" version="2.0">
  <channel>
    <title>{title}</title>
    <link>{link}</link>
    <description>{description}</description>
    <atom:link href="{self_url}" rel="self"/>
    <docs>{docs}</docs>
    <generator>{generator}</generator>
{image}    <language>{language}</language>
    <lastBuildDate>{date}</lastBuildDate>
    <pubDate>{date}</pubDate>
    <ttl>{ttl}</ttl>
{hub}"""
_RSS_IMAGE = """\
    <image>
      <url>{logo}</url>
      <title>{title}</title>
      <link>{link}</link>
    </image>
"""
_RSS_HUB = '    <atom:link href="{hub}" rel="hub"/>\n'  # feedgen writes no hub link into RSS
_RSS_TAIL = b"  </channel>\n</rss>\n"
_RSS_ITEM_DEPTH = 2  # rss > channel > item
_ATOM_HEAD = """\
{prolog}<feed xmlns="{atom_ns}" xml:lang="{language}">
  <id>{id}</id>
  <title>{title}</title>
  <updated>{updated}</updated>
{author}  <link href="{self_url}" rel="self"/>
{hub}  <link href="{link}" rel="alternate" type="text/html"/>
  <generator>{generator}</generator>
  <icon>{icon}</icon>
{logo}  <subtitle>{description}</subtitle>
"""
_ATOM_AUTHOR = "  <author>\n    <name>{name}</name>\n  </author>\n"
_ATOM_HUB = '  <link href="{hub}" rel="hub"/>\n'
_ATOM_LOGO = "  <logo>{logo}</logo>\n"
_ATOM_TAIL = b"</feed>\n"
_ATOM_ENTRY_DEPTH = 1  # feed > entry


def stylesheet() -> bytes:
    """The XSL stylesheet (generator/render/feed.xsl) every RSS and Atom file names."""
    return (Path(__file__).parent / STYLESHEET).read_bytes()


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


@dataclass(eq=False)
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

    def __post_init__(self) -> None:
        # lxml refuses text XML 1.0 cannot hold (control characters that ATS exports carry).
        self.title, self.summary, self.html = map(xml_safe, (self.title, self.summary, self.html))
        self.categories = _unique([xml_safe(term) for term in self.categories])

    def rss_entry(self) -> FeedEntry:
        """The item as feedgen builds an RSS `<item>`."""
        entry = FeedEntry()
        entry.guid(self.id, permalink=False)
        entry.title(self.title)
        entry.link(href=self.url)
        entry.description(self.html)
        entry.pubDate(self.published)
        entry.updated(self.updated)
        entry.category([{"term": term} for term in self.categories])
        return entry

    def atom_entry(self) -> FeedEntry:
        """The item as feedgen builds an Atom `<entry>`."""
        entry = FeedEntry()
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
        return entry

    def json_item(self) -> dict:
        """The item as a JSON Feed item."""
        return {
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

    def entries(self) -> Entries:
        """The item serialised for each format (RSS and Atom through feedgen and lxml)."""
        return Entries(
            _pretty(self.rss_entry().rss_entry(), _RSS_ITEM_DEPTH),
            _pretty(self.atom_entry().atom_entry(), _ATOM_ENTRY_DEPTH),
            _json_text(self.json_item()).encode("utf-8"),
        )


class Entries(NamedTuple):
    """An item as each format holds it, UTF-8: the RSS `<item>` and the Atom `<entry>` as lxml
    pretty-prints them where they stand in a feed, the JSON Feed item on one line."""

    rss: bytes
    atom: bytes
    json: bytes


class _EntryCache:
    """The entries made in this process for one site config, by record (its identity: records are
    frozen). Only the bytes are kept (about 4.5 KB an item). They leave with their record, so a
    long-lived process (`serve`) that replaces records as sources change keeps no stale ones."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self._by_record: dict[int, tuple[weakref.ref, tuple, Entries]] = {}

    def get(self, record: Job | Story, shown: tuple, make: Callable[[], Entries]) -> Entries:
        """The record's entries, made by `make()` unless made before with the same `shown` (what
        else they show: a story's featured people)."""
        key = id(record)
        found = self._by_record.get(key)
        if found is not None and found[0]() is record and found[1] == shown:
            return found[2]
        entries = make()
        gone = weakref.ref(record, lambda _, key=key: self._by_record.pop(key, None))
        self._by_record[key] = (gone, shown, entries)
        return entries

    def __len__(self) -> int:
        return len(self._by_record)


_shared_entries: _EntryCache | None = None


def _entry_cache(config: SiteConfig) -> _EntryCache:
    """This process's entries for `config`: another config (another site) starts afresh."""
    global _shared_entries
    if _shared_entries is None or _shared_entries.config != config:
        _shared_entries = _EntryCache(config)
    return _shared_entries


def forget_entries() -> None:
    """Drop this process's entries (a build's feeds are written: its pages need the memory)."""
    global _shared_entries
    _shared_entries = None


class FeedRenderer:
    """Renders listings' feeds; each job's or story's entries are made once per process
    (`_EntryCache`), so a renderer costs next to nothing to make."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self._entries = _entry_cache(config)
        logo, hub, organization = self._logo(), config.options.websub_hub, config.organization
        raster = logo if logo and urlsplit(logo).path.lower().endswith(RSS_IMAGE_TYPES) else None
        # What every feed of the site shares, escaped (or serialised) once.
        self._rss_site = {
            "atom_ns": ATOM_NS,
            "content_ns": RSS_CONTENT_NS,
            "docs": RSS_DOCS,
            "generator": _text(GENERATOR),
            "language": _text(config.language),
            "ttl": TTL_MINUTES,
            "hub": _RSS_HUB.format(hub=_attribute(hub)) if hub else "",
        }
        self._rss_image = _text(raster) if raster else None  # RSS 2.0 <image>: GIF, JPEG, PNG
        self._atom_site = {
            "atom_ns": ATOM_NS,
            "language": _attribute(config.language),
            "author": _ATOM_AUTHOR.format(name=_text(organization)) if organization else "",
            "hub": _ATOM_HUB.format(hub=_attribute(hub)) if hub else "",
            "generator": _text(GENERATOR),
            "icon": _text(self._favicon()),
            "logo": _ATOM_LOGO.format(logo=_text(logo)) if logo else "",
        }
        json_site = {
            **({"icon": logo} if logo else {}),
            "favicon": self._favicon(),
            "language": config.language,
            "authors": [{"name": organization}],
            **({"hubs": [{"type": "WebSub", "url": hub}]} if hub else {}),
        }
        self._json_site = _json_text(json_site)[1:-1]  # its fields, to follow the feed's own

    def render(self, feed: Feed) -> dict[str, bytes]:
        """The feed's files (urls.FEED_FILES), by file name."""
        entries = [self._entries_of(record, feed.people) for record in feed.items]
        listing_url = self._absolute(feed.url)
        prolog = _PROLOG.format(stylesheet=escape(urls.relative(feed.url, STYLESHEET)))
        return {
            urls.RSS_FILE: self._rss(feed, listing_url, prolog, entries),
            urls.ATOM_FILE: self._atom(feed, listing_url, prolog, entries),
            urls.JSON_FEED_FILE: self._json(feed, listing_url, entries),
        }

    def item(self, record: Job | Story, people: dict[str, Person]) -> Item:
        """The record as a feed item, made afresh; `people` holds (at least) those a story
        features."""
        return self._job(record) if isinstance(record, Job) else self._story(record, people)

    def _entries_of(self, record: Job | Story, people: dict[str, Person]) -> Entries:
        """The record's entries, made once per process (and again when a person a story features
        changes)."""
        shown = () if isinstance(record, Job) else _featured(record, people)
        return self._entries.get(record, shown, lambda: self.item(record, people).entries())

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

    def _story(self, story: Story, people: dict[str, Person]) -> Item:
        url = self._absolute(urls.story_url(story.slug))
        image = self._absolute(story.image.src) if story.image else None
        html = ""
        if image:
            html += f'<p><img src="{escape(image)}" alt="{escape(story.image.alt)}"></p>'
        html += f"<p>{escape(story.summary)}</p>"
        featured = _featured(story, people)
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

    def _rss(self, feed: Feed, listing_url: str, prolog: str, entries: list[Entries]) -> bytes:
        title, link = _text(xml_safe(feed.title)), _text(listing_url)
        image = ""
        if self._rss_image:  # its title and link are the channel's (feedgen's default)
            image = _RSS_IMAGE.format(logo=self._rss_image, title=title, link=link)
        head = _RSS_HEAD.format(
            prolog=prolog,
            title=title,
            link=link,
            description=_text(xml_safe(feed.description)),
            self_url=_attribute(listing_url + urls.RSS_FILE),
            image=image,
            date=_rfc822(feed.updated),
            **self._rss_site,
        )
        return b"".join([head.encode("utf-8"), *(entry.rss for entry in entries), _RSS_TAIL])

    def _atom(self, feed: Feed, listing_url: str, prolog: str, entries: list[Entries]) -> bytes:
        head = _ATOM_HEAD.format(
            prolog=prolog,
            id=_text(guid("feed", feed.url)),  # survives a change of site_url's scheme
            title=_text(xml_safe(feed.title)),
            updated=feed.updated.isoformat(),
            self_url=_attribute(listing_url + urls.ATOM_FILE),
            link=_attribute(listing_url),
            description=_text(xml_safe(feed.description)),
            **self._atom_site,
        )
        return b"".join([head.encode("utf-8"), *(entry.atom for entry in entries), _ATOM_TAIL])

    def _json(self, feed: Feed, listing_url: str, entries: list[Entries]) -> bytes:
        head = {
            "version": JSON_FEED_VERSION,
            "title": xml_safe(feed.title),
            "home_page_url": listing_url,
            "feed_url": listing_url + urls.JSON_FEED_FILE,
            "description": xml_safe(feed.description),
        }
        # The feed's fields, the site's, then one item a line (each serialised once).
        opening = f'{_json_text(head)[:-1]},{self._json_site},"items":['.encode()
        body = b",\n".join(entry.json for entry in entries)
        return opening + (b"\n" + body + b"\n" if body else b"") + b"]}\n"

    def _logo(self) -> str | None:
        """The organization's logo (`organization_logo`), absolute; None when not set."""
        logo = self.config.options.organization_logo
        return self._site_file(logo) if logo else None

    def _favicon(self) -> str:
        return self._site_file(self.config.favicon)

    def _site_file(self, path: str) -> str:
        return path if "://" in path else self._absolute(path)


def _pretty(element: etree._Element, depth: int) -> bytes:
    """`element` as lxml pretty-prints it `depth` levels down a document (UTF-8): the bytes a
    feed holds for it."""
    root = parent = etree.Element("_")
    for _ in range(depth - 1):
        parent = etree.SubElement(parent, "_")
    parent.append(element)
    text = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    opening = sum(len(f"{'  ' * level}<_>\n") for level in range(depth))
    closing = sum(len(f"{'  ' * level}</_>\n") for level in range(depth))
    return text[opening:-closing]


def _text(value: str) -> str:
    """`value` escaped as lxml (libxml2) writes element text."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _attribute(value: str) -> str:
    """`value` escaped as lxml (libxml2) writes a double-quoted attribute's value."""
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


@lru_cache(maxsize=4096)  # feeds share a few hundred dates
def _rfc822(moment: dt.datetime) -> str:
    """The date as feedgen writes RSS dates (`Mon, 31 Aug 2026 00:00:00 +0000`)."""
    return email.utils.format_datetime(moment)


def _json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (C0 controls but tab and newlines,
    lone surrogates, U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", text)


def _featured(story: Story, people: dict[str, Person]) -> tuple[Person, ...]:
    """The people `story` features, as `people` holds them."""
    return tuple(people[p] for p in story.people if p in people)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _place_name(country: str, region: str, city: str) -> str:
    region_text = region_name(country, region) or region
    return ", ".join([city, region_text, country_name(country) or country])


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
