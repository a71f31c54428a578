"""Every private name and version of MkDocs and Python-Markdown that the MkDocs adapter's
speed-ups rely on, in one table, checked when a build starts.

The speed-ups (fast.py, rawhtml.py, parallel.py) reproduce or replace parts of
these packages that are not their public interface. A release may rename or change them,
so each part is used only while everything it relies on is as it was checked: otherwise
that part is left to plain MkDocs, and one warning says what no longer holds. The site is
the same either way; only the time it takes changes.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

# Not under "mkdocs": MkDocs counts what its loggers warn in strict mode, and a build that
# falls back to plain MkDocs is still a good build.
log = logging.getLogger("foilog.engines.mkdocs")

FAST = "the fast path (raw HTML blocks around Python-Markdown)"
RENDER = "one Markdown instance for every page"
PARALLEL = "writing pages on several processes"

WITHOUT = {
    FAST: "MkDocs converts every page in full",
    RENDER: "MkDocs makes a Markdown instance for each page",
    PARALLEL: "one process writes every page",
}

VERSION = "__version__"


@dataclass(frozen=True)
class Internal:
    """One thing a part relies on: an attribute of a module (dotted for an attribute of a
    class in it), or the module's version, given as the release it was checked with ("1.6"
    is every 1.6.x)."""

    module: str
    name: str
    part: str
    version: str | None = None
    uses: str = ""

    def trouble(self) -> str | None:
        """What no longer holds, or None."""
        try:
            found = importlib.import_module(self.module)
        except ImportError:
            return f"{self.module} cannot be imported"
        for step in self.name.split("."):
            if not hasattr(found, step):
                return f"{self.module}.{self.name} is missing"
            found = getattr(found, step)
        if self.version is not None and not (str(found) + ".").startswith(self.version + "."):
            return f"{self.module} is {found}, not {self.version}"
        return None


_PAGES = "mkdocs.structure.pages"
_HTMLPARSER = "markdown.htmlparser"

TABLE: tuple[Internal, ...] = (
    # The raw HTML blocks' handling and the build order the fast path was written against.
    Internal("markdown", VERSION, FAST, "3.11", "fast.configure: raw-block extraction as Markdown does it"),
    Internal("mkdocs", VERSION, FAST, "1.6", "fast.configure: the page events' order"),
    Internal(_HTMLPARSER, "htmlparser.attrfind_tolerant", FAST, uses="rawhtml._anchors_from"),
    Internal(_HTMLPARSER, "htmlparser.tagfind_tolerant", FAST, uses="rawhtml._anchors_from"),
    Internal(_HTMLPARSER, "htmlparser.unescape", FAST, uses="rawhtml._anchors_from"),
    Internal("mkdocs.utils.meta", "get_data", FAST, uses="fast._convert_in_full"),
    # MkDocs's Page.render (1.6), made again with one Markdown instance (fast._render), which
    # sets what it sets on the page (among them the instance attribute _title_from_render).
    Internal(_PAGES, "Page.render", RENDER, uses="fast._render"),
    Internal(_PAGES, "_RawHTMLPreprocessor._register", RENDER, uses="fast._render"),
    Internal(_PAGES, "_ExtractAnchorsTreeprocessor._register", RENDER, uses="fast._render"),
    Internal(_PAGES, "_RelativePathTreeprocessor._register", RENDER, uses="fast._render"),
    Internal(_PAGES, "_ExtractTitleTreeprocessor._register", RENDER, uses="fast._render"),
    Internal(_PAGES, "get_toc", RENDER, uses="fast._render"),
    Internal(_PAGES, "log", RENDER, uses="fast._render"),
    # MkDocs's page converter and writer, taken over to share the pages out.
    Internal("mkdocs", VERSION, PARALLEL, "1.6", "parallel.start: the build's order of pages"),
    Internal("mkdocs.commands.build", "_populate_page", PARALLEL, uses="parallel.start"),
    Internal("mkdocs.commands.build", "_build_page", PARALLEL, uses="parallel.start"),
)


def check(parts) -> frozenset[str]:
    """The parts, of those given, whose internals all hold. For the others, one warning
    names what no longer holds and says that plain MkDocs does that part."""
    wanted = set(parts)
    troubles: dict[str, list[str]] = {}  # what no longer holds -> the parts relying on it
    for internal in TABLE:
        if internal.part in wanted:
            trouble = internal.trouble()
            if trouble is not None and internal.part not in troubles.setdefault(trouble, []):
                troubles[trouble].append(internal.part)
    failed = [part for part in WITHOUT if any(part in found for found in troubles.values())]
    if failed:
        said = "; ".join(f"{trouble} (used by {', '.join(found)})" for trouble, found in troubles.items())
        log.warning("foilog: MkDocs or Python-Markdown is not as foilog's speed-ups were "
                    "checked with: %s. The plain MkDocs path is used for these parts instead: %s. The site is "
                    "the same.", said, "; ".join(WITHOUT[part] for part in failed))
    return frozenset(wanted - set(failed))
