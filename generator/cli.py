"""`python -m generator build|check|serve|new|import|init|ping`: the command line.

Exit 0 ok, 1 invalid sources, 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from generator import build, importers, serve
from generator.config import find_config_file, resolve_today
from generator.problems import SourceErrors
from generator.sources.cache import cache_dir
from generator.sources.load import source_folders
from generator.tools import init, links, ping, scaffold


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the README says where the stack goes next
    commands = parser()
    args = commands.parse_args(argv)
    if args.command is None:
        commands.print_help()
        return 2
    root = Path(args.root).resolve()
    if getattr(args, "site_required", True) and find_config_file(root) is None:
        print(f"error: {root} has no mkdocs.yml: is --root the site's folder?", file=sys.stderr)
        return 2
    try:
        today = resolve_today(args.today)
    except ValueError:
        print(f"error: --today must be YYYY-MM-DD, not {args.today!r}", file=sys.stderr)
        return 2
    return args.run(args, root, today)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, run, text in (
        ("build", run_build, "validate the sources and build the site"),
        ("check", run_check, "validate every source; print PATH:LINE: error: lines"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument(
            "--root", default=".", help="the site's folder, holding mkdocs.yml (default: .)"
        )
        command.add_argument(
            "--today",
            help="the date to build for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else UTC today)",
        )
        if name == "build":
            command.add_argument("--site-dir", help="output folder (default: ROOT/site)")
        if name == "check":
            links.add_options(command)
        command.set_defaults(run=run)
    scaffold.add_parser(commands, _site_options)
    init.add_parser(commands)
    importers.add_parser(commands, _site_options, _theme)
    ping.add_parser(commands)
    serve.add_parser(commands, _theme)
    return parser


def _site_options(command: argparse.ArgumentParser) -> None:
    """--root and --today, for the editors' and operators' commands (new, import)."""
    command.add_argument("--root", default=".", help="the site's folder (default: .)")
    command.add_argument("--today", help="YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else UTC today)")


def _report(problems, what: str) -> None:
    for problem in sorted(set(problems)):
        print(problem, file=sys.stderr)
    print(f"{len(set(problems))} problem(s); {what}", file=sys.stderr)


def run_check(args, root: Path, today: dt.date) -> int:
    theme = _theme()
    try:
        config = build.read_config(root)
        prepared = build.prepare(root, config, today, theme.hand_written(root, config))
    except SourceErrors as err:
        _report(err.problems, "nothing was built.")
        return 1
    plan = prepared.plan
    print(
        f"ok: {len(prepared.site.jobs)} jobs ({len(plan.jobs)} open), "
        f"{len(plan.stories)} published stories, "
        f"{len(prepared.site.people)} people, {len(plan.pages)} pages, {len(plan.feeds)} feeds"
    )
    if args.links or args.external:
        return links.run(args, root, today, prepared, _strict_build)
    return 0


# Set by a build: `python -m generator` then ends its process without freeing the build's
# objects one by one (__main__.py).
EXIT_AT_ONCE = False


def run_build(args, root: Path, today: dt.date) -> int:
    global EXIT_AT_ONCE
    EXIT_AT_ONCE = True
    # Resolved, so a symlinked output folder is replaced where it really is (the link stays).
    site_dir = (Path(args.site_dir) if args.site_dir else root / "site").resolve()
    try:
        docs_dir = build.read_config(root).docs_dir
    except SourceErrors as err:
        _report(err.problems, "nothing was built.")
        return 1
    refusal = output_dir_refusal(root, site_dir, docs_dir)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        run = build.build(build.BuildRequest(root, site_dir, today), _theme())
    except SourceErrors as err:
        _report(err.problems, "the output was left as it was.")
        return 1
    except OSError as err:  # a full disk, a folder we may not write: not the sources' fault
        print(f"error: cannot write the output: {err}; it was left as it was.", file=sys.stderr)
        return 1
    print(f"built {site_dir}" if run else f"{site_dir} is up to date: nothing changed")
    return 0


def _theme():
    """The theme that draws the hand-written pages, stories and people: MkDocs with Material."""
    from generator.adapters.mkdocs.theme import MkDocsTheme

    return MkDocsTheme()


def _strict_build(prepared, site_dir: Path, today: dt.date) -> list:
    """A build with MkDocs' strict link validation; the links it found wrong."""
    from generator.adapters.mkdocs.theme import link_warnings

    return link_warnings(build, prepared, site_dir, today)


def output_dir_refusal(root: Path, site_dir: Path, docs_dir: str) -> str | None:
    """Refuse an output folder that is, or holds, the root, a source folder or the cache folder
    (or lies in one of them): the build replaces the output folder as a whole."""
    site = Path(os.path.realpath(site_dir))
    if site.exists() and not site.is_dir():
        return f"refusing to build into {site_dir}: it is a file, not a folder"
    real_root = Path(os.path.realpath(root))
    inside = [
        (Path(os.path.realpath(root / f)), "the source folder") for f in source_folders(docs_dir)
    ]
    inside.append((Path(os.path.realpath(cache_dir(root))), "the cache folder"))
    for folder in [real_root, *(folder for folder, _ in inside)]:
        if site == folder or folder.is_relative_to(site):
            return f"refusing to build into {site_dir}: it is or holds {folder}"
    for folder, what in inside:
        if site.is_relative_to(folder):
            return f"refusing to build into {site_dir}: it lies inside {what} {folder}"
    return None
