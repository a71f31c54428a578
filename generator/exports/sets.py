"""The question sets in the downloads' order, and that order cut into runs: each run's
downloads are made by one task (see write/downloads.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.common.chunks import runs

if TYPE_CHECKING:
    from generator.load.catalogue import Catalogue
    from generator.load.models import QuestionSet

# Rows of the downloads made by one task.
DOWNLOAD_ROWS_PER_TASK = 20_000


def sets_in_order(catalogue: Catalogue) -> list[QuestionSet]:
    return [catalogue.question_sets[k] for k in sorted(catalogue.question_sets)]


def set_runs(catalogue: Catalogue, rows_per_run: int = DOWNLOAD_ROWS_PER_TASK,
             only: set[str] | None = None) -> list[list[str]]:
    """The question sets' ids in file order (only those in `only`, if given), cut into runs
    of at most `rows_per_run` rows: a run that has rows ends where the next set's would
    take it past that (so a set with more is a run of its own, and a set with none never
    starts one)."""
    sets = [qs for qs in sets_in_order(catalogue) if only is None or qs.id in only]
    cuts = runs(sets, rows_per_run, lambda qs: len(catalogue.entries_for_set(qs.id)) * len(qs.all_questions()), fit=True)
    return [[qs.id for qs in run] for run in cuts]
