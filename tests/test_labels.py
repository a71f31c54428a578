"""How questions and question sets are named and counted on the pages and in the downloads:
every part its own label, counts as the request counts its questions, a year said once,
and the home page's title said once."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from generator.analyse import analysis
from generator.load.catalogue import load_catalogue
from exports_oracle import export_files
from generator.analyse.formatting import question_count, year_suffix
from generator.load.models import QuestionSet
from generator.render.pages import page_jobs, plan_site, render_page
from generator.load.settings import Settings

SET = "ot-waiting-2022"


def pages(catalogue) -> dict[str, str]:
    plan = plan_site(catalogue, Settings(), dt.date(2026, 1, 1))
    return {path: html.unescape(text) for path, text in (render_page(plan, job) for job in page_jobs(plan))}


@pytest.fixture(scope="module")
def unnumbered(tmp_path_factory) -> Path:
    """The shapes fixture with question 7's number and its parts' letters taken out."""
    where = tmp_path_factory.mktemp("unnumbered") / "shapes"
    shutil.copytree(FIXTURES / "shapes", where)
    path = where / "content" / "question-sets" / f"{SET}.yaml"
    text = path.read_text(encoding="utf-8")
    text, parts = re.subn(r"\n        number: [ab]\n", "\n", text)
    text, questions = re.subn(r'(  - id: q7\n)    number: "7"\n', r"\1", text)
    assert (parts, questions) == (2, 1)
    path.write_text(text, encoding="utf-8")
    return where


def test_parts_without_numbers_are_named_by_their_place(unnumbered):
    catalogue = load_catalogue(unnumbered)
    qs = catalogue.question_sets[SET]
    q7 = analysis.question_by_id(qs, "q7")
    labels = [analysis.label(q, qs) for q in qs.all_questions()]
    assert len(set(labels)) == len(labels), labels
    position = qs.questions.index(q7) + 1
    first, second = (f"Question {position}, part {n}" for n in (1, 2))
    assert [analysis.label(p, qs) for p in q7.parts] == [first, second]

    site = pages(catalogue)
    assert not any("Part of Question" in text for text in site.values())
    question_page = site[f"question-sets/{SET}/q7b/index.md"]
    assert f"# {second}" in question_page
    set_page = site[f"question-sets/{SET}/index.md"]
    assert f">{first}</a>" in set_page and f">{second}</a>" in set_page  # the list of questions
    assert f">{position}, part 2</a></th>" in set_page  # the outcome matrix's column
    responses = [text for path, text in site.items() if path.startswith("councils/") and f"/{SET}/" in path]
    assert any(second in text for text in responses)

    files = export_files(catalogue)
    whole = io.StringIO(files["data/answers.csv.gz"].removeprefix("\ufeff"), newline="")
    rows = [r for r in csv.DictReader(whole) if r["question_set"] == SET]
    assert {r["question_label"] for r in rows if r["question_id"] == "q7a"} == {first}
    assert {r["question_label"] for r in rows if r["question_id"] == "q7b"} == {second}
    (resource,) = [r for r in json.loads(files["data/datapackage.json"])["resources"] if r["name"] == f"set-{SET}-csv"]
    titles = {f["name"]: f["title"] for f in resource["schema"]["fields"]}
    assert (titles["q7a_words"], titles["q7b_outcome"]) == (f"{first}: words", f"{second}: outcome")


def test_a_part_lettered_under_an_unnumbered_question_takes_its_place():
    qs = QuestionSet.model_validate({"id": "s", "title": "S", "questions": [
        {"id": "a", "text": "A?"},
        {"id": "b", "text": "B?", "parts": [{"id": "b1", "number": "a", "text": "B1?"},
                                            {"id": "b2", "text": "B2?"}]},
        {"id": "c", "number": "7", "text": "C?", "parts": [{"id": "c1", "number": "7a", "text": "C1?"},
                                                           {"id": "c2", "number": "b", "text": "C2?"}]},
    ]})
    assert [analysis.label(q, qs) for q in qs.all_questions()] == [
        "Question 1", "Question 2", "Question 2a", "Question 2, part 2", "Question 7", "Question 7a", "Question 7b"]


def test_counts_say_how_many_questions_the_request_asked(unnumbered):
    one = QuestionSet.model_validate({"id": "s", "title": "S", "questions": [{"id": "a", "text": "A?"}]})
    assert question_count(one) == "1 question"
    catalogue = load_catalogue(unnumbered)
    qs = catalogue.question_sets[SET]
    asked, every = len(qs.questions), len(qs.all_questions())
    assert asked < every
    expected = f"{asked} questions ({every} with their parts)"
    assert question_count(qs) == expected
    site = pages(catalogue)
    assert expected in site["index.md"] and expected in site[f"question-sets/{SET}/index.md"]
    assert expected in site["question-sets/index.md"]
    assert f"<strong>{asked}</strong> questions asked ({every} with their parts)" in site["index.md"]
    assert not re.search(r"\b1 questions\b", "".join(site.values()))


def test_a_year_already_in_the_title_is_not_repeated():
    compare = load_catalogue(FIXTURES / "compare")
    titled = next(qs for qs in compare.question_sets.values() if str(qs.year_sent) in qs.title)
    assert year_suffix(titled) == ""
    untitled = titled.model_copy(update={"title": "OT waits in London"})
    assert year_suffix(untitled) == f" ({titled.year_sent})"
    assert year_suffix(titled.model_copy(update={"title": "Waits 20210", "sent": None, "year": 2021})) == " (2021)"
    home = pages(compare)["index.md"]
    assert f"{titled.title}</strong></a> ({titled.year_sent})" not in home
    assert f"{titled.title}</strong></a></p>" in home


def test_the_home_page_title_is_the_site_name_once(real_site):
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(.*?)</title>", home) == ["FOI disclosure log"]
    other = (real_site / "question-sets" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(.*?)</title>", other) == ["Question sets - FOI disclosure log"]


def test_a_topic_counts_the_question_sets_it_joins():
    compare = load_catalogue(FIXTURES / "compare")
    topic = next(iter(compare.topics.values()))
    qs = compare.question_sets[topic.questions[0].question_set]
    other = next(q.id for q in qs.all_questions() if q.id != topic.questions[0].question)
    # A second question from a set already joined adds a question, not a set.
    extra = topic.questions[0].model_copy(update={"question": other})
    compare.topics[topic.id] = topic.model_copy(update={"questions": [*topic.questions, extra]})
    sets = len({ref.question_set for ref in topic.questions})
    page = next(text for path, text in pages(compare).items() if path.startswith(f"topics/{topic.id}/"))
    assert f"joins questions from {sets} question sets" in page
