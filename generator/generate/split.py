"""A big log generated on several cores, cut by question set.

The question sets, in id order, are cut into one run per process, of about equal numbers of
responses. Each process reads the response files of its run and renders what shows those
sets alone: their responses' pages, the sets' and their questions' pages, their downloads,
and what the nothing-lost check must find. So no process waits for another to finish
reading, and none renders from memory it shares with another (touching shared memory
copies it).

Only what each file's checks found (small) comes back to this process, which reports
every problem of every file at once, in file order (ContentError). A worker whose own
files have a problem renders nothing; this process renders its own sets while it waits to
hear from the workers, and removes what it staged if any file has a problem. Otherwise
each worker sends copies of its responses holding only what the pages that show every set
use (home, councils, each council, attributions, topics, the feed; see for_shared_pages),
which this process renders, and then where its download rows are, for the whole-log
downloads, which this process puts together.

This process's run is the smaller (MAIN_WEIGHT), since it renders the pages that show
every set too. Every file is staged as the single-process pipeline stages it and moved
into place only when every process has succeeded (DocsFolder.commit); a failure anywhere
leaves the docs folder as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from generator.analyse.deadlines import deadline_for
from generator.common.chunks import cut, runs
from generator.common.processes import Channel, Worker
from generator.load.catalogue import (Catalogue, Entry, Known, ResponseRead, entries_from, entry_for, gather,
                                      read_responses, relative_path, without_model)
from generator.write.docs_folder import DocsFolder, Staged
from generator.exports.sets import DOWNLOAD_ROWS_PER_TASK
from generator.common.problems import ContentError
from generator.load.settings import Settings
from generator.write.files import WriteReport

if TYPE_CHECKING:
    from generator.write.downloads import SetsStaged
    from generator.analyse.deadlines import Deadline
    from generator.load.models import Response

# This process's share of the responses, against each worker's 1: it also renders the
# pages that show every set, reads the workers' models and puts the whole-log downloads
# together (about 1.9 s at 10,000 responses, 3 s at 20,000), while a worker takes a little
# longer a file (2 to 8 per cent: it pickles its copies, and touches memory it shares).
# Measured on the benchmark's logs, whose sets are cut whole: 0.85 to 0.9 at 10,000
# responses (the same cut), 0.94 at 20,000.
MAIN_WEIGHT = 0.88
# The pages that show one question set only (or one of its responses).
SET_PAGES = ("response", "set", "question", "question-part", "set-deadlines", "set-outcomes", "set-ask")


class SetRun(NamedTuple):
    """A process's question sets, and the response files it reads."""

    sets: set[str]
    files: list[Path]


def cut_by_set(known: Known, parts: int) -> list[SetRun] | None:
    """The question sets, in id order, cut into `parts` runs of about equal numbers of
    responses (the first, this process's, MAIN_WEIGHT of the others), with the response
    files of each run in path order. A file in no set's folder name goes with the first
    run (its problems are reported like any other). None when some run would have no
    response to read."""
    by_set: dict[str, int] = {}
    for path in known.response_files:
        by_set[path.stem] = by_set.get(path.stem, 0) + 1
    weights = [MAIN_WEIGHT] + [1.0] * (parts - 1)
    # A set goes to the run its middle response falls in.
    sets = [set(ids) for ids in cut(sorted(known.sets), weights, cost=lambda set_id: by_set.get(set_id, 0))]
    files: list[list[Path]] = [[] for _ in range(parts)]
    where = {set_id: k for k, ids in enumerate(sets) for set_id in ids}
    for path in known.response_files:
        files[where.get(path.stem, 0)].append(path)
    if any(not found for found in files):
        return None
    return [SetRun(ids, found) for ids, found in zip(sets, files)]


class Rendered(NamedTuple):
    """What a worker staged, and its share of the nothing-lost check's expectations."""

    staged: list[Staged]
    expectations: list[bytes]


# Pages staged between two looks at what the workers have said (see _render_part).
PAGES_PER_RUN = 500


def _render_part(folder: DocsFolder, catalogue: Catalogue, set_ids: set[str], settings: Settings, today: dt.date,
                 with_expectations: bool, rows_per_run: int, shares_done: Callable[[list[SetsStaged]], None],
                 between: Callable[[], None] = lambda: None) -> Rendered:
    """Everything that shows only the sets `set_ids` (the catalogue holds their responses):
    the download tasks' results, given to `shares_done` as soon as they are made, then what
    was staged and the nothing-lost check's expectations, pickled. `between` is called
    between two runs of work (and may raise to stop it)."""
    from generator.generate.tasks import EXPECTATIONS_PER_TASK, downloads_task, expectations_task, page_task
    from generator.exports.sets import set_runs
    from generator.render.pages import page_jobs, plan_site

    shares = []
    for sets in set_runs(catalogue, rows_per_run, only=set_ids):
        shares.append(downloads_task(folder, catalogue, settings, sets))
        between()
    shares_done(shares)
    expected = []
    if with_expectations:
        expected = [bytes(expectations_task(catalogue, settings, part.start, part.stop))
                    for part in runs(range(len(catalogue.entries)), EXPECTATIONS_PER_TASK)]
    plan = plan_site(catalogue, settings, today)
    jobs = [job for job in page_jobs(plan) if job[0] == "response"
            or (job[0] in SET_PAGES and plan.sets[job[1]].id in set_ids)]
    staged = []
    for run in runs(jobs, PAGES_PER_RUN):
        between()
        staged.append(page_task(folder, plan, run))
    return Rendered(staged, expected)


class Shared(NamedTuple):
    """A response read by a worker, for the pages that show every set: its path, the copy
    for those pages (for_shared_pages) and its deadline as of the build's day."""

    path: str
    response: Response
    deadline: Deadline


def _work(channel: Channel, known: Known, files: list[Path], set_ids: set[str], folder: DocsFolder,
          settings: Settings, with_expectations: bool, rows_per_run: int) -> None:
    """A worker: read its files and say what their checks found; then, unless any of them
    has a problem, send copies of its responses for the pages that show every set
    (for_shared_pages), render its sets, and say where its download rows are."""
    results = read_responses(files, known, deadline_for)
    reads = [without_model(r) for r in results]
    channel.send("read", reads)
    if any(read.problems for read in reads):
        return  # the run fails: this process reports every problem
    entries = entries_from(known, results)
    del results, reads
    compared = _compared_questions(known)
    channel.send("entries", [Shared(e.path, for_shared_pages(e, compared.get(e.question_set.id, ())), e.derived.value)
                             for e in entries])
    catalogue = Catalogue(known.register, known.sets, entries, [], known.topics)
    gc.freeze()
    gc.enable()
    channel.send("done", _render_part(folder, catalogue, set_ids, settings, known.today, with_expectations,
                                      rows_per_run, lambda shares: channel.send("shares", shares)))


def _compared_questions(known: Known) -> dict[str, set[str]]:
    """The questions each set has on a topic's page."""
    found: dict[str, set[str]] = {}
    for topic in known.topics.values():
        for ref in topic.questions:
            found.setdefault(ref.question_set, set()).add(ref.question)
    return found


def for_shared_pages(entry: Entry, compared: set[str] | tuple = ()) -> Response:
    """What the pages showing every set need of a response, sent from the worker that read
    it: the response itself, but of its answers only those a topic's page shows (covering
    one of `compared`, the set's questions on a topic's page) and those they point to ("see
    our answer to Q1"), in the reply's order. Every other answer is on pages of its own
    set only, which its worker renders; leaving them out keeps the copy small."""
    from generator.analyse.analysis import covered_ids

    answers = entry.response.answers
    kept = {id(a) for a in answers if compared and not covered_ids(a, entry.question_set).isdisjoint(compared)}
    seen: set[str] = set()
    while True:
        wanted = {q for a in answers if id(a) in kept and a.outcome == "see_other_answer" for q in a.see} - seen
        if not wanted:
            break
        seen |= wanted
        kept |= {id(a) for a in answers if not wanted.isdisjoint(a.questions)}
    if len(kept) == len(answers):
        return entry.response
    return entry.response.model_copy(update={"answers": [a for a in answers if id(a) in kept]})


class _Part(NamedTuple):
    """A worker and the response files it reads."""

    worker: Worker
    files: list[Path]


class _Checked:
    """Every file's checks, put together as soon as each worker has said what its files'
    checks found: ContentError with every problem, in file order, if any has one."""

    def __init__(self, known: Known, files: list[Path], mine: list[ResponseRead], workers: list[_Part]):
        """`mine`: what reading `files`, this process's, found (read_responses)."""
        self.known, self.workers = known, workers
        self.index = {path: i for i, path in enumerate(known.response_files)}
        self.reads: list | None = [None] * len(known.response_files)
        self.heard = 0
        self.warnings: list = []
        self._place(files, [without_model(r) for r in mine])

    def _place(self, files: list[Path], reads: list) -> None:
        for path, read in zip(files, reads):
            self.reads[self.index[path]] = read

    def clean(self) -> bool:
        """Whether the files read so far (this process's included) have no problem."""
        return not any(read.problems for read in self.reads if read is not None)

    def hear(self, wait: bool) -> None:
        """Take what the workers have said of their files (waiting for it if `wait`); once
        all have, gather every problem and raise ContentError if there is any."""
        while self.heard < len(self.workers):
            part = self.workers[self.heard]
            if not wait and not part.worker.ready():
                return
            self._place(part.files, part.worker.receive("read", lasting=True))
            self.heard += 1
        if self.reads is None:
            return
        problems, self.warnings = gather(self.known, self.reads)
        self.reads = None
        if problems:
            raise ContentError(problems + self.warnings)


def generate_split(docs_dir: Path, known: Known, runs: list[SetRun], settings: Settings,
                   clock, expected: list | None, entry_dates, rows_per_run: int = DOWNLOAD_ROWS_PER_TASK
                   ) -> tuple[Catalogue, WriteReport]:
    """Check every response file and write the site, cut by question set over
    `len(runs)` processes (see the module's docstring); this process takes the first run.
    Raises ContentError, having written nothing, if any file has a problem."""
    from generator.generate.tasks import feed_task, page_task, whole_downloads
    from generator.render.pages import page_jobs, plan_site

    folder = DocsFolder(docs_dir)
    workers: list[_Part] = []
    try:
        for run in runs[1:]:
            workers.append(_Part(Worker(_work, known, run.files, run.sets, folder, settings, expected is not None,
                                        rows_per_run, outbox=True), run.files))
        mine = read_responses(runs[0].files, known, deadline_for)
        checked = _Checked(known, runs[0].files, mine, workers)
        if not checked.clean():
            checked.hear(wait=True)  # raises ContentError, with the workers' problems too
        clock.lap("load")
        # This process's pages are rendered while the workers' files are still being
        # checked; should any have a problem, what was staged is removed.
        own = entries_from(known, mine)
        del mine
        collecting = gc.isenabled()
        gc.freeze()
        gc.enable()
        try:
            shares: list[SetsStaged] = []
            made = _render_part(
                folder, Catalogue(known.register, known.sets, own, [], known.topics), runs[0].sets, settings,
                known.today, expected is not None, rows_per_run, shares.extend, between=lambda: checked.hear(wait=False))
            staged, expectations = made.staged, made.expectations
            checked.hear(wait=True)
            entries = list(own)
            for part in workers:
                entries += [entry_for(known, *shared) for shared in part.worker.receive("entries", lasting=True)]
            order = {relative_path(path, known.repo): i for i, path in enumerate(known.response_files)}
            entries.sort(key=lambda e: order[e.path])
            catalogue = Catalogue(known.register, known.sets, entries, sorted(checked.warnings), known.topics)
            plan = plan_site(catalogue, settings, known.today)
            staged.append(page_task(folder, plan, [job for job in page_jobs(plan) if job[0] not in SET_PAGES]))
            staged.append(feed_task(folder, catalogue, settings, entry_dates(catalogue.entries)))
            for part in workers:
                shares += part.worker.receive("shares", lasting=True)
            staged.append(whole_downloads(folder, catalogue, settings, shares))
            staged += [share.staged for share in shares]
            for part in workers:
                rendered = part.worker.receive("done", lasting=True)
                staged += rendered.staged
                expectations += rendered.expectations
        finally:
            if not collecting:
                gc.disable()
            gc.unfreeze()
    except BaseException:
        for part in workers:
            part.worker.end()
        folder.discard()
        raise
    if expected is not None:
        expected.extend(expectations)
    # A worker has nothing left to do once it has said "done"; its memory (hundreds of
    # megabytes at 10,000 responses) goes back to the system while the files go in place.
    try:
        return catalogue, folder.commit(staged)
    finally:
        for part in workers:
            part.worker.join()
