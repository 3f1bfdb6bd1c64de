"""`python -m generator import greenhouse|lever FILE`: applicant-tracking exports -> job files.

Each job of the export becomes `jobs/<source>/<id>.yml` (`gh-<id>` for Greenhouse, `lever-<id>`
for Lever), written in one fixed shape so that re-running an import on the same export changes
no byte and rewrites no file. A job that was imported before and has left the export is closed,
not deleted: its `valid_through` becomes the day before today, so its page stays with the
"applications closed" notice and it leaves every listing and feed. A job that comes back is
written afresh (open again).

Free-text places ("Seattle, WA", "Remote - Canada") become location codes through a small
mapping file that operators edit, `import/locations.yml` at the site root (see `load_places`).
A place the mapping lacks is an error naming the export's row; one error stops the whole import
and nothing is written.

Rules for the fields (Greenhouse job board `jobs[]` | Lever postings list):
- id: `gh-` + `id` | `lever-` + `id`
- title: `title` | `text`
- locations: `location.name`, else each `offices[].name` | `categories.allLocations`, else
  `categories.location`; every place through the mapping
- team: the most specific of `departments` | `categories.team`
- category: the metadata field "Category", "Job Category", "Job Family" or "Job Function", else
  the parent department | `categories.department`
- posted: `first_published`, else the date already in the file, else `updated_at` |
  `createdAt` (milliseconds since 1970, UTC)
- apply_url: `absolute_url` | `hostedUrl`
- description: `content` (entity-escaped HTML: unescaped, cleaned, one block a line) |
  `descriptionPlain` (escaped as Markdown), then lists of other headings, then `additionalPlain`
- responsibilities, basic and preferred qualifications: - | `lists[]`, by their heading
- employment_type: the metadata field "Employment Type" | `categories.commitment`
- remote: the mapping's `remote: true` | `workplaceType: remote`, or the mapping's `remote: true`
- salary: `pay_input_ranges[0]` (cents, a year) | `salaryRange` (per hour, day, week, month or
  year; a one-time amount is left out)
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import html
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from generator.model.places import parse_location
from generator.model.records import JOB_ID, Job
from generator.problems import Problem
from generator.sources import strict_yaml
from generator.sources.load import read_record
from generator.sources.strict_yaml import YList, YMap
from generator.tools.yaml_write import key_list, key_value
from generator.validate import typed

SOURCES = ("greenhouse", "lever")
MAPPING = "import/locations.yml"
PREFIX = {"greenhouse": "gh-", "lever": "lever-"}
BLOCK_TAGS = {"p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "br"}
DESCRIPTION_TAGS = BLOCK_TAGS | {"em", "strong", "b", "i", "a", "code"}
ITEM_TAGS = {"em", "strong", "b", "i", "a", "code"}
CATEGORY_FIELDS = ("category", "job category", "job family", "job function")
EMPLOYMENT_FIELDS = ("employment type", "commitment", "job type")


# ---------------------------------------------------------------- the place mapping


@dataclass(frozen=True)
class Place:
    codes: tuple[str, ...]
    remote: bool = False


def place_key(text: str) -> str:
    """How places are matched: Unicode-normalised, case-folded, runs of spaces as one."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def load_places(root: Path, rel: str = MAPPING) -> tuple[dict[str, Place], list[Problem]]:
    """Read the mapping file: `PLACE: CODE`, `PLACE: [CODE, ...]` (a block list) or
    `PLACE: {locations: CODE or [CODE, ...], remote: true}`. Every code is checked."""
    path = root / rel
    if not path.is_file():
        return {}, []
    try:
        data = strict_yaml.parse(strict_yaml.decode(path.read_bytes()))
    except strict_yaml.YamlError as err:
        return {}, [Problem(rel, err.line, err.message)]
    if data is None:
        return {}, []
    if not isinstance(data, YMap):
        return {}, [Problem(rel, getattr(data, "line", 1), "expected a mapping of places to codes")]
    places: dict[str, Place] = {}
    first_line: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for name, value in data.items():
        line = data.key_lines[name]
        key = place_key(name)
        if key in first_line:
            other, other_line = first_line[key]
            problems.append(
                Problem(
                    rel,
                    line,
                    f"'{name}' and '{other}' (line {other_line}) are the "
                    "same place once case and spaces are ignored",
                )
            )
            continue
        first_line[key] = (name, line)
        place = _place(rel, name, value, line, problems)
        if place is not None:
            places[key] = place
    return places, problems


def _place(rel: str, name: str, value, line: int, problems: list[Problem]) -> Place | None:
    remote = False
    codes_value, codes_line = value, line
    if isinstance(value, YMap):
        unknown = set(value) - {"locations", "remote"}
        if unknown or "locations" not in value:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"'{name}': a mapping holds 'locations' and optionally 'remote: true'",
                )
            )
            return None
        codes_value, codes_line = value["locations"], value.key_lines["locations"]
        if "remote" in value:
            if value["remote"] not in ("true", "false"):
                problems.append(
                    Problem(rel, value.key_lines["remote"], f"'{name}': remote is true or false")
                )
                return None
            remote = value["remote"] == "true"
    if isinstance(codes_value, str):
        items, lines = [codes_value], [codes_line]
    elif isinstance(codes_value, YList) and codes_value:
        items, lines = list(codes_value), list(codes_value.item_lines)
    else:
        problems.append(
            Problem(
                rel,
                codes_line,
                f"'{name}': give a location code such as 'US, WA, Seattle', or a list of them",
            )
        )
        return None
    codes = []
    for item, item_line in zip(items, lines, strict=True):
        if not isinstance(item, str):
            problems.append(Problem(rel, item_line, f"'{name}': a location code is text"))
            return None
        try:
            codes.append(parse_location(item).code)
        except ValueError as err:
            problems.append(Problem(rel, item_line, f"'{name}': {err}"))
            return None
    return Place(tuple(dict.fromkeys(codes)), remote)


# ---------------------------------------------------------------- reading an export


@dataclass
class Row:
    label: str  # "jobs[3]" (Greenhouse) or "[3]" (Lever): where the job sits in the export
    line: int
    data: dict

    def where(self) -> str:
        ident = self.data.get("id") if isinstance(self.data, dict) else None
        title = (
            (self.data.get("title") or self.data.get("text"))
            if isinstance(self.data, dict)
            else None
        )
        parts = [f"id {ident}"] if ident is not None else []
        if isinstance(title, str) and title:
            parts.append(json.dumps(title, ensure_ascii=False))
        return f"{self.label} ({', '.join(parts)})" if parts else self.label


class ExportError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def read_rows(text: str, source: str) -> list[Row]:
    """The jobs of an export with the line each starts on. Greenhouse: an object with `jobs`;
    Lever: a list of postings (or an object with `data`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(err.lineno, f"not valid JSON: {err.msg}") from None
    key = "jobs" if source == "greenhouse" else ("data" if isinstance(data, dict) else None)
    if (
        key is None
        and not isinstance(data, list)
        or key
        and not (isinstance(data, dict) and isinstance(data.get(key), list))
    ):
        shape = "an object with a 'jobs' list" if source == "greenhouse" else "a list of postings"
        raise ExportError(1, f"a {source} export is {shape}")
    starts = _item_starts(text, key)
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    items = data[key] if key else data
    label = "jobs" if source == "greenhouse" else ("data" if key else "")
    return [
        Row(f"{label}[{index}]", bisect.bisect_left(newlines, start) + 1, item)
        for index, (item, start) in enumerate(zip(items, starts, strict=True))
    ]


def _item_starts(text: str, key: str | None) -> list[int]:
    """Offsets where each item of the top-level list (or of the list at `key`) starts."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    at = ws.match(text, 0).end()
    if key is not None:  # walk the object's members to the list at `key`
        at = ws.match(text, at + 1).end()
        while text[at] != "}":
            name, at = decoder.raw_decode(text, at)
            at = ws.match(text, ws.match(text, at).end() + 1).end()  # past ':'
            if name == key:
                break
            _, at = decoder.raw_decode(text, at)
            at = ws.match(text, at).end()
            if text[at] == ",":
                at = ws.match(text, at + 1).end()
    starts = []
    at = ws.match(text, at + 1).end()  # past '['
    while text[at] != "]":
        starts.append(at)
        _, at = decoder.raw_decode(text, at)
        at = ws.match(text, at).end()
        if text[at] == ",":
            at = ws.match(text, at + 1).end()
    return starts


# ---------------------------------------------------------------- one job


@dataclass
class Draft:
    """A job as the importer will write it, in the schema's key order."""

    id: str
    title: str = ""
    locations: list[str] = field(default_factory=list)
    team: str = ""
    category: str = ""
    posted: str = ""
    apply_url: str = ""
    description: str = ""
    responsibilities: list[str] = field(default_factory=list)
    basic_qualifications: list[str] = field(default_factory=list)
    preferred_qualifications: list[str] = field(default_factory=list)
    employment_type: str = ""
    remote: bool = False
    salary: dict | None = None

    def yaml(self, source: str) -> str:
        text = (
            f"# Imported from {source}: re-running the import rewrites this file, so change\n"
            f"# the job in {source} (or move the file out of jobs/{source}/ to own it).\n"
        )
        text += key_value("id", self.id) + key_value("title", self.title)
        text += key_list("locations", self.locations)
        text += key_value("team", self.team) + key_value("category", self.category)
        text += f"posted: {self.posted}\n" + key_value("apply_url", self.apply_url)
        text += key_value("description", self.description)
        for name in ("responsibilities", "basic_qualifications", "preferred_qualifications"):
            if getattr(self, name):
                text += key_list(name, getattr(self, name))
        if self.employment_type:
            text += f"employment_type: {self.employment_type}\n"
        if self.remote:
            text += "remote: true\n"
        if self.salary:
            text += "salary:\n" + "".join(
                key_value(k, str(v), "  ") for k, v in self.salary.items()
            )
        return text


class RowError(Exception):
    pass


def _text(row: dict, *path: str) -> str:
    value: object = row
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RowError(f"{'.'.join(path)} must be text")
    return " ".join(value.split())


def _required(row: dict, *path: str) -> str:
    value = _text(row, *path)
    if not value:
        raise RowError(f"{'.'.join(path)} is missing or empty")
    return value


def _employment(value: str, where: str) -> str:
    words = value.casefold()
    for needle, kind in (
        ("intern", "INTERN"),
        ("part", "PART_TIME"),
        ("contract", "CONTRACTOR"),
        ("freelance", "CONTRACTOR"),
        ("temp", "TEMPORARY"),
        ("fixed", "TEMPORARY"),
        ("full", "FULL_TIME"),
        ("permanent", "FULL_TIME"),
        ("regular", "FULL_TIME"),
    ):
        if needle in words:
            return kind
    raise RowError(
        f"{where} '{value}' is not a kind of employment the site knows (full-time, "
        "part-time, intern, contract, temporary)"
    )


def clean_html(text: str) -> str:
    """HTML from an export -> the tidy, safe HTML a job description may hold, one block a line.

    Greenhouse escapes its HTML (`&lt;p&gt;`): text holding no tag is unescaped once first.
    No blank lines remain, so Markdown reads the whole description as one HTML block.
    """
    if "<" not in text:
        text = html.unescape(text)
    cleaned = nh3.clean(
        text,
        tags=DESCRIPTION_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
        link_rel=None,
    )
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    cleaned = re.sub(r"&nbsp;", " ", cleaned)
    if "<pre" not in cleaned:
        cleaned = re.sub(r"\s*(</?(?:p|ul|ol|li|h[1-6]|blockquote)>|<br>)\s*", r"\n\1\n", cleaned)
        cleaned = re.sub(r"\n(</(?:p|li|h[1-6])>)", r"\1", cleaned)
        cleaned = re.sub(r"(<(?:p|li|h[1-6])>)\n", r"\1", cleaned)
        lines = [" ".join(line.split()) for line in cleaned.split("\n")]
        cleaned = "\n".join(line for line in lines if line)
    return cleaned.strip()


def plain_markdown(text: str) -> str:
    """Plain text -> Markdown that shows it as written (paragraphs kept)."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"([\\`*_\[\]<>])", r"\\\1", line.rstrip())
        line = re.sub(
            r"^(\s*)([#=+]|-{3,}|\d+[.)]\s)", lambda m: m.group(1) + "\\" + m.group(2), line
        )
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _list_items(content: str) -> list[str]:
    items = re.findall(r"<li[^>]*>(.*?)</li>", content, flags=re.S | re.I)
    if not items and content.strip():
        items = [content]
    cleaned = [
        " ".join(
            nh3.clean(
                item,
                tags=ITEM_TAGS,
                attributes={"a": {"href"}},
                url_schemes={"http", "https", "mailto"},
                link_rel=None,
            ).split()
        )
        for item in items
    ]
    return [item for item in cleaned if item]


def _list_kind(heading: str) -> str | None:
    words = heading.casefold()
    if re.search(r"prefer|nice to have|bonus|plus", words):
        return "preferred_qualifications"
    if re.search(r"responsib|you('|’)?ll do|you will|duties|the role|day to day", words):
        return "responsibilities"
    if re.search(r"basic|minimum|require|qualif|you have|what you need|must", words):
        return "basic_qualifications"
    return None


def _date_of(timestamp: str, where: str) -> str:
    try:
        return dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise RowError(f"{where} '{timestamp}' is not an ISO 8601 time") from None


def _metadata(row: dict, names: tuple[str, ...]) -> str:
    for entry in row.get("metadata") or []:
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


def from_greenhouse(row: dict, existing_posted: str | None) -> tuple[Draft, list[str]]:
    """One Greenhouse job -> (draft without locations, the free-text places to map)."""
    draft = Draft(PREFIX["greenhouse"] + _required(row, "id"))
    draft.title = _required(row, "title")
    places = [_text(row, "location", "name")]
    if not places[0]:
        places = [
            _text(office, "name") for office in row.get("offices") or [] if isinstance(office, dict)
        ]
    departments = [
        d for d in row.get("departments") or [] if isinstance(d, dict) and _text(d, "name")
    ]
    if not departments:
        raise RowError("departments is empty: the team comes from the job's department")
    ids = {d.get("id") for d in departments}
    parents = {d.get("parent_id") for d in departments}
    leaf = next((d for d in departments if d.get("id") not in parents), departments[0])
    draft.team = _text(leaf, "name")
    draft.category = _metadata(row, CATEGORY_FIELDS)
    if not draft.category:
        parent = next(
            (d for d in departments if d.get("id") == leaf.get("parent_id") and d.get("id") in ids),
            None,
        )
        if parent is None:
            raise RowError(
                "no category: give the job a 'Category' custom field on the job board, "
                "or a parent department"
            )
        draft.category = _text(parent, "name")
    first = _text(row, "first_published")
    draft.posted = (
        _date_of(first, "first_published")
        if first
        else existing_posted or _date_of(_required(row, "updated_at"), "updated_at")
    )
    draft.apply_url = _required(row, "absolute_url")
    content = row.get("content")
    if not isinstance(content, str) or not clean_html(content):
        raise RowError("content is missing or empty: it becomes the job's description")
    draft.description = clean_html(content)
    employment = _metadata(row, EMPLOYMENT_FIELDS)
    if employment:
        draft.employment_type = _employment(employment, "metadata 'Employment Type'")
    pay = next((p for p in row.get("pay_input_ranges") or [] if isinstance(p, dict)), None)
    if pay and isinstance(pay.get("min_cents"), int) and _text(pay, "currency_type"):
        draft.salary = {
            "currency": _text(pay, "currency_type").upper(),
            "min": pay["min_cents"] // 100,
        }
        if isinstance(pay.get("max_cents"), int):
            draft.salary["max"] = pay["max_cents"] // 100
        draft.salary["unit"] = "YEAR"
    return draft, places


INTERVALS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def from_lever(row: dict, existing_posted: str | None) -> tuple[Draft, list[str]]:
    """One Lever posting -> (draft without locations, the free-text places to map)."""
    draft = Draft(PREFIX["lever"] + _required(row, "id"))
    draft.title = _required(row, "text")
    categories = row.get("categories") if isinstance(row.get("categories"), dict) else {}
    every = categories.get("allLocations")
    places = (
        [" ".join(p.split()) for p in every if isinstance(p, str)]
        if isinstance(every, list)
        else []
    )
    places = [p for p in places if p] or [_text(row, "categories", "location")]
    draft.team = _required(row, "categories", "team")
    draft.category = _required(row, "categories", "department")
    created = row.get("createdAt")
    if not isinstance(created, int) or isinstance(created, bool):
        raise RowError("createdAt (milliseconds since 1970) is missing")
    draft.posted = dt.datetime.fromtimestamp(created / 1000, dt.UTC).date().isoformat()
    draft.apply_url = _required(row, "hostedUrl")
    plain = row.get("descriptionPlain")
    parts = [plain_markdown(plain)] if isinstance(plain, str) and plain.strip() else []
    if not parts and isinstance(row.get("description"), str) and clean_html(row["description"]):
        parts = [clean_html(row["description"])]
    for entry in row.get("lists") or []:
        if not isinstance(entry, dict):
            continue
        heading = _text(entry, "text")
        items = (
            _list_items(entry.get("content") or "") if isinstance(entry.get("content"), str) else []
        )
        kind = _list_kind(heading)
        if kind and items:
            getattr(draft, kind).extend(items)
        elif items:
            parts.append(
                (f"### {plain_markdown(heading)}\n\n" if heading else "")
                + "\n".join(f"- {item}" for item in items)
            )
    additional = row.get("additionalPlain")
    if isinstance(additional, str) and additional.strip():
        parts.append(plain_markdown(additional))
    if not parts:
        raise RowError("descriptionPlain is missing or empty: it becomes the job's description")
    draft.description = "\n\n".join(parts)
    commitment = _text(row, "categories", "commitment")
    if commitment:
        draft.employment_type = _employment(commitment, "categories.commitment")
    draft.remote = _text(row, "workplaceType").casefold() == "remote"
    pay = row.get("salaryRange")
    if (
        isinstance(pay, dict)
        and _text(pay, "currency")
        and isinstance(pay.get("min"), (int, float))
    ):
        interval = next(
            (unit for word, unit in INTERVALS.items() if word in _text(pay, "interval")), None
        )
        if interval:  # a one-time amount is no rate: left out
            draft.salary = {"currency": _text(pay, "currency").upper(), "min": round(pay["min"])}
            if isinstance(pay.get("max"), (int, float)):
                draft.salary["max"] = round(pay["max"])
            draft.salary["unit"] = interval
    return draft, places


CONVERTERS: dict[str, Callable[[dict, str | None], tuple[Draft, list[str]]]] = {
    "greenhouse": from_greenhouse,
    "lever": from_lever,
}


# ---------------------------------------------------------------- the whole import


@dataclass
class Outcome:
    writes: dict[str, str] = field(default_factory=dict)  # rel path -> new text
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def plan_import(
    root: Path,
    source: str,
    export: Path,
    export_name: str,
    today: dt.date,
    allow_empty: bool = False,
) -> Outcome:
    """Everything the import would write, or the problems that stop it. Writes nothing."""
    outcome = Outcome()
    places, outcome.problems = load_places(root)
    if not (root / MAPPING).is_file():
        outcome.problems.append(
            Problem(
                MAPPING,
                1,
                "the place mapping does not exist: create it "
                "with lines such as '\"Seattle, WA\": US, WA, Seattle'",
            )
        )
    try:
        rows = read_rows(export.read_bytes().decode("utf-8-sig"), source)
    except ExportError as err:
        outcome.problems.append(Problem(export_name, err.line, str(err)))
        return outcome
    except (OSError, UnicodeDecodeError) as err:
        outcome.problems.append(Problem(export_name, 1, f"cannot read the export: {err}"))
        return outcome
    folder = f"jobs/{source}"
    existing = _existing(root, folder, outcome.problems)
    elsewhere = _ids_elsewhere(root, folder)
    seen: dict[str, Row] = {}
    for row in rows:
        text = _convert(row, source, places, existing, elsewhere, seen, root, export_name, outcome)
        if text is None:
            continue
        rel = f"{folder}/{seen_id(row, source)}.yml"
        old = existing.get(rel, (None, None, None))[0]
        if old == text:
            outcome.unchanged.append(rel)
        else:
            outcome.writes[rel] = text
            (outcome.updated if old is not None else outcome.new).append(rel)
    produced = {f"{folder}/{seen_id(row, source)}.yml" for row in seen.values()}
    gone = [rel for rel in existing if rel not in produced]
    if not rows and gone and not allow_empty:
        outcome.problems.append(
            Problem(
                export_name,
                1,
                f"the export holds no jobs: closing all "
                f"{len(gone)} jobs imported from {source} needs --allow-empty",
            )
        )
    closing_day = today - dt.timedelta(days=1)
    for rel in gone:
        text, valid_through, _ = existing[rel]
        if valid_through is not None and valid_through < today:
            continue  # closed already
        outcome.writes[rel] = close_text(text, closing_day)
        outcome.closed.append(rel)
    return outcome


def seen_id(row: Row, source: str) -> str:
    return PREFIX[source] + str(row.data.get("id"))


def _convert(
    row: Row,
    source: str,
    places: dict[str, Place],
    existing: dict,
    elsewhere: dict,
    seen: dict[str, Row],
    root: Path,
    export_name: str,
    outcome: Outcome,
) -> str | None:
    def problem(message: str) -> None:
        outcome.problems.append(Problem(export_name, row.line, f"{row.where()}: {message}"))

    if not isinstance(row.data, dict):
        problem("a job is an object")
        return None
    job_id = seen_id(row, source)
    rel = f"jobs/{source}/{job_id}.yml"
    try:
        draft, free_places = CONVERTERS[source](row.data, existing.get(rel, (None, None, None))[2])
    except RowError as err:
        problem(str(err))
        return None
    if not JOB_ID.fullmatch(draft.id):
        problem(f"id '{draft.id}' cannot be a job id (letters, digits, '-', '_', at most 64)")
        return None
    if draft.id in seen:
        problem(f"id {row.data.get('id')} is also the id of {seen[draft.id].label}")
        return None
    seen[draft.id] = row
    if draft.id in elsewhere:
        problem(f"job id '{draft.id}' is already used by {elsewhere[draft.id]}")
        return None
    codes: list[str] = []
    for free in free_places:
        if not free:
            problem("the job has no location (location.name, offices, categories.location)")
            return None
        place = places.get(place_key(free))
        if place is None:
            problem(
                f"place '{free}' is not in {MAPPING}; add a line such as "
                f"{json.dumps(free, ensure_ascii=False)}: CC, REGION, City"
            )
            return None
        codes += place.codes
        draft.remote = draft.remote or place.remote
    draft.locations = list(dict.fromkeys(codes))
    text = draft.yaml(source)
    errors: list[Problem] = []
    typed(Job, read_record("job", rel, text.encode("utf-8")), errors)
    for error in errors:
        problem(f"the job it makes is invalid: {error.message}")
    return None if errors else text


def _existing(root: Path, folder: str, problems: list[Problem]) -> dict[str, tuple]:
    """Files already imported: rel -> (text, valid_through date or None, posted text or None)."""
    found = {}
    base = root / folder
    for path in sorted(base.glob("*.yml")) if base.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        try:
            text = strict_yaml.decode(path.read_bytes())
            data = strict_yaml.parse(text)
        except (OSError, strict_yaml.YamlError) as err:
            problems.append(
                Problem(rel, getattr(err, "line", 1), f"cannot read an imported job: {err}")
            )
            continue
        data = data if isinstance(data, dict) else {}
        valid = data.get("valid_through")
        try:
            valid_through = dt.date.fromisoformat(valid) if isinstance(valid, str) else None
        except ValueError:
            valid_through = None
        posted = data.get("posted") if isinstance(data.get("posted"), str) else None
        found[rel] = (text, valid_through, posted)
    return found


def _ids_elsewhere(root: Path, folder: str) -> dict[str, str]:
    """Job ids of job files outside the import's own folder."""
    ids = {}
    for path in sorted((root / "jobs").rglob("*.yml")) if (root / "jobs").is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(folder + "/"):
            continue
        try:
            data = strict_yaml.parse(strict_yaml.decode(path.read_bytes()))
        except (OSError, strict_yaml.YamlError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.setdefault(data["id"], rel)
    return ids


def close_text(text: str, day: dt.date) -> str:
    """The job file with `valid_through: DAY` (replacing any top-level valid_through)."""
    line = f"valid_through: {day.isoformat()}"
    if re.search(r"^valid_through:.*$", text, flags=re.M):
        return re.sub(r"^valid_through:.*$", line, text, count=1, flags=re.M)
    return text.rstrip("\n") + "\n" + line + "\n"


def apply(root: Path, outcome: Outcome) -> None:
    """Write the planned files, each atomically (a reader never sees half a file)."""
    for rel, text in sorted(outcome.writes.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


# ---------------------------------------------------------------- the command


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    text = "turn a Greenhouse or Lever export into jobs/<source>/*.yml"
    command = commands.add_parser(
        "import", help=text, description=text + ". " + __doc__.split("\n\n")[1]
    )
    command.add_argument("source", choices=SOURCES, help="the applicant-tracking system")
    command.add_argument(
        "file", metavar="FILE", help="the export (JSON from its job-board / postings API)"
    )
    command.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    command.add_argument(
        "--allow-empty",
        action="store_true",
        help="accept an export with no jobs (closes every job imported before)",
    )
    common(command)
    command.set_defaults(run=run_import)


def run_import(args, root: Path, today: dt.date) -> int:
    export = Path(args.file)
    if not export.is_file():
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return 2
    outcome = plan_import(root, args.source, export, args.file, today, args.allow_empty)
    if outcome.problems:
        for problem in sorted(set(outcome.problems)):
            print(problem, file=sys.stderr)
        print(f"{len(set(outcome.problems))} problem(s); nothing was written.", file=sys.stderr)
        return 1
    if not args.dry_run:
        apply(root, outcome)
    verb = "would write" if args.dry_run else "wrote"
    for label, paths in (
        ("new", outcome.new),
        ("updated", outcome.updated),
        ("closed", outcome.closed),
    ):
        for rel in paths:
            print(f"{label}: {rel}")
    print(
        f"{args.source}: {len(outcome.new)} new, {len(outcome.updated)} updated, "
        f"{len(outcome.unchanged)} unchanged, {len(outcome.closed)} closed (left the export); "
        f"{verb} {len(outcome.writes)} file(s)"
    )
    return 0
