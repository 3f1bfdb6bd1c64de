"""`python -m generator build|check|new|import`: the command line.

Exit 0 ok, 1 invalid sources, 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator import build, importers
from generator.config import load_site_config, resolve_today
from generator.problems import SourceErrors
from generator.sources.load import SOURCE_DIRS
from generator.tools import links, scaffold


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the README says where the stack goes next
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"error: {root} has no mkdocs.yml: is --root the site's folder?", file=sys.stderr)
        return 2
    try:
        today = resolve_today(args.today)
    except ValueError:
        print(f"error: --today must be YYYY-MM-DD, not {args.today!r}", file=sys.stderr)
        return 2
    return args.run(args, root, today)


def _parser() -> argparse.ArgumentParser:
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
    importers.add_parser(commands, _site_options)
    return parser


def _site_options(command: argparse.ArgumentParser) -> None:
    """--root and --today, for the editors' and operators' commands (new, import)."""
    command.add_argument("--root", default=".", help="the site's folder (default: .)")
    command.add_argument("--today", help="YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else UTC today)")


def prepare_or_report(root: Path, today: dt.date) -> build.Prepared | None:
    config, problems = load_site_config(root / "mkdocs.yml")
    try:
        if not problems:
            return build.prepare(root, config, today)
    except SourceErrors as err:
        problems = err.problems
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s); nothing was built.", file=sys.stderr)
    return None


def run_check(args, root: Path, today: dt.date) -> int:
    prepared = prepare_or_report(root, today)
    if prepared is None:
        return 1
    plan = prepared.plan
    print(
        f"ok: {len(prepared.site.jobs)} jobs ({len(plan.jobs)} open), "
        f"{len(plan.stories)} published stories, "
        f"{len(prepared.site.people)} people, {len(plan.pages)} pages, {len(plan.feeds)} feeds"
    )
    if args.links or args.external:
        from generator.adapters.mkdocs.plugin import run_mkdocs_build

        return links.run(args, root, today, prepared, run_mkdocs_build)
    return 0


def run_build(args, root: Path, today: dt.date) -> int:
    # Resolved, so a symlinked output folder is replaced where it really is (the link stays).
    site_dir = (Path(args.site_dir) if args.site_dir else root / "site").resolve()
    refusal = output_dir_refusal(root, site_dir)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    prepared = prepare_or_report(root, today)
    if prepared is None:
        return 1
    from generator.adapters.mkdocs.plugin import run_mkdocs_build
    from generator.output import incremental

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    # A rebuild (with the state of the last build into site_dir) writes only what changed into
    # the staging folder; once the build succeeded, that is moved over site_dir file by file.
    state_file = incremental.state_path(root, site_dir)
    previous = incremental.load_state(state_file, None) if site_dir.is_dir() else None
    try:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        plugin = run_mkdocs_build(
            root,
            staging,
            today.isoformat(),
            prepared=prepared,
            previous_state=previous,
            state_file=state_file,
            final_dir=site_dir if previous is not None else None,
        )
        if plugin.incremental_run:
            incremental.forget_state(state_file)  # until the commit is complete
            incremental.commit(staging, site_dir, previous, plugin.new_state)
        else:
            swap_in(staging, site_dir)
        if plugin.new_state is not None:
            incremental.save_state(state_file, plugin.new_state)
    except SourceErrors as err:  # found while MkDocs rendered (a story's Markdown): no traceback
        shutil.rmtree(staging, ignore_errors=True)
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); the output was left as it was.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(f"built {site_dir}")
    return 0


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by the finished build; the old output goes only once the new one is in."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except BaseException:
        if old is not None:
            old.rename(site_dir)  # put the previous output back as it was
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def output_dir_refusal(root: Path, site_dir: Path) -> str | None:
    """Refuse an output folder that is, or holds, the root or a source folder (or lies in one)."""
    site = Path(os.path.realpath(site_dir))
    if site.exists() and not site.is_dir():
        return f"refusing to build into {site_dir}: it is a file, not a folder"
    protected = [Path(os.path.realpath(root))] + [
        Path(os.path.realpath(root / d)) for d in SOURCE_DIRS
    ]
    for folder in protected:
        if site == folder or folder.is_relative_to(site):
            return f"refusing to build into {site_dir}: it is or holds {folder}"
        if folder != protected[0] and site.is_relative_to(folder):
            return f"refusing to build into {site_dir}: it lies inside the source folder {folder}"
    return None
