"""Workable: the public jobs endpoint of its career pages and widget,
`GET https://www.workable.com/api/accounts/<account>?details=true`, an object whose `jobs` list
holds every published job with its description (the list has no pages).

- id: `wk-` + `shortcode`; title: `title`
- places: each of `locations[]` not `hidden` ("city, region", else "city, region, country", else
  the city, whichever import/locations.yml knows), else the job's own `city`, `state`, `country`
- team: `department`; category: `function`, else the department
- posted: `published_on`, else `created_at`; apply_url: `url`, else `application_url`
- description: `full_description`, else `description` (HTML, cleaned)
- employment_type: `employment_type`; remote: `telecommuting`
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
    field_required,
    field_text,
)

API = "https://www.workable.com/api/accounts"


def convert(row: dict, existing_posted: str | None) -> tuple[Draft, list[str | tuple[str, ...]]]:
    """One Workable job -> (draft without locations, the free-text places to map)."""
    draft: Draft = {"title": field_required(row, "title")}
    places = []
    for index, place in enumerate(field_list(row, "locations")):
        if not isinstance(place, dict):
            raise RowError(f"locations[{index}] must be an object")
        hidden = place.get("hidden")
        if hidden is not None and not isinstance(hidden, bool):
            raise RowError(f"locations[{index}].hidden must be true or false")
        if not hidden:
            places.append(_spellings(place, "city", "region", "country"))
    places = places or [_spellings(row, "city", "state", "country")]
    department = field_required(row, "department")
    draft["team"], draft["category"] = department, field_text(row, "function") or department
    published = field_text(row, "published_on")
    draft["posted"] = (
        date_of(published, "published_on")
        if published
        else date_of(field_required(row, "created_at"), "created_at")
    )
    draft["apply_url"] = field_text(row, "url") or field_required(row, "application_url")
    for name in ("full_description", "description"):
        text = row.get(name)
        if text is not None and not isinstance(text, str):
            raise RowError(f"{name} must be text")
        if text and clean_html(text):
            draft["description"] = clean_html(text)
            break
    else:
        raise RowError("description is missing or empty: ask the endpoint with ?details=true")
    draft["employment_type"] = field_text(row, "employment_type")  # mapped by sync
    remote = row.get("telecommuting")
    if remote is not None and not isinstance(remote, bool):
        raise RowError("telecommuting must be true or false")
    draft["remote"] = remote is True
    return draft, places


def _spellings(row: dict, city: str, region: str, country: str) -> tuple[str, ...]:
    parts = [field_text(row, key) for key in (city, region, country)]
    spellings = (", ".join(filter(None, parts[:2])), ", ".join(filter(None, parts)), parts[0])
    return tuple(spelling for spelling in dict.fromkeys(spellings) if spelling)


def job_id(row: dict) -> object:
    return row.get("shortcode")


def board_url(board: str) -> str:
    return f"{API}/{urllib.parse.quote(board, safe='')}?details=true"


SYSTEM = System(
    name="workable",
    prefix="wk-",
    jobs_key="jobs",
    bare_list=False,
    shape="an object with a 'jobs' list",
    convert=convert,
    board_url=board_url,
    job_id=job_id,
)
