"""Rendering on several cores: the same files as in one process, nothing half-written when
a worker fails, and files no longer part of the site removed."""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, make_repo
import multiprocessing

from generator.common import pool, processes
from generator.common.pool import Task, Then
from generator.render import pages as render
from generator.write.files import TMP_PREFIX, TMP_SUFFIX
from generator.generate.run import generate
from generator.driver import read_mkdocs_config
from generator.load.settings import settings_from

sys.path.insert(0, str(REPO))
from bench.synth import make_content  # noqa: E402

SET_DAY = "1767225600"  # 2026-01-01, after every synthetic date


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("synthetic")
    make_content(where, 40)
    return where / "content"


@pytest.fixture(scope="module")
def several_sets(tmp_path_factory) -> Path:
    """The small synthetic log (one question set) with four more sets: three with a few
    replies each, and one that has none yet."""
    import datetime as dt
    import random

    from bench import synth

    where = tmp_path_factory.mktemp("several")
    make_content(where, 40)
    content = where / "content"
    rng, councils = random.Random(5), [synth.load_register().get(code) for code in ("BIR", "LDS", "MAN", "SHF")]
    england = {"description": "Every council in England", "nations": ["England"], "types": ["metropolitan_district"]}
    for index, replies in ((910, 4), (911, 0), (912, 2), (913, 3)):
        sent = dt.date(2023, 1, 1) + dt.timedelta(days=index)
        qs, flat = synth._question_set(rng, index, sent)
        qs["sent_to"] = england
        synth._dump(qs, content / "question-sets" / f"{qs['id']}.yaml", "schema/question-set.schema.json")
        for council in councils[:replies]:
            synth._dump(synth._response(rng, council, qs, flat, sent, dt.date(2026, 1, 1)),
                        content / "responses" / council.slug / f"{qs['id']}.yaml", "../schema/response.schema.json")
    return content


@pytest.fixture
def repo(tmp_path, several_sets, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SET_DAY)
    return make_repo(tmp_path / "repo", several_sets)


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its digest and modification time."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def digests(folder: Path) -> dict[str, str]:
    return {path: digest for path, (digest, _) in tree(folder).items()}


def run(repo: Path, docs: Path):
    return generate(repo, docs, settings_from(read_mkdocs_config(repo)))


def workers(monkeypatch, n: int, download_rows: int = 30) -> None:
    monkeypatch.setenv("FOILOG_JOBS", str(n))
    monkeypatch.setattr("generator.generate.run.PARALLEL_FROM", 0)
    monkeypatch.setattr("generator.generate.run.PAGE_COST_PER_TASK", 7)
    monkeypatch.setattr("generator.generate.run.DOWNLOAD_ROWS_PER_TASK", download_rows)


def test_workers_write_exactly_what_one_process_writes(repo, monkeypatch):
    workers(monkeypatch, 1)
    _, one = run(repo, repo / "one")
    workers(monkeypatch, 2)
    _, two = run(repo, repo / "two")
    assert digests(repo / "one") == digests(repo / "two")
    assert one.written == two.written and len(two.written) > 60
    assert not list((repo / "two").rglob(TMP_PREFIX + "*"))


def test_a_second_run_rewrites_nothing_and_removes_what_is_gone(repo, monkeypatch):
    workers(monkeypatch, 2)
    docs = repo / "build" / "docs"
    run(repo, docs)
    stray = docs / "councils" / "not-a-council" / "index.md"
    stray.parent.mkdir()
    stray.write_text("left from an older build\n")
    (docs / "data" / (TMP_PREFIX + "abc" + TMP_SUFFIX)).write_text("left by a crash")
    before = tree(docs)
    _, report = run(repo, docs)
    assert report.written == []
    assert report.removed == ["councils/not-a-council/index.md"]
    after = tree(docs)
    assert not stray.parent.exists()
    assert after == {k: v for k, v in before.items()
                     if k != "councils/not-a-council/index.md" and TMP_PREFIX not in k}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_page_leaves_the_docs_folder_as_it_was(repo, monkeypatch, jobs):
    workers(monkeypatch, jobs)
    docs = repo / "build" / "docs"
    run(repo, docs)
    # Change every page's text, so that a finished run would rewrite them all ...
    real = render.render_page

    def changed(plan, job):
        rel, text = real(plan, job)
        if job[0] == "question":
            raise RuntimeError("a template failed")
        return rel, text + "\nchanged\n"

    monkeypatch.setattr("generator.render.pages.render_page", changed)
    before = tree(docs)
    with pytest.raises(RuntimeError, match="a template failed"):
        run(repo, docs)
    # ... but this one failed on its question pages: nothing was replaced, nothing left behind.
    assert tree(docs) == before


def test_downloads_made_by_several_tasks_are_the_files_one_task_makes(repo, monkeypatch):
    """Each task makes the downloads of a run of question sets; the whole-log files and the
    Data Package, put together from theirs, are byte for byte those of a single task, and
    those export_files makes in memory."""
    from generator.load.catalogue import load_catalogue
    from exports_oracle import export_bytes
    from generator.exports.sets import set_runs

    catalogue = load_catalogue(repo)
    assert len(catalogue.question_sets) == 5
    assert [len(run) for run in set_runs(catalogue, 30)] == [1, 1, 1, 2]  # the set without replies shares a run
    assert len(set_runs(catalogue, 10**9)) == 1
    made = {}
    for jobs, rows in ((1, 10**9), (2, 10**9), (1, 30), (2, 30), (2, 1)):
        workers(monkeypatch, jobs, rows)
        docs = repo / f"docs-{jobs}-{rows}"
        run(repo, docs)
        made[jobs, rows] = {path: digest for path, digest in digests(docs).items() if path.startswith("data/")}
        assert not list(docs.rglob(TMP_PREFIX + "*"))
    expected = {path: hashlib.sha256(data).hexdigest() for path, data in export_bytes(catalogue).items()}
    assert len(expected) == 5 + 4
    assert all(files == expected for files in made.values())


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("failing", ["a set's rows", "the whole-log files"])
def test_a_failing_download_leaves_the_docs_folder_as_it_was(repo, monkeypatch, jobs, failing):
    from generator.exports.columns import REUSE_NOTE
    from generator.exports.sets import sets_in_order
    from generator.write import downloads

    workers(monkeypatch, jobs)
    docs = repo / "build" / "docs"
    run(repo, docs)
    # Change every download and page, so that a finished run would rewrite them all ...
    for module in ("jsonfile", "schema", "datapackage"):
        monkeypatch.setattr(f"generator.exports.{module}.REUSE_NOTE", REUSE_NOTE + " Changed.")
    monkeypatch.setattr("generator.write.downloads.csv_header", lambda: "changed,header\n")
    monkeypatch.setattr("generator.write.downloads.wide_header", lambda qs: "changed,header\n")
    real_page, real_lines, real_whole = render.render_page, downloads.set_lines, downloads.stage_whole_files
    monkeypatch.setattr("generator.render.pages.render_page", lambda plan, job: (
        lambda rel, text: (rel, text + "\nchanged\n"))(*real_page(plan, job)))
    last = sorted(sets_in_order(load(repo)), key=lambda qs: qs.id)[-1].id

    def set_lines(catalogue, qs, publish):
        if failing == "a set's rows" and qs.id == last:
            raise RuntimeError("a download failed")
        return real_lines(catalogue, qs, publish)

    def whole_files(docs_dir, catalogue, shares, **kwargs):
        assert len(shares) == 4
        if failing == "the whole-log files":
            raise RuntimeError("a download failed")
        return real_whole(docs_dir, catalogue, shares, **kwargs)

    monkeypatch.setattr("generator.write.downloads.set_lines", set_lines)
    monkeypatch.setattr("generator.write.downloads.stage_whole_files", whole_files)
    before = tree(docs)
    with pytest.raises(RuntimeError, match="a download failed"):
        run(repo, docs)
    # ... but a download failed: nothing was replaced, no temporary file left behind.
    assert tree(docs) == before


def test_one_changed_answer_rewrites_its_sets_downloads_and_the_whole_log_files(repo, monkeypatch):
    """The whole-log files are put together from every set's compressed rows, made again
    for the sets that did not change: they are still exactly right."""
    from exports_oracle import export_bytes
    from test_incremental import change_first_answer

    workers(monkeypatch, 2)
    docs = repo / "build" / "docs"
    run(repo, docs)
    path = sorted((repo / "content" / "responses").rglob("occupational-therapy-in-ehcps-2025-913.yaml"))[1]
    expected = [p for p in change_first_answer(path) if p.startswith("data/")]
    assert len(expected) == 4
    _, report = run(repo, docs)
    assert [p for p in report.written if p.startswith("data/")] == expected
    assert {p: d for p, d in digests(docs).items() if p.startswith("data/")} == {
        path: hashlib.sha256(data).hexdigest() for path, data in export_bytes(load(repo)).items()}


def load(repo: Path):
    from generator.load.catalogue import load_catalogue

    return load_catalogue(repo)


def test_the_number_of_workers_can_be_set(monkeypatch):
    monkeypatch.setenv("FOILOG_JOBS", "3")
    assert processes.workers_wanted() == 3
    monkeypatch.setenv("FOILOG_JOBS", "many")
    with pytest.raises(ValueError, match="FOILOG_JOBS"):
        processes.workers_wanted()
    monkeypatch.delenv("FOILOG_JOBS")
    assert processes.workers_wanted() == len(os.sched_getaffinity(0))


def test_reading_on_several_cores_reports_the_same_problems(repo, monkeypatch):
    from generator.load.catalogue import load_catalogue
    from generator.common.problems import ContentError

    files = sorted((repo / "content" / "responses").rglob("*.yaml"))
    first, last = files[0], files[-1]
    first.write_text(first.read_text().replace("outcome: ", "outcome: maybe-", 1))
    last.write_text(last.read_text() + "council: XYZ\n")
    reports = []
    for jobs in (1, 2):
        monkeypatch.setenv("FOILOG_JOBS", str(jobs))
        monkeypatch.setattr("generator.load.catalogue.PARALLEL_FROM", 0)
        monkeypatch.setattr("generator.load.catalogue.RESPONSES_PER_TASK", 3)
        with pytest.raises(ContentError) as err:
            load_catalogue(repo)
        reports.append(err.value.problems)
    assert reports[0] == reports[1]
    paths = {p.path for p in reports[0]}
    assert paths == {first.relative_to(repo).as_posix(), last.relative_to(repo).as_posix()}


def test_a_long_attributions_list_is_divided_into_short_sections(repo, monkeypatch):
    """Each section of the attributions page names a bounded number of councils, so that
    no section (which search engines index as one entry) grows with the log; every
    response is still credited, once."""
    import re

    from generator.load.catalogue import load_catalogue

    monkeypatch.setattr("generator.render.pages.HEADINGS_FROM", 4)
    monkeypatch.setattr("generator.render.pages.COUNCILS_PER_HEADING", 3)
    catalogue = load_catalogue(repo)
    plan = render.plan_site(catalogue, render.Settings())
    _, text = render.render_page(plan, render.PageJob("attributions"))
    sections = re.split(r"^#{2,3} .*$", text, flags=re.M)
    assert max(s.count("<li>") for s in sections) <= 3
    assert len(re.findall(r"^### .+ \{#(ogl|restricted|not-stated)-\d+\}$", text, re.M)) >= 4
    linked = re.findall(r'<a href="\.\./(councils/[^"]+/)">', text)
    assert sorted(linked) == sorted(render.response_url(e) for e in catalogue.entries)


def _fail_with_problems():
    from generator.common.problems import ContentError, Problem

    raise ContentError([Problem("content/x.yaml", 3, 1, "bad", "fix it")])


def _pid_and_value(value):
    return os.getpid(), value * 2


def _die():
    os._exit(3)


def test_a_call_apart_runs_in_another_process_and_brings_back_its_result_or_error():
    from generator.common.problems import ContentError

    pid, value = processes.call_apart(_pid_and_value, 21)
    assert value == 42 and pid != os.getpid()
    with pytest.raises(ContentError) as err:
        processes.call_apart(_fail_with_problems)
    assert [str(p) for p in err.value.problems] == ["content/x.yaml:3:1: bad (fix it)"]
    with pytest.raises(RuntimeError, match="exit code 3"):
        processes.call_apart(_die)


def _echo(channel, *args):
    """A worker that says where it runs, echoes one message, then fails if told to."""
    channel.send("hello", (os.getpid(), os.getpgid(0), args))
    told = channel.receive("echo")
    channel.send("echo", told)
    if told == "fail":
        raise ValueError("failed as told")


@pytest.mark.parametrize("told", ["again", "fail"])
@pytest.mark.parametrize("group", [True, False])
def test_a_worker_runs_apart_and_its_error_is_raised_here(told, group):
    worker = processes.Worker(_echo, 1, "two", group=group)
    pid, pgid, args = worker.receive("hello")
    assert pid == worker.process.pid != os.getpid() and args == (1, "two")
    assert pgid == (pid if group else os.getpgid(0)), "a group of its own only when asked"
    worker.send("echo", told)
    assert worker.receive("echo") == told
    if told == "fail":
        with pytest.raises(ValueError, match="failed as told"):
            worker.receive()
    else:
        with pytest.raises(RuntimeError, match="ended before it had finished"):
            worker.receive()
    worker.join()
    assert worker.process.exitcode == 0


def _counted(i: int, fail_at: int, started) -> int:
    with started.get_lock():
        started.value += 1
    time.sleep(0.05)
    if i == fail_at:
        raise RuntimeError("the first task failed")
    return i


def test_a_failure_cancels_the_tasks_not_yet_started():
    started = multiprocessing.get_context("fork").Value("i", 0)
    with pytest.raises(RuntimeError, match="the first task failed"):
        pool.run_tasks([Task(_counted, (i, 0, started)) for i in range(40)], 2)
    assert started.value < 10, "the tasks waiting were not started"
    assert multiprocessing.active_children() == []


def _where(i: int, fail_at: int | None = None) -> tuple[int, int]:
    time.sleep(0.05)
    if i == fail_at:
        raise RuntimeError(f"task {i} failed in process {os.getpid()}")
    return i, os.getpid()


def test_this_process_takes_tasks_while_the_workers_have_theirs():
    results = pool.run_tasks([Task(_where, (i,)) for i in range(12)], 2)
    assert [i for i, _ in results] == list(range(12)), "results in the tasks' order"
    here = [i for i, pid in results if pid == os.getpid()]
    assert here and len(here) < 12, results
    assert len({pid for _, pid in results}) == 2
    assert 2 in here, "the first task after the workers' share is this process's"


@pytest.mark.parametrize("fail_at", [0, 2, 11])  # a worker's, this process's, the last
def test_a_failing_task_in_either_process_fails_the_run(fail_at):
    with pytest.raises(RuntimeError, match=f"task {fail_at} failed"):
        pool.run_tasks([Task(_where, (i, fail_at)) for i in range(12)], 2)
    assert multiprocessing.active_children() == [], "every worker has ended"


@pytest.mark.parametrize("jobs", [1, 2])
def test_written_files_are_readable_as_any_file_written_in_place(repo, monkeypatch, jobs):
    """Pages and downloads get the permissions open() would give them (not mkstemp's 0600)."""
    import stat

    workers(monkeypatch, jobs)
    mask = os.umask(0o022)
    os.umask(mask)
    _, report = run(repo, repo / "docs")
    files = [repo / "docs" / rel for rel in report.written]
    assert any(rel.endswith(".csv") for rel in report.written) and any(rel.endswith("index.md") for rel in report.written)
    modes = {stat.S_IMODE(path.stat().st_mode) for path in files}
    assert modes == {0o666 & ~mask}, {oct(m) for m in modes}


def _timed(i: int) -> tuple[int, float, float]:
    start = time.perf_counter()
    time.sleep(0.05)
    return i, start, time.perf_counter()


@pytest.mark.parametrize("jobs", [1, 2])
def test_what_the_first_tasks_made_is_put_together_as_soon_as_they_are_done(jobs):
    """`then` gets the first tasks' results in order, and runs before the last tasks start
    in this process (so the workers go on meanwhile); its result comes last."""
    seen = []

    def together(results):
        seen.append(time.perf_counter())
        return [i for i, _, _ in results]

    results = pool.run_tasks([Task(_timed, (i,)) for i in range(16)], jobs, then=Then(4, together))
    *tasks, made = results
    assert made == [0, 1, 2, 3]
    assert [i for i, _, _ in tasks] == list(range(16))
    assert len(seen) == 1
    assert seen[0] >= max(end for _, _, end in tasks[:4]), "after the first four were done"
    assert seen[0] < max(start for _, start, _ in tasks), "before the last task started"


@pytest.mark.parametrize("jobs", [1, 2])
def test_putting_together_after_the_last_task_or_failing(jobs):
    assert pool.run_tasks([Task(_timed, (i,)) for i in range(3)], jobs, then=Then(3, len))[-1] == 3

    def broken(results):
        raise RuntimeError("putting together failed")

    with pytest.raises(RuntimeError, match="putting together failed"):
        pool.run_tasks([Task(_timed, (i,)) for i in range(8)], jobs, then=Then(2, broken))
    assert multiprocessing.active_children() == []
