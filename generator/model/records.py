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


def _language(value: str) -> str:
    """An ISO 639-1 language code ("en", "de"), from pycountry's copy of the standard."""
    if not re.fullmatch(r"[a-z]{2}", value) or pycountry.languages.get(alpha_2=value) is None:
        raise ValueError(f"'{value}' is not an ISO 639-1 language code such as en, de or hi")
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
LanguageCode = Annotated[str, AfterValidator(_language)]
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


def _about(text: str, example: str = "", item: str = "", **field):
    """A field's editor-facing text, the one home of what `new` writes and says: `text` (its
    --help), `example` (an optional field as `new` writes it commented out; "{today}", "{later}"
    and "{docs}" stand for today, a month later and the docs folder) and, for a list, what one
    `item` is called (the repeatable flag: --location)."""
    extra = {"item": item} if item else None
    examples = [example] if example else None
    return Field(description=text, examples=examples, json_schema_extra=extra, **field)


class Image(Strict):
    src: Text
    alt: Summary
    caption: Summary | None = None  # shown under a story's hero image


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
    id: Annotated[str, _pattern(JOB_ID, "job id (letters, digits, '-' and '_', at most 64)")] = (
        _about("job id: letters, digits, '-', '_' (the URL /jobs/<id>/)")
    )
    title: Title = _about("plain-text job title")
    locations: Annotated[
        list[LocationCode],
        Field(min_length=1),
        _at_most_items(
            MAX_LOCATIONS, ": split the role into several jobs, e.g. one per country or region"
        ),
    ] = _about("location code 'CC, REGION, City'", item="location")
    team: Name = _about("team name")
    category: Name = _about("job family, e.g. 'Applied Science'")
    posted: Date = _about("date first published, YYYY-MM-DD (default: today)")
    apply_url: HttpUrl = _about("absolute http(s) URL of the application form")
    description: Text = _about("Markdown description")
    summary: Summary | None = _about(
        "one-sentence teaser (else taken from the description)",
        "summary: One plain sentence for cards and feeds.",
        default=None,
    )
    responsibilities: list[Text] = _about(
        "a key responsibility",
        "responsibilities:\n  - What the person will do.",
        item="responsibility",
        default=[],
    )
    basic_qualifications: list[Text] = _about(
        "a basic qualification",
        "basic_qualifications:\n  - What every applicant needs.",
        item="basic_qualification",
        default=[],
    )
    preferred_qualifications: list[Text] = _about(
        "a preferred qualification",
        "preferred_qualifications:\n  - What would make an applicant stand out.",
        item="preferred_qualification",
        default=[],
    )
    about_team: Text | None = _about(
        "Markdown about the team", "about_team: |\n  What the team does, in Markdown.", default=None
    )
    employment_type: EmploymentType = _about(
        "FULL_TIME (default), PART_TIME, INTERN, CONTRACTOR or TEMPORARY",
        "employment_type: FULL_TIME   # PART_TIME, INTERN, CONTRACTOR, TEMPORARY",
        default="FULL_TIME",
    )
    valid_through: Date | None = _about(
        "last day applications are open, YYYY-MM-DD",
        "valid_through: {later}   # last day applications are open",
        default=None,
    )
    remote: Boolean = _about(
        "fully remote, for applicants in the countries of the locations",
        "remote: true",
        default=False,
    )
    salary: Salary | None = _about(
        "salary as CURRENCY:MIN[-MAX][:UNIT], e.g. USD:136000-260000:YEAR",
        "salary:\n  currency: USD\n  min: 136000\n  max: 260000\n"
        "  unit: YEAR                 # HOUR, DAY, WEEK, MONTH, YEAR",
        default=None,
    )
    requisition_id: Name | None = _about(
        "the applicant-tracking system's requisition number",
        "requisition_id: REQ-1234",
        default=None,
    )
    language: LanguageCode | None = _about(
        "language the posting is written in, an ISO 639-1 code (default: the site's)",
        "language: de                 # ISO 639-1",
        default=None,
    )
    draft: Boolean = _about("not published until removed", "draft: true", default=False)

    @field_validator("valid_through")
    @classmethod
    def _closes_after_posting(cls, value, info: ValidationInfo):
        return _not_before("posted", value, info)


class Story(Sourced):
    title: Title = _about("plain-text title")
    date: Date = _about("publication date, YYYY-MM-DD (default: today)")
    summary: Summary = _about("the standfirst: cards, feeds and meta description")
    image: Image | None = _about(
        "picture in the docs folder, e.g. images/my-story.jpg",
        "image:\n  src: images/my-story.jpg   # a file under {docs}/\n"
        "  alt: What the picture shows, for readers who cannot see it",
        default=None,
    )
    people: Annotated[list[Text], References] = _about(
        "profile id (the docs folder's people/<id>.yml)",
        "people:                      # ids of {docs}/people/<id>.yml\n  - ada-lovelace",
        item="person",
        default=[],
    )
    series: Name | None = _about(
        "series name, e.g. 'Intern stories'", "series: Intern stories", default=None
    )
    topics: Annotated[list[Name], References] = _about(
        "topic", "topics:\n  - Internships", item="topic", default=[]
    )
    related: Annotated[list[Text], References] = _about(
        "story slug or related.yml id",
        "related:                     # story slugs or ids from {docs}/related.yml\n"
        "  - another-story-slug",
        item="related",
        default=[],
    )
    teams: Annotated[list[Name], References] = _about(
        "team of jobs whose open roles the story lists",
        "teams:                       # the story lists open roles of these teams\n"
        "  - Search Science",
        item="team",
        default=[],
    )
    updated: Date | None = _about(
        "date of the last real change, YYYY-MM-DD", "updated: {today}", default=None
    )
    draft: Boolean = _about("not published until removed", "draft: true", default=False)
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
    name: Name = _about("full name")
    role: Name = _about("role, e.g. 'Applied science intern'")
    affiliation: Name | None = _about(
        "university or programme",
        "affiliation: PhD programme in computer science, Example University",
        default=None,
    )
    program: Name | None = _about(
        "e.g. 'Science internship'", "program: Science internship", default=None
    )
    team: Name | None = _about("team name", "team: Search Science", default=None)
    location: LocationCode | None = _about(
        "location code 'CC, REGION, City'", "location: US, WA, Seattle", default=None
    )
    photo: Image | None = _about(
        "portrait in the docs folder, e.g. images/ada.jpg",
        "photo:\n  src: images/ada-lovelace.jpg   # a file under {docs}/\n"
        "  alt: Portrait of Ada Lovelace",
        default=None,
    )
    bio: Text | None = _about(
        "Markdown biography", "bio: |\n  A few sentences, in Markdown.", default=None
    )
    quotes: list[Summary] = _about(
        "a quote", "quotes:\n  - Something the person said.", item="quote", default=[]
    )
    interests: list[Text] = _about(
        "an interest", "interests:\n  - Causal inference", item="interest", default=[]
    )
    links: list[Link] = _about(
        "a link as 'TITLE=URL'",
        "links:\n  - title: Personal page\n    url: https://example.org/",
        item="link",
        default=[],
    )
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


# Each kind of source file and its model: validation reads files with these, `new` writes them.
MODELS: dict[str, type[Sourced]] = {"story": Story, "job": Job, "person": Person}
