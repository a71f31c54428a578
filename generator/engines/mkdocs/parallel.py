"""MkDocs converts and writes the pages on every core.

MkDocs reads and converts every page, then renders each with the theme and writes it, one
page after another, in one process. Here, once MkDocs has
made the navigation (the `on_nav` event, before any page is read), the pages are cut into
runs of about equal cost, in MkDocs's own order: this process keeps the first run, and a
forked process takes each of the others. Each process converts its run (and the pages of
the navigation, which every page's menu shows) and writes its run exactly as MkDocs would,
and the forked ones send back what they logged, and each page's anchors and links to
anchors. When this process has written its own run, it waits for the others: the anchors
are given to MkDocs, which then checks the links to anchors of every page as usual; the messages are logged here, where MkDocs counts
warnings for strict mode. The site is the same, byte for byte.

It is on only for a full build (not `serve`, nor a dirty build) of a site with at least
PARALLEL_FROM pages, when fork is available, more than one core may be used (FOILOG_JOBS,
as for the generator), and there are no plugins but foilog's hooks, whose per-page state
it knows (the search index is made after the engine, by generator/engines/pagefind.py).
Anything else keeps MkDocs's one-process build.

This module is both a part of foilog's hook (generator/engines/mkdocs/hook.py) and a hook of its
own: `hooks: [generator/engines/mkdocs/parallel.py]` in any MkDocs config.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import NamedTuple

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import BuildError
from mkdocs.plugins import event_priority

from generator.engines.mkdocs import fast as mkdocs_fast, internals
from generator.common.chunks import cut
from generator.common.processes import PARALLEL_FROM, Channel, Worker, can_fork, workers_wanted

log = logging.getLogger("mkdocs.plugins.foilog.parallel")

# The plugins whose state across pages is known: foilog's hooks (whose fast path keeps only
# counts, added up here). Any other plugin keeps MkDocs's one-process build.
KNOWN_HOOKS = ("mkdocs/hook.py", "mkdocs/fast.py", "mkdocs/parallel.py")

# What converting and writing a page costs, in bytes of its source: a fixed part (the
# theme's templates, Markdown's set-up), plus its size. Measured on foilog's pages.
PAGE_COST = 20_000


class _Run(NamedTuple):
    """A forked process and the pages it converts and writes."""

    worker: Worker
    pages: list


class _Anchors(NamedTuple):
    """A page's anchors and its links to anchors (by the source path of the page linked to)."""

    src_uri: str
    present: object
    links: dict | None


class _Written(NamedTuple):
    """What a forked process sends back once its run is written: each page's anchors and the
    fast path's counts."""

    anchors: list[_Anchors]
    counts: dict

    # Sent as builtins: loaded as a hook of its own, this module is named by its path, and
    # pickle could not import it to find these classes again.
    def plain(self) -> dict:
        return {**self._asdict(), "anchors": [anchors._asdict() for anchors in self.anchors]}

    @classmethod
    def from_plain(cls, value: dict) -> _Written:
        return cls(**{**value, "anchors": [_Anchors(**anchors) for anchors in value["anchors"]]})


_state: dict = {"active": False, "runs": [], "mine": set(), "files": None, "nav_pages": [],
                "nav_ids": set(), "populate": None, "build": None, "last": []}


def configure(config, command: str, dirty: bool = False, usable: frozenset | None = None) -> bool:
    """Decide, for this build, whether pages will be converted and written on several processes.
    `usable`: the parts whose internals hold (internals.check), checked here when not given."""
    _state.update(active=False, runs=[], mine=set(), nav_pages=[], last=[])
    others = [name for name in config.plugins if not name.endswith(KNOWN_HOOKS)]
    if (command != "build" or dirty or not can_fork()
            or workers_wanted() < 2 or others):
        return False
    if internals.PARALLEL not in (internals.check((internals.PARALLEL,)) if usable is None else usable):
        return False
    _state["active"] = True
    return True


def _cost(page) -> int:
    try:
        return PAGE_COST + os.stat(page.file.abs_src_path).st_size
    except (OSError, TypeError):
        return PAGE_COST


class _Recorder(logging.Handler):
    """Keeps what a forked process logs, to be logged by the parent."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.keep = True

    def emit(self, record: logging.LogRecord) -> None:
        if self.keep:
            record.msg, record.args = record.getMessage(), None  # what was said, not how
            record.exc_info = record.exc_text = None
            self.records.append(record)


def _record_logs() -> _Recorder:
    recorder = _Recorder()
    root = logging.getLogger()
    for logger in [root] + [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        if logger is root or not logger.propagate:
            logger.addHandler(recorder)  # a record is recorded once, where it stops going up
    return recorder


def _anchors(page) -> _Anchors:
    links = page.links_to_anchors
    return _Anchors(page.file.src_uri, page.present_anchor_ids,
                    None if links is None else {to.src_uri: dict(found) for to, found in links.items()})


def _convert_and_write(channel: Channel, run, config, files, nav) -> None:
    """In a forked process: convert and write `run` as MkDocs would, converting the pages of
    the navigation too (every page's menu shows them); then send back the log records
    ("records"), and each page's anchors and the fast path's counts ("written"). The records go first, and also when it fails (the error, which the worker
    sends after them, carries nothing else), so that MkDocs's warnings count in strict mode."""
    recorder = _record_logs()
    try:
        stats = mkdocs_fast._state["stats"]
        counts = dict(stats)
        for page in run:
            _state["populate"](page, config, files)
        mine = {id(page) for page in run}
        saved, recorder.keep = dict(stats), False
        for page in _state["nav_pages"]:
            if id(page) not in mine:
                _state["populate"](page, config, files)
        stats.clear()
        stats.update(saved)
        recorder.keep = True
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages()
        for page in run:
            _state["build"](page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
        made = {key: n - counts.get(key, 0) for key, n in stats.items()}
        written = _Written([_anchors(page) for page in run], made)
    finally:
        channel.send("records", recorder.records)
    channel.send("written", written.plain())


def _populate_mine(page, config, files, dirty=False):
    try:
        if id(page) in _state["mine"] or id(page) in _state["nav_ids"]:
            return _state["populate"](page, config, files, dirty)
        return None
    except BaseException:
        abandon()  # stopped (Ctrl-C) too, which MkDocs does not report: see _build_mine
        raise


def _build_mine(page, config, doc_files, nav, env, dirty=False, excluded=False):
    try:
        result = None
        if id(page) in _state["mine"]:
            result = _state["build"](page, config, doc_files, nav, env, dirty, excluded=excluded)
        if doc_files and page is doc_files[-1].page:
            finish()  # the last page: MkDocs checks every page's links to anchors next
        return result
    except BaseException:
        # Stopped (Ctrl-C) too, which MkDocs does not report: the workers end before the
        # folder they write into is thrown away, so that they cannot make it again.
        abandon()
        raise


def start(nav, config, files) -> None:
    """Start the forked processes, each with its run of pages; this one keeps the first."""
    if not _state["active"] or _state["runs"]:
        return
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    workers = min(workers_wanted(), max(1, len(pages) // (PARALLEL_FROM // 2)))
    if len(pages) < PARALLEL_FROM or workers < 2:
        return
    runs = cut(pages, [1] * workers, cost=_cost)
    nav_pages = list(nav.pages)
    _state.update(files=files, nav_pages=nav_pages, nav_ids={id(page) for page in nav_pages},
                  populate=mkdocs_build._populate_page, build=mkdocs_build._build_page,
                  mine={id(page) for page in runs[0]})
    gc.freeze()  # the forked processes read MkDocs's objects without copying them
    try:
        for run in runs[1:]:
            _state["runs"].append(_Run(Worker(_convert_and_write, run, config, files, nav), run))
    finally:
        gc.unfreeze()
    mkdocs_build._populate_page, mkdocs_build._build_page = _populate_mine, _build_mine
    _state["last"] = [[page.file.src_uri for page in run] for run in runs]
    log.debug("foilog: pages converted and written by %d processes: %s pages each", len(runs),
              ", ".join(str(len(run)) for run in runs))


def _restore() -> None:
    if _state["populate"] is not None:
        mkdocs_build._populate_page, mkdocs_build._build_page = _state["populate"], _state["build"]
        _state.update(populate=None, build=None)


def finish() -> None:
    """Wait for every forked process; give MkDocs the anchors of their pages, log what they logged and add up the fast path's counts. Raise
    if any of them failed. Nothing to do when no page was shared out (or it is done)."""
    runs, _state["runs"] = _state["runs"], []
    _restore()
    if not runs:
        return
    stats = mkdocs_fast._state["stats"]
    failures = []
    try:
        for i, run in enumerate(runs):
            try:
                for record in run.worker.receive("records"):
                    logging.getLogger(record.name).handle(record)
                written = _Written.from_plain(run.worker.receive("written"))
            except Exception as err:  # the worker's error, or its end
                failures.append(f"{type(err).__name__}: {err}")
                run.worker.join()
                continue
            run.worker.join()
            for key, n in written.counts.items():
                stats[key] = stats.get(key, 0) + n
            by_uri = {page.file.src_uri: page for page in run.pages}
            for anchors in written.anchors:
                page = by_uri[anchors.src_uri]
                page.present_anchor_ids = anchors.present
                if anchors.links is not None:
                    page.links_to_anchors = {_state["files"].get_file_from_path(to): found
                                             for to, found in anchors.links.items()}
    except BaseException:  # stopped (Ctrl-C), or failed here: the workers not yet heard from are ended
        for run in runs[i:]:
            run.worker.end()
        raise
    if failures:
        raise BuildError("foilog: writing pages in another process failed: " + "; ".join(failures))


def abandon() -> None:
    """After a failed build: stop the forked processes (they only write into the site folder
    being built, which the failed build does not publish)."""
    runs, _state["runs"] = _state["runs"], []
    _restore()
    for run in runs:
        run.worker.end()


# --- as a hook of its own: `hooks: [generator/engines/mkdocs/parallel.py]` (foilog's hook calls the
# functions above itself)

def on_startup(command, dirty=False, **kwargs) -> None:
    _state.update(command=command, dirty=dirty)


def on_config(config, **kwargs):
    configure(config, _state.get("command", "build"), _state.get("dirty", False))
    return config


@event_priority(-100)  # last: the navigation as every other plugin left it
def on_nav(nav, config, files, **kwargs):
    start(nav, config, files)
    return nav


@event_priority(100)  # first: every page written before anything reads them
def on_post_build(config, **kwargs) -> None:
    finish()


def on_build_error(error, **kwargs) -> None:
    abandon()
