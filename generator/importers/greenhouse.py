"""Greenhouse: its job board API, `GET /v1/boards/<board>/jobs?content=true`, an object whose
`jobs` list holds one object a job (all of them: the list has no pages).

- id: `gh-` + `id`; title: `title`; apply_url: `absolute_url`
- places: `location.name`, else each `offices[].name` (mapped through import/locations.yml)
- team: the most specific of `departments`; category: the custom field "Category", "Job
  Category", "Job Family" or "Job Function" exposed on the board, else the parent department
- posted: `first_published`, else the date already in the file, else `updated_at`
- description: `content` (entity-escaped HTML: unescaped, cleaned, one block a line)
- employment_type: the custom field "Employment Type" (or "Commitment", "Job Type")
- salary: `pay_input_ranges[0]` (cents, a year)
"""

from __future__ import annotations

import urllib.parse

from generator.importers.common import (
    Draft,
    RowError,
    System,
    clean_html,
    date_of,
    employment,
    field_list,
    field_required,
    field_text,
)

API = "https://boards-api.greenhouse.io/v1/boards"
CATEGORY_FIELDS = ("category", "job category", "job family", "job function")
EMPLOYMENT_FIELDS = ("employment type", "commitment", "job type")


def convert(row: dict, existing_posted: str | None) -> tuple[Draft, list[str]]:
    """One Greenhouse job -> (draft without locations, the free-text places to map)."""
    draft: Draft = {}  # the id comes from sync: one rule for every system
    draft["title"] = field_required(row, "title")
    offices = [field_text(o, "name") for o in field_list(row, "offices") if isinstance(o, dict)]
    places = [field_text(row, "location", "name")]
    if not places[0]:
        places = offices
    draft["team"], draft["category"] = _team_and_category(row)
    first = field_text(row, "first_published")
    draft["posted"] = (
        date_of(first, "first_published")
        if first
        else existing_posted or date_of(field_required(row, "updated_at"), "updated_at")
    )
    draft["apply_url"] = field_required(row, "absolute_url")
    content = row.get("content")
    if not isinstance(content, str) or not clean_html(content):
        raise RowError("content is missing or empty: it becomes the job's description")
    draft["description"] = clean_html(content)
    kind = _metadata(row, EMPLOYMENT_FIELDS)
    if kind:
        draft["employment_type"] = employment(kind, "metadata 'Employment Type'")
    draft["salary"] = _salary(row)
    return draft, places


def _team_and_category(row: dict) -> tuple[str, str]:
    departments = []
    for index, department in enumerate(field_list(row, "departments")):
        if not isinstance(department, dict) or not field_text(department, "name"):
            continue
        for key in ("id", "parent_id"):
            value = department.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
                raise RowError(f"departments[{index}].{key} must be a number or text")
        departments.append(department)
    if not departments:
        raise RowError("departments is empty: the team comes from the job's department")
    ids = {d.get("id") for d in departments}
    parents = {d.get("parent_id") for d in departments}
    leaf = next((d for d in departments if d.get("id") not in parents), departments[0])
    category = _metadata(row, CATEGORY_FIELDS)
    if not category:
        parent = next(
            (d for d in departments if d.get("id") == leaf.get("parent_id") and d.get("id") in ids),
            None,
        )
        if parent is None:
            raise RowError(
                "no category: give the job a 'Category' custom field on the job board, "
                "or a parent department"
            )
        category = field_text(parent, "name")
    return field_text(leaf, "name"), category


def _metadata(row: dict, names: tuple[str, ...]) -> str:
    """The first non-empty value of the custom fields named `names` (a multi-select's first)."""
    for entry in field_list(row, "metadata"):
        if (
            not isinstance(entry, dict)
            or str(entry.get("name", "")).strip().casefold() not in names
        ):
            continue
        value = entry.get("value")
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _salary(row: dict) -> dict | None:
    pay = next((p for p in field_list(row, "pay_input_ranges") if isinstance(p, dict)), None)
    if not (pay and _cents(pay, "min_cents") is not None and field_text(pay, "currency_type")):
        return None
    salary = {"currency": field_text(pay, "currency_type").upper(), "min": _cents(pay, "min_cents")}
    if _cents(pay, "max_cents") is not None:
        salary["max"] = _cents(pay, "max_cents")
    salary["unit"] = "YEAR"
    return salary


def _cents(pay: dict, key: str) -> int | None:
    """Whole units of an amount in cents (a value that is not a whole number is left out)."""
    value = pay.get(key)
    return value // 100 if isinstance(value, int) and not isinstance(value, bool) else None


def board_url(board: str) -> str:
    return f"{API}/{urllib.parse.quote(board, safe='')}/jobs?content=true"


SYSTEM = System(
    name="greenhouse",
    prefix="gh-",
    jobs_key="jobs",
    bare_list=False,
    shape="an object with a 'jobs' list",
    convert=convert,
    board_url=board_url,
)
