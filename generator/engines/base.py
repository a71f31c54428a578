"""What foilog asks of an engine: build the generated docs folder into a given folder, and
say what it warned about; and of a search indexer: index the site an engine built. The
driver (generator/driver.py) does everything around them: generating the docs folder
before, the nothing-lost check and the swap into site/ after.

Each engine is an adapter in generator/engines/ that imports its engine only when it is
used, so that choosing one never needs the other installed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from generator.common.problems import BuildFailed  # noqa: F401 (what every engine raises)

DEFAULT = "mkdocs"

# Each engine's adapter: the module and the class in it.
ADAPTERS = {
    "mkdocs": ("generator.engines.mkdocs.adapter", "MkDocsEngine"),
    "zensical": ("generator.engines.zensical", "ZensicalEngine"),
}
NAMES = tuple(ADAPTERS)


@dataclass
class EngineReport:
    """What an engine said while building: how many warnings (errors count too), and
    their messages."""

    engine: str
    warnings: int = 0
    messages: list[str] = field(default_factory=list)


class EngineFailed(BuildFailed):
    """The engine stopped with an error, or warned in a strict build."""

    def __init__(self, message: str, report: EngineReport | None = None):
        super().__init__(message)
        self.report = report


class EngineMissing(BuildFailed):
    """The engine asked for is not installed; the message says how to install it."""


class Engine(Protocol):
    name: str

    def check_installed(self) -> None:
        """Raise EngineMissing when the engine cannot run here."""

    def build(self, repo: Path, docs_dir: Path, out_dir: Path, *, strict: bool = True) -> EngineReport:
        """Build the site from `docs_dir` into the empty folder `out_dir`, with the
        project's settings (repo/mkdocs.yml). Raise EngineFailed when the engine fails, or
        in a strict build when it warned."""


class Indexer(Protocol):
    """What foilog asks of a search indexer: index the site an engine built, into it."""

    name: str

    def check_installed(self) -> None:
        """Raise BuildFailed (with how to install it) when the indexer cannot run here."""

    def index(self, site: Path) -> object:
        """Index the built site in `site`, writing the index into it; raise BuildFailed
        when it cannot. Returns what it indexed, for the log."""


def engine_named(name: str) -> Engine:
    """The adapter of the engine called `name` (one of NAMES)."""
    try:
        module, cls = ADAPTERS[name]
    except KeyError:
        raise ValueError(f"there is no engine called {name!r}; choose one of {', '.join(NAMES)}") from None
    return getattr(importlib.import_module(module), cls)()
