"""MkDocs hook: run the generator before every build, and watch content/ when serving.

`mkdocs build` and `mkdocs serve` in the project folder therefore just work. The pages
are written to disk as well, so other engines that read mkdocs.yml (Zensical) can build
the same tree after `foilog generate`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort

from generator.build import generate_incremental, settings_from
from generator.fidelity import check_pages
from generator.problems import ContentError

log = logging.getLogger("mkdocs.plugins.foilog")

# What the last on_pre_build loaded, for the nothing-lost check after the build.
_state: dict = {"command": "build"}


def on_startup(command, dirty=False, **kwargs) -> None:
    _state["command"] = command


def _repo(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config, **kwargs) -> None:
    repo = _repo(config)
    try:
        settings = settings_from({"extra": dict(config.extra), "site_name": config.site_name,
                                  "site_url": config.site_url})
        generated = generate_incremental(repo, Path(config.docs_dir), settings)
        _state.update(expectations=generated.expectations, settings=settings)
    except ContentError as err:
        # Raised before MkDocs touches the site folder: the published site stays as it was.
        raise Abort("foilog: content has problems; nothing was built.\n" + err.report()) from None
    except ValueError as err:
        raise Abort(f"foilog: {err}") from None
    for warning in generated.warnings:
        log.info("%s", warning)


def on_post_build(config, **kwargs) -> None:
    """Fail the build when anything in content/ is not on its built page."""
    expected = _state.get("expectations")
    if expected is None:
        return
    missing = check_pages(Path(config.site_dir), expected)
    if not missing:
        return
    report = "\n".join(str(m) for m in missing)
    if _state["command"] == "serve":
        log.error("foilog: content missing from the built pages:\n%s", report)
        return
    raise Abort("foilog: the built site does not show everything in content/; nothing was published.\n" + report)


def on_serve(server, config, builder, **kwargs):
    server.watch(str(_repo(config) / "content"))
    return server
