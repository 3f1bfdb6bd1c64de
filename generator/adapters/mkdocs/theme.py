"""MkDocs and Material as the engine's theme (build.Theme): what `python -m generator build`
and `check --links` use. Imports MkDocs only when it runs it: when the theme's inputs changed
since the last build (drawing.py)."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.mkdocs import drawing
from generator.adapters.mkdocs import files as docs_files
from generator.config import SiteConfig
from generator.problems import SourceErrors


class MkDocsTheme:
    def __init__(self, **overrides):
        """`overrides` replace mkdocs.yml settings for the builds it runs (the link check passes
        `validation`); a build with overrides never reuses, nor leaves, what MkDocs drew."""
        self.overrides = overrides

    def hand_written(self, root: Path, config: SiteConfig) -> dict[str, str]:
        return docs_files.published_files(root, config.docs_dir)

    def draw(self, prepared, run):
        """What the last build's MkDocs run made, if the theme's inputs are as they were then;
        else MkDocs builds into the run's staging folder, with the `careers` plugin as its
        guest."""
        previous = run.incremental.previous
        state = drawing.kept_state(previous.theme) if previous is not None else None
        if (
            not self.overrides
            and state is not None
            and state.fingerprint == drawing.theme_fingerprint(prepared, run.request.root)
        ):
            return drawing.drawn(prepared, run, state, fresh_home=False)
        drawn = self._run_mkdocs(prepared, run)
        if self.overrides:  # not what a plain build draws: never to be reused
            drawing.kept_state(drawn.theme_state).fingerprint = None
        return drawn

    def _run_mkdocs(self, prepared, run):
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


# The link check: an MkDocs build with its link validation turned up, its warnings read back
# (every one: a strict build would stop before the engine renders the stories).

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
    """Build into `site_dir` with MkDocs' link validation turned up; the links it found wrong
    (in the hand-written pages, MkDocs' own warnings; in the stories, the same warnings, from
    the engine, which renders them as MkDocs would)."""
    theme = MkDocsTheme(validation=VALIDATION)
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
    except Exception as err:
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
