"""WebSub: with `websub_hub` set every feed names the hub (and itself), and `python -m generator
ping` tells the hub which feeds the last build changed, as a form-encoded POST per feed.

The hubs here are the tests' own, on 127.0.0.1: one records every request, one refuses.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.etree

from tests.conftest import MKDOCS_YML, SiteSource

ATOM = "{http://www.w3.org/2005/Atom}"
TEST_URL = "https://example.test/careers/"
HUB = "https://hub.example.test/publish"


def with_hub(source: SiteSource, hub: str = HUB) -> None:
    source.write("mkdocs.yml", MKDOCS_YML + f"      websub_hub: {hub}\n")


def test_every_feed_names_the_hub_and_itself(source: SiteSource):
    with_hub(source)
    source.job("hub-1")
    source.story("hub-story")
    built = source.build()
    for url in ("jobs/", "jobs/locations/us/wa/seattle/", "stories/"):
        rss_data = built.path(url, "feed.xml").read_bytes()
        parsed = feedparser.parse(rss_data)
        assert not parsed.bozo and parsed.version == "rss20"
        channel = lxml.etree.fromstring(rss_data).find("channel")
        links = {link.get("rel"): link.get("href") for link in channel.findall(f"{ATOM}link")}
        assert links == {"self": TEST_URL + url + "feed.xml", "hub": HUB}
        assert channel.findtext("link") == TEST_URL + url  # the channel's link stays the page
        atom_data = built.path(url, "atom.xml").read_bytes()
        assert not feedparser.parse(atom_data).bozo
        feed = lxml.etree.fromstring(atom_data)
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links == {
            "self": TEST_URL + url + "atom.xml",
            "hub": HUB,
            "alternate": TEST_URL + url,
        }
        data = json.loads(built.text(url, "feed.json"))
        assert data["hubs"] == [{"type": "WebSub", "url": HUB}]
        assert data["feed_url"] == TEST_URL + url + "feed.json"


def test_without_a_hub_no_feed_names_one(source: SiteSource, tmp_path: Path):
    source.job("nohub-1")
    built = source.build()
    for url in ("jobs/", "stories/"):
        assert b'rel="hub"' not in built.path(url, "feed.xml").read_bytes()
        assert b'rel="hub"' not in built.path(url, "atom.xml").read_bytes()
        assert "hubs" not in json.loads(built.text(url, "feed.json"))
