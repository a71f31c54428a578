"""Long tables cut into pages of a bounded number of rows, so that no page grows with the
log: a question's comparison, a question set's deadlines and outcomes, a topic's answers,
the councils credited on the attributions page. A table that fits on one page stays on
its page; a longer one is cut into runs of councils in name order, each run on a numbered
page below it (formatting.part_url), named by its first and last council. How many rows a
page holds is set so that a page stays well under 200 KB (see docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from generator.analyse.asking import MAX_URL_LENGTH, request_letter, wdtk_request_url
from generator.analyse.formatting import ask_url, part_url
from generator.load.catalogue import Catalogue
from generator.load.models import QuestionSet, Topic

# Rows of about 1 KB (a council's words and value).
QUESTION_ROWS_PER_PAGE = 125
TOPIC_ROWS_PER_PAGE = 100
# Rows of about 0.5 KB.
DEADLINE_ROWS_PER_PAGE = 200
# An outcome matrix's row has a cell of about 0.1 KB per question (and one for re-use).
MATRIX_CELLS_PER_PAGE = 1400
ATTRIBUTION_COUNCILS_PER_PAGE = 60
# A link that asks an authority carries the whole letter: a region's page holds links of
# about this many bytes in all (England's largest region has some 70 authorities).
ASK_BYTES_PER_PAGE = 120_000


class Part(NamedTuple):
    """One page of a long table: its number (from 1), its rows (`rows[start:stop]`) and
    the names of its first and last council."""

    number: int
    start: int
    stop: int
    first: str
    last: str

    @property
    def label(self) -> str:
        return self.first if self.first == self.last else f"{self.first} to {self.last}"

    def of(self, rows: Sequence) -> Sequence:
        return rows[self.start:self.stop]


def cut(names: Sequence[str], per_page: int) -> list[Part]:
    """`names`, the council of each row in order, cut into runs of at most `per_page`
    rows, the rows of one council never parted (a run is longer only when one council has
    more rows than that). One run, or none, when the rows fit on a page."""
    parts: list[Part] = []
    start = 0
    n = len(names)
    while start < n:
        stop = min(start + per_page, n)
        if stop < n and names[stop] == names[stop - 1]:
            back = stop
            while back > start and names[back - 1] == names[stop]:
                back -= 1
            if back > start:
                stop = back
            else:
                while stop < n and names[stop] == names[start]:
                    stop += 1
        parts.append(Part(len(parts) + 1, start, stop, names[start], names[stop - 1]))
        start = stop
    return parts


def _set_names(catalogue: Catalogue, qs: QuestionSet) -> list[str]:
    """The council of each reply to `qs`, in the order of the set's tables (council name)."""
    return sorted(e.council.nice_name for e in catalogue.entries_for_set(qs.id))


def _matrix_rows(qs: QuestionSet) -> int:
    return max(1, MATRIX_CELLS_PER_PAGE // (len(qs.all_questions()) + 1))


def set_parts(catalogue: Catalogue, qs: QuestionSet, table: str) -> list[Part]:
    """The pages of a question set's "deadlines" or "outcomes" table, or of the
    comparison table of each of its questions ("question")."""
    names = _set_names(catalogue, qs)
    if table == "question":
        return cut(names, QUESTION_ROWS_PER_PAGE)
    return cut(names, DEADLINE_ROWS_PER_PAGE if table == "deadlines" else _matrix_rows(qs))


def set_tables_inline(catalogue: Catalogue, qs: QuestionSet) -> bool:
    """Whether a question set's deadlines and outcomes tables are on its page: when both,
    together, fit on one. Otherwise each is on pages of its own (`set_parts`)."""
    n = len(catalogue.entries_for_set(qs.id))
    return n / DEADLINE_ROWS_PER_PAGE + n / _matrix_rows(qs) <= 1


def topic_parts(catalogue: Catalogue, topic: Topic) -> list[Part]:
    """The pages of a topic's table (analysis.topic_comparison_rows: by council name)."""
    names = sorted(e.council.nice_name for ref in topic.questions
                   for e in catalogue.entries_for_set(ref.question_set))
    return cut(names, TOPIC_ROWS_PER_PAGE)


def council_parts(names: Sequence[str]) -> list[Part]:
    """The pages of the councils credited under one re-use terms."""
    return cut(names, ATTRIBUTION_COUNCILS_PER_PAGE)


class AskPage(NamedTuple):
    """A page of links to ask the authorities of one region not in this log: the region,
    its place among the region's pages (`Part`, of `councils`), all of the region's pages
    and its address (the region's own for the first)."""

    region: str
    councils: list
    part: Part
    parts: list[Part]
    url: str


def ask_pages(qs: QuestionSet, by_region: list[tuple[str, list]]) -> list[AskPage]:
    """The pages of links to ask the authorities not in this log (`by_region`, from
    `Coverage.missing_by_region`), each region on as many as its links need."""
    per_link = min(len(wdtk_request_url("00000", qs.title, request_letter(qs))), MAX_URL_LENGTH) * 1.1 + 300
    per_page = max(1, int(ASK_BYTES_PER_PAGE // per_link))
    out = []
    for region, councils in by_region:
        parts = cut([c.nice_name for c in councils], per_page)
        url = ask_url(qs, region)
        out += [AskPage(region, councils, p, parts, part_url(url, p.number) if p.number > 1 else url) for p in parts]
    return out
