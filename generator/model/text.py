"""How facts read on pages and in feeds: teasers, labels, dates, salaries; the same everywhere."""

from __future__ import annotations

import datetime as dt
import re

from generator.model.records import Job


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
