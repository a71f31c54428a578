"""A generation skipped when nothing it reads has changed, and one run in a process of its
own so that the build going on does not keep its memory."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.write.cache import (State, forget_state, inputs_digest, load_expectations, load_state, output_stats,
                                   stats_of, save_state)
from generator.common.problems import Problem
from generator.common.processes import call_apart, collector_paused
from generator.load.settings import Settings, build_date, check_content_folder
from generator.generate.tasks import Clock
from generator.write.files import WriteReport

if TYPE_CHECKING:
    from generator.load.catalogue import Catalogue
    from generator.verify.fidelity import Expectation

log = logging.getLogger("foilog")


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
            from generator.load.catalogue import load_catalogue
            from generator.verify.fidelity import expectations

            forget_state(self.docs_dir)
            publish = self.settings.publish_personal_contacts
            found = expectations(load_catalogue(self.repo, today=self.today, publish_personal_contacts=publish), publish)
        return found


def generate_incremental(repo: Path, docs_dir: Path, settings: Settings,
                         timings: dict | None = None, content_dir: str = "content") -> Generated:
    """`generate`, unless nothing it reads has changed since the last successful run and
    the docs folder is exactly as that run left it: then nothing is read or written."""
    check_content_folder(repo, content_dir)
    clock = Clock(timings)
    today = build_date()
    inputs = inputs_digest(repo, content_dir, settings, today)
    state = load_state(docs_dir)
    if state is not None and state.inputs == inputs and output_stats(docs_dir) == state.outputs:
        clock.lap("unchanged")
        log.info("foilog: nothing changed since the last build; %d pages kept", len(state.outputs))
        return Generated(None, WriteReport(unchanged=len(state.outputs)), state.warnings,
                         _Recorded(repo, docs_dir, settings, today), state.entries, unchanged=True)
    clock.lap("check inputs")
    forget_state(docs_dir)  # a failure below must not leave a state that claims the old pages
    expected: list[bytes] = []
    from generator.generate.run import generate

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


def generate_docs(repo: Path, docs_dir: Path, settings: Settings, timings: dict | None = None) -> Generated:
    """Write the docs folder from content/; ContentError when content has problems (the
    docs folder is then as the last good generation left it)."""
    generated = generate_apart(repo, docs_dir, settings, timings)
    for warning in generated.warnings:
        log.info("%s", warning)
    return generated
