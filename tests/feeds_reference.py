"""The feeds as feedgen writes them whole: a FeedGenerator per feed and per format, every entry
added to it, the document serialised by feedgen (`rss_str`, `atom_str`).

This was generator/render/feeds.py's way until the renderer took to serialising each item once
and writing the envelope from templates; it stays here as the reference the renderer's bytes are
compared with (tests/test_feed_bytes.py). It draws items from the renderer (`FeedRenderer.item`:
the same data) and builds everything else itself.
"""

from __future__ import annotations

import json
from functools import partial
from html import escape
from urllib.parse import urlsplit

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.model import urls
from generator.pages.kinds import Feed
from generator.render.feeds import (
    ATOM_NS,
    GENERATOR,
    JSON_FEED_VERSION,
    RSS_IMAGE_TYPES,
    STYLESHEET,
    TTL_MINUTES,
    FeedRenderer,
    Item,
    guid,
    xml_safe,
)


def render(renderer: FeedRenderer, feed: Feed) -> dict[str, bytes]:
    """`feed`'s three files, feedgen's way."""
    items = [renderer.item(record, feed.people) for record in feed.items]
    reference = _Reference(renderer)
    return {
        "feed.xml": reference.rss(feed, items),
        "atom.xml": reference.atom(feed, items),
        "feed.json": reference.json(feed, items),
    }


class _Reference:
    def __init__(self, renderer: FeedRenderer):
        self.config = renderer.config
        self.absolute = partial(urls.absolute, self.config.site_url)

    def generator(self, feed: Feed, self_file: str) -> FeedGenerator:
        listing_url = self.absolute(feed.url)
        hub = self.config.options.websub_hub
        fg = FeedGenerator()
        fg.id(guid("feed", feed.url))
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
        fg.updated(feed.updated)
        fg.lastBuildDate(feed.updated)
        extras = partial(_Extras, urls.relative(feed.url, STYLESHEET), hub)
        fg.register_extension("careers", extras, None)  # before any entry is added
        return fg

    def rss(self, feed: Feed, items: list[Item]) -> bytes:
        fg = self.generator(feed, "feed.xml")
        fg.pubDate(feed.updated)
        fg.ttl(TTL_MINUTES)
        logo = self.logo()
        if logo and urlsplit(logo).path.lower().endswith(RSS_IMAGE_TYPES):
            fg.image(url=logo)
        for item in items:
            fg.add_entry(item.rss_entry(), order="append")
        return fg.rss_str(pretty=True)

    def atom(self, feed: Feed, items: list[Item]) -> bytes:
        fg = self.generator(feed, "atom.xml")
        fg.icon(self.site_file(self.config.favicon))
        logo = self.logo()
        if logo:
            fg.logo(logo)
        for item in items:
            fg.add_entry(item.atom_entry(), order="append")
        return fg.atom_str(pretty=True)

    def json(self, feed: Feed, items: list[Item]) -> bytes:
        listing_url = self.absolute(feed.url)
        logo = self.logo()
        hub = self.config.options.websub_hub
        head = {
            "version": JSON_FEED_VERSION,
            "title": xml_safe(feed.title),
            "home_page_url": listing_url,
            "feed_url": listing_url + "feed.json",
            "description": xml_safe(feed.description),
            **({"icon": logo} if logo else {}),
            "favicon": self.site_file(self.config.favicon),
            "language": self.config.language,
            "authors": [{"name": self.config.organization}],
            **({"hubs": [{"type": "WebSub", "url": hub}]} if hub else {}),
        }
        body = ",\n".join(_json_text(item.json_item()) for item in items)
        text = _json_text(head)[:-1] + ',"items":[' + (f"\n{body}\n" if body else "") + "]}\n"
        return text.encode("utf-8")

    def logo(self) -> str | None:
        logo = self.config.options.organization_logo
        return self.site_file(logo) if logo else None

    def site_file(self, path: str) -> str:
        return path if "://" in path else self.absolute(path)


class _Extras(BaseExtension):
    """The stylesheet instruction before the root element of RSS and Atom, and RSS's hub link."""

    def __init__(self, stylesheet_href: str, hub: str):
        self.stylesheet_href = stylesheet_href
        self.hub = hub

    def extend_rss(self, rss):
        if self.hub:
            etree.SubElement(rss.find("channel"), f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
        return self._styled(rss)

    def extend_atom(self, feed):
        return self._styled(feed)

    def _styled(self, root):
        text = f'type="text/xsl" href="{escape(self.stylesheet_href)}"'
        root.addprevious(etree.ProcessingInstruction("xml-stylesheet", text))
        return root


def _json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
