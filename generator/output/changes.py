"""Which feed files the last build changed: what `python -m generator ping` tells the WebSub hub.

A feed changed when its bytes differ from what the last successful build into the same output
folder published (or when that build did not publish it). That is judged on the finished output,
not while writing: a build writes into an empty staging folder (the command line) or a cleaned
one (`mkdocs build`), and a new day's full rebuild rewrites every feed with the bytes it had.
The build hands over each feed file's digest: worked out where a feed is written, kept in the
build state for the feeds it kept, so no feed is read back.

The record is a small JSON file in the cache folder (never in the output), one per output
folder, written by `record_changed_feeds` once a build has succeeded. It is not a cache:
`CAREERS_NO_CACHE` does not turn it off (an old record would name the wrong feeds).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from generator.sources.cache import cache_dir, digest

RECORD_VERSION = 2


def record_path(root: Path, site_dir: Path) -> Path:
    key = digest(os.path.realpath(site_dir).encode())[:16]
    return cache_dir(root) / f"feeds-{key}.json"


def record_changed_feeds(root: Path, site_dir: Path, digests: dict[str, str] | None) -> list[str]:
    """Record which feed files of the build now in `site_dir` differ from the last recorded build
    of it; returns them, sorted. `digests`: every feed file the build published (site-relative,
    such as "jobs/feed.xml") -> its content digest; None when the build found nothing changed.
    Call once the build succeeded and its output is in place in `site_dir`."""
    path = record_path(root, site_dir)
    previous = _read(path).get("files")
    if digests is None:
        if previous is None:
            return []
        digests = previous
    previous = previous or {}
    changed = sorted(url for url, found in digests.items() if previous.get(url) != found)
    record = {"version": RECORD_VERSION, "changed": changed, "files": digests}
    try:
        _write(path, record)
    except OSError as err:
        path.unlink(missing_ok=True)  # an old record would name the wrong feeds
        print(f"warning: could not record the changed feeds in {path}: {err}", file=sys.stderr)
    return changed


def changed_feeds(root: Path, site_dir: Path) -> list[str] | None:
    """The feed files the last build of `site_dir` changed; None when none was recorded."""
    record = _read(record_path(root, site_dir))
    return record.get("changed") if record else None


def _read(path: Path) -> dict:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(record, dict) and record.get("version") == RECORD_VERSION
    return record if ok else {}


def _write(path: Path, record: dict) -> None:
    """Atomically: a crash leaves the old record or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
