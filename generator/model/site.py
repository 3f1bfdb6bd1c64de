"""The validated site, and the facts every page, feed and test must agree on: what "published",
"open" and "last modified" mean."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.config import SiteConfig
from generator.model.records import Job, Person, Related, Story


@dataclass
class Site:
    config: SiteConfig
    today: dt.date
    jobs: list[Job] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    related: dict[str, Related] = field(default_factory=dict)


def job_is_published(job: Job, today: dt.date) -> bool:
    """A job has a page once posted and not a draft (closed jobs keep theirs)."""
    return not job.draft and job.posted <= today


def job_is_open(job: Job, today: dt.date) -> bool:
    """Open: published and `valid_through` not passed. Only open jobs are listed, counted, fed."""
    return job_is_published(job, today) and (
        job.valid_through is None or today <= job.valid_through
    )


def story_is_published(story: Story, today: dt.date) -> bool:
    return not story.draft and story.date <= today


def story_modified(story: Story) -> dt.date:
    """A story's last real change: `updated` (never before `date`), else `date`."""
    return max(story.updated or story.date, story.date)
