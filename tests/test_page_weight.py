"""No page grows with the log: a question set, question, topic or the attributions page
that shows every reply has its long tables cut into pages of a bounded number of rows
(render/paging.py), and a set's links to ask the authorities not in this log are on a
page per region. The same synthetic log is rendered with a third of its councils and
with all of them; the largest page of each kind must not grow with them. The page
limits are made small so that a log of a few hundred replies is cut as one of 10,000 is."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import make_content  # noqa: E402
from generator.load.catalogue import load_catalogue  # noqa: E402
from generator.load.settings import Settings  # noqa: E402
from generator.render import pages  # noqa: E402

# At most this much larger, with three times the councils (a list of links to a table's
# pages grows a little, up to the register's size over a page's rows).
GROWTH = 1.25
# Pages that name each council of the log once: they grow with it up to the register's
# size (about 70 KB with every council), no further.
ONE_LINE_A_COUNCIL = {"home", "councils"}
LIMITS = {"QUESTION_ROWS_PER_PAGE": 30, "TOPIC_ROWS_PER_PAGE": 30, "DEADLINE_ROWS_PER_PAGE": 60,
          "MATRIX_CELLS_PER_PAGE": 300, "ATTRIBUTION_COUNCILS_PER_PAGE": 20, "ASK_BYTES_PER_PAGE": 20_000}


def _largest_by_kind(repo: Path) -> dict[str, tuple[int, str]]:
    plan = pages.plan_site(load_catalogue(repo), Settings())
    largest: dict[str, tuple[int, str]] = {}
    for job in pages.page_jobs(plan):
        path, text = pages.render_page(plan, job)
        largest[job.kind] = max(largest.get(job.kind, (0, "")), (len(text.encode()), path))
    return largest


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    """(a third of the councils, every council) of one synthetic log of two question sets
    and a topic joining them."""
    whole = tmp_path_factory.mktemp("whole")
    make_content(whole, 360)
    sets = sorted(p.stem for p in (whole / "content" / "question-sets").glob("*.yaml"))
    (whole / "content" / "topics").mkdir(exist_ok=True)
    (whole / "content" / "topics" / "first-questions.yaml").write_text(yaml.safe_dump(
        {"id": "first-questions", "title": "The first questions",
         "questions": [{"question_set": s, "question": "q1"} for s in sets]}), encoding="utf-8")
    third = tmp_path_factory.mktemp("third")
    shutil.copytree(whole / "content", third / "content")
    for i, folder in enumerate(sorted((third / "content" / "responses").iterdir())):
        if i % 3:
            shutil.rmtree(folder)
    return third, whole


def test_no_page_grows_with_the_log(logs, monkeypatch):
    for name, value in LIMITS.items():
        monkeypatch.setattr(f"generator.render.paging.{name}", value)
    small, large = (_largest_by_kind(repo) for repo in logs)
    # The long tables were cut: every kind of page below a page was made.
    assert {"question-part", "topic-part", "set-deadlines", "set-outcomes", "set-ask",
            "attributions-part"} <= set(large)
    grown = {kind: (small[kind], found) for kind, found in large.items()
             if kind in small and kind not in ONE_LINE_A_COUNCIL and found[0] > small[kind][0] * GROWTH}
    assert not grown, f"pages that grow with the log (kind: (largest of a third, largest of all)): {grown}"
    # Fewer replies leave more authorities to ask: a region's links are cut by their size.
    for largest in (small, large):
        assert largest["set-ask"][0] < LIMITS["ASK_BYTES_PER_PAGE"] + 4000, largest["set-ask"]


@pytest.mark.parametrize("qid", ["ask", "deadlines", "outcomes", "response"])
def test_a_question_may_not_take_the_address_of_a_set_page(qid):
    """A question set's pages of links to ask and of its long tables are below its page,
    where its questions' pages are: no question may have the same name; nor one whose
    columns in the set's CSV file would have a response column's name."""
    from generator.load.checks import check_question_set
    from generator.load.models import QuestionSet

    qs = QuestionSet.model_validate({"id": "x", "title": "X", "year": 2020,
                                     "questions": [{"id": "q1", "text": "Q?", "parts": [{"id": qid, "text": "P?"}]}]})
    assert [(f[0], f[1]) for f in check_question_set(qs, "x")] == [
        (("questions", 0, "parts", 0, "id"), f"question id `{qid}` is taken by another page or download column of the question set")]
