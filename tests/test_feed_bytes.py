"""The renderer writes feedgen's bytes, and makes each item once per process.

The renderer serialises each item once and writes each feed's envelope from templates; the
reference (tests/feeds_reference.py) is feedgen's own way, a FeedGenerator per feed. Every feed of
the sample site, of a site of hostile text and of any text at all must come out byte for byte the
same both ways, under every kind of site config (hub, logos, a site_url with a path, no
organization).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build
from generator.config import CareersOptions, SiteConfig, load_site_config
from generator.model.records import Job, Person, Story
from generator.pages.kinds import Feed
from generator.render import feeds
from generator.render.feeds import FeedRenderer
from tests import feeds_reference
from tests.conftest import SiteSource, copy_sample
from tests.test_properties import NASTY

TODAY = dt.date(2026, 11, 25)
UPDATED = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
HOSTILE = "<b>R&D</b> \"Labs\" 'x' ]]> &amp; \u2028 \U0001f642 é"


def variants(config: SiteConfig) -> list[SiteConfig]:
    """`config`, then with what changes a feed's envelope: a hub, a raster logo, hostile text in
    the organization's name and the language, a site_url with a path; a logo and a favicon on
    another host; no organization at all (no Atom author)."""

    def options(**changes) -> CareersOptions:
        return config.options.model_copy(update=changes)

    return [
        config,
        dataclasses.replace(
            config,
            site_url="https://example.test/careers/",
            language='pt-BR"<&',
            options=options(
                websub_hub="https://hub.example.test/publish?a=1&b=2",
                organization_logo="images/logo.png",
                organization=HOSTILE,
            ),
        ),
        dataclasses.replace(
            config,
            site_name="",
            favicon="https://cdn.example.test/fav.ico?v=1&x=2",
            options=options(
                organization="", organization_logo='https://cdn.example.test/Logo.PNG?v="2"&x'
            ),
        ),
    ]


def assert_feedgen_bytes(config: SiteConfig, feed_list: list[Feed]) -> None:
    renderer = FeedRenderer(config)
    for feed in feed_list:
        ours, reference = renderer.render(feed), feeds_reference.render(renderer, feed)
        assert list(ours) == list(reference) == ["feed.xml", "atom.xml", "feed.json"]
        for name, data in ours.items():
            assert data.decode() == reference[name].decode(), feed.url + name


def prepared_site(root: Path) -> build.Prepared:
    config, problems = load_site_config(root / "mkdocs.yml")
    assert not problems
    return build.prepare(root, config, TODAY)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> build.Prepared:
    return prepared_site(copy_sample(tmp_path_factory.mktemp("sample") / "src"))


@pytest.mark.parametrize("variant", range(3))
def test_every_feed_of_the_sample_is_feedgens_byte_for_byte(sample_site, variant):
    feed_list = sample_site.plan.feeds
    assert len(feed_list) > 100
    assert {feed.kind for feed in feed_list} == {"jobs", "stories"}
    assert any(feed.people for feed in feed_list)
    empty = Feed("jobs/teams/none/", "No roles", "0 open roles.", "jobs", [], UPDATED)
    assert_feedgen_bytes(variants(sample_site.site.config)[variant], [*feed_list, empty])


def test_every_feed_of_a_hostile_site_is_feedgens_byte_for_byte(source: SiteSource):
    for n, place in enumerate(["US, WA, Seattle <b>x</b>", "DE, BE, Berlin & \"Co\" 'x'"]):
        source.job(
            f"evil-{n}",
            title=f"{HOSTILE} {n}",
            summary=HOSTILE + "\u2029 > <",
            team="Team " + HOSTILE,
            category=f"Cat {n} " + HOSTILE,
            locations=[place],
            apply_url=f"https://jobs.example.test/apply?a=\"1\"&b=<2>&c='{n}'",
            salary={"currency": "EUR", "min": 50000, "max": 60000, "unit": "YEAR"},
        )
    source.person("ann", name=HOSTILE, role="Role " + HOSTILE)
    source.story("evil", title=HOSTILE, summary=HOSTILE, people=["ann"], topics=[HOSTILE])
    prepared = prepared_site(source.root)
    assert len(prepared.plan.feeds) > 10
    for config in variants(prepared.site.config):
        assert_feedgen_bytes(config, prepared.plan.feeds)


# -- any text at all, through every field a feed shows ---------------------------------------

ANY_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=4).map("".join)
BASE_JOB = Job.model_validate(
    {
        "id": "any-1",
        "title": "T",
        "locations": ["US, WA, Seattle"],
        "team": "Team",
        "category": "Cat",
        "posted": "2026-11-01",
        "apply_url": "https://jobs.example.test/any-1",
        "description": "D",
    }
)
BASE_PERSON = Person.model_validate({"name": "N", "role": "R"})
BASE_STORY = Story.model_validate(
    {"title": "S", "date": "2026-10-01", "summary": "S", "people": ["p"]}
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(ANY_TEXT, min_size=9, max_size=9),
    config_text=st.lists(ANY_TEXT.map(feeds.xml_safe), min_size=2, max_size=2),
    variant=st.integers(0, 2),
)
def test_any_text_gives_feedgens_bytes(texts, config_text, variant):
    """Titles, summaries, teams, categories, names and the feed's own title and description of
    any text, control characters and lone surrogates included (dropped alike both ways); the
    organization and language of any text a config file may hold."""
    title, summary, team, category, feed_title, feed_description, name, role, topic = texts
    # + "t": feedgen refuses an entry whose title is empty once what XML cannot hold is dropped.
    job = BASE_JOB.model_copy(
        update={"title": title + "t", "summary": summary, "team": team, "category": category}
    )
    person = BASE_PERSON.model_copy(update={"name": name, "role": role})
    story = BASE_STORY.model_copy(update={"title": title + "t", "topics": [topic]})
    organization, language = config_text
    base = SiteConfig(
        site_name="S",
        site_url="https://example.test/",
        language=language or "en",
        options=CareersOptions(organization=organization),
    )
    jobs = Feed("jobs/teams/t/", feed_title + "x", feed_description + "x", "jobs", [job], UPDATED)
    stories = Feed("stories/", "S", "D", "stories", [story], UPDATED, {"p": person})
    assert_feedgen_bytes(variants(base)[variant], [jobs, stories])


# -- items: made once per process, made again when what they show changes ----------------------


@pytest.fixture
def fresh_process(monkeypatch):
    """No items made yet, as in a new process."""
    monkeypatch.setattr(feeds, "_shared_entries", None)


def test_a_story_is_made_again_when_a_person_it_features_changes(fresh_process):
    config = SiteConfig(site_name="S", site_url="https://example.test/")
    story = BASE_STORY
    before = Feed("stories/", "S", "D", "stories", [story], UPDATED, {"p": BASE_PERSON})
    renamed = BASE_PERSON.model_copy(update={"name": "Ada Renamed"})
    after = dataclasses.replace(before, people={"p": renamed})
    assert b"Ada Renamed" not in FeedRenderer(config).render(before)["feed.xml"]
    for name, data in FeedRenderer(config).render(after).items():
        assert "Ada Renamed" in data.decode(), name
    assert_feedgen_bytes(config, [after])


def test_another_config_makes_its_own_items(fresh_process):
    feed = Feed("jobs/", "J", "D", "jobs", [BASE_JOB], UPDATED)
    one = SiteConfig(site_name="S", site_url="https://one.example.test/")
    other = dataclasses.replace(one, site_url="https://other.example.test/sub/")
    assert b"https://one.example.test/jobs/any-1/" in FeedRenderer(one).render(feed)["atom.xml"]
    rendered = FeedRenderer(other).render(feed)
    for name, data in rendered.items():
        assert b"one.example.test" not in data, name
        assert b"https://other.example.test/sub/jobs/any-1/" in data, name
    assert_feedgen_bytes(other, [feed])


def test_an_item_leaves_with_its_record(fresh_process):
    """A long-lived process (`serve`) replaces records as sources change: the old ones' entries
    must not stay behind."""
    config = SiteConfig(site_name="S", site_url="https://example.test/")
    renderer = FeedRenderer(config)
    job = BASE_JOB.model_copy(update={"title": "Short-lived"})
    renderer.render(Feed("jobs/", "J", "D", "jobs", [job, BASE_JOB], UPDATED))
    renderer.render(Feed("jobs/x/", "J", "D", "jobs", [job], UPDATED))
    assert len(feeds._shared_entries) == 2  # one per record, however many feeds hold it
    del job
    gc.collect()
    assert len(feeds._shared_entries) == 1
