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
import logging
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.common.problems import BuildFailed

log = logging.getLogger("foilog")

BUNDLE = "pagefind"
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
    output: str = ""


def _count(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0


class PagefindIndexer:
    name = "pagefind"

    def check_installed(self) -> None:
        if importlib.util.find_spec("pagefind_bin") is None and importlib.util.find_spec("pagefind_bin_extended") is None:
            raise IndexerMissing("Pagefind, which makes the search index, is not installed: run ./scripts/bootstrap "
                                 "(it installs foilog's dependencies into .venv).")

    def command(self, site: Path) -> list[str]:
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
                   "--force-language", LANGUAGE]
        for selector in EXCLUDE_SELECTORS:
            command += ["--exclude-selectors", selector]
        return command

    def index(self, site: Path) -> IndexReport:
        """Index the built site in `site` into `site/pagefind/`."""
        self.check_installed()
        done = subprocess.run(self.command(site), capture_output=True, text=True, encoding="utf-8",
                              errors="replace", stdin=subprocess.DEVNULL)
        said = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise IndexFailed(f"foilog: Pagefind could not index the site (exit {done.returncode}):\n{said}")
        report = IndexReport(_count(r"Indexed (\d+) pages?", said), _count(r"Indexed (\d+) words?", said),
                             _count(r"Indexed (\d+) filters?", said), said)
        if report.pages == 0:
            raise IndexFailed(f"foilog: Pagefind found no page to index in {site}:\n{said}")
        log.debug("foilog: search index: %d pages, %d words, %d filters", report.pages, report.words, report.filters)
        return report
