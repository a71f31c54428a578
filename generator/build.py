"""The pipeline: content -> load and check -> render -> write -> MkDocs -> site/."""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
from dataclasses import dataclass
from functools import partial
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .cache import (State, forget_state, inputs_digest, load_expectations, load_state, output_stats, stats_of,
                    replaced_template_functions, save_state)
from .problems import Problem
from .pipeline import (DOWNLOAD_ROWS_PER_TASK, PAGE_COST_PER_TASK, PARALLEL_FROM, Staged, call_apart, can_fork,
                       collector_paused, stage_text, workers_wanted, write_all)
# settings_from and SettingsError are imported from here by the command line and the hook.
from .settings import CONFIG_NAME, Settings, SettingsError, check_content_folder, read_config, settings_from  # noqa: F401
from .staging import STAGING_PREFIX, discard, staging_dir_for, swap_into_place  # noqa: F401 (the hook's)
from .write import WriteReport

# A run with nothing changed imports only the modules above: the loader, the models, the
# renderer and the downloads are imported where a generation needs them.
if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .fidelity import Expectation
    from .render import Plan

log = logging.getLogger("foilog")


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


def build_date() -> dt.date:
    """The day the site is built for: SOURCE_DATE_EPOCH when set (for reproducible
    builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


class _Clock:
    """Wall and CPU seconds of each stage of `generate`, for the benchmark."""

    def __init__(self, timings: dict | None):
        self.timings = timings
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, stage: str) -> None:
        if self.timings is None:
            return
        wall, cpu = time.perf_counter(), time.process_time()
        self.timings[stage] = {"wall": wall - self.wall, "cpu": cpu - self.cpu}
        self.wall, self.cpu = wall, cpu


def _page_task(docs_dir: Path, plan: Plan, jobs: list[tuple]) -> Staged:
    from .render import render_page

    staged = []
    for job in jobs:
        rel, text = render_page(plan, job)
        staged.append((rel, stage_text(docs_dir, rel, text)))
    return staged


def _runs(jobs: list[tuple], cost: Callable[[tuple], int], budget: int) -> list[list[tuple]]:
    """The jobs cut, in order, into runs costing about `budget` each."""
    runs: list[list[tuple]] = [[]]
    spent = 0
    for job in jobs:
        if spent >= budget:
            runs.append([])
            spent = 0
        runs[-1].append(job)
        spent += cost(job)
    return [run for run in runs if run]


def _feed_task(docs_dir: Path, catalogue: Catalogue, settings: Settings, dates) -> Staged:
    from .feed import FEED_PATH, render_feed

    text = render_feed(catalogue, settings.site_url, settings.site_name, dates)
    return [(FEED_PATH, stage_text(docs_dir, FEED_PATH, text))]


def _downloads_task(docs_dir: Path, catalogue: Catalogue, settings: Settings, set_ids: list[str]):
    """The downloads of a run of question sets (see exports.stage_set_files)."""
    from .exports import stage_set_files

    return stage_set_files(docs_dir, catalogue, set_ids, publish_personal_contacts=settings.publish_personal_contacts)


class _Expected(bytes):
    """A task's share of what the nothing-lost check must find (fidelity.expectations),
    pickled: this process only writes it into the cache, where the check reads it."""


# Responses whose expectations one task works out.
EXPECTATIONS_PER_TASK = 2500


def _expectations_task(catalogue: Catalogue, settings: Settings, start: int, stop: int) -> _Expected:
    from .fidelity import expectations_for

    part = expectations_for(catalogue.entries[start:stop], settings.publish_personal_contacts)
    return _Expected(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))


def _whole_downloads(docs_dir: Path, catalogue: Catalogue, settings: Settings, shares: list) -> Staged:
    """The whole-log downloads and the Data Package, put together from what the download
    tasks made (exports.stage_whole_files) as soon as they are all done."""
    from . import exports

    return exports.stage_whole_files(docs_dir, catalogue, shares,
                                     publish_personal_contacts=settings.publish_personal_contacts)


def _finish(expected: list | None, results: list) -> list[Staged]:
    """Once every task is done, what each staged, the whole-log downloads (the last result)
    included; the expectations, in order, go to `expected`."""
    from .exports import SetsStaged

    *results, whole = results
    if expected is not None:
        expected.extend(r for r in results if isinstance(r, _Expected))
    return [r.staged if isinstance(r, SetsStaged) else r for r in results if not isinstance(r, _Expected)] + [whole]


def generate(repo: Path, docs_dir: Path, settings: Settings,
             timings: dict | None = None, expected: list | None = None) -> tuple[Catalogue, WriteReport]:
    """Check all content and write the Markdown pages and downloads; raises ContentError
    and writes nothing if any file has a problem. Pages are rendered on every core the
    process may use: a big log is cut by question set, each process reading and rendering
    its own sets (see split.py), otherwise the pages are shared out once everything is
    read (see pipeline.py). Only files whose text changed are written, and nothing is, if
    anything fails. The catalogue returned is for the build's summary (its entries and
    warnings): when the log was cut, the responses other processes read hold only the
    answers the pages showing every set use (split.for_shared_pages). `timings`, when
    given, receives the wall and CPU seconds of each stage (CPU of this process only). `expected`, when given, receives
    what the nothing-lost check must find (fidelity.expectations), worked out meanwhile,
    as pickled lists in order (see cache.save_state)."""
    from .catalogue import load_catalogue, read_known
    from .exports import set_runs
    from .history import entry_dates
    from .render import page_cost, page_jobs, plan_site
    from .split import cut_by_set, generate_split

    with collector_paused():  # this process's cycle collector (workers keep theirs)
        clock = _Clock(timings)
        today = build_date()
        known = read_known(repo, today=today, publish_personal_contacts=settings.publish_personal_contacts)
        parts = workers_wanted() if len(known.response_files) >= PARALLEL_FROM and can_fork() else 1
        runs = cut_by_set(known, parts) if parts > 1 else None
        if runs is not None:
            catalogue, report = generate_split(docs_dir, known, runs, settings, clock, expected,
                                               partial(entry_dates, repo), DOWNLOAD_ROWS_PER_TASK)
            clock.lap(f"render and write ({len(runs)} processes, by question set)")
            _log_report(report)
            return catalogue, report
        catalogue = load_catalogue(repo, today=today, known=known)
        clock.lap("load")
        plan = plan_site(catalogue, settings, today)
        jobs = page_jobs(plan)
        dates = entry_dates(repo, catalogue.entries)
        workers = workers_wanted() if len(jobs) >= PARALLEL_FROM else 1
        # The downloads of each run of question sets are a task; they come first, and the
        # whole-log files are put together from theirs while the pages are still rendering.
        tasks: list[tuple[Callable, tuple]] = [
            (_downloads_task, (docs_dir, catalogue, settings, run)) for run in set_runs(catalogue, DOWNLOAD_ROWS_PER_TASK)]
        whole = (len(tasks), partial(_whole_downloads, docs_dir, catalogue, settings))
        tasks.append((_feed_task, (docs_dir, catalogue, settings, dates)))
        if expected is not None:
            n = len(catalogue.entries)
            tasks += [(_expectations_task, (catalogue, settings, i, min(n, i + EXPECTATIONS_PER_TASK)))
                      for i in range(0, n, EXPECTATIONS_PER_TASK)]
        tasks += [(_page_task, (docs_dir, plan, run))
                  for run in _runs(jobs, partial(page_cost, plan), PAGE_COST_PER_TASK)]
        clock.lap("plan")
        report = write_all(docs_dir, tasks, workers, finish=partial(_finish, expected), then=whole)
        clock.lap(f"render and write ({workers} process{'es' if workers > 1 else ''})")
        _log_report(report)
    return catalogue, report


def _log_report(report: WriteReport) -> None:
    log.info("foilog: %d pages and downloads (%d written, %d removed, %d unchanged)",
             len(report.written) + report.unchanged, len(report.written), len(report.removed), report.unchanged)


@dataclass
class Generated:
    """What a generation left for the build: the catalogue (None when nothing had changed
    and the last generation's pages stand), the writer's report, the warnings, and what
    the nothing-lost check must find on each response page."""

    catalogue: Catalogue | None
    report: WriteReport
    warnings: list[Problem]
    _expectations: list[Expectation] | Callable[[], list[Expectation]]
    entries: int
    unchanged: bool = False

    @property
    def expectations(self) -> list[Expectation]:
        """What the nothing-lost check must find; when nothing had changed, read from the
        cache when first asked for, since only the check needs them."""
        if callable(self._expectations):
            self._expectations = self._expectations()
        return self._expectations


@dataclass(frozen=True)
class _Recorded:
    """The expectations the last generation kept in its cache, read when called; made
    again from content/ if the file was damaged since, and then the state is forgotten, so
    the next run generates in full. A value, not a closure, so that a Generated can be
    sent from a process to another."""

    repo: Path
    docs_dir: Path
    settings: Settings
    today: dt.date

    def __call__(self) -> list[Expectation]:
        found = load_expectations(self.docs_dir)
        if found is None:
            from .catalogue import load_catalogue
            from .fidelity import expectations

            forget_state(self.docs_dir)
            publish = self.settings.publish_personal_contacts
            found = expectations(load_catalogue(self.repo, today=self.today, publish_personal_contacts=publish), publish)
        return found


def generate_incremental(repo: Path, docs_dir: Path, settings: Settings,
                         timings: dict | None = None, content_dir: str = "content") -> Generated:
    """`generate`, unless nothing it reads has changed since the last successful run and
    the docs folder is exactly as that run left it: then nothing is read or written."""
    check_content_folder(repo, content_dir)
    clock = _Clock(timings)
    today = build_date()
    inputs = inputs_digest(repo, content_dir, settings, today, replaced_template_functions())
    state = load_state(docs_dir)
    if state is not None and state.inputs == inputs and output_stats(docs_dir) == state.outputs:
        clock.lap("unchanged")
        log.info("foilog: nothing changed since the last build; %d pages kept", len(state.outputs))
        return Generated(None, WriteReport(unchanged=len(state.outputs)), state.warnings,
                         _Recorded(repo, docs_dir, settings, today), state.entries, unchanged=True)
    clock.lap("check inputs")
    forget_state(docs_dir)  # a failure below must not leave a state that claims the old pages
    expected: list[bytes] = []
    catalogue, report = generate(repo, docs_dir, settings, timings, expected)
    clock.wall, clock.cpu = time.perf_counter(), time.process_time()
    with collector_paused():
        save_state(docs_dir, State(inputs, stats_of(docs_dir, report.files), warnings=list(catalogue.warnings),
                                   entries=len(catalogue.entries)), expected)
    clock.lap("save state")
    # The expectations are read from the cache when the check asks for them, so that they
    # are never held here while the workers' pages are.
    return Generated(catalogue, report, list(catalogue.warnings), _Recorded(repo, docs_dir, settings, today),
                     len(catalogue.entries))


def _generate_for_parent(repo: Path, docs_dir: Path, settings: Settings, timings: dict | None,
                         content_dir: str) -> tuple[Generated, dict | None]:
    generated = generate_incremental(repo, docs_dir, settings, timings, content_dir)
    generated.catalogue = None  # the parent has no use for it, and it is big
    return generated, timings


def generate_apart(repo: Path, docs_dir: Path, settings: Settings, timings: dict | None = None,
                   content_dir: str = "content") -> Generated:
    """`generate_incremental` in a process of its own (without its catalogue), so that a
    build going on to run MkDocs in this process does not keep the generator's memory."""
    generated, done = call_apart(_generate_for_parent, repo, docs_dir, settings, timings, content_dir)
    if timings is not None and done is not None:
        timings.update(done)
    return generated


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
