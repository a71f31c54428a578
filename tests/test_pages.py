"""The built site: every page a reader needs exists, links resolve, comparisons are complete."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from urllib.parse import unquote, urlsplit

from conftest import REPO, page_text
from generator.load.catalogue import load_catalogue


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_council_question_set_and_question_has_a_page(real_site):
    catalogue = load_catalogue(REPO)
    for entry in catalogue.entries:
        assert (real_site / f"councils/{entry.council.slug}/index.html").is_file()
        assert (real_site / f"councils/{entry.council.slug}/{entry.question_set.id}/index.html").is_file()
    for qs in catalogue.question_sets.values():
        assert (real_site / f"question-sets/{qs.id}/index.html").is_file()
        for q in qs.all_questions():
            assert (real_site / f"question-sets/{qs.id}/{q.id}/index.html").is_file(), q.id
    for rel in ("index.html", "councils/index.html", "question-sets/index.html", "attributions/index.html"):
        assert (real_site / rel).is_file()


def test_each_comparison_page_lists_every_council_that_answered(real_site):
    from generator.analyse.analysis import answers_to

    catalogue = load_catalogue(REPO)
    for qs in catalogue.question_sets.values():
        for q in qs.all_questions():
            html = read(real_site, f"question-sets/{qs.id}/{q.id}/index.html")
            table = html[html.index('<table class="foilog-compare"'):html.index("</table>")]
            for entry in catalogue.entries_for_set(qs.id):
                assert entry.council.nice_name in table
                for answer in answers_to(entry, q.id):
                    if answer.text:
                        first_line = answer.text.strip().splitlines()[0]
                        assert " ".join(first_line.split())[:60] in page_text(table), (q.id, first_line)


def test_comparison_rows_are_marked_with_reuse_terms_and_linked(real_site):
    coventry = read(real_site, "question-sets/ehcp-information-request-2022/q1/index.html")
    assert 'foilog-reuse--restricted' in coventry
    assert 'href="../../../councils/cov/ehcp-information-request-2022/#q1"' in coventry
    leicester = read(real_site, "question-sets/ehcp-ot-provision-2019/advice-average-time/index.html")
    assert 'foilog-reuse--ogl' in leicester
    assert "on average 5 weeks" in page_text(leicester)


def test_home_page_shows_sets_councils_latest_and_search(real_site):
    html = read(real_site, "index.html")
    text = page_text(html)
    for words in ("EHCP OT Provision", "EHCP Information Request", "Leicester City Council",
                  "Coventry City Council", "Latest responses"):
        assert words in text
    assert '<input class="foilog-search__input" id="foilog-search-box" type="search"' in html
    assert (real_site / "pagefind" / "pagefind.js").is_file() and (real_site / "search" / "index.html").is_file()


def test_attributions_page_lists_providers_and_the_register(real_site):
    text = page_text(read(real_site, "attributions/index.html"))
    assert "Leicester City Council: EHCP OT Provision. Contains public sector information licensed under the Open Government Licence v3.0." in text
    assert "does not confer an automatic right to re-use" in text
    assert "mySociety" in text and "Creative Commons Attribution 4.0" in text


def test_council_page_shows_register_details(real_site):
    text = page_text(read(real_site, "councils/lce/index.html"))
    for words in ("LCE", "E06000016", "Unitary authority", "East Midlands", "EHCP OT Provision"):
        assert words in text


def test_response_page_keeps_question_order_and_joint_answers(real_site):
    text = page_text(read(real_site, "councils/lce/ehcp-ot-provision-2019/index.html"))
    order = ["Who delivers OT support", "The number of requests for OT advice", "The number of these requests still outstanding",
             "The Council does not hold this information.", "The average time between requesting",
             "Regulation is 6 weeks", "Number of outstanding EHCP termly", "In respect of the above questions",
             "Is there a lack of capacity", "Only recently due to maternity leave", "Please provide the name, email and phone"]
    positions = [text.index(words) for words in order]
    assert positions == sorted(positions)
    assert text.count("In respect of the above questions") == 1
    assert "Sections cited: s.1(1), s.17(1)" in text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


SITES = ["real_site", "shapes_site", "compare_site"]


@pytest.mark.parametrize("site_fixture", SITES)
def test_no_broken_internal_link_or_anchor(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    pages = {}
    for path in site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken = []
    for path, parser in pages.items():
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")):
                continue
            if parts.path.startswith("/"):  # the 404 page links from the site root
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)} -> {href} (no such anchor)")
    assert pages and not broken, "\n".join(broken)


@pytest.mark.parametrize("site_fixture", SITES)
def test_every_external_link_is_http_or_https(site_fixture, request):
    """Links to other sites, council-supplied addresses among them, are http(s) only;
    contacts' email addresses are mailto: links."""
    site = request.getfixturevalue(site_fixture)
    external = 0
    for path in site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for href in parser.links:
            scheme = urlsplit(href).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), (path.relative_to(site), href)
            if scheme == "mailto":
                assert re.fullmatch(r"mailto:[^\s<>\"':/]+@[^\s<>\"':/]+", href), (path, href)
            if scheme and urlsplit(href).hostname not in (None, "127.0.0.1"):
                external += 1
    assert external > 0


def test_committed_schemas_match_the_model():
    from generator.tools.schema import stale_schemas

    assert stale_schemas(REPO / "schema") == []


def test_contributing_field_reference_matches_the_model():
    from generator.tools.reference import update_contributing

    assert update_contributing(REPO / "CONTRIBUTING.md", check=True) is False
