"""What every applicant-tracking system shares to turn one job of its export into a job file.

A system (greenhouse.py, lever.py) is a `System`: its name, the prefix of its job ids, where its
export keeps the list of jobs, and `convert`, which reads one job into a `Draft`. A draft holds
values by the schema's own field names (`Job.model_fields`) and is written in the schema's key
order, one fixed shape, so that the same export always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nh3
from pydantic import BaseModel

from generator.importers.places import EMPLOYMENT_MAPPING, place_key
from generator.model.records import Job
from generator.sources.strict_yaml import FORBIDDEN, forbidden_message
from generator.tools.yaml_write import key_list, key_value

Draft = dict[str, Any]  # field name of `Job` -> value (str, bool, list of str, dict of a model)

BLOCK_TAGS = {"p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "br"}
ITEM_TAGS = {"em", "strong", "b", "i", "a", "code"}
DESCRIPTION_TAGS = BLOCK_TAGS | ITEM_TAGS


class RowError(Exception):
    """One job of the export cannot become a job file; the message (or messages) say why."""


@dataclass(frozen=True)
class System:
    name: str  # as typed on the command line: `import greenhouse`
    prefix: str  # of the job ids and file names: `gh-`
    jobs_key: str  # the member of the export's object that holds the list of jobs
    bare_list: bool  # whether a bare list of jobs is an export too
    shape: str  # what an export is, for the error when it is not
    # (one job, the `posted` already in its file or None) -> (draft, free-text places to map:
    # a place, or several spellings of one place, the first the mapping knows)
    convert: Callable[[dict, str | None], tuple[Draft, list[str | tuple[str, ...]]]]
    board_url: Callable[[str], str]  # the public API's URL of a board's jobs, from its name
    # (a page's URL, its JSON) -> the next page's URL, or None: the last page
    next_page: Callable[[str, object], str | None] | None = None
    # one job -> what makes posts one job (posts with the same value are merged), or None
    job_of: Callable[[dict], object] | None = None
    job_id: Callable[[dict], object] | None = None  # one job -> its id (default: its `id`)
    listed: Callable[[dict], bool] | None = None  # False: not on the board, left out
    # (a list page's URL, its JSON) -> the URLs of its jobs' details, fetched instead of the list
    details: Callable[[str, object], list[str]] | None = None
    one_job: Callable[[object], bool] | None = None  # whether a page is one job, not a list
    source_param: str = "utm_source"  # the query parameter that tells the system who sent

    @property
    def folder(self) -> str:
        return f"jobs/{self.name}"


# ---------------------------------------------------------------- the job file


def job_yaml(draft: Draft, source: str) -> str:
    """The file of one imported job: a header saying who owns it, then every field the draft
    gives, in the schema's order. Empty values (None, "", [], False) are left out."""
    text = (
        f"# Imported from {source}: re-running the import rewrites this file, so change\n"
        f"# the job in {source} (or move the file out of jobs/{source}/ to own it).\n"
    )
    return text + _fields_yaml(Job, draft, "")


def _fields_yaml(model: type[BaseModel], values: dict, indent: str) -> str:
    unknown = set(values) - set(model.model_fields)
    if unknown:
        raise KeyError(f"{model.__name__} has no field {sorted(unknown)}")
    text = ""
    for name, info in model.model_fields.items():
        value = values.get(name)
        if value is None or value is False or value == "" or value == []:
            continue
        if value is True:
            text += f"{indent}{name}: true\n"
        elif isinstance(value, list):
            text += key_list(name, value, indent)
        elif isinstance(value, dict):
            text += f"{indent}{name}:\n" + _fields_yaml(
                _model_of(info.annotation), value, indent + "  "
            )
        else:
            text += key_value(name, str(value), indent)
    return text


def _model_of(annotation) -> type[BaseModel]:
    """The model inside an annotation such as `Salary | None`."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    raise TypeError(f"no model in {annotation!r}")


# ---------------------------------------------------------------- reading fields of a job


def _at(row: dict, path: tuple[str, ...]) -> object:
    value: object = row
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def field_text(row: dict, *path: str) -> str:
    """The text at `path` (spaces collapsed; a number as written), "" when absent or null."""
    value = _at(row, path)
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    if not isinstance(value, str):
        raise RowError(f"{'.'.join(path)} must be text")
    return " ".join(value.split())


def field_required(row: dict, *path: str) -> str:
    value = field_text(row, *path)
    if not value:
        raise RowError(f"{'.'.join(path)} is missing or empty")
    return value


def field_list(row: dict, *path: str) -> list:
    """The list at `path`, [] when absent or null."""
    value = _at(row, path)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError(f"{'.'.join(path)} must be a list")
    return value


def field_number(row: dict, *path: str) -> int | float | None:
    """The number at `path` (finite: JSON has no NaN or Infinity), None when absent or null."""
    value = _at(row, path)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RowError(f"{'.'.join(path)} must be a number")
    return value


def check_characters(draft: Draft) -> None:
    """Refuse what no source may hold (control characters, lone surrogates ...: see
    strict_yaml.FORBIDDEN), naming the field, before it is written."""
    for name, value in draft.items():
        for text in _strings(value):
            bad = FORBIDDEN.search(text)
            if bad:
                raise RowError(f"{name}: {forbidden_message(bad.group())}")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return []


def employment(value: str, mapped: dict[str, str]) -> str:
    """A system's free-text kind of employment -> the schema's `employment_type`: from the
    operators' mapping (`mapped`, keys as `place_key` makes them) first, else by its words."""
    if place_key(value) in mapped:
        return mapped[place_key(value)]
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
        f"kind of employment '{value}' is not one the site knows (full-time, part-time, intern, "
        f"contract, temporary): add a line such as {json.dumps(value, ensure_ascii=False)}: "
        f"TEMPORARY to {EMPLOYMENT_MAPPING}"
    )


def date_of(timestamp: str, where: str) -> str:
    """The date (as written in its own time zone) of an ISO 8601 time."""
    try:
        return dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise RowError(f"{where} '{timestamp}' is not an ISO 8601 time") from None


# ---------------------------------------------------------------- text and HTML


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


def list_items(content: str) -> list[str]:
    """The `<li>` items of an HTML list (or the whole text as one item), inline tags kept."""
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
