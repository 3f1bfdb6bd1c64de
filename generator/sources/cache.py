"""What survives between builds, in the user's cache folder, never in the site's folders.

The contract says a build writes nothing outside its output folder, and the output is published,
so the cache lives in `$CAREERS_CACHE_DIR`, else `$XDG_CACHE_HOME/careers-generator`, else
`~/.cache/careers-generator`: one sub-folder per site root (a hash of its real path).

- `SourceCache`: each source file's parsed record and validated model, keyed by the file's
  content hash (BLAKE2b). A file whose size, mtime and inode are unchanged since a cache written
  well after its mtime is not even read again (git's "racy" rule: a file changed within the
  same clock tick as the last save is always re-read).
- `code_version()`: a hash of the generator's own code, templates and theme and of the versions of
  the packages that shape the output; any change there invalidates every cache.

Set CAREERS_NO_CACHE=1 to neither read nor write any cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from generator.sources.strict_yaml import YList, YMap

RACY_NS = 2_000_000_000  # a file modified within 2 s of the last save is re-read
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "markdown-it-py",
    "nh3",
    "jinja2",
    "pydantic",
    "pydantic-core",
    "pyyaml",
    "feedgen",
    "pycountry",
    "python-slugify",
    "pymdown-extensions",
)


def enabled() -> bool:
    return os.environ.get("CAREERS_NO_CACHE", "") in ("", "0")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def code_version() -> str:
    """A hash of everything besides the sources that decides what a build writes."""
    package = Path(__file__).parent.parent  # the whole generator package
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(sys.version.encode())
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            hasher.update(f"{name}={metadata.version(name)};".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def cache_dir(root: Path) -> Path:
    base = os.environ.get("CAREERS_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        base = os.path.join(xdg, "careers-generator")
    return Path(base) / digest(os.path.realpath(root).encode())


def write_pickle(path: Path, value) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one. A cache
    is optional: a root where it cannot be written (read-only, full) builds without one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_pickle(path: Path):
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
    ):
        return None


@dataclass
class Entry:
    stat: tuple[int, int, int]  # mtime_ns, size, inode
    digest: str
    record: object  # load.Record
    validated: tuple | None = None  # (model or None, [Problem]) from validate.typed


class SourceCache:
    """Parsed and validated sources of the last build, reused while a file's content is the same.

    Two files: `sources.pickle` holds every entry as of some build, `sources-recent.pickle` the
    entries changed (and the files gone) since, so that a build that read a few files again
    writes a few entries, not all of them (a 100 MB rewrite at 20,000 jobs). Once the recent
    entries pass RECENT_SHARE of all, the next save rewrites the whole file.
    """

    FILE = "sources.pickle"
    RECENT_FILE = "sources-recent.pickle"
    RECENT_SHARE = 0.05

    def __init__(self, root: Path):
        self.path = cache_dir(root) / self.FILE
        self.recent_path = cache_dir(root) / self.RECENT_FILE
        self.entries: dict[str, Entry] = {}
        self.saved_ns = 0
        self.used: dict[str, Entry] = {}
        self.changed = False  # anything to save: a new, changed, re-read or deleted file
        self.persist = True  # False: keep it in memory only (`mkdocs serve` after its first build)
        self.started_ns = time.time_ns()  # files changed after this are re-read next time
        self.base = None  # the saved_ns of sources.pickle as read: what the recent file is on
        self.in_base: set[str] = set()  # the files sources.pickle holds
        self.recent: set[str] = set()  # the files whose entries differ from it (or are gone)
        stored = read_pickle(self.path) if enabled() else None
        if isinstance(stored, dict) and stored.get("version") == code_version():
            self.entries = stored["entries"]
            self.saved_ns = self.base = stored["saved_ns"]
            self.in_base = set(self.entries)
            self._add_recent()

    def _add_recent(self) -> None:
        recent = read_pickle(self.recent_path)
        if not isinstance(recent, dict) or recent.get("base") != self.base:
            return  # none, or made on another sources.pickle: the entries as that one has them
        self.entries.update(recent["entries"])
        for rel in recent["gone"]:
            self.entries.pop(rel, None)
        # Every entry was checked by the build that saved the recent file: unchanged ones were
        # found older than its own last save, the others were read then.
        self.saved_ns = recent["saved_ns"]
        self.recent = set(recent["entries"]) | set(recent["gone"])

    def read(self, rel: str, path: Path) -> tuple[Entry | None, bytes | None, str, tuple]:
        """(cached entry, or None and the file's bytes), the content digest and the stat key."""
        st = os.stat(path)
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        entry = self.entries.get(rel)
        if entry is not None and entry.stat == key and st.st_mtime_ns < self.saved_ns - RACY_NS:
            self.used[rel] = entry
            return entry, None, entry.digest, key
        data = path.read_bytes()
        found = digest(data)
        if entry is not None and entry.digest == found:
            entry.stat = key
            self.changed = True
            self.recent.add(rel)
            self.used[rel] = entry
            return entry, data, found, key
        return None, data, found, key

    def store(self, rel: str, key: tuple, found: str, record) -> None:
        self.used[rel] = Entry(key, found, record)
        self.changed = True
        self.recent.add(rel)

    def validated(self, record) -> tuple | None:
        entry = self.used.get(record.path)
        if entry is not None and entry.record is record:
            return entry.validated
        return None

    def remember(self, record, item, problems: list) -> None:
        entry = self.used.get(record.path)
        if entry is not None and entry.record is record:
            entry.validated = (item, list(problems))
            if item is not None:  # the model holds the values: keep only the lines of the YAML
                entry.record = dataclasses.replace(record, data=skeleton(record.data))

    def save(self) -> None:
        """Keep the entries of this build's files (a deleted file's entry goes): the changes
        alone while they are few, else every entry."""
        if not enabled() or not self.persist:
            return
        if not self.changed and self.used.keys() == self.entries.keys():
            return  # the same as on disk
        self.recent |= self.in_base - self.used.keys()  # the files gone since
        if self.base is not None and len(self.recent) <= self.RECENT_SHARE * len(self.used):
            entries = {rel: self.used[rel] for rel in self.recent if rel in self.used}
            gone = sorted(rel for rel in self.recent if rel not in self.used)
            recent = {"base": self.base, "saved_ns": self.started_ns, "entries": entries}
            write_pickle(self.recent_path, {**recent, "gone": gone})
            return
        saved = {"version": code_version(), "saved_ns": self.started_ns, "entries": self.used}
        write_pickle(self.path, saved)
        self.recent_path.unlink(missing_ok=True)  # its base is gone (its `base` would not match)
        self.base, self.in_base, self.recent = self.started_ns, set(self.used), set()

    def next_build(self) -> None:
        """Start over for another build in the same process, from this build's entries."""
        self.entries, self.used = self.used, {}
        self.saved_ns, self.started_ns = self.started_ns, time.time_ns()
        self.changed = False


def skeleton(data):
    """Parsed YAML with every scalar dropped: the containers and their lines stay, for messages
    that name the line of a key (see validate.line_of); the values live on in the model."""
    if isinstance(data, YMap):
        copy = YMap((key, skeleton(value)) for key, value in data.items())
        copy.line, copy.key_lines = data.line, data.key_lines
        return copy
    if isinstance(data, YList):
        copy = YList(skeleton(value) for value in data)
        copy.line, copy.item_lines = data.line, data.item_lines
        return copy
    return None


PREFILL_MIN = 400  # fewer new files than this are parsed one by one, in the build itself
PREFILL_CHUNK = 100


def prefill(source_cache: SourceCache, root: Path, docs_dir: str) -> int:
    """Parse and validate the files the cache does not hold yet in worker processes (one per
    core), before the build reads its sources the usual way and finds them all in the cache.
    Anything out of the ordinary (a link, an oversized file, a YAML error) is left to the build.
    Returns the number of files parsed here."""
    import multiprocessing

    from generator import progress
    from generator.sources.load import find, source_patterns

    todo = []
    for kind, folder, patterns in source_patterns(docs_dir):
        for path in find(root / folder, patterns):
            rel = path.relative_to(root).as_posix()
            if rel not in source_cache.entries:
                todo.append((kind, rel, str(path)))
    workers = min(os.cpu_count() or 1, 8)
    if (
        len(todo) < PREFILL_MIN
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 0
    chunks = [todo[i : i + PREFILL_CHUNK] for i in range(0, len(todo), PREFILL_CHUNK)]
    meter = progress.Meter("parsing sources", len(todo))
    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for chunk, results in zip(chunks, pool.imap(_parse_chunk, chunks), strict=True):
            for rel, key, found, record, validated in results:
                source_cache.entries[rel] = Entry(key, found, record, validated)
                source_cache.recent.add(rel)
                done += 1
            meter.advance(len(chunk))
    meter.done()
    return done


def _parse_chunk(items: list[tuple[str, str, str]]) -> list[tuple]:
    from generator.sources.load import read_record
    from generator.sources.strict_yaml import MAX_BYTES, YamlError
    from generator.validate import MODELS, typed

    parsed = []
    for kind, rel, path in items:
        try:
            st = os.lstat(path)
            if not os.path.isfile(path) or os.path.islink(path) or st.st_size > MAX_BYTES:
                continue
            with open(path, "rb") as handle:
                data = handle.read()
            record = read_record(kind, rel, data)
        except (OSError, YamlError):
            continue
        problems: list = []
        item = typed(MODELS[kind], record, problems)
        if item is not None:
            record = dataclasses.replace(record, data=skeleton(record.data))
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        parsed.append((rel, key, digest(data), record, (item, problems)))
    return parsed
