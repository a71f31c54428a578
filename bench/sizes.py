"""What a built site weighs: its total size, each top-level folder's, the largest HTML
page, and each kind of page's largest and median size (bench.reader reports them).

Sizes are the files' own sizes in bytes (as `du --apparent-size --bytes` counts them),
not the blocks the file system gives them.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

# Kinds of page, told apart by where a page sits in the site (its URL).
KINDS = ("home", "response", "council", "question set", "question", "topic", "attributions", "other")
TOP_FILES = "(files at the top)"


def page_kind(path: str) -> str:
    """The kind of the HTML page at `path`, relative to the site's root ("councils/man/
    some-set/index.html", or its URL "councils/man/some-set/")."""
    parts = [p for p in path.strip("/").split("/") if p]
    if parts and parts[-1].endswith(".html"):
        last = parts.pop()
        if last != "index.html":
            parts.append(last)  # 404.html, or a page written without its own folder
    if not parts:
        return "home"
    head, depth = parts[0], len(parts) - 1
    if head == "councils":
        return {1: "council", 2: "response"}.get(depth, "other")
    if head == "question-sets":
        return {1: "question set", 2: "question"}.get(depth, "other")
    if head == "topics" and depth == 1:
        return "topic"
    if head == "attributions" and depth == 0:
        return "attributions"
    return "other"


def summarise_pages(pages: dict[str, int]) -> dict:
    """Each kind's pages, total, median and largest (with its path), from {path: bytes};
    and the heaviest kind: the one whose median page is the largest."""
    by_kind: dict[str, dict[str, int]] = {}
    for path, size in pages.items():
        by_kind.setdefault(page_kind(path), {})[path] = size
    kinds = {}
    for kind in KINDS:
        sizes = by_kind.get(kind)
        if not sizes:
            continue
        largest = max(sorted(sizes), key=sizes.__getitem__)  # the first path of the largest size
        kinds[kind] = {"pages": len(sizes), "bytes": sum(sizes.values()),
                       "median": statistics.median(sizes.values()), "largest": sizes[largest],
                       "largest_path": largest}
    heaviest = max(kinds, key=lambda k: (kinds[k]["median"], kinds[k]["largest"])) if kinds else None
    return {"kinds": kinds, "heaviest_kind": heaviest}


def site_sizes(site: Path) -> dict:
    """The site's total bytes, each top-level folder's (files at the top together), the
    largest HTML page, and the pages summarised by kind."""
    folders: dict[str, int] = {}
    pages: dict[str, int] = {}
    total = 0
    root = str(site)
    for folder, _, files in os.walk(site):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        top = TOP_FILES if rel == "." else rel.split("/", 1)[0] + "/"
        for name in files:
            size = os.stat(os.path.join(folder, name), follow_symlinks=False).st_size
            total += size
            folders[top] = folders.get(top, 0) + size
            if name.endswith(".html"):
                pages[name if rel == "." else f"{rel}/{name}"] = size
    largest = max(sorted(pages), key=pages.__getitem__) if pages else None
    return {"bytes": total, "folders": dict(sorted(folders.items(), key=lambda kv: -kv[1])),
            "html_pages": len(pages), "largest_page": largest,
            "largest_page_bytes": pages[largest] if largest else 0, **summarise_pages(pages)}


def megabytes(n: float) -> str:
    """Bytes as MB (10^6 bytes), to the precision a table needs."""
    mb = n / 1e6
    return f"{mb:,.0f} MB" if mb >= 100 else f"{mb:,.1f} MB" if mb >= 1 else f"{n / 1e3:,.0f} KB"
