"""Old site or new site, never a mix.

A build writes into a staging folder beside the output folder (`.site-building-<pid>-<n>`): from
empty for a full build; for an incremental one, from the last output's twin. Once everything is
written, the staging folder and the output folder trade places in one step
(`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, and a build that died between them
is repaired by the next). Builds of one folder hold a lock on its parent folder, so the next
build can remove whatever a killed build left behind.

The twin: an incremental build keeps the output it replaced as a spare (`.site-spare`) and notes
which files it changed (its delta). The next incremental build turns the spare into a copy of the
current output by redoing only that delta (hard links to the current files), instead of cloning
every file; when the spare is missing or not the one noted, it clones the output with hard links.
A build from empty makes its spare as it writes (`copy`: each file hard-linked there too, by the
process that wrote it), so the first build after it does not clone either: at 20,000 jobs a
clone makes 60,000 folders, 10 to 30 s on ext4 right after other trees were deleted.

Files are never rewritten in place (see writer.replace_file): in a twin they are hard links
shared with the live site.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import itertools
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.output import writer

_COUNTER = itertools.count()

Identity = tuple[int, int, int]  # device, inode, ctime of a folder: a rename moves its ctime


@dataclass(frozen=True)
class Twin:
    """What the last build left: its output, its spare, and the files between them."""

    output: Identity | None  # the output folder it put in place
    spare: Identity | None  # kept beside: the output before it, or (from empty) its exact copy
    delta: frozenset[str]  # files that differ between the two (written, removed), relative


class Staging:
    """The folder a build writes into; `commit()` puts it in the output folder's place."""

    def __init__(self, site_dir: Path, clone: bool, twin: Twin | None = None, copy: bool = False):
        """`clone`: start from a copy (hard links) of the current output, for incremental builds;
        made from the spare that `twin` describes when it still matches. `copy`: a build from
        empty also makes the spare, in `self.copy`, that writers link each file into
        (writer.write_file) and copy_so_far() links the rest into."""
        self.site_dir = site_dir
        self.parent = site_dir.parent
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.parent)
        self.spare: Identity | None = None  # set by commit() when it keeps a spare
        self.cloned = clone and site_dir.is_dir()
        self.copy: Path | None = None
        try:
            remove_leftovers(site_dir)
            self.path = self._new_folder()
            if not (self.cloned and self._from_spare(twin)):
                shutil.rmtree(spare_path(site_dir), ignore_errors=True)
                if self.cloned:
                    clone_tree(site_dir, self.path)
                else:
                    self.path.mkdir()  # mode 0777 less the umask, like any folder the user makes
                    if copy:
                        self.copy = self._new_folder()
                        self.copy.mkdir()
        except BaseException:
            self.close()
            raise

    def _new_folder(self) -> Path:
        """A staging folder's name: removed as a leftover if this build dies."""
        return self.parent / f".{self.site_dir.name}-building-{os.getpid()}-{next(_COUNTER)}"

    def _from_spare(self, twin: Twin | None) -> bool:
        """The staging folder made from the spare: the output's twin once its delta is redone."""
        spare = spare_path(self.site_dir)
        if twin is None or twin.spare is None or identity(spare) != twin.spare:
            return False
        if identity(self.site_dir) != twin.output:
            return False
        os.rename(spare, self.path)  # a killed build leaves it as a staging folder: removed
        for rel in sorted(twin.delta):
            mirror(self.site_dir, self.path, rel)
        return True

    def copy_so_far(self) -> None:
        """Link into the copy what the staging folder holds now. Called before the engine
        writes, when it holds the theme's files, whatever wrote them: MkDocs, or a plugin that
        writes pages of its own (mkdocs-redirects)."""
        if self.copy is not None:
            link_tree(self.path, self.copy)

    def commit(self, keep_spare: bool = False, uncopied: Iterable[str] = ()) -> bool:
        """The new output in place of the old, in one step; then the old one goes, and the lock
        with it. With `keep_spare`, a spare stays beside: this build's copy, finished first
        (`uncopied`: the files written since copy_so_far() without a link there), or else the
        old output when this build started from a clone of it. Returns whether the spare is
        the new output's exact copy (no delta between them)."""
        exact = keep_spare and self.copy is not None
        if exact:
            for rel in sorted(uncopied):
                mirror(self.path, self.copy, rel)
        if self.site_dir.exists():
            swap(self.path, self.site_dir)
        else:
            os.rename(self.path, self.site_dir)
        if exact:
            exact = self._keep_spare(self.copy)
        elif keep_spare and self.cloned:
            self._keep_spare(self.path)
        self.close()  # removes the old output and a copy not kept
        return exact

    def _keep_spare(self, folder: Path) -> bool:
        """`folder` as the spare. The new output is in place already: a spare that cannot be
        kept only costs the next build a clone, so that is no failure of this one."""
        try:
            os.rename(folder, spare_path(self.site_dir))
        except OSError:
            return False
        self.spare = identity(spare_path(self.site_dir))
        return True

    def close(self) -> None:
        """Drop what is left (the staging folder of a failed build) and release the lock."""
        for folder in (getattr(self, "path", None), self.copy):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def spare_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}-spare"


def identity(folder: Path) -> Identity | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_ctime_ns)


def mirror(source: Path, target: Path, rel: str) -> None:
    """Make `target/rel` what `source/rel` is: a hard link to it, or absent like it."""
    old, new = os.path.join(target, rel), os.path.join(source, rel)
    if os.path.isdir(old) and not os.path.islink(old):
        shutil.rmtree(old)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(old)
    if not os.path.lexists(new) or (os.path.isdir(new) and not os.path.islink(new)):
        _prune_empty(os.path.dirname(old), str(target))
        return
    if os.path.islink(new):
        os.makedirs(os.path.dirname(old), exist_ok=True)
        os.symlink(os.readlink(new), old)
        return
    writer.link_file(new, old)


def _prune_empty(folder: str, top: str) -> None:
    while folder != top and folder.startswith(top + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


def _lock(folder: Path) -> int | None:
    """An exclusive lock on `folder` for this build (released when the process dies)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def remove_leftovers(site_dir: Path) -> None:
    """Staging folders of builds that were killed, and an output moved aside by a half-done swap
    (put back first: it is the last complete output)."""
    name = site_dir.name
    if not site_dir.exists():
        aside = sorted(site_dir.parent.glob(f".{name}-old-*"))
        if aside:
            os.rename(aside[-1], site_dir)
    for pattern in (f".{name}-building-*", f".{name}-old-*"):
        for folder in site_dir.parent.glob(pattern):
            shutil.rmtree(folder, ignore_errors=True)


def clone_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (copies where a link is refused)."""
    target.mkdir()
    shutil.copystat(source, target)
    link_tree(source, target)


def link_tree(source: Path, target: Path) -> None:
    """Every file under `source` hard-linked at its place under `target` (an existing folder;
    folders made as needed, files there replaced, copies where a link is refused)."""
    for folder, dirs, files in os.walk(source):
        into = target / os.path.relpath(folder, source)
        for name in dirs:
            path = Path(folder, name)
            if path.is_symlink():
                os.symlink(os.readlink(path), into / name)
            else:
                (into / name).mkdir(exist_ok=True)
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), into / name)
            else:
                writer.link_file(path, str(into / name))


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def swap(new: Path, current: Path) -> None:
    """Trade the places of two folders: atomically where the system can, else in two renames."""
    if _exchange(new, current):
        return
    aside = current.with_name(f".{current.name}-old-{os.getpid()}")
    os.rename(current, aside)
    try:
        os.rename(new, current)
    except BaseException:
        os.rename(aside, current)
        raise
    os.rename(aside, new)  # the caller removes the old output from there


def _exchange(one: Path, other: Path) -> bool:
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False  # not supported here: fall back
    raise OSError(code, os.strerror(code), str(other))


def _renameat2():
    with contextlib.suppress(OSError, AttributeError):
        function = ctypes.CDLL(None, use_errno=True).renameat2
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        function.argtypes += [ctypes.c_uint]
        function.restype = ctypes.c_int
        return function
    return None
