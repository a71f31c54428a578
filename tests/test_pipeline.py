"""Rendering on several cores: the same files as in one process, nothing half-written when
a worker fails, and files no longer part of the site removed."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_repo
from generator import pipeline, render
from generator.build import generate, read_mkdocs_config, settings_from

sys.path.insert(0, str(REPO))
from bench.synth import make_content  # noqa: E402

SET_DAY = "1767225600"  # 2026-01-01, after every synthetic date


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("synthetic")
    make_content(where, 40)
    return where / "content"


@pytest.fixture
def repo(tmp_path, synthetic, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SET_DAY)
    return make_repo(tmp_path / "repo", synthetic)


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its digest and modification time."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def digests(folder: Path) -> dict[str, str]:
    return {path: digest for path, (digest, _) in tree(folder).items()}


def run(repo: Path, docs: Path):
    return generate(repo, docs, settings_from(read_mkdocs_config(repo)))


def workers(monkeypatch, n: int) -> None:
    monkeypatch.setenv("FOILOG_JOBS", str(n))
    monkeypatch.setattr("generator.build.PARALLEL_FROM", 0)
    monkeypatch.setattr("generator.build.PAGES_PER_TASK", 7)


def test_workers_write_exactly_what_one_process_writes(repo, monkeypatch):
    workers(monkeypatch, 1)
    _, one = run(repo, repo / "one")
    workers(monkeypatch, 2)
    _, two = run(repo, repo / "two")
    assert digests(repo / "one") == digests(repo / "two")
    assert one.written == two.written and len(two.written) > 60
    assert not list((repo / "two").rglob(pipeline.TMP_PREFIX + "*"))


def test_a_second_run_rewrites_nothing_and_removes_what_is_gone(repo, monkeypatch):
    workers(monkeypatch, 2)
    docs = repo / "build" / "docs"
    run(repo, docs)
    stray = docs / "councils" / "not-a-council" / "index.md"
    stray.parent.mkdir()
    stray.write_text("left from an older build\n")
    (docs / "data" / (pipeline.TMP_PREFIX + "abc" + pipeline.TMP_SUFFIX)).write_text("left by a crash")
    before = tree(docs)
    _, report = run(repo, docs)
    assert report.written == []
    assert report.removed == ["councils/not-a-council/index.md"]
    after = tree(docs)
    assert not stray.parent.exists()
    assert after == {k: v for k, v in before.items()
                     if k != "councils/not-a-council/index.md" and pipeline.TMP_PREFIX not in k}


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

    monkeypatch.setattr("generator.render.render_page", changed)
    before = tree(docs)
    with pytest.raises(RuntimeError, match="a template failed"):
        run(repo, docs)
    # ... but this one failed on its question pages: nothing was replaced, nothing left behind.
    assert tree(docs) == before


def test_the_number_of_workers_can_be_set(monkeypatch):
    monkeypatch.setenv("FOILOG_JOBS", "3")
    assert pipeline.workers_wanted() == 3
    monkeypatch.setenv("FOILOG_JOBS", "many")
    with pytest.raises(ValueError, match="FOILOG_JOBS"):
        pipeline.workers_wanted()
    monkeypatch.delenv("FOILOG_JOBS")
    assert pipeline.workers_wanted() == len(os.sched_getaffinity(0))


def test_reading_on_several_cores_reports_the_same_problems(repo, monkeypatch):
    from generator.catalogue import load_catalogue
    from generator.problems import ContentError

    files = sorted((repo / "content" / "responses").rglob("*.yaml"))
    first, last = files[0], files[-1]
    first.write_text(first.read_text().replace("outcome: ", "outcome: maybe-", 1))
    last.write_text(last.read_text() + "council: XYZ\n")
    reports = []
    for jobs in (1, 2):
        monkeypatch.setenv("FOILOG_JOBS", str(jobs))
        monkeypatch.setattr("generator.catalogue.PARALLEL_FROM", 0)
        monkeypatch.setattr("generator.catalogue.RESPONSES_PER_TASK", 3)
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

    from generator.catalogue import load_catalogue

    monkeypatch.setattr("generator.render.HEADINGS_FROM", 4)
    monkeypatch.setattr("generator.render.COUNCILS_PER_HEADING", 3)
    catalogue = load_catalogue(repo)
    plan = render.plan_site(catalogue, render.Settings())
    _, text = render.render_page(plan, ("attributions",))
    sections = re.split(r"^#{2,3} .*$", text, flags=re.M)
    assert max(s.count("<li>") for s in sections) <= 3
    assert len(re.findall(r"^### .+ \{#(ogl|restricted|not-stated)-\d+\}$", text, re.M)) >= 4
    linked = re.findall(r'<a href="\.\./(councils/[^"]+/)">', text)
    assert sorted(linked) == sorted(render.response_url(e) for e in catalogue.entries)


def _fail_with_problems():
    from generator.problems import ContentError, Problem

    raise ContentError([Problem("content/x.yaml", 3, 1, "bad", "fix it")])


def _pid_and_value(value):
    return os.getpid(), value * 2


def _die():
    os._exit(3)


def test_a_call_apart_runs_in_another_process_and_brings_back_its_result_or_error():
    from generator.problems import ContentError

    pid, value = pipeline.call_apart(_pid_and_value, 21)
    assert value == 42 and pid != os.getpid()
    with pytest.raises(ContentError) as err:
        pipeline.call_apart(_fail_with_problems)
    assert [str(p) for p in err.value.problems] == ["content/x.yaml:3:1: bad (fix it)"]
    with pytest.raises(RuntimeError, match="exit code 3"):
        pipeline.call_apart(_die)
