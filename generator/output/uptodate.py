"""Nothing changed since the last build: the check that lets a fresh process stop at once.

After each successful build of an output folder, a stamp in the cache folder records what that
build depended on: the size, mtime and inode of every file in the site's source folders, its
config files and the theme files it names (what `mkdocs serve` would watch), taken before the
build read them; the values of the environment variables its config reads (`!ENV`); the build date;
the generator's code version; and the identity of the output folder it put in place (a build swaps
in a new folder, so a new inode). The next build of the same folder compares: when everything is
the same, its output would be the same, and it stops.

A file changed within RACY_NS before the scan might change again without its stat moving: the
stamp keeps such a file's content digest too, and the check reads it again (git's racy rule).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from generator.output.commit import identity
from generator.sources.cache import (
    cache_dir,
    code_version,
    digest,
    enabled,
    read_pickle,
    write_pickle,
)

STAMP_VERSION = 2
RACY_NS = 2_000_000_000

FileStat = tuple[int, int, int]  # size, mtime_ns, inode


@dataclass(frozen=True)
class Stamp:
    key: str  # code version, build date, environment values, output folder
    files: dict[str, FileStat]  # root-relative path -> stat, every file watched
    racy: dict[str, str]  # files changed just before the scan -> their content digest then
    output: tuple[int, int, int] | None = None  # the output folder put in place (commit.identity)
    version: int = STAMP_VERSION


def stamp_path(root: Path, site_dir: Path) -> Path:
    key = digest(os.path.realpath(site_dir).encode())[:16]
    return cache_dir(root) / f"stamp-{key}.pickle"


def scan(root: Path, site_dir: Path, config, today) -> Stamp:
    """What a build of `root` into `site_dir` depends on, now (before it reads anything)."""
    started = time.time_ns()
    files: dict[str, FileStat] = {}
    for rel in (*config.config_files, *config.watched):
        _add(root, rel, files)
    from generator.sources.load import source_folders  # light, but keeps this module's imports few

    for folder in source_folders(config.docs_dir):
        _add(root, folder, files)
    racy = {
        rel: _content(root, rel)
        for rel, stat in files.items()
        if stat[1] >= started - RACY_NS
    }
    return Stamp(_key(site_dir, config, today), files, racy)


def _content(root: Path, rel: str) -> str:
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            return digest(handle.read())
    except OSError:
        return ""


def _key(site_dir: Path, config, today) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in (code_version(), today.isoformat(), os.path.realpath(site_dir)):
        hasher.update(part.encode() + b"\0")
    for name in config.env_names:
        hasher.update(f"{name}={os.environ.get(name)!r}\0".encode())
    return hasher.hexdigest()


def _add(root: Path, rel: str, files: dict[str, FileStat]) -> None:
    """`rel` (a file, or a folder walked through) into `files`; what is missing is left out."""
    path = os.path.join(root, rel)
    try:
        st = os.stat(path)
    except OSError:
        return
    if not os.path.isdir(path):
        files[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
        return
    todo = [rel]
    while todo:
        folder = todo.pop()
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:
            continue
        for entry in entries:
            name = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                todo.append(name)
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            files[name] = (st.st_size, st.st_mtime_ns, st.st_ino)


def unchanged(now: Stamp, root: Path, site_dir: Path) -> bool:
    """Whether the last build of `site_dir` read exactly what `now` found, and its output is the
    folder in place."""
    if not enabled():
        return False
    last = read_pickle(stamp_path(root, site_dir))
    return (
        isinstance(last, Stamp)
        and last.version == STAMP_VERSION
        and last.key == now.key
        and last.output == identity(site_dir)
        and last.files == now.files
        and all(_content(root, rel) == found for rel, found in last.racy.items())
    )


def save(now: Stamp, root: Path, site_dir: Path) -> None:
    """Record `now` (scanned before the build read its sources) for the output now in place."""
    if enabled():
        stamped = Stamp(now.key, now.files, now.racy, identity(site_dir))
        write_pickle(stamp_path(root, site_dir), stamped)


def forget(root: Path, site_dir: Path) -> None:
    stamp_path(root, site_dir).unlink(missing_ok=True)
