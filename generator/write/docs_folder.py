"""Put every page and download in the docs folder, all or nothing.

Each task writes what changed into a temporary file beside its target and says so; the
pages and downloads that did not change are left alone. Only when every task has
succeeded are the temporary files moved into place and the files no longer part of the
site removed. A failure anywhere removes the temporary files and leaves the docs folder as
it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from generator.common.pool import Task, Then, run_tasks
from generator.write.files import KEEP, TMP_PREFIX, TMP_SUFFIX, WriteReport, temporary_file, write_bytes


class StagedFile(NamedTuple):
    """A file a task made: its path in the docs folder, and the temporary file holding its
    new text, or None when the file on disk already has that text."""

    rel: str
    tmp: str | None


# A task's result: each file it made.
Staged = list[StagedFile]


@dataclass
class Found:
    """What the docs folder held before a generation (its temporary files removed): each
    file and folder by its path from the folder, with forward slashes. `commit` removes
    those files that are not made again, and the folders left empty, without listing the
    folder a second time."""

    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)


def remove_temporary_files(docs_dir: Path) -> Found:
    """Every temporary file a generation left in the docs folder (after a failure or a
    crash) removed; what else the folder holds."""
    found = Found()
    if docs_dir.is_dir():
        top = str(docs_dir)
        for root, _, files in os.walk(top):
            base = root[len(top) + 1:].replace(os.sep, "/")
            if base:
                found.folders.append(base)
                base += "/"
            for name in files:
                if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
                    Path(root, name).unlink(missing_ok=True)
                else:
                    found.files.append(base + name)
    return found


class DocsFolder:
    """The docs folder a generation writes into, made if need be and rid of temporary
    files: its path, what it held when the generation began (`before`), and the folders
    this process has made or found for the files it stages. The tasks that stage files
    are given it; a worker forked from this process has a copy of its own."""

    def __init__(self, path: Path):
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.before = remove_temporary_files(path)
        # A file that was not there when the generation began is not compared with what is
        # on disk: nothing else writes into the folder meanwhile.
        self.on_disk = set(self.before.files)
        self.folders_made: set[str] = set()

    def stage_text(self, rel: str, text: str) -> str | None:
        """Write `text` for the file `rel` into a temporary file beside it, unless the file
        already holds exactly that text; the temporary file's path, or None."""
        data = text.encode("utf-8")
        target = os.path.join(self.path, rel)
        if rel in self.on_disk:
            try:
                if os.stat(target).st_size == len(data):
                    with open(target, "rb") as fh:
                        if fh.read() == data:
                            return None
            except FileNotFoundError:
                pass
        folder = os.path.dirname(target)
        if folder not in self.folders_made:
            try:
                os.mkdir(folder)  # its parent is usually there already
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self.folders_made.add(folder)
        try:
            fd, tmp = temporary_file(folder)
        except FileNotFoundError:  # removed since this process made it
            os.makedirs(folder, exist_ok=True)
            fd, tmp = temporary_file(folder)
        try:
            write_bytes(fd, data)
        except BaseException:
            os.unlink(tmp)
            raise
        return tmp

    def discard(self) -> None:
        """Remove every temporary file staged (after a failure)."""
        remove_temporary_files(self.path)

    def commit(self, results: list[Staged]) -> WriteReport:
        """Move every staged file into place and remove the files no longer made, then the
        folders that held only those."""
        docs_dir, before = self.path, self.before
        report = WriteReport()
        made: set[str] = set()
        for staged in results:
            for rel, tmp in staged:
                made.add(rel)
                if tmp is None:
                    report.unchanged += 1
                else:
                    os.replace(tmp, docs_dir / rel)
                    report.written.append(rel)
        top = str(docs_dir)
        for rel in before.files:
            if rel not in made and rel not in KEEP:
                os.unlink(os.path.join(top, rel))
                report.removed.append(rel)
        if before.folders:
            holding: set[str] = set()  # folders with a file made in them, at any depth
            for rel in made:
                folder = rel.rpartition("/")[0]
                while folder and folder not in holding:
                    holding.add(folder)
                    folder = folder.rpartition("/")[0]
            for folder in sorted(before.folders, key=lambda f: f.count("/"), reverse=True):  # inner ones first
                if folder not in holding:
                    try:
                        os.rmdir(os.path.join(top, folder))
                    except OSError:  # it holds something else (a link to a folder, say)
                        pass
        report.files = sorted(made)
        report.written.sort()
        report.removed.sort(key=lambda rel: rel.split("/"), reverse=True)
        return report


def write_all(folder: DocsFolder, tasks: list[Task], workers: int,
              finish: Callable[[list], list[Staged]] | None = None, then: Then | None = None) -> WriteReport:
    """Run the tasks and put what they made in place; on any failure, nothing changes.

    `then` stages files put together from what the first tasks made (such as a whole file
    from pieces several tasks made), as soon as those are done (see `run_tasks`).
    `finish`, when given, runs in this process once every task is done: it turns the
    results (then's last) into what they staged."""
    try:
        results = run_tasks(tasks, workers, then=then)
        if finish is not None:
            results = finish(results)
    except BaseException:
        folder.discard()
        raise
    return folder.commit(results)
