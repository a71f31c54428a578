"""Replies and answers transcribed from an incomplete copy: the mark a contributor gives
(`incomplete_copy`) shows on the reply's page, in every comparison row, on the question
set's page and in the downloads, and the nothing-lost check misses none of it."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import shutil
from pathlib import Path

import pytest
from generator.engines.base import BuildFailed

from conftest import FIXTURES, make_repo
from generator.render import partial
from generator.driver import build_site
from generator.load.catalogue import load_catalogue
from exports_oracle import export_files
from generator.render.pages import page_jobs, plan_site, render_page
from generator.load.settings import Settings

SET = "ot-waiting-2022"
WHOLE = "Pages 3 and 4 of the letter are missing from the published copy."
ONE = "The table's last column is cut off in the scan."
TITLE = "Transcribed from an incomplete copy"


def marked_content(where: Path) -> Path:
    """The shapes fixture's content with Greenwich's whole reply, and one of Leeds's
    answers (to question 2), marked as transcribed from an incomplete copy."""
    content = where / "content"
    shutil.copytree(FIXTURES / "shapes" / "content", content)
    gre = content / "responses" / "gre" / f"{SET}.yaml"
    gre.write_text(gre.read_text(encoding="utf-8") + f"incomplete_copy: {WHOLE}\n", encoding="utf-8")
    lds = content / "responses" / "lds" / f"{SET}.yaml"
    text = lds.read_text(encoding="utf-8")
    assert text.count("  - questions: [q2]\n") == 1
    lds.write_text(text.replace("  - questions: [q2]\n", f"  - questions: [q2]\n    incomplete_copy: {ONE}\n"),
                   encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("incomplete")
    marked_content(where)
    return where


@pytest.fixture(scope="module")
def site(marked) -> dict[str, str]:
    catalogue = load_catalogue(marked)
    plan = plan_site(catalogue, Settings(), dt.date(2026, 1, 1))
    return {path: html.unescape(text) for path, text in (render_page(plan, job) for job in page_jobs(plan))}


def reply_page(site: dict[str, str], name: str) -> str:
    (found,) = [text for path, text in site.items() if path.startswith("councils/")
                and path.endswith(f"/{SET}/index.md") and f"\n# {name}" in text]
    return found


def test_the_reply_page_shows_both_marks(site):
    gre = reply_page(site, "Greenwich")
    assert f"<strong>{TITLE}</strong>" in gre and WHOLE in gre
    lds = reply_page(site, "Leeds")
    assert f"<strong>{TITLE}:</strong> {ONE}" in lds and WHOLE not in lds


def comparison_rows(page: str) -> dict[str, str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [r for r in body.split("</tr>") if "<th" in r]
    return {r.split("</a></th>", 1)[0].rsplit(">", 1)[1]: r for r in rows}


def test_every_comparison_row_of_a_marked_reply_says_so(site):
    for qid in ("q1", "q2", "q7a", "q10"):
        rows = comparison_rows(site[f"question-sets/{SET}/{qid}/index.md"])
        greenwich = next(r for name, r in rows.items() if "Greenwich" in name)
        assert f"{TITLE}:</strong> {WHOLE}" in greenwich, qid  # answered or not, the whole reply is marked
        leeds = next(r for name, r in rows.items() if "Leeds" in name)
        assert (ONE in leeds) == (qid == "q2"), qid
        assert all(WHOLE not in r and ONE not in r for name, r in rows.items() if "Greenwich" not in name
                   and "Leeds" not in name)


def test_the_set_page_lists_and_marks_them(site):
    page = site[f"question-sets/{SET}/index.md"]
    listed = page.split('<ul class="foilog-partial-list">', 1)[1].split("</ul>", 1)[0]
    assert WHOLE in listed and f"Question 2: {ONE}" in listed
    matrix = page.split('<table class="foilog-matrix">', 1)[1].split("</table>", 1)[0]
    assert matrix.count('class="foilog-partial"') == 2  # Greenwich's row, Leeds's question 2


def test_the_downloads_carry_the_marks(marked):
    files = export_files(load_catalogue(marked))
    rows = list(csv.DictReader(io.StringIO(files["data/answers.csv.gz"].removeprefix("\ufeff"), newline="")))
    from_json = json.loads(files["data/answers.json.gz"])["rows"]
    for table in (rows, from_json):
        greenwich = [r for r in table if r["council_code"] == "GRE"]
        assert greenwich and {r["response_incomplete_copy"] for r in greenwich} == {WHOLE}
        assert any(r["outcome"] == "no_answer" for r in greenwich)
        leeds = {r["question_id"]: r for r in table if r["council_code"] == "LDS"}
        assert leeds["q2"]["incomplete_copy"] == ONE
        assert {r["incomplete_copy"] for q, r in leeds.items() if q != "q2"} <= {"", None}
        assert {r["response_incomplete_copy"] for r in table if r["council_code"] != "GRE"} <= {"", None}
    package = json.loads(files["data/datapackage.json"])
    names = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert {"incomplete_copy", "response_incomplete_copy"} <= set(names)


def test_a_build_that_drops_the_marks_fails(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo", marked_content(tmp_path / "marked"))
    build_site(repo)  # every mark is on its page
    again = make_repo(tmp_path / "again", marked_content(tmp_path / "marked-again"))
    monkeypatch.setattr(partial, "mark", lambda note: "")
    monkeypatch.setattr(partial, "notice", lambda note: "")
    with pytest.raises(BuildFailed) as err:
        build_site(again)
    assert "the mark of an incomplete copy is not on its page" in str(err.value)
