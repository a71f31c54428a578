"""A big log generated on several processes, cut by question set (generator/generate/split.py):
the runs of sets, the same files as one process writes, every problem reported as one
process reports it, and the docs folder left as it was when either process fails."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_repo
from generator.render import pages as render
from generator.generate import split
from generator.load.catalogue import Entry, Known, load_catalogue
from generator.common.problems import ContentError
from test_pipeline import SET_DAY, digests, run, several_sets, synthetic, tree, workers  # noqa: F401 (fixtures)


@pytest.fixture
def repo(tmp_path, several_sets, monkeypatch) -> Path:  # noqa: F811
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SET_DAY)
    return make_repo(tmp_path / "repo", several_sets)


def _known(files: dict[str, int], sets: list[str]) -> Known:
    paths = sorted(Path(f"content/responses/c{i:03d}/{set_id}.yaml") for set_id, n in files.items() for i in range(n))
    return Known(Path("."), dt.date(2026, 1, 1), None, dict.fromkeys(sets), {}, paths, [])


def test_sets_are_cut_in_id_order_into_runs_of_about_equal_numbers_of_responses():
    files = {"a": 10, "b": 30, "c": 20, "d": 25, "e": 15}
    known = _known(files, ["e", "d", "c", "b", "a", "f"])  # f has no response yet
    runs = split.cut_by_set(known, 2)
    assert [sorted(ids) for ids, _ in runs] == [["a", "b"], ["c", "d", "e", "f"]]
    # Every file in exactly one run, in path order, with the other files of its set.
    assert sorted(p for _, paths in runs for p in paths) == known.response_files
    for ids, paths in runs:
        assert paths == sorted(paths) and {p.stem for p in paths} <= ids
    # This process's run is the smaller: it renders the pages that show every set too.
    assert len(runs[0][1]) < len(runs[1][1])
    three = split.cut_by_set(known, 3)
    assert [sorted(ids) for ids, _ in three] == [["a", "b"], ["c"], ["d", "e", "f"]]  # by each set's middle


def test_a_log_that_cannot_be_cut_is_not():
    assert split.cut_by_set(_known({"a": 50}, ["a", "b"]), 2) is None
    assert split.cut_by_set(_known({"a": 50, "b": 1}, ["a", "b"]), 3) is None
    # A file in no known set's name is read by this process; its problems are reported.
    known = _known({"a": 5, "b": 5, "zzz": 1}, ["a", "b"])
    first = split.cut_by_set(known, 2)[0][1]
    assert any(p.stem == "zzz" for p in first)


def _spy(monkeypatch) -> list:
    calls = []
    real = split.generate_split

    def spy(docs_dir, known, runs, *args, **kwargs):
        calls.append([len(files) for _, files in runs])
        return real(docs_dir, known, runs, *args, **kwargs)

    monkeypatch.setattr("generator.generate.split.generate_split", spy)
    return calls


def test_the_processes_write_exactly_what_one_process_writes(repo, monkeypatch):
    calls = _spy(monkeypatch)
    workers(monkeypatch, 1)
    _, one = run(repo, repo / "one")
    assert calls == []
    workers(monkeypatch, 2)
    _, two = run(repo, repo / "two")
    assert len(calls) == 1 and all(calls[0]), calls
    assert digests(repo / "one") == digests(repo / "two")
    assert one.written == two.written
    assert not [p for p in (repo / "two").rglob("*") if p.name.startswith(".foilog-")]


def _break(path: Path) -> None:
    path.write_text(path.read_text().replace("outcome: ", "outcome: maybe-", 1))


@pytest.mark.parametrize("where", ["this process's", "a worker's", "both"])
def test_problems_are_reported_as_one_process_reports_them_and_nothing_is_written(repo, monkeypatch, where):
    calls = _spy(monkeypatch)
    docs = repo / "build" / "docs"
    workers(monkeypatch, 2)
    run(repo, docs)
    before = tree(docs)
    files = sorted((repo / "content" / "responses").rglob("*.yaml"))
    runs = split.cut_by_set(_read_known(repo), 2)
    mine, theirs = runs[0][1], runs[1][1]
    broken = {"this process's": [mine[0]], "a worker's": [theirs[-1]], "both": [mine[-1], theirs[0]]}[where]
    for path in broken:
        _break(path)
    reports = []
    for jobs in (1, 2):
        workers(monkeypatch, jobs)
        with pytest.raises(ContentError) as err:
            run(repo, docs)
        reports.append(err.value.problems)
    assert reports[0] == reports[1]
    assert {p.path for p in reports[1] if p.severity == "error"} == {
        p.relative_to(repo).as_posix() for p in broken}
    assert len(calls) == 2, "the second and third runs were cut by question set"
    assert tree(docs) == before
    assert files == sorted((repo / "content" / "responses").rglob("*.yaml"))


def _read_known(repo: Path) -> Known:
    from generator.load.catalogue import read_known

    return read_known(repo)


@pytest.mark.parametrize("failing", ["a worker dies", "a worker's page fails", "this process's page fails"])
def test_a_failure_in_either_process_leaves_the_docs_folder_as_it_was(repo, monkeypatch, failing):
    docs = repo / "build" / "docs"
    workers(monkeypatch, 2)
    run(repo, docs)
    real = render.render_page
    parent = os.getpid()

    def changed(plan, job):
        rel, text = real(plan, job)
        here = os.getpid() == parent
        if failing == "a worker dies" and not here:
            os._exit(3)
        if job[0] == "question" and here == (failing == "this process's page fails"):
            raise RuntimeError("a template failed")
        return rel, text + "\nchanged\n"

    monkeypatch.setattr("generator.render.pages.render_page", changed)
    before = tree(docs)
    expected = "ended before it had finished" if failing == "a worker dies" else "a template failed"
    with pytest.raises(RuntimeError, match=expected):
        run(repo, docs)
    assert tree(docs) == before


@pytest.fixture
def shapes_with_a_topic(tmp_path) -> Path:
    """The shapes fixture with a second question set and a topic joining a question that
    one reply answers with "see our answer to q1"."""
    where = tmp_path / "shapes"
    shutil.copytree(FIXTURES / "shapes", where)
    sets = where / "content" / "question-sets"
    text = (sets / "ot-waiting-2022.yaml").read_text()
    (sets / "ot-waiting-2023.yaml").write_text(text.replace("id: ot-waiting-2022", "id: ot-waiting-2023", 1))
    (where / "content" / "topics").mkdir()
    (where / "content" / "topics" / "waits.yaml").write_text(
        "id: waits\ntitle: Waits\nquestions:\n"
        "  - question_set: ot-waiting-2022\n    question: q6\n"
        "  - question_set: ot-waiting-2023\n    question: q6\n")
    return where


def test_a_worker_sends_what_the_pages_showing_every_set_need_and_no_more(shapes_with_a_topic):
    """The pages that show every set, rendered from the copies the workers send, are those
    rendered from the whole responses; the copies leave out answers those pages never show."""
    today = dt.date(2026, 1, 1)
    catalogue = load_catalogue(shapes_with_a_topic, today=today)
    compared = split._compared_questions(_read_known(shapes_with_a_topic))
    assert compared == {"ot-waiting-2022": {"q6"}, "ot-waiting-2023": {"q6"}}
    sent = [Entry(e.path, split.for_shared_pages(e, compared.get(e.question_set.id, ())), e.council,
                  e.question_set) for e in catalogue.entries]
    kept = sum(len(e.response.answers) for e in sent)
    assert 0 < kept < sum(len(e.response.answers) for e in catalogue.entries)
    carlisle = next(e for e in sent if e.path.endswith("/car/ot-waiting-2022.yaml"))
    assert [a.questions for a in carlisle.response.answers] == [["q1"], ["q6", "q7b"]], \
        "the answer to q6 and the answer it points to"
    whole = render.plan_site(catalogue, render.Settings(), today)
    copied = render.plan_site(type(catalogue)(catalogue.register, catalogue.question_sets, sent,
                                              catalogue.warnings, catalogue.topics), render.Settings(), today)
    shared = [job for job in render.page_jobs(whole) if job[0] not in split.SET_PAGES]
    assert {job[0] for job in shared} >= {"home", "council", "topic", "attributions"}
    for job in shared:
        assert render.render_page(copied, job) == render.render_page(whole, job), job
