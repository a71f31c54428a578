"""The build, stage by stage: read the settings and check the project folder -> generate
the docs folder (load and check, analyse, render and write) -> the engine builds it into a
staging folder -> the search index (Pagefind, the same whatever the engine) -> the
nothing-lost check -> swap the staging folder into site/. A failure at any stage leaves site/ exactly as it was
and no staging folder behind.

`build` runs the stages; foilog's MkDocs hook runs the same steps (`generate_docs`, the
indexer, `check_nothing_lost`, the swap) under a plain `mkdocs build` or `mkdocs serve`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from generator.engines.base import DEFAULT, EngineReport, Indexer, engine_named
from generator.engines.pagefind import PagefindIndexer
from generator.generate.incremental import generate_docs
from generator.load.settings import CONFIG_NAME, check_content_folder, read_config, settings_from
from generator.write.site import discard, staging_dir_for, swap_into_place

log = logging.getLogger("foilog")


@dataclass
class Built:
    """What a build left: the site's folder and what its engine said."""

    site_dir: Path
    engine: EngineReport


class _Stopwatch:
    """Seconds each stage took, into `timings` (when given) under the stage's name."""

    def __init__(self, timings: dict | None):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[f"{stage}_s"] = now - self.last
        self.last = now


def find_repo(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml, from the working directory upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise FileNotFoundError("no mkdocs.yml here or in any folder above; run foilog from the project folder")


def read_mkdocs_config(repo: Path) -> dict:
    """mkdocs.yml as plain data; SettingsError, at its line and column, if it is not YAML."""
    return read_config(repo / CONFIG_NAME)


def docs_dir_of(repo: Path, config: dict) -> Path:
    return repo / config.get("docs_dir", "docs")


def build(repo: Path, site_dir: Path | None = None, engine: str = DEFAULT, indexer: Indexer | None = None,
          timings: dict | None = None) -> Built:
    """Build the whole site with `engine` into a staging folder, then swap it into place."""
    # Imported here: `foilog generate` with nothing changed needs none of the loader's modules.
    from generator.verify.fidelity import check_nothing_lost

    # Settings and the project folder: SettingsError or ContentError before anything is written.
    config = read_mkdocs_config(repo)
    settings = settings_from(config, repo / CONFIG_NAME)
    check_content_folder(repo)
    adapter = engine_named(engine)
    adapter.check_installed()
    indexer = indexer or PagefindIndexer()
    indexer.check_installed()
    site_dir = (site_dir or repo / "site").resolve()

    # The docs folder, in a process of its own: ContentError here leaves site/ untouched.
    docs_dir = docs_dir_of(repo, config)
    generated = generate_docs(repo, docs_dir, settings, timings)

    staging = staging_dir_for(site_dir)
    clock = _Stopwatch(timings)
    try:
        # The engine builds the docs folder into the staging folder.
        report = adapter.build(repo, docs_dir, staging)
        clock.lap("engine")
        # The search index, read from the pages the engine wrote, into the staging folder.
        indexed = indexer.index(staging)
        clock.lap("index")
        # The nothing-lost check reads every response page the engine wrote.
        check_nothing_lost(staging, generated.expectations)
        clock.lap("check")
        swap_into_place(staging, site_dir)
        clock.lap("swap")
        if timings is not None:
            timings["indexed"] = getattr(indexed, "pages", None)
            timings["index_parts"] = getattr(indexed, "shards", None)
    finally:
        if staging.exists():
            discard(staging)
    return Built(site_dir, report)


def build_site(repo: Path, site_dir: Path | None = None, engine: str = DEFAULT) -> Path:
    """`build`, giving the folder the site was built into."""
    return build(repo, site_dir, engine).site_dir
