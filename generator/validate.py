"""Stage 2, validate: records -> typed model (Job, Story, Person, Related) plus a list of Problems.

Every problem names the file and the line of the offending key or list item. Cross-references
(people, related cards, teams, images) and URL clashes are checked once all records are typed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.config import SiteConfig
from generator.model import urls
from generator.model.markers import card_refs, markers
from generator.model.places import country_name, region_name
from generator.model.records import (
    MAX_REFERENCES,
    MODELS,
    PROFILE_ID,
    Job,
    Person,
    Related,
    Sourced,
    Story,
)
from generator.model.site import Site, job_is_open
from generator.problems import Problem
from generator.sources.load import Record, Sources
from generator.sources.strict_yaml import YList, YMap

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def validate(
    sources: Sources, config: SiteConfig, today: dt.date, root: Path, cache=None
) -> tuple[Site, list[Problem]]:
    """`cache` (a cache.SourceCache) reuses the model of a file validated before, unchanged."""
    problems = list(sources.problems)
    site = Site(config=config, today=today)
    for record in sources.records:
        if record.kind == "related":
            _add_related(record, site, problems)
            continue
        known = cache.validated(record) if cache is not None else None
        if known is not None:
            item, found = known
            problems += found
        else:
            before = len(problems)
            item = typed(MODELS[record.kind], record, problems)
            if cache is not None:
                cache.remember(record, item, problems[before:])
        if item is None:
            continue
        if isinstance(item, Job):
            site.jobs.append(item)
        elif isinstance(item, Story):
            attach_story(item, record, site, problems)
        else:
            _attach_person(item, record, site, problems)
    problems += check_references(site, sources.records, root)
    return site, problems


def typed(model: type[Sourced], record: Record, problems: list[Problem], data=None):
    """Validate one mapping against a model; on failure add a problem per error, return None."""
    data = record.data if data is None else data
    if not isinstance(data, YMap):
        line = getattr(data, "line", 1)
        problems.append(
            Problem(record.path, line, f"expected a mapping of keys for a {record.kind}")
        )
        return None
    try:
        item = model.model_validate(data)
    except ValidationError as err:
        for error in err.errors():
            problems.append(
                Problem(record.path, line_of(data, error["loc"]), message(model, error))
            )
        return None
    except Exception as err:  # a check tripped over this content: still a problem, not a traceback
        what = f"{type(err).__name__}: {err}"
        problems.append(Problem(record.path, data.line, f"cannot read this {record.kind} ({what})"))
        return None
    item._path = record.path
    item._line = data.key_lines.get("id", 1)
    return item


def attach_story(story: Story, record: Record, site: Site, problems: list[Problem]) -> None:
    stem = Path(record.path).stem
    if not SLUG.fullmatch(stem):
        problems.append(
            Problem(
                record.path,
                1,
                f"story file name '{stem}' must be a slug such as 'my-story' (a-z, 0-9, '-')",
            )
        )
        return
    story._slug, story._body, story._body_line = stem, record.body, record.body_line
    site.stories.append(story)


def _attach_person(person: Person, record: Record, site: Site, problems: list[Problem]) -> None:
    stem = Path(record.path).stem
    if not PROFILE_ID.fullmatch(stem):
        problems.append(
            Problem(
                record.path,
                1,
                f"profile file name '{stem}' must be an id such as 'ada-lovelace' "
                "(a-z, 0-9, '-', '_')",
            )
        )
        return
    person._id = stem
    site.people[stem] = person


def _add_related(record: Record, site: Site, problems: list[Problem]) -> None:
    if not isinstance(record.data, YList):
        problems.append(
            Problem(
                record.path, getattr(record.data, "line", 1), "related.yml holds a list of cards"
            )
        )
        return
    for index, data in enumerate(record.data):
        card = typed(Related, record, problems, data)
        if card is None:
            continue
        if card.id in site.related:
            problems.append(
                Problem(
                    record.path,
                    record.data.item_lines[index],
                    f"related id '{card.id}' is used twice",
                )
            )
            continue
        site.related[card.id] = card


def line_of(data, loc: tuple) -> int:
    """The line of the deepest key or item of `loc` that exists in the parsed YAML."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, YMap) and part in node:
            line, node = node.key_lines[part], node[part]
        elif isinstance(node, YList) and isinstance(part, int) and part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line


def message(model: type[BaseModel], error: dict) -> str:
    """A reader-facing message for one pydantic error."""
    loc, kind = error["loc"], error["type"]
    where = _dotted(loc)
    if kind == "missing":
        parent = f"{_dotted(loc[:-1])}: " if len(loc) > 1 else ""
        return f"{parent}missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        return _unknown_key(model, loc)
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    if kind == "literal_error":
        return f"{where}: '{error['input']}' is not one of {error['ctx']['expected']}"
    if kind == "too_short":
        return f"{where}: needs at least one item"
    if kind == "string_type":
        return f"{where}: must be text, not a {_shape(error['input'])}"
    if kind == "list_type":
        return f"{where}: must be a list (lines starting with '- ')"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where}: must be a mapping of keys"
    return f"{where}: {error['msg']}"


def _shape(value) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else "value"


def _dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unknown_key(model: type[BaseModel], loc: tuple) -> str:
    owner = _model_at(model, loc[:-1])
    allowed = list(owner.model_fields) if owner else []
    key = str(loc[-1])
    text = f"unknown key '{key}'"
    if len(loc) > 1:
        text = f"{_dotted(loc[:-1])}: {text}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        text += f"; did you mean '{close[0]}'?"
    return text + f" (allowed: {', '.join(allowed)})"


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The nested model class that `path` (keys and list indexes) points into."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        current = _inner_model(field.annotation) if field else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def check_references(site: Site, records: list[Record], root: Path) -> list[Problem]:
    """Checks that need all records: uniqueness, references, images and URL clashes."""
    docs_dir = site.config.docs_dir
    problems: list[Problem] = []
    lines = {record.path: record.data for record in records}
    problems += _unique(site.jobs, lambda job: job.id, "job id", lines)
    problems += _unique(site.stories, lambda story: story.slug, "story slug", lines)
    known_teams = {job.team for job in site.jobs}
    cards = {**site.related, **{story.slug: story for story in site.stories}}
    for story in site.stories:
        problems += story_references(story, lines[story.path], site, known_teams, cards, root)
    for person in site.people.values():
        if person.photo:
            line = line_of(lines[person.path], ("photo", "src"))
            problems += _image(root, docs_dir, person.path, line, person.photo.src)
    problems += _slug_clashes(site, lines)
    problems += salary_required_in(site, lines)
    return problems


def story_references(
    story: Story, data: YMap, site: Site, known_teams: set[str], cards: dict, root: Path
) -> list[Problem]:
    """What one story names must exist: profiles, cards, teams, its markers' people, its image.
    `known_teams` (every job's team) and `cards` (related.yml ids and story slugs) are worked out
    once for all stories (the live preview checks one story against the last build's)."""
    docs_dir = site.config.docs_dir
    profile = f"profile ({docs_dir}/people/<id>.yml)"
    problems = _refs(story, data, "people", site.people, profile)
    problems += _refs(story, data, "related", cards, "story slug or related.yml id")
    problems += _refs(story, data, "teams", known_teams, "team of any job")
    problems += _card_markers(story, cards)
    problems += _people_markers(story, site.people)
    if story.image:
        line = line_of(data, ("image", "src"))
        problems += _image(root, docs_dir, story.path, line, story.image.src)
    return problems


def salary_required_in(site: Site, lines: dict) -> list[Problem]:
    """The `salary_required_in` option: an open job in one of those places (`US`, `US-CA`), or a
    remote one whose applicants may live there (anywhere in its locations' countries), must give
    a salary with both `min` and `max`. One problem per job, at its `locations` line."""
    required = site.config.options.salary_required_in
    problems = []
    for job in site.jobs:
        if not required or not job_is_open(job, site.today):
            continue
        if job.salary is not None and job.salary.max is not None:
            continue
        reached = [
            place
            for place in required
            if any(_reaches(job.remote, location, place) for location in job.locations)
        ]
        if reached:
            names = ", ".join(f"{_place_name(place)} ({place})" for place in reached)
            text = (
                f"locations: {'applicants may live' if job.remote else 'the job is'} in {names}, "
                "where salary_required_in (mkdocs.yml) asks for a salary with both min and max"
            )
            problems.append(Problem(job.path, line_of(lines[job.path], ("locations",)), text))
    return problems


def _reaches(remote: bool, location, place: str) -> bool:
    """Whether a job at `location` is in `place` (`US` or `US-CA`); a remote one is in every
    place of its country."""
    country, _, region = place.partition("-")
    return location.country == country and (not region or remote or location.region == region)


def _place_name(place: str) -> str:
    country, _, region = place.partition("-")
    return (region_name(country, region) if region else country_name(country)) or place


def _unique(items, key, what: str, lines: dict) -> list[Problem]:
    first: dict[str, object] = {}
    problems = []
    for item in items:
        value = key(item)
        # URLs that differ only in case are one folder on macOS and Windows: one name, one owner.
        other = first.get(value.casefold())
        if other is not None:
            text = f"{what} '{value}' is already used by {other.path}"
            if key(other) != value:
                text += f" (as '{key(other)}': names that differ only in case share one folder)"
            problems.append(Problem(item.path, item.line, text))
        else:
            first[value.casefold()] = item
    return problems


def _refs(item, data: YMap, key: str, known, what: str) -> list[Problem]:
    problems = []
    for index, ref in enumerate(getattr(item, key)):
        if ref not in known:
            close = difflib.get_close_matches(ref, list(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(
                Problem(
                    item.path,
                    line_of(data, (key, index)),
                    f"{key}: '{ref}' is not a known {what}{hint}",
                )
            )
    return problems


def _card_markers(story: Story, cards: dict) -> list[Problem]:
    """Each inline `[[card: ref]]` line in a story's body must name a known card; a story holds
    at most MAX_REFERENCES (a 12-byte line becomes a card of up to 1,500 characters)."""
    problems = []
    markers = card_refs(story.body)
    for ref, index in markers:
        if ref not in cards:
            text = f"card marker: '{ref}' is not a known story slug or related.yml id"
            problems.append(Problem(story.path, story.body_line + index, text))
    if len(markers) > MAX_REFERENCES:
        text = f"card marker: {len(markers)} cards, more than the {MAX_REFERENCES} allowed"
        problems.append(Problem(story.path, story.body_line + markers[MAX_REFERENCES][1], text))
    return problems


def _people_markers(story: Story, people: dict) -> list[Problem]:
    """`[[person: id]]` and `[[quote: id N]]` must name a known profile (and one of its quotes);
    a story holds at most MAX_REFERENCES of them."""
    problems = []
    found = [m for m in markers(story.body) if m.kind in ("person", "quote")]
    for marker in found:
        line = story.body_line + marker.index
        person = people.get(marker.ref)
        if person is None:
            close = difflib.get_close_matches(marker.ref, list(people), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            text = f"{marker.kind} marker: '{marker.ref}' is not a known profile{hint}"
            problems.append(Problem(story.path, line, text))
        elif marker.kind == "quote" and not 1 <= marker.number <= len(person.quotes):
            has = f"has {len(person.quotes)} quote(s)" if person.quotes else "has no quotes"
            text = f"quote marker: profile '{marker.ref}' {has}, so quote {marker.number} is none"
            problems.append(Problem(story.path, line, text))
    if len(found) > MAX_REFERENCES:
        text = f"{len(found)} person and quote markers, more than the {MAX_REFERENCES} allowed"
        problems.append(Problem(story.path, story.body_line + found[MAX_REFERENCES].index, text))
    return problems


def _image(root: Path, docs_dir: str, path: str, line: int, src: str) -> list[Problem]:
    """An image must be a file in the docs folder."""
    docs, folder = root / docs_dir, docs_dir + "/"
    if "://" in src:
        return [Problem(path, line, f"image '{src}' must be a file under {folder}, not a URL")]
    target = (docs / src).resolve()
    if not target.is_relative_to(docs.resolve()) or not target.is_file():
        return [Problem(path, line, f"image '{src}' does not exist under {folder}")]
    return []


def _slug_clashes(site: Site, lines: dict) -> list[Problem]:
    """Two different names must never land on one URL (cities, teams, categories, topics)."""
    problems = []
    names: dict[tuple, dict[str, tuple[str, str, int]]] = defaultdict(
        dict
    )  # key -> variant -> (name, path, line)
    for job in site.jobs:
        data = lines[job.path]
        for index, place in enumerate(job.locations):
            where = (place.city, job.path, line_of(data, ("locations", index)))
            names[("city", place.country, place.region, urls.slug(place.city))].setdefault(
                place.city_key, where
            )
        for kind in ("team", "category"):
            name = getattr(job, kind)
            names[(kind, urls.slug(name))].setdefault(
                name, (name, job.path, line_of(data, (kind,)))
            )
    for story in site.stories:
        for index, topic in enumerate(story.topics):
            where = (topic, story.path, line_of(lines[story.path], ("topics", index)))
            names[("topic", urls.slug(topic))].setdefault(topic, where)
    for key, spellings in names.items():
        kind, slug = key[0], key[-1]
        if not slug:
            for name, path, line in spellings.values():
                problems.append(
                    Problem(
                        path, line, f"{kind} '{name}' has no letters or digits to make a URL from"
                    )
                )
        elif len(spellings) > 1:
            (first, path1, line1), *others = spellings.values()
            for name, path, line in others:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"{kind} '{name}' and '{first}' ({path1}:{line1}) would share "
                        f"the URL slug '{slug}'; use one spelling",
                    )
                )
    return problems
