"""When each response was first published and last changed, read from git history.

A response's `published` time is the committer date of the first commit that added its
file and its `updated` time is the committer date of the last commit that changed it,
following renames. The history of every response comes from a single `git log` over the
folder that holds them, plus one `git rev-parse` and one `git status`, however many
responses there are.

A response has no trustworthy history, and gets dates from its own content instead
(`content_dates`), when:

- the project folder is not in a git work tree, git is not installed, or git fails;
- its file is not committed yet, or has uncommitted changes (staged or not);
- the clone is shallow and the file's history reaches the cut-off, so its first commit
  is not known.

Content dates are the date on the council's reply, else the day the council received
the request, else the day the question set was sent, at midnight UTC, and serve as both
`published` and `updated`. A response with none of those dates is dated when its file
was last modified, or, if that cannot be read, the day the site is built for: never 1
January 1970, which would list a new response as the oldest.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator.load.catalogue import Entry

log = logging.getLogger("foilog")

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
GIT_TIMEOUT_SECONDS = 120

# Settings that would change the shape of git's output are pinned on the command line.
_GIT = [
    "git", "--no-optional-locks", "--no-pager",
    "-c", "core.quotePath=false", "-c", "log.showRoot=true", "-c", "log.follow=false",
    "-c", "log.showSignature=false", "-c", "color.ui=never", "-c", "diff.relative=false",
]
_COMMIT = "\x1e"
_FIELD = "\x1f"


class EntryDates(NamedTuple):
    """When a response was first published and last changed (aware UTC datetimes), and
    whether git history said so (`from_git`) or the response's own dates stand in."""

    published: dt.datetime
    updated: dt.datetime
    from_git: bool


def content_dates(entry: Entry, repo: Path | None = None) -> EntryDates:
    """Dates taken from the response and its question set, for a file with no usable
    history; for a response without any, its file's modification time (`entry.path` is
    relative to `repo`, or to the working folder) or else the build day."""
    day = entry.response.dates.responded or entry.response.dates.received or entry.question_set.sent
    if day:
        when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    else:
        when = _file_time(Path(repo or ".") / entry.path)
    return EntryDates(when, when, from_git=False)


def _file_time(path: Path) -> dt.datetime:
    """When a file was last modified, to the second, or midnight of the build day."""
    try:
        stamp = int(path.stat().st_mtime)
        if stamp <= 0:  # some archivers and reproducible checkouts write the epoch itself
            raise ValueError(stamp)
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc)
    except (OSError, ValueError, OverflowError):
        from generator.load.settings import build_date

        day = build_date()
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _git(repo: Path, *args: str) -> str | None:
    """git's standard output, or None if git is missing or fails."""
    try:
        done = subprocess.run(
            [*_GIT, "-C", str(repo), *args], capture_output=True, timeout=GIT_TIMEOUT_SECONDS,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError) as err:
        log.info("foilog: git is not usable here (%s); feed dates come from content", err)
        return None
    if done.returncode != 0:
        log.info("foilog: git %s failed; feed dates come from content: %s", args[0],
                 done.stderr.decode("utf-8", "replace").strip())
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def _utc(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).astimezone(dt.timezone.utc)


@dataclass
class _Seen:
    first: dt.datetime
    last: dt.datetime
    truncated: bool


def _walk_log(output: str, wanted: Iterable[str], boundary: set[str]) -> dict[str, _Seen]:
    """Fold `git log --name-status` output (newest commit first) into first and last
    commit dates per wanted path, following each file back through renames."""
    tracked = {path: path for path in wanted}  # name at this point in history -> path now
    seen: dict[str, _Seen] = {}
    for record in output.split(_COMMIT)[1:]:
        header, _, changes = record.partition("\n")
        sha, stamp = header.split(_FIELD)
        when = _utc(stamp.strip())
        cut = sha in boundary
        for line in changes.splitlines():
            if not line.strip():
                continue
            status, *paths = line.split("\t")
            if status.startswith("R") and len(paths) == 2:
                old, new = paths
                path = tracked.pop(new, None)
                if path is not None:
                    tracked[old] = path
            else:
                path = tracked.get(paths[0]) if paths else None
            if path is None:
                continue
            if path in seen:
                s = seen[path]
                s.first, s.last, s.truncated = min(s.first, when), max(s.last, when), s.truncated or cut
            else:
                seen[path] = _Seen(when, when, cut)
    return seen


def _common_folder(paths: list[str]) -> str:
    folder = posixpath.commonpath([posixpath.dirname(p) for p in paths])
    return folder or "."


def entry_dates(repo: Path, entries: Iterable[Entry]) -> dict[str, EntryDates]:
    """Published and updated times of every entry, keyed by `Entry.path` (relative to `repo`)."""
    entries = list(entries)
    result = {entry.path: content_dates(entry, repo) for entry in entries}
    if not entries:
        return result
    about = _git(repo, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository",
                 "--git-path", "shallow", "--show-prefix")
    if about is None:
        return result
    lines = about.split("\n")
    if len(lines) < 4 or lines[0] != "true":
        return result
    shallow, shallow_file, prefix = lines[1] == "true", lines[2], lines[3]
    boundary: set[str] = set()
    if shallow:
        try:
            boundary = set((repo / shallow_file).read_text(encoding="ascii").split())
        except OSError:
            return result

    folder = _common_folder([entry.path for entry in entries])
    output = _git(repo, "log", "--relative", "--name-status", "-M", "--no-color",
                  f"--format={_COMMIT}%H{_FIELD}%cI", "--", folder)
    status = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--", folder)
    if output is None or status is None:
        return result

    dirty: set[str] = set()
    fields = iter(status.split("\0"))
    for item in fields:
        if len(item) < 4:
            continue
        code, name = item[:2], item[3:]
        if code[0] in "RC":
            next(fields, None)  # the name the file had before, which comes next with -z
        dirty.add(name[len(prefix):])  # from the repository's root to the project's

    for path, seen in _walk_log(output, result, boundary).items():
        if path in dirty or seen.truncated:
            continue
        result[path] = EntryDates(seen.first, seen.last, from_git=True)
    return result
