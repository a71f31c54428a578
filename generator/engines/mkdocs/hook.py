"""MkDocs hook: foilog's parts inside an MkDocs build, and under a plain `mkdocs build` or
`mkdocs serve` the driver's steps around it.

Under `foilog build` the driver (generator/driver.py) has generated the docs folder and will
do the nothing-lost check and the swap into site/; the MkDocs adapter marks the
configuration it loads (adapter.DRIVEN), and this hook then only does what belongs inside
MkDocs's build: the pages' raw HTML blocks around Python-Markdown
(generator/engines/mkdocs/fast.py; FOILOG_MKDOCS_FAST=0 turns that off) and the pages
written on several processes (parallel.py).

Without that mark, `mkdocs build` and `mkdocs serve` in the project folder just work: the
docs folder is generated before every build (generate.incremental.generate_docs), and content/ is watched
when serving; after it, the search index is made (engines/pagefind.py). A plain
`mkdocs build` is made atomic here too: MkDocs is pointed at a new folder beside site_dir,
and that folder replaces site_dir only once the whole build, including the search index,
the nothing-lost check (verify.fidelity.check_nothing_lost) and MkDocs's strict-mode
warning count, has succeeded. A build that fails at any stage leaves the previous site
exactly as it was. While serving, a failed generation shows the last good pages with the
problems on each (serve_errors.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from generator.common.problems import BuildFailed, ContentError
from generator.engines.mkdocs import fast as mkdocs_fast, internals, parallel as mkdocs_parallel, serve_errors
from generator.engines.compact import compact_html
from generator.engines.mkdocs.adapter import DRIVEN
from generator.engines.pagefind import PagefindIndexer
from generator.generate.incremental import generate_docs
from generator.load.settings import settings_from
from generator.verify.fidelity import NothingLost, check_nothing_lost
from generator.write.site import STAGING_PREFIX, discard, staging_dir_for, swap_into_place

log = logging.getLogger("mkdocs.plugins.foilog")

# The fast path's page events, registered by MkDocs as this hook's own (with their priorities).
on_page_markdown = mkdocs_fast.on_page_markdown
on_page_content = mkdocs_fast.on_page_content
on_page_context = mkdocs_fast.on_page_context

# The command MkDocs's CLI runs, whether the driver runs this build, what the last
# on_pre_build generated for the nothing-lost check after the build, and where a staged
# build goes when it succeeds.
_state: dict = {"command": "build"}


def on_startup(command, dirty=False, **kwargs) -> None:
    _state["command"] = command
    _state["dirty"] = dirty
    _state["cli"] = True


def on_config(config, **kwargs):
    """Check the internals the speed-ups rely on, once; under `mkdocs build`, build into a
    staging folder beside site_dir."""
    driven = bool(config.get(DRIVEN))
    command = "build" if driven else _state["command"]
    dirty = not driven and _state.get("dirty", False)
    _state.update(driven=driven)
    wanted = set(mkdocs_fast.PARTS if mkdocs_fast.requested() else ())
    if command == "build" and not dirty:
        wanted.add(internals.PARALLEL)
    usable = internals.check(wanted)
    mkdocs_fast.configure(config, usable)
    mkdocs_parallel.configure(config, command, dirty, usable)
    if driven or not _state.get("cli") or command != "build":
        return config  # the driver stages itself; serve and gh-deploy use site_dir as given
    final = Path(config.site_dir).resolve()
    if final.name.startswith(STAGING_PREFIX):
        return config
    staging = staging_dir_for(final)
    _state.update(final=final, staging=staging, failed=False, built=False)
    config.site_dir = str(staging)
    return config


def _repo(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config, **kwargs) -> None:
    if _state["driven"]:
        _state.pop("expectations", None)
        return  # the driver generated the docs folder, and will check the site
    repo = _repo(config)
    try:
        settings = settings_from({"extra": dict(config.extra), "site_name": config.site_name,
                                  "site_url": config.site_url}, Path(config.config_file_path))
        generated = generate_docs(repo, Path(config.docs_dir), settings)
        _state.update(expectations=generated.expectations, settings=settings)
    except (ContentError, ValueError) as err:
        report = err.report() if isinstance(err, ContentError) else str(err)
        if _state["command"] == "serve":
            # The generator wrote nothing: the docs folder holds the last good pages, which
            # are built and shown with the problems on each, until the file is fixed.
            _state["serve_error"] = report
            serve_errors.log.error("foilog: content has problems; showing the last good pages until they are fixed.\n%s",
                                   report)
            return
        # Raised before MkDocs touches the site folder: the published site stays as it was.
        if isinstance(err, ContentError):
            raise Abort("foilog: content has problems; nothing was built.\n" + report) from None
        raise Abort(f"foilog: {report}") from None
    _state.pop("serve_error", None)


@event_priority(-100)  # last: the navigation as every other plugin left it
def on_nav(nav, config, files, **kwargs):
    mkdocs_parallel.start(nav, config, files)
    return nav


@event_priority(100)  # first: every page written before the search index and the check
def on_post_build(config, **kwargs) -> None:
    """Index the site for search; fail the build when anything in content/ is not on its
    built page."""
    mkdocs_parallel.finish()
    mkdocs_fast.on_post_build(config)
    expected = _state.get("expectations")
    if expected is None:
        return
    try:
        PagefindIndexer().index(Path(config.site_dir))
    except BuildFailed as err:
        raise Abort(str(err)) from None
    try:
        check_nothing_lost(Path(config.site_dir), expected)
    except NothingLost as err:
        if _state["command"] == "serve":
            log.error("foilog: content missing from the built pages:\n%s", "\n".join(str(m) for m in err.missing))
            return
        raise Abort(str(err)) from None
    _state["built"] = True


@event_priority(-100)  # as the fast path's, which it calls
def on_post_page(output, page, config, **kwargs):
    output = compact_html(mkdocs_fast.on_post_page(output, page=page, config=config, **kwargs))
    report = _state.get("serve_error")
    return output if report is None else serve_errors.with_notice(output, report)


def on_post_template(output_content, template_name, config, **kwargs):
    """The theme's own pages (404.html) without its white space too."""
    return compact_html(output_content) if template_name.endswith(".html") else output_content


def on_build_error(error, **kwargs) -> None:
    _state["failed"] = True
    mkdocs_parallel.abandon()


def on_shutdown(**kwargs) -> None:
    """Swap a staged build into site_dir if it succeeded; otherwise throw it away."""
    staging, final = _state.pop("staging", None), _state.get("final")
    if staging is None:
        return
    if _state.get("failed") or not _state.get("built"):
        discard(staging)
        if final is not None and final.exists():
            log.error("foilog: the build failed; %s was left as it was.", final)
        return
    swap_into_place(staging, final)


def on_serve(server, config, builder, **kwargs):
    server.watch(str(_repo(config) / "content"))
    server.builder = serve_errors.keep_serving(server.builder)
    return server
