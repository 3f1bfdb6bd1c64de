"""Stage 3, plan: the validated site -> every page and feed it publishes, as typed pages
(pages/kinds.py) each holding what it shows. Pure: no I/O.

Listings (per location, team, category, topic) and their feeds are made in pages/listings.py;
this module adds the pages of single jobs, stories and people, and the home page's blocks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from generator.model import urls
from generator.model.markers import card_refs, markers
from generator.model.places import Location, country_name, region_name
from generator.model.records import Job, Person, Story
from generator.model.site import Site, job_is_open, job_is_published, story_is_published
from generator.model.text import job_summary
from generator.pages.collisions import url_collisions
from generator.pages.kinds import (
    Card,
    Feed,
    HomeBlocks,
    JobPage,
    Listing,
    LocationsPage,
    Page,
    PeoplePage,
    PersonPage,
    StoryPage,
)
from generator.pages.listings import (
    feed_for,
    group_jobs,
    group_listings,
    listing_pages,
    narrow_to_places,
    newest_jobs_first,
    newest_stories_first,
    place_listings,
    topic_listings,
    walk,
)
from generator.problems import Problem

SIMILAR_LIMIT = 5  # open roles offered on a closed job's page
STORY_ROLES_LIMIT = 10  # open roles on a story's teams
HOME_STORIES, HOME_JOBS = 6, 8
# The row the /jobs/ filters copy for each result (a remote role at one place: every part shown).
ROW_PROTOTYPE = Job.model_construct(
    id="job",
    title="",
    locations=[Location("", "", "")],
    team="",
    category="",
    posted=dt.date(1970, 1, 1),
    remote=True,
)


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
    home: HomeBlocks

    def page(self, url: str) -> Page | None:
        return next((page for page in self.pages if page.url == url), None)


def plan_site(site: Site) -> Plan:
    today = site.today
    open_jobs = newest_jobs_first(job for job in site.jobs if job_is_open(job, today))
    stories = newest_stories_first(s for s in site.stories if story_is_published(s, today))
    places = place_listings(open_jobs)
    teams = group_listings(open_jobs, "team", urls.team_url)
    categories = group_listings(open_jobs, "category", urls.category_url)
    narrow_to_places([*teams, *categories], places)
    all_jobs = Listing(
        urls.JOBS_URL, "All open roles", "Open roles", open_jobs, "all", [("Jobs", urls.JOBS_URL)]
    )
    all_stories = Listing(
        urls.STORIES_URL, "Stories", "Stories", stories, "stories", [("Stories", urls.STORIES_URL)]
    )
    home = HomeBlocks(
        stories[:HOME_STORIES], open_jobs[:HOME_JOBS], len(open_jobs), places, teams, categories
    )
    plan = Plan([], [], [], open_jobs, places, teams, categories, stories, home)
    per_page = site.config.options.jobs_per_page
    all_jobs_pages = listing_pages(all_jobs, per_page, teams=teams, categories=categories)
    for page in all_jobs_pages:  # every page of /jobs/ has the filters, which copy this row
        page.row_prototype = ROW_PROTOTYPE
    plan.pages += all_jobs_pages
    for listing in [*walk(places), *teams, *categories]:
        plan.pages += listing_pages(listing, per_page)
    for group in [*teams, *categories]:  # each team and category at each of its places
        for listing in walk(group.children):
            plan.pages += listing_pages(listing, per_page)
    per_page = site.config.options.stories_per_page
    topics = [topic for story in stories for topic in story.topics]  # the template sorts them
    plan.pages += listing_pages(all_stories, per_page, topics=topics)
    for listing in topic_listings(stories):
        plan.pages += listing_pages(listing, per_page)
    plan.feeds = [feed_for(page.listing, site) for page in plan.pages if _first_of_listing(page)]
    plan.pages.append(locations_page(places))
    place_urls = {node.url for node in walk(places)}
    plan.pages += job_pages(site, place_urls, open_jobs, stories)
    plan.pages += story_pages(site, stories, open_jobs)
    plan.pages += people_pages(site, stories, place_urls, teams)
    plan.problems = url_collisions(plan.pages)
    return plan


def _first_of_listing(page: Page) -> bool:
    return getattr(page, "number", None) == 1


def locations_page(places: list[Listing]) -> LocationsPage:
    return LocationsPage(
        url=urls.LOCATIONS_URL,
        title="Job locations",
        description="Every country, region and city with open roles.",
        source="locations index",
        countries=places,
    )


def job_pages(
    site: Site, place_urls: set[str], open_jobs: list[Job], stories: list[Story]
) -> list[JobPage]:
    """A page per published job, open or closed (a closed one offers similar open roles)."""
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
            trails.get(place) or trails.setdefault(place, place_trail(place, place_urls))
            for place in job.locations
        ]  # a few hundred places, each worked out once
        similar = [] if is_open else similar_jobs(job, by_team, by_category)
        pages.append(
            JobPage(
                url=urls.job_url(job.id),
                title=job.title,
                description=job_summary(job, 160),
                source=job.path,
                line=job.line,
                noindex=not is_open,
                job=job,
                is_open=is_open,
                places=places,
                team_url=urls.team_url(job.team) if is_open else None,
                category_url=urls.category_url(job.category) if is_open else None,
                similar=similar,
                stories=stories_by_team.get(job.team, [])[:3],
            )
        )
    return pages


def place_trail(place, place_urls: set[str]) -> list[tuple[str, str | None]]:
    """[(name, url or None)] from country to city; None where that place has no page."""
    names = (country_name(place.country), region_name(place.country, place.region), place.city)
    trail = []
    for level, name in enumerate(names, start=1):
        url = urls.location_url(place, level)
        trail.append((name, url if url in place_urls else None))
    return trail


def similar_jobs(job: Job, by_team: dict, by_category: dict) -> list[Job]:
    """Open jobs of the same team, then of the same category (other teams), newest first;
    `by_team` and `by_category` from `group_jobs` of the open jobs."""
    found = by_team.get(job.team, [])[:SIMILAR_LIMIT]
    for other in by_category.get(job.category, []):
        if len(found) >= SIMILAR_LIMIT:
            break
        if other.team != job.team:
            found.append(other)
    return found


def stories_of_teams(stories: list[Story], people: dict[str, Person]) -> dict[str, list[Story]]:
    """Team -> the stories about it (it is in their `teams`, or a person in them is on it), in
    the order of `stories`."""
    found: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        teams = dict.fromkeys(story.teams)
        teams.update(
            dict.fromkeys(people[p].team for p in story.people if p in people and people[p].team)
        )
        for team in teams:
            found[team].append(story)
    return found


def story_pages(site: Site, stories: list[Story], open_jobs: list[Job]) -> list[StoryPage]:
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
        # The newest open roles of the story's teams: each team's newest that many hold them all.
        candidates = [
            job
            for team in dict.fromkeys(story.teams)
            for job in by_team.get(team, [])[:STORY_ROLES_LIMIT]
        ]
        roles = sorted(candidates, key=lambda job: position[id(job)])
        inline = markers(story.body)
        featured_inside = {m.ref for m in inline if m.kind == "person"}
        pages.append(
            StoryPage(
                url=urls.story_url(story.slug),
                title=story.title,
                description=story.summary,
                source=story.path,
                image=story.image.src if story.image else None,
                story=story,
                people=[site.people[p] for p in story.people],
                related=[card for card in related if card],
                series=series[:4],
                roles=roles[:STORY_ROLES_LIMIT],
                teams=[(team, urls.team_url(team)) for team in story.teams if team in by_team],
                inline_cards={
                    ref: card_for(ref, site, by_slug) for ref, _ in card_refs(story.body)
                },
                inline_people={
                    m.ref: site.people[m.ref] for m in inline if m.kind in ("person", "quote")
                },
                people_at_end=[
                    site.people[p] for p in story.people if p not in featured_inside
                ],
                byline=site.config.organization,
            )
        )
    return pages


def card_for(ref: str, site: Site, published: dict[str, Story]) -> Card | None:
    """A related-content card: a related.yml entry, or a published story (None if unpublished)."""
    if ref in site.related:
        item = site.related[ref]
        url = item.url.lstrip("/") if item.url.startswith("/") else item.url
        return Card(item.title, item.summary, url, item.image, "://" in item.url)
    story = published.get(ref)
    if story is None:
        return None
    return Card(story.title, story.summary, urls.story_url(story.slug), story.image, False)


def people_pages(
    site: Site, stories: list[Story], place_urls: set[str], teams: list[Listing]
) -> list[Page]:
    people = sorted(site.people.values(), key=lambda person: (person.name.casefold(), person.id))
    pages: list[Page] = [
        PeoplePage(
            url=urls.PEOPLE_URL,
            title="People",
            description="The scientists and interns in our stories.",
            source="people index",
            people=people,
        )
    ]
    by_person = defaultdict(list)
    for story in stories:
        for person_id in dict.fromkeys(story.people):
            by_person[person_id].append(story)
    team_urls = {listing.title: listing.url for listing in teams}
    for person in people:
        pages.append(
            PersonPage(
                url=urls.person_url(person.id),
                title=person.name,
                description=f"{person.name}, {person.role}.",
                source=person.path,
                image=person.photo.src if person.photo else None,
                person=person,
                stories=by_person.get(person.id, []),
                team_url=team_urls.get(person.team),
                place=place_trail(person.location, place_urls) if person.location else [],
            )
        )
    return pages
