"""`python -m generator import SYSTEM FILE`: an applicant-tracking system's export -> job files.

Each job of the export becomes `jobs/<system>/<prefix><id>.yml`, a file the importer owns.
Free-text places go through `import/locations.yml` (places.py); the whole import is planned
before anything is written, and one problem stops it (sync.py).

The package, one module per concern:
- common.py       what every system shares: the draft of a job file (from the schema), field
                  readers, kinds of employment, HTML and plain-text cleaning
- places.py       the place mapping, import/locations.yml
- fetch.py        where an export comes from: a file, standard input, or the system's API
- export.py       reading an export's JSON, each job with the line it starts on
- sync.py         the whole import: plan, close jobs that left the export, write atomically
- greenhouse.py, lever.py, ashby.py, smartrecruiters.py, workable.py   one module per
                  system: where each field of a job comes from
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from generator.importers import ashby, fetch, greenhouse, lever, smartrecruiters, sync, workable
from generator.importers.common import System, clean_html, plain_markdown
from generator.importers.export import Row
from generator.importers.export import read_rows as _read_rows
from generator.importers.places import MAPPING, load_places
from generator.importers.sync import Options, apply, plan_import
from generator.problems import Problem

SYSTEMS: dict[str, System] = {
    module.SYSTEM.name: module.SYSTEM
    for module in (greenhouse, lever, ashby, smartrecruiters, workable)
}

__all__ = ["MAPPING", "SYSTEMS", "add_parser", "clean_html", "load_places", "plain_markdown"]


def read_rows(text: str, system: str) -> list[Row]:
    """The jobs of an export of `system` ("greenhouse", "lever"), each with its line."""
    return _read_rows(text, SYSTEMS[system])


def add_parser(
    commands, common: Callable[[argparse.ArgumentParser], None], theme: Callable | None = None
) -> None:
    """The `import` command; `theme` makes the theme whose hand-written pages the check of the
    site the import would leave includes (the command line knows it; the importers do not)."""
    text = "turn an applicant-tracking system's jobs into jobs/<system>/*.yml"
    command = commands.add_parser(
        "import", help=text, description=text + ". " + sync.__doc__.split("\n\n")[1]
    )
    command.add_argument("source", choices=list(SYSTEMS), help="the applicant-tracking system")
    command.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the export (JSON as its job-board API gives it); - reads standard input",
    )
    origin = command.add_mutually_exclusive_group()
    origin.add_argument("--board", help="fetch the jobs of this board from the system's API")
    origin.add_argument("--url", help="fetch the jobs from this URL of the system's API")
    command.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds to wait for each answer of the API (default: 30; one retry)",
    )
    command.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    command.add_argument(
        "--allow-empty",
        action="store_true",
        help="accept an export with no jobs (closes every job imported before)",
    )
    command.add_argument(
        "--source-tag",
        metavar="TAG",
        default="",
        help="add TAG to every apply link as the system's source (gh_src=TAG for Greenhouse, "
        "lever-source=TAG for Lever, utm_source=TAG for the others), so the system credits "
        "this site with the applications (default: none)",
    )
    command.add_argument(
        "--allow-shrink",
        action="store_true",
        help=f"accept an export that closes more than {round(100 * sync.SHRINK_SHARE)}%% of "
        "the open imported jobs",
    )
    common(command)
    command.set_defaults(run=run_import, theme=theme)


def run_import(args, root: Path, today: dt.date) -> int:
    system = SYSTEMS[args.source]
    if (args.file is None) == (args.board is None and args.url is None):
        print("error: give the export FILE (or -), or --board NAME, or --url URL", file=sys.stderr)
        return 2
    if args.file not in (None, "-") and not Path(args.file).is_file():
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return 2
    try:
        if args.file is not None:
            pages = fetch.read_file(args.file)
        else:
            pages = fetch.fetch(system, args.url or system.board_url(args.board), args.timeout)
    except fetch.FetchError as err:
        problems = [Problem(err.name, err.line, str(err))]
    else:
        hand_written = args.theme().hand_written if getattr(args, "theme", None) else None
        options = Options(today, args.allow_empty, args.allow_shrink, args.source_tag, hand_written)
        outcome = plan_import(root, system, pages, options)
        problems = outcome.problems
    if problems:
        for problem in sorted(set(problems)):
            print(_printable(str(problem)), file=sys.stderr)
        print(f"{len(set(problems))} problem(s); nothing was written.", file=sys.stderr)
        return 1
    if not args.dry_run:
        apply(root, outcome)
    verb = "would write" if args.dry_run else "wrote"
    for label, paths in (
        ("new", outcome.new),
        ("updated", outcome.updated),
        ("closed", outcome.closed),
        ("removed", outcome.removed),
    ):
        for rel in paths:
            print(f"{label}: {rel}")
    removed = f", {len(outcome.removed)} removed (never published)" if outcome.removed else ""
    print(
        f"{args.source}: {len(outcome.new)} new, {len(outcome.updated)} updated, "
        f"{len(outcome.unchanged)} unchanged, {len(outcome.closed)} closed (left the export)"
        f"{removed}; {verb} {len(outcome.writes)} file(s)"
    )
    return 0


def _printable(text: str) -> str:
    """A message quoting the export may hold a lone surrogate, which no terminal can take."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
