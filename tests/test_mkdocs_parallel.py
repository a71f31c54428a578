"""MkDocs writing the pages on several processes (generator/engines/mkdocs/parallel.py).

The site must be the same, byte for byte, as MkDocs builds in one process (search index
included); a warning logged while a forked process writes a page must count in strict
mode, once; a failure there must fail the build and leave the published site as it was.
The real sites are below the size where pages are shared out, so the tests lower it.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from mkdocs.commands import build as mkdocs_build
from generator.engines.base import BuildFailed

from conftest import FIXTURES, make_repo, site_files
from generator.engines.compact import compact_html
from test_mkdocs_fast import mkdocs_log
from generator.engines.mkdocs import parallel as mkdocs_parallel
from generator.driver import build_site


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.fixture
def shared_out(monkeypatch):
    """Pages shared out from four pages on, between this process and two forked ones."""
    monkeypatch.setattr(mkdocs_parallel, "PARALLEL_FROM", 4)
    monkeypatch.setenv("FOILOG_JOBS", "3")


def tree(site):
    return site_files(site)


def leftovers(repo):
    return sorted(p.name for p in repo.iterdir() if p.name.startswith(".site-build-"))


@pytest.mark.parametrize("log", [None, "shapes", "compare"])
def test_the_site_is_the_same_as_one_process_builds(log, tmp_path, monkeypatch, shared_out):
    repo = make_repo(tmp_path / (log or "real"), FIXTURES / log / "content" if log else None)
    shared = tree(build_site(repo, repo / "site-shared"))
    runs = mkdocs_parallel._state["last"]
    assert len(runs) == 3 and all(runs), runs
    monkeypatch.setenv("FOILOG_JOBS", "1")
    alone = tree(build_site(repo, repo / "site-alone"))
    assert mkdocs_parallel._state["last"] == [], "FOILOG_JOBS=1 writes every page here"
    assert sorted(shared) == sorted(alone)
    differ = [path for path in shared if shared[path] != alone[path]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"
    assert sum(map(len, runs)) == sum(1 for p in alone if p.endswith(".html") and p != "404.html")
    assert len(alone["pagefind/filter/*"]) > 100


def _with_a_link(monkeypatch, kind: str, to_kind: str):
    """The first page of `kind` (as the generator writes it) gets a Markdown link to an
    anchor that does not exist on the first page of `to_kind`; (from, to) source paths."""
    from generator.analyse import formatting
    from generator.render import pages as render

    original, urls = render.render_page, {}

    def render_page(plan, job):
        path, text = original(plan, job)
        urls.setdefault(job[0], path)
        if job[0] == kind and urls[kind] == path:
            target = _first_page(plan, to_kind)
            link = formatting.relative(path[:-len("index.md")], target[:-len("index.md")]) + "index.md"
            text += f"\n[a link]({link}#no-such-anchor)\n"
        return path, text

    monkeypatch.setattr(render, "render_page", render_page)


def _first_page(plan, kind):
    from generator.render.pages import page_jobs, render_page

    return render_page(plan, next(job for job in page_jobs(plan) if job[0] == kind))[0]


@pytest.mark.parametrize("kind, to_kind", [("response", "question"), ("question", "response")])
def test_links_to_anchors_across_processes_are_checked(kind, to_kind, tmp_path, monkeypatch, shared_out):
    """A link to a missing anchor fails a strict build, from a page this process writes to
    one a forked process writes, and the other way."""
    repo = make_repo(tmp_path / "real")
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nvalidation:\n  anchors: warn\n", encoding="utf-8")
    _with_a_link(monkeypatch, kind, to_kind)
    with mkdocs_log() as lines, pytest.raises(BuildFailed, match="Aborted with 1 warnings"):
        build_site(repo)
    said = [line for line in lines if "does not contain an anchor '#no-such-anchor'" in line]
    assert len(said) == 1, said
    runs = mkdocs_parallel._state["last"]
    source = next(i for i, run in enumerate(runs) for uri in run if said[0].startswith(f"Doc file '{uri}'"))
    target = next(i for i, run in enumerate(runs) for uri in run if f"the doc '{uri}'" in said[0])
    assert source != target, (source, target)


def _on_last_page(action):
    """MkDocs's page writer, doing `action` first for the last page (written by a forked process)."""
    original = mkdocs_build._build_page

    def build_page(page, config, doc_files, *args, **kwargs):
        if page is doc_files[-1].page:
            action(page)
        return original(page, config, doc_files, *args, **kwargs)

    return build_page


def test_a_warning_from_another_process_counts_once_in_strict_mode(tmp_path, monkeypatch, shared_out):
    repo = make_repo(tmp_path / "real")
    before = tree(build_site(repo))

    def warn(page):
        logging.getLogger("mkdocs.plugins.test").warning("something is wrong with %s", page.file.src_uri)

    monkeypatch.setattr(mkdocs_build, "_build_page", _on_last_page(warn))
    with mkdocs_log() as lines, pytest.raises(BuildFailed, match="Aborted with 1 warnings in strict mode"):
        build_site(repo)
    assert len(mkdocs_parallel._state["last"]) == 3
    said = [line for line in lines if line.startswith("something is wrong with ")]
    assert len(said) == 1, "logged here once, as the forked process said it"
    assert tree(repo / "site") == before
    assert leftovers(repo) == []


def test_a_failure_in_another_process_fails_the_build(tmp_path, monkeypatch, shared_out):
    repo = make_repo(tmp_path / "real")
    before = tree(build_site(repo))

    def fail(page):
        raise RuntimeError(f"cannot write {page.file.src_uri}")

    monkeypatch.setattr(mkdocs_build, "_build_page", _on_last_page(fail))
    with mkdocs_log() as lines, pytest.raises(BuildFailed):
        build_site(repo)
    assert any("writing pages in another process failed: RuntimeError: cannot write" in line for line in lines), lines
    assert mkdocs_build._build_page is not mkdocs_parallel._build_mine, "MkDocs's own writer is put back"
    assert mkdocs_build._populate_page is not mkdocs_parallel._populate_mine
    assert tree(repo / "site") == before
    assert leftovers(repo) == []


@pytest.mark.parametrize("plugins, command, jobs, on", [
    (["generator/engines/mkdocs/hook.py"], "build", "2", True),
    (["generator/engines/mkdocs/fast.py", "generator/engines/mkdocs/parallel.py"], "build", "2", True),
    (["generator/engines/mkdocs/hook.py"], "gh-deploy", "2", False),
    (["generator/engines/mkdocs/hook.py"], "serve", "2", False),
    (["generator/engines/mkdocs/hook.py"], "build", "1", False),
    (["material/search", "generator/engines/mkdocs/hook.py"], "build", "2", False),
    (["material/blog", "generator/engines/mkdocs/hook.py"], "build", "2", False),
])
def test_only_a_full_build_with_known_plugins_shares_pages_out(plugins, command, jobs, on, monkeypatch):
    monkeypatch.setenv("FOILOG_JOBS", jobs)
    config = SimpleNamespace(plugins={name: object() for name in plugins})
    assert mkdocs_parallel.configure(config, command) is on
    assert mkdocs_parallel.configure(config, command, dirty=True) is False


def test_as_a_hook_of_its_own_the_site_is_the_same(tmp_path, monkeypatch):
    """`hooks: [generator/engines/mkdocs/parallel.py]`: MkDocs loads the module by its path,
    which pickle cannot import, and yet what the forked processes send comes back."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.common import processes

    repo = make_repo(tmp_path / "real")
    alone = tree(build_site(repo))
    config_file = repo / "mkdocs-fast-parallel.yml"
    config_file.write_text((repo / "mkdocs.yml").read_text().replace(
        "  - generator/engines/mkdocs/hook.py",
        "  - generator/engines/mkdocs/fast.py\n  - generator/engines/mkdocs/parallel.py"))
    monkeypatch.setattr(processes, "PARALLEL_FROM", 4)  # read by the module MkDocs loads
    monkeypatch.setenv("FOILOG_JOBS", "3")
    monkeypatch.chdir(repo)
    config = load_config(str(config_file), site_dir=str(repo / "site-hook"))
    hook = config.hooks["generator/engines/mkdocs/parallel.py"]
    assert hook is not mkdocs_parallel
    build(config)
    assert len(hook._state["last"]) == 3 and all(hook._state["last"])
    # Without foilog's hook nothing makes the search index, nor takes the theme's white
    # space out (engines/compact.py): the rest is the same.
    shared = {path: compact_html(data.decode()).encode() if path.endswith(".html") else data
              for path, data in tree(repo / "site-hook").items()}
    alone = {path: data for path, data in alone.items() if not path.startswith("pagefind/")}
    differ = [path for path in alone if shared.get(path) != alone[path]]
    assert sorted(shared) == sorted(alone) and not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"
