"""Old site or new site, never a mix.

A build writes into a staging folder beside the output folder (`.site-building-<pid>-<n>`): from
empty for a full build, from a hard-linked clone of the last output for an incremental one. Once
everything is written, the staging folder and the output folder trade places in one step
(`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, and a build that died between them
is repaired by the next). Builds of one folder hold a lock on its parent folder, so the next
build can remove whatever a killed build left behind.

Files are never rewritten in place (see writer.replace_file): in a clone they are hard links
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
from pathlib import Path

_COUNTER = itertools.count()


class Staging:
    """The folder a build writes into; `commit()` puts it in the output folder's place."""

    def __init__(self, site_dir: Path, clone: bool):
        """`clone`: start from a copy (hard links) of the current output, for incremental builds."""
        self.site_dir = site_dir
        self.parent = site_dir.parent
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.parent)
        try:
            remove_leftovers(site_dir)
            self.path = self.parent / f".{site_dir.name}-building-{os.getpid()}-{next(_COUNTER)}"
            if clone and site_dir.is_dir():
                clone_tree(site_dir, self.path)
            else:
                self.path.mkdir()  # mode 0777 less the umask, like any folder the user makes
        except BaseException:
            self.close()
            raise

    def commit(self) -> None:
        """The new output in place of the old, in one step; then the old one goes, and the
        lock with it."""
        if self.site_dir.exists():
            swap(self.path, self.site_dir)
        else:
            os.rename(self.path, self.site_dir)
        self.close()  # removes what is now the old output

    def close(self) -> None:
        """Drop what is left (the staging folder of a failed build) and release the lock."""
        if hasattr(self, "path"):
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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
    for folder, dirs, files in os.walk(source):
        into = target / os.path.relpath(folder, source)
        for name in dirs:
            path = Path(folder, name)
            if path.is_symlink():
                os.symlink(os.readlink(path), into / name)
            else:
                (into / name).mkdir()
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), into / name)
                continue
            try:
                os.link(path, into / name)
            except OSError:  # an immutable file, a file system without hard links
                shutil.copy2(path, into / name)


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
