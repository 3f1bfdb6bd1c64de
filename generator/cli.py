"""`python -m generator build|check`: the command line. Exit 0 ok, 1 invalid sources, 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator import build
from generator.load import SOURCE_DIRS, load_site_config
from generator.model import resolve_today
from generator.problems import Problem, SourceErrors


def main(argv: list[str] | None = None) -> int:
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
        command.add_argument("--root", default=".", help="the site's folder, holding mkdocs.yml (default: .)")
        command.add_argument("--today", help="the date to build for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else UTC today)")
        if name == "build":
            command.add_argument("--site-dir", help="output folder (default: ROOT/site)")
        command.set_defaults(run=run)
    return parser


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
    print(f"ok: {len(prepared.site.jobs)} jobs ({len(plan.jobs)} open), {len(plan.stories)} published stories, "
          f"{len(prepared.site.people)} people, {len(plan.pages)} pages, {len(plan.feeds)} feeds")
    return 0


def run_build(args, root: Path, today: dt.date) -> int:
    site_dir = Path(args.site_dir).resolve() if args.site_dir else root / "site"
    refusal = output_dir_refusal(root, site_dir)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    if prepare_or_report(root, today) is None:
        return 1
    from generator.plugin import run_mkdocs_build

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        run_mkdocs_build(root, staging, today.isoformat())
        swap_in(staging, site_dir)
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
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old)


def output_dir_refusal(root: Path, site_dir: Path) -> str | None:
    """Refuse an output folder that is, or holds, the root or a source folder (or lies in one)."""
    site = Path(os.path.realpath(site_dir))
    protected = [Path(os.path.realpath(root))] + [Path(os.path.realpath(root / d)) for d in SOURCE_DIRS]
    for folder in protected:
        if site == folder or folder.is_relative_to(site):
            return f"refusing to build into {site_dir}: it is or holds {folder}"
        if folder != protected[0] and site.is_relative_to(folder):
            return f"refusing to build into {site_dir}: it lies inside the source folder {folder}"
    return None


def format_problems(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in sorted(problems))
