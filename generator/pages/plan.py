"""Stage 3, plan: the validated site -> every page, listing and feed it publishes. Pure: no I/O.

Only open jobs are listed, counted and fed; a place, team or category without open jobs gets no
page and no feed. Pages that readers reach from the nav (and stories and people, which the search
index should hold) go through MkDocs; the bulk (jobs and their listings) is written directly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.model import urls
from generator.model.places import country_name, region_name
from generator.model.records import Job, Person, Story
from generator.model.site import (
    Site,
    job_is_open,
    job_is_published,
    story_is_published,
    story_modified,
)
from generator.model.text import job_summary
from generator.problems import Problem

FEED_LIMIT = 100
CARD_MARKER = re.compile(r"^[ \t]*\[\[card:[ \t]*([^\]\s]+)[ \t]*\]\][ \t]*$", re.MULTILINE)


@dataclass
class Listing:
    """A set of open jobs (or stories) with a page, pagination and feeds."""

    url: str
    title: str  # "Seattle, Washington, United States"
    heading: str  # "Open roles in Seattle"
    items: list  # newest first
    kind: str  # "all", "country", "region", "city", "team", "category", "stories", "topic"
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    children: list[Listing] = field(default_factory=list)  # sub-places with their counts
    code: str = ""  # "US/WA/Seattle" for places

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Page:
    url: str
    title: str
    template: str
    context: dict
    source: str  # the file or listing that made it, for collision messages
    description: str = ""
    via_mkdocs: bool = False
    feed_url: str | None = None  # the listing whose feed.xml / atom.xml this page advertises
    noindex: bool = False
    image: str | None = None  # site-relative, for Open Graph
    line: int = 1  # the line in `source` that names the page (a job's `id`), for collisions


@dataclass
class Feed:
    url: str  # the listing's URL; files are url + feed.xml / atom.xml / feed.json
    title: str
    description: str
    kind: str  # "jobs" or "stories"
    items: list  # newest first, at most FEED_LIMIT
    updated: dt.datetime


@dataclass
class Plan:
    pages: list[Page]
    feeds: list[Feed]
    problems: list[Problem]
    jobs: list[Job]  # open jobs, newest first
    places: list[Listing]  # countries, each with regions and cities below
    teams: list[Listing]
    categories: list[Listing]
    stories: list[Story]  # published, newest first

    def page(self, url: str) -> Page | None:
        return next((page for page in self.pages if page.url == url), None)


def newest_jobs_first(jobs) -> list[Job]:
    return sorted(jobs, key=lambda job: (-job.posted.toordinal(), job.id))


def newest_stories_first(stories) -> list[Story]:
    return sorted(stories, key=lambda story: (-story.date.toordinal(), story.slug))


def plan_site(site: Site) -> Plan:
    today = site.today
    open_jobs = newest_jobs_first(job for job in site.jobs if job_is_open(job, today))
    stories = newest_stories_first(s for s in site.stories if story_is_published(s, today))
    places = place_listings(open_jobs)
    teams = group_listings(open_jobs, "team", urls.team_url)
    categories = group_listings(open_jobs, "category", urls.category_url)
    all_jobs = Listing(
        urls.JOBS_URL, "All open roles", "Open roles", open_jobs, "all", [("Jobs", urls.JOBS_URL)]
    )
    topics = topic_listings(stories)
    all_stories = Listing(
        urls.STORIES_URL, "Stories", "Stories", stories, "stories", [("Stories", urls.STORIES_URL)]
    )
    plan = Plan([], [], [], open_jobs, places, teams, categories, stories)
    place_index = {node.url: node for node in walk(places)}
    per_page = site.config.options.jobs_per_page
    for listing in [all_jobs, *walk(places), *teams, *categories]:
        plan.pages += listing_pages(
            listing, per_page, "job_listing.html", via_mkdocs=listing is all_jobs
        )
        plan.feeds.append(feed_for(listing, "jobs", site))
    for listing in [all_stories, *topics]:
        plan.pages += listing_pages(
            listing, site.config.options.stories_per_page, "story_listing.html", via_mkdocs=True
        )
        plan.feeds.append(feed_for(listing, "stories", site))
    plan.pages.append(locations_index_page(places))
    plan.pages += job_pages(site, place_index, open_jobs, stories)
    plan.pages += story_pages(site, stories, open_jobs)
    plan.pages += people_pages(site, stories)
    plan.problems = url_collisions(plan.pages)
    return plan


def walk(countries: list[Listing]):
    for country in countries:
        yield country
        for region in country.children:
            yield region
            yield from region.children


def place_listings(open_jobs: list[Job]) -> list[Listing]:
    """Countries > regions > cities, each with the open jobs at that place or below it."""
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
        country = countries.get(cc) or countries.setdefault(cc, _place(cc, None, None, []))
        region = regions.get((cc, rg))
        if region is None:
            region = regions[(cc, rg)] = _place(cc, rg, None, [country])
            country.children.append(region)
        name = min(spellings[(cc, rg, city_slug)].items(), key=lambda item: (-item[1], item[0]))[0]
        city = _place(cc, rg, (city_slug, name), [country, region])
        city.items = by_city[(cc, rg, city_slug)]
        region.children.append(city)
    for listing in [*regions.values(), *countries.values()]:
        jobs = {job.id: job for child in listing.children for job in child.items}
        listing.items = newest_jobs_first(jobs.values())
    for node in [*countries.values(), *regions.values()]:
        node.children.sort(key=lambda child: child.title)
    return sorted(countries.values(), key=lambda c: c.title)


def _place(
    cc: str, rg: str | None, city: tuple[str, str] | None, parents: list[Listing]
) -> Listing:
    names = [country_name(cc)]
    code = [cc]
    if rg:
        names.insert(0, region_name(cc, rg))
        code.append(rg)
    if city:
        names.insert(0, city[1])
        code.append(city[1])
    url = urls.place_url(cc, rg, city[0] if city else None)
    kind = "city" if city else "region" if rg else "country"
    crumbs = [("Jobs", urls.JOBS_URL), ("Locations", urls.LOCATIONS_URL)]
    crumbs += [(p.breadcrumbs[-1][0], p.url) for p in parents] + [(names[0], url)]
    return Listing(
        url, ", ".join(names), f"Open roles in {names[0]}", [], kind, crumbs, [], "/".join(code)
    )


def group_listings(open_jobs: list[Job], attribute: str, make_url) -> list[Listing]:
    groups: dict[str, list[Job]] = defaultdict(list)
    for job in open_jobs:
        groups[getattr(job, attribute)].append(job)
    listings = []
    for name, jobs in sorted(groups.items()):
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


def listing_pages(listing: Listing, per_page: int, template: str, via_mkdocs: bool) -> list[Page]:
    """Page 1 at the listing's URL, then `page/2/`, ...; an empty listing still has page 1."""
    chunks = [listing.items[i : i + per_page] for i in range(0, len(listing.items), per_page)] or [
        []
    ]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        context = {
            "listing": listing,
            "items": chunk,
            "number": number,
            "total_pages": len(chunks),
            "previous": urls.paged_url(listing.url, number - 1) if number > 1 else None,
            "next": urls.paged_url(listing.url, number + 1) if number < len(chunks) else None,
        }
        title = listing.heading if number == 1 else f"{listing.heading} (page {number})"
        pages.append(
            Page(
                urls.paged_url(listing.url, number),
                title,
                template,
                context,
                source=f"listing {listing.url}",
                description=listing_description(listing),
                via_mkdocs=via_mkdocs and number == 1,
                feed_url=listing.url,
            )
        )
    return pages


def listing_description(listing: Listing) -> str:
    if listing.kind in ("stories", "topic"):
        return f"{listing.count} stories: {listing.title}."
    return f"{listing.count} open roles: {listing.title}."


def feed_for(listing: Listing, kind: str, site: Site) -> Feed:
    items = listing.items[:FEED_LIMIT]
    if kind == "jobs":
        organization = site.config.organization
        title = f"Open roles in {listing.title}"
        if listing.kind == "all":
            title = f"Open roles at {organization}"
        if listing.kind in ("team", "category"):
            title = f"Open roles: {listing.title}"
        dates = [job.posted for job in items]
    else:
        topic = listing.title if listing.kind == "topic" else "stories"
        title = f"{site.config.site_name}: {topic}"
        dates = [story_modified(story) for story in items]
    updated = max(dates) if dates else content_date(site)  # not eagerly: it reads every source
    return Feed(listing.url, title, listing_description(listing), kind, items, _midnight(updated))


def content_date(site: Site) -> dt.date:
    """The newest date any source carries: a clock-free date for empty feeds."""
    dates = [job.posted for job in site.jobs] + [story.date for story in site.stories]
    return max((d for d in dates if d <= site.today), default=dt.date(1970, 1, 1))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def locations_index_page(places: list[Listing]) -> Page:
    context = {"countries": places}
    return Page(
        urls.LOCATIONS_URL,
        "Job locations",
        "locations.html",
        context,
        "locations index",
        description="Every country, region and city with open roles.",
        via_mkdocs=True,
    )


def job_pages(
    site: Site, place_index: dict[str, Listing], open_jobs: list[Job], stories: list[Story]
) -> list[Page]:
    open_ids = {job.id for job in open_jobs}
    by_team, by_category = group_jobs(open_jobs, "team"), group_jobs(open_jobs, "category")
    stories_by_team = stories_of_teams(stories, site.people)
    trails: dict = {}
    pages = []
    for job in site.jobs:
        if not job_is_published(job, site.today):
            continue
        is_open = job.id in open_ids
        places = [
            trails.get(place) or trails.setdefault(place, place_trail(place, place_index))
            for place in job.locations
        ]  # a few hundred places, each worked out once
        context = {
            "job": job,
            "is_open": is_open,
            "places": places,
            "team_url": urls.team_url(job.team) if is_open else None,
            "category_url": urls.category_url(job.category) if is_open else None,
            "similar": [] if is_open else similar_jobs(job, open_jobs, 5, by_team, by_category),
            "stories": stories_by_team.get(job.team, [])[:3],
        }
        pages.append(
            Page(
                urls.job_url(job.id),
                job.title,
                "job.html",
                context,
                job.path,
                description=_job_description(job),
                noindex=not is_open,
                line=job.line,
            )
        )
    return pages


def _job_description(job: Job) -> str:
    return job_summary(job, 160)


def place_trail(place, place_index: dict[str, Listing]) -> list[tuple[str, str | None]]:
    """[(name, url or None)] from country to city; None where that place has no page."""
    steps = [
        (country_name(place.country), urls.place_url(place.country)),
        (region_name(place.country, place.region), urls.place_url(place.country, place.region)),
        (place.city, urls.place_url(place.country, place.region, urls.slug(place.city))),
    ]
    return [(name, url if url in place_index else None) for name, url in steps]


def similar_jobs(
    job: Job,
    open_jobs: list[Job],
    limit: int = 5,
    by_team: dict | None = None,
    by_category: dict | None = None,
) -> list[Job]:
    """Open jobs of the same team, then of the same category (other teams), newest first.

    `by_team` / `by_category` (from `group_jobs`) save a scan of every open job per call.
    """
    by_team = by_team if by_team is not None else group_jobs(open_jobs, "team")
    by_category = by_category if by_category is not None else group_jobs(open_jobs, "category")
    found = by_team.get(job.team, [])[:limit]
    for other in by_category.get(job.category, []):
        if len(found) >= limit:
            break
        if other.team != job.team:
            found.append(other)
    return found


def group_jobs(jobs: list[Job], attribute: str) -> dict[str, list[Job]]:
    """Jobs by the value of one attribute, each group in the order of `jobs`."""
    groups: dict[str, list[Job]] = defaultdict(list)
    for job in jobs:
        groups[getattr(job, attribute)].append(job)
    return groups


def stories_of_teams(stories: list[Story], people: dict[str, Person]) -> dict[str, list[Story]]:
    """Team -> the stories about it (see `team_stories`), in the order of `stories`."""
    found: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        teams = dict.fromkeys(story.teams)
        teams.update(
            dict.fromkeys(people[p].team for p in story.people if p in people and people[p].team)
        )
        for team in teams:
            found[team].append(story)
    return found


def team_stories(
    team: str, stories: list[Story], people: dict[str, Person], limit: int = 3
) -> list[Story]:
    """Published stories about a team: it is in their `teams`, or a person in them is on it."""
    found = [
        story
        for story in stories
        if team in story.teams or any(people[p].team == team for p in story.people if p in people)
    ]
    return found[:limit]


def story_pages(site: Site, stories: list[Story], open_jobs: list[Job]) -> list[Page]:
    by_slug = {story.slug: story for story in stories}
    by_series = defaultdict(list)
    for story in stories:
        if story.series:
            by_series[story.series].append(story)
    by_team = group_jobs(open_jobs, "team")
    position = {id(job): index for index, job in enumerate(open_jobs)}
    pages = []
    for story in stories:
        related = [card_for(ref, site, by_slug) for ref in story.related]
        series = [s for s in by_series.get(story.series, ()) if s is not story]
        # The newest 10 open roles of the story's teams: each team's 10 newest hold them all.
        candidates = [
            job for team in dict.fromkeys(story.teams) for job in by_team.get(team, [])[:10]
        ]
        roles = sorted(candidates, key=lambda job: position[id(job)])
        context = {
            "story": story,
            "people": [site.people[p] for p in story.people],
            "related": [card for card in related if card],
            "series": series[:4],
            "roles": roles[:10],
            "teams": [(team, urls.team_url(team)) for team in story.teams if team in by_team],
            "inline_cards": {
                ref: card_for(ref, site, by_slug) for ref in CARD_MARKER.findall(story.body)
            },
        }
        image = story.image.src if story.image else None
        pages.append(
            Page(
                urls.story_url(story.slug),
                story.title,
                "story.html",
                context,
                story.path,
                description=story.summary,
                via_mkdocs=True,
                image=image,
            )
        )
    return pages


def card_for(ref: str, site: Site, published: dict[str, Story]) -> dict | None:
    """A related-content card: a related.yml entry, or a published story (None if unpublished)."""
    if ref in site.related:
        item = site.related[ref]
        return {
            "title": item.title,
            "summary": item.summary,
            "url": item.url.lstrip("/") if item.url.startswith("/") else item.url,
            "image": item.image,
            "external": "://" in item.url,
        }
    story = published.get(ref)
    if story is None:
        return None
    return {
        "title": story.title,
        "summary": story.summary,
        "url": urls.story_url(story.slug),
        "image": story.image,
        "external": False,
    }


def people_pages(site: Site, stories: list[Story]) -> list[Page]:
    people = sorted(site.people.values(), key=lambda person: (person.name.casefold(), person.id))
    pages = [
        Page(
            urls.PEOPLE_URL,
            "People",
            "people.html",
            {"people": people},
            "people index",
            description="The scientists and interns in our stories.",
            via_mkdocs=True,
        )
    ]
    by_person = defaultdict(list)
    for story in stories:
        for person_id in dict.fromkeys(story.people):
            by_person[person_id].append(story)
    for person in people:
        context = {"person": person, "stories": by_person.get(person.id, [])}
        image = person.photo.src if person.photo else None
        pages.append(
            Page(
                urls.person_url(person.id),
                person.name,
                "person.html",
                context,
                person.path,
                description=f"{person.name}, {person.role}.",
                via_mkdocs=True,
                image=image,
            )
        )
    return pages


def url_collisions(pages: list[Page]) -> list[Problem]:
    """Two sources that would publish at one URL are an error naming both, never an overwrite.

    The blame goes to a source file (a job, a story) rather than to a listing, at the line that
    names the page. URLs are compared case-blind: on macOS and Windows they would be one folder.
    """
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        other = seen.setdefault(page.url.casefold(), page)
        if other is page:
            continue
        blamed, against = page, other
        if _is_file(other.source) and not _is_file(page.source):
            blamed, against = other, page
        where = ""
        if against.url != blamed.url:
            where = f" (at /{against.url}: URLs differing only in case share one folder)"
        text = f"would publish at /{blamed.url}, which {against.source} publishes too{where}"
        problems.append(Problem(blamed.source, blamed.line, text))
    return problems


def _is_file(source: str) -> bool:
    return "/" in source and not source.startswith("listing ")


def content_collisions(
    plan: Plan, content_files: list[str], outputs: dict[str, str]
) -> list[Problem]:
    """Hand-written files under content/ that would land on a file the generator writes.

    `content_files`: paths relative to the root ("content/jobs/x.md"); `outputs`: the generated
    files besides pages (output path -> what writes it): feeds, the jobs index, the sitemap.
    MkDocs publishes `x.md` at `x/index.html`, `x/index.md` and `x/README.md` there too.
    """
    generated = {page.url.casefold() + "index.html": page.source for page in plan.pages}
    generated.update((name.casefold(), source) for name, source in outputs.items())
    problems = []
    for rel in content_files:
        inside = rel.split("/", 1)[1]
        stem, dot, suffix = inside.rpartition(".")
        if dot and suffix == "md":
            parent, _, name = stem.rpartition("/")
            folder = parent if name in ("index", "README") else stem
            inside = (folder + "/" if folder else "") + "index.html"
        other = generated.get(inside.casefold())
        if other is not None:
            url = inside.removesuffix("index.html")
            text = f"would publish at /{url}, which {other} publishes too"
            problems.append(Problem(rel, 1, text))
    return problems
