"""What the last successful generation was made from and what it wrote, so that a run with
nothing changed can stop at once.

The state is kept beside the docs folder (`build/docs.cache/` for `docs_dir: build/docs`),
never inside it, so no engine publishes it. `state.pickle` holds:

- `inputs`: a digest of everything the pages are made from: the generator's own code,
  templates and register; the settings; the day the site is built for; the path, size and
  modification time of every file under content/; because the feed dates responses by
  their commits, git's HEAD and which content files have uncommitted changes; and the
  functions the templates are rendered with, when any has been replaced at run time;
- `outputs`: the size and modification time of every file written into the docs folder;
- the warnings to repeat, the number of responses, and the size and modification time of
  `expectations.pickle`.

`expectations.pickle` holds what the nothing-lost check needs (the strings each response
page must show), so that the check still runs on every build. It is the bulk of the
state, and read only when the check asks for it (`foilog build`, `mkdocs build`), never
by `foilog generate`.

A run may skip generating only when its inputs digest is the one recorded, every file in
the docs folder is exactly as recorded (none added, removed or touched), and the
expectations file is the one recorded. Anything else (a missing, unreadable, corrupted or
older state) means a full generation, which only ever writes pages whose text changed.
Should the expectations file prove unreadable when the check asks for it, they are made
again from content/ and the state is forgotten, so the next run generates in full. The
state is written only after a generation succeeded, the expectations first, each
replaced atomically.

This module is on the path of a run with nothing changed: it imports nothing of the
generator but the problems' class and write.files (which imports only the standard
library), and nothing outside the standard library.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.common.problems import Problem
from generator.write.files import KEEP

STATE_VERSION = 2
STATE_FILE = "state.pickle"
EXPECTATIONS_FILE = "expectations.pickle"

_PACKAGE = Path(__file__).resolve().parents[1]
_CODE = (".py", ".j2", ".csv", ".yaml", ".md")


def cache_dir_for(docs_dir: Path) -> Path:
    return docs_dir.with_name(docs_dir.name + ".cache")


@dataclass
class State:
    inputs: str
    outputs: dict[str, tuple[int, int]]
    expectations_file: tuple[int, int] = (-1, -1)
    warnings: list[Problem] = field(default_factory=list)
    entries: int = 0
    version: int = STATE_VERSION


def _files(top: str, skip: frozenset[str] = frozenset()) -> list[tuple[str, os.stat_result | None]]:
    """Every file under `top` (symbolic links to folders not followed, as os.walk does;
    folders named in `skip` left out), by its path from `top` with forward slashes, and
    its status (None if it cannot be read)."""
    found = []
    folders = [("", top)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.is_symlink() and entry.name not in skip:
                        folders.append((prefix + entry.name + "/", entry.path))
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    st = None
                found.append((prefix + entry.name, st))
    return found


def code_digest() -> str:
    """A digest of the generator's code, templates and data files."""
    digest = hashlib.sha256(sys.version.encode())
    for rel, _ in sorted(_files(str(_PACKAGE), skip=frozenset({"__pycache__"}))):
        if rel.endswith(_CODE):
            digest.update(rel.encode() + b"\0")
            with open(_PACKAGE / rel, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()


def _git_state(repo: Path) -> bytes:
    """HEAD and the content files with uncommitted changes, or b"" outside git."""
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, timeout=60)
        if head.returncode != 0:
            return b""
        status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain=v1", "-z", "--untracked-files=no",
                                 "--", "content"], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return b"git unusable"
    return head.stdout + b"\0" + status.stdout


def inputs_digest(repo: Path, content_dir: str, settings: object, today: object, extra: str = "") -> str:
    digest = hashlib.sha256(code_digest().encode() + b"\0" + extra.encode())
    digest.update(repr(settings).encode() + b"\0" + str(today).encode() + b"\0")
    content = repo / content_dir
    if content.is_dir():
        for rel, st in sorted(_files(str(content))):
            shown = f"{st.st_size}\0{st.st_mtime_ns}" if st else "unreadable"
            digest.update(f"{rel}\0{shown}\n".encode())
    digest.update(_git_state(repo))
    return digest.hexdigest()


def output_stats(docs_dir: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the docs folder (but .gitignore)."""
    if not docs_dir.is_dir():
        return {}
    return {rel: (st.st_size, st.st_mtime_ns) if st else (-1, -1)
            for rel, st in _files(str(docs_dir)) if rel not in KEEP}


def stats_of(docs_dir: Path, files: list[str]) -> dict[str, tuple[int, int]]:
    """`output_stats` of a docs folder known to hold just these files (and KEEP's), as a
    generation leaves it (WriteReport.files), without listing its folders."""
    top = str(docs_dir)
    return {rel: _stat(os.path.join(top, rel)) for rel in files}


def _stat(path: Path | str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def load_state(docs_dir: Path) -> State | None:
    """The recorded state, or None when there is none, it cannot be read, or the
    expectations file is not the one it recorded."""
    folder = cache_dir_for(docs_dir)
    try:
        with open(folder / STATE_FILE, "rb") as fh:
            state = pickle.load(fh)
    except Exception:  # missing, truncated, corrupted or from another version: start afresh
        return None
    if not isinstance(state, State) or getattr(state, "version", None) != STATE_VERSION:
        return None
    if state.expectations_file == (-1, -1) or _stat(folder / EXPECTATIONS_FILE) != state.expectations_file:
        return None
    return state


def load_expectations(docs_dir: Path) -> list | None:
    """What the nothing-lost check needs, as the last generation recorded it (pickled
    lists, one after another); None when it cannot be read."""
    expected: list = []
    try:
        with open(cache_dir_for(docs_dir) / EXPECTATIONS_FILE, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            while fh.tell() < size:
                part = pickle.load(fh)
                if not isinstance(part, list):
                    return None
                expected += part
    except Exception:
        return None
    return expected


def _replace(folder: Path, name: str, parts: list[bytes]) -> None:
    """Replace the file `name` with `parts`, one after another."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in parts:
                fh.write(part)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_state(docs_dir: Path, state: State, expectations: list[bytes]) -> None:
    """Record the state of a generation that succeeded, with its expectations: parts of
    the list, each already pickled (`pickle.dumps` of a list), in order."""
    folder = cache_dir_for(docs_dir)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    _replace(folder, EXPECTATIONS_FILE, expectations)
    state.expectations_file = _stat(folder / EXPECTATIONS_FILE)
    _replace(folder, STATE_FILE, [pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)])


def forget_state(docs_dir: Path) -> None:
    (cache_dir_for(docs_dir) / STATE_FILE).unlink(missing_ok=True)
