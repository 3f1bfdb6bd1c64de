"""The one choke point for output files: a sanitising join, one writer per path, files replaced
(never rewritten in place). The sitemap: output/sitemap.py."""

from __future__ import annotations

import os
from pathlib import Path


class UnsafePath(ValueError):
    pass


def safe_join(site_dir: Path, url: str, filename: str = "index.html") -> Path:
    """`site_dir/url/filename`, refusing anything that could land outside `site_dir`."""
    parts = [part for part in url.split("/") if part]
    for part in [*parts, filename]:
        if part in (".", "..") or "\\" in part or "\0" in part or part != part.strip():
            raise UnsafePath(f"unsafe path segment {part!r} in {url!r}")
    target = site_dir.joinpath(*parts, filename)
    if not os.path.abspath(target).startswith(os.path.abspath(site_dir) + os.sep):
        raise UnsafePath(f"{url!r} escapes the output folder")
    return target


class Writer:
    """Writes each output file once; a second write to one path is an error, not an overwrite."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.written: dict[Path, str] = {}  # every file claimed: written now or kept
        self.rendered = 0  # pages and feeds rendered now (the rest were kept)

    def write(self, url: str, filename: str, data: str | bytes, source: str) -> None:
        path = safe_join(self.site_dir, url, filename)
        if path in self.written:
            raise UnsafePath(
                f"{source} and {self.written[path]} both write {path.relative_to(self.site_dir)}"
            )
        self.written[path] = source
        payload = data.encode("utf-8") if isinstance(data, str) else data
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            if path.stat().st_size == len(payload) and path.read_bytes() == payload:
                return  # unchanged: keep the file (and its mtime) for incremental deploys
            path.unlink()  # replace, never rewrite in place (it may be a hard link)
        path.write_bytes(payload)

    def keep(self, url: str, filename: str, source: str) -> None:
        """Claim a file that an earlier build wrote with the same content (incremental builds)."""
        path = safe_join(self.site_dir, url, filename)
        if path in self.written:
            rel = path.relative_to(self.site_dir)
            raise UnsafePath(f"{source} and {self.written[path]} both write {rel}")
        self.written[path] = source


def replace_file(path: Path, payload: bytes) -> None:
    """Write `path` unless it holds `payload` already; replace it (unlink first), never rewrite it
    in place: in an incremental build it may be a hard link into the last build's output."""
    try:
        st = path.stat()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        if st.st_size == len(payload) and path.read_bytes() == payload:
            return
        path.unlink()
    path.write_bytes(payload)
