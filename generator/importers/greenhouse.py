"""Greenhouse: its job board API, `GET /v1/boards/<board>/jobs?content=true`, an object whose
`jobs` list holds one object a job (all of them: the list has no pages).

- id: `gh-` + `id`; title: `title`; apply_url: `absolute_url`. Posts of one `internal_job_id`
  (one a location, say) are one job: the post of the smallest id, with the places of all
- places: `location.name`, else each office: its `name`, else its `location` (mapped through
  import/locations.yml)
- team: the most specific of `departments`; category: the custom field "Category", "Job
  Category", "Job Family" or "Job Function" exposed on the board, else the parent department,
  else (a board of one department level) the department itself
- posted: `first_published`, else the date already in the file, else `updated_at`
- description: `content` (entity-escaped HTML: unescaped, cleaned, one block a line)
- employment_type: the custom field "Employment Type" (or "Commitment", "Job Type")
- salary: the first of `pay_input_ranges` (cents; its `interval`, else the words of its title and
  blurb, else a year); with several ranges, each is listed with its title in the description
"""

from __future__ import annotations

import html
import urllib.parse

import pycountry

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

API = "https://boards-api.greenhouse.io/v1/boards"
CATEGORY_FIELDS = ("category", "job category", "job family", "job function")
EMPLOYMENT_FIELDS = ("employment type", "commitment", "job type")


def convert(row: dict, existing_posted: str | None) -> tuple[Draft, list[str]]:
    """One Greenhouse job -> (draft without locations, the free-text places to map)."""
    draft: Draft = {}  # the id comes from sync: one rule for every system
    draft["title"] = field_required(row, "title")
    offices = [_office(office) for office in field_list(row, "offices") if isinstance(office, dict)]
    location = field_text(row, "location", "name")
    places: list[str | tuple[str, ...]] = [location] if location else offices
    draft["team"], draft["category"] = _team_and_category(row)
    first = field_text(row, "first_published")
    draft["posted"] = (
        date_of(first, "first_published")
        if first
        else existing_posted or date_of(field_required(row, "updated_at"), "updated_at")
    )
    draft["apply_url"] = field_required(row, "absolute_url")
    content = row.get("content")
    draft["description"] = clean_html(content) if isinstance(content, str) else ""
    if not draft["description"]:
        raise RowError("content is missing or empty: it becomes the job's description")
    draft["employment_type"] = _metadata(row, EMPLOYMENT_FIELDS)  # mapped by sync
    _salary(row, draft)
    requisition = field_text(row, "requisition_id")
    if requisition:
        draft["requisition_id"] = requisition
    language = _language(field_text(row, "language"))
    if language:
        draft["language"] = language
    return draft, places


def _language(value: str) -> str:
    """The posting's language as ISO 639-1 ("en-US" -> "en"); "" when it is not one."""
    code = value.replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and pycountry.languages.get(alpha_2=code) else ""


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
        # A board of one department level and no custom field: the department is both.
        category = field_text(parent or leaf, "name")
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


def _office(office: dict) -> tuple[str, ...]:
    """An office's place: its name, else its `location` ("Seattle, WA, United States"), the
    first the mapping knows."""
    where = office.get("location")
    location = field_text(office, "location", "name") if isinstance(where, dict) else None
    spellings = (field_text(office, "name"), location or field_text(office, "location"))
    return tuple(spelling for spelling in dict.fromkeys(spellings) if spelling)


def _salary(row: dict, draft: Draft) -> None:
    """The first pay range is the job's salary; with several, each is listed, with its title,
    at the end of the description."""
    ranges = [pay for pay in field_list(row, "pay_input_ranges") if isinstance(pay, dict)]
    salaries = [(pay, _range(pay)) for pay in ranges]
    salaries = [(pay, salary) for pay, salary in salaries if salary]
    if not salaries:
        return
    draft["salary"] = salaries[0][1]
    if len(salaries) > 1:
        items = "".join(
            f"<li>{html.escape(field_text(pay, 'title') or 'Pay')}: {_range_text(salary)}</li>\n"
            for pay, salary in salaries
        )
        draft["description"] += f"\n<h3>Pay ranges</h3>\n<ul>\n{items}</ul>"


def _range(pay: dict) -> dict | None:
    low, high = _cents(pay, "min_cents"), _cents(pay, "max_cents")
    if low is None or not field_text(pay, "currency_type"):
        return None
    salary = {"currency": field_text(pay, "currency_type").upper(), "min": low}
    if high is not None:
        salary["max"] = high
    salary["unit"] = _interval(pay)
    return salary


def _interval(pay: dict) -> str:
    """The range's own interval (`interval`, else words of its title and blurb), else a year."""
    words = " ".join(field_text(pay, key) for key in ("interval", "title", "blurb")).casefold()
    for needle, unit in (("hour", "HOUR"), ("daily", "DAY"), ("per day", "DAY")):
        if needle in words:
            return unit
    for needle, unit in (("week", "WEEK"), ("month", "MONTH")):
        if needle in words:
            return unit
    return "YEAR"


def _range_text(salary: dict) -> str:
    amount = f"{salary['min']:,}" + (f"–{salary['max']:,}" if "max" in salary else "")
    return html.escape(f"{salary['currency']} {amount} per {salary['unit'].lower()}")


def _cents(pay: dict, key: str) -> int | None:
    """Whole units of an amount in cents (a value that is not a whole number is left out)."""
    value = pay.get(key)
    return value // 100 if isinstance(value, int) and not isinstance(value, bool) else None


def _internal_job(row: dict) -> int | None:
    """Posts of one job share its `internal_job_id`."""
    value = row.get("internal_job_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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
    source_param="gh_src",
    job_of=_internal_job,
)
