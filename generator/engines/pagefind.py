"""The search index: Pagefind reads the built site, whichever engine built it, and writes
its index into the site's `pagefind/` folder, in chunks, so that a reader's browser
fetches only the parts of the index a query needs.

What is indexed is decided in the pages, not here (see docs/search.md): a page is
indexed only inside its `data-pagefind-body` element, which the theme puts around the
content of every page whose front matter does not say `search: exclude: true`; within it,
`data-search-exclude` parts (long tables whose words are on other pages) are left out;
each page's filters and metadata (council, region, question set, year, outcome, section
cited, re-use terms) are in a `data-pagefind-ignore` block the generator writes
(render/search_marks.py).

The binary is the `pagefind_bin` package's, installed with foilog from the package
registry; nothing is downloaded at build time.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator.common.problems import BuildFailed

log = logging.getLogger("foilog")

BUNDLE = "pagefind"
# A large site is indexed in parts of at most this many pages, each by its own run of
# Pagefind, whose memory grows with the pages of a run (bench/RESULTS.md), under
# pagefind/more/<n>/, listed in pagefind/more.json; the reader's browser merges them
# (search.js).
SHARD_PAGES = 5_000
MORE = "more"
MORE_LIST = "more.json"
# Parts of a page that are on other pages too (every council's row of a table): left out.
EXCLUDE_SELECTORS = ("[data-search-exclude]",)
LANGUAGE = "en"


class IndexFailed(BuildFailed):
    """Pagefind stopped with an error, or indexed no page."""


class IndexerMissing(BuildFailed):
    """Pagefind is not installed; the message says how to install it."""


@dataclass
class IndexReport:
    """What Pagefind said it indexed."""

    pages: int = 0
    words: int = 0
    filters: int = 0
    shards: int = 0
    output: str = ""


def _count(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0


class Shard(NamedTuple):
    """A part of the site indexed by one run of Pagefind: the glob of its pages, and the
    folder (under the site) its index goes into."""

    glob: str
    output: str


def shards(site: Path, most: int) -> list[Shard]:
    """The site cut into parts of at most about `most` pages each, for Pagefind's memory
    grows with the pages one run indexes. The replies and council pages are cut by council
    (councils/<code>/ holds a council's page and its replies' pages); the first part holds
    every other page and the first councils. One part, the whole site, when it is small."""
    counts: dict[str, int] = {}  # pages under councils/<code>/, by code
    others = 0
    for page in site.rglob("*.html"):
        parts = page.relative_to(site).parts
        if len(parts) > 2 and parts[0] == "councils":
            counts[parts[1]] = counts.get(parts[1], 0) + 1
        else:
            others += 1
    if others + sum(counts.values()) <= most:
        return [Shard("**/*.{html}", BUNDLE)]
    tops = sorted(p.name for p in site.iterdir() if p.name not in ("councils", BUNDLE, "assets", "data")
                  and (p.suffix == ".html" or p.is_dir()))
    first = [f"{name}/**/*.html" if (site / name).is_dir() else name for name in tops] + ["councils/*.html"]
    runs: list[list[str]] = [[]]
    size = others
    for code, n in sorted(counts.items()):
        if size + n > most and runs[-1]:
            runs.append([])
            size = 0
        runs[-1].append(code)
        size += n
    return [Shard("{" + ",".join(([] if i else first) + [f"councils/{code}/**/*.html" for code in codes]) + "}",
                  BUNDLE if i == 0 else f"{BUNDLE}/{MORE}/{i}")
            for i, codes in enumerate(runs)]


class PagefindIndexer:
    name = "pagefind"

    def __init__(self, shard_pages: int = SHARD_PAGES):
        self.shard_pages = shard_pages

    def check_installed(self) -> None:
        if importlib.util.find_spec("pagefind_bin") is None and importlib.util.find_spec("pagefind_bin_extended") is None:
            raise IndexerMissing("Pagefind, which makes the search index, is not installed: run ./scripts/bootstrap "
                                 "(it installs foilog's dependencies into .venv).")

    def command(self, site: Path, shard: Shard) -> list[str]:
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", shard.output,
                   "--glob", shard.glob, "--force-language", LANGUAGE]
        for selector in EXCLUDE_SELECTORS:
            command += ["--exclude-selectors", selector]
        return command

    def index(self, site: Path) -> IndexReport:
        """Index the built site in `site` into `site/pagefind/` (and, for a large site, the
        other parts' indexes under `site/pagefind/more/`, listed in `site/pagefind/more.json`
        for search.js to merge)."""
        self.check_installed()
        report = IndexReport()
        parts = shards(site, self.shard_pages)
        for shard in parts:
            done = subprocess.run(self.command(site, shard), capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", stdin=subprocess.DEVNULL)
            said = (done.stdout + done.stderr).strip()
            if done.returncode != 0:
                raise IndexFailed(f"foilog: Pagefind could not index the site (exit {done.returncode}):\n{said}")
            pages = _count(r"Indexed (\d+) pages?", said)
            if pages == 0:
                raise IndexFailed(f"foilog: Pagefind found no page to index in {site} ({shard.glob[:80]}):\n{said}")
            report.pages += pages
            report.words += _count(r"Indexed (\d+) words?", said)
            report.filters = max(report.filters, _count(r"Indexed (\d+) filters?", said))
            report.output += said + "\n"
            report.shards += 1
        more = [f"{MORE}/{i}/" for i in range(1, len(parts))]
        (site / BUNDLE / MORE_LIST).write_text(json.dumps(more) + "\n", encoding="utf-8")
        log.debug("foilog: search index: %d pages, %d words, %d filters, in %d parts", report.pages, report.words,
                  report.filters, report.shards)
        return report
