"""Golden trees: the docs folder (pages and downloads) that `foilog generate` writes for
each fixture log, committed under tests/fixtures/golden/trees/ so that any change to what
is generated shows up as a diff, and CI checks it is byte for byte what was reviewed.

Regenerate them, after a change to the output that is meant:

    .venv/bin/python tests/golden.py

Each tree is generated as of a fixed day (SOURCE_DATE_EPOCH), from a copy of the log
whose files all carry that day's time, outside any git repository, so nothing in it
depends on when or where it is made.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
TREES = FIXTURES / "golden" / "trees"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z

# Each fixture log: the content folder it is generated from. The real content/ is not one:
# a contributor adding a response should not have to regenerate a tree.
LOGS = {
    "compare": FIXTURES / "compare" / "content",
    "coverage": FIXTURES / "coverage" / "content",
    "shapes": FIXTURES / "shapes" / "content",
}


def _project(where: Path, content: Path) -> Path:
    """A copy of the project's settings and theme with `content`, every file dated EPOCH."""
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", where / "theme_overrides")
    shutil.copytree(content, where / "content")
    for path in [where / "content", *(where / "content").rglob("*")]:
        os.utime(path, (EPOCH, EPOCH))
    return where


def generate(name: str, into: Path) -> Path:
    """The docs folder of fixture log `name`, generated afresh into `into`."""
    project = _project(Path(tempfile.mkdtemp(prefix=f"foilog-golden-{name}-")), LOGS[name])
    try:
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "FOILOG_JOBS": "1",
               "GIT_CEILING_DIRECTORIES": str(project.parent)}
        done = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=project, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"foilog generate failed for {name}:\n{done.stdout}{done.stderr}")
        docs = project / "build" / "docs"
        if into.exists():
            shutil.rmtree(into)
        shutil.copytree(docs, into, ignore=shutil.ignore_patterns(".gitignore"))
        return into
    finally:
        shutil.rmtree(project, ignore_errors=True)


def files(tree: Path) -> dict[str, bytes]:
    """Every file of a tree by its path inside it."""
    return {p.relative_to(tree).as_posix(): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()}


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """What differs between two trees' files, one line each: files missing, added and
    changed (with the first line that differs). Files are compared byte for byte; a
    gzip-compressed one's first differing line is that of what it holds, decompressed,
    or, should that be the same, its compressed bytes are said to differ."""
    found = [f"missing: {name}" for name in sorted(expected.keys() - actual.keys())]
    found += [f"added: {name}" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            old, new = expected[name], actual[name]
            if name.endswith(".gz"):
                old, new = gzip.decompress(old), gzip.decompress(new)
                if old == new:
                    found.append(f"changed: {name}, its compression alone")
                    continue
            old, new = old.splitlines(), new.splitlines()
            line = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
            found.append(f"changed: {name}, from line {line + 1}" + (" (decompressed)" if name.endswith(".gz") else ""))
    return found


def main() -> int:
    for name in LOGS:
        tree = generate(name, TREES / name)
        print(f"{tree.relative_to(REPO)}: {len(files(tree))} files")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
