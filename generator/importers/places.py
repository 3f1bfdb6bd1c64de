"""The mapping files operators edit, at the site root outside the sources: free-text places of
an export ("Seattle, WA", "Remote - Canada") -> location codes, `import/locations.yml`; and kinds
of employment the importers do not recognise ("Postdoc") -> types, `import/employment.yml`.
"""

from __future__ import annotations

import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.model.places import parse_location
from generator.model.records import EmploymentType
from generator.problems import Problem
from generator.sources import strict_yaml
from generator.sources.strict_yaml import YList, YMap

MAPPING = "import/locations.yml"


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
    data, problems = _read_mapping(root, rel, "places to codes")
    if data is None:
        return {}, problems
    places: dict[str, Place] = {}
    first_line: dict[str, tuple[str, int]] = {}
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


# ---------------------------------------------------------------- kinds of employment

EMPLOYMENT_MAPPING = "import/employment.yml"
EMPLOYMENT_TYPES = typing.get_args(EmploymentType)


def load_employment(root: Path) -> tuple[dict[str, str], list[Problem]]:
    """Read `import/employment.yml` (optional): `KIND AS THE SYSTEM WRITES IT: FULL_TIME` ..., for
    kinds the importers' own words ("full", "part", "intern" ...) do not recognise, such as
    `Postdoc: TEMPORARY` or `Working Student: PART_TIME`. Matched like places."""
    rel = EMPLOYMENT_MAPPING
    data, problems = _read_mapping(root, rel, "kinds of employment to types")
    if data is None:
        return {}, problems
    kinds: dict[str, str] = {}
    for name, value in data.items():
        if value not in EMPLOYMENT_TYPES:
            allowed = ", ".join(EMPLOYMENT_TYPES)
            problems.append(Problem(rel, data.key_lines[name], f"'{name}': one of {allowed}"))
        kinds[place_key(name)] = value
    return kinds, problems


def _read_mapping(root: Path, rel: str, what: str) -> tuple[YMap | None, list[Problem]]:
    """An optional mapping file of the importers (absent or empty: no mapping, no problem)."""
    path = root / rel
    if not path.is_file():
        return None, []
    try:
        data = strict_yaml.parse(strict_yaml.decode(path.read_bytes()))
    except strict_yaml.YamlError as err:
        return None, [Problem(rel, err.line, err.message)]
    if data is None:
        return None, []
    if not isinstance(data, YMap):
        return None, [Problem(rel, getattr(data, "line", 1), f"expected a mapping of {what}")]
    return data, []
