"""What the last successful generation was made from and what it wrote, so that a run with
nothing changed can stop at once.

The state is kept beside the docs folder (`build/docs.cache/state.pickle` for
`docs_dir: build/docs`), never inside it, so no engine publishes it. It holds:

- `inputs`: a digest of everything the pages are made from: the generator's own code,
  templates and register, and the functions the templates are rendered with; the settings; the day the site is built for; the path, size and
  modification time of every file under content/; and, because the feed dates responses
  by their commits, git's HEAD and which content files have uncommitted changes;
- `outputs`: the size and modification time of every file written into the docs folder;
- what the nothing-lost check needs (the strings each response page must show) and the
  warnings to repeat, so that the check still runs on every build.

A run may skip generating only when its inputs digest is the one recorded and every file
in the docs folder is exactly as recorded (none added, removed or touched). Anything else
(a missing, unreadable, corrupted or older state) means a full generation, which only ever
writes pages whose text changed. The state is written only after a generation succeeded,
and replaced atomically.
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

from .problems import Problem

STATE_VERSION = 1
STATE_FILE = "state.pickle"
KEEP = {".gitignore"}

_PACKAGE = Path(__file__).resolve().parent


def cache_dir_for(docs_dir: Path) -> Path:
    return docs_dir.with_name(docs_dir.name + ".cache")


@dataclass
class State:
    inputs: str
    outputs: dict[str, tuple[int, int]]
    expectations: list = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    entries: int = 0
    version: int = STATE_VERSION


def code_digest() -> str:
    """A digest of the generator's code, templates and data files."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".j2", ".csv", ".yaml", ".md"):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
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
    for root, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            st = os.stat(path)
            digest.update(f"{os.path.relpath(path, content)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    digest.update(_git_state(repo))
    return digest.hexdigest()


def output_stats(docs_dir: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the docs folder (but .gitignore)."""
    found: dict[str, tuple[int, int]] = {}
    for root, dirs, files in os.walk(docs_dir):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, docs_dir).replace(os.sep, "/")
            if rel in KEEP:
                continue
            st = os.stat(path)
            found[rel] = (st.st_size, st.st_mtime_ns)
    return found


def load_state(docs_dir: Path) -> State | None:
    """The recorded state, or None when there is none or it cannot be read."""
    try:
        with open(cache_dir_for(docs_dir) / STATE_FILE, "rb") as fh:
            state = pickle.load(fh)
    except Exception:  # missing, truncated, corrupted or from another version: start afresh
        return None
    if not isinstance(state, State) or getattr(state, "version", None) != STATE_VERSION:
        return None
    return state


def save_state(docs_dir: Path, state: State) -> None:
    folder = cache_dir_for(docs_dir)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / STATE_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def forget_state(docs_dir: Path) -> None:
    (cache_dir_for(docs_dir) / STATE_FILE).unlink(missing_ok=True)
