"""Lever: its postings API, `GET /v0/postings/<account>?mode=json&skip=N&limit=M`, a list of
postings a page (or an object whose `data` list holds them).

- id: `lever-` + `id`; title: `text`
- places: `categories.allLocations`, else `categories.location` (mapped through
  import/locations.yml; "PLACE, COUNTRY" with the posting's `country` code when the mapping
  lacks PLACE itself, e.g. "Remote, CA")
- team: `categories.team`; category: `categories.department`
- posted: `createdAt` (milliseconds since 1970, UTC) when given (Lever does not document it),
  else the date already in the file, else the day of the import
- apply_url: `hostedUrl`, else `applyUrl`
- description: `descriptionPlain` (escaped as Markdown), then lists of other headings, then
  `salaryDescriptionPlain` and `additionalPlain`; `lists[]` become responsibilities, basic and
  preferred qualifications by their heading
- employment_type: `categories.commitment`; remote: `workplaceType: remote`
- salary: `salaryRange` (per hour, day, week, month or year; a one-time amount is left out)
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

from generator.importers.common import (
    Draft,
    RowError,
    System,
    clean_html,
    field_list,
    field_number,
    field_required,
    field_text,
    list_items,
    plain_markdown,
)

API = "https://api.lever.co/v0/postings"  # the EU instance: --url https://api.eu.lever.co/...
PAGE = 100  # postings a page
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
INTERVALS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def convert(row: dict, existing_posted: str | None) -> tuple[Draft, list[str]]:
    """One Lever posting -> (draft without locations, the free-text places to map)."""
    draft: Draft = {}  # the id comes from sync: one rule for every system
    draft["title"] = field_required(row, "text")
    every = field_list(row, "categories", "allLocations")
    places = [" ".join(p.split()) for p in every if isinstance(p, str)]
    places = [p for p in places if p] or [field_text(row, "categories", "location")]
    country = field_text(row, "country")  # ISO 3166-1 alpha-2, or null when Lever cannot tell
    spellings = [(place, f"{place}, {country}") if place and country else place for place in places]
    draft["team"] = field_required(row, "categories", "team")
    draft["category"] = field_required(row, "categories", "department")
    draft["posted"] = _created(row)  # None: createdAt is not in Lever's documentation
    draft["apply_url"] = field_text(row, "hostedUrl") or field_required(row, "applyUrl")
    _describe(row, draft)
    draft["employment_type"] = field_text(row, "categories", "commitment")  # mapped by sync
    draft["remote"] = field_text(row, "workplaceType").casefold() == "remote"
    draft["salary"] = _salary(row)
    return draft, spellings


def _describe(row: dict, draft: Draft) -> None:
    """The description and the three lists of a posting."""
    plain = row.get("descriptionPlain")
    parts = [plain_markdown(plain)] if isinstance(plain, str) and plain.strip() else []
    if not parts and isinstance(row.get("description"), str) and clean_html(row["description"]):
        parts = [clean_html(row["description"])]
    for entry in field_list(row, "lists"):
        if not isinstance(entry, dict):
            continue
        heading = field_text(entry, "text")
        content = entry.get("content")
        items = list_items(content or "") if isinstance(content, str) else []
        kind = _list_kind(heading)
        if kind and items:
            draft.setdefault(kind, []).extend(items)
        elif items:
            parts.append(
                (f"### {plain_markdown(heading)}\n\n" if heading else "")
                + "\n".join(f"- {item}" for item in items)
            )
    for name in ("salaryDescriptionPlain", "additionalPlain"):
        text = row.get(name)
        if isinstance(text, str) and text.strip():
            parts.append(plain_markdown(text))
    if not parts:
        raise RowError("descriptionPlain is missing or empty: it becomes the job's description")
    draft["description"] = "\n\n".join(parts)


def _list_kind(heading: str) -> str | None:
    words = heading.casefold()
    if re.search(r"prefer|nice to have|bonus|plus", words):
        return "preferred_qualifications"
    if re.search(r"responsib|you('|’)?ll do|you will|duties|the role|day to day", words):
        return "responsibilities"
    if re.search(r"basic|minimum|require|qualif|you have|what you need|must", words):
        return "basic_qualifications"
    return None


def _created(row: dict) -> str | None:
    """The day of `createdAt` (milliseconds since 1970), in UTC; None when absent (the date
    already in the job's file is kept, else the import's day)."""
    created = row.get("createdAt")
    if created is None:
        return None
    if not isinstance(created, int) or isinstance(created, bool):
        raise RowError("createdAt must be a whole number (milliseconds since 1970)")
    try:
        return (EPOCH + dt.timedelta(milliseconds=created)).date().isoformat()
    except OverflowError:
        raise RowError(
            f"createdAt {created} (milliseconds since 1970) is not a date between the years "
            "1 and 9999"
        ) from None


def _salary(row: dict) -> dict | None:
    low, high = field_number(row, "salaryRange", "min"), field_number(row, "salaryRange", "max")
    currency = field_text(row, "salaryRange", "currency")
    if not (currency and low is not None):
        return None
    interval = next(
        (
            unit
            for word, unit in INTERVALS.items()
            if word in field_text(row, "salaryRange", "interval")
        ),
        None,
    )
    if not interval:  # a one-time amount is no rate: left out
        return None
    salary = {"currency": currency.upper(), "min": round(low)}
    if high is not None:
        salary["max"] = round(high)
    salary["unit"] = interval
    return salary


def board_url(board: str) -> str:
    return f"{API}/{urllib.parse.quote(board, safe='')}?mode=json&skip=0&limit={PAGE}"


def next_page(url: str, data: object) -> str | None:
    """Pages of `limit` postings from `skip`: a full page may have a next one."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    limit = int(query["limit"]) if query.get("limit", "").isdigit() else PAGE
    if not isinstance(data, list) or not data or len(data) < limit:
        return None
    skip = int(query["skip"]) if query.get("skip", "").isdigit() else 0
    query.update(skip=str(skip + len(data)), limit=str(limit))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


SYSTEM = System(
    name="lever",
    prefix="lever-",
    jobs_key="data",
    bare_list=True,
    shape="a list of postings",
    convert=convert,
    board_url=board_url,
    source_param="lever-source",
    next_page=next_page,
)
