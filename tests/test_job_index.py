"""The compact jobs index behind the /jobs/ filters (jobs/index.json): content, links, size."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import Built, SiteSource
from synthetic_jobs import twenty_thousand_jobs_plan

from generator.render.job_index import build_index, render_index

MAX_COMPRESSED = 1_500_000  # the budget for 20,000 jobs


def listed_ids(built: Built, url: str) -> list[str]:
    hrefs = built.html(url).xpath('//a[@class="careers-job__title"]/@href')
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def test_sample_index_holds_the_open_jobs_in_listing_order(sample: Built):
    index = json.loads(sample.text("jobs/", "index.json"))
    assert index["v"] == 1
    ids = [job[0] for job in index["j"]]
    assert ids == listed_ids(sample, "jobs/")  # newest first, as /jobs/ lists them
    assert len(ids) == 16 and "iss-3001499" not in ids


def test_every_place_team_and_category_in_the_index_has_a_page_and_a_feed(sample: Built):
    index = json.loads(sample.text("jobs/", "index.json"))
    urls = [c[2] for c in index["c"]] + [r[3] for r in index["r"]]
    urls += [city[2] for city in index["l"]]
    urls += [t[1] for t in index["t"]] + [k[1] for k in index["k"]]
    for url in urls:
        assert sample.exists("jobs/" + url), url
        assert sample.exists("jobs/" + url, "feed.xml"), url
    assert sample.exists("jobs/", index["feed"])
    # each job's places, teams and categories are the listings that list it
    for job_id, title, cities, team, category, _posted, remote, _closes in index["j"]:
        for city in cities:
            assert job_id in listed_ids(sample, "jobs/" + index["l"][city][2])
        assert job_id in listed_ids(sample, "jobs/" + index["t"][team][1])
        assert job_id in listed_ids(sample, "jobs/" + index["k"][category][1])
        page = sample.html(f"jobs/{job_id}/")
        assert page.xpath("string(//article//h1)") == title
        assert remote in (0, 1)


def test_spelling_variants_of_a_city_are_one_entry(source: SiteSource):
    source.job("a", locations=["US, WA, Seattle"], posted="2026-11-02")
    source.job(
        "b", locations=["US, WA, seattle", "IN, KA, Bengaluru"], posted="2026-11-03", remote="true"
    )
    built = source.build()
    index = json.loads(built.text("jobs/", "index.json"))
    assert [city[1:] for city in index["l"]] == [
        ["Bengaluru", "locations/in/ka/bengaluru/"],
        ["Seattle", "locations/us/wa/seattle/"],
    ]
    jobs = {job[0]: job for job in index["j"]}
    assert jobs["a"][2] == [1] and jobs["b"][2] == [1, 0]
    assert jobs["b"][6] == 1 and jobs["a"][6] == 0
    assert jobs["b"][5] - jobs["a"][5] == 1  # posted: day numbers


@pytest.mark.slow  # plans 20,000 jobs: a size test
def test_twenty_thousand_jobs_fit_the_budget():
    plan = twenty_thousand_jobs_plan()
    data = render_index(plan)
    packed = gzip.compress(data, compresslevel=6)
    print(
        f"\njobs/index.json for {len(plan.jobs)} jobs: {len(data):,} bytes, {len(packed):,} gzipped"
    )
    assert len(plan.jobs) > 18_000  # the open ones: a few are closed, drafts or not yet posted
    assert len(json.loads(data)["j"]) == len(plan.jobs)
    assert len(packed) <= MAX_COMPRESSED
    assert render_index(plan) == data  # the same plan, the same bytes


@pytest.mark.parametrize("field", ["c", "r", "l", "t", "k", "j"])
def test_index_tables_are_plain_lists(sample: Built, field):
    index = json.loads(sample.text("jobs/", "index.json"))
    assert isinstance(index[field], list) and index[field]
    assert all(isinstance(row, list) for row in index[field])


def test_build_index_without_jobs_is_empty_but_valid():
    import datetime as dt

    from generator.config import SiteConfig
    from generator.model.site import Site
    from generator.pages.plan import plan_site

    site = Site(SiteConfig("Empty", "https://empty.example/"), dt.date(2026, 11, 25))
    empty = build_index(plan_site(site))
    assert empty == {
        "v": 1,
        "feed": "feed.xml",
        "c": [],
        "r": [],
        "l": [],
        "t": [],
        "k": [],
        "j": [],
    }
