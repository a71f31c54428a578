"""What writing into the docs folder shares: the report of a generation, the names of
temporary files, and a file streamed into a temporary file beside its target. Putting
files in place and removing those no longer made is docs_folder.DocsFolder.commit's."""

from __future__ import annotations

import filecmp
import hashlib
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

# Files of the docs folder that are not the generator's: never removed, nor recorded.
KEEP = {".gitignore"}

# Temporary files are written beside their targets under these names, so that any left by
# a failure or a crash can be found and removed.
TMP_PREFIX = ".foilog-"
TMP_SUFFIX = ".tmp"


def _file_mode() -> int:
    """The permissions open() gives a new file in this process: 0o666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_numbers = itertools.count()


def temporary_file(directory: Path | str) -> tuple[int, str]:
    """A new temporary file in `directory` (descriptor, path), with the permissions a file
    written in place would have (0o666 less the umask): mkstemp's own are the owner's
    alone, which a web server serving the docs folder, or another user building from it,
    could not read. Named after this process and a running number, which no other file
    in use has; a name left by an earlier process with the same number (after a crash)
    is passed over."""
    while True:
        tmp = os.path.join(directory, f"{TMP_PREFIX}{os.getpid()}-{next(_numbers)}{TMP_SUFFIX}")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:
            continue


def write_bytes(fd: int, data: bytes) -> None:
    """All of `data` into the open file `fd`, which is then closed."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Every file the generation made, written or unchanged: with KEEP's, all the docs
    # folder holds once it is committed.
    files: list[str] = field(default_factory=list)


class StreamedFile:
    """A file written piece by piece into a temporary file beside its target; `staged`
    says whether its bytes differ from the target's."""

    def __init__(self, target: Path):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = temporary_file(target.parent)
        self.fh = os.fdopen(fd, "wb")
        self.size = 0
        self.sha256 = hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.size += len(data)
        self.sha256.update(data)
        self.fh.write(data)

    def staged(self) -> str | None:
        """The temporary file holding the new bytes if they differ from the target's (for
        the caller to put in place), or None (and the temporary file removed)."""
        self.fh.close()
        try:
            same = self.target.stat().st_size == self.size and filecmp.cmp(self.tmp, self.target, shallow=False)
        except FileNotFoundError:
            same = False
        if same:
            self.discard()
            return None
        tmp, self.tmp = self.tmp, None
        return tmp

    def discard(self) -> None:
        if not self.fh.closed:
            self.fh.close()
        if self.tmp is not None:
            Path(self.tmp).unlink(missing_ok=True)
            self.tmp = None
