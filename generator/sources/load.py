"""Stage 1, load: find every source file under a site root and read it into plain records.

A record is the parsed YAML (with the line of every key) plus, for stories, the Markdown body.
Nothing here knows the schema; problems are collected, not raised one by one.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problem
from generator.sources import strict_yaml

JOBS_DIR, STORIES_DIR = "jobs", "stories"
IMPORT_DIR = "import"  # the ATS place mapping


def source_folders(docs_dir: str) -> tuple[str, ...]:
    """The folders holding sources (relative to the root): an output folder must not touch them."""
    return (docs_dir, STORIES_DIR, JOBS_DIR, IMPORT_DIR)


def source_patterns(docs_dir: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(kind, folder, glob patterns) of every kind of source file; .yaml is found to be refused."""
    return (
        ("job", JOBS_DIR, ("**/*.yml", "**/*.yaml")),
        ("story", STORIES_DIR, ("**/*.md",)),
        ("person", f"{docs_dir}/people", ("*.yml", "*.yaml")),
    )


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
    digests: dict[str, str] = field(default_factory=dict)  # path -> content hash (with a cache)


def load_sources(root: Path, docs_dir: str, cache=None) -> Sources:
    """Every source under `root` (profiles and related cards in its `docs_dir`); `cache` (a
    cache.SourceCache) skips files parsed before."""
    root = root.resolve()
    _REAL_FOLDERS.clear()
    sources = Sources([], [])
    for kind, pattern_dir, patterns in source_patterns(docs_dir):
        for path in find(root / pattern_dir, patterns):
            _load_file(root, path, kind, sources, cache)
        if kind != "person":
            sources.problems += _linked_folders(root, root / pattern_dir)
    related = root / docs_dir / "related.yml"
    if related.exists() or related.is_symlink():
        _load_file(root, related, "related", sources, cache)
    return sources


def find(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    """The files in `folder` matching any of `patterns` ("*.yml": at its top; "**/*.yml": at any
    depth), links to files included; links to folders are not followed (see _linked_folders)."""
    if not folder.is_dir():
        return []
    anywhere = [pattern[3:] for pattern in patterns if pattern.startswith("**/")]
    top = [pattern for pattern in patterns if not pattern.startswith("**/")]
    found = []
    for parent, dirs, names in os.walk(folder):
        wanted = anywhere + top if parent == str(folder) else anywhere
        for name in names:
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in wanted):
                found.append(Path(parent, name))
        dirs[:] = [name for name in dirs if not os.path.islink(os.path.join(parent, name))]
    return sorted(found)


def _linked_folders(root: Path, folder: Path) -> list[Problem]:
    """Links to folders inside jobs/ or stories/ are not followed: say so, never skip silently."""
    problems = []
    for parent, dirs, _ in os.walk(folder):  # does not descend into links
        for name in sorted(dirs):
            path = Path(parent, name)
            if path.is_symlink():
                where = "inside" if path.resolve().is_relative_to(root) else "outside"
                text = f"is a link to a folder {where} the site root; sources must be real folders"
                problems.append(Problem(path.relative_to(root).as_posix(), 1, text))
    return problems


def _load_file(root: Path, path: Path, kind: str, sources: Sources, cache=None) -> None:
    rel = path.relative_to(root).as_posix()
    problem = _path_problem(root, path, rel)
    if problem:
        sources.problems.append(problem)
        return
    if cache is not None:
        entry, data, digest, key = cache.read(rel, path)
        sources.digests[rel] = digest
        if entry is not None and entry.record.kind == kind:
            sources.records.append(entry.record)
            return
        data = data if data is not None else path.read_bytes()
    else:
        data = path.read_bytes()
    try:
        record = read_record(kind, rel, data)
    except strict_yaml.YamlError as err:
        sources.problems.append(Problem(rel, err.line, err.message))
        return
    if cache is not None:
        cache.store(rel, key, digest, record)
    sources.records.append(record)


def _path_problem(root: Path, path: Path, rel: str) -> Problem | None:
    if path.suffix == ".yaml":
        return Problem(rel, 1, "source files end in .yml, not .yaml: rename the file")
    if not _resolve(path).is_relative_to(root):
        return Problem(rel, 1, "is a link to a file outside the site root; copy the file instead")
    if not path.exists():
        return Problem(rel, 1, "is a broken link")
    size = path.stat().st_size  # before reading: an oversized file is never read into memory
    if size > strict_yaml.MAX_BYTES:
        limit = strict_yaml.MAX_BYTES
        return Problem(rel, 1, f"file is {size} bytes; the limit is {limit} (1 MiB)")
    return None


_REAL_FOLDERS: dict[Path, Path] = {}  # folder -> its resolved path, for one load_sources run


def _resolve(path: Path) -> Path:
    """`path.resolve()`, resolving each folder once (20,000 jobs live in a few dozen folders)."""
    if path.is_symlink():
        return path.resolve()
    folder = _REAL_FOLDERS.get(path.parent)
    if folder is None:
        folder = _REAL_FOLDERS[path.parent] = path.parent.resolve()
    return folder / path.name


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
        raise strict_yaml.YamlError(
            1, "a story starts with front matter: a line '---', YAML, '---'"
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise strict_yaml.YamlError(1, "front matter is not closed by a line '---'")
