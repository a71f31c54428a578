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

from generator.common.processes import Then, run_tasks
from generator.write.files import KEEP, TMP_PREFIX, TMP_SUFFIX, WriteReport, temporary_file, write_bytes

# A task's result: each file it made, and the temporary file holding its new text, or
# None when the file on disk already has that text.
Staged = list[tuple[str, str | None]]


def stage_text(docs_dir: Path, rel: str, text: str) -> str | None:
    """Write `text` for the file `rel` into a temporary file beside it, unless the file
    already holds exactly that text; the temporary file's path, or None."""
    data = text.encode("utf-8")
    target = os.path.join(docs_dir, rel)
    if _on_disk is None or _on_disk[0] != str(docs_dir) or rel in _on_disk[1]:
        try:
            if os.stat(target).st_size == len(data):
                with open(target, "rb") as fh:
                    if fh.read() == data:
                        return None
        except FileNotFoundError:
            pass
    folder = os.path.dirname(target)
    if folder not in _folders_made:
        try:
            os.mkdir(folder)  # its parent is usually there already
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        _folders_made.add(folder)
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


# Folders this process has made or found for the files it stages.
_folders_made: set[str] = set()

# The docs folder being generated and the files it held when the generation began (see
# `remove_temporary_files`): a file not among them is not compared with what is on disk.
# Forked workers inherit it.
_on_disk: tuple[str, set[str]] | None = None


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
    crash) removed; what else the folder holds, which `stage_text` is told too (_on_disk)."""
    global _on_disk
    _on_disk = None
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
    _on_disk = (str(docs_dir), set(found.files))
    return found



def commit(docs_dir: Path, results: list[Staged], before: Found) -> WriteReport:
    """Move every staged file into place and remove the files no longer made (`before`
    lists what the folder held when the generation began), then the folders that held
    only those."""
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


def write_all(docs_dir: Path, tasks: list[tuple[Callable, tuple]], workers: int,
              finish: Callable[[list], list[Staged]] | None = None, then: Then | None = None) -> WriteReport:
    """Run the tasks and put what they made in place; on any failure, nothing changes.

    `then` stages files put together from what the first tasks made (such as a whole file
    from pieces several tasks made), as soon as those are done (see `run_tasks`).
    `finish`, when given, runs in this process once every task is done: it turns the
    results (then's last) into what they staged."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    before = remove_temporary_files(docs_dir)
    try:
        results = run_tasks(tasks, workers, then=then)
        if finish is not None:
            results = finish(results)
    except BaseException:
        remove_temporary_files(docs_dir)
        raise
    return commit(docs_dir, results, before)
