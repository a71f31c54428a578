"""The site as people meet it, in a real browser (Debian's Chromium through Playwright),
served on 127.0.0.1: reaching pages by clicking, search, sorting, re-use notices, nothing
fetched from other hosts, no console errors, phone-sized screens, and an axe-core scan of
every kind of page in the light and dark schemes. Screenshots of every kind of page are
written to build/screenshots/ on every run."""

from __future__ import annotations

import re
from collections import deque
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from browser import AXE_SERIOUS, CUT_OFF_JS, SCREENSHOTS, axe_scan, open_tab
from generator.analyse import analysis
from generator.load.catalogue import load_catalogue
from generator.analyse.formatting import REUSE_LABELS, council_url, question_url, response_url, set_url, topic_url
from generator.load.vocabulary import ANSWER_OUTCOMES, RESPONSE_OUTCOMES

KINDS = ("home", "question-sets", "question-set", "question", "councils", "council", "response",
         "topics", "topic", "attributions", "search", "not-found")


@cache
def catalogue_of(site: Path):
    return load_catalogue(site.parent)


def pages_by_kind(site: Path) -> dict[str, str]:
    """One page of every kind, the fullest of its kind: the council and question set with
    the most responses, the response with the most answers, the question with the most
    values, the topic with the most questions."""
    cat = catalogue_of(site)
    council = max(cat.councils(), key=lambda c: len(cat.entries_for_council(c.code)))
    entry = max(cat.entries, key=lambda e: len(e.response.answers))
    qs = max(cat.question_sets.values(), key=lambda s: len(cat.entries_for_set(s.id)))

    def richness(q):
        rows = analysis.comparison_rows(cat, qs, q.id)
        return (sum(1 for r in rows for a in r.answers if a.values), sum(1 for r in rows if r.answers))

    question = max(qs.all_questions(), key=richness)
    pages = {
        "home": "", "question-sets": "question-sets/", "question-set": set_url(qs),
        "question": question_url(qs, question.id), "councils": "councils/",
        "council": council_url(council), "response": response_url(entry), "topics": "topics/",
        "attributions": "attributions/", "search": "search/?q=council", "not-found": "404.html",
    }
    if cat.topics:
        pages["topic"] = topic_url(max(cat.topics.values(), key=lambda t: len(t.questions)))
    return pages


@pytest.fixture
def new_tab(browser):
    """Opens tabs (each in a fresh browser context) that are closed after the test."""
    opened = []

    def new(base, scheme="light", device="desktop"):
        opened.append(open_tab(browser, base, scheme, device))
        return opened[-1]

    yield new
    for tab in opened:
        tab.close()


def test_requests_to_other_hosts_and_console_errors_are_caught(new_tab, real_url):
    """The checks below can fail: a page that asks another host for a file, or logs an
    error, is caught, and the other host is never reached."""
    tab = new_tab(real_url)
    page = tab.goto("")
    assert tab.problems() == []
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'https://fonts.example.org/font.png';
        document.body.appendChild(img);
        console.error('something broke');
        return new Promise(done => { img.onerror = done; });
    }""")
    problems = tab.problems()
    assert "request to another host: https://fonts.example.org/font.png" in problems
    assert any(p.startswith("console error: something broke") for p in problems)


# --- reaching pages by clicking ------------------------------------------------------------

def heading(page) -> str:
    return page.locator("article h1").first.inner_text().strip()


def test_a_reader_reaches_every_kind_of_page_by_clicking(new_tab, real_url, real_site):
    cat = catalogue_of(real_site)
    council = cat.councils()[0]
    entry = cat.entries_for_council(council.code)[0]
    qs = entry.question_set
    first = qs.questions[0]
    topic = sorted(cat.topics.values(), key=lambda t: t.title)[0]
    tab = new_tab(real_url)
    page = tab.goto("")
    assert heading(page) == "FOI disclosure log"
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Councils", exact=True).click()
    assert heading(page) == "Councils"
    page.locator("article table").get_by_role("link", name=council.official_name, exact=True).click()
    assert heading(page) == council.official_name
    page.locator("article table").get_by_role("link", name=qs.title, exact=True).click()
    assert heading(page) == f"{council.nice_name}: {qs.title}"
    assert page.url == real_url + response_url(entry)
    page.get_by_role("link", name=f"Compare every council's answer to {analysis.label(first, qs)}", exact=True).click()
    assert heading(page) == f"{analysis.label(first, qs)} of {qs.title}"
    assert page.url == real_url + question_url(qs, first.id)
    page.get_by_role("link", name=qs.title, exact=True).first.click()
    assert heading(page) == qs.title
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Topics", exact=True).click()
    assert heading(page) == "Topics"
    page.locator("article").get_by_role("link", name=topic.title).click()
    assert heading(page) == topic.title
    assert page.url == real_url + topic_url(topic)
    assert tab.problems() == []


def test_on_a_phone_the_menu_leads_to_the_pages(new_tab, real_url, real_site):
    council = catalogue_of(real_site).councils()[0]
    tab = new_tab(real_url, device="phone")
    page = tab.goto("")
    # On a phone the site's navigation is behind the menu button (it also holds the
    # page's table of contents, whose "Councils" goes to the home page's section).
    councils = page.locator("nav.md-nav--primary").get_by_role("link", name="Councils", exact=True).and_(
        page.locator('[href="councils/"]'))
    box = councils.bounding_box()
    assert box["x"] + box["width"] <= 0          # off the screen until the menu opens
    page.locator("label.md-header__button[for=__drawer]").click()
    councils.click()
    assert heading(page) == "Councils"
    page.locator("article table").get_by_role("link", name=council.official_name, exact=True).click()
    assert heading(page) == council.official_name
    assert tab.problems() == []


def test_on_a_phone_a_wide_table_scrolls_sideways_and_says_so(new_tab, compare_url):
    tab = new_tab(compare_url, device="phone")
    page = tab.goto("question-sets/ot-waits-2021/waiting/")
    wrap = page.locator(".foilog-table-wrap").filter(has=page.locator("table.foilog-compare"))
    note = page.locator(".foilog-scroll-note + .foilog-table-wrap").filter(has=page.locator("table.foilog-compare"))
    assert note.count() == 1 and page.locator(".foilog-scroll-note").first.is_visible()
    assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("aria-label").startswith("Answers to")
    last = wrap.locator("thead th").last
    assert last.bounding_box()["x"] > 390                      # the Re-use column is off the screen
    wrap.focus()
    for _ in range(40):                                          # scrolled by keyboard alone
        page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft + el.clientWidth >= el.scrollWidth - 1",
                           arg=wrap.element_handle())
    box = last.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390   # the page itself does not
    assert tab.problems() == []
    tab = new_tab(compare_url)
    page = tab.goto("question-sets/")
    assert page.locator(".foilog-scroll-note").count() == 0       # nothing to scroll on a desktop
    assert page.locator(".foilog-table-wrap").get_attribute("tabindex") is None


# --- every page, reached by following links ------------------------------------------------

PAGE_FACTS_JS = """() => {
    const article = document.querySelector('article');
    const text = el => (el ? (el.innerText ?? el.textContent) : '').replace(/\\s+/g, ' ').trim();
    const visible = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
    return {
        links: Array.from(document.querySelectorAll('a[href]'), a => a.href),
        tables: Array.from(article.querySelectorAll('table'), t => ({
            caption: text(t.caption),
            columnHeaders: t.tHead ? t.tHead.querySelectorAll('th[scope=col]').length : 0,
            rowHeaders: t.querySelectorAll('tbody th[scope=row]').length,
            rows: t.tBodies.length ? t.tBodies[0].rows.length : 0,
        })),
        badges: Array.from(article.querySelectorAll('.foilog-badge'), b => ({
            outcome: Array.from(b.classList).find(c => c.startsWith('foilog-badge--')).slice(14),
            text: text(b), visible: visible(b),
        })),
        charts: Array.from(article.querySelectorAll('svg'), s => ({
            role: s.getAttribute('role'),
            name: (s.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
                .map(id => text(document.getElementById(id))).join(' ').trim(),
            bars: Array.from(s.querySelectorAll('g.foilog-bar'), g => Array.from(g.querySelectorAll('text'), t => t.textContent)),
        })),
        summaries: text(article),
        notices: Array.from(article.querySelectorAll('aside.foilog-notice'), n => ({
            title: text(n.querySelector('.foilog-notice__title')), text: text(n), visible: visible(n),
            top: n.getBoundingClientRect().top + window.scrollY,
        })),
        answersTop: (el => el ? el.getBoundingClientRect().top + window.scrollY : null)(
            document.getElementById('questions-and-answers')),
        reuseRows: Array.from(article.querySelectorAll('tr'))
            .filter(tr => tr.querySelector('.foilog-reuse') && !tr.closest('table.foilog-facts'))
            .map(tr => {
                const mark = tr.querySelector('.foilog-reuse');
                const header = tr.querySelector('th');
                return {
                    terms: Array.from(mark.classList).find(c => c.startsWith('foilog-reuse--')).slice(14),
                    rowClass: tr.className, markText: text(mark), markVisible: visible(mark),
                    headerMark: header ? getComputedStyle(header, '::after').content : '',
                    edge: header ? getComputedStyle(header).boxShadow : '',
                };
            }),
    };
}"""


def crawl(browser, base: str) -> dict[str, dict]:
    """Every page reachable by links from the home page, with what each page showed."""
    tab = open_tab(browser, base)
    facts, queue = {}, deque([""])
    try:
        while queue:
            path = queue.popleft()
            if path in facts:
                continue
            page = tab.goto(path)
            found = page.evaluate(PAGE_FACTS_JS)
            found["problems"] = tab.problems()
            facts[path] = found
            for link in found.pop("links"):
                url = urldefrag(link).url
                if url.startswith(base) and url.endswith("/"):
                    target = url[len(base):]
                    if target not in facts:
                        queue.append(target)
        page = tab.goto("404.html")
        found = page.evaluate(PAGE_FACTS_JS)
        found.pop("links")
        found["problems"] = tab.problems()
        facts["404.html"] = found
    finally:
        tab.close()
    return facts


@pytest.fixture(scope="module")
def every_page(browser, real_url, real_site, compare_url, compare_site, shapes_url, shapes_site):
    return {name: (site, crawl(browser, url)) for name, site, url in (
        ("real", real_site, real_url), ("compare", compare_site, compare_url), ("shapes", shapes_site, shapes_url))}


def built_pages(site: Path) -> set[str]:
    return {"" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
            for p in site.rglob("index.html")} | {"404.html"}


def test_every_page_is_reached_by_links_from_the_home_page(every_page):
    for name, (site, facts) in every_page.items():
        assert set(facts) == built_pages(site), name


def test_no_page_fetches_from_another_host_or_logs_an_error(every_page):
    problems = {f"{name}/{path}": f["problems"] for name, (_, facts) in every_page.items()
                for path, f in facts.items() if f["problems"]}
    assert problems == {}


def test_every_table_has_a_caption_and_headers(every_page):
    bad = []
    for name, (_, facts) in every_page.items():
        for path, f in facts.items():
            for t in f["tables"]:
                if not t["caption"] or not (t["columnHeaders"] or t["rowHeaders"] == t["rows"]):
                    bad.append((name, path, t))
    assert bad == []
    assert sum(len(f["tables"]) for _, facts in every_page.values() for f in facts.values()) > 50


LABELS = {**RESPONSE_OUTCOMES, **ANSWER_OUTCOMES, "no_answer": "No answer recorded"}


def test_outcome_badges_say_the_outcome_in_words(every_page):
    """A badge's colour is never the only sign of its outcome: it shows the outcome's name."""
    seen = set()
    for name, (_, facts) in every_page.items():
        for path, f in facts.items():
            for b in f["badges"]:
                assert b["visible"] and b["text"] == LABELS[b["outcome"]], (name, path, b)
                seen.add(b["outcome"])
    assert {"answered", "refused", "not_held", "redirected", "partially_answered", "successful"} <= seen


def test_charts_have_text_alternatives_and_the_same_figures_as_text(every_page):
    charts = 0
    for name, (_, facts) in every_page.items():
        for path, f in facts.items():
            for chart in f["charts"]:
                if chart["role"] == "img" and chart["bars"]:
                    charts += 1
                    assert chart["name"].startswith("Outcomes of "), (name, path, chart)
                    for label, count in chart["bars"]:
                        if label != "Not in this log":
                            assert f"{count} {label.lower()}" in f["summaries"], (name, path, label)
                else:
                    # Any other picture is an icon that must not be announced.
                    assert chart["role"] is None and not chart["bars"], (name, path, chart)
    assert charts > 10


def test_restricted_rows_are_marked_in_words_sign_and_rule(every_page):
    """A row of restricted answers says "Restricted", has a warning sign after the council's
    name and a coloured rule down its left edge that other rows do not have."""
    restricted = 0
    for name, (_, facts) in every_page.items():
        for path, f in facts.items():
            rows = f["reuseRows"]
            open_edges = {r["edge"] for r in rows if r["terms"] != "restricted"}
            for r in rows:
                assert r["markVisible"] and r["markText"] == REUSE_LABELS[r["terms"]], (name, path, r)
                if r["terms"] == "restricted":
                    restricted += 1
                    assert "foilog-row--restricted" in r["rowClass"], (name, path, r)
                    assert "⚠" in r["markText"] or "⚠" in r["headerMark"], (name, path, r)
                    assert r["edge"] != "none" and r["edge"] not in open_edges, (name, path, r)
    assert restricted >= 5


# --- re-use notices ----------------------------------------------------------------------

NOTICE_TITLES = {
    "ogl": "Re-use: Open Government Licence v3.0",
    "restricted": "Re-use restricted: this is not open data",
    "not_stated": "Re-use terms not stated",
}


def test_every_response_page_shows_its_reuse_notice_first(every_page):
    """The notice says which terms apply, quotes the council's own terms, and comes before
    the answers, on the first screen of the page."""
    checked = 0
    for name, (site, facts) in every_page.items():
        for entry in catalogue_of(site).entries:
            reuse, f = entry.response.reuse, facts[response_url(entry)]
            assert len(f["notices"]) == 1, (name, response_url(entry))
            notice = f["notices"][0]
            assert notice["visible"] and notice["title"] == NOTICE_TITLES[reuse.terms], (name, notice)
            if reuse.wording:
                assert " ".join(reuse.wording.split())[:60] in notice["text"], (name, notice)
            assert notice["top"] < 400 and notice["top"] < f["answersTop"], (name, notice)
            checked += 1
    assert checked >= 16
    notices = sum(len(f["notices"]) for _, facts in every_page.values() for f in facts.values())
    assert notices == checked     # and only on response pages


# --- search ------------------------------------------------------------------------------

RESULTS = "[data-foilog-search-results] a"


def search(page, words: str) -> list[str]:
    """Type into the site's search box, found by its type as a reader's tools find it, and
    return the addresses of the results it shows under the box once they are for these words."""
    box = page.locator("header input[type=search], .foilog-header input[type=search]").first
    assert box.evaluate("b => b.labels.length > 0 && b.labels[0].textContent.trim()") == "Search"
    box.click()
    box.press_sequentially(words, delay=10)
    page.wait_for_function("""words => {
        const status = document.querySelector('.foilog-search__status').textContent;
        return status.includes('“' + words + '”');
    }""", arg=words)
    links = page.locator(f".foilog-search__panel {RESULTS}").evaluate_all("links => links.map(a => a.href)")
    return list(dict.fromkeys(urldefrag(h).url for h in links))


def test_search_finds_a_council_by_name(new_tab, real_url, real_site):
    council = catalogue_of(real_site).councils()[-1]
    tab = new_tab(real_url)
    page = tab.goto("")
    found = search(page, council.official_name)
    assert found[0] == real_url + council_url(council), found
    page.locator(f'.foilog-search__panel a[href="{real_url + council_url(council)}"]').first.click()
    assert heading(page) == council.official_name
    assert tab.problems() == []


def test_search_finds_a_phrase_from_an_answer(new_tab, real_url, real_site):
    entry = next(e for e in catalogue_of(real_site).entries if e.council.code == "LCE")
    answer = next(a for a in entry.response.answers if a.text and "maternity leave" in a.text)
    tab = new_tab(real_url)
    page = tab.goto("")
    found = search(page, "maternity leave")
    assert real_url + response_url(entry) in found
    excerpt = page.locator(".foilog-search__panel .foilog-search__excerpt mark").first.inner_text()
    assert excerpt.lower() in ("maternity", "leave", "maternity leave")
    # From the answer, one link to the comparison of every council's answer to its question.
    page.locator(f'.foilog-search__panel a[href="{real_url + response_url(entry)}"]').first.click()
    comparison = real_url + question_url(entry.question_set, answer.questions[0])
    assert page.locator(f'a[href="{comparison}"]').count() or page.evaluate(
        "href => Array.from(document.querySelectorAll('article a')).some(a => a.href === href)", comparison)
    assert tab.problems() == []


def test_search_finds_a_question_on_its_comparison_page(new_tab, real_url, real_site):
    cat = catalogue_of(real_site)
    qs = next(s for s in cat.question_sets.values() if cat.entries_for_set(s.id))
    q = qs.questions[0]
    words = " ".join(q.text.split()[:6])
    tab = new_tab(real_url)
    page = tab.goto("")
    found = search(page, words)
    assert real_url + question_url(qs, q.id) in found, found
    assert tab.problems() == []


def test_search_finds_a_section_by_its_name_in_words(new_tab, real_url, real_site):
    cat = catalogue_of(real_site)
    entry, section = next((e, s) for e in cat.entries for a in e.response.answers for s in (a.sections or ())
                          if s == "17(1)")
    tab = new_tab(real_url)
    page = tab.goto("")
    found = search(page, "section 17")
    assert real_url + response_url(entry) in found, found
    assert tab.problems() == []


def test_search_is_keyboard_only_and_fetches_nothing_from_another_host(new_tab, real_url):
    tab = new_tab(real_url)
    page = tab.goto("")
    for _ in range(30):  # Tab from the top of the page reaches the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "search":
            break
    assert page.evaluate("document.activeElement.id") == "foilog-search-box"
    page.keyboard.type("Leicester", delay=10)
    page.wait_for_selector(f".foilog-search__panel {RESULTS}")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('[data-foilog-search-results]') !== null")
    page.keyboard.press("Escape")
    assert page.locator(".foilog-search__panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "foilog-search-box"
    assert tab.problems() == []  # any request to another host is one


def test_the_search_page_filters_with_counts_and_keeps_them_in_its_address(new_tab, real_url, real_site):
    cat = catalogue_of(real_site)
    tab = new_tab(real_url)
    page = tab.goto("search/")
    page.wait_for_selector(".foilog-finder__group")
    box = page.locator("article input[type=search]")
    assert box.evaluate("b => b.labels[0].textContent") == "Search the log"
    # Kind of page: as many responses as the log holds.
    responses = page.locator("label", has_text="Response (")
    assert responses.first.inner_text() == f"Response ({len(cat.entries)})"
    page.get_by_label(f"Response ({len(cat.entries)})").check()
    page.wait_for_function("document.querySelector('.foilog-finder__status').textContent.includes('filters')")
    council = cat.entries[0].council
    page.locator(".foilog-finder__group summary", has_text="Council").click()
    page.get_by_label(council.official_name, exact=False).first.check()
    expected = [e for e in cat.entries if e.council.code == council.code]
    page.wait_for_function(f"document.querySelectorAll('.foilog-finder__list li').length === {len(expected)}")
    found = {urldefrag(h).url for h in page.locator(f"article {RESULTS}").evaluate_all("ls => ls.map(a => a.href)")}
    assert found == {real_url + response_url(e) for e in expected}
    address = page.evaluate("location.search")
    assert "kind=Response" in address and "council=" in address
    # The same address gives the same search.
    again = new_tab(real_url).goto("search/" + address)
    again.wait_for_function(f"document.querySelectorAll('.foilog-finder__list li').length === {len(expected)}")
    assert tab.problems() == []


def test_search_merges_the_parts_of_a_large_sites_index(browser, real_site, tmp_path):
    """A site indexed in parts (engines/pagefind.py SHARD_PAGES): the box finds pages of
    every part, the search page's filters count them all."""
    import shutil

    from browser import serve
    from generator.engines.pagefind import PagefindIndexer

    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    shutil.rmtree(site / "pagefind")
    assert PagefindIndexer(shard_pages=10).index(site).shards >= 2
    cat = catalogue_of(real_site)
    with serve(site) as base:
        tab = open_tab(browser, base)
        try:
            page = tab.goto("")
            for council in cat.councils():
                page.locator("input[type=search]").first.fill("")
                assert base + council_url(council) in search(page, council.official_name)
            page = tab.goto("search/")
            page.wait_for_selector(".foilog-finder__group")
            assert page.locator("label", has_text="Response (").first.inner_text() == f"Response ({len(cat.entries)})"
            assert tab.problems() == []
        finally:
            tab.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_have_no_serious_accessibility_finding(new_tab, real_url, scheme):
    tab = new_tab(real_url, scheme)
    page = tab.goto("")
    search(page, "Leicester")
    violations = [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(v["nodes"][:3])
                  for v in axe_scan(page) if v["impact"] in AXE_SERIOUS]
    assert violations == []
    page = tab.goto("search/?q=answered")
    page.wait_for_selector(f"article {RESULTS}")
    violations = [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(v["nodes"][:3])
                  for v in axe_scan(page) if v["impact"] in AXE_SERIOUS]
    assert violations == []
    assert tab.problems() == []


# --- sorting -----------------------------------------------------------------------------

def column_texts(page, index: int) -> list[str]:
    return page.locator("table.foilog-compare tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{index}].innerText.trim())")


def number_in(text: str) -> float | None:
    match = re.search(r"\d[\d,]*(\.\d+)?", text)
    return float(match.group(0).replace(",", "")) if match else None


def test_a_comparison_table_sorts_by_value_numerically(new_tab, compare_url):
    tab = new_tab(compare_url)
    page = tab.goto("question-sets/ot-waits-2021/waiting/")
    header = page.locator("table.foilog-compare thead th").nth(3)
    assert header.inner_text().startswith("Value")
    before = column_texts(page, 0)
    assert before == sorted(before)            # built in council-name order
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = [number_in(t) for t in column_texts(page, 3)]
    numbers = [v for v in values if v is not None]
    assert numbers == [5, 80, 120]             # as text, "120" would come before "5" and "80"
    assert values[len(numbers):] == [None] * (len(values) - len(numbers))   # no value: last
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = [number_in(t) for t in column_texts(page, 3)]
    assert [v for v in values if v is not None] == [120, 80, 5]
    assert values[3:] == [None] * (len(values) - 3)
    # Each row moved whole: the council still matches its value.
    rows = dict(zip(column_texts(page, 0), column_texts(page, 3)))
    assert number_in(rows["Camden"]) == 120 and number_in(rows["Southwark"]) == 5
    assert tab.problems() == []


def test_lengths_of_time_in_different_units_sort_together(new_tab, compare_url):
    tab = new_tab(compare_url)
    page = tab.goto("question-sets/ot-waits-2021/wait/")
    header = page.locator("table.foilog-compare thead th").nth(3)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = [re.search(r"[\d.]+ (day|week|month)", t).group(0) for t in column_texts(page, 3) if t]
    # 21 days, 6 weeks (42 days), 45 days, then 2 months (about 61 days), whatever the unit.
    assert ascending == ["21 day", "6 week", "45 day", "2 month"]
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    descending = [re.search(r"[\d.]+ (day|week|month)", t).group(0) for t in column_texts(page, 3) if t]
    assert descending == ascending[::-1]
    assert tab.problems() == []


# --- every kind of page: light and dark, desktop and phone --------------------------------

def kind_cases():
    """Every kind of page of the real site on a desktop and a phone, light and dark (with a
    screenshot of each); the fixture sites' fullest comparison, topic, question-set and
    response pages, whose tables hold every outcome and re-use term."""
    for kind in KINDS:
        for device in ("desktop", "phone"):
            for scheme in ("light", "dark"):
                yield pytest.param("real", kind, device, scheme, id=f"real-{kind}-{device}-{scheme}")
    for name, kinds, devices in (
            ("compare", ("question", "topic"), ("desktop", "phone")),
            ("compare", ("question-set", "response"), ("desktop",)),
            ("shapes", ("question", "question-set", "response"), ("desktop",))):
        for kind in kinds:
            for device in devices:
                for scheme in ("light", "dark"):
                    yield pytest.param(name, kind, device, scheme, id=f"{name}-{kind}-{device}-{scheme}")


SCREENSHOT_PREFIX = {"real": "", "compare": "compare-"}


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab for each site, scheme and screen, reused by the tests of this module."""
    opened = {}

    def tab_for(base, scheme, device):
        tab = opened.get((base, scheme, device))
        if tab is None:
            tab = opened[base, scheme, device] = open_tab(browser, base, scheme, device)
        tab.reset()
        return tab

    yield tab_for
    for tab in opened.values():
        tab.close()


@pytest.mark.parametrize("name, kind, device, scheme", list(kind_cases()))
def test_page_kind(tabs, request, name, kind, device, scheme):
    """Loads cleanly, in the right colour scheme; on a phone nothing is cut off; an axe-core
    scan finds no serious or critical violation. Writes a screenshot of the whole page."""
    site = request.getfixturevalue(f"{name}_site")
    path = pages_by_kind(site)[kind]
    tab = tabs(request.getfixturevalue(f"{name}_url"), scheme, device)
    page = tab.goto(path)
    if kind == "search":
        page.wait_for_selector(f"article {RESULTS}")
    assert page.evaluate("document.body.dataset.mdColorScheme") == (
        "slate" if scheme == "dark" else "default")
    if name in SCREENSHOT_PREFIX:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{SCREENSHOT_PREFIX[name]}{kind}-{device}-{scheme}.png",
                        full_page=True)
    if device == "phone":
        cut = page.evaluate(CUT_OFF_JS)
        assert cut["scrollWidth"] <= cut["width"], cut
        assert cut["out"] == [], f"{path}: cut off on a {cut['width']}px screen"
    violations = [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(v["nodes"][:3])
                  for v in axe_scan(page) if v["impact"] in AXE_SERIOUS]
    assert violations == [], f"{path} ({device}, {scheme})"
    assert tab.problems() == []
