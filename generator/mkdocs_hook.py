"""MkDocs hook: run the generator before every build, and watch content/ when serving.

`mkdocs build` and `mkdocs serve` in the project folder therefore just work. The pages
are written to disk as well, so other engines that read mkdocs.yml (Zensical) can build
the same tree after `foilog generate`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort

from generator.build import generate, settings_from
from generator.problems import ContentError

log = logging.getLogger("mkdocs.plugins.foilog")


def _repo(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config, **kwargs) -> None:
    repo = _repo(config)
    try:
        settings = settings_from({"extra": dict(config.extra), "site_name": config.site_name,
                                  "site_url": config.site_url})
        catalogue, _ = generate(repo, Path(config.docs_dir), settings)
    except ContentError as err:
        # Raised before MkDocs touches the site folder: the published site stays as it was.
        raise Abort("foilog: content has problems; nothing was built.\n" + err.report()) from None
    except ValueError as err:
        raise Abort(f"foilog: {err}") from None
    for warning in catalogue.warnings:
        log.info("%s", warning)


def on_serve(server, config, builder, **kwargs):
    server.watch(str(_repo(config) / "content"))
    return server
