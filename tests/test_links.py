"""`check --links` (strict MkDocs build + every href/src) and the opt-in `--external` check."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.tools.links import url_problem
from tests.conftest import TODAY, SiteSource, copy_sample


def link_check(site: SiteSource, *extra: str) -> tuple[int, list[str], str]:
    code, out, err = site.run("check", "--links", "--today", TODAY, *extra)
    return code, [line for line in err.splitlines() if ": error: " in line], out


def line_number(site: SiteSource, rel: str, needle: str) -> int:
    lines = (site.root / rel).read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_the_sample_site_has_no_broken_link(tmp_path):
    root = tmp_path / "sample"
    copy_sample(root)
    site = SiteSource.__new__(SiteSource)
    site.root = root
    code, errors, out = link_check(site)
    assert (code, errors) == (0, [])
    assert "every link and image resolves" in out


def test_broken_links_and_images_in_a_story_name_its_line(source):
    source.job("a-1")
    source.story(
        "first",
        body="Intro.\n\nSee [our about page](../../missing.md) for more.\n\n"
        "![A chart](../../images/chart.png)\n\n[Jobs](/jobs/)\n",
    )
    code, errors, _ = link_check(source)
    assert code == 1
    path = "stories/first.md"
    assert (
        f"{path}:{line_number(source, path, 'missing.md')}: error: link '../../missing.md': "
        "the target 'missing.md' is not found among documentation files"
    ) in errors
    assert any(
        e.startswith(
            f"{path}:{line_number(source, path, 'chart.png')}: error: link '../../images/chart.png'"
        )
        for e in errors
    )
    assert any(
        e.startswith(
            f"{path}:{line_number(source, path, '(/jobs/)')}: error: link '/jobs/': is absolute"
        )
        for e in errors
    )
    assert len(errors) == 3


def test_a_working_story_link_passes(source):
    source.write("content/about.md", "# About\n\n## Teams\n\nText.\n")
    source.write("content/images/chart.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    source.story(
        "first",
        body="See [the teams](../../about.md#teams).\n\n![A chart](../../images/chart.svg)\n",
    )
    code, errors, _ = link_check(source)
    assert (code, errors) == (0, [])


def test_a_missing_anchor_is_an_error(source):
    source.write(
        "content/about.md", "# About\n\n## Teams\n\nSee [teams](#teams) and [x](#nowhere).\n"
    )
    code, errors, _ = link_check(source)
    assert code == 1
    assert errors == [
        "content/about.md:5: error: link '#nowhere': there is no such anchor on this page"
    ]


def test_a_missing_anchor_on_another_page_is_an_error(source):
    source.write("content/about.md", "# About\n\n## Teams\n")
    source.story("first", body="Read [about us](../../about.md#benefits).\n")
    code, errors, _ = link_check(source)
    assert code == 1
    assert len(errors) == 1 and errors[0].startswith("stories/first.md:")
    assert "'../../about.md#benefits'" in errors[0] and "anchor" in errors[0]


def test_plain_check_does_not_build_or_check_links(source):
    source.story("first", body="See [nothing](../../missing.md).\n")
    code, _, err = source.run("check", "--today", TODAY)
    assert code == 0, err


def test_malformed_related_and_profile_urls_name_their_lines(source):
    source.related([
        {"id": "creds", "title": "T", "summary": "S", "url": "https://user:secret@example.org/x"},
        {"id": "host", "title": "T", "summary": "S", "url": "https://-bad-.example.org/"},
        {"id": "port", "title": "T", "summary": "S", "url": "https://example.org:99999/"},
        {"id": "climb", "title": "T", "summary": "S", "url": "/stories/../../etc/"},
        {"id": "escape", "title": "T", "summary": "S", "url": "https://example.org/a%zzb"},
        {"id": "fine", "title": "T", "summary": "S", "url": "https://example.org/fine"},
    ])  # fmt: skip
    source.person("ada", links=[{"title": "Home", "url": "https://localhost.:0/"}])
    code, errors, _ = link_check(source)
    assert code == 1
    rel = "content/related.yml"

    def at(needle: str) -> str:
        return f"{rel}:{line_number(source, rel, needle)}: error: URL "

    assert any(e.startswith(at("user:secret")) and "user name or password" in e for e in errors)
    assert any(e.startswith(at("-bad-")) and "invalid host name" in e for e in errors)
    assert any(e.startswith(at("99999")) and "not a valid URL" in e for e in errors)
    assert any(e.startswith(at("/stories/../")) and "climbs out" in e for e in errors)
    assert any(e.startswith(at("a%zzb")) and "%XX" in e for e in errors)
    assert any(e.startswith("content/people/ada.yml:") and "port 0" in e for e in errors)
    assert not any("fine" in e for e in errors)


def test_a_site_relative_related_card_must_lead_to_a_page(source):
    source.write("content/about.md", "# About\n")
    source.related([
        {"id": "about", "title": "About", "summary": "S", "url": "/about/"},
        {"id": "gone", "title": "Gone", "summary": "S", "url": "/no-such-page/"},
    ])  # fmt: skip
    code, errors, _ = link_check(source)
    assert code == 1
    line = line_number(source, "content/related.yml", "/no-such-page/")
    assert errors == [
        f"content/related.yml:{line}: error: URL '/no-such-page/' leads to no page "
        "or file of the site"
    ]


@pytest.mark.parametrize(
    ("url", "fine"),
    [
        ("https://example.org/path?q=1#frag", True),
        ("http://127.0.0.1:8000/x", True),
        ("https://[::1]/x", True),
        ("https://bücher.example/", True),
        ("/about/", True),
        ("https://example.org/a b", False),
        ("https://example", False),
        ("https://example.123/", False),
        ("https://exa_mple.org/", False),
        ("https://example.org\\@evil.test/", False),
        ("ftp://example.org/", False),
        ("https://[::1/", False),
    ],
)
def test_url_problem(url, fine):
    assert (url_problem(url) is None) is fine, url_problem(url)


# ---------------------------------------------------------------- --external, on 127.0.0.1 only


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def _answer(self, body: bool) -> None:
        type(self).requests.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/gone":
            self.send_error(404)
            return
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_error(405)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def external_site(source: SiteSource, base: str) -> None:
    source.job("a-1", apply_url=f"{base}/ok")
    source.story(
        "first",
        body=f"[ok]({base}/ok) [gone]({base}/gone) [slow]({base}/slow) "
        f"[head refused]({base}/no-head)\n",
    )


def test_external_links_are_off_by_default(source, server):
    external_site(source, server)
    code, errors, _ = link_check(source)
    assert (code, errors) == (0, [])
    assert _Handler.requests == []


def test_external_check_reports_broken_and_slow_links_only(source, server):
    external_site(source, server)
    started = time.monotonic()
    code, errors, _ = link_check(source, "--external", "--timeout", "0.5")
    assert time.monotonic() - started < 30
    assert code == 1
    line = line_number(source, "stories/first.md", "/gone")
    assert (
        f"stories/first.md:{line}: error: outside link '{server}/gone' answers HTTP 404" in errors
    )
    assert any(
        re.search(rf"outside link '{server}/slow' gave no answer within 0\.5 s", e) for e in errors
    )
    assert len(errors) == 2, errors  # /ok and /no-head (GET after a refused HEAD) are fine
    assert ("GET", "/no-head") in _Handler.requests
    assert {path for _, path in _Handler.requests} == {"/ok", "/gone", "/slow", "/no-head"}
