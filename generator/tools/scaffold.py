"""`python -m generator new story|job|person`: write a new source file with every field.

Required fields get the values of the flags (or, in a terminal, the answers to a prompt);
optional fields are written commented out, as a reminder of what exists, unless a flag gives
them a value. The file is checked with the site's own validation before the command reports
success, and an existing file is never overwritten.

Where files go:
- story:  stories/<year of --date>/<slug>.md  (slug from --slug, else from --title)
- job:    jobs/<--folder, else the team's slug>/<id>.yml
- person: content/people/<id>.yml
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import load_site_config
from generator.model import urls
from generator.model.records import JOB_ID, PROFILE_ID, Job, Person, Story
from generator.sources import strict_yaml
from generator.sources.load import load_sources, read_record
from generator.tools.yaml_write import commented, key_list, key_value
from generator.validate import SLUG, typed, validate

Ask = Callable[[str], str]


@dataclass(frozen=True)
class Field:
    flag: str  # "--title"
    key: str  # "title"
    help: str
    required: bool = False
    many: bool = False  # a list: the flag may be repeated
    switch: bool = False  # a true/false flag
    example: str = ""  # the commented-out line(s) when not given


STORY_FIELDS = [
    Field("--title", "title", "plain-text title", required=True),
    Field(
        "--summary", "summary", "the standfirst: cards, feeds and meta description", required=True
    ),
    Field(
        "--image-src",
        "image",
        "picture under content/, e.g. images/my-story.jpg",
        example="image:\n  src: images/my-story.jpg   # a file under content/\n"
        "  alt: What the picture shows, for readers who cannot see it",
    ),
    Field(
        "--person",
        "people",
        "profile id from content/people/ (repeatable)",
        many=True,
        example="people:                      # ids of content/people/<id>.yml\n  - ada-lovelace",
    ),
    Field(
        "--series", "series", "series name, e.g. 'Intern stories'", example="series: Intern stories"
    ),
    Field("--topic", "topics", "topic (repeatable)", many=True, example="topics:\n  - Internships"),
    Field(
        "--related",
        "related",
        "story slug or content/related.yml id (repeatable)",
        many=True,
        example="related:                     # story slugs or ids from content/related.yml\n"
        "  - another-story-slug",
    ),
    Field(
        "--team",
        "teams",
        "team of jobs whose open roles the story lists (repeatable)",
        many=True,
        example="teams:                       # the story lists open roles of these teams\n"
        "  - Search Science",
    ),
    Field(
        "--updated",
        "updated",
        "date of the last real change, YYYY-MM-DD",
        example="updated: {today}",
    ),
    Field("--draft", "draft", "not published until removed", switch=True, example="draft: true"),
]

JOB_FIELDS = [
    Field("--title", "title", "plain-text job title", required=True),
    Field(
        "--location",
        "locations",
        "location code 'CC, REGION, City' (repeatable)",
        required=True,
        many=True,
    ),
    Field("--team", "team", "team name", required=True),
    Field("--category", "category", "job family, e.g. 'Applied Science'", required=True),
    Field(
        "--apply-url", "apply_url", "absolute http(s) URL of the application form", required=True
    ),
    Field("--description", "description", "Markdown description", required=True),
    Field(
        "--summary",
        "summary",
        "one-sentence teaser (else taken from the description)",
        example="summary: One plain sentence for cards and feeds.",
    ),
    Field(
        "--responsibility",
        "responsibilities",
        "a key responsibility (repeatable)",
        many=True,
        example="responsibilities:\n  - What the person will do.",
    ),
    Field(
        "--basic-qualification",
        "basic_qualifications",
        "a basic qualification (repeatable)",
        many=True,
        example="basic_qualifications:\n  - What every applicant needs.",
    ),
    Field(
        "--preferred-qualification",
        "preferred_qualifications",
        "a preferred qualification (repeatable)",
        many=True,
        example="preferred_qualifications:\n  - What would make an applicant stand out.",
    ),
    Field(
        "--about-team",
        "about_team",
        "Markdown about the team",
        example="about_team: |\n  What the team does, in Markdown.",
    ),
    Field(
        "--employment-type",
        "employment_type",
        "FULL_TIME (default), PART_TIME, INTERN, CONTRACTOR or TEMPORARY",
        example="employment_type: FULL_TIME   # PART_TIME, INTERN, CONTRACTOR, TEMPORARY",
    ),
    Field(
        "--valid-through",
        "valid_through",
        "last day applications are open, YYYY-MM-DD",
        example="valid_through: {later}   # last day applications are open",
    ),
    Field(
        "--remote",
        "remote",
        "fully remote, for applicants in the countries of the locations",
        switch=True,
        example="remote: true",
    ),
    Field(
        "--salary",
        "salary",
        "salary as CURRENCY:MIN[-MAX][:UNIT], e.g. USD:136000-260000:YEAR",
        example="salary:\n  currency: USD\n  min: 136000\n  max: 260000\n"
        "  unit: YEAR                 # HOUR, DAY, WEEK, MONTH, YEAR",
    ),
    Field("--draft", "draft", "not published until removed", switch=True, example="draft: true"),
]

PERSON_FIELDS = [
    Field("--name", "name", "full name", required=True),
    Field("--role", "role", "role, e.g. 'Applied science intern'", required=True),
    Field(
        "--affiliation",
        "affiliation",
        "university or programme",
        example="affiliation: PhD programme in computer science, Example University",
    ),
    Field(
        "--program", "program", "e.g. 'Science internship'", example="program: Science internship"
    ),
    Field("--team", "team", "team name", example="team: Search Science"),
    Field(
        "--location",
        "location",
        "location code 'CC, REGION, City'",
        example="location: US, WA, Seattle",
    ),
    Field(
        "--photo-src",
        "photo",
        "portrait under content/, e.g. images/ada.jpg",
        example="photo:\n  src: images/ada-lovelace.jpg   # a file under content/\n"
        "  alt: Portrait of Ada Lovelace",
    ),
    Field("--bio", "bio", "Markdown biography", example="bio: |\n  A few sentences, in Markdown."),
    Field(
        "--quote",
        "quotes",
        "a quote (repeatable)",
        many=True,
        example="quotes:\n  - Something the person said.",
    ),
    Field(
        "--interest",
        "interests",
        "an interest (repeatable)",
        many=True,
        example="interests:\n  - Causal inference",
    ),
    Field(
        "--link",
        "links",
        "a link as 'TITLE=URL' (repeatable)",
        many=True,
        example="links:\n  - title: Personal page\n    url: https://example.org/",
    ),
]

KINDS = {"story": STORY_FIELDS, "job": JOB_FIELDS, "person": PERSON_FIELDS}
MODELS = {"story": Story, "job": Job, "person": Person}


class ScaffoldError(Exception):
    def __init__(self, message: str, code: int):
        self.code = code
        super().__init__(message)


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `new story|job|person`; `common` adds --root and --today to each."""
    text = "write a new story, job or profile with every field (optional ones commented out)"
    new = commands.add_parser("new", help=text, description=text + ".")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, fields in KINDS.items():
        sub = kinds.add_parser(kind, help=f"a new {kind}", description=f"Write a new {kind} file.")
        if kind == "story":
            sub.add_argument("--slug", help="file name and URL (default: from the title)")
            sub.add_argument("--date", help="publication date, YYYY-MM-DD (default: today)")
            sub.add_argument("--image-alt", help="alt text of --image-src")
        elif kind == "job":
            sub.add_argument("--id", help="job id: letters, digits, '-', '_' (the URL /jobs/<id>/)")
            sub.add_argument("--posted", help="date first published, YYYY-MM-DD (default: today)")
            sub.add_argument("--folder", help="folder under jobs/ (default: the team's slug)")
        else:
            sub.add_argument("--id", help="profile id, e.g. ada-lovelace (the URL /people/<id>/)")
            sub.add_argument("--photo-alt", help="alt text of --photo-src")
        for field in fields:
            if field.switch:
                sub.add_argument(field.flag, action="store_true", help=field.help)
            elif field.many:
                sub.add_argument(field.flag, action="append", default=[], help=field.help)
            else:
                sub.add_argument(field.flag, help=field.help)
        common(sub)
        sub.set_defaults(run=run_new)


def run_new(args, root: Path, today: dt.date, ask: Ask | None = None) -> int:
    if ask is None and sys.stdin is not None and sys.stdin.isatty():
        ask = input
    try:
        rel, text = compose(args, root, today, ask)
        write_new(root, rel, text, args.kind, today)
    except ScaffoldError as err:
        note = "" if "nothing was written" in str(err) else " (nothing was written)"
        print(f"error: {err}{note}", file=sys.stderr)
        return err.code
    print(f"wrote {rel}")
    print(
        "next: edit it, then `make check` (python -m generator check) and `make serve` to preview"
    )
    return 0


def _value(args, name: str) -> object:
    return getattr(args, name.lstrip("-").replace("-", "_"))


def _fill_required(
    args, fields: list[Field], extra: list[tuple[str, str]], ask: Ask | None
) -> dict:
    """Flag values of the required fields (and `extra` required flags), asking when allowed."""
    values, missing = {}, []
    for flag, label in extra + [(f.flag, f.help) for f in fields if f.required]:
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


def _refuse_unreadable(values: dict[str, object]) -> None:
    """A value no source may hold (a control character, a noncharacter ...): name its flag."""
    for flag, value in values.items():
        for text in value if isinstance(value, list) else [value]:
            bad = strict_yaml.FORBIDDEN.search(text) if isinstance(text, str) else None
            if bad:
                raise ScaffoldError(f"{flag}: {strict_yaml.forbidden_message(bad.group())}", 2)


def compose(args, root: Path, today: dt.date, ask: Ask | None = None) -> tuple[str, str]:
    """The new file's path (relative to root) and text."""
    kind, fields = args.kind, KINDS[args.kind]
    _refuse_unreadable({"--" + name.replace("_", "-"): value for name, value in vars(args).items()})
    if kind == "story":
        values = _fill_required(args, fields, [], ask)
        slug = args.slug or urls.slug(values["--title"])
        if not SLUG.fullmatch(slug):
            raise ScaffoldError(f"--slug '{slug}' must be lowercase letters, digits and '-'", 2)
        date = _date(args.date, "--date") if args.date else today
        _refuse_used_slug(root, slug)
        rel = f"stories/{date.year}/{slug}.md"
        head = key_value("title", values["--title"]) + f"date: {date.isoformat()}\n"
        head += key_value("summary", values["--summary"])
        body = (
            "<!-- Write the story below this line, in Markdown. A line holding only "
            "[[card: REF]] (a story slug or a related.yml id) places a related card there. -->\n"
        )
        return rel, "---\n" + head + _optional(args, fields, kind, today) + "---\n\n" + body
    if kind == "job":
        values = _fill_required(args, fields, [("--id", "job id")], ask)
        if not JOB_ID.fullmatch(values["--id"]):
            raise ScaffoldError(
                f"--id '{values['--id']}' must be letters, digits, '-' and '_' (at most 64)", 2
            )
        posted = _date(args.posted, "--posted") if args.posted else today
        folder = args.folder or urls.slug(values["--team"]) or "jobs"
        if folder != urls.slug(folder):
            raise ScaffoldError(f"--folder '{folder}' must be a slug such as 'search-science'", 2)
        _refuse_used_job_id(root, values["--id"])
        rel = f"jobs/{folder}/{values['--id']}.yml"
        text = key_value("id", values["--id"]) + key_value("title", values["--title"])
        text += key_list("locations", values["--location"])
        text += key_value("team", values["--team"]) + key_value("category", values["--category"])
        text += f"posted: {posted.isoformat()}\n" + key_value("apply_url", values["--apply-url"])
        text += key_value("description", values["--description"])
        return rel, _header("job") + text + _optional(args, fields, kind, today)
    values = _fill_required(args, fields, [("--id", "profile id, e.g. ada-lovelace")], ask)
    if not PROFILE_ID.fullmatch(values["--id"]):
        raise ScaffoldError(
            f"--id '{values['--id']}' must be lowercase letters, digits, '-', '_'", 2
        )
    rel = f"content/people/{values['--id']}.yml"
    text = key_value("name", values["--name"]) + key_value("role", values["--role"])
    return rel, _header("person") + text + _optional(args, fields, kind, today)


def _header(kind: str) -> str:
    return (
        f"# A {kind}: see the README for every key. Optional keys are commented out:\n"
        "# remove the '# ' in front of one (and its indented lines) to use it.\n"
    )


def _optional(args, fields: list[Field], kind: str, today: dt.date) -> str:
    out = "" if kind != "story" else "# Optional keys: remove the '# ' in front of one to use it.\n"
    for field in fields:
        if field.required:
            continue
        value = _value(args, field.flag)
        if value in (None, [], False, ""):
            later = today + dt.timedelta(days=30)
            out += commented(field.example.format(today=today.isoformat(), later=later.isoformat()))
        elif field.switch:
            out += f"{field.key}: true\n"
        elif field.key in ("image", "photo"):
            alt = args.image_alt if field.key == "image" else args.photo_alt
            if not alt:
                raise ScaffoldError(
                    f"{field.flag} needs {field.flag.replace('-src', '-alt')} "
                    "(what the picture shows)",
                    2,
                )
            out += f"{field.key}:\n" + key_value("src", value, "  ") + key_value("alt", alt, "  ")
        elif field.key == "salary":
            out += _salary(value)
        elif field.key == "links":
            out += f"{field.key}:\n" + "".join(_link(item) for item in value)
        elif field.many:
            out += key_list(field.key, value)
        else:
            out += key_value(field.key, value)
    return out


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


def write_new(root: Path, rel: str, text: str, kind: str, today: dt.date) -> None:
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
    config, _ = load_site_config(root / "mkdocs.yml")
    if config is not None:
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
