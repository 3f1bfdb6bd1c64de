"""`python -m generator init DIR`: start a new site in DIR.

DIR gets mkdocs.yml, content/ (the home page, an about page, a profile, related cards and two
images), stories/ (one story) and jobs/ (one job), copied from the package's `starter/` folder
with today's date as the story's `date` and the job's `posted`, so `check` and `build` accept the
new site at once and publish both. DIR is created when missing; a DIR that holds anything is
refused (exit 2), so init never overwrites a file. If writing fails half-way, what init wrote is
removed again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

# Package data cannot hold a dot-file reliably, so the starter's `gitignore` becomes `.gitignore`.
RENAMED = {"gitignore": ".gitignore"}


def add_parser(commands) -> None:
    text = "start a new site in DIR: mkdocs.yml, content/, stories/, jobs/ with an example of each"
    command = commands.add_parser("init", help=text, description=text + ".")
    command.add_argument(
        "root", metavar="DIR", help="the new site's folder (created when missing; must be empty)"
    )
    command.add_argument(
        "--today",
        help="the examples' date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else UTC today)",
    )
    # The only command that runs where there is no mkdocs.yml yet (see cli.main).
    command.set_defaults(run=run_init, site_required=False)


def run_init(args: argparse.Namespace, root: Path, today: dt.date) -> int:
    refusal = _refusal(root)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    try:
        written = write_starter(root, today)
    except OSError as err:
        print(f"error: could not write the new site into {root}: {err}", file=sys.stderr)
        return 2
    print(f"created a new site in {root} ({len(written)} files). Next:")
    print(f"  cd {root}\n  careers check\n  careers build     # or: mkdocs serve")
    return 0


def _refusal(root: Path) -> str | None:
    if root.exists() and not root.is_dir():
        return f"{root} is a file: init needs a new or empty folder"
    if root.is_dir():
        first = next(iter(sorted(root.iterdir())), None)
        if first is not None:
            return (
                f"{root} is not empty (it holds {first.name}): init starts a site only in a new "
                "or empty folder, so that it never overwrites a file"
            )
    return None


def write_starter(root: Path, today: dt.date) -> list[Path]:
    """Copy the starter into `root` (new or empty); all or nothing. Returns the files written."""
    # What to remove if a write fails, oldest first: the folders made for root, then each file.
    created = [folder for folder in reversed([root, *root.parents]) if not folder.exists()]
    written: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        for rel, template in starter_files():
            path = root / rel
            for folder in reversed(path.parents):
                if folder.is_relative_to(root) and not folder.exists():
                    folder.mkdir()
                    created.append(folder)
            text = Template(template.read_text(encoding="utf-8")).substitute(
                today=today.isoformat()
            )
            with path.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite
                created.append(path)
                out.write(text)
            written.append(path)
    except BaseException:
        for path in reversed(created):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise
    return written


def starter_files() -> list[tuple[str, Traversable]]:
    """(path relative to the site root, the starter file) for every starter file, sorted."""
    found, folders = [], [("", resources.files("generator.tools") / "starter")]
    while folders:
        prefix, folder = folders.pop()
        for entry in folder.iterdir():
            name = RENAMED.get(entry.name, entry.name)
            if entry.is_dir():
                folders.append((f"{prefix}{name}/", entry))
            elif entry.is_file():
                found.append((prefix + name, entry))
    return sorted(found, key=lambda file: file[0])
