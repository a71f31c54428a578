"""Shared fixtures: a throw-away copy of the project to build, and the built real site."""

from __future__ import annotations

import os
from contextlib import contextmanager
import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.verify.fidelity import page_text  # noqa: F401  (the text a reader sees; used by tests)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@contextmanager
def words_dropped(repo: Path, phrase: str):
    """Build `repo` (a copy made by make_repo) with every paragraph containing `phrase` left
    out of the built pages, as a broken renderer would: what the nothing-lost check must
    catch. An MkDocs hook of the tests' (drop_words_hook.py) removes them from each page's
    HTML as MkDocs writes it; the generated Markdown is left as it is."""
    config = repo / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    settings = yaml.safe_load(original)
    settings["hooks"] = [*settings.get("hooks", []), str(Path(__file__).resolve().parent / "drop_words_hook.py")]
    settings.setdefault("extra", {})["drop_words"] = phrase
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        yield
    finally:
        config.write_text(original, encoding="utf-8")


def dropped_from_built_pages(monkeypatch, engine: str, phrase: str) -> None:
    """Every paragraph holding `phrase` removed from the pages `engine` builds, on disk,
    before the driver's nothing-lost check reads them: for an engine that runs no hooks."""
    from generator.engines.base import engine_named

    adapter = type(engine_named(engine))
    original = adapter.build
    paragraph = re.compile(r"<p>(?:(?!</p>).)*?" + re.escape(html.escape(phrase)) + r".*?</p>", re.S)

    def build_then_drop(self, repo, docs_dir, out_dir, **kwargs):
        report = original(self, repo, docs_dir, out_dir, **kwargs)
        for page in Path(out_dir).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            page.write_text(paragraph.sub("", text), encoding="utf-8")
        return report

    monkeypatch.setattr(adapter, "build", build_then_drop)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, to compare two builds byte for byte, with
    one exception: Pagefind writes each filter's values in an order that changes from run
    to run (and so the filter files' names, which are their hashes, and the two files
    that list those names). Its index and fragments are compared as they are; each filter
    file stands for the multiset of its decompressed bytes, under one name, and the two
    listing files are left out."""
    import gzip

    out, filters = {}, []
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        name = p.relative_to(site).as_posix()
        if name.startswith("pagefind/") and "/filter/" in name:
            filters.append(bytes(sorted(gzip.decompress(p.read_bytes()))))
        elif name.startswith("pagefind/") and name.endswith(("/pagefind-entry.json", ".pf_meta")):
            continue
        else:
            out[name] = p.read_bytes()
    if filters:
        out["pagefind/filter/*"] = b"\n".join(sorted(filters))
    return out


def search_fragments(bundle: Path) -> dict[str, dict]:
    """Each page in a Pagefind index folder (its text, title and filters, as search.js
    shows them) by its address."""
    import gzip
    import json

    out = {}
    for path in sorted((bundle / "fragment").iterdir()):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[fragment["url"]] = fragment
    return out


def make_repo(where: Path, content: Path | None = None) -> Path:
    """A copy of the project (config, theme, generator) with the given content tree."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", where / "theme_overrides")
    (where / "generator").symlink_to(REPO / "generator")
    (where / "build" / "docs").mkdir(parents=True)
    (where / "build" / "docs" / ".gitignore").write_text("*\n!.gitignore\n")
    shutil.copytree(content or REPO / "content", where / "content")
    return where


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real content built into a fresh site through the project's own build command."""
    from generator.driver import build_site

    repo = make_repo(tmp_path_factory.mktemp("real"))
    return build_site(repo)


@pytest.fixture(scope="session")
def shapes_site(tmp_path_factory) -> Path:
    from generator.driver import build_site

    repo = make_repo(tmp_path_factory.mktemp("shapes"), FIXTURES / "shapes" / "content")
    return build_site(repo)


@pytest.fixture(scope="session")
def compare_site(tmp_path_factory) -> Path:
    """The comparison fixture (figures worked out by hand) built into a site."""
    from generator.driver import build_site

    repo = make_repo(tmp_path_factory.mktemp("compare"), FIXTURES / "compare" / "content")
    return build_site(repo)


# --- the browser tests (tests/browser.py) -------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def real_url(real_site):
    from browser import serve

    with serve(real_site) as base:
        yield base


@pytest.fixture(scope="session")
def compare_url(compare_site):
    from browser import serve

    with serve(compare_site) as base:
        yield base


@pytest.fixture(scope="session")
def shapes_url(shapes_site):
    from browser import serve

    with serve(shapes_site) as base:
        yield base
