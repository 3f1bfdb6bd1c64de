"""Feeds for subscribers: RSS 2.0 and Atom 1.0 through feedgen, and JSON Feed 1.1, per listing.

GUIDs depend on the job id or story slug alone (never title, dates, order or site_url), so a
reader announces each role once. Dates come from the content, never the clock.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from html import escape

from feedgen.feed import FeedGenerator

from generator import urls
from generator.model import SiteConfig, job_summary
from generator.plan import Feed
from generator.schema import Job, Story

_GUID_NAMESPACE = uuid.UUID("6f1d3c62-8a4b-4f0e-9a57-2b1c0d9e7a11")
FILES = ("feed.xml", "atom.xml", "feed.json")


def guid(kind: str, key: str) -> str:
    """`urn:uuid:` from the job id or story slug only."""
    return f"urn:uuid:{uuid.uuid5(_GUID_NAMESPACE, f'{kind}/{key}')}"


def render_feed(feed: Feed, config: SiteConfig) -> dict[str, bytes]:
    """The three files of one listing's feed, by file name."""
    items = [_job_item(i, config) if isinstance(i, Job) else _story_item(i, config) for i in feed.items]
    return {
        "feed.xml": _xml(feed, items, config, "rss"),
        "atom.xml": _xml(feed, items, config, "atom"),
        "feed.json": _json(feed, items, config),
    }


def _job_item(job: Job, config: SiteConfig) -> dict:
    places = [f"{p.country}/{p.region}/{p.city}" for p in job.locations]
    facts = [("Locations", ", ".join(places)), ("Team", job.team), ("Category", job.category),
             ("Employment", job.employment_type.replace("_", " ").title())]
    if job.remote:
        facts.append(("Remote", "yes"))
    if job.salary:
        high = f"–{job.salary.max:,}" if job.salary.max is not None else ""
        facts.append(("Salary", f"{job.salary.currency} {job.salary.min:,}{high} per {job.salary.unit.lower()}"))
    facts.append(("Posted", job.posted.isoformat()))
    summary = job_summary(job)
    html = f"<p>{escape(summary)}</p><ul>" + "".join(f"<li>{k}: {escape(v)}</li>" for k, v in facts)
    html += f'</ul><p><a href="{escape(job.apply_url)}">Apply</a></p>'
    return {
        "id": guid("job", job.id),
        "title": job.title,
        "url": urls.absolute(config.site_url, urls.job_url(job.id)),
        "summary": summary,
        "html": html,
        "published": _midnight(job.posted),
        "updated": _midnight(job.posted),
        "categories": [*places, job.team, job.category],
        "image": None,
        "authors": [],
    }


def _story_item(story: Story, config: SiteConfig) -> dict:
    image = urls.absolute(config.site_url, story.image.src) if story.image else None
    html = f"<p>{escape(story.summary)}</p>"
    if image:
        html = f'<p><img src="{escape(image)}" alt="{escape(story.image.alt)}"></p>' + html
    return {
        "id": guid("story", story.slug),
        "title": story.title,
        "url": urls.absolute(config.site_url, urls.story_url(story.slug)),
        "summary": story.summary,
        "html": html,
        "published": _midnight(story.date),
        "updated": _midnight(story.updated or story.date),
        "categories": list(story.topics),
        "image": image,
        "authors": list(story.people),
    }


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _xml(feed: Feed, items: list[dict], config: SiteConfig, kind: str) -> bytes:
    listing_url = urls.absolute(config.site_url, feed.url)
    self_url = listing_url + ("feed.xml" if kind == "rss" else "atom.xml")
    fg = FeedGenerator()
    fg.id(listing_url)
    fg.title(feed.title)
    fg.description(feed.description)
    fg.language(config.language)
    fg.author(name=config.organization or config.site_name)
    # feedgen: RSS's <link> is the *last* link() call, so the self link goes first.
    fg.link(href=self_url, rel="self")
    fg.link(href=listing_url, rel="alternate")
    fg.updated(feed.updated)
    fg.lastBuildDate(feed.updated)  # defaults to now: keep it from the content
    fg.generator("careers-generator")
    for item in items:
        entry = fg.add_entry(order="append")  # add_entry() prepends by default
        entry.id(item["id"])
        entry.guid(item["id"], permalink=False)
        entry.title(item["title"])
        entry.link(href=item["url"])
        entry.published(item["published"])
        entry.updated(item["updated"])
        if kind == "atom":
            entry.summary(item["summary"])
            entry.content(item["html"], type="html")
        else:
            entry.description(item["html"])
        entry.category([{"term": term} for term in item["categories"]])
    return fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)


def _json(feed: Feed, items: list[dict], config: SiteConfig) -> bytes:
    listing_url = urls.absolute(config.site_url, feed.url)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": listing_url,
        "feed_url": listing_url + "feed.json",
        "description": feed.description,
        "language": config.language,
        "authors": [{"name": config.organization or config.site_name}],
        "items": [
            {
                "id": item["id"],
                "url": item["url"],
                "title": item["title"],
                "content_html": item["html"],
                "summary": item["summary"],
                "date_published": item["published"].isoformat(),
                "date_modified": item["updated"].isoformat(),
                "tags": item["categories"],
                **({"image": item["image"]} if item["image"] else {}),
            }
            for item in items
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
