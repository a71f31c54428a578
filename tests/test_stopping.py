"""A build that is stopped leaves nothing behind: SIGINT and SIGTERM end `foilog build` with
one line and the usual exit code, the previous site kept and its staging folder removed;
what a build killed with SIGKILL leaves beside site/ is removed by the next build, unless
the process that made it is still running or still holds it."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_repo
from test_fidelity import digest

BUILD = [sys.executable, "-m", "generator", "build"]


def leftovers(repo: Path) -> list[str]:
    return sorted(p.name for p in repo.iterdir() if p.name.startswith((".site-build-", "site.old-")))


@pytest.fixture
def built(tmp_path) -> Path:
    repo = make_repo(tmp_path / "repo")
    done = subprocess.run(BUILD, cwd=repo, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return repo


def started(repo: Path, until: str) -> subprocess.Popen:
    """`foilog build` started, once its staging folder exists (`until="staging"`) or once
    MkDocs has begun writing pages into it (`until="pages"`)."""
    build = subprocess.Popen(BUILD, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        for folder in repo.glob(".site-build-*"):
            if until == "staging" or any(folder.rglob("*.html")):
                return build
        time.sleep(0.005)
    build.kill()
    raise AssertionError(f"the build ended before its {until} could be seen: {build.communicate()}")


def dead_pid() -> int:
    """The id of a process that has ended."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    return ended.pid


@pytest.mark.parametrize("until", ["staging", "pages"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_build_says_so_in_one_line_and_keeps_the_site(built, signum, until):
    before = digest(built / "site")
    build = started(built, until)
    build.send_signal(signum)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 128 + signum
    assert err.splitlines() == [
        f"foilog build: stopped by {signal.Signals(signum).name}; the previous site, if any, was left as it was."]
    assert digest(built / "site") == before
    assert leftovers(built) == []


def test_the_next_build_removes_what_a_killed_build_left(built):
    build = started(built, "pages")
    build.kill()
    build.wait()
    left = [built / name for name in leftovers(built)]
    assert left, "the killed build left nothing to clear"
    for folder in left:  # a process the killed build forked may write a moment longer
        fd = os.open(folder, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.close(fd)
    old_site = built / f"site.old-site-build-{dead_pid()}-x"
    old_site.mkdir()
    running = built / f".site-build-{os.getpid()}-running"  # this test's process: running
    running.mkdir()
    held = built / f".site-build-{dead_pid()}-held"  # its maker ended, but it is locked
    held.mkdir()
    lock = os.open(held, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        done = subprocess.run(BUILD, cwd=built, capture_output=True, text=True, timeout=180)
    finally:
        os.close(lock)
    assert done.returncode == 0, done.stderr
    assert leftovers(built) == sorted([held.name, running.name])
    assert (built / "site" / "index.html").is_file()


def running_in(folder: Path) -> list[int]:
    """The processes (not yet ended) working in `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:  # ended meanwhile, or a zombie
                pass
    return found


def test_a_stopped_generation_ends_every_process_it_started(tmp_path):
    """A log big enough to be generated on every core: the processes the generator forked
    end with it, and none goes on writing into the docs folder."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.synth import make_content

    make_content(tmp_path, 450)
    repo = make_repo(tmp_path / "repo", tmp_path / "content").resolve()
    generate = subprocess.Popen([sys.executable, "-m", "generator", "generate"], cwd=repo,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(running_in(repo)) < 2 and generate.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)
    assert generate.poll() is None, "the generation ended before it could be stopped"
    generate.send_signal(signal.SIGINT)
    out, err = generate.communicate(timeout=60)
    assert (generate.returncode, err) == (130, "foilog generate: stopped by SIGINT.\n")
    assert running_in(repo) == []
    from generator.write.files import TMP_PREFIX

    written = [p.name for p in (repo / "build" / "docs").rglob("*.md") if not p.name.startswith(TMP_PREFIX)]
    assert written == [], "the generation went on after it was stopped"
