"""What a reader meets on a built site: its size (bench.sizes) and the cost of a search.

    python -m bench.reader SITE REPO [--repeat 3]

The search is measured in headless Chromium (Debian's, through Playwright), on the site
served from a thread of this process on 127.0.0.1. For each query, in a fresh browser
context each time (an empty cache): open the home page, wait for its `load` event, click
the search box, type the query (keys sent one after the other with no pause, so that the
typist's speed is not measured), and wait for the first result link to be shown. Measured:

- bytes: every response the page and its workers had finished when the first result was
  shown, from the home page's own HTML on (scripts, styles, fonts, images, index files):
  the body's size as sent (Playwright's `request.sizes()["responseBodySize"]`; this
  server gzip-compresses text as static hosts do, and sends Pagefind's files, compressed
  already, as they are), headers left out;
- seconds from the first key pressed to the first result shown (the page's own clock:
  `performance.now()` at the first `keydown`, and when a mutation first puts a visible
  result link in the page).

Queries: a council's name and three words of an answer, both from the log's content, and
a section ("section 12"). Prints one line of JSON (sizes and searches) on stdout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.localsite import HostLikeHandler, launch_chromium, serve
from bench.sizes import site_sizes

RESULT_TIMEOUT_S = 180


@dataclass(frozen=True)
class SearchUI:
    """Where a site's search box is, and what its results are."""

    name: str
    box: str
    results: str


# In the order tried: foilog's own search, then Material's (until foilog's replaces it).
SEARCH_UIS = (
    SearchUI("foilog", "input[type=search]", "[data-foilog-search-results] a"),
    SearchUI("Material", "input.md-search__input", ".md-search-result__item a"),
)


def queries_for(repo: Path) -> dict[str, str]:
    """A council's name and three words from one of its answers (the middle response file
    of the log), and a section of the Act."""
    from generator.load.register import load_register

    files = sorted((repo / "content" / "responses").rglob("*.yaml"))
    response = yaml.load(files[len(files) // 2].read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    council = load_register().councils[response["council"]]
    words = next(a["text"] for a in response["answers"] if len(a["text"].split()) > 6).split()
    phrase = " ".join(w.strip(".,;:").lower() for w in words[2:5])
    return {"council": council.nice_name, "answer": phrase, "section": "section 12"}


# The first key pressed, and the first time a visible result link is in the page after it.
WATCH_JS = """(results) => {
    window.__benchKey = null; window.__benchShown = null;
    const visible = () => [...document.querySelectorAll(results)].some(a => a.getClientRects().length > 0);
    const check = () => {
        if (window.__benchKey !== null && window.__benchShown === null && visible()) {
            window.__benchShown = performance.now();
        }
    };
    document.addEventListener('keydown', () => {
        if (window.__benchKey === null) { window.__benchKey = performance.now(); }
        check();
    }, true);
    new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
}"""


def _body_bytes(request) -> int:
    try:
        return request.sizes()["responseBodySize"]
    except Exception:  # a request whose sizes the browser no longer holds: its body instead
        response = request.response()
        return len(response.body()) if response else 0


def search_once(browser, base: str, query: str, timeout_s: float = RESULT_TIMEOUT_S) -> dict:
    """One search in a fresh context: bytes and seconds until the first result, or why none."""
    from playwright.sync_api import Error as PlaywrightError, TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    # Anything not on this server is blocked (nothing should be asked for).
    context.route(lambda url: not url.startswith(base) and not url.startswith("data:"), lambda r: r.abort())
    context.set_default_timeout(60_000)
    ui = None
    try:
        page = context.new_page()
        page.goto(base, wait_until="load")
        ui = next((u for u in SEARCH_UIS if page.locator(u.box).count()), None)
        if ui is None:
            return {"error": "no search box found on the home page"}
        page.evaluate(WATCH_JS, ui.results)
        page.locator(ui.box).first.click()
        page.keyboard.type(query)
        try:
            page.wait_for_function("window.__benchShown !== null", timeout=timeout_s * 1000)
        except PlaywrightTimeout:
            return {"ui": ui.name, "error": f"no result shown within {timeout_s:g} s",
                    "bytes_without_result": sum(_body_bytes(request) for request in list(finished))}
        seen = list(finished)
        key, shown = page.evaluate("[window.__benchKey, window.__benchShown]")
        by_type: dict[str, int] = {}
        for request in seen:
            by_type[request.resource_type] = by_type.get(request.resource_type, 0) + _body_bytes(request)
        biggest = max(seen, key=_body_bytes)
        return {"ui": ui.name, "bytes": sum(by_type.values()), "by_type": by_type, "requests": len(seen),
                "largest": {"url": biggest.url.removeprefix(base), "bytes": _body_bytes(biggest)},
                "seconds": (shown - key) / 1000,
                "first_result": (page.locator(ui.results).first.get_attribute("href") or "").removeprefix(base)}
    except PlaywrightError as err:  # a box that cannot be clicked, a page that crashed
        return {**({"ui": ui.name} if ui else {}), "error": str(err).strip().splitlines()[0]}
    finally:
        context.close()


def measure_search(site: Path, queries: dict[str, str], repeat: int, timeout_s: float = RESULT_TIMEOUT_S) -> dict:
    """Each query `repeat` times, each in a fresh context; the medians of each query and of all."""
    from playwright.sync_api import sync_playwright

    out: dict = {"queries": {}, "notes": []}
    with serve(site, HostLikeHandler) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for label, query in queries.items():
                runs = []
                for _ in range(repeat):
                    runs.append(search_once(browser, base, query, timeout_s))
                    if "error" in runs[-1]:
                        break  # a search that shows nothing is not waited for again
                out["queries"][label] = {"query": query, "runs": runs, **_medians(runs)}
        finally:
            browser.close()
    every = [run for q in out["queries"].values() for run in q["runs"]]
    out.update(_medians(every))
    uis = sorted({run["ui"] for run in every if "ui" in run})
    out["ui"] = ", ".join(uis)
    if "Material" in uis:
        out["notes"].append("no `input[type=search]` on the home page: Material's search box "
                            "(`input.md-search__input`, results `.md-search-result__item a`) measured instead")
    out["notes"] += sorted({f"{label}: {run['error']}" for label, q in out["queries"].items()
                            for run in q["runs"] if "error" in run})
    return out


def _medians(runs: list[dict]) -> dict:
    done = [run for run in runs if "error" not in run]
    if not done:
        return {"bytes": None, "seconds": None}
    return {"bytes": statistics.median(r["bytes"] for r in done),
            "seconds": statistics.median(r["seconds"] for r in done)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("repo", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="searches of each query, each with a cold cache")
    parser.add_argument("--no-search", action="store_true", help="sizes only")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.repo))
    out = {"sizes": site_sizes(args.site)}
    if not args.no_search:
        try:
            out["search"] = measure_search(args.site, queries_for(args.repo), args.repeat)
        except Exception as err:  # the browser gone: the sizes are still worth reporting
            out["search"] = {"failed": f"{type(err).__name__}: {(str(err).strip().splitlines() or [''])[0]}"}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
