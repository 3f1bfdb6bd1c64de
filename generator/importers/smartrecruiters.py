"""SmartRecruiters: its public Posting API. `GET /v1/companies/<company>/postings?limit=100&
offset=N` lists the postings a page (`content`, with `totalFound`); the text of each posting is in
its details, `GET /v1/companies/<company>/postings/<id>` (the list's `ref`), which the import
fetches one by one. A saved export is a list page whose postings hold their details, or one posting.

- id: `sr-` + `id`; title: `name`
- places: `location`: its `fullLocation`, else "city, region", else the city (whichever
  import/locations.yml knows); remote: `location.remote`
- team: `department.label`, else `function.label`; category: `function.label`, else the department
- posted: `releasedDate`; apply_url: `postingUrl`, else `applyUrl`
- description: `jobAd.sections.jobDescription.text` (HTML, cleaned), then `qualifications` (its
  list items become the basic qualifications) and `additionalInformation`; about_team:
  `companyDescription`
- employment_type: `typeOfEmployment.label`
"""

from __future__ import annotations

import urllib.parse

from generator.importers.common import (
    Draft,
    RowError,
    System,
    clean_html,
    date_of,
    field_required,
    field_text,
    list_items,
)

API = "https://api.smartrecruiters.com/v1/companies"
PAGE = 100  # the most the API gives a page


def convert(row: dict, existing_posted: str | None) -> tuple[Draft, list[str | tuple[str, ...]]]:
    """One SmartRecruiters posting (with its details) -> (draft, the free-text places to map)."""
    draft: Draft = {"title": field_required(row, "name")}
    city, region = field_text(row, "location", "city"), field_text(row, "location", "region")
    spellings = (
        field_text(row, "location", "fullLocation"),
        ", ".join(filter(None, (city, region))),
        city,
    )
    places = [tuple(s for s in dict.fromkeys(spellings) if s)]
    department = field_text(row, "department", "label")
    function = field_text(row, "function", "label")
    if not (department or function):
        raise RowError("department.label and function.label are missing: the team comes from them")
    draft["team"], draft["category"] = department or function, function or department
    draft["posted"] = date_of(field_required(row, "releasedDate"), "releasedDate")
    draft["apply_url"] = field_text(row, "postingUrl") or field_required(row, "applyUrl")
    _job_ad(row, draft)
    draft["employment_type"] = field_text(row, "typeOfEmployment", "label")  # mapped by sync
    remote = (
        row.get("location", {}).get("remote") if isinstance(row.get("location"), dict) else None
    )
    if remote is not None and not isinstance(remote, bool):
        raise RowError("location.remote must be true or false")
    draft["remote"] = remote is True
    return draft, places


def _section(row: dict, name: str) -> tuple[str, str]:
    """(title, cleaned HTML) of one section of the job ad."""
    text = row.get("jobAd", {}).get("sections", {}) if isinstance(row.get("jobAd"), dict) else {}
    section = text.get(name) if isinstance(text, dict) else None
    if section is None:
        return "", ""
    if not isinstance(section, dict):
        raise RowError(f"jobAd.sections.{name} must be an object")
    body = section.get("text")
    if body is not None and not isinstance(body, str):
        raise RowError(f"jobAd.sections.{name}.text must be text")
    return field_text(section, "title"), clean_html(body or "")


def _job_ad(row: dict, draft: Draft) -> None:
    _, description = _section(row, "jobDescription")
    if not description:
        raise RowError(
            "jobAd.sections.jobDescription.text is missing or empty: it becomes the "
            "job's description (the list of postings lacks it: fetch the details)"
        )
    title, qualifications = _section(row, "qualifications")
    items = list_items(qualifications) if "<li" in qualifications else []
    if items:
        draft["basic_qualifications"] = items
    elif qualifications:
        description += f"\n<h3>{title or 'Qualifications'}</h3>\n{qualifications}"
    title, additional = _section(row, "additionalInformation")
    if additional:
        description += f"\n<h3>{title or 'Additional information'}</h3>\n{additional}"
    draft["description"] = description
    draft["about_team"] = _section(row, "companyDescription")[1]


def board_url(board: str) -> str:
    return f"{API}/{urllib.parse.quote(board, safe='')}/postings?limit={PAGE}&offset=0"


def next_page(url: str, data: object) -> str | None:
    """Pages of `limit` postings from `offset`, until `totalFound` of them were listed."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        return None
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    offset = int(query["offset"]) if query.get("offset", "").isdigit() else 0
    total, count = data.get("totalFound"), len(data["content"])
    if not count or not isinstance(total, int) or offset + count >= total:
        return None
    query.update(offset=str(offset + count), limit=query.get("limit", str(PAGE)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def details(url: str, data: object) -> list[str]:
    """The URLs of the details of every posting of a list page."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        return []
    base = urllib.parse.urlsplit(url)._replace(query="", fragment="")
    found = []
    for posting in data["content"]:
        if isinstance(posting, dict) and isinstance(posting.get("id"), str | int):
            ident = urllib.parse.quote(str(posting["id"]), safe="")
            found.append(urllib.parse.urlunsplit(base._replace(path=f"{base.path}/{ident}")))
    return found


def one_posting(data: object) -> bool:
    """A page that is one posting's details (not a list page)."""
    return isinstance(data, dict) and "jobAd" in data


SYSTEM = System(
    name="smartrecruiters",
    prefix="sr-",
    jobs_key="content",
    bare_list=False,
    shape="an object with a 'content' list of postings (a page of the Posting API), or a posting",
    convert=convert,
    board_url=board_url,
    next_page=next_page,
    details=details,
    one_job=one_posting,
)
