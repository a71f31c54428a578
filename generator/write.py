"""Put rendered pages on disk: write only what changed, remove what is gone.

Nothing is written until every page has been rendered, so a failure anywhere before
this step leaves the docs folder exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

KEEP = {".gitignore"}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pages(docs_dir: Path, pages: dict[str, str]) -> WriteReport:
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
        if path.is_file() and rel not in pages and rel not in KEEP:
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
