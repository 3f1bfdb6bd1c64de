"""WebSub: with `websub_hub` set every feed names the hub (and itself), and `python -m generator
ping` tells the hub which feeds the last build changed, as a form-encoded POST per feed.

The hubs here are the tests' own, on 127.0.0.1: one records every request, one refuses.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs

import feedparser
import lxml.etree
import pytest

from generator.output.changes import changed_feeds, record_path
from generator.sources.cache import cache_dir
from tests.conftest import MKDOCS_YML, Built, SiteSource

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


# -- `python -m generator ping` against hubs of the tests' own ------------------------------


class Hub:
    """A WebSub hub on 127.0.0.1 that records each request and answers `status`."""

    def __init__(self, status: int = 204, location: str = ""):
        self.received: list[dict] = []
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("ascii")
                hub.received.append(
                    {
                        "path": self.path,
                        "type": self.headers.get("Content-Type"),
                        "form": parse_qs(body, keep_blank_values=True),
                    }
                )
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                reason = b"" if status < 400 else b"busy, try later"
                self.send_header("Content-Length", str(len(reason)))
                self.end_headers()
                self.wfile.write(reason)

            def log_message(self, format, *args):  # noqa: A002 - the base class's signature
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hub"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def feeds(self) -> list[str]:
        """The hub.url of every request received, in order; each must be a publish ping."""
        for request in self.received:
            assert request["path"] == "/hub"
            assert request["type"] == "application/x-www-form-urlencoded"
            assert request["form"]["hub.mode"] == ["publish"]
            assert len(request["form"]["hub.url"]) == 1
        return [request["form"]["hub.url"][0] for request in self.received]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hubs():
    made: list[Hub] = []

    def make(**kwargs) -> Hub:
        made.append(Hub(**kwargs))
        return made[-1]

    yield make
    for hub in made:
        hub.close()


def every_feed(built: Built) -> set[str]:
    return {
        TEST_URL + path.relative_to(built.dir).as_posix()
        for name in ("feed.xml", "atom.xml", "feed.json")
        for path in built.dir.rglob(name)
    }


def feeds_holding(built: Built, job_id: str) -> set[str]:
    """Every feed file (absolute URL) with the job among its items, found by reading them all."""
    link = f"{TEST_URL}jobs/{job_id}/"
    found = set()
    for path in built.dir.rglob("feed.xml"):
        channel = lxml.etree.parse(str(path)).find("channel")
        if link in [item.findtext("link") for item in channel.findall("item")]:
            folder = TEST_URL + path.parent.relative_to(built.dir).as_posix() + "/"
            found |= {folder + name for name in ("feed.xml", "atom.xml", "feed.json")}
    return found


def ping(source: SiteSource, site_dir: Path) -> tuple[int, str, str]:
    return source.run("ping", "--site-dir", str(site_dir))


def test_ping_sends_every_feed_then_only_the_feeds_an_edited_job_is_in(
    source: SiteSource, tmp_path: Path, hubs
):
    hub = hubs()
    with_hub(source, hub.url)
    out = tmp_path / "out"
    source.job("sea-1", locations=["US, WA, Seattle"], team="Search Science")
    source.job(
        "blr-1", locations=["IN, KA, Bengaluru"], team="Maps Science", category="Data Science"
    )
    source.story("a-story", topics=["Maps"])
    code, _, err = ping(source, out)
    assert code == 2 and "no build of" in err and "python -m generator build" in err
    assert hub.received == []

    first = source.build(site_dir=out)
    code, out_text, err = ping(source, out)
    assert code == 0, err
    sent = hub.feeds()
    assert len(sent) == len(set(sent)) and set(sent) == every_feed(first)
    assert len(sent) >= 3 * 10 and f"accepted all {len(sent)}" in out_text

    hub.received.clear()  # the same sources another day: a full rebuild, every byte the same
    source.build(today="2026-11-26", site_dir=out)
    code, out_text, _ = ping(source, out)
    assert code == 0 and hub.received == [] and "no feed changed" in out_text

    source.job(
        "blr-1",
        title="Senior Data Scientist, Maps",
        locations=["IN, KA, Bengaluru"],
        team="Maps Science",
        category="Data Science",
    )
    second = source.build(today="2026-11-26", site_dir=out)
    code, _, err = ping(source, out)
    assert code == 0, err
    expected = feeds_holding(second, "blr-1")
    assert TEST_URL + "jobs/locations/in/ka/bengaluru/feed.xml" in expected
    assert TEST_URL + "jobs/teams/maps-science/atom.xml" in expected
    assert TEST_URL + "jobs/feed.json" in expected
    assert sorted(hub.feeds()) == sorted(expected)
    assert not any("/us/" in url or "/stories/" in url for url in expected)


def test_ping_names_every_feed_the_hub_refused_and_exits_1(
    source: SiteSource, tmp_path: Path, hubs
):
    refusing = hubs(status=503)
    with_hub(source, refusing.url)
    source.job("one-1")
    built = source.build(site_dir=tmp_path / "out")
    code, _, err = ping(source, built.dir)
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("error: ")]
    assert {line.split(": ")[1] for line in failed} == every_feed(built) == set(refusing.feeds())
    assert all("the hub answered 503" in line and "busy, try later" in line for line in failed)
    assert f"refused {len(failed)} of {len(failed)} feed(s)" in err


def test_a_redirect_or_an_unreachable_hub_is_a_failure(source: SiteSource, tmp_path: Path, hubs):
    target = hubs()
    moving = hubs(status=302, location=target.url)
    with_hub(source, moving.url)
    source.job("one-1")
    built = source.build(site_dir=tmp_path / "out")
    code, _, err = ping(source, built.dir)
    assert code == 1 and "answered 302" in err and f"(to {target.url})" in err
    assert target.received == []  # a POST redirected is no ping: nothing followed
    moving.close()
    code, _, err = ping(source, built.dir)  # nobody listens on that port any more
    assert code == 1 and "could not reach the hub" in err


def test_ping_without_a_hub_says_so_and_exits_2(source: SiteSource, tmp_path: Path):
    built = source.build(site_dir=tmp_path / "out")
    code, out_text, err = ping(source, built.dir)
    assert code == 2 and out_text == ""
    assert "websub_hub is not set" in err


def test_the_record_is_in_the_cache_folder_and_a_failed_build_keeps_it(
    source: SiteSource, tmp_path: Path, hubs
):
    hub = hubs()
    with_hub(source, hub.url)
    source.job("one-1")
    built = source.build(site_dir=tmp_path / "out")
    record = record_path(source.root, built.dir)
    assert record.is_file() and record.is_relative_to(cache_dir(source.root))
    assert not [p for p in built.dir.rglob("*") if p.name.startswith("feeds-")]
    source.job("two-1", posted="2026-1-5")  # invalid: the build fails, the output stays
    code, _, _ = source.run("build", "--site-dir", str(built.dir))
    assert code == 1
    assert ping(source, built.dir)[0] == 0
    assert set(hub.feeds()) == every_feed(built)  # still the last good build's changes


def test_mkdocs_build_records_the_changed_feeds_too(source: SiteSource, tmp_path: Path):
    source.job("one-1")
    out = tmp_path / "mkdocs-out"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # CAREERS_CACHE_DIR: conftest's
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)]
    result = subprocess.run(command, cwd=source.root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = Built(out)
    recorded = changed_feeds(source.root, out)
    assert recorded is not None and {TEST_URL + url for url in recorded} == every_feed(built)
