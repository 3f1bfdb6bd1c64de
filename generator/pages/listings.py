"""Listings: the open jobs per location (country > region > city), team and category, the stories
per topic; their pages (pagination) and their feeds. Pure: no I/O.

Only open jobs are listed; a place, team or category without open jobs has no listing at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from generator.model import urls
from generator.model.places import country_name, region_name
from generator.model.records import Job, Person, Story
from generator.model.site import Site, story_modified
from generator.pages.kinds import Feed, JobListingPage, Listing, ListingPage, StoryListingPage

FEED_LIMIT = 100


def newest_jobs_first(jobs) -> list[Job]:
    return sorted(jobs, key=lambda job: (-job.posted.toordinal(), job.id))


def newest_stories_first(stories) -> list[Story]:
    return sorted(stories, key=lambda story: (-story.date.toordinal(), story.slug))


def walk(countries: list[Listing]):
    """Every place listing: each country, then its regions, each followed by its cities."""
    for country in countries:
        yield country
        for region in country.children:
            yield region
            yield from region.children


def place_listings(
    open_jobs: list[Job], scope: Listing | None = None, names: dict | None = None
) -> list[Listing]:
    """Countries > regions > cities, each with the open jobs at that place or below it; with a
    `scope` (a team's or category's listing), the listings of its jobs at each place, cities
    named as in `names` ((country, region, city slug) -> the name the place pages use)."""
    by_city: dict[tuple[str, str, str], list[Job]] = defaultdict(list)
    spellings: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for job in open_jobs:
        for place in job.locations:
            key = (place.country, place.region, urls.slug(place.city))
            spellings[key][place.city] += 1
            city_jobs = by_city[key]
            if not city_jobs or city_jobs[-1] is not job:  # identity: == compares every field
                city_jobs.append(job)
    countries: dict[str, Listing] = {}
    regions: dict[tuple[str, str], Listing] = {}
    for cc, rg, city_slug in sorted(by_city):
        country = countries.get(cc)
        if country is None:
            country = countries[cc] = _place(cc, None, None, [], scope)
        region = regions.get((cc, rg))
        if region is None:
            region = regions[(cc, rg)] = _place(cc, rg, None, [country], scope)
            country.children.append(region)
        name = (names or {}).get((cc, rg, city_slug)) or _most_written(
            spellings[(cc, rg, city_slug)]
        )
        city = _place(cc, rg, (city_slug, name), [country, region], scope)
        city.items = by_city[(cc, rg, city_slug)]
        region.children.append(city)
    for listing in [*regions.values(), *countries.values()]:
        jobs = {job.id: job for child in listing.children for job in child.items}
        listing.items = newest_jobs_first(jobs.values())
    for node in [*countries.values(), *regions.values()]:
        node.children.sort(key=lambda child: child.title)
    return sorted(countries.values(), key=lambda c: c.title)


def _most_written(spellings: Counter) -> str:
    """The spelling of a city most jobs use (the first in order among equals)."""
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def _place(
    cc: str,
    rg: str | None,
    city: tuple[str, str] | None,
    parents: list[Listing],
    scope: Listing | None,
) -> Listing:
    names = [country_name(cc)]
    code = [cc]
    if rg:
        names.insert(0, region_name(cc, rg))
        code.append(rg)
    if city:
        names.insert(0, city[1])
        code.append(city[1])
    base = scope.url if scope else urls.LOCATIONS_URL
    url = urls.place_url(cc, rg, city[0] if city else None, base)
    kind = "city" if city else "region" if rg else "country"
    crumbs = [("Jobs", urls.JOBS_URL), (scope.title, scope.url) if scope else ("Locations", base)]
    crumbs += [(p.breadcrumbs[-1][0], p.url) for p in parents] + [(names[0], url)]
    heading = f"{scope.title} roles in {names[0]}" if scope else f"Open roles in {names[0]}"
    title = ", ".join(names)  # "Berlin, Berlin, Germany": the city and its region stay distinct
    listing = Listing(url, title, heading, [], kind, crumbs, [], "/".join(code), scope)
    return listing


def _city_key(city: Listing) -> tuple[str, str, str]:
    """(country, region, city slug) of a city listing, from its URL."""
    country, region, city_slug = city.url.rstrip("/").split("/")[-3:]
    return country.upper(), region.upper(), city_slug


def narrow_to_places(groups: list[Listing], places: list[Listing]) -> None:
    """Each team's (or category's) listings per place, as its children; and on each place, the
    teams and categories with open roles there, linking to those listings."""
    at_place = {node.url.removeprefix(urls.LOCATIONS_URL): node for node in walk(places)}
    names = {
        _city_key(node): node.breadcrumbs[-1][0] for node in walk(places) if node.kind == "city"
    }
    for group in groups:
        group.children = place_listings(group.items, group, names)
        for node in walk(group.children):
            here = at_place[node.url.removeprefix(group.url)]
            (here.teams_here if group.kind == "team" else here.categories_here).append(node)


def group_jobs(jobs: list[Job], attribute: str) -> dict[str, list[Job]]:
    """Jobs by the value of one attribute, each group in the order of `jobs`."""
    groups: dict[str, list[Job]] = defaultdict(list)
    for job in jobs:
        groups[getattr(job, attribute)].append(job)
    return groups


def group_listings(open_jobs: list[Job], attribute: str, make_url) -> list[Listing]:
    """A listing per team (or category) of the open jobs, by name."""
    listings = []
    for name, jobs in sorted(group_jobs(open_jobs, attribute).items()):
        url = make_url(name)
        crumbs = [("Jobs", urls.JOBS_URL), (name, url)]
        listings.append(Listing(url, name, f"Open roles: {name}", jobs, attribute, crumbs))
    return listings


def topic_listings(stories: list[Story]) -> list[Listing]:
    groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for topic in story.topics:
            groups[topic].append(story)
    listings = []
    for topic, items in sorted(groups.items()):
        url = urls.topic_url(topic)
        crumbs = [("Stories", urls.STORIES_URL), (topic, url)]
        listings.append(Listing(url, topic, f"Stories about {topic}", items, "topic", crumbs))
    return listings


def listing_pages(listing: Listing, per_page: int, **declared) -> list[ListingPage]:
    """Page 1 at the listing's URL, then `page/2/`, ...; an empty listing still has page 1.
    `declared`: further inputs of the listing's first page (the browse links of /jobs/)."""
    kind = StoryListingPage if listing.of_stories else JobListingPage
    chunks = [listing.items[i : i + per_page] for i in range(0, len(listing.items), per_page)]
    chunks = chunks or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        title = listing.heading if number == 1 else f"{listing.heading} (page {number})"
        pages.append(
            kind(
                url=urls.paged_url(listing.url, number),
                title=title,
                description=listing_description(listing),
                source=f"listing {listing.url}",
                feed_url=listing.url,
                listing=listing,
                items=chunk,
                number=number,
                total_pages=len(chunks),
                previous=urls.paged_url(listing.url, number - 1) if number > 1 else None,
                next=urls.paged_url(listing.url, number + 1) if number < len(chunks) else None,
                **(declared if number == 1 else {}),
            )
        )
    return pages


def listing_description(listing: Listing) -> str:
    if listing.of_stories:
        return f"{listing.count} stories: {listing.title}."
    if listing.scope is not None:
        return f"{listing.count} open roles: {listing.scope.title} in {listing.title}."
    return f"{listing.count} open roles: {listing.title}."


def feed_for(listing: Listing, site: Site) -> Feed:
    """The feed of a listing: its newest items; dated by its newest item, never by the clock."""
    items = listing.items[:FEED_LIMIT]
    people: dict[str, Person] = {}
    if listing.of_stories:
        topic = listing.title if listing.kind == "topic" else "stories"
        title = f"{site.config.site_name}: {topic}"
        dates = [story_modified(story) for story in items]
        people = {p: site.people[p] for s in items for p in s.people if p in site.people}
    elif listing.kind == "all":
        title = f"Open roles at {site.config.organization}"
        dates = [job.posted for job in items]
    elif listing.kind in ("team", "category"):
        title = f"Open roles: {listing.title}"
        dates = [job.posted for job in items]
    elif listing.scope is not None:
        title = f"{listing.scope.title} roles in {listing.title}"
        dates = [job.posted for job in items]
    else:
        title = f"Open roles in {listing.title}"
        dates = [job.posted for job in items]
    updated = max(dates) if dates else content_date(site)  # not eagerly: it reads every source
    kind = "stories" if listing.of_stories else "jobs"
    return Feed(
        listing.url, title, listing_description(listing), kind, items, _midnight(updated), people
    )


def content_date(site: Site) -> dt.date:
    """The newest date any source carries: a clock-free date for empty feeds."""
    dates = [job.posted for job in site.jobs] + [story.date for story in site.stories]
    return max((d for d in dates if d <= site.today), default=dt.date(1970, 1, 1))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
