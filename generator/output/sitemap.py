"""The sitemap: every indexable page, with the date it last changed where the content says it.

`lastmod` comes from what a page shows (`page_lastmod`): a job its `posted` date, a story its
`updated` (else `date`), a listing or a profile the newest date among what it lists; pages without
dates (the people index, hand-written pages) have none. Search engines ignore a `lastmod` they
find wrong, so none is better than a guess.

Past 50,000 URLs (or 50 MB) a sitemap must be split (sitemaps.org): `sitemap.xml` then is a
sitemap index naming `sitemap-1.xml`, `sitemap-2.xml` ..., each at the site's root (a sitemap may
only list URLs below its own folder). `sitemap.xml.gz` is always the gzip twin of `sitemap.xml`.
Files are byte-identical from one build to the next (sorted URLs, gzip mtime 0).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from generator.model import urls
from generator.model.records import Job, Story
from generator.model.site import story_modified
from generator.pages.kinds import (
    JobPage,
    ListingPage,
    LocationsPage,
    Page,
    PersonPage,
    StoryPage,
)

MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
MAX_BYTES = 50 * 1024 * 1024  # per sitemap file, uncompressed
INDEX = "sitemap.xml"
_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_XMLNS}">\n'
_TAIL = "</urlset>\n"


def page_lastmod(page: Page, memo: dict | None = None) -> dt.date | None:
    """The date `page` last changed, from the dates of what it shows; None when it shows none.

    `memo` (one dict for all the pages of a build) keeps a listing's newest date, worked out
    once for all its pages (the all-jobs listing has hundreds)."""
    if isinstance(page, JobPage):
        return page.job.posted
    if isinstance(page, StoryPage):
        return story_modified(page.story)
    if isinstance(page, ListingPage):
        memo = {} if memo is None else memo
        if id(page.listing) not in memo:  # the pages hold their listing: its id stays its own
            memo[id(page.listing)] = _newest(page.listing.items)
        return memo[id(page.listing)]
    if isinstance(page, LocationsPage):
        return _newest(job for country in page.countries for job in country.items)
    if isinstance(page, PersonPage):
        return _newest(page.stories)
    return None  # the people index, hand-written pages: they show no dates


def _newest(items: Iterable[Job | Story]) -> dt.date | None:
    return max((_item_date(item) for item in items), default=None)


def _item_date(item: Job | Story) -> dt.date:
    return item.posted if isinstance(item, Job) else story_modified(item)


def sitemap_entries(pages: list[Page], other_urls: Iterable[str]) -> dict[str, dt.date | None]:
    """URL -> lastmod for every page that may be indexed, plus `other_urls` (hand-written pages,
    no date)."""
    memo: dict = {}
    entries: dict[str, dt.date | None] = dict.fromkeys(other_urls)
    for page in pages:
        if not page.noindex:
            entries[page.url] = page_lastmod(page, memo)
    return entries


def sitemap_files(
    site_url: str, entries: dict[str, dt.date | None], max_urls: int | None = None
) -> dict[str, bytes]:
    """File name -> bytes: `sitemap.xml` (a sitemap, or the index of `sitemap-N.xml` when the
    URLs do not fit in one) and `sitemap.xml.gz`. `max_urls`: MAX_URLS unless given."""
    max_urls = max_urls or MAX_URLS
    lines = [
        f"  <url><loc>{escape(urls.absolute(site_url, url))}</loc>{_lastmod(entries[url])}</url>\n"
        for url in sorted(entries)
    ]
    parts = _split(lines, [entries[url] for url in sorted(entries)], max_urls)
    if len(parts) == 1:
        files = {INDEX: (_HEAD + "".join(parts[0][0]) + _TAIL).encode("utf-8")}
    else:
        files = {}
        index = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_XMLNS}">\n']
        for number, (chunk, newest) in enumerate(parts, start=1):
            name = f"sitemap-{number}.xml"
            files[name] = (_HEAD + "".join(chunk) + _TAIL).encode("utf-8")
            loc = escape(urls.absolute(site_url, name))
            index.append(f"  <sitemap><loc>{loc}</loc>{_lastmod(newest)}</sitemap>\n")
        index.append("</sitemapindex>\n")
        files[INDEX] = "".join(index).encode("utf-8")
    files[INDEX + ".gz"] = _gzip(files[INDEX])
    return files


def sitemap_file_names(url_count: int, max_urls: int | None = None) -> list[str]:
    """The names of the sitemap files for `url_count` URLs (short URLs: split by count)."""
    max_urls = max_urls or MAX_URLS
    names = [INDEX, INDEX + ".gz"]
    if url_count > max_urls:
        names += [f"sitemap-{n}.xml" for n in range(1, -(-url_count // max_urls) + 1)]
    return names


def _split(lines: list[str], dates: list, max_urls: int) -> list[tuple[list[str], dt.date | None]]:
    """Consecutive chunks of at most `max_urls` lines and MAX_BYTES, each with its newest date."""
    room = MAX_BYTES - len(_HEAD) - len(_TAIL)
    parts: list[tuple[list[str], dt.date | None]] = []
    chunk: list[str] = []
    size, newest = 0, None
    for line, date in zip(lines, dates, strict=True):
        length = len(line.encode("utf-8"))
        if chunk and (len(chunk) == max_urls or size + length > room):
            parts.append((chunk, newest))
            chunk, size, newest = [], 0, None
        chunk.append(line)
        size += length
        if date is not None and (newest is None or date > newest):
            newest = date
    parts.append((chunk, newest))
    return parts


def _lastmod(day: dt.date | None) -> str:
    return f"<lastmod>{day.isoformat()}</lastmod>" if day else ""


def _gzip(data: bytes) -> bytes:
    """mtime 0 and no file name: two builds of the same site give the same bytes."""
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0, filename="") as handle:
        handle.write(data)
    return packed.getvalue()
