"""The site's settings: mkdocs.yml read the way MkDocs reads it, and every option of the `careers`
plugin with its default and its check, defined once (the MkDocs plugin derives its own config
class from `CareersOptions`, so `check`, `build` and `mkdocs build` accept exactly the same).

MkDocs' reading rules kept here: `INHERIT: parent.yml` (the parent's mappings merged under the
child's, lists replaced), `!ENV NAME` / `!ENV [NAME, OTHER, default]`, `!relative` and tags such as
`!!python/name:` for extensions (their values are not needed here). The config file is the first
of mkdocs.yml, mkdocs.yaml, properdocs.yml and properdocs.yaml in the root.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated

import pycountry
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from generator.problems import Problem
from generator.sources import strict_yaml

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
PLUGIN = "careers"
# site_url: a scheme, a host and a path of URL characters only ("<", '"' and spaces would break
# every page's head, where it is written into attributes).
SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")


def is_raster(path: str) -> bool:
    """Whether an image path names a PNG or a JPEG, the images every social network shows."""
    return path.lower().endswith((".png", ".jpg", ".jpeg"))


def _raster_or_empty(value: str) -> str:
    if value and not is_raster(value):
        raise ValueError(f"'{value}' is not a PNG or JPEG file (.png, .jpg, .jpeg)")
    return value


def _http_url_or_empty(value: str) -> str:
    if value and not SITE_URL.fullmatch(value):
        raise ValueError(f"'{value}' is not an absolute http(s) URL")
    return value


def _country_or_region(value: str) -> str:
    """A place of `salary_required_in`: `US` (ISO 3166-1) or `US-CA` (ISO 3166-2), per pycountry."""
    country, _, region = value.partition("-")
    if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", value):
        problem = "is not a country code such as US or a region code such as US-CA"
    elif pycountry.countries.get(alpha_2=country) is None:
        problem = "is not an ISO 3166-1 country code"
    elif region and pycountry.subdivisions.get(code=value) is None:
        problem = f"is not an ISO 3166-2 region of {country}"
    else:
        return value
    raise PydanticCustomError(
        "place_code", "'{value}' {problem}", {"value": value, "problem": problem}
    )


class CareersOptions(BaseModel):
    """The `careers` plugin's options in mkdocs.yml: the one definition of each and its default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organization: StrictStr = ""  # hiringOrganization; default: site_name
    organization_url: StrictStr = ""
    organization_logo: StrictStr = ""  # a file under the docs folder
    jobs_per_page: Annotated[StrictInt, Field(ge=1, le=10000)] = 50
    stories_per_page: Annotated[StrictInt, Field(ge=1, le=10000)] = 20
    today: StrictStr | None = None  # YYYY-MM-DD: build for that day (`--today` wins)
    # Shown when a page is shared (og:image) unless the page has a PNG or JPEG of its own: a PNG
    # or JPEG file under the docs folder; without it, the generator's own picture (social.png).
    social_image: Annotated[StrictStr, AfterValidator(_raster_or_empty)] = ""
    websub_hub: Annotated[StrictStr, AfterValidator(_http_url_or_empty)] = ""  # WebSub hub
    # Places whose pay-transparency laws apply: "US" or "US-CA" (ISO 3166-1 / 3166-2).
    salary_required_in: list[Annotated[StrictStr, AfterValidator(_country_or_region)]] = []


@dataclass(frozen=True)
class SiteConfig:
    """What the engine needs of the site's settings; made by `load_site_config`."""

    site_name: str
    site_url: str  # absolute, ends with "/"
    description: str = ""
    language: str = "en"
    docs_dir: str = "docs"  # relative to the root, as MkDocs resolves it
    config_file: str = "mkdocs.yml"  # its name in the root
    config_files: tuple[str, ...] = ()  # every file read: config_file and what it INHERITs
    watched: tuple[str, ...] = ()  # theme files it names: custom_dir, hooks, watch
    env_names: tuple[str, ...] = ()  # the environment variables the config files read (!ENV)
    favicon: str = "assets/images/favicon.png"  # theme.favicon, site-relative (Material's default)
    options: CareersOptions = field(default_factory=CareersOptions)

    @property
    def organization(self) -> str:
        """The hiring organization: the plugin's `organization`, else the site's name."""
        return self.options.organization or self.site_name


def find_config_file(root: Path) -> Path | None:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)


def load_site_config(config_file: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """The site's settings, or None and the problems (`mkdocs.yml:LINE: error: ...`)."""
    rel = config_file.name
    try:
        raw, nodes = read_config_file(config_file)
    except ConfigError as err:
        return None, [Problem(err.path, err.line, err.message)]
    problems: list[Problem] = []
    site_url = raw.get("site_url")
    if not isinstance(site_url, str) or not SITE_URL.fullmatch(site_url):
        text = "site_url is required and must be an absolute http(s) URL: feeds and JSON-LD need it"
        problems.append(Problem(*_where(nodes, ("site_url",)), text))
    options, found = _plugin_options(raw.get("plugins"), nodes)
    problems += found
    for key in ("site_name", "site_description", "docs_dir"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            problems.append(Problem(*_where(nodes, (key,)), f"{key} must be text"))
    if problems:
        return None, problems
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    config = SiteConfig(
        site_name=raw.get("site_name") or "",
        site_url=site_url.rstrip("/") + "/",
        description=raw.get("site_description") or "",
        language=str(theme.get("language") or "en"),
        docs_dir=_docs_dir(config_file.parent, raw.get("docs_dir") or "docs"),
        config_file=rel,
        config_files=tuple(_files(nodes)),
        watched=_watched(config_file.parent, raw, theme),
        env_names=tuple(sorted(set(_env_names(nodes)))),
        favicon=str(theme.get("favicon") or SiteConfig.favicon),
        options=options,
    )
    problems = _forbidden_characters(config, rel, nodes)
    return (None, problems) if problems else (config, [])


def _plugin_options(plugins, nodes) -> tuple[CareersOptions, list[Problem]]:
    """The `careers` entry of `plugins` (a list of names or {name: options}, or a mapping)."""
    if plugins is None:
        plugins = []
    if isinstance(plugins, dict):
        entries = [(name, options, ("plugins", name)) for name, options in plugins.items()]
    elif isinstance(plugins, list):
        entries = []
        for index, item in enumerate(plugins):
            if isinstance(item, dict) and len(item) == 1:
                name, options = next(iter(item.items()))
                entries.append((name, options, ("plugins", index, name)))
            elif isinstance(item, str):
                entries.append((item, {}, ("plugins", index)))
            else:
                return CareersOptions(), [
                    Problem(*_where(nodes, ("plugins", index)), _PLUGINS_SHAPE)
                ]
    else:
        return CareersOptions(), [Problem(*_where(nodes, ("plugins",)), _PLUGINS_SHAPE)]
    for name, options, path in entries:
        if name == PLUGIN:
            return parse_options(options or {}, lambda key, p=path: _where(nodes, (*p, *key)))
    return CareersOptions(), []


_PLUGINS_SHAPE = "plugins: must be a list of plugin names or {name: options}"


def parse_options(options, line_of) -> tuple[CareersOptions, list[Problem]]:
    """Check the plugin's options; `line_of(key_path)` gives the config file's line of a key."""
    if not isinstance(options, dict):
        text = "careers plugin: its options must be a mapping"
        return CareersOptions(), [Problem(*line_of(()), text)]
    try:
        return CareersOptions.model_validate(options), []
    except ValidationError as err:
        problems = []
        for error in err.errors():
            loc = tuple(error["loc"])
            path, line = line_of(loc)  # a list item's own line, e.g. salary_required_in's
            problems.append(Problem(path, line, f"careers plugin: {_option_message(loc, error)}"))
        return CareersOptions(), problems


def _option_message(loc: tuple, error: dict) -> str:
    name = ".".join(str(part) for part in loc)
    allowed = ", ".join(CareersOptions.model_fields)
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown option {name} (allowed: {allowed})"
    if kind in ("greater_than_equal", "less_than_equal", "int_type"):
        return f"{name} must be a whole number from 1 to 10000"
    if kind == "string_type":
        return f"{name} must be text"
    return f"{name}: {error['msg']}"


def _forbidden_characters(config: SiteConfig, rel: str, nodes) -> list[Problem]:
    values = {f.name: getattr(config, f.name) for f in fields(config)}
    values.update(config.options.model_dump())
    problems = []
    for name, value in values.items():
        bad = strict_yaml.FORBIDDEN.search(value) if isinstance(value, str) else None
        if bad:
            message = strict_yaml.forbidden_message(bad.group())
            problems.append(Problem(*_where(nodes, (name,)), f"{name}: {message}"))
    return problems


def _docs_dir(root: Path, value: str) -> str:
    """docs_dir relative to the root (MkDocs resolves it against the config file's folder)."""
    path = Path(os.path.normpath(root / value))
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return value


# Reading the file -----------------------------------------------------------------------------


class ConfigError(Exception):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader plus MkDocs' tags: !ENV and !relative; other tags give None."""


def _env(loader: _Loader, node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (
            items[:-1] if len(items) > 1 else items,
            items[-1] if len(items) > 1 else None,
        )
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class Nodes:
    """Where each key was written: the composed YAML of the file and of its parents."""

    file: str
    root: object
    parent: Nodes | None = None


def read_config_file(path: Path, seen: tuple = ()) -> tuple[dict, Nodes]:
    rel = path.name if not seen else os.path.relpath(path, seen[0].parent)
    if path.resolve() in [p.resolve() for p in seen]:
        raise ConfigError(rel, 1, "INHERIT: the config files inherit from each other in a loop")
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Loader) or {}
        tree = yaml.compose(text, Loader=_Loader)
    except FileNotFoundError:
        raise ConfigError(rel, 1, "INHERIT: the file it names does not exist") from None
    except (OSError, ValueError, yaml.YAMLError) as err:  # ValueError: invalid UTF-8
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(
            rel, (mark.line + 1) if mark else 1, f"cannot read site config: {err}"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(rel, 1, "the site config must be a mapping of settings")
    nodes = Nodes(rel, tree)
    parent_name = data.pop("INHERIT", None)
    if parent_name is None:
        return data, nodes
    if not isinstance(parent_name, str):
        raise ConfigError(*_where(nodes, ("INHERIT",)), "INHERIT: must name a file")
    parent, parent_nodes = read_config_file(
        path.parent / parent_name, (*seen, path) if seen else (path,)
    )
    nodes.parent = parent_nodes
    return _merge(parent, data), nodes


def _watched(root: Path, raw: dict, theme: dict) -> tuple[str, ...]:
    """What MkDocs reads besides the docs folder and the config (what `mkdocs serve` watches):
    the theme's custom_dir, hooks and `watch` paths, root-relative."""
    named = [theme.get("custom_dir"), *_as_list(raw.get("hooks")), *_as_list(raw.get("watch"))]
    found = []
    for value in named:
        if isinstance(value, str) and value:
            found.append(os.path.relpath(os.path.normpath(root / value), root).replace(os.sep, "/"))
    return tuple(found)


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _env_names(nodes: Nodes | None):
    """The names every `!ENV` of the config files looks up (the last of several is a default)."""
    while nodes is not None:
        todo = [nodes.root]
        while todo:
            node = todo.pop()
            if node is None:
                continue
            if node.tag == "!ENV":
                if isinstance(node, yaml.ScalarNode):
                    yield str(node.value)
                else:
                    items = node.value[:-1] if len(node.value) > 1 else node.value
                    yield from (str(item.value) for item in items if hasattr(item, "value"))
            elif isinstance(node, yaml.MappingNode):
                todo += [value for pair in node.value for value in pair]
            elif isinstance(node, yaml.SequenceNode):
                todo += node.value
        nodes = nodes.parent


def _files(nodes: Nodes | None):
    while nodes is not None:
        yield nodes.file
        nodes = nodes.parent


def _merge(parent: dict, child: dict) -> dict:
    """MkDocs' INHERIT: mappings merge key by key, the child's values win; lists are replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _where(nodes: Nodes, path: tuple) -> tuple[str, int]:
    """(file, line) of the key at `path` (keys and list indexes), in the file that wrote it;
    else the line of the nearest key above it in the config file itself."""
    current = nodes
    while current is not None:
        found, line = _node_line(current.root, path)
        if found:
            return current.file, line
        current = current.parent
    return nodes.file, _node_line(nodes.root, path)[1]


def _node_line(node, path: tuple) -> tuple[bool, int]:
    """(whether the whole path exists, the line of the deepest part of it that does)."""
    line = 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            pair = next((kv for kv in node.value if getattr(kv[0], "value", None) == part), None)
            if pair is None:
                return False, line
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return False, line
    return True, line


def resolve_today(value: str | None = None) -> dt.date:
    """`--today` when given, else the date of SOURCE_DATE_EPOCH when set, else the UTC date."""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
