"""Ashby: its public job posting API, `GET /posting-api/job-board/<board>?includeCompensation=true`,
an object whose `jobs` list holds every published job (the list has no pages).

- id: `ashby-` + `id`, else the last part of `jobUrl`; title: `title`
- places: `location`, then each `secondaryLocations[].location`; each may also be found by its
  structured address ("Houston, Texas, USA": locality, region, country), whichever
  import/locations.yml knows
- team: `team`, else `department`; category: `department`
- posted: `publishedAt`; apply_url: `jobUrl`, else `applyUrl`
- description: `descriptionHtml` (cleaned, one block a line), else `descriptionPlain`
- employment_type: `employmentType` (FullTime, PartTime, Intern, Contract, Temporary)
- remote: `isRemote`, or `workplaceType: Remote`
- salary: the first `Salary` component of `compensation.summaryComponents`, else of the first
  of `compensation.compensationTiers`, with an interval of one hour, day, week, month or year
- a job with `isListed: false` is not on the board: it is left out
"""

from __future__ import annotations

import urllib.parse

from generator.importers.common import (
    Draft,
    RowError,
    System,
    clean_html,
    date_of,
    field_list,
    field_number,
    field_required,
    field_text,
    plain_markdown,
)

API = "https://api.ashbyhq.com/posting-api/job-board"
INTERVALS = {
    "1 HOUR": "HOUR",
    "1 DAY": "DAY",
    "1 WEEK": "WEEK",
    "1 MONTH": "MONTH",
    "1 YEAR": "YEAR",
}


def job_id(row: dict) -> object:
    """`id`, else the last part of `jobUrl` (Ashby's documented example has no `id`)."""
    url = row.get("jobUrl")
    if row.get("id") is not None or not isinstance(url, str):
        return row.get("id")
    return urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or None


def convert(row: dict, existing_posted: str | None) -> tuple[Draft, list[str | tuple[str, ...]]]:
    """One Ashby job -> (draft without locations, the free-text places to map)."""
    draft: Draft = {"title": field_required(row, "title")}
    places = [_place(field_text(row, "location"), _address(row, "address", "postalAddress"))]
    for index, other in enumerate(field_list(row, "secondaryLocations")):
        if not isinstance(other, dict):
            raise RowError(f"secondaryLocations[{index}] must be an object")
        places.append(_place(field_text(other, "location"), _address(other, "address")))
    department = field_required(row, "department")
    draft["team"] = field_text(row, "team") or department
    draft["category"] = department
    draft["posted"] = date_of(field_required(row, "publishedAt"), "publishedAt")
    draft["apply_url"] = field_text(row, "jobUrl") or field_required(row, "applyUrl")
    html, plain = row.get("descriptionHtml"), row.get("descriptionPlain")
    draft["description"] = clean_html(html) if isinstance(html, str) else ""
    if not draft["description"] and isinstance(plain, str):
        draft["description"] = plain_markdown(plain)
    if not draft["description"]:
        raise RowError("descriptionHtml is missing or empty: it becomes the job's description")
    draft["employment_type"] = field_text(row, "employmentType")  # mapped by sync
    remote = row.get("isRemote")
    if remote is not None and not isinstance(remote, bool):
        raise RowError("isRemote must be true or false")
    draft["remote"] = remote is True or field_text(row, "workplaceType").casefold() == "remote"
    draft["salary"] = _salary(row)
    return draft, places


def _place(name: str, address: str) -> tuple[str, ...]:
    return tuple(spelling for spelling in dict.fromkeys((name, address)) if spelling)


def _address(row: dict, *path: str) -> str:
    """ "Houston, Texas, USA" from a schema.org PostalAddress."""
    parts = [field_text(row, *path, key) for key in ("addressLocality", "addressRegion")]
    return ", ".join(part for part in (*parts, field_text(row, *path, "addressCountry")) if part)


def _salary(row: dict) -> dict | None:
    components = field_list(row, "compensation", "summaryComponents")
    if not components:
        tiers = field_list(row, "compensation", "compensationTiers")
        first = tiers[0] if tiers and isinstance(tiers[0], dict) else {}
        components = field_list(first, "components")
    for component in components:
        if not isinstance(component, dict) or field_text(component, "compensationType") != "Salary":
            continue
        low, high = field_number(component, "minValue"), field_number(component, "maxValue")
        unit = INTERVALS.get(field_text(component, "interval").upper())
        currency = field_text(component, "currencyCode")
        if low is None or unit is None or not currency:
            continue
        salary = {"currency": currency.upper(), "min": round(low)}
        if high is not None:
            salary["max"] = round(high)
        salary["unit"] = unit
        return salary
    return None


def listed(row: dict) -> bool:
    return row.get("isListed") is not False


def board_url(board: str) -> str:
    return f"{API}/{urllib.parse.quote(board, safe='')}?includeCompensation=true"


SYSTEM = System(
    name="ashby",
    prefix="ashby-",
    jobs_key="jobs",
    bare_list=False,
    shape="an object with a 'jobs' list",
    convert=convert,
    board_url=board_url,
    job_id=job_id,
    listed=listed,
)
