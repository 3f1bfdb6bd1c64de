"""Which files MkDocs publishes from the docs folder, and at which paths (directory URLs), known
without importing MkDocs: `check` and the collision checks need it where MkDocs is not loaded."""

from __future__ import annotations

from pathlib import Path


def is_data_file(inside: str) -> bool:
    """The generator's own inputs in the docs folder, never published: people/*.yml, related.yml."""
    profile = inside.startswith("people/") and inside.endswith((".yml", ".yaml"))
    return profile or inside == "related.yml"


def is_published(inside: str) -> bool:
    """MkDocs' exclusions (hidden files and folders, templates/) plus the data files."""
    hidden = any(part.startswith(".") for part in inside.split("/"))
    return not (hidden or inside.startswith("templates/") or is_data_file(inside))


def markdown_url(inside: str) -> str:
    """The URL of a Markdown page: `about.md` -> `about/`, `index.md` and `x/README.md` -> `x/`."""
    stem = inside[: -len(".md")]
    parent, _, name = stem.rpartition("/")
    folder = parent if name in ("index", "README") else stem
    return folder + "/" if folder else ""


def output_path(inside: str) -> str:
    """Where a docs file lands in the output: a Markdown page at its URL's index.html."""
    return markdown_url(inside) + "index.html" if inside.endswith(".md") else inside


def published_files(root: Path, docs_dir: str) -> dict[str, str]:
    """Output path -> source path (relative to the root) of everything MkDocs publishes from
    the docs folder."""
    folder = root / docs_dir
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder).as_posix()
        if not path.is_dir() and is_published(inside):
            found[output_path(inside)] = path.relative_to(root).as_posix()
    return found
