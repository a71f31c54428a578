"""The tasks a generation is cut into: a run of pages, the downloads of a run of question
sets, the whole-log downloads, the feed, and a share of what the nothing-lost check must
find. Each stages what it makes in the docs folder (DocsFolder.stage_text) and says so."""

from __future__ import annotations

import logging
import pickle
import time
from typing import TYPE_CHECKING

from generator.write.docs_folder import DocsFolder, Staged, StagedFile
from generator.load.settings import Settings
from generator.write.files import WriteReport

if TYPE_CHECKING:
    from generator.load.catalogue import Catalogue
    from generator.render.pages import Plan

log = logging.getLogger("foilog")

# Pages rendered by one task, by their cost (render.page_cost): about 200 response pages.
# Tasks this short leave one process little to do alone once the other has none left.
PAGE_COST_PER_TASK = 200


class Clock:
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


def page_task(folder: DocsFolder, plan: Plan, jobs: list[tuple]) -> Staged:
    from generator.render.pages import render_page

    staged = []
    for job in jobs:
        rel, text = render_page(plan, job)
        staged.append(StagedFile(rel, folder.stage_text(rel, text)))
    return staged


def feed_task(folder: DocsFolder, catalogue: Catalogue, settings: Settings, dates) -> Staged:
    from generator.render.feed import FEED_PATH, render_feed

    text = render_feed(catalogue, settings.site_url, settings.site_name, dates)
    return [StagedFile(FEED_PATH, folder.stage_text(FEED_PATH, text))]


def downloads_task(folder: DocsFolder, catalogue: Catalogue, settings: Settings, set_ids: list[str]):
    """The downloads of a run of question sets (see downloads.stage_set_files)."""
    from generator.write.downloads import stage_set_files

    return stage_set_files(folder.path, catalogue, set_ids, publish_personal_contacts=settings.publish_personal_contacts)


class Expected(bytes):
    """A task's share of what the nothing-lost check must find (fidelity.expectations),
    pickled: this process only writes it into the cache, where the check reads it."""


# Responses whose expectations one task works out.
EXPECTATIONS_PER_TASK = 2500


def expectations_task(catalogue: Catalogue, settings: Settings, start: int, stop: int) -> Expected:
    from generator.verify.fidelity import expectations_for

    part = expectations_for(catalogue.entries[start:stop], settings.publish_personal_contacts)
    return Expected(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))


def whole_downloads(folder: DocsFolder, catalogue: Catalogue, settings: Settings, shares: list) -> Staged:
    """The whole-log downloads and the Data Package, put together from what the download
    tasks made (downloads.stage_whole_files) as soon as they are all done."""
    from generator.write import downloads

    return downloads.stage_whole_files(folder.path, catalogue, shares,
                                       publish_personal_contacts=settings.publish_personal_contacts)


def finish_tasks(expected: list | None, results: list) -> list[Staged]:
    """Once every task is done, what each staged, the whole-log downloads (the last result)
    included; the expectations, in order, go to `expected`."""
    from generator.write.downloads import SetsStaged

    *results, whole = results
    if expected is not None:
        expected.extend(r for r in results if isinstance(r, Expected))
    return [r.staged if isinstance(r, SetsStaged) else r for r in results if not isinstance(r, Expected)] + [whole]


def log_report(report: WriteReport) -> None:
    log.info("foilog: %d pages and downloads (%d written, %d removed, %d unchanged)",
             len(report.written) + report.unchanged, len(report.written), len(report.removed), report.unchanged)
