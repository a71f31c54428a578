"""The nothing-lost check that runs on every build: what content/ says must be readable on
the built site, or the build fails and the previous site stays as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from generator.engines.base import BuildFailed

from conftest import make_repo, words_dropped
from generator.driver import build_site
from generator.load.catalogue import load_catalogue
from generator.verify.fidelity import WITHHELD_NOTICE, check_pages, expectations

COVENTRY = "content/responses/cov/ehcp-information-request-2022.yaml"


def check_site(site_dir, catalogue, publish_personal_contacts: bool):
    """Everything content says that its built page does not show, as a build checks it."""
    return check_pages(site_dir, expectations(catalogue, publish_personal_contacts))


def digest(folder):
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def test_the_real_site_loses_nothing(real_site):
    from conftest import REPO

    assert check_site(real_site, load_catalogue(REPO), publish_personal_contacts=False) == []


def test_a_page_missing_words_is_reported_with_its_file(tmp_path, real_site):
    from conftest import REPO

    page = real_site / "councils/cov/ehcp-information-request-2022/index.html"
    copy = tmp_path / "site"
    import shutil

    shutil.copytree(real_site, copy)
    tampered = copy / page.relative_to(real_site)
    tampered.write_text(page.read_text(encoding="utf-8").replace("Spot purchasing, time limited.", ""), encoding="utf-8")
    missing = check_site(copy, load_catalogue(REPO), publish_personal_contacts=False)
    assert [str(m) for m in missing] == [
        f"{COVENTRY}: answer 6 (q5b): the council's words is not on its page: 'Spot purchasing, time limited.'"]


def test_withheld_contacts_must_say_so(tmp_path, real_site):
    from conftest import REPO

    import shutil

    copy = tmp_path / "site"
    shutil.copytree(real_site, copy)
    page = copy / "councils/lce/ehcp-ot-provision-2019/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(WITHHELD_NOTICE, "hidden"), encoding="utf-8")
    missing = check_site(copy, load_catalogue(REPO), publish_personal_contacts=False)
    assert missing and all("is withheld" in m.what for m in missing)


def test_a_build_that_drops_words_fails_and_keeps_the_previous_site(tmp_path):
    repo = make_repo(tmp_path / "repo")
    site = build_site(repo)
    before = digest(site)
    with words_dropped(repo, "Spot purchasing"), pytest.raises(BuildFailed) as err:
        build_site(repo)
    assert "does not show everything in content/" in str(err.value)
    assert f"{COVENTRY}: answer 6 (q5b): the council's words is not on its page" in str(err.value)
    assert digest(site) == before


# --- each kind of thing the check promises, removed from a built page -------------------

LEICESTER = "content/responses/lce/ehcp-ot-provision-2019.yaml"


@pytest.fixture(scope="module")
def built_repo(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("fidelity") / "repo")
    build_site(repo)
    return repo


def _first_expected(repo, path: str, kind: str):
    """The page's URL, and the first (what, text) of `kind` the check expects of `path`'s page."""
    for entry_path, url, items in expectations(load_catalogue(repo), publish_personal_contacts=False):
        if entry_path == path:
            for what, text in items:
                if what == kind or what.endswith(": " + kind):
                    return url, what, text
    raise AssertionError(f"{path} has no {kind} to remove")


@pytest.mark.parametrize("path, kind", [
    (LEICESTER, "a value"),
    (LEICESTER, "a section cited"),
    (COVENTRY, "a body redirected to"),
    (LEICESTER, "introduction"),
    (LEICESTER, "closing"),
    (LEICESTER, "the re-use wording"),
])
def test_a_built_page_missing_one_thing_fails_the_build_and_keeps_the_site(built_repo, monkeypatch, path, kind):
    """MkDocs writes the page, then the thing is removed from the file on disk, before the
    check reads it: the build must fail naming it, and site/ must stay as it was."""
    from html import escape

    from generator.engines.mkdocs import fast as mkdocs_fast

    url, what, text = _first_expected(built_repo, path, kind)
    shown = escape(text, quote=False)
    site = built_repo / "site"
    assert shown in (site / url / "index.html").read_text(encoding="utf-8")
    before = digest(site)
    original = mkdocs_fast.on_post_build
    corrupted = []

    def remove_it(config, **kwargs):
        original(config, **kwargs)
        page = Path(config.site_dir) / url / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace(shown, ""), encoding="utf-8")
        corrupted.append(page)

    monkeypatch.setattr(mkdocs_fast, "on_post_build", remove_it)
    with pytest.raises(BuildFailed) as err:
        build_site(built_repo)
    assert corrupted, "the build never reached the check"
    assert f"{path}: {what} is not on its page" in str(err.value)
    assert digest(site) == before
    assert not [p for p in built_repo.iterdir() if p.name.startswith(".site-build-")]
