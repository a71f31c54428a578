"""MkDocs writes the pages on every core.

MkDocs reads and converts every page, then renders each with the theme, hands it to the
search plugin and writes it, one after another, in one process. Once every page has been
converted (the `on_env` event, the last before pages are written), the pages are cut into
runs of about equal size, in MkDocs's own order: this process keeps the first run and a
forked process takes each of the others. Each writes its run of pages exactly as MkDocs
would, and sends back the search entries it made and what it logged. Before the search
plugin writes its index, the entries are put together run after run, which is the order
one process would have made them in, and the messages are logged here, where MkDocs counts
warnings for strict mode. The site is the same, byte for byte.

It is on only for a full build (not `serve`, nor a dirty build) of a site with at least
PARALLEL_FROM pages, when fork is available, more than one core may be used (FOILOG_JOBS,
as for the generator), and the only plugins are Material's search plugin and foilog's hook,
whose per-page state it knows. Anything else keeps MkDocs's one-process build.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from dataclasses import dataclass, field

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import BuildError

from . import mkdocs_fast
from .pipeline import workers_wanted

log = logging.getLogger("mkdocs.plugins.foilog.parallel")

PARALLEL_FROM = 400
# The plugins whose state across pages is known: the search index (put together here) and
# foilog's hook (whose fast path keeps only counts, added up here).
KNOWN_PLUGINS = {"search", "material/search"}
KNOWN_HOOK_SUFFIX = "mkdocs_hook.py"


@dataclass
class _Run:
    process: multiprocessing.Process
    receive: object
    pages: list = field(default_factory=list)


_state: dict = {"active": False, "runs": [], "skip": set(), "search": None, "original": None, "nav": None,
               "last": []}


def _search_index(config):
    """Material's search index object, or None; False when some other search plugin is used."""
    for name in KNOWN_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None:
            index = getattr(plugin, "search_index", None)
            return index if isinstance(getattr(index, "entries", None), list) else False
    return None


def configure(config, command: str) -> bool:
    """Decide, for this build, whether pages will be written on several processes."""
    _state.update(active=False, runs=[], skip=set(), search=None, last=[])
    others = [name for name in config.plugins if name not in KNOWN_PLUGINS and not name.endswith(KNOWN_HOOK_SUFFIX)]
    if (command != "build" or "fork" not in multiprocessing.get_all_start_methods() or workers_wanted() < 2
            or others):
        return False
    _state["active"] = True
    return True


# What writing a page costs, in bytes of its source: a fixed part (the theme's templates),
# plus its size when the search plugin parses it, or a twentieth of it when the page is
# left out of search. Measured on foilog's pages.
PAGE_COST = 20_000
UNINDEXED_SHARE = 20


def _cost(page) -> int:
    try:
        size = os.path.getsize(page.file.abs_src_path)
    except (OSError, TypeError):
        size = 0
    search = page.meta.get("search") if isinstance(page.meta, dict) else None
    excluded = isinstance(search, dict) and bool(search.get("exclude"))
    return PAGE_COST + (size // UNINDEXED_SHARE if excluded else size)


def _split(pages: list, parts: int) -> list[list]:
    """`pages` cut into `parts` runs in order, of about equal cost."""
    sizes = [_cost(page) for page in pages]
    total, runs, run, done = sum(sizes) or 1, [], [], 0
    for page, size in zip(pages, sizes):
        run.append(page)
        done += size
        if len(runs) < parts - 1 and done >= total * (len(runs) + 1) / parts:
            runs.append(run)
            run = []
    runs.append(run)
    return runs + [[] for _ in range(parts - len(runs))]


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # what was said, not how
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _write_run(send, pages, config, doc_files, nav, env, index) -> None:
    """In a forked process: write `pages` as MkDocs would, then send back the search entries,
    the log records and the fast path's counts."""
    recorder = _Recorder()
    root = logging.getLogger()
    for logger in [root] + [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        if logger is root or not logger.propagate:
            logger.addHandler(recorder)  # a record is recorded once, where it stops going up
    try:
        before = len(index.entries) if index else 0
        counts = dict(mkdocs_fast._state["stats"])
        for page in pages:
            _state["original"](page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
        made = {k: v - counts.get(k, 0) for k, v in mkdocs_fast._state["stats"].items()}
        result = ("ok", index.entries[before:] if index else [], recorder.records, made)
    except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent
        result = ("error", f"{type(err).__name__}: {err}", recorder.records, {})
    send.send(result)
    send.close()


def _skip_or_build(page, config, doc_files, nav, env, dirty=False, excluded=False):
    if id(page) in _state["skip"]:
        return None
    return _state["original"](page, config, doc_files, nav, env, dirty, excluded=excluded)


def on_env(env, config, files) -> None:
    """Start the forked processes, each with its run of pages; this one keeps the first."""
    if not _state["active"]:
        return
    index = _search_index(config)
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    workers = min(workers_wanted(), max(1, len(pages) // (PARALLEL_FROM // 2)))
    if index is False or _state["nav"] is None or len(pages) < PARALLEL_FROM or workers < 2:
        return
    runs = _split(pages, workers)
    doc_files = files.documentation_pages()
    _state.update(search=index, original=mkdocs_build._build_page)
    context = multiprocessing.get_context("fork")
    gc.freeze()  # the forked processes read MkDocs's pages without copying them
    try:
        for run in runs[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_write_run, args=(send, run, config, doc_files, _state["nav"], env, index),
                                      daemon=True)
            process.start()
            send.close()
            _state["runs"].append(_Run(process, receive, run))
            _state["skip"].update(id(page) for page in run)
    finally:
        gc.unfreeze()
    mkdocs_build._build_page = _skip_or_build
    _state["last"] = [len(run) for run in runs]
    log.debug("foilog: pages written by %d processes: %s pages each", len(runs), ", ".join(map(str, _state["last"])))


def on_nav(nav) -> None:
    """Keep the site navigation MkDocs made for this run: the pages are written with it."""
    _state["nav"] = nav


def finish() -> None:
    """Wait for every forked process; put the search entries in order, log what they logged
    and add up the fast path's counts. Raise if any of them failed."""
    runs, _state["runs"] = _state["runs"], []
    if _state["original"] is not None:
        mkdocs_build._build_page = _state["original"]
    if not runs:
        return
    index = _state["search"]
    failures = []
    for run in runs:
        try:
            status, value, records, counts = run.receive.recv()
        except EOFError:
            status, value, records, counts = "error", f"exit code {run.process.exitcode}", [], {}
        run.process.join()
        for record in records:
            logging.getLogger(record.name).handle(record)
        for key, n in counts.items():
            mkdocs_fast._state["stats"][key] = mkdocs_fast._state["stats"].get(key, 0) + n
        if status != "ok":
            failures.append(value)
        elif index:
            index.entries.extend(value)
    _state["skip"] = set()
    if failures:
        raise BuildError("foilog: writing pages in another process failed: " + "; ".join(failures))


def abandon() -> None:
    """After a failed build: stop the forked processes (they only write into the site folder
    being built, which the failed build does not publish)."""
    runs, _state["runs"] = _state["runs"], []
    if _state["original"] is not None:
        mkdocs_build._build_page = _state["original"]
    for run in runs:
        if run.process.is_alive():
            run.process.kill()
        run.process.join()
    _state["skip"] = set()
