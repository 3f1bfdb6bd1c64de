"""The validated site: typed records plus the few facts every page, feed and test must agree on."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from generator.model.records import Job, Person, Related, Story


@dataclass(frozen=True)
class SiteConfig:
    site_name: str
    site_url: str  # absolute, ends with "/"
    description: str = ""
    language: str = "en"
    organization: str = ""  # the hiring organization in JobPosting data
    organization_url: str = ""
    organization_logo: str = ""
    jobs_per_page: int = 50
    stories_per_page: int = 20


@dataclass
class Site:
    config: SiteConfig
    today: dt.date
    jobs: list[Job] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    related: dict[str, Related] = field(default_factory=dict)


def resolve_today(value: str | None = None) -> dt.date:
    """`--today` when given, else the date of SOURCE_DATE_EPOCH when set, else the UTC date."""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


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


def job_summary(job: Job, limit: int = 240) -> str:
    """The job's summary, or the start of its description as plain text when it has none."""
    if job.summary:
        return job.summary
    return plain_teaser(job.description, limit)


def plain_teaser(markdown_text: str, limit: int) -> str:
    # [^<>] and [^()], not [^>] and [^)]: linear time even on a megabyte of unclosed "<" or "(".
    text = re.sub(r"<[^<>]*>", " ", markdown_text)
    text = re.sub(r"[*_`#>\[\]]|\(https?://[^()]*\)", "", text)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


EMPLOYMENT_LABELS = {
    "FULL_TIME": "Full time",
    "PART_TIME": "Part time",
    "INTERN": "Internship",
    "CONTRACTOR": "Contractor",
    "TEMPORARY": "Temporary",
}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not %B: that follows the locale


def long_date(day: dt.date) -> str:
    """ "25 November 2026", the same on every machine."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def salary_text(salary) -> str:
    """ "USD 136,000–260,000 per year"."""
    amount = f"{salary.min:,}" + (f"–{salary.max:,}" if salary.max is not None else "")
    return f"{salary.currency} {amount} per {salary.unit.lower()}"
