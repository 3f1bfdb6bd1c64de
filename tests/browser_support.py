"""Browser test support: Debian's Chromium driven by Playwright against a site served on 127.0.0.1.

Loaded by the browser test modules through `pytest_plugins`. Never downloads a browser: it runs
/usr/bin/chromium (the `chromium` package, which `make test` installs) and skips, saying so, when
that is missing. Every page a test opens records its console errors, uncaught exceptions, failed
requests and every URL it asked for, so tests can assert none went to another host.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]
SKIP_REASON = f"Debian's chromium is not installed at {CHROMIUM} (`make test` installs it)"
LOCAL_HOST = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


class StaticServer:
    """A built site served over HTTP on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.url = f"http://{LOCAL_HOST}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class PageLog:
    """What one page did: console errors, exceptions, failed requests and every request URL."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == LOCAL_HOST


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(sample):
    """The repository's sample site (built once by conftest's `sample`), served on 127.0.0.1."""
    with StaticServer(sample.dir) as server:
        yield server.url


def open_page(browser, width: int = 1280, height: int = 900, **context_options):
    """A new page in its own context that logs into `page.log` (a PageLog). Requests to any
    other host are recorded and then refused, so a test never reaches the network."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
    page = context.new_page()
    log = PageLog()
    page.log = log

    def route(route):
        log.requests.append(route.request.url)
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and log.errors.append(f"console: {message.text} ({message.location.get('url', '')})")
        ),
    )
    page.on("pageerror", lambda error: log.errors.append(f"exception: {error}"))
    page.on(
        "requestfailed",
        lambda request: log.errors.append(f"request failed: {request.url} {request.failure}"),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and log.errors.append(f"HTTP {response.status}: {response.url}")
        ),
    )
    return page


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()
