"""Comparison figures on a fixture whose answers were counted by hand
(tests/fixtures/compare): outcome summaries, refusal sections, comparable units, sort
keys, the chart and its text, and a topic joining two question sets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_lib
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, page_text
from generator.analyse import analysis, compare
from generator.load.catalogue import load_catalogue
from generator.analyse.deadlines import deadline_for

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(FIXTURES / "compare", today=TODAY)


def rows_for(catalogue, set_id, qid):
    return analysis.comparison_rows(catalogue, catalogue.question_sets[set_id], qid)


def by_council(rows):
    return {row.council.code: row for row in rows}


def test_summary_counts_each_council_once(catalogue):
    summary = compare.summarise(rows_for(catalogue, "ot-waits-2021", "wait"))
    assert summary.replied == 6
    assert summary.counts == (("answered", 4), ("not_held", 1), ("redirected", 1))
    assert summary.sections == ()

    waiting = compare.summarise(rows_for(catalogue, "ot-waits-2021", "waiting"))
    assert waiting.counts == (("answered", 2), ("partially_answered", 1), ("refused", 2), ("redirected", 1))
    assert waiting.sections == (("12", 2), ("40(2)", 1))
    assert sum(n for _, n in waiting.counts) == waiting.replied


def test_not_replied_joins_the_bars(catalogue):
    summary = compare.summarise(rows_for(catalogue, "ot-waits-2021", "wait"), not_replied=27, meant_for=32)
    assert summary.bars()[-1] == ("not_replied", "Not in this log", 27)


def test_mixed_outcomes_count_as_partly_answered(catalogue):
    row = by_council(rows_for(catalogue, "ot-waits-2021", "wait"))["CMD"]
    mixed = analysis.Row(row.entry, row.answers, ("answered", "refused"))
    assert compare.primary_outcome(mixed) == "partially_answered"
    refused_and_not_held = analysis.Row(row.entry, row.answers, ("refused", "not_held"))
    assert compare.primary_outcome(refused_and_not_held) == "not_held"


TWO_MONTHS_IN_DAYS = 2 * 365.25 / 12  # a month taken as a twelfth of 365.25 days


def test_lengths_of_time_compare_in_days_marking_approximations(catalogue):
    rows = rows_for(catalogue, "ot-waits-2021", "wait")
    column = compare.value_column(rows, "wait")
    assert column.family == "days" and column.convert == frozenset({"days"})
    cells = {row.council.code: column.cell(row, "wait") for row in rows}
    items, number, group = cells["CMD"]
    assert (number, group) == (42, 0) and items[0][1].converted and items[0][1].words == "42 days"
    assert items[0][1].sign == "="               # 6 weeks are exactly 42 days
    assert cells["HCK"][1:] == (45, 0) and not cells["HCK"][0][0][1].converted
    assert cells["SWK"][1:] == (21, 0)
    (months, comp), = cells["LEW"][0]
    assert cells["LEW"][1:] == (TWO_MONTHS_IN_DAYS, 0) and comp.converted
    assert (comp.sign, comp.words) == ("≈", "60.88 days")
    assert cells["ISL"][1:] == (None, 2) and cells["ADU"][1:] == (None, 2)


def test_one_unit_is_not_converted(catalogue):
    rows = rows_for(catalogue, "ot-waits-2023", "assessment-wait")
    column = compare.value_column(rows, "assessment-wait")
    assert column.family == "days" and column.convert == frozenset()
    items, number, _ = column.cell(by_council(rows)["CMD"], "assessment-wait")
    assert number == 8 * 7 and not items[0][1].converted  # shown as given, sorted in days


def sort_keys(html, column):
    """The keys one column of the comparison table sorts by, in row order, as the tables'
    script takes them: a cell's data-sort, else its text (None for an empty cell)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    keys = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd]([^>]*)>(.*?)</t[hd]>", row, re.S)
        attrs, inner = cells[column]
        match = re.search(r'data-sort="([^"]*)"', attrs)
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        keys.append(match.group(1) if match else (text or None))
    return keys


def test_question_page_chart_text_and_sort_keys(compare_site):
    html = (compare_site / "question-sets/ot-waits-2021/wait/index.html").read_text(encoding="utf-8")
    svg = ET.fromstring(re.search(r"<svg class=\"foilog-chart__svg\".*?</svg>", html, re.S).group(0))
    ns = {"s": "http://www.w3.org/2000/svg"}
    bars = [(g.get("class").split("--")[1], g.findall("s:text", ns)[1].text) for g in svg.findall("s:g", ns)]
    # 32 London boroughs were meant; 5 replied (Adur is not one of them): 27 have not.
    assert bars == [("answered", "4"), ("not_held", "1"), ("redirected", "1"), ("not_replied", "27")]
    assert svg.get("role") == "img" and svg.find("s:title", ns).text.startswith("Outcomes of Question 1")
    text = page_text(html)
    assert ("6 councils in this log replied to this question set: 4 answered, 1 not held, 1 redirected. "
            "27 of the 32 authorities it was meant for are not in this log.") in text
    assert "Camden Answered On average 6 weeks. on average 6 weeks = 42 days OGL" in text
    # Rows are in council-name order; value keys are numbers in days, months among them.
    assert sort_keys(html, 0) == ["Adur", "Camden", "Hackney", "Islington", "Lewisham", "Southwark"]
    assert sort_keys(html, 3) == [None, "42", "45", None, repr(TWO_MONTHS_IN_DAYS), "21"]
    assert f'data-sort="{TWO_MONTHS_IN_DAYS!r}">' in html  # group 0, the script's default
    assert "Lewisham Answered 2 months. 2 months ≈ 60.88 days OGL" in text
    assert "a month is taken as 30.44 days (365.25 ÷ 12)" in text
    assert 'src="../../../assets/javascripts/foilog.js"' in html


def test_refusal_sections_on_the_page(compare_site):
    text = page_text((compare_site / "question-sets/ot-waits-2021/waiting/index.html").read_text(encoding="utf-8"))
    assert "Sections cited in refusals: s.12 by 2 councils; s.40(2) by 1 council." in text


def test_topic_joins_two_sets(catalogue, compare_site):
    topic = catalogue.topics["ot-assessment-wait"]
    rows = analysis.topic_comparison_rows(catalogue, topic)
    assert [(t.row.council.code, t.question_set.year_sent, t.question.id) for t in rows] == [
        ("ADU", 2021, "wait"), ("CMD", 2021, "wait"), ("CMD", 2023, "assessment-wait"),
        ("HCK", 2021, "wait"), ("HCK", 2023, "assessment-wait"), ("ISL", 2021, "wait"),
        ("LEW", 2021, "wait"), ("SWK", 2021, "wait"),
    ]
    text = page_text((compare_site / "topics/ot-assessment-wait/index.html").read_text(encoding="utf-8"))
    assert "Camden 2023 Question 1 OT waits in London 2023 Answered 8 weeks. 8 weeks = 56 days" in text
    assert "Hackney 2023 Question 1 OT waits in London 2023 No answer recorded" in text
    question_page = page_text((compare_site / "question-sets/ot-waits-2021/wait/index.html").read_text(encoding="utf-8"))
    assert "Also asked in other words: Waiting for an OT assessment" in question_page


def test_deadlines_worked_out_while_loading_are_those_of_each_response(catalogue):
    """Loading works out each response's deadline for the pages when asked to; an entry
    copied with another response, or asked about another day, gets that response's own."""
    from generator.analyse.deadlines import deadline_of

    later = TODAY + dt.timedelta(days=400)
    derived = load_catalogue(FIXTURES / "compare", today=TODAY, derive=deadline_for)
    assert all(entry.derived is None for entry in catalogue.entries), "nothing worked out unless asked"
    for entry in derived.entries:
        assert entry.derived is not None
        assert deadline_of(entry, TODAY) is entry.derived.value
        assert deadline_of(entry, TODAY) == deadline_for(entry.response, TODAY)
        assert deadline_of(entry, later) == deadline_for(entry.response, later)
    first, second = derived.entries[0], derived.entries[1]
    swapped = dataclasses.replace(first, response=second.response)
    assert deadline_of(swapped, TODAY) == deadline_for(second.response, TODAY)
    assert deadline_of(swapped, TODAY) != deadline_of(first, TODAY)
