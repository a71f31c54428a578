"""What the search index is told about a page beyond its words: the filters a reader can
narrow a search by (kind of page, council, region, question set, year, outcome, section
cited, re-use terms).

Each is an element Pagefind reads (data-pagefind-filter) in a block the page does not
show, marked data-pagefind-ignore, so that its words are not indexed twice. How the index is made: generator/engines/pagefind.py; what is
indexed and why: docs/search.md."""

from __future__ import annotations

from markupsafe import Markup

from generator.analyse.coverage import region_of
from generator.analyse.formatting import REUSE_LABELS, section_label
from generator.common.escape import html_text as h
from generator.load.vocabulary import ANSWER_OUTCOMES

# The filters' names, as the search page shows them, in the order it shows them.
FILTERS = ("kind", "council", "region", "question set", "year", "outcome", "section cited", "re-use terms")

RESPONSE, COUNCIL, QUESTION_SET, QUESTION = "Response", "Council", "Question set", "Question"


def _block(filters: list[tuple[str, str]]) -> Markup:
    spans = "".join(f'<span data-pagefind-filter="{h(key)}">{h(value)}</span>' for key, value in filters if value)
    return Markup(f'<div class="foilog-search-marks" data-pagefind-ignore hidden>{spans}</div>')


def _year(qs) -> str:
    return str(qs.year_sent) if qs.year_sent else ""


def response_marks(r, qs, council, register) -> Markup:
    """A response's filters: its council and region, its question set and the year of the
    reply (of the request, when the reply is not dated), each outcome its answers give and
    each section they cite, and its re-use terms."""
    day = r.dates.responded or r.dates.received
    filters = [("kind", RESPONSE), ("council", council.official_name),
               ("region", region_of(council, register)), ("question set", qs.title),
               ("year", str(day.year) if day else _year(qs))]
    outcomes = dict.fromkeys(ANSWER_OUTCOMES.get(a.outcome, "") for a in r.answers)
    filters += [("outcome", o) for o in outcomes]
    sections = dict.fromkeys(section_label(s) for a in r.answers for s in (a.sections or ()))
    filters += [("section cited", s) for s in sections]
    filters.append(("re-use terms", REUSE_LABELS[r.reuse.terms]))
    return _block(filters)


def council_marks(council, register) -> Markup:
    """A council's filters. (Its name is weighted above every other page that names it by
    the page's heading: council.md.j2.)"""
    return _block([("kind", COUNCIL), ("council", council.official_name), ("region", region_of(council, register))])


def set_marks(qs) -> Markup:
    return _block([("kind", QUESTION_SET), ("question set", qs.title), ("year", _year(qs))])


def question_marks(qs) -> Markup:
    return _block([("kind", QUESTION), ("question set", qs.title), ("year", _year(qs))])
