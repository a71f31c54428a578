"""The benchmark's reader measures and its larger runs: the kind of a page from its URL,
the size summaries, the report's targets, the memory growth line, and the synthetic log's
topics at 100,000 responses. Nothing here is timed."""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench import growth, reader_report, synth  # noqa: E402
from bench.report import report  # noqa: E402
from bench.sizes import TOP_FILES, page_kind, site_sizes, summarise_pages  # noqa: E402


@pytest.mark.parametrize("path, kind", [
    ("index.html", "home"),
    ("", "home"),
    ("councils/man/home-to-school-transport-2013-002/index.html", "response"),
    ("councils/man/home-to-school-transport-2013-002/", "response"),
    ("councils/man/index.html", "council"),
    ("councils/index.html", "other"),
    ("question-sets/pothole-repairs-2014-007/index.html", "question set"),
    ("question-sets/pothole-repairs-2014-007/q3/index.html", "question"),
    ("question-sets/index.html", "other"),
    ("topics/pothole-repairs-figures/index.html", "topic"),
    ("topics/index.html", "other"),
    ("attributions/index.html", "attributions"),
    ("404.html", "other"),
    ("search/index.html", "other"),
])
def test_a_page_has_the_kind_its_url_says(path, kind):
    assert page_kind(path) == kind


def test_each_kind_has_its_largest_and_median_page_and_the_heaviest_kind_is_found():
    pages = {"index.html": 50, "councils/a/index.html": 10, "councils/b/index.html": 30,
             "councils/c/index.html": 20, "councils/a/s/index.html": 5, "councils/b/s/index.html": 7,
             "question-sets/s/index.html": 40}
    summary = summarise_pages(pages)
    council = summary["kinds"]["council"]
    assert (council["pages"], council["bytes"], council["median"]) == (3, 60, 20)
    assert (council["largest"], council["largest_path"]) == (30, "councils/b/index.html")
    assert summary["kinds"]["response"]["median"] == 6
    assert "topic" not in summary["kinds"]
    assert summary["heaviest_kind"] == "home"


def test_the_site_is_summed_by_top_level_folder(tmp_path):
    for path, size in {"index.html": 100, "feed.xml": 11, "data/answers.csv": 1000, "data/sets/a.json": 500,
                       "councils/man/index.html": 300, "councils/man/s/index.html": 200,
                       "search/index/0.json": 40}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"x" * size)
    sizes = site_sizes(tmp_path)
    assert sizes["bytes"] == 2151
    assert sizes["folders"] == {"data/": 1500, "councils/": 500, TOP_FILES: 111, "search/": 40}
    assert list(sizes["folders"])[0] == "data/"  # largest first
    assert (sizes["largest_page"], sizes["largest_page_bytes"], sizes["html_pages"]) == (
        "councils/man/index.html", 300, 3)
    assert sizes["heaviest_kind"] == "council"


def test_the_fetch_target_is_looser_only_above_10000_responses():
    assert reader_report.bytes_target(10000) == 1e6
    assert reader_report.bytes_target(100000) == 1.5e6
    assert reader_report.site_target(10000) == 500e6


def _committed(size: int) -> dict:
    return next(r for r in json.loads((REPO / "bench" / "RESULTS.json").read_text()) if r["size"] == size)


def _reader(fetched: float, seconds: float) -> dict:
    run = {"ui": "foilog", "bytes": fetched, "seconds": seconds, "largest": {"url": "search/0.json", "bytes": 10}}
    return {"sizes": site_sizes_stub(),
            "search": {"ui": "foilog", "notes": [], "bytes": fetched, "seconds": seconds,
                       "queries": {"council": {"query": "Leeds", "runs": [run], "bytes": fetched,
                                               "seconds": seconds}}}}


def site_sizes_stub() -> dict:
    return {"bytes": 600e6, "folders": {"data/": 400e6}, "html_pages": 3, "largest_page": "index.html",
            "largest_page_bytes": 300e3, **summarise_pages({"index.html": 300_000})}


def test_a_large_run_reports_what_it_skipped_and_the_reader_against_the_targets():
    """A 100,000-response result without MkDocs alone or the naive pipeline still makes a
    report, with the reader's table and its ratios to the targets."""
    big = {**_committed(10000), "size": 100000, "skipped": ["the naive pipeline"], "reader": _reader(3e6, 1.0),
           "disk": {"free": 78e9, "needed": 86e9, "short": True}}
    for key in ("mkdocs_alone", "naive_total", "naive_gen", "naive_mkdocs", "zensical", "zensical_warm"):
        big.pop(key, None)
    text = report([big], ["--sizes", "100000"])
    assert "Not run at this size (`--slow-stages-max`): the naive pipeline." in text
    assert "### Reader, 100,000 responses" in text
    assert "about 86 GB until its end, with 78 GB free" in text
    # 3 MB ÷ 1.5 MB, 1 s ÷ 2 s, 300 KB ÷ 200 KB, 600 MB ÷ 5,000 MB
    assert "| 100,000 | 2.00 | 0.50 | 1.50 | 0.12 |" in text
    # One size in this run: the growth of memory is taken from the committed 10,000.
    assert "from 10,000 (the committed bench/RESULTS.json) to 100,000 responses" in text


def test_memory_growth_is_per_response_between_the_two_sizes_and_names_the_fastest_stage():
    def stage(mb: float) -> dict:
        return {"peak_mb": mb, "tree_peak_mb": 0}
    small = {"size": 10000, "gen_cold": stage(500), "mkdocs_parallel": stage(400), "fidelity": stage(300),
             "build_cold": stage(600)}
    large = {"size": 100000, "gen_cold": stage(5000), "mkdocs_parallel": stage(4000 + 90000 / 1024),
             "fidelity": stage(3000), "build_cold": stage(6000)}
    per = growth.growth(small, large)
    assert per["gen_cold"] == pytest.approx(4500 * 1024 / 90000)
    assert per["mkdocs_parallel"] == pytest.approx(3600 * 1024 / 90000 + 1)
    line = " ".join(growth.growth_lines([small, large]))
    assert "fastest in the generator" in line


def test_topics_join_at_most_four_sets_and_keep_their_ids_at_10000_responses():
    by_subject = {0: [f"s{i}" for i in range(34)], 1: ["a", "b", "c", "d"], 2: ["x"]}
    topics = synth.topic_groups(by_subject)
    assert max(len(t.question_sets) for t in topics) == synth.TOPIC_SETS == 4
    assert sorted(s for t in topics for s in t.question_sets) == sorted(by_subject[0] + ["a", "b", "c", "d"])
    assert len({t.id for t in topics}) == len(topics)
    assert len({t.title for t in topics}) == len(topics)
    # A subject of at most four sets (every subject up to about 10,000 responses) keeps
    # the one topic it always had.
    first = [t for t in topics if t.question_sets == ["a", "b", "c", "d"]]
    assert [(t.id, t.title) for t in first] == [("home-to-school-transport-figures",
                                                 "Home to school transport: the figures")]


SEARCH_PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="search.js" defer></script></head><body>
<input type="search" aria-label="Search"><div data-foilog-search-results></div></body></html>"""
# Fetches one part of an index when a key is typed, shows a result link, and a second
# later fetches another file, which must not be counted: it came after the first result.
SEARCH_JS = """let asked = false;
document.querySelector('input').addEventListener('input', async () => {
    if (asked) { return; }
    asked = true;
    const found = await (await fetch('index/part-1.json')).json();
    const a = document.createElement('a');
    a.href = found.url; a.textContent = found.title;
    document.querySelector('[data-foilog-search-results]').append(a);
    setTimeout(() => fetch('index/later.json'), 1000);
});"""


def test_a_search_counts_what_was_fetched_until_its_first_result(tmp_path):
    """bench.reader on a site with foilog's search box: the bytes are those of the page, its
    script and the index part fetched before the first result, not of what came later."""
    from bench import reader

    (tmp_path / "index").mkdir()
    files = {"index.html": SEARCH_PAGE, "search.js": SEARCH_JS,
             "index/part-1.json": json.dumps({"url": "councils/lds/", "title": "Leeds City Council"}),
             "index/later.json": json.dumps({"padding": "x" * 5000})}
    for path, text in files.items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    out = reader.measure_search(tmp_path, {"council": "Leeds"}, repeat=2)
    assert out["ui"] == "foilog" and out["notes"] == []
    runs = out["queries"]["council"]["runs"]
    assert len(runs) == 2 and all("error" not in run for run in runs)
    # Sent gzip-compressed, as a static host sends text.
    expected = sum(len(gzip.compress(files[p].encode(), compresslevel=6, mtime=0))
                   for p in ("index.html", "search.js", "index/part-1.json"))
    assert [run["bytes"] for run in runs] == [expected, expected]
    assert runs[0]["first_result"] == "councils/lds/"
    assert runs[0]["seconds"] >= 0



def test_a_search_that_failed_leaves_the_sizes_and_their_ratios():
    r = {"size": 10000, "reader": {"sizes": site_sizes_stub(), "search": {"failed": "TargetClosedError: gone"}}}
    section = "\n".join(reader_report.reader_section(r))
    assert "Search **failed**: TargetClosedError: gone" in section and "| the whole site | 600 MB |" in section
    # 300 KB ÷ 200 KB, 600 MB ÷ 500 MB; no search figures.
    assert "| 10,000 | – | – | 1.50 | 1.20 |" in reader_report.reader_ratios([r])


def test_a_search_that_shows_nothing_gives_up_once_and_says_what_it_had_fetched(tmp_path):
    from bench import reader

    files = {"index.html": SEARCH_PAGE,
             "search.js": "document.querySelector('input').addEventListener('input', () => fetch('big.json'), "
                          "{once: true});",
             # Hex of a hash chain: text that gzip cannot make much smaller.
             "big.json": json.dumps([hashlib.sha256(str(i).encode()).hexdigest() for i in range(100)])}
    for path, text in files.items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    out = reader.measure_search(tmp_path, {"section": "section 12"}, repeat=3, timeout_s=2)
    runs = out["queries"]["section"]["runs"]
    assert len(runs) == 1  # not tried again
    assert runs[0]["error"] == "no result shown within 2 s"
    assert runs[0]["bytes_without_result"] == sum(len(gzip.compress(t.encode(), compresslevel=6, mtime=0))
                                                  for t in files.values())
    assert out["notes"] == ["section: no result shown within 2 s"]
    section = "\n".join(reader_report.reader_section({"size": 10, "reader": {"sizes": site_sizes_stub(),
                                                                              "search": out}}))
    assert "| section | `section 12` | no result | no result | no result, 4 KB fetched by then |" in section
