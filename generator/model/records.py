"""The schema of every source kind: what editors may write, and the typed records it becomes.

Every scalar arrives as the text that was written (see `strict_yaml`); the types here turn text
into dates, numbers and booleans, so YAML never guesses. Unknown keys are refused (extra="forbid").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
)

from generator.model.places import Location, parse_location

# What one source may make other pages hold. A job is a row on the page and in the feeds of each
# of its places, its team and its category; a story's card shows on listings, profiles and other
# stories; a profile shows under every story that names it. Without limits one file multiplies:
# a job with 10,000 locations wrote 25 GB. The limits are far above real data and follow Google's
# job search API (Cloud Talent Solution: at most 50 addresses a job, titles of 500 characters,
# departments of 255); with them a listing page of 50 jobs stays under a megabyte.
MAX_LOCATIONS = 50
MAX_TITLE = 500  # characters: a job's or story's title, a related card's
MAX_NAME = 255  # a team, category, series, topic; a person's name, role, affiliation
MAX_CITY = 100  # the city of a location code
MAX_SUMMARY = 1000  # summaries, image alt texts, quotes
MAX_REFERENCES = 20  # a story's people, related cards, topics and teams

JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
PROFILE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value):
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"'{value}' is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None


def _boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ValueError(f"'{value}' is not true or false")


def _whole_number(value):
    if isinstance(value, str) and re.fullmatch(r"\d{1,12}", value):
        return int(value)
    raise ValueError(f"'{value}' is not a whole number")


def _text(value):
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    return value


def _at_most_chars(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"{len(value)} characters, more than the {limit} allowed")
        return value

    return AfterValidator(check)


def _at_most_items(limit: int, advice: str = "") -> BeforeValidator:
    """Counted before the items are read: 10,000 of them cost one error, not 10,000."""

    def check(value):
        if isinstance(value, list) and len(value) > limit:
            raise ValueError(f"{len(value)} items, more than the {limit} allowed{advice}")
        return value

    return BeforeValidator(check)


def _pattern(regex: re.Pattern, what: str):
    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise ValueError(f"'{value}' is not a valid {what}")
        return value

    return AfterValidator(check)


def _http_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError(f"'{value}' is not an absolute http(s) URL")
    return value


def _link_url(value: str) -> str:
    if value.startswith("/") and not value.startswith("//"):
        return value
    return _http_url(value)


def _currency(value: str) -> str:
    """An ISO 4217 code, from pycountry's copy of the standard (kept up to date upstream)."""
    if not re.fullmatch(r"[A-Z]{3}", value) or pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code such as USD, EUR or INR")
    return value


def _not_before(field: str, value, info: ValidationInfo):
    """`value` (a later field's) must not come before `field`, validated earlier in the model:
    the error is the later key's, so `PATH:LINE` names the line that contradicts."""
    earlier = info.data.get(field)  # absent when that field was invalid: reported already
    if value is not None and earlier is not None and value < earlier:
        raise ValueError(f"{value} is before {field} ({earlier})")
    return value


def _location(value):
    if not isinstance(value, str):
        raise ValueError("a location is a code such as 'US, WA, Seattle'")
    location = parse_location(value)
    if len(location.city) > MAX_CITY:
        raise ValueError(
            f"the city name is {len(location.city)} characters, more than the {MAX_CITY} allowed"
        )
    return location


Date = Annotated[dt.date, BeforeValidator(_date)]
Boolean = Annotated[bool, BeforeValidator(_boolean)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Text = Annotated[str, AfterValidator(_text)]
Title = Annotated[Text, _at_most_chars(MAX_TITLE)]
Name = Annotated[Text, _at_most_chars(MAX_NAME)]
Summary = Annotated[Text, _at_most_chars(MAX_SUMMARY)]
References = _at_most_items(MAX_REFERENCES)
HttpUrl = Annotated[str, AfterValidator(_http_url)]
LinkUrl = Annotated[str, AfterValidator(_link_url)]
LocationCode = Annotated[Location, BeforeValidator(_location)]
EmploymentType = Literal["FULL_TIME", "PART_TIME", "INTERN", "CONTRACTOR", "TEMPORARY"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Sourced(Strict):
    """A record read from one file; `path` (relative to the root) is set by `validate`."""

    _path: str = PrivateAttr("")
    _line: int = PrivateAttr(1)  # the line of the key that names it (a job's `id`), else 1

    @property
    def path(self) -> str:
        return self._path

    @property
    def line(self) -> int:
        return self._line


class Image(Strict):
    src: Text
    alt: Summary


class Salary(Strict):
    currency: Annotated[str, AfterValidator(_currency)]
    min: WholeNumber
    max: WholeNumber | None = None
    unit: Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"] = "YEAR"

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, value, info: ValidationInfo):
        earlier = info.data.get("min")
        if value is not None and earlier is not None and value < earlier:
            raise ValueError(f"{value} is below min ({earlier})")
        return value


class Job(Sourced):
    id: Annotated[str, _pattern(JOB_ID, "job id (letters, digits, '-' and '_', at most 64)")]
    title: Title
    locations: Annotated[
        list[LocationCode],
        Field(min_length=1),
        _at_most_items(
            MAX_LOCATIONS, ": split the role into several jobs, e.g. one per country or region"
        ),
    ]
    team: Name
    category: Name
    posted: Date
    apply_url: HttpUrl
    description: Text
    summary: Summary | None = None
    responsibilities: list[Text] = []
    basic_qualifications: list[Text] = []
    preferred_qualifications: list[Text] = []
    about_team: Text | None = None
    employment_type: EmploymentType = "FULL_TIME"
    valid_through: Date | None = None
    remote: Boolean = False
    salary: Salary | None = None
    draft: Boolean = False

    @field_validator("valid_through")
    @classmethod
    def _closes_after_posting(cls, value, info: ValidationInfo):
        return _not_before("posted", value, info)


class Story(Sourced):
    title: Title
    date: Date
    summary: Summary
    image: Image | None = None
    people: Annotated[list[Text], References] = []
    series: Name | None = None
    topics: Annotated[list[Name], References] = []
    related: Annotated[list[Text], References] = []
    teams: Annotated[list[Name], References] = []
    updated: Date | None = None
    draft: Boolean = False
    _slug: str = PrivateAttr("")  # the file stem
    _body: str = PrivateAttr("")  # Markdown after the front matter
    _body_line: int = PrivateAttr(1)

    @field_validator("updated")
    @classmethod
    def _updated_after_date(cls, value, info: ValidationInfo):
        return _not_before("date", value, info)

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def body(self) -> str:
        return self._body

    @property
    def body_line(self) -> int:
        return self._body_line


class Link(Strict):
    title: Text
    url: LinkUrl


class Person(Sourced):
    name: Name
    role: Name
    affiliation: Name | None = None
    program: Name | None = None
    team: Name | None = None
    location: LocationCode | None = None
    photo: Image | None = None
    bio: Text | None = None
    quotes: list[Summary] = []
    interests: list[Text] = []
    links: list[Link] = []
    _id: str = PrivateAttr("")  # the file stem

    @property
    def id(self) -> str:
        return self._id


class Related(Sourced):
    id: Annotated[str, _pattern(PROFILE_ID, "related id (lowercase letters, digits, '-', '_')")]
    title: Title
    summary: Summary
    url: LinkUrl
    image: Image | None = None
