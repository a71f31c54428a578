"""Generate the docs folder from content/: load and check, then render and write every
page and download, on every core the process may use."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.common.chunks import runs
from generator.common.pool import Task, Then
from generator.common.processes import PARALLEL_FROM, can_fork, collector_paused, workers_wanted
from generator.write.docs_folder import DocsFolder, write_all
from generator.exports.sets import DOWNLOAD_ROWS_PER_TASK
from generator.load.settings import Settings, build_date
from generator.generate.tasks import (PAGE_COST_PER_TASK, EXPECTATIONS_PER_TASK, Clock, downloads_task,
                                      expectations_task, feed_task, finish_tasks, log_report, page_task,
                                      whole_downloads)
from generator.write.files import WriteReport

if TYPE_CHECKING:
    from generator.load.catalogue import Catalogue


def generate(repo: Path, docs_dir: Path, settings: Settings,
             timings: dict | None = None, expected: list | None = None) -> tuple[Catalogue, WriteReport]:
    """Check all content and write the Markdown pages and downloads; raises ContentError
    and writes nothing if any file has a problem. Pages are rendered on every core the
    process may use: a big log is cut by question set, each process reading and rendering
    its own sets (see split.py), otherwise the pages are shared out once everything is
    read (see common/pool.py). Only files whose text changed are written, and nothing is, if
    anything fails. The catalogue returned is for the build's summary (its entries and
    warnings): when the log was cut, the responses other processes read hold only the
    answers the pages showing every set use (split.for_shared_pages). `timings`, when
    given, receives the wall and CPU seconds of each stage (CPU of this process only). `expected`, when given, receives
    what the nothing-lost check must find (fidelity.expectations), worked out meanwhile,
    as pickled lists in order (see cache.save_state)."""
    from generator.analyse.deadlines import deadline_for
    from generator.load.catalogue import load_catalogue, read_known
    from generator.exports.sets import set_runs
    from generator.load.history import entry_dates
    from generator.render.pages import page_cost, page_jobs, plan_site
    from generator.generate.split import cut_by_set, generate_split

    with collector_paused():  # this process's cycle collector (workers keep theirs)
        clock = Clock(timings)
        today = build_date()
        known = read_known(repo, today=today, publish_personal_contacts=settings.publish_personal_contacts)
        parts = workers_wanted() if len(known.response_files) >= PARALLEL_FROM and can_fork() else 1
        by_set = cut_by_set(known, parts) if parts > 1 else None
        if by_set is not None:
            catalogue, report = generate_split(docs_dir, known, by_set, settings, clock, expected,
                                               partial(entry_dates, repo), DOWNLOAD_ROWS_PER_TASK)
            clock.lap(f"render and write ({len(by_set)} processes, by question set)")
            log_report(report)
            return catalogue, report
        catalogue = load_catalogue(repo, today=today, known=known, derive=deadline_for)
        clock.lap("load")
        plan = plan_site(catalogue, settings, today)
        jobs = page_jobs(plan)
        dates = entry_dates(repo, catalogue.entries)
        workers = workers_wanted() if len(jobs) >= PARALLEL_FROM else 1
        folder = DocsFolder(docs_dir)
        # The downloads of each run of question sets are a task; they come first, and the
        # whole-log files are put together from theirs while the pages are still rendering.
        tasks: list[Task] = [
            Task(downloads_task, (folder, catalogue, settings, sets)) for sets in set_runs(catalogue, DOWNLOAD_ROWS_PER_TASK)]
        whole = Then(len(tasks), partial(whole_downloads, folder, catalogue, settings))
        tasks.append(Task(feed_task, (folder, catalogue, settings, dates)))
        if expected is not None:
            tasks += [Task(expectations_task, (catalogue, settings, part.start, part.stop))
                      for part in runs(range(len(catalogue.entries)), EXPECTATIONS_PER_TASK)]
        tasks += [Task(page_task, (folder, plan, run)) for run in runs(jobs, PAGE_COST_PER_TASK, partial(page_cost, plan))]
        clock.lap("plan")
        report = write_all(folder, tasks, workers, finish=partial(finish_tasks, expected), then=whole)
        clock.lap(f"render and write ({workers} process{'es' if workers > 1 else ''})")
        log_report(report)
    return catalogue, report
