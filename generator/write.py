"""Put rendered pages on disk: write only what changed, remove what is gone.

Nothing is written until every page has been rendered, so a failure anywhere before
this step leaves the docs folder exactly as it was.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

KEEP = {".gitignore"}

# Temporary files are written beside their targets under these names, so that any left by
# a failure or a crash can be found and removed.
TMP_PREFIX = ".foilog-"
TMP_SUFFIX = ".tmp"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX, suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class StreamedFile:
    """A file written piece by piece into a temporary file beside its target, then put in
    place by `finish` only if its bytes differ from the target's."""

    def __init__(self, target: Path):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=target.parent, prefix=TMP_PREFIX, suffix=TMP_SUFFIX)
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

    def finish(self) -> bool:
        """Put the file in place if it changed; True when it was written."""
        tmp = self.staged()
        if tmp is None:
            return False
        os.replace(tmp, self.target)
        return True

    def discard(self) -> None:
        if not self.fh.closed:
            self.fh.close()
        if self.tmp is not None:
            Path(self.tmp).unlink(missing_ok=True)
            self.tmp = None


def write_pages(docs_dir: Path, pages: dict[str, str], others: frozenset[str] | set[str] = frozenset()) -> WriteReport:
    """Write the pages that changed and remove files that are neither pages nor `others`
    (files written apart, such as the downloads)."""
    report = WriteReport()
    docs_dir.mkdir(parents=True, exist_ok=True)
    for rel, text in sorted(pages.items()):
        target = docs_dir / rel
        try:
            if target.read_text(encoding="utf-8") == text:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        _atomic_write(target, text)
        report.written.append(rel)
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and rel not in pages and rel not in KEEP and rel not in others:
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
