"""What the site publishes, as types: listings, feeds and every kind of page.

A page kind declares its inputs as fields. Its template receives exactly those fields (and `page`,
`page_url`), nothing else: rendering is strict, so a template that reads anything undeclared fails
in the tests instead of giving a stale page. Incremental builds fingerprint a page from the same
fields (see output/incremental.py), so "what a page reads" and "when it is rebuilt" cannot drift.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import ClassVar

from generator.model.records import Job, Person, Story


@dataclass(eq=False)
class Listing:
    """A set of open jobs (or published stories) with a page, pagination and feeds."""

    url: str
    title: str  # "Seattle, Washington, United States"
    heading: str  # "Open roles in Seattle"
    items: list  # newest first
    kind: str  # "all", "country", "region", "city", "team", "category", "stories", "topic"
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    children: list[Listing] = field(default_factory=list)  # sub-places with their counts
    code: str = ""  # "US/WA/Seattle" for places
    scope: Listing | None = None  # the team or category of a place listing narrowed to it
    teams_here: list[Listing] = field(default_factory=list)  # a place's teams, narrowed to it
    categories_here: list[Listing] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def of_stories(self) -> bool:
        return self.kind in ("stories", "topic")


@dataclass(eq=False)
class Feed:
    """The feeds beside a listing (urls.FEED_FILES): its newest items, at most FEED_LIMIT."""

    url: str  # the listing's URL
    title: str
    description: str
    kind: str  # "jobs" or "stories"
    items: list  # newest first
    updated: dt.datetime
    people: dict[str, Person] = field(default_factory=dict)  # the people its stories feature


@dataclass(eq=False)
class Card:
    """A related-content card: a related.yml entry or a published story."""

    title: str
    summary: str
    url: str  # site-relative ("stories/x/") or absolute
    image: object | None  # records.Image
    external: bool


# Fields every page has; the rest of a kind's fields are its template's inputs.
BASE_FIELDS = ("url", "title", "description", "source", "line", "noindex", "image", "feed_url")


@dataclass(eq=False, kw_only=True)
class Page:
    url: str
    title: str
    description: str = ""
    source: str  # the file or listing that made it, for collision messages
    line: int = 1  # the line in `source` that names the page (a job's `id`), for collisions
    noindex: bool = False
    image: str | None = None  # site-relative, for Open Graph
    feed_url: str | None = None  # the listing whose feeds this page advertises
    template: ClassVar[str]
    og_type: ClassVar[str] = "website"

    @property
    def via_mkdocs(self) -> bool:
        """The theme renders it (a hand-written page); the engine cuts the rest from its shells."""
        return False

    @property
    def searchable(self) -> bool:
        """The site's search finds it: stories, profiles and the first page of the listings of
        stories, people and places, not the job pages and their listings (/jobs/ filters them)."""
        return False

    def inputs(self) -> dict:
        """The template's variables: the fields this kind declares beyond every page's own."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in BASE_FIELDS}


@dataclass(eq=False, kw_only=True)
class JobPage(Page):
    template: ClassVar[str] = "job.html"
    job: Job
    is_open: bool
    places: list  # per location: [(name, url or None)] from country to city
    team_url: str | None  # None: the job is closed (no listing links)
    category_url: str | None
    similar: list[Job]  # open roles like it, shown when it is closed
    stories: list[Story]  # stories about its team


@dataclass(eq=False, kw_only=True)
class ListingPage(Page):
    """One page of a listing; page 1 lives at the listing's URL, page n at `page/n/`."""

    listing: Listing
    items: list
    number: int
    total_pages: int
    previous: str | None
    next: str | None


@dataclass(eq=False, kw_only=True)
class JobListingPage(ListingPage):
    template: ClassVar[str] = "job_listing.html"
    teams: list[Listing] = field(default_factory=list)  # browse links: only on /jobs/
    categories: list[Listing] = field(default_factory=list)
    row_prototype: Job | None = None  # /jobs/: a stand-in job whose row the filters fill in

    @property
    def searchable(self) -> bool:
        return self.listing.kind == "all" and self.number == 1


@dataclass(eq=False, kw_only=True)
class StoryListingPage(ListingPage):
    template: ClassVar[str] = "story_listing.html"
    topics: list[str] = field(default_factory=list)  # every topic: only on /stories/

    @property
    def searchable(self) -> bool:
        return self.number == 1


@dataclass(eq=False, kw_only=True)
class LocationsPage(Page):
    template: ClassVar[str] = "locations.html"
    countries: list[Listing]

    @property
    def searchable(self) -> bool:
        return True


@dataclass(eq=False, kw_only=True)
class StoryPage(Page):
    template: ClassVar[str] = "story.html"
    og_type: ClassVar[str] = "article"
    story: Story
    people: list[Person]
    related: list[Card]
    series: list[Story]
    roles: list[Job]
    teams: list[tuple[str, str]]  # (team, its listing URL) for teams with open roles
    inline_cards: dict[str, Card | None]  # [[card: ref]] markers in the body
    inline_people: dict[str, Person]  # [[person: id]] and [[quote: id]] markers in the body
    people_at_end: list[Person]  # the story's people not featured inside it by [[person: id]]
    byline: str  # who publishes it: the organization

    @property
    def searchable(self) -> bool:
        return True


@dataclass(eq=False, kw_only=True)
class PeoplePage(Page):
    template: ClassVar[str] = "people.html"
    people: list[Person]

    @property
    def searchable(self) -> bool:
        return True


@dataclass(eq=False, kw_only=True)
class PersonPage(Page):
    template: ClassVar[str] = "person.html"
    person: Person
    stories: list[Story]
    team_url: str | None  # the team's listing; None when the team has no open role
    place: list  # [(name, url or None)] from country to city, as JobPage.places; [] without one

    @property
    def searchable(self) -> bool:
        return True


@dataclass(eq=False)
class HomeBlocks:
    """What the home page's generated blocks show ([[latest-stories]], [[newest-roles]],
    [[places]]): the home page itself is an editor's Markdown file."""

    stories: list[Story]
    jobs: list[Job]
    job_count: int
    places: list[Listing]
    teams: list[Listing]
    categories: list[Listing]

    def inputs(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(eq=False, kw_only=True)
class HandWrittenPage(Page):
    """A Markdown page an editor wrote in the docs folder: only its head tags come from here."""

    template: ClassVar[str] = ""

    @property
    def via_mkdocs(self) -> bool:
        return True
