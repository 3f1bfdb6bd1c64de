"""MkDocs and Material as the engine's theme (build.Theme): what `python -m generator build`
and `check --links` use. Imports MkDocs only when it draws."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.mkdocs import files as docs_files
from generator.config import SiteConfig
from generator.problems import SourceErrors


class MkDocsTheme:
    def __init__(self, **overrides):
        """`overrides` replace mkdocs.yml settings for the builds it runs (the link check passes
        `strict` and `validation`)."""
        self.overrides = overrides

    def hand_written(self, root: Path, config: SiteConfig) -> dict[str, str]:
        return docs_files.published_files(root, config.docs_dir)

    def draw(self, prepared, run):
        """MkDocs builds into the run's staging folder, with the `careers` plugin as its guest."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        from generator.adapters.mkdocs.plugin import Guest

        root = run.request.root
        config_file = root / prepared.config.config_file
        site_dir = str(run.staging.path)
        config = load_config(config_file=str(config_file), site_dir=site_dir, **self.overrides)
        plugin = config.plugins["careers"]
        plugin.guest = guest = Guest(prepared, run)
        dirty = run.staging.cloned  # never cleaned by MkDocs: kept files are in place already
        quiet = _Quiet(plugin)
        logger = logging.getLogger("mkdocs.commands.build")
        logger.addFilter(quiet)
        cwd = os.getcwd()
        try:
            os.chdir(root)
            mkdocs_build(config, dirty=dirty)
        except Exception:
            if plugin.problems:  # content problems: the caller prints PATH:LINE lines
                raise SourceErrors(plugin.problems) from None
            raise
        finally:
            os.chdir(cwd)
            logger.removeFilter(quiet)
            plugin.guest = None
        return guest.drawn


class _Quiet(logging.Filter):
    """MkDocs' own lines about a build that content problems stopped ("Error reading page ...",
    "N problem(s) in the sources"): the caller prints the problems as PATH:LINE instead; and its
    warning that a dirty build may leave navigation stale (ours rebuilds what changed)."""

    def __init__(self, plugin):
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("A 'dirty' build is being performed"):
            return False
        return not (self.plugin.problems and record.levelno >= logging.ERROR)


# The link check: a strict MkDocs build with its link validation turned up, its warnings read back.

VALIDATION = {
    "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "warn"},
    "links": {
        "not_found": "warn",
        "anchors": "warn",
        "absolute_links": "warn",
        "unrecognized_links": "warn",
    },
}
_DOC_LINK = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains (?:an? (?:absolute |unrecognized )?)"
    r"link '(?P<link>[^']+)', (?P<why>.*)",
    re.S,
)


@dataclass(frozen=True)
class LinkWarning:
    """A link MkDocs found wrong: in `doc` (a docs-folder path, or None), the link `link`."""

    message: str  # what is wrong, in a few words
    doc: str | None = None
    link: str | None = None


def link_warnings(build_module, prepared, site_dir: Path, today) -> list[LinkWarning]:
    """Build into `site_dir` with MkDocs in strict mode; the links it found wrong."""
    theme = MkDocsTheme(strict=True, validation=VALIDATION)
    request = build_module.BuildRequest(prepared.root, site_dir, today, incremental=False)
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collect)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # the warnings come back as PATH:LINE lines, not as raw logs
    try:
        with build_module.begin(request, prepared) as run:
            build_module.finish(run, theme.draw(prepared, run))
    except Exception as err:  # strict mode aborts once the warnings are counted
        if not collect.messages:
            collect.messages.append(f"the build failed: {err}")
    finally:
        logger.removeHandler(collect)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return [_read_warning(message) for message in collect.messages]


def _read_warning(message: str) -> LinkWarning:
    found = _DOC_LINK.match(message)
    if not found:
        return LinkWarning(message.strip().splitlines()[0])
    why = re.sub(r"^but ", "", " ".join(found["why"].split())).rstrip(".")
    if "absolute link" in message:
        why = f"is absolute, so it breaks when the site moves: {why}"
    return LinkWarning(why, found["doc"], found["link"])


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
