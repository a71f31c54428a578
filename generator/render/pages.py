"""Render the catalogue into Markdown pages: `plan_site` gathers what every page shares,
`page_jobs` lists the pages, `render_page` gives one (path, text). Every page is a
template in templates/ (environment.py), which inserts the rows the fragments make. No I/O
but reading templates. See docs/rendering.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from generator.analyse import analysis, compare, coverage, deadlines
from generator.load import succession
from generator.load.catalogue import Catalogue
from generator.render import paging, response_parts
from generator.render.environment import render_template as _render
from generator.analyse.formatting import (OGL_DEFAULT_ATTRIBUTION, ask_url, attributions_url, council_url, page_path,
                                          part_url, question_url, relative, response_url, set_part_url, set_url,
                                          topic_url)
from generator.load.settings import Settings


@dataclass
class Plan:
    """What every page of a build is rendered from: the catalogue, the settings, the day,
    and the context all templates share. Deadlines are worked out once per response, when
    a page first needs them."""

    catalogue: Catalogue
    settings: Settings
    today: dt.date
    sets: list
    councils: list
    topics: list
    common: dict


# A list of more councils than this, on the attributions page, is divided under headings
# naming the first and last council of each run of `COUNCILS_PER_HEADING`, so that no
# section grows with the whole log (search engines index a page section by section).
HEADINGS_FROM = 20
COUNCILS_PER_HEADING = 12


def _statement(entry) -> str | None:
    """What the attributions page says for a response under its terms."""
    reuse = entry.response.reuse
    if reuse.terms == "ogl":
        return reuse.attribution or OGL_DEFAULT_ATTRIBUTION
    if reuse.terms == "restricted":
        return reuse.wording
    return None


class AttributionPage(NamedTuple):
    """A page of the councils credited under one re-use terms: its place among them
    (`paging.Part`), its address (the attributions page's own when there is one page),
    and its councils, by heading (see `reuse_groups`)."""

    part: paging.Part
    url: str
    groups: list


def _headed(rows: list) -> list[tuple[str, list]]:
    if len(rows) <= HEADINGS_FROM:
        return [("", rows)] if rows else []
    runs = [rows[i:i + COUNCILS_PER_HEADING] for i in range(0, len(rows), COUNCILS_PER_HEADING)]
    return [(f"{run[0][0].nice_name} to {run[-1][0].nice_name}" if len(run) > 1 else run[0][0].nice_name, run)
            for run in runs]


def reuse_groups(entries) -> dict[str, list[AttributionPage]]:
    """For each re-use terms, its pages (one, or none, when its councils fit on the
    attributions page), each with [(heading or "", [(council, [(statement, [entries])])])],
    councils by short name; a council's responses with the same statement together."""
    by_terms: dict[str, dict[str, list]] = {"ogl": {}, "restricted": {}, "not_stated": {}}
    for entry in entries:
        by_terms[entry.response.reuse.terms].setdefault(entry.council.code, []).append(entry)
    out = {}
    for terms, councils in by_terms.items():
        rows = []
        for found in sorted(councils.values(), key=lambda es: (es[0].council.nice_name.casefold(), es[0].council.code)):
            statements: dict = {}
            for entry in sorted(found, key=lambda e: (e.question_set.title, e.question_set.id)):
                statements.setdefault(_statement(entry), []).append(entry)
            rows.append((found[0].council, list(statements.items())))
        parts = paging.council_parts([council.nice_name for council, _ in rows])
        out[terms] = [AttributionPage(part, attributions_url(terms, part.number) if len(parts) > 1 else "attributions/",
                                      _headed(part.of(rows))) for part in parts]
    return out


def plan_site(catalogue: Catalogue, settings: Settings, today: dt.date | None = None) -> Plan:
    today = today or dt.date.today()
    sets = sorted(catalogue.question_sets.values(), key=lambda qs: (qs.year_sent or 0, qs.sent or dt.date.min, qs.title))
    councils = catalogue.councils()
    covers = {qs.id: coverage.coverage_for(catalogue, qs, today) for qs in sets}
    due: dict[str, deadlines.Deadline] = {}

    def deadline(entry) -> deadlines.Deadline:
        found = due.get(entry.path)
        if found is None:
            found = due[entry.path] = deadlines.deadline_of(entry, today)
        return found

    def timing(entries) -> deadlines.DeadlineSummary:
        return deadlines.summarise(deadline(e) for e in entries)

    common = {"settings": settings, "catalogue": catalogue, "today": today, "coverage": covers,
              "deadline": deadline, "timing": timing}
    topics = sorted(catalogue.topics.values(), key=lambda t: t.title)
    return Plan(catalogue, settings, today, sets, councils, topics, common)


class PageJob(NamedTuple):
    """One page for `render_page`: its kind ("home", "councils", "question-sets",
    "attributions", "topics", "search", "council", "response", "set", "question" or "topic", or a
    page of a long table: "attributions-part", "question-part", "set-deadlines",
    "set-outcomes", "topic-part"; or "set-ask", a question set's links to ask the
    authorities of one region), the index of its council, response, question set, topic
    or re-use terms (`TERMS`) in the plan's lists (by kind), a question page's question
    id, and which page of the table (from 0) or which region (of
    `Coverage.missing_by_region`)."""

    kind: str
    index: int | None = None
    question: str | None = None
    part: int | None = None


TERMS = ("ogl", "restricted", "not_stated")


def _reuse(plan: Plan) -> dict[str, list[AttributionPage]]:
    return plan.catalogue.memo(("reuse_groups",), lambda: reuse_groups(plan.catalogue.entries))


def _ask_pages(plan: Plan, qs) -> list[paging.AskPage]:
    cover = plan.common["coverage"][qs.id]
    return plan.catalogue.memo(("ask_pages", id(qs)),
                               lambda: (qs, paging.ask_pages(qs, cover.missing_by_region())))[1]


def _question_column(catalogue: Catalogue, qs, qid: str):
    """How a question's values are shown, worked out once for its page and its table's pages."""
    return catalogue.memo(("value_column", id(qs), qid), lambda: (
        qs, compare.value_column(analysis.comparison_rows(catalogue, qs, qid), qid)))[1]


def _topic_table(catalogue: Catalogue, topic) -> tuple[list, compare.ValueColumn]:
    """A topic's rows and how their values are shown, once for its page and its table's pages."""
    def table():
        rows = analysis.topic_comparison_rows(catalogue, topic)
        return topic, (rows, compare.value_column_for([(t.row, t.question.id) for t in rows]))
    return catalogue.memo(("topic_table", id(topic)), table)[1]


def _set_part_jobs(plan: Plan, i: int, qs) -> list[PageJob]:
    """The pages below a question set's page, but its questions': its long tables' pages
    and its regions' links to ask the authorities not in this log."""
    catalogue = plan.catalogue
    jobs = []
    if not paging.set_tables_inline(catalogue, qs):
        for kind, table in (("set-deadlines", "deadlines"), ("set-outcomes", "outcomes")):
            jobs += [PageJob(kind, i, None, n) for n in range(len(paging.set_parts(catalogue, qs, table)))]
    cover = plan.common["coverage"][qs.id]
    if cover and cover.missing:
        jobs += [PageJob("set-ask", i, None, n) for n in range(len(_ask_pages(plan, qs)))]
    return jobs


def page_jobs(plan: Plan) -> list[PageJob]:
    """Every page of the site as a job for `render_page`, in a fixed order. Each question
    set's pages are neighbours: the pages of the replies to it, then the set's page and its
    questions' pages, which share the set's rows and show the replies' words again (see
    fragments.paragraphs)."""
    jobs = [PageJob("home"), PageJob("councils"), PageJob("question-sets"), PageJob("attributions"),
            PageJob("topics"), PageJob("search")]
    reuse = _reuse(plan)
    jobs += [PageJob("attributions-part", t, None, n) for t, terms in enumerate(TERMS)
             if len(reuse[terms]) > 1 for n in range(len(reuse[terms]))]
    jobs += [PageJob("council", i) for i in range(len(plan.councils))]
    replies: dict[str, list[int]] = {qs.id: [] for qs in plan.sets}
    others = []  # replies to a set without pages of its own (none, in a checked catalogue)
    for i, entry in enumerate(plan.catalogue.entries):
        replies.get(entry.question_set.id, others).append(i)
    for i, qs in enumerate(plan.sets):
        jobs += [PageJob("response", r) for r in replies[qs.id]]
        jobs.append(PageJob("set", i))
        jobs += _set_part_jobs(plan, i, qs)
        parts = paging.set_parts(plan.catalogue, qs, "question")
        for q in qs.all_questions():
            jobs.append(PageJob("question", i, q.id))
            if len(parts) > 1:
                jobs += [PageJob("question-part", i, q.id, n) for n in range(len(parts))]
    jobs += [PageJob("response", r) for r in others]
    for i, topic in enumerate(plan.topics):
        jobs.append(PageJob("topic", i))
        parts = paging.topic_parts(plan.catalogue, topic)
        if len(parts) > 1:
            jobs += [PageJob("topic-part", i, None, n) for n in range(len(parts))]
    return jobs


def page_cost(plan: Plan, job: PageJob) -> int:
    """About how long a page takes to render, counted in response pages (the most numerous
    pages, and among the quickest): a page with a row for every reply to a question set, or
    to the whole log, costs more. The pipeline cuts the pages into tasks of about equal cost."""
    kind = job.kind
    if kind in ("response", "councils", "question-sets", "topics", "search"):
        return 1
    if kind in ("question-part", "topic-part"):
        return 1 + paging.QUESTION_ROWS_PER_PAGE // 10
    if kind in ("set-deadlines", "set-outcomes", "attributions-part"):
        return 1 + paging.DEADLINE_ROWS_PER_PAGE // 4
    if kind == "set-ask":
        return 3
    catalogue = plan.catalogue
    if kind == "council":
        return 3
    if kind == "question":
        return 1 + len(catalogue.entries_for_set(plan.sets[job.index].id)) // 10
    if kind == "set":
        return 1 + len(catalogue.entries_for_set(plan.sets[job.index].id)) // 4
    if kind == "topic":
        return 1 + sum(len(catalogue.entries_for_set(ref.question_set)) for ref in plan.topics[job.index].questions) // 10
    return 1 + len(catalogue.entries) // 50  # the home and attributions pages: every reply


def _replies_summary(rows, not_replied: int | None = None, meant_for: int | None = None) -> compare.Summary:
    """A question's summary of the councils that replied; those still awaited are only
    counted (`Summary.awaiting`)."""
    replies = [r for r in rows if not coverage.is_awaiting(r.entry)]
    return compare.summarise(replies, not_replied, meant_for, awaiting=len(rows) - len(replies))


def render_page(plan: Plan, job: PageJob) -> tuple[str, str]:
    """One page: (path under docs_dir, Markdown text)."""
    catalogue, common, kind = plan.catalogue, plan.common, job.kind
    today = plan.today
    if kind == "home":
        return page_path(""), _render("home.md.j2", "", sets=plan.sets, councils=plan.councils,
                                      latest=analysis.latest(catalogue), **common)
    if kind == "councils":
        return page_path("councils/"), _render("councils.md.j2", "councils/", councils=plan.councils, **common)
    if kind == "question-sets":
        return page_path("question-sets/"), _render("question_sets.md.j2", "question-sets/", sets=plan.sets,
                                                    **common)
    if kind == "attributions":
        return page_path("attributions/"), _render("attributions.md.j2", "attributions/", reuse=_reuse(plan),
                                                   **common)
    if kind == "attributions-part":
        terms = TERMS[job.index]
        pages = _reuse(plan)[terms]
        page = pages[job.part]
        return page_path(page.url), _render("attributions_part.md.j2", page.url, terms=terms,
                                            section=terms.replace("_", "-"), pages=pages, page=page, **common)
    if kind == "topics":
        return page_path("topics/"), _render("topics.md.j2", "topics/", topics=plan.topics, **common)
    if kind == "search":
        return page_path("search/"), _render("search.md.j2", "search/")
    if kind == "council":
        council = plan.councils[job.index]
        entries = sorted(catalogue.entries_for_council(council.code), key=lambda e: e.question_set.title)
        url = council_url(council)
        missing = [(qs, coverage.ask_links(council, qs, catalogue.register, today))
                   for qs in coverage.sets_missing_from(catalogue, council, today)]
        answered = {e.question_set.id for e in entries}
        council_topics = sorted((t for t in catalogue.topics.values()
                                 if any(r.question_set in answered for r in t.questions)), key=lambda t: t.title)
        return page_path(url), _render("council.md.j2", url, council=council, entries=entries,
                                       awaiting=[e for e in entries if coverage.is_awaiting(e)],
                                       last_day=succession.last_day(council, catalogue.register),
                                       register=catalogue.register, missing=missing,
                                       council_topics=council_topics, **common)
    if kind == "response":
        entry = catalogue.entries[job.index]
        url = response_url(entry)
        rel = partial(relative, url)
        return page_path(url), _render(
            "response.md.j2", url, r=entry.response, qs=entry.question_set, council=entry.council,
            settings=plan.settings, register=catalogue.register, notice=response_parts.reuse_notice(entry),
            facts=response_parts.facts(entry, rel, common["deadline"](entry)),
            answers=response_parts.response_blocks_html(entry, analysis.response_blocks(entry), rel, plan.settings))
    if kind == "set":
        qs = plan.sets[job.index]
        url = set_url(qs)
        entries = sorted(catalogue.entries_for_set(qs.id), key=lambda e: e.council.nice_name)
        return page_path(url), _render("question_set.md.j2", url, qs=qs, entries=entries, ask_url=ask_url,
                                       inline=paging.set_tables_inline(catalogue, qs),
                                       deadline_parts=paging.set_parts(catalogue, qs, "deadlines"),
                                       deadlines_of=partial(set_part_url, qs, "deadlines"),
                                       outcome_parts=paging.set_parts(catalogue, qs, "outcomes"),
                                       outcomes_of=partial(set_part_url, qs, "outcomes"), **common)
    if kind in ("set-deadlines", "set-outcomes"):
        qs = plan.sets[job.index]
        table = kind[len("set-"):]
        parts = paging.set_parts(catalogue, qs, table)
        url_of = partial(set_part_url, qs, table)
        url = url_of(job.part + 1)
        entries = sorted(catalogue.entries_for_set(qs.id), key=lambda e: e.council.nice_name)
        words = "deadlines" if table == "deadlines" else "outcomes by council"
        return page_path(url), _render("part.md.j2", url, title=f"{qs.title}: {words}", back=set_url(qs),
                                       back_text=f"{words} of {qs.title}", searched=False, table=table,
                                       parts=parts, part=parts[job.part], url_of=url_of,
                                       rows=parts[job.part].of(entries), qs=qs, **common)
    if kind == "set-ask":
        qs = plan.sets[job.index]
        page = _ask_pages(plan, qs)[job.part]
        return page_path(page.url), _render("ask.md.j2", page.url, qs=qs, cover=common["coverage"][qs.id],
                                            page=page, ask_url=ask_url,
                                            part_of=partial(part_url, ask_url(qs, page.region)), **common)
    if kind == "question":
        qs, qid = plan.sets[job.index], job.question
        q = analysis.question_by_id(qs, qid)
        url = question_url(qs, qid)
        rows = analysis.comparison_rows(catalogue, qs, qid)
        cover = common["coverage"][qs.id]
        summary = _replies_summary(rows, len(cover.missing) if cover else None,
                                   len(cover.intended) if cover else None)
        return page_path(url), _render("question.md.j2", url, qs=qs, q=q, rows=rows, summary=summary,
                                       column=_question_column(catalogue, qs, qid),
                                       parts=paging.set_parts(catalogue, qs, "question"),
                                       part_of=partial(part_url, url), topics=catalogue.topics_for(qs.id, qid),
                                       **common)
    if kind == "question-part":
        qs, qid = plan.sets[job.index], job.question
        q = analysis.question_by_id(qs, qid)
        parts = paging.set_parts(catalogue, qs, "question")
        url_of = partial(part_url, question_url(qs, qid))
        url = url_of(job.part + 1)
        rows = parts[job.part].of(analysis.comparison_rows(catalogue, qs, qid))
        title = f"{qs.title}: {analysis.label(q, qs)}"
        return page_path(url), _render("part.md.j2", url, title=title, back=question_url(qs, qid),
                                       back_text=f"answers to {analysis.label(q, qs)}", searched=False,
                                       table="question", parts=parts, part=parts[job.part], url_of=url_of,
                                       rows=rows, qs=qs, q=q, column=_question_column(catalogue, qs, qid), **common)
    if kind == "topic":
        topic = plan.topics[job.index]
        url = topic_url(topic)
        rows, column = _topic_table(catalogue, topic)
        refs = []
        for ref in topic.questions:
            qs = catalogue.question_sets[ref.question_set]
            summary = _replies_summary(analysis.comparison_rows(catalogue, qs, ref.question))
            refs.append((ref, qs, analysis.question_by_id(qs, ref.question), summary))
        return page_path(url), _render("topic.md.j2", url, topic=topic, rows=rows, refs=refs, column=column,
                                       parts=paging.topic_parts(catalogue, topic), part_of=partial(part_url, url),
                                       **common)
    if kind == "topic-part":
        topic = plan.topics[job.index]
        parts = paging.topic_parts(catalogue, topic)
        url_of = partial(part_url, topic_url(topic))
        url = url_of(job.part + 1)
        every, column = _topic_table(catalogue, topic)
        rows = parts[job.part].of(every)  # shown in the whole table's units
        return page_path(url), _render("part.md.j2", url, title=f"Topic: {topic.title}", back=topic_url(topic),
                                       back_text=f"answers to the topic {topic.title}", searched=False,
                                       table="topic", parts=parts, part=parts[job.part], url_of=url_of,
                                       rows=rows, topic=topic, column=column, **common)
    raise ValueError(f"unknown page job {job!r}")
