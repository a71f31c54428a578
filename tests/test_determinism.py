"""Building twice from the same content gives byte-identical sites (Pagefind's filter files
but for the order of their values: conftest.site_files)."""

from __future__ import annotations

from conftest import FIXTURES, make_repo, site_files
from generator.driver import build_site


def files(site):
    return site_files(site)


def test_two_builds_are_byte_identical(tmp_path):
    repo = make_repo(tmp_path / "repo", FIXTURES / "compare" / "content")
    first = files(build_site(repo, tmp_path / "one"))
    second = files(build_site(repo, tmp_path / "two"))
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    # What MkDocs stamps by design: with `site_url` set, each page's <lastmod> in
    # sitemap.xml is the day of the build, so builds on different days differ there only.
    assert differing == []
