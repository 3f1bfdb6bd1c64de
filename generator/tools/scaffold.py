"""`python -m generator new story|job|person`: write a new source file with every field.

The fields, their order, whether each is required, their --help and the commented-out example
of each optional one all come from the schema (`model.records`, `MODELS`): a field added there
is written here too. Required fields get the values of the flags (or, in a terminal, the answers
to a prompt); optional fields are written commented out, as a reminder of what exists, unless a
flag gives them a value. The file is checked with the site's own validation before the command
reports success, and an existing file is never overwritten.

Where files go:
- story:  stories/<year of --date>/<slug>.md  (slug from --slug, else from --title)
- job:    jobs/<--folder, else the team's slug>/<id>.yml
- person: <docs_dir>/people/<id>.yml  (the site's docs folder, as in mkdocs.yml)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.config import SiteConfig, find_config_file, load_site_config
from generator.model import urls
from generator.model.records import JOB_ID, MODELS, PROFILE_ID, Image, Link, Salary
from generator.sources import strict_yaml
from generator.sources.load import load_sources, read_record
from generator.tools.yaml_write import commented, key_list, key_value
from generator.validate import SLUG, typed, validate

Ask = Callable[[str], str]

# Required dates the command fills with today when their flag is not given.
TODAY_BY_DEFAULT = ("date", "posted")  # a story's `date`, a job's `posted`
STORY_BODY = (
    "<!-- Write the story below this line, in Markdown. A line holding only "
    "[[card: REF]] (a story slug or a related.yml id) places a related card there. -->\n"
)


@dataclass(frozen=True)
class Option:
    """One field of a model as `new` offers it: a flag, and what it writes."""

    key: str  # "locations"
    flag: str  # "--location"
    help: str
    required: bool
    many: bool  # a list: the flag may be repeated
    switch: bool  # a true/false flag
    shape: type[BaseModel] | None  # Image, Salary or Link: written as a mapping of keys
    example: str  # the commented-out line(s) when not given


def options(model: type[BaseModel]) -> list[Option]:
    """The model's fields in the schema's order, each with its flag and editor-facing text."""
    found = []
    for key, info in model.model_fields.items():
        item = (info.json_schema_extra or {}).get("item")
        many = typing.get_origin(info.annotation) is list
        shape = _shape(info.annotation)
        flag = "--" + (item or key).replace("_", "-") + ("-src" if shape is Image else "")
        text = (info.description or key) + (" (repeatable)" if many else "")
        found.append(
            Option(
                key=key,
                flag=flag,
                help=text,
                required=info.is_required(),
                many=many,
                switch=info.annotation is bool,
                shape=shape,
                example=(info.examples or [""])[0],
            )
        )
    return found


def _shape(annotation) -> type[BaseModel] | None:
    """The model a field's value is made of (`Image | None`, `list[Link]`), if any."""
    for inner in (annotation, *typing.get_args(annotation)):
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


class ScaffoldError(Exception):
    def __init__(self, message: str, code: int):
        self.code = code
        super().__init__(message)


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `new story|job|person`; `common` adds --root and --today to each."""
    text = "write a new story, job or profile with every field (optional ones commented out)"
    new = commands.add_parser("new", help=text, description=text + ".")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, model in MODELS.items():
        sub = kinds.add_parser(kind, help=f"a new {kind}", description=f"Write a new {kind} file.")
        if kind == "story":
            sub.add_argument("--slug", help="file name and URL (default: from the title)")
        elif kind == "job":
            sub.add_argument("--folder", help="folder under jobs/ (default: the team's slug)")
        else:
            sub.add_argument("--id", help="profile id, e.g. ada-lovelace (the URL /people/<id>/)")
        for option in options(model):
            if option.switch:
                sub.add_argument(option.flag, action="store_true", help=option.help)
            elif option.many:
                sub.add_argument(option.flag, action="append", default=[], help=option.help)
            else:
                sub.add_argument(option.flag, help=option.help)
            if option.shape is Image:
                sub.add_argument(
                    option.flag.replace("-src", "-alt"), help=f"alt text of {option.flag}"
                )
        common(sub)
        sub.set_defaults(run=run_new)


def run_new(args, root: Path, today: dt.date, ask: Ask | None = None) -> int:
    if ask is None and sys.stdin is not None and sys.stdin.isatty():
        ask = input
    config_file = find_config_file(root) or root / "mkdocs.yml"
    config, problems = load_site_config(config_file)
    if config is None:  # where the docs folder is, and what validates, come from there
        for problem in sorted(problems):
            print(problem, file=sys.stderr)
        print("error: fix the site config first (nothing was written)", file=sys.stderr)
        return 1
    try:
        rel, text = compose(args, root, today, config.docs_dir, ask)
        write_new(root, rel, text, args.kind, today, config)
    except ScaffoldError as err:
        note = "" if "nothing was written" in str(err) else " (nothing was written)"
        print(f"error: {err}{note}", file=sys.stderr)
        return err.code
    print(f"wrote {rel}")
    print(
        "next: edit it, then `make check` (python -m generator check) and `make serve` to preview"
    )
    return 0


def _value(args, flag: str) -> object:
    return getattr(args, flag.lstrip("-").replace("-", "_"))


def _fill_required(args, fields: list[Option], ask: Ask | None, extra=()) -> dict[str, object]:
    """Flag values of the required fields (and `extra` (flag, help) pairs), asking when allowed.
    Keyed by flag."""
    values, missing = {}, []
    wanted = [*extra, *((o.flag, o.help) for o in fields if _asked(o))]
    for flag, label in wanted:
        value = _value(args, flag)
        if value in (None, [], "") and ask is not None:
            answer = ask(f"{flag.lstrip('-')} ({label}): ").strip()
            value = [answer] if isinstance(value, list) else answer
        if value in (None, [], "", [""]):
            missing.append(flag)
        values[flag] = value
    if missing:
        raise ScaffoldError(
            f"missing {', '.join(missing)}: give each as a flag (or run in a "
            "terminal to be asked); nothing was written",
            2,
        )
    _refuse_unreadable(values)  # answers typed at the prompt
    return values


def _asked(option: Option) -> bool:
    return option.required and option.key not in TODAY_BY_DEFAULT


def _refuse_unreadable(values: dict[str, object]) -> None:
    """A value no source may hold (a control character, a noncharacter ...): name its flag."""
    for flag, value in values.items():
        for text in value if isinstance(value, list) else [value]:
            bad = strict_yaml.FORBIDDEN.search(text) if isinstance(text, str) else None
            if bad:
                raise ScaffoldError(f"{flag}: {strict_yaml.forbidden_message(bad.group())}", 2)


def compose(
    args, root: Path, today: dt.date, docs_dir: str = "docs", ask: Ask | None = None
) -> tuple[str, str]:
    """The new file's path (relative to root) and text."""
    kind = args.kind
    fields = options(MODELS[kind])
    _refuse_unreadable({"--" + name.replace("_", "-"): value for name, value in vars(args).items()})
    extra = [("--id", "profile id, e.g. ada-lovelace")] if kind == "person" else []
    values = _fill_required(args, fields, ask, extra)
    for option in fields:  # the dates the command fills
        if option.key in TODAY_BY_DEFAULT:
            given = _value(args, option.flag)
            values[option.flag] = _date(given, option.flag) if given else today
    required = _required(fields, values)
    optional = _optional(args, fields, today, docs_dir)
    if kind == "story":
        slug = args.slug or urls.slug(values["--title"])
        if not SLUG.fullmatch(slug):
            raise ScaffoldError(f"--slug '{slug}' must be lowercase letters, digits and '-'", 2)
        _refuse_used_slug(root, slug)
        rel = f"stories/{values['--date'].year}/{slug}.md"
        optional = "# Optional keys: remove the '# ' in front of one to use it.\n" + optional
        return rel, "---\n" + required + optional + "---\n\n" + STORY_BODY
    if kind == "job":
        if not JOB_ID.fullmatch(values["--id"]):
            raise ScaffoldError(
                f"--id '{values['--id']}' must be letters, digits, '-' and '_' (at most 64)", 2
            )
        folder = args.folder or urls.slug(values["--team"]) or "jobs"
        if folder != urls.slug(folder):
            raise ScaffoldError(f"--folder '{folder}' must be a slug such as 'search-science'", 2)
        _refuse_used_job_id(root, values["--id"])
        return f"jobs/{folder}/{values['--id']}.yml", _header(kind) + required + optional
    if not PROFILE_ID.fullmatch(values["--id"]):
        raise ScaffoldError(
            f"--id '{values['--id']}' must be lowercase letters, digits, '-', '_'", 2
        )
    return f"{docs_dir}/people/{values['--id']}.yml", _header(kind) + required + optional


def _required(fields: list[Option], values: dict[str, object]) -> str:
    out = ""
    for option in fields:
        value = values.get(option.flag)
        if not option.required:
            continue
        if isinstance(value, dt.date):
            out += f"{option.key}: {value.isoformat()}\n"
        elif option.many:
            out += key_list(option.key, value)
        else:
            out += key_value(option.key, value)
    return out


def _header(kind: str) -> str:
    return (
        f"# A {kind}: see the README for every key. Optional keys are commented out:\n"
        "# remove the '# ' in front of one (and its indented lines) to use it.\n"
    )


def _optional(args, fields: list[Option], today: dt.date, docs_dir: str) -> str:
    out = ""
    later = today + dt.timedelta(days=30)
    for option in fields:
        if option.required:
            continue
        value = _value(args, option.flag)
        if value in (None, [], False, ""):
            example = option.example.format(
                today=today.isoformat(), later=later.isoformat(), docs=docs_dir
            )
            out += commented(example)
        elif option.switch:
            out += f"{option.key}: true\n"
        elif option.shape is Image:
            out += _image(args, option, value)
        elif option.shape is Salary:
            out += _salary(value)
        elif option.shape is Link:
            out += f"{option.key}:\n" + "".join(_link(item) for item in value)
        elif option.many:
            out += key_list(option.key, value)
        else:
            out += key_value(option.key, value)
    return out


def _image(args, option: Option, src: str) -> str:
    alt_flag = option.flag.replace("-src", "-alt")
    alt = _value(args, alt_flag)
    if not alt:
        raise ScaffoldError(f"{option.flag} needs {alt_flag} (what the picture shows)", 2)
    return f"{option.key}:\n" + key_value("src", src, "  ") + key_value("alt", alt, "  ")


def _salary(value: str) -> str:
    parts = value.split(":")
    if len(parts) not in (2, 3) or not parts[1]:
        raise ScaffoldError(
            f"--salary '{value}' must be CURRENCY:MIN[-MAX][:UNIT], e.g. USD:136000-260000:YEAR", 2
        )
    low, _, high = parts[1].partition("-")
    text = "salary:\n" + key_value("currency", parts[0], "  ") + key_value("min", low, "  ")
    if high:
        text += key_value("max", high, "  ")
    return text + key_value("unit", parts[2] if len(parts) == 3 else "YEAR", "  ")


def _link(value: str) -> str:
    title, sep, url = value.rpartition("=")
    if not sep or not title:
        raise ScaffoldError(f"--link '{value}' must be TITLE=URL", 2)
    return key_value("title", title, "  - ") + key_value("url", url, "    ")


def _date(value: str, flag: str) -> dt.date:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ScaffoldError(f"{flag} must be a date written YYYY-MM-DD, not '{value}'", 2)


def _refuse_used_slug(root: Path, slug: str) -> None:
    for path in sorted((root / "stories").rglob(f"{slug}.md")):
        rel = path.relative_to(root).as_posix()
        raise ScaffoldError(
            f"story slug '{slug}' is already used by {rel}; choose another --slug "
            "(nothing was written)",
            1,
        )


def _refuse_used_job_id(root: Path, job_id: str) -> None:
    """Job ids are unique and never reused: refuse one that any job file holds."""
    for path in sorted((root / "jobs").rglob("*.yml")):
        try:
            data = strict_yaml.parse(strict_yaml.decode(path.read_bytes()))
        except (OSError, strict_yaml.YamlError):
            continue
        if isinstance(data, dict) and data.get("id") == job_id:
            rel = path.relative_to(root).as_posix()
            raise ScaffoldError(
                f"job id '{job_id}' is already used by {rel}; ids are never "
                "reused (nothing was written)",
                1,
            )


def write_new(
    root: Path, rel: str, text: str, kind: str, today: dt.date, config: SiteConfig
) -> None:
    """Check the text as the site would, then create the file; never overwrite one."""
    path = root / rel
    if path.exists():
        raise ScaffoldError(
            f"{rel} already exists; nothing was written (choose another "
            f"{'--slug' if kind == 'story' else '--id'}, or edit that file)",
            1,
        )
    try:
        record = read_record(kind, rel, text.encode("utf-8"))
    except strict_yaml.YamlError as err:  # a value the strict reader refuses, whatever it is
        raise ScaffoldError(
            f"the values given do not make a valid file: {err.message} (nothing was written)", 2
        ) from None
    problems: list = []
    typed(MODELS[kind], record, problems)
    if problems:
        _refuse(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{rel} already exists; nothing was written", 1) from None
    # Cross-references (people, related, teams, images) need the whole site: check it now,
    # and take the file back if it is the one at fault.
    _, site_problems = validate(load_sources(root, config.docs_dir), config, today, root)
    own = [p for p in site_problems if p.path == rel]
    if own:
        path.unlink()
        _refuse(own)


def _refuse(problems) -> None:
    lines = "; ".join(problem.message for problem in sorted(problems))
    raise ScaffoldError(
        f"the values given do not make a valid file: {lines} (nothing was written)", 2
    )
