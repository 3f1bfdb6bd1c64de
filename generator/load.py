"""Stage 1, load: find every source file under a site root and read it into plain records.

A record is the parsed YAML (with the line of every key) plus, for stories, the Markdown body.
Nothing here knows the schema; problems are collected, not raised one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import strict_yaml
from generator.model import SiteConfig
from generator.problems import Problem

SOURCE_DIRS = ("content", "stories", "jobs")


@dataclass(frozen=True)
class Record:
    kind: str  # "job", "story", "person" or "related"
    path: str  # relative to the root, forward slashes
    data: object  # YMap / YList / str / None, from strict_yaml
    body: str = ""  # a story's Markdown after its front matter
    body_line: int = 1  # the file line the body starts on


@dataclass
class Sources:
    records: list[Record]
    problems: list[Problem]


def load_sources(root: Path) -> Sources:
    root = root.resolve()
    sources = Sources([], [])
    for kind, pattern_dir, patterns in (
        ("job", "jobs", ("**/*.yml", "**/*.yaml")),
        ("story", "stories", ("**/*.md",)),
        ("person", "content/people", ("*.yml", "*.yaml")),
    ):
        for path in _find(root / pattern_dir, patterns):
            _load_file(root, path, kind, sources)
    related = root / "content" / "related.yml"
    if related.exists():
        _load_file(root, related, "related", sources)
    return sources


def _find(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    found = {path for pattern in patterns for path in folder.glob(pattern)}
    return sorted(path for path in found if path.is_file() or path.is_symlink())


def _load_file(root: Path, path: Path, kind: str, sources: Sources) -> None:
    rel = path.relative_to(root).as_posix()
    problem = _path_problem(root, path, rel)
    if problem:
        sources.problems.append(problem)
        return
    try:
        record = read_record(kind, rel, path.read_bytes())
    except strict_yaml.YamlError as err:
        sources.problems.append(Problem(rel, err.line, err.message))
        return
    sources.records.append(record)


def _path_problem(root: Path, path: Path, rel: str) -> Problem | None:
    if path.suffix == ".yaml":
        return Problem(rel, 1, "source files end in .yml, not .yaml: rename the file")
    if not path.resolve().is_relative_to(root):
        return Problem(rel, 1, "is a link to a file outside the site root; copy the file instead")
    if not path.exists():
        return Problem(rel, 1, "is a broken link")
    return None


def read_record(kind: str, rel: str, data: bytes) -> Record:
    """Parse one source file's bytes; raises YamlError with the line of the first problem."""
    text = strict_yaml.decode(data).removeprefix("\ufeff")
    if kind != "story":
        return Record(kind, rel, strict_yaml.parse(text))
    front, body, body_line = split_front_matter(text)
    return Record(kind, rel, strict_yaml.parse(front, line_offset=1), body, body_line)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---\\nYAML\\n---\\nbody` into (YAML, body, first line of body)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise strict_yaml.YamlError(1, "a story starts with front matter: a line '---', YAML, '---'")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise strict_yaml.YamlError(1, "front matter is not closed by a line '---'")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name:...; the generator needs none of them."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_site_config(config_file: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """The site settings the generator needs, from mkdocs.yml (site_url is required)."""
    rel = config_file.name
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as err:
        return None, [Problem(rel, getattr(getattr(err, "problem_mark", None), "line", 0) + 1, f"cannot read site config: {err}")]
    options = _plugin_options(raw.get("plugins") or [])
    site_url = str(raw.get("site_url") or "")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", site_url):
        return None, [Problem(rel, 1, "site_url is required and must be an absolute http(s) URL: feeds and JSON-LD need it")]
    theme = raw.get("theme") or {}
    allowed = {"organization", "organization_url", "organization_logo", "jobs_per_page", "stories_per_page", "today"}
    unknown = set(options) - allowed
    if unknown:
        return None, [Problem(rel, 1, f"careers plugin: unknown option(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(allowed))})")]
    config = SiteConfig(
        site_name=str(raw.get("site_name") or ""),
        site_url=site_url.rstrip("/") + "/",
        description=str(raw.get("site_description") or ""),
        language=str(theme.get("language") or "en") if isinstance(theme, dict) else "en",
        organization=str(options.get("organization") or raw.get("site_name") or ""),
        organization_url=str(options.get("organization_url") or ""),
        organization_logo=str(options.get("organization_logo") or ""),
        jobs_per_page=int(options.get("jobs_per_page") or 50),
        stories_per_page=int(options.get("stories_per_page") or 20),
    )
    return config, []


def _plugin_options(plugins) -> dict:
    entries = plugins.items() if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins
    ]
    for name, options in entries:
        if name == "careers":
            return options or {}
    return {}
