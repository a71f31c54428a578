"""Render the catalogue into Markdown pages (path -> text). No I/O but reading templates."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import partial

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import analysis, compare
from .charts import bar_chart
from .catalogue import Catalogue, Entry
from .escape import lines, md_inline, paragraphs, yaml_string
from .models import ANSWER_OUTCOMES, QUALIFIERS, RESPONSE_OUTCOMES, QuestionSet, Topic, Value
from .register import REGISTER_ATTRIBUTION, REGISTER_LICENCE_URL, REGISTER_SOURCE_URL, Council

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_DEFAULT_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

REUSE_LABELS = {"ogl": "OGL", "restricted": "Restricted", "not_stated": "Not stated"}

UNIT_WORDS = {
    "count": ("", ""), "days": ("day", "days"), "working_days": ("working day", "working days"),
    "weeks": ("week", "weeks"), "months": ("month", "months"), "years": ("year", "years"),
    "hours": ("hour", "hours"), "minutes": ("minute", "minutes"), "percent": ("%", "%"),
    "fte": ("FTE", "FTE"), "gbp": ("", ""),
}


@dataclass(frozen=True)
class Settings:
    """What a maintainer may change, from `extra.foilog` in mkdocs.yml."""

    publish_personal_contacts: bool = False
    site_name: str = "FOI disclosure log"


# --- where pages live --------------------------------------------------------------------

def council_url(council: Council) -> str:
    return f"councils/{council.slug}/"


def response_url(entry: Entry) -> str:
    return f"councils/{entry.council.slug}/{entry.question_set.id}/"


def set_url(qs: QuestionSet) -> str:
    return f"question-sets/{qs.id}/"


def question_url(qs: QuestionSet, qid: str) -> str:
    return f"question-sets/{qs.id}/{qid}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page's directory URL to another's, as MkDocs writes them."""
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    if to_url == from_url and anchor:
        return anchor
    rel = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    return ("./" if rel == "." else rel + "/") + anchor


def topic_url(topic: Topic) -> str:
    return f"topics/{topic.id}/"


def page_path(url: str) -> str:
    return url + "index.md"


# --- formatting helpers used by templates ------------------------------------------------

def format_number(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,}"


def format_value(value: Value) -> str:
    """A normalised value in words, e.g. "on average 5 weeks", "fewer than 7 children"."""
    if value.yes_no is not None:
        text = "Yes" if value.yes_no else "No"
    elif value.choice is not None:
        text = value.choice
    else:
        number = format_number(value.number)
        singular, plural = UNIT_WORDS.get(value.unit or "count", ("", ""))
        if value.unit == "gbp":
            text = f"£{number}"
        elif value.unit == "percent":
            text = f"{number}%"
        elif value.unit == "count" and value.counting:
            text = f"{number} {value.counting}"
        else:
            word = singular if value.number == 1 else plural
            text = f"{number} {word}".strip()
        if value.per:
            text += f" per {value.per}"
        qualifier = QUALIFIERS[value.qualifier]
        if qualifier == "median":
            text = f"median {text}"
        elif qualifier:
            text = f"{qualifier} {text}"
    extras = []
    if value.period:
        extras.append(value.period)
    if value.as_of:
        extras.append(f"as of {value.as_of.isoformat()}")
    return text + (f" ({'; '.join(extras)})" if extras else "")


def sort_key(n: float) -> str:
    """A number as a table sort key: plain digits, no thousands separators."""
    return str(int(n)) if float(n).is_integer() else repr(float(n))


def format_date(d) -> str:
    return d.strftime("%-d %B %Y") if d else "not known"


def section_label(section: str) -> str:
    if section.startswith(("EIR ", "FOISA ")):
        act, number = section.split(" ", 1)
        return f"{act} s.{number}" if act == "FOISA" else f"EIR reg. {number}"
    return f"s.{section}"


def _outcome_rank(row: analysis.Row) -> int:
    """Sort position of a row's outcome: answered first, no answer last."""
    return compare.OUTCOME_ORDER.index(compare.primary_outcome(row))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        lines=lines, md=md_inline, paragraphs=paragraphs, yaml=yaml_string, value=format_value,
        date=format_date, section=section_label, number=format_number, sortkey=sort_key,
    )
    env.globals.update(
        ANSWER_OUTCOMES=ANSWER_OUTCOMES, RESPONSE_OUTCOMES=RESPONSE_OUTCOMES, REUSE_LABELS=REUSE_LABELS,
        OGL_URL=OGL_URL, OGL_DEFAULT_ATTRIBUTION=OGL_DEFAULT_ATTRIBUTION,
        REGISTER_ATTRIBUTION=REGISTER_ATTRIBUTION, REGISTER_LICENCE_URL=REGISTER_LICENCE_URL,
        REGISTER_SOURCE_URL=REGISTER_SOURCE_URL,
        council_url=council_url, response_url=response_url, set_url=set_url, question_url=question_url,
        topic_url=topic_url, chart=bar_chart, outcome_rank=_outcome_rank, OUTCOME_LABELS=compare.OUTCOME_LABELS,
        label=analysis.label, answers_to=analysis.answers_to, values_for=analysis.values_for,
        resolved_outcome=analysis.resolved_outcome, parent_of=analysis.parent_of,
        question_by_id=analysis.question_by_id,
    )
    return env


_ENV = _environment()


def _render(template: str, url: str, **context) -> str:
    return _ENV.get_template(template).render(page_url=url, rel=partial(relative, url), **context)


def render_site(catalogue: Catalogue, settings: Settings) -> dict[str, str]:
    """Every page of the site as {path under docs_dir: Markdown text}."""
    pages: dict[str, str] = {}
    sets = sorted(catalogue.question_sets.values(), key=lambda qs: (qs.sent is None, qs.sent, qs.title))
    councils = catalogue.councils()
    common = {"settings": settings, "catalogue": catalogue}

    pages[page_path("")] = _render("home.md.j2", "", sets=sets, councils=councils,
                                   latest=analysis.latest(catalogue), **common)
    pages[page_path("councils/")] = _render("councils.md.j2", "councils/", councils=councils, **common)
    pages[page_path("question-sets/")] = _render("question_sets.md.j2", "question-sets/", sets=sets, **common)
    pages[page_path("attributions/")] = _render("attributions.md.j2", "attributions/", **common)

    for council in councils:
        entries = sorted(catalogue.entries_for_council(council.code), key=lambda e: e.question_set.title)
        url = council_url(council)
        pages[page_path(url)] = _render("council.md.j2", url, council=council, entries=entries,
                                        register=catalogue.register, **common)
    for entry in catalogue.entries:
        url = response_url(entry)
        pages[page_path(url)] = _render("response.md.j2", url, entry=entry,
                                        blocks=analysis.response_blocks(entry), **common)
    for qs in sets:
        url = set_url(qs)
        entries = sorted(catalogue.entries_for_set(qs.id), key=lambda e: e.council.nice_name)
        pages[page_path(url)] = _render("question_set.md.j2", url, qs=qs, entries=entries, **common)
        for q in qs.all_questions():
            url = question_url(qs, q.id)
            rows = analysis.question_rows(catalogue, qs, q.id)
            pages[page_path(url)] = _render("question.md.j2", url, qs=qs, q=q, rows=rows,
                                            summary=compare.summarise(rows),
                                            column=compare.value_column(rows, q.id),
                                            topics=catalogue.topics_for(qs.id, q.id), **common)
    topics = sorted(catalogue.topics.values(), key=lambda t: t.title)
    pages[page_path("topics/")] = _render("topics.md.j2", "topics/", topics=topics, **common)
    for topic in topics:
        url = topic_url(topic)
        rows = analysis.topic_rows(catalogue, topic)
        refs = []
        for ref in topic.questions:
            qs = catalogue.question_sets[ref.question_set]
            summary = compare.summarise(analysis.question_rows(catalogue, qs, ref.question))
            refs.append((ref, qs, analysis.question_by_id(qs, ref.question), summary))
        pages[page_path(url)] = _render("topic.md.j2", url, topic=topic, rows=rows, refs=refs, **common)
    return pages
