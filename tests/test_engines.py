"""The driver builds with either engine, with the same checks and the same atomic swap;
the MkDocs hook does only MkDocs's part when the driver runs it; the MkDocs speed-ups fall
back to plain MkDocs, with one warning, when an internal they rely on has changed.

Zensical is installed by the test suite's set-up (scripts/bootstrap --browser): these
tests fail, not skip, without it."""

from __future__ import annotations

import importlib.util
import logging
import signal
import subprocess
import sys

import pytest

from conftest import dropped_from_built_pages, make_repo, page_text, site_files
from test_fidelity import digest
from test_seeds import _lines
from test_validation import COVENTRY, edit
from generator.driver import build, build_site
from generator.verify.fidelity import NothingLost
from generator.engines import zensical as zensical_engine
from generator.engines.base import NAMES, BuildFailed, EngineFailed, engine_named
from generator.engines.mkdocs import fast as mkdocs_fast, internals, parallel as mkdocs_parallel

SEED_PAGES = {
    "leicester-city-council-ehcp-ot-provision.txt": "councils/lce/ehcp-ot-provision-2019/index.html",
    "coventry-city-council-ehcp-information-request.txt": "councils/cov/ehcp-information-request-2022/index.html",
}


def foilog(repo, *args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo, capture_output=True, text=True,
                          timeout=300)


def leftovers(repo):
    return sorted(p.name for p in repo.iterdir() if p.name.startswith((".site-build-", "site.old-")))


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.mark.parametrize("engine", NAMES)
def test_each_engine_builds_a_site_with_every_seed_answer(engine, tmp_path):
    repo = make_repo(tmp_path / "repo")
    built = build(repo, engine=engine)
    site = built.site_dir
    assert site == (repo / "site").resolve()
    assert built.engine.engine == engine and built.engine.warnings == 0, built.engine.messages
    for seed, page in SEED_PAGES.items():
        text = page_text((site / page).read_text(encoding="utf-8"))
        missing = [line for line in _lines(seed) if line not in text]
        assert not missing, f"{engine}: lines of {seed} not on the page:\n" + "\n".join(missing)
    # The same search index whatever the engine, and not the engine's own.
    assert (site / "pagefind" / "pagefind.js").is_file() and any((site / "pagefind" / "fragment").iterdir())
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'type="search"' in home and 'data-md-component="search"' not in home  # the engine's own search is off
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "404.html").is_file() and (site / "sitemap.xml").is_file()
    assert leftovers(repo) == []
    assert [p.name for p in repo.iterdir() if p.name.endswith(".zensical.yml")] == []


@pytest.mark.parametrize("engine", NAMES)
def test_a_bad_content_file_is_refused_and_the_site_kept(engine, tmp_path):
    repo = make_repo(tmp_path / "repo")
    ok = foilog(repo, "build", "--engine", engine)
    assert ok.returncode == 0, ok.stderr
    before = digest(repo / "site")
    edit(repo, COVENTRY, "  - questions: [q8]", "  - questionz: [q8]")
    failed = foilog(repo, "build", "--engine", engine)
    assert failed.returncode == 1
    assert f"{COVENTRY}:81:5: unknown key `questionz`" in failed.stderr
    assert "The previous site, if any, was left as it was." in failed.stderr
    assert digest(repo / "site") == before
    assert leftovers(repo) == []


@pytest.mark.parametrize("engine", NAMES)
def test_a_failed_nothing_lost_check_keeps_the_site_under_each_engine(engine, tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo")
    build_site(repo, engine=engine)
    before = digest(repo / "site")
    dropped_from_built_pages(monkeypatch, engine, "Spot purchasing")
    with pytest.raises(NothingLost) as err:
        build_site(repo, engine=engine)
    assert "does not show everything in content/" in str(err.value)
    assert digest(repo / "site") == before
    assert leftovers(repo) == []


def test_a_zensical_failure_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo")
    build_site(repo, engine="zensical")
    before = digest(repo / "site")
    original = zensical_engine.config_for

    def broken(*args, **kwargs):
        config = original(*args, **kwargs)
        config["docs_dir"] = str(repo / "build" / "docs")  # 0.0.73 stops on an absolute docs_dir
        return config

    monkeypatch.setattr(zensical_engine, "config_for", broken)
    with pytest.raises(EngineFailed, match="Zensical failed"):
        build_site(repo, engine="zensical")
    assert digest(repo / "site") == before
    assert leftovers(repo) == []
    assert [p.name for p in repo.iterdir() if p.name.endswith(".zensical.yml")] == []


def test_zensical_warnings_are_counted_and_fail_a_strict_build(tmp_path):
    repo = make_repo(tmp_path / "repo")
    build_site(repo, engine="zensical")
    before = digest(repo / "site")
    docs = repo / "build" / "docs"
    out = tmp_path / "out"
    page = docs / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[a link](no-such-page.md)\n", encoding="utf-8")
    out.mkdir()
    report = engine_named("zensical").build(repo, docs, out, strict=False)
    assert report.warnings == 1 and "index.md:" in report.messages[0], report.messages
    again = tmp_path / "again"
    again.mkdir()
    with pytest.raises(EngineFailed) as err:
        engine_named("zensical").build(repo, docs, again)
    assert err.value.report.warnings == 1
    assert digest(repo / "site") == before


def test_problems_in_zensical_output():
    output = ("Build started\n\x1b[33mWarning:\x1b[0m page does not exist\n    \x1b[38;5;246m╭─[\x1b[0m index.md:67:10 ]\n"
              "Error: something broke\nWarning: Strict mode is currently unsupported.\n2 issues found\n")
    assert zensical_engine.problems_in(output) == ["Warning: page does not exist (index.md:67:10)",
                                                   "Error: something broke"]


def test_a_missing_zensical_is_named_with_how_to_install_it(tmp_path, monkeypatch, capsys):
    from generator import cli

    repo = make_repo(tmp_path / "repo")
    build_site(repo)
    before = digest(repo / "site")
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "zensical" else find_spec(name, *args))
    monkeypatch.chdir(repo)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert cli.main(["build", "--engine", "zensical"]) == 1
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    said = capsys.readouterr().err
    assert "Zensical is not installed. `./scripts/build --engine zensical` installs it" in said
    assert "The previous site, if any, was left as it was." in said
    assert digest(repo / "site") == before
    assert leftovers(repo) == []


def test_plain_mkdocs_build_makes_the_same_site_as_foilog_build(tmp_path):
    repo = make_repo(tmp_path / "repo")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    plain = site_files(repo / "site")
    site = build_site(repo, repo / "site-driven")
    driven = site_files(site)
    assert driven == plain
    assert leftovers(repo) == []


def test_under_the_driver_the_hook_does_not_generate_again(tmp_path, monkeypatch):
    import generator.generate.incremental as incremental

    calls = []
    original = incremental.generate_apart

    def counted(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(incremental, "generate_apart", counted)
    build_site(make_repo(tmp_path / "repo"))
    assert len(calls) == 1


# --- the MkDocs speed-ups' internals ----------------------------------------------------------

def _warnings(caplog):
    return [r for r in caplog.records if r.name == internals.log.name]


def _tree(site):
    return site_files(site)


def test_every_internal_holds_with_the_installed_versions():
    assert [i for i in internals.TABLE if i.trouble() is not None] == []
    assert internals.check({internals.FAST, internals.RENDER, internals.PARALLEL}) == {
        internals.FAST, internals.RENDER, internals.PARALLEL}


def test_another_mkdocs_version_warns_once_and_builds_the_plain_way(tmp_path, monkeypatch, caplog):
    import mkdocs

    repo = make_repo(tmp_path / "repo")
    version = mkdocs.__version__
    fast = _tree(build_site(repo, repo / "site-fast"))
    assert mkdocs_fast.stats()["pages"] > 0
    caplog.clear()
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    with caplog.at_level(logging.WARNING, logger=internals.log.name):
        plain = _tree(build_site(repo, repo / "site-plain"))
    said = _warnings(caplog)
    assert len(said) == 1 and said[0].levelno == logging.WARNING, [r.getMessage() for r in said]
    message = said[0].getMessage()
    assert "mkdocs is 1.7.0, not 1.6" in message and "MkDocs converts every page in full" in message
    assert "plain MkDocs path is used" in message
    assert mkdocs_fast.stats()["pages"] == 0
    # Every page names the MkDocs version that made it.
    said_version = f"mkdocs-{version}".encode(), b"mkdocs-1.7.0"
    assert {path: page.replace(*reversed(said_version)) for path, page in plain.items()} == fast


def test_a_private_name_gone_warns_and_writes_every_page_in_one_process(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(mkdocs_parallel, "PARALLEL_FROM", 4)
    monkeypatch.setenv("FOILOG_JOBS", "3")
    repo = make_repo(tmp_path / "repo")
    shared = _tree(build_site(repo, repo / "site-shared"))
    assert len(mkdocs_parallel._state["last"]) == 3
    gone = internals.Internal("mkdocs.commands.build", "_no_longer_here", internals.PARALLEL, uses="parallel.start")
    monkeypatch.setattr(internals, "TABLE", internals.TABLE + (gone,))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=internals.log.name):
        alone = _tree(build_site(repo, repo / "site-alone"))
    said = _warnings(caplog)
    assert len(said) == 1, [r.getMessage() for r in said]
    assert "mkdocs.commands.build._no_longer_here is missing" in said[0].getMessage()
    assert "one process writes every page" in said[0].getMessage()
    assert mkdocs_parallel._state["last"] == []
    assert alone == shared


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="no engine called 'hugo'"):
        engine_named("hugo")
    assert issubclass(EngineFailed, BuildFailed)


def test_a_configuration_a_killed_zensical_build_left_is_removed_by_the_next(tmp_path):
    repo = make_repo(tmp_path / "repo")
    left = repo / ".site-build-999999999-gone.zensical.yml"
    left.write_text("site_name: left behind\n")
    running = repo / ".site-build-1-running"
    running.mkdir()
    kept = repo / f"{running.name}.zensical.yml"
    kept.write_text("site_name: still building\n")
    build_site(repo, engine="zensical")
    assert not left.exists()
    assert kept.exists(), "a build still going on keeps its configuration"
