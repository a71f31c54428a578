"""The search index (generator/engines/pagefind.py): made from the built site after the
engine, in parts for a large site, with what a reply's page repeats left out; a failure
to index fails the build and leaves the published site as it was."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from conftest import make_repo, search_fragments
from test_fidelity import digest
from generator.driver import build
from generator.engines import pagefind
from generator.engines.base import BuildFailed


def indexed(site):
    """Every page in the site's index, in any of its parts."""
    found = search_fragments(site / "pagefind")
    for part in json.loads((site / "pagefind" / "more.json").read_text()):
        found.update(search_fragments(site / "pagefind" / part))
    return found


def test_a_response_is_found_by_the_councils_words_and_filtered_by_its_facts(real_site):
    pages = indexed(real_site)
    reply = pages["/councils/lce/ehcp-ot-provision-2019/"]
    assert "maternity leave" in reply["content"]
    assert reply["filters"]["council"] == ["Leicester City Council"]
    assert reply["filters"]["kind"] == ["Response"]
    assert "s.17(1)" in reply["filters"]["section cited"] and "Not held" in reply["filters"]["outcome"]
    assert reply["filters"]["re-use terms"] == ["OGL"]
    # What every reply's page says too is not indexed: the notice, the facts, the questions.
    assert "Open Government Licence v3.0" not in reply["content"]
    assert "About this response" not in reply["content"]
    assert "Compare every council" not in reply["content"]
    # The sections cited are found by their names in words.
    assert "section 17(1)" in reply["content"]
    council = pages["/councils/lce/"]
    assert council["filters"]["kind"] == ["Council"] and council["filters"]["region"] == ["East Midlands"]
    # Left out: the search page, and pages whose front matter excludes them.
    assert "/search/" not in pages and "/councils/" not in pages


def test_a_large_site_is_indexed_in_parts_that_together_hold_every_page(real_site, tmp_path):
    whole, parted = tmp_path / "whole", tmp_path / "parted"
    for site in (whole, parted):
        shutil.copytree(real_site, site)
        shutil.rmtree(site / "pagefind")
    one = pagefind.PagefindIndexer().index(whole)
    several = pagefind.PagefindIndexer(shard_pages=10).index(parted)
    assert one.shards == 1 and several.shards >= 2
    assert json.loads((whole / "pagefind" / "more.json").read_text()) == []
    assert len(json.loads((parted / "pagefind" / "more.json").read_text())) == several.shards - 1
    # Each page in exactly one part, and the same pages as one run indexes.
    parts = [search_fragments(parted / "pagefind")] + [search_fragments(parted / "pagefind" / p) for p in
                                                json.loads((parted / "pagefind" / "more.json").read_text())]
    assert sum(len(p) for p in parts) == one.pages == several.pages
    assert set().union(*parts) == set(indexed(whole))


def test_a_failed_index_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo")
    build(repo)
    before = digest(repo / "site")
    monkeypatch.setattr(pagefind.PagefindIndexer, "command",
                        lambda self, site, shard: [sys.executable, "-c", "import sys; sys.exit('no index')"])
    with pytest.raises(BuildFailed, match="Pagefind could not index the site"):
        build(repo)
    assert digest(repo / "site") == before
    assert not [p for p in repo.iterdir() if p.name.startswith(".site-build-")]


def test_a_site_with_nothing_to_index_fails(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "style.css").write_text("p { color: black }")  # an engine that wrote no page
    with pytest.raises(BuildFailed, match="no page to index|could not index"):
        pagefind.PagefindIndexer().index(site)
