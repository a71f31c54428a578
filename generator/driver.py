"""The build, stage by stage: content -> load and check -> analyse -> render and write the
docs folder -> the engine builds into a staging folder -> the nothing-lost check -> swap
into site/."""

from __future__ import annotations

import os
from pathlib import Path

from generator.load.settings import CONFIG_NAME, read_config
from generator.write.site import discard, staging_dir_for, swap_into_place


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


def build_site(repo: Path, site_dir: Path | None = None) -> Path:
    """Build the whole site with MkDocs into a new folder, then swap it into place, so a
    failed build at any stage leaves the previous site as it was."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = (site_dir or repo / "site").resolve()
    staging = staging_dir_for(site_dir)
    try:
        config = load_config(str(repo / "mkdocs.yml"), strict=True, site_dir=str(staging))
        build(config)
        swap_into_place(staging, site_dir)
    finally:
        if staging.exists():
            discard(staging)
    return site_dir
