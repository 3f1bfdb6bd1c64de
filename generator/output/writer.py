"""The one choke point for output files: a sanitising join, one writer per path, files replaced
(never rewritten in place). The sitemap: output/sitemap.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class UnsafePath(ValueError):
    pass


def safe_relative(url: str, filename: str = "index.html") -> str:
    """`url/filename` as a path inside the output folder, "/"-separated; refuses any segment that
    could lead out of it (no segment is empty, ".", "..", or holds a separator)."""
    parts = [part for part in url.split("/") if part]
    parts.append(filename)
    for part in parts:
        if (
            part in (".", "..")
            or "\\" in part
            or "/" in part
            or "\0" in part
            or part != part.strip()
            or not part
        ):
            raise UnsafePath(f"unsafe path segment {part!r} in {url!r}")
    return "/".join(parts)


def safe_join(site_dir: Path, url: str, filename: str = "index.html") -> Path:
    """`site_dir/url/filename`, refusing anything that could land outside `site_dir`."""
    target = site_dir / safe_relative(url, filename)
    if not os.path.abspath(target).startswith(os.path.abspath(site_dir) + os.sep):
        raise UnsafePath(f"{url!r} escapes the output folder")
    return target


class Writer:
    """Writes each output file once; a second write to one path is an error, not an overwrite."""

    def __init__(self, site_dir: Path, copy_to: Path | None = None):
        self.site_dir = site_dir
        self.copy_to = copy_to  # a cold build's spare in the making (write_file)
        self.written: dict[str, str] = {}  # every file claimed, relative -> what writes it
        self.changed: set[str] = set()  # the files whose bytes changed now, relative
        self.rendered = 0  # pages and feeds rendered now (the rest were kept)

    def write(self, url: str, filename: str, data: str | bytes, source: str) -> None:
        rel = self.claim(url, filename, source)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if write_file(self.site_dir, rel, payload, self.copy_to):
            self.changed.add(rel)

    def keep(self, url: str, filename: str, source: str) -> None:
        """Claim a file that an earlier build wrote with the same content (incremental builds)."""
        self.claim(url, filename, source)

    def claim(self, url: str, filename: str, source: str) -> str:
        """The file's relative path, now claimed by `source`; a second claim is an error."""
        rel = safe_relative(url, filename)
        if rel in self.written:
            raise UnsafePath(f"{source} and {self.written[rel]} both write {rel}")
        self.written[rel] = source
        return rel


def write_file(
    folder: str | os.PathLike, rel: str, payload: bytes, copy_to: str | os.PathLike | None
) -> bool:
    """`folder/rel` holds `payload` (replace_file: False when it did already). With `copy_to`,
    the file is hard-linked as `copy_to/rel` too: a cold build makes the spare that its next
    build starts from (output/commit.py) as it writes, each process beside its own writes, in
    place of cloning 200,000 files after it."""
    path = os.path.join(folder, rel)
    changed = replace_file(path, payload)
    if copy_to is not None:
        link_file(path, os.path.join(copy_to, rel))
    return changed


def link_file(existing: str, new: str) -> None:
    """`new` as a hard link to `existing`, its folder made when missing; a file at `new` is
    replaced. Where the system refuses a link (an immutable file, a file system without hard
    links) `new` is a copy: the same bytes, though not the same file."""
    try:
        os.link(existing, new)
        return
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(new), exist_ok=True)
    except FileExistsError:
        os.unlink(new)
    except OSError:  # an immutable file, a file system without hard links
        shutil.copy2(existing, new)
        return
    try:
        os.link(existing, new)
    except OSError:
        shutil.copy2(existing, new)


def replace_file(path: str | os.PathLike, payload: bytes) -> bool:
    """Write `path` unless it holds `payload` already (then False); replace it (unlink first),
    never rewrite it in place: in an incremental build it may be a hard link into the last
    build's output."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        pass
    else:
        if st.st_size == len(payload):
            with open(path, "rb") as handle:
                if handle.read() == payload:
                    return False
        os.unlink(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
    return True
