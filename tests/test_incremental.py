"""Rebuilds: nothing changed writes nothing; one changed response rewrites only the pages
that show it; a damaged cache or docs folder means a full generation. Also the benchmark's
synthetic content, and the fast paths that must give exactly what the slow ones give."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, make_repo
import exports_oracle as exports
from generator.exports.jsonfile import dumps
from generator.exports.links import JSON_SCHEMA
from generator.generate.incremental import generate_apart, generate_incremental
from generator.driver import read_mkdocs_config
from generator.load.settings import settings_from
from generator.write.cache import EXPECTATIONS_FILE, STATE_FILE, cache_dir_for
from generator.load.catalogue import load_catalogue
from generator.verify.fidelity import page_text
from page_text_oracle import page_text_parsed

sys.path.insert(0, str(REPO))
from bench import synth  # noqa: E402
from bench.synth import make_content  # noqa: E402

SET_DAY = "1767225600"  # 2026-01-01, after every synthetic date


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("synthetic")
    made = make_content(where, 20)
    assert made["responses"] == 20
    return where / "content"


@pytest.fixture
def repo(tmp_path, synthetic, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SET_DAY)
    return make_repo(tmp_path / "repo", synthetic)


def run(repo: Path):
    config = read_mkdocs_config(repo)
    return generate_incremental(repo, repo / "build" / "docs", settings_from(config))


def test_synthetic_content_is_valid(synthetic):
    catalogue = load_catalogue(synthetic.parent, today=__import__("datetime").date(2026, 1, 1))
    assert len(catalogue.entries) == 20
    assert catalogue.warnings == []
    assert all(len(e.response.answers) == 10 for e in catalogue.entries)
    outcomes = {a.outcome for e in catalogue.entries for a in e.response.answers}
    assert {"answered", "not_held", "refused"} <= outcomes
    assert len({e.response.reuse.terms for e in catalogue.entries}) > 1


def test_a_rebuild_with_nothing_changed_writes_nothing(repo):
    first = run(repo)
    assert first.report.written and not first.unchanged
    again = run(repo)
    assert again.unchanged and again.catalogue is None
    assert again.report.written == [] and again.report.removed == []
    assert again.expectations == first.expectations
    assert again.entries == 20


def change_first_answer(path: Path, words: str = "Changed after review. ") -> list[str]:
    """Put words before the first answer's text, as the benchmark does; the pages that show
    that answer: the response, the comparison of the question it answers, the downloads."""
    text = path.read_text(encoding="utf-8")
    at = text.index("  text: ", text.index("answers:")) + len("  text: ")
    path.write_text(text[:at] + words + text[at:], encoding="utf-8")
    set_id, council = path.stem, path.parent.name
    return sorted([
        f"councils/{council}/{set_id}/index.md",  # the response
        f"question-sets/{set_id}/q1/index.md",  # the comparison of the question it answers
        "data/answers.csv.gz", "data/answers.json.gz", "data/datapackage.json",
        f"data/question-sets/{set_id}.csv",
    ])


# What a generation needs and a run with nothing changed does not: the loader and models
# (pydantic), the renderer (Jinja), the deadlines (holidays), the downloads, the check.
HEAVY = ("generator.load.catalogue", "generator.load.models", "generator.render.pages", "generator.exports",
         "generator.verify.fidelity", "generator.analyse.deadlines", "pydantic", "jinja2", "holidays", "markdown")


def test_foilog_generate_with_nothing_changed_imports_only_what_it_needs(repo):
    run(repo)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "generate"], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "generator.write.cache" in imported
    assert sorted(m for m in imported if m.startswith(HEAVY)) == []


def test_the_expectations_are_read_only_when_the_check_asks(repo):
    first = run(repo)
    kept = cache_dir_for(repo / "build" / "docs") / EXPECTATIONS_FILE
    st = kept.stat()
    kept.write_bytes(b"\0" * st.st_size)  # damaged, yet the same size and time
    os.utime(kept, ns=(st.st_atime_ns, st.st_mtime_ns))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=repo, env=env, capture_output=True)
    assert done.returncode == 0 and (kept.parent / STATE_FILE).exists()  # not read: nothing noticed
    again = run(repo)
    assert again.unchanged
    assert again.expectations == first.expectations  # made again from content/
    assert not (kept.parent / STATE_FILE).exists()  # and the next run generates in full
    assert not run(repo).unchanged


def test_a_generation_apart_with_nothing_changed_reads_the_expectations_here(repo):
    config = read_mkdocs_config(repo)
    first = generate_apart(repo, repo / "build" / "docs", settings_from(config))
    again = generate_apart(repo, repo / "build" / "docs", settings_from(config))
    assert not first.unchanged and again.unchanged
    assert again.expectations == first.expectations


def test_a_changed_expectations_file_means_a_full_generation(repo):
    run(repo)
    kept = cache_dir_for(repo / "build" / "docs") / EXPECTATIONS_FILE
    kept.write_bytes(kept.read_bytes() + b"\0")
    done = run(repo)
    assert not done.unchanged and done.report.written == []


def test_one_changed_response_rewrites_only_the_pages_that_show_it(repo):
    run(repo)
    path = sorted((repo / "content" / "responses").rglob("*.yaml"))[3]
    expected = change_first_answer(path)
    done = run(repo)
    assert sorted(done.report.written) == expected
    assert done.report.removed == []


@pytest.fixture(scope="module")
def successors(tmp_path_factory) -> Path:
    """The small synthetic log, and replies from councils that share a short name with the
    council they replaced: North Yorkshire County Council and North Yorkshire Council, both
    "North Yorkshire" in the register, and Somerset's two, to a request sent before the
    change and another sent after it."""
    where = tmp_path_factory.mktemp("successors")
    make_content(where, 20)
    content = where / "content"
    register, rng = synth.load_register(), random.Random(3)
    england = {"description": "Every council in England", "nations": ["England"], "types": ["county", "unitary"]}
    for index, sent, codes in ((900, dt.date(2022, 6, 1), ["NYK", "SOM"]), (901, dt.date(2024, 6, 1), ["NYE", "SMT"])):
        qs, flat = synth._question_set(rng, index, sent)
        qs["sent_to"] = england
        synth._dump(qs, content / "question-sets" / f"{qs['id']}.yaml", "schema/question-set.schema.json")
        for code in codes:
            council = register.get(code)
            synth._dump(synth._response(rng, council, qs, flat, sent, dt.date(2026, 1, 1)),
                        content / "responses" / council.slug / f"{qs['id']}.yaml", "../schema/response.schema.json")
    return content


def generate_in_a_new_process(repo: Path, hash_seed: int) -> list[str]:
    """The pages a generation wrote, run as the benchmark runs it: a process of its own,
    whose string hashes, and so the order of its sets, are its own."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SET_DAY, "PYTHONHASHSEED": str(hash_seed), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "bench.stage", "generate", str(repo)], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])["written"]


def test_a_changed_answer_rewrites_the_same_pages_in_any_process(tmp_path, successors):
    """Councils that share a short name keep their order on the home page and the councils
    index from one process to the next, so a changed answer rewrites only its own pages."""
    repo = make_repo(tmp_path / "repo", successors)
    assert len(generate_in_a_new_process(repo, 0)) > 90
    shown = (repo / "build" / "docs" / "councils" / "index.md").read_text(encoding="utf-8")
    names = ["North Yorkshire Council", "North Yorkshire County Council", "Somerset Council", "Somerset County Council"]
    assert [shown.index(f">{name}<") for name in names] == sorted(shown.index(f">{name}<") for name in names)
    responses = sorted((repo / "content" / "responses").rglob("*.yaml"))
    for seed, path in zip((1, 2, 3), responses[3:6]):
        expected = change_first_answer(path)
        assert generate_in_a_new_process(repo, seed) == expected, f"PYTHONHASHSEED={seed}"


def test_a_corrupted_cache_is_ignored(repo):
    run(repo)
    (cache_dir_for(repo / "build" / "docs") / STATE_FILE).write_bytes(b"\x80\x04not a pickle")
    done = run(repo)
    assert not done.unchanged and done.catalogue is not None
    assert done.report.written == []  # every page was already as it should be
    assert run(repo).unchanged


def test_a_damaged_docs_folder_is_regenerated(repo):
    run(repo)
    docs = repo / "build" / "docs"
    (docs / "index.md").unlink()
    (docs / "stray.md").write_text("left behind\n")
    done = run(repo)
    assert not done.unchanged
    assert done.report.written == ["index.md"] and done.report.removed == ["stray.md"]


def test_a_failed_generation_leaves_no_state_claiming_the_old_pages(repo):
    run(repo)
    path = sorted((repo / "content" / "responses").rglob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("outcome:", "outcome_typo:", 1), encoding="utf-8")
    with pytest.raises(Exception):
        run(repo)
    assert not (cache_dir_for(repo / "build" / "docs") / STATE_FILE).exists()


def test_downloads_written_one_set_at_a_time_are_the_same_files(tmp_path):
    shapes = load_catalogue(FIXTURES / "shapes", content_dir="content")
    expected = exports.export_bytes(shapes)
    written, unchanged = exports.write_export_files(tmp_path, shapes)
    assert sorted(written) == sorted(expected) and unchanged == []
    for path, data in expected.items():
        assert (tmp_path / path).read_bytes() == data
    assert exports.write_export_files(tmp_path, shapes) == ([], sorted(expected))


def test_json_downloads_are_laid_out_as_the_standard_library_writes_them():
    """The head of a JSON download is what json.dumps writes with an indent of two, and
    each row is one line of its compact form, so the whole parses to the same document."""
    shapes = load_catalogue(FIXTURES / "shapes", content_dir="content")
    sets = [shapes.question_sets[k] for k in sorted(shapes.question_sets)]
    for publish in (False, True):
        empty = exports.json_text([], sets, JSON_SCHEMA, publish)
        assert empty == dumps(json.loads(empty))
        rows = exports.answer_rows(shapes, publish_personal_contacts=publish)
        text = exports.json_text(rows, sets, JSON_SCHEMA, publish)
        lines = text.splitlines()
        assert lines[len(empty.splitlines()) - 1:-2] == [
            "    " + json.dumps(row, ensure_ascii=False, separators=(", ", ": ")) + ("," if i < len(rows) - 1 else "")
            for i, row in enumerate(rows)]
        assert json.loads(text) == {**json.loads(empty), "rows": rows}


def test_fast_page_text_is_what_the_html_parser_reads(real_site, shapes_site):
    pages = list(real_site.rglob("*.html")) + list(shapes_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert page_text(html) == page_text_parsed(html), page


def test_page_text_reads_the_main_article_only():
    page = ('<p>menu</p><article class="md-content__inner md-typeset"><h1>Title</h1><p>One <b>two</b>'
            '<!-- <p>hidden</p> --><script>var x = "<p>";</script>three &amp; <a title="a > b">four</a></p>'
            '</article><p>footer</p></article>')
    assert page_text(page) == page_text_parsed(page) == "Title One twothree & four"
    unfinished = '<p>menu</p><article class="md-content__inner"><p>text</p>'
    assert page_text(unfinished) == page_text_parsed(unfinished) == "menu text"
    assert page_text("<P>a</P><Td>b</tD><span>c</span>d") == "a b cd"


def test_json_downloads_still_parse(tmp_path):
    shapes = load_catalogue(FIXTURES / "shapes", content_dir="content")
    for path, text in exports.export_files(shapes).items():
        if path.endswith((".json", ".json.gz")):
            json.loads(text)


def test_a_benchmark_run_waits_out_the_last_runs_clean_up(monkeypatch, tmp_path):
    """bench.run.settle: right after another run removed its folders a run waits for the
    rest of SETTLE_SECONDS; with no such run, or long after one, it does not wait."""
    import time

    from bench import run

    slept: list[float] = []
    monkeypatch.setattr(run.time, "sleep", slept.append)
    monkeypatch.setattr(run, "CLEANED", tmp_path / "cleaned")
    run.settle()
    assert slept == []
    run.CLEANED.touch()
    run.settle()
    assert len(slept) == 1 and run.SETTLE_SECONDS - 5 < slept[0] <= run.SETTLE_SECONDS
    long_ago = time.time() - run.SETTLE_SECONDS - 1
    os.utime(run.CLEANED, (long_ago, long_ago))
    run.settle()
    assert len(slept) == 1
