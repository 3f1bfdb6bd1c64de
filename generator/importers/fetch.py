"""Where an export comes from: a file, standard input (`-`), or the system's public job-board API
(`--board NAME` or `--url URL`), page after page, with a timeout and one retry.

Each page keeps its own name (the file, `<stdin>` or the page's URL) and text, so an error names
the line of the page the job came from.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.importers.common import System
from generator.importers.export import ExportError, parse_json

RETRY_PAUSE = 2.0  # seconds before the one retry of a failed request
MAX_PAGES = 1000  # a board that never stops paging is an error, not an endless loop
STDIN = "<stdin>"


@dataclass(frozen=True)
class Page:
    name: str  # what an error names: the file, <stdin>, or the URL
    text: str


class FetchError(Exception):
    """The export could not be had; the message says where and why."""

    def __init__(self, name: str, message: str, line: int = 1):
        self.name, self.line = name, line
        super().__init__(message)


def read_file(file: str) -> list[Page]:
    """The export in a file, or on standard input when `file` is `-`."""
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        return [Page(STDIN if file == "-" else file, data.decode("utf-8-sig"))]
    except (OSError, UnicodeDecodeError) as err:
        raise FetchError(STDIN if file == "-" else file, f"cannot read the export: {err}") from None


def fetch(system: System, url: str, timeout: float) -> list[Page]:
    """Every page of the board at `url`, following the system's pagination."""
    pages: list[Page] = []
    while url:
        if len(pages) >= MAX_PAGES:
            raise FetchError(url, f"the board has more than {MAX_PAGES} pages; stopped")
        page = Page(url, _get(url, timeout))
        pages.append(page)
        try:
            data = parse_json(page.text)
        except ExportError:
            break  # reported with its line when the page's rows are read
        url = system.next_page(url, data) if system.next_page else None
    if system.details:  # the list names the jobs; their text is in their details
        urls = [found for page in pages for found in system.details(page.name, _data(page))]
        if urls:
            return [Page(found, _get(found, timeout)) for found in urls]
    return pages


def _data(page: Page) -> object:
    try:
        return parse_json(page.text)
    except ExportError:
        return None


def _get(url: str, timeout: float) -> str:
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/json",
            "User-Agent": "careers-generator (job import)",
        },
    )
    for attempt in (1, 2):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read().decode("utf-8-sig")
        except urllib.error.HTTPError as err:
            reason = f"the server answered {err.code} {err.reason}"
            if err.code < 500 and err.code != 429:
                raise FetchError(url, f"cannot fetch the board: {reason}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            reason = str(getattr(err, "reason", err)) or type(err).__name__
        except UnicodeDecodeError as err:
            raise FetchError(url, f"the board's answer is not UTF-8 text: {err}") from None
        if attempt == 1:
            time.sleep(RETRY_PAUSE)
    raise FetchError(url, f"cannot fetch the board ({reason}; tried twice, {timeout:g} s each)")
