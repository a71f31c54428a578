"""The folders a build is written into beside site_dir before it replaces site_dir.

Each is named with the building process's id and locked (flock) while it is used, by that
process and the processes forked from it. A build that was killed (SIGKILL, a power cut)
leaves its folder behind; the next build removes every such folder whose process has
ended and whose lock nobody holds, and the old site a swap had not finished removing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on a POSIX system: the process id alone decides
    fcntl = None

STAGING_PREFIX = ".site-build-"

# Each staging folder in use by this process, and the open file that holds its lock.
_held: dict[Path, int] = {}


def _pid_of(name: str, prefix: str) -> int | None:
    """The process id a leftover's name starts with after `prefix`, if it has one."""
    head = name[len(prefix):].partition("-")[0]
    return int(head) if head.isdigit() else None


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _lock(folder: Path) -> int | None:
    """An open file holding `folder`'s lock, or None when another process holds it."""
    fd = os.open(folder, os.O_RDONLY)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
    return fd


def remove_leftovers(site_dir: Path) -> list[str]:
    """Remove what killed builds left beside `site_dir`; the names removed."""
    removed = []
    old_prefix = site_dir.name + ".old-" + STAGING_PREFIX[1:]
    try:
        entries = list(os.scandir(site_dir.parent))
    except FileNotFoundError:
        return removed
    for entry in entries:
        prefix = next((p for p in (STAGING_PREFIX, old_prefix) if entry.name.startswith(p)), None)
        if prefix is None or not entry.is_dir(follow_symlinks=False):
            continue
        pid = _pid_of(entry.name, prefix)
        if pid is None or _running(pid):
            continue
        path = Path(entry.path)
        fd = _lock(path)
        if fd is None:  # a process forked by that build is still writing into it
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)
        removed.append(entry.name)
    return removed


def staging_dir_for(site_dir: Path) -> Path:
    """A new, empty, locked folder beside `site_dir` for a build to be written into; what
    killed builds left there is removed first."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    fd = _lock(staging)
    if fd is not None:
        _held[staging] = fd
    return staging


def _release(staging: Path) -> None:
    fd = _held.pop(staging, None)
    if fd is not None:
        os.close(fd)


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` with the finished build in `staging`."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(site_dir.name + ".old-" + staging.name[1:])
        site_dir.rename(old)
    staging.rename(site_dir)
    _release(staging)
    if old is not None:
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    """Remove a staging folder whose build failed or was stopped."""
    try:
        shutil.rmtree(staging, ignore_errors=True)
    finally:
        _release(staging)
