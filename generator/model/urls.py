"""One definition of every slug and URL the site publishes.

URLs are relative to site_url, without a leading slash and with a trailing one ("jobs/abc/"),
so a page's file is always `url + "index.html"`.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from slugify import slugify


@lru_cache(maxsize=65536)  # a site slugs a few hundred names (cities, teams) thousands of times
def slug(text: str) -> str:
    """Lowercase ASCII slug: "São Paulo" -> "sao-paulo". May be empty for text with no letters."""
    return slugify(text, max_length=80, word_boundary=True)


def job_url(job_id: str) -> str:
    return f"jobs/{job_id}/"


@lru_cache(maxsize=65536)
def place_url(
    country: str, region: str | None = None, city_slug: str | None = None, base: str = ""
) -> str:
    """The listing of a place: under /jobs/locations/, or under a team's or category's listing
    (`base`) for its open roles at that place."""
    parts = [country.lower()]
    if region:
        parts.append(region.lower())
    if city_slug:
        parts.append(city_slug)
    return (base or LOCATIONS_URL) + "/".join(parts) + "/"


def location_url(place, level: int = 3) -> str:
    """The listing of a location's country (level 1), region (2) or city (3)."""
    parts = (place.country, place.region, slug(place.city))[:level]
    return place_url(*parts)


def team_url(team: str) -> str:
    return f"jobs/teams/{slug(team)}/"


def category_url(category: str) -> str:
    return f"jobs/categories/{slug(category)}/"


def story_url(story_slug: str) -> str:
    return f"stories/{story_slug}/"


def topic_url(topic: str) -> str:
    return f"stories/topics/{slug(topic)}/"


def person_url(person_id: str) -> str:
    return f"people/{person_id}/"


JOBS_URL = "jobs/"
SOCIAL_IMAGE = "social.png"  # the generator's own sharing picture, at the site's root
FEED_FILES = RSS_FILE, ATOM_FILE, JSON_FEED_FILE = ("feed.xml", "atom.xml", "feed.json")
LOCATIONS_URL = "jobs/locations/"
STORIES_URL = "stories/"
PEOPLE_URL = "people/"


def paged_url(url: str, page: int) -> str:
    """Page 1 of a listing is the listing itself; page n is `<listing>page/n/`."""
    return url if page == 1 else f"{url}page/{page}/"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to `to_url` (both site-relative), as MkDocs would write it.

    External URLs (with a scheme) and fragments pass through unchanged.
    """
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    target = to_url.lstrip("/")
    climbs = _climbs(from_url)
    if climbs and "//" not in target and "/." not in target and not target.startswith("."):
        return _climb(climbs, target)
    rel = relative_path(target, from_url)
    if rel == ".":
        return "./"
    if target.endswith("/") or target == "":
        rel += "/"
    return rel


def _climb(climbs: dict[str, str], target: str) -> str:
    """`relative` for a plain target (a listing page makes thousands of links): up from the
    page to the deepest of its folders that holds the target, then down to the target."""
    is_folder = target.endswith("/") or not target
    folder = target if is_folder else target + "/"
    while folder not in climbs:  # the site's root, "", holds every target
        folder = folder[: folder.rfind("/", 0, -1) + 1]
    rest = target[len(folder) :]
    if rest:
        return climbs[folder] + rest
    if is_folder:  # the target is that folder
        return climbs[folder] or "./"
    return climbs[folder][:-1] or "./"  # named as that folder without its slash: as relpath says


@lru_cache(maxsize=4096)  # a page makes its links in a row: its folders are worked out once
def _climbs(from_url: str) -> dict[str, str]:
    """Each folder holding the page, with the "../" steps up to it from the page:
    "jobs/a/" -> {"jobs/a/": "", "jobs/": "../", "": "../../"}. Empty for a URL with "." or ".."
    parts, which only the general path resolves."""
    parts = [part for part in from_url.split("/") if part]
    if "." in parts or ".." in parts:
        return {}
    folder = "/".join(parts) + "/" if parts else ""
    climbs, steps, end = {}, "", len(folder)
    while end:
        climbs[folder[:end]] = steps
        steps += "../"
        end = folder.rfind("/", 0, end - 1) + 1
    climbs[""] = steps
    return climbs


def relative_path(target: str, start: str) -> str:
    """posixpath.relpath("/" + target, "/" + start), without its normalising for the plain URLs
    the site uses (a listing page makes thousands of links)."""
    to_parts = [part for part in target.split("/") if part]
    from_parts = [part for part in start.split("/") if part]
    if "." in to_parts or ".." in to_parts or "." in from_parts or ".." in from_parts:
        return posixpath.relpath("/" + target, "/" + start)
    common = 0
    for one, other in zip(to_parts, from_parts, strict=False):
        if one != other:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url.lstrip("/")
