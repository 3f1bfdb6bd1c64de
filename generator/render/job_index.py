"""The compact index of open jobs behind the filters on /jobs/ (`jobs/index.json`). Pure, no I/O.

The browser fetches it after the page has loaded (careers-jobs.js), so it must stay small at a big
company's size: every place, team and category is written once in a table and jobs refer to it by
position, keys are one letter, dates are day numbers. Only open jobs are in it, newest first, in
the order of the listings. Every place, team and category in it has a listing page and a feed
(both exist exactly when it has open jobs), so the script can link to them and subscribe to them.

    {"v": 1,
     "feed": "feed.xml",                             the all-jobs feed
     "c": [[code, name, url], ...],                  countries
     "r": [[country, code, name, url], ...],         regions, `country` a position in "c"
     "l": [[region, name, url], ...],                cities, `region` a position in "r"
     "t": [[name, url], ...],                        teams
     "k": [[name, url], ...],                        categories
     "j": [[id, title, [city, ...], team, category, posted, remote, closes], ...]}

URLs are relative to the index's own folder (`jobs/`); `posted` counts days since 1970-01-01;
`remote` is 1 or 0; `closes` is the day number of `valid_through` (0: no closing date), so the
page can drop a role whose last day has passed on the reader's own date, before any rebuild.
"""

from __future__ import annotations

import datetime as dt
import json

from generator.model import urls
from generator.pages.plan import Listing, Plan

INDEX_FILE = "index.json"
VERSION = 1
_EPOCH = dt.date(1970, 1, 1)


def build_index(plan: Plan) -> dict:
    """The index as plain data (see the module docstring for its shape)."""
    countries, regions, cities = [], [], []
    city_position: dict[str, int] = {}
    for country in plan.places:
        country_position = len(countries)
        countries.append([country.code, country.breadcrumbs[-1][0], _local(country.url)])
        for region in country.children:
            region_position = len(regions)
            regions.append(
                [
                    country_position,
                    region.code.split("/")[1],
                    region.breadcrumbs[-1][0],
                    _local(region.url),
                ]
            )
            for city in region.children:
                city_position[city.url] = len(cities)
                cities.append([region_position, city.breadcrumbs[-1][0], _local(city.url)])
    teams = _table(plan.teams)
    categories = _table(plan.categories)
    team_position = {name: i for i, (name, _) in enumerate(teams)}
    category_position = {name: i for i, (name, _) in enumerate(categories)}
    jobs = []
    for job in plan.jobs:
        places = []
        for place in job.locations:
            city_url = urls.location_url(place)
            position = city_position[city_url]
            if position not in places:
                places.append(position)
        jobs.append(
            [
                job.id,
                job.title,
                places,
                team_position[job.team],
                category_position[job.category],
                (job.posted - _EPOCH).days,
                1 if job.remote else 0,
                (job.valid_through - _EPOCH).days if job.valid_through else 0,
            ]
        )
    return {
        "v": VERSION,
        "feed": "feed.xml",
        "c": countries,
        "r": regions,
        "l": cities,
        "t": teams,
        "k": categories,
        "j": jobs,
    }


def render_index(plan: Plan) -> bytes:
    """`jobs/index.json`: compact, UTF-8, and the same bytes for the same plan."""
    text = json.dumps(build_index(plan), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def _table(listings: list[Listing]) -> list[list[str]]:
    return [[listing.title, _local(listing.url)] for listing in listings]


def _local(url: str) -> str:
    """A site-relative listing URL, relative to the index's folder: "locations/us/ma/boston/"."""
    return url.removeprefix(urls.JOBS_URL)
