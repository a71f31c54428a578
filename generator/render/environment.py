"""The Jinja environment every page's template is rendered in: its filters (how a value is
escaped or worded where it lands) and its globals (the links, the fragment functions that
make repeated rows, the labels). `render_template` renders one page."""

from __future__ import annotations

from functools import partial

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.analyse import analysis, compare
from generator.common.escape import finalize, lines, md_inline, yaml_string
from generator.exports.links import download_href, export_links
from generator.analyse.formatting import (
    OGL_DEFAULT_ATTRIBUTION, OGL_URL, REUSE_LABELS, council_url, format_date, format_number, format_value,
    mailto, question_count, question_url, relative, response_url, section_label, set_url, short_date, sort_key,
    topic_url, year_suffix,
)
from generator.analyse.measure import RULES as CONVERSION_RULES
from generator.load.vocabulary import ANSWER_OUTCOMES, RESPONSE_OUTCOMES
from generator.load.register import REGISTER_ATTRIBUTION, REGISTER_LICENCE_URL, REGISTER_SOURCE_URL
from generator.render import fragments, partial as incomplete, rows, search_marks
from generator.render.charts import bar_chart
from generator.render.feed import FEED_PATH


class _Environment(Environment):
    def make_globals(self, d):
        """A template's globals as a plain dict, not Jinja's ChainMap over the
        environment's: every render copies them into the page's context, and a ChainMap
        is copied a lookup at a time. The globals are all set before any template is
        loaded."""
        return {**self.globals, **(d or {})}


def _environment() -> Environment:
    env = _Environment(
        finalize=finalize,
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the templates do not change while pages render
    )
    env.filters.update(
        lines=lines, md=md_inline, paragraphs=fragments.paragraphs, yaml=yaml_string, value=format_value,
        date=format_date, shortdate=short_date, section=section_label, number=format_number, sortkey=sort_key,
    )
    env.globals.update(
        ANSWER_OUTCOMES=ANSWER_OUTCOMES, RESPONSE_OUTCOMES=RESPONSE_OUTCOMES, REUSE_LABELS=REUSE_LABELS,
        OGL_URL=OGL_URL, OGL_DEFAULT_ATTRIBUTION=OGL_DEFAULT_ATTRIBUTION,
        REGISTER_ATTRIBUTION=REGISTER_ATTRIBUTION, REGISTER_LICENCE_URL=REGISTER_LICENCE_URL,
        REGISTER_SOURCE_URL=REGISTER_SOURCE_URL,
        council_url=council_url, response_url=response_url, set_url=set_url, question_url=question_url,
        topic_url=topic_url, mailto=mailto, chart=bar_chart, export_links=export_links, download_href=download_href,
        FEED_PATH=FEED_PATH, OUTCOME_LABELS=compare.OUTCOME_LABELS,
        label=analysis.label, answers_to=analysis.answers_to, values_for=analysis.values_for,
        resolved_outcome=analysis.resolved_outcome, parent_of=analysis.parent_of,
        question_by_id=analysis.question_by_id, question_count=question_count, year_suffix=year_suffix,
        CONVERSION_RULES=CONVERSION_RULES, incomplete_copies=incomplete.set_list, incomplete_notice=incomplete.notice,
        # The fragments: rows and marks a page repeats, made in Python (see fragments.py).
        badge=fragments.badge, reuse_mark=fragments.reuse_mark, options=fragments.options,
        contact=fragments.contact,
        comparison_rows_html=rows.comparison_rows_html, topic_rows_html=rows.topic_rows_html,
        outcome_matrix_rows=rows.outcome_matrix_rows, deadline_rows=rows.deadline_rows,
        council_response_rows=rows.council_response_rows,
        # What the search index reads beyond a page's words (search_marks.py).
        response_marks=search_marks.response_marks, council_marks=search_marks.council_marks,
        set_marks=search_marks.set_marks, question_marks=search_marks.question_marks,
    )
    return env


_ENV = _environment()


def render_template(template: str, url: str, **context) -> str:
    """The page at `url` (under the site's top), from `template` in templates/ with
    `context`; the template also gets `page_url` and `rel`, which makes a site path
    relative to the page."""
    return _ENV.get_template(template).render(page_url=url, rel=partial(relative, url), **context)
